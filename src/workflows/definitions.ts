/**
 * Workflow definitions (PRODUCT.md §4): which slides a workflow shows, in what order, with
 * which per-slide variables and settings. Validated with zod when loaded from a file or the
 * database; an unknown slide id or a context for a slide not in the sequence is an error that
 * names the definition and the slide.
 */
import { z } from 'zod';
import { SLIDE_REGISTRY } from '../../slides/registry.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const slideContextSchema = z.strictObject({
  variables: z.record(z.string(), scalar).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export const definitionSchema = z
  .strictObject({
    workflow_id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes, e.g. "my-renewal"'),
    name: z.string().min(1),
    description: z.string().optional(),
    slide_sequence: z.array(z.string().min(1)).min(1, 'needs at least one slide'),
    slide_contexts: z.record(z.string(), slideContextSchema).default({}),
  })
  .superRefine((d, ctx) => {
    d.slide_sequence.forEach((id, index) => {
      if (!SLIDE_REGISTRY.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slide_sequence', index],
          message: `slide "${id}": unknown slide (known: ${[...SLIDE_REGISTRY.keys()].join(', ')})`,
        });
      }
    });
    for (const id of Object.keys(d.slide_contexts)) {
      if (!d.slide_sequence.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slide_contexts', id],
          message: `slide "${id}": has a context but is not in slide_sequence`,
        });
      }
    }
  });

export type WorkflowDefinition = z.infer<typeof definitionSchema>;
export type SlideContextInput = z.infer<typeof slideContextSchema>;

export type ParsedDefinitions =
  | { ok: true; definitions: WorkflowDefinition[] }
  | { ok: false; errors: string[] };

function label(raw: unknown, index: number): string {
  const id = (raw as { workflow_id?: unknown } | null)?.workflow_id;
  return typeof id === 'string' && id !== '' ? `definition "${id}"` : `definition #${index + 1}`;
}

/** `slide_contexts.pricing-strategy.variables.foo` etc.; custom messages already name the slide. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return issue.message;
  const path = issue.path.map(String);
  if (path[0] === 'slide_contexts' && path[1]) {
    const rest = path.slice(2).join('.');
    return `slide "${path[1]}": ${rest ? `${rest}: ` : ''}${issue.message}`;
  }
  return `${path.join('.') || '(definition)'}: ${issue.message}`;
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
    const parsed = definitionSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push(`${label(item, index)}: ${describeIssue(issue)}`);
      }
      return;
    }
    if (seen.has(parsed.data.workflow_id)) {
      errors.push(`${label(item, index)}: appears more than once`);
    }
    seen.add(parsed.data.workflow_id);
    definitions.push(parsed.data);
  });
  if (items.length === 0) errors.push('no definitions found');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, definitions };
}
