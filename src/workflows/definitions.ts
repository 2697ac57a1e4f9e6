/**
 * Workflow definitions (PRODUCT.md §4): which slides a workflow shows, in what order, with
 * which per-slide variables and settings. Validated with zod when loaded from a file or the
 * database; an unknown slide id or a context for a slide not in the sequence is an error that
 * names the definition and the slide.
 */
import { z } from 'zod';
import { SLIDE_REGISTRY } from '../../slides/registry.ts';
import { describeIssueInWords, kindOf } from '../domain/issue-words.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const slideContextSchema = z.strictObject({
  variables: z.record(z.string(), scalar).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

const definitionShape = z.strictObject({
  workflow_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes, e.g. "my-renewal"'),
  name: z.string().min(1),
  description: z.string().optional(),
  slide_sequence: z.array(z.string().min(1)).min(1, 'at least one slide'),
  slide_contexts: z.record(z.string(), slideContextSchema).default({}),
});

/**
 * The checks across fields (every slide id known, every context for a slide in the
 * sequence), on whatever parts of `raw` have the right shape, so they are reported together
 * with the shape's own errors instead of after them are fixed.
 */
function crossCheckIssues(raw: unknown): string[] {
  const d = (raw ?? {}) as { slide_sequence?: unknown; slide_contexts?: unknown };
  const sequence = Array.isArray(d.slide_sequence)
    ? d.slide_sequence.filter((id): id is string => typeof id === 'string' && id !== '')
    : null;
  const problems: string[] = [];
  sequence?.forEach((id, index) => {
    if (!SLIDE_REGISTRY.has(id)) {
      problems.push(
        `slide "${id}": unknown slide at position ${index + 1} of slide_sequence; expected one of ${[...SLIDE_REGISTRY.keys()].join(', ')}`,
      );
    }
  });
  const contexts = d.slide_contexts;
  if (sequence && contexts && typeof contexts === 'object' && !Array.isArray(contexts)) {
    for (const id of Object.keys(contexts)) {
      if (!sequence.includes(id)) {
        problems.push(`slide "${id}": has a context but is not in slide_sequence`);
      }
    }
  }
  return problems;
}

export const definitionSchema = definitionShape.superRefine((d, ctx) => {
  for (const message of crossCheckIssues(d)) ctx.addIssue({ code: 'custom', message });
});

export type WorkflowDefinition = z.infer<typeof definitionSchema>;
export type SlideContextInput = z.infer<typeof slideContextSchema>;

export type ParsedDefinitions =
  | { ok: true; definitions: WorkflowDefinition[] }
  /** `definitions`: the ones without errors, so they can be checked further. */
  | { ok: false; errors: string[]; definitions: WorkflowDefinition[] };

function label(raw: unknown, index: number): string {
  const id = (raw as { workflow_id?: unknown } | null)?.workflow_id;
  return typeof id === 'string' && id !== '' ? `definition "${id}"` : `definition #${index + 1}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | null)?.[key];
  return value;
}

/**
 * One schema issue in words: where (the slide, then the field in backquotes), what was
 * wrong and what is expected, e.g. `` `name` is missing; expected text ``.
 */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String);
  const inSlide = path[0] === 'slide_contexts' && path[1] !== undefined;
  const where = inSlide ? `slide "${path[1]}": ` : '';
  const fieldPath = inSlide ? path.slice(2) : path;
  const field = `\`${fieldPath.join('.') || (inSlide ? 'context' : 'definition')}\``;
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case 'too_small':
      return `${where}${field} is empty; expected ${issue.origin === 'array' ? issue.message : 'text'}`;
    case 'invalid_union':
      return `${where}${field} is ${kindOf(value)}; expected text, a number or true/false`;
    case 'unrecognized_keys': {
      const known = Object.keys(inSlide ? slideContextSchema.shape : definitionShape.shape);
      const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
      return `${where}unknown field ${keys}${fieldPath.length ? ` in ${field}` : ''}; expected only ${known.join(', ')}`;
    }
    case 'custom':
      return issue.message;
    default:
      return `${where}${field} ${describeIssueInWords(issue, value)}`;
  }
}

/**
 * Validate one definition or an array of them (already parsed from JSON or YAML). Errors read
 * `definition "x": slide "y": …`; duplicate workflow ids in one file are errors too.
 */
export function parseDefinitions(raw: unknown): ParsedDefinitions {
  const items = Array.isArray(raw) ? raw : [raw];
  const errors: string[] = [];
  const definitions: WorkflowDefinition[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const parsed = definitionShape.safeParse(item);
    const problems = [
      ...(parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, item))),
      ...crossCheckIssues(item),
    ];
    if (problems.length > 0 || !parsed.success) {
      for (const problem of problems) errors.push(`${label(item, index)}: ${problem}`);
      return;
    }
    if (seen.has(parsed.data.workflow_id)) {
      errors.push(`${label(item, index)}: appears more than once`);
    }
    seen.add(parsed.data.workflow_id);
    definitions.push(parsed.data);
  });
  if (items.length === 0) errors.push('no definitions found');
  return errors.length > 0 ? { ok: false, errors, definitions } : { ok: true, definitions };
}
