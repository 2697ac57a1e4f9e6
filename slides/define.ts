/**
 * A slide: an id, a zod schema for its context, a chat template and a pure artifact builder
 * (novu's `workflow(id, execute, { payloadSchema })` picture). `buildSlide` validates the
 * context, hydrates every template strictly and describes the artifacts as plain data that
 * blocks/ later renders to Block Kit. Nothing here touches the database, Slack or the clock.
 */
import type { z } from 'zod';
import { describeIssueInWords } from '../src/domain/issue-words.ts';
import type { PricingScenario, ScenarioName } from '../src/domain/pricing.ts';
import { standardContextShape } from './context.ts';
import { hydrate, SlideVariableError } from './templates.ts';

export type Artifact =
  | { kind: 'facts'; title: string; items: { label: string; value: string }[] }
  | { kind: 'list'; title: string; items: string[] }
  | { kind: 'timeline'; title: string; points: { asOf: string; value: number }[] }
  | {
      kind: 'checklist';
      title: string;
      /** `followUpInDays`: a ticked item becomes a follow-up task at Mark Complete. */
      items: { id: string; label: string; followUpInDays?: number }[];
      required: boolean;
    }
  | { kind: 'pricing'; scenarios: PricingScenario[]; recommended: ScenarioName }
  | {
      kind: 'quote-builder';
      lineItems: { description: string; amount: number }[];
      termMonths: number;
      paymentTerms: string;
    }
  | { kind: 'email-draft'; to: { name: string; email?: string }; subject: string; body: string }
  | { kind: 'summary'; nextSteps: string[]; followUps: { title: string; inDays: number }[] };

/** What must happen before the CSM goes on from this slide. */
export type Gate = { kind: 'checklist-complete' | 'pricing-decided' | 'none' };

// biome-ignore lint/suspicious/noExplicitAny: any zod object schema; its output is inferred
type ObjectSchema = z.ZodObject<any>;

export interface SlideSpec<S extends ObjectSchema, T extends string> {
  id: string;
  title: string;
  contextSchema: S;
  /** Handlebars template of the thread reply. */
  chat: string;
  /** Further templates (an email's subject and body), hydrated and handed to `artifacts`. */
  templates?: Record<T, string>;
  /** Values computed from the validated context (a price), added before hydration. */
  derive?(context: z.infer<S>): Record<string, unknown>;
  artifacts(context: z.infer<S>, text: Record<T, string>): Artifact[];
  gate?: Gate;
}

export interface Slide {
  id: string;
  title: string;
  contextSchema: ObjectSchema;
  chat: string;
  templates: Record<string, string>;
  gate: Gate;
  /** Variables a definition may (or must) give: the schema's keys beyond the standard ones. */
  variables: string[];
  /** Whether the slide takes `settings` (a `settings` key in its schema). */
  hasSettings: boolean;
  derive(context: unknown): Record<string, unknown>;
  artifacts(context: unknown, text: Record<string, string>): Artifact[];
}

export interface BuiltSlide {
  slideId: string;
  title: string;
  chatText: string;
  artifacts: Artifact[];
  gate: Gate;
}

export function defineSlide<S extends ObjectSchema, T extends string = never>(
  spec: SlideSpec<S, T>,
): Slide {
  const keys = Object.keys(spec.contextSchema.shape);
  return {
    id: spec.id,
    title: spec.title,
    contextSchema: spec.contextSchema,
    chat: spec.chat,
    templates: (spec.templates ?? {}) as Record<string, string>,
    gate: spec.gate ?? { kind: 'none' },
    variables: keys.filter((k) => k !== 'settings' && !(k in standardContextShape)),
    hasSettings: keys.includes('settings'),
    derive: (context) => spec.derive?.(context as z.infer<S>) ?? {},
    artifacts: (context, text) => spec.artifacts(context as z.infer<S>, text as Record<T, string>),
  };
}

/**
 * Build one slide: `context` is the standard variables plus the definition's `variables`
 * (string values are templates too) and `settings`. Throws SlideVariableError naming the
 * variable when one is missing, unknown to the slide, or of the wrong shape.
 */
export function buildSlide(
  slide: Slide,
  standard: Record<string, unknown>,
  given: { variables?: Record<string, unknown>; settings?: Record<string, unknown> } = {},
): BuiltSlide {
  const merged: Record<string, unknown> = { ...standard };
  for (const [name, value] of Object.entries(given.variables ?? {})) {
    if (!slide.variables.includes(name)) {
      throw new SlideVariableError(
        name,
        `is not a variable of this slide (it takes ${slide.variables.join(', ') || 'none'})`,
      );
    }
    merged[name] = typeof value === 'string' ? hydrateVariable(name, value, standard) : value;
  }
  if (slide.hasSettings) merged.settings = given.settings ?? {};
  else if (given.settings && Object.keys(given.settings).length > 0) {
    throw new SlideVariableError('settings', 'this slide takes no settings');
  }
  const parsed = slide.contextSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [head, ...rest] = issue.path.map(String);
    const name = head === 'settings' && rest[0] ? `settings.${rest[0]}` : (head ?? '(context)');
    throw new SlideVariableError(
      name,
      merged[head ?? ''] === undefined
        ? 'is missing from the context'
        : describeIssueInWords(issue, valueAt(merged, issue.path)),
    );
  }
  const valid = parsed.data as Record<string, unknown>;
  const context = { ...valid, ...slide.derive(valid) };
  const optional = new Set(Object.keys(slide.contextSchema.shape));
  const text: Record<string, string> = {};
  for (const [name, template] of Object.entries(slide.templates)) {
    text[name] = hydrate(template, context, optional);
  }
  return {
    slideId: slide.id,
    title: slide.title,
    chatText: hydrate(slide.chat, context, optional),
    artifacts: slide.artifacts(context, text),
    gate: slide.gate,
  };
}

function hydrateVariable(name: string, value: string, context: Record<string, unknown>): string {
  try {
    return hydrate(value, context);
  } catch (error) {
    if (!(error instanceof SlideVariableError)) throw error;
    throw new SlideVariableError(error.variable, `${error.detail} (used in variable "${name}")`);
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<PropertyKey, unknown> | null)?.[key];
  return at;
}
