/**
 * Workflow composition (PRODUCT.md §4, seed Layer 7): each slide id of a definition is looked
 * up in the slide library, built with the standard variables plus the definition's
 * slide_contexts, and its templates hydrated strictly. Pure: the context is loaded before.
 * Mark Complete ends a workflow, so a summary on any slide but the last is refused.
 * Any failure is one RenubuError (`composition_failed`) naming the definition, slide and
 * variable; nothing half-composed is returned.
 */
import type { StandardContext } from '../../slides/context.ts';
import {
  type Artifact,
  buildSlide,
  findSlide,
  type Gate,
  SlideVariableError,
} from '../../slides/registry.ts';
import { RenubuError } from '../errors.ts';
import type { WorkflowDefinition } from './definitions.ts';

export interface ComposedStep {
  index: number;
  slideId: string;
  title: string;
  chatText: string;
  artifacts: Artifact[];
  gate: Gate;
}

export interface ComposedWorkflow {
  workflowId: string;
  name: string;
  steps: ComposedStep[];
}

/** Where composition failed, for callers that list problems (the definitions command). */
export interface CompositionProblem {
  workflowId: string;
  slideId: string;
  variable: string | null;
  detail: string;
}

export class CompositionError extends RenubuError {
  constructor(readonly problem: CompositionProblem) {
    const where = `definition "${problem.workflowId}": slide "${problem.slideId}"`;
    const variable = problem.variable === null ? '' : `: variable "${problem.variable}"`;
    super('composition_failed', `${where}${variable}: ${problem.detail}`);
  }
}

/** The summary artifact carries Mark Complete, which ends the workflow. */
const endsWorkflow = (a: Artifact) => a.kind === 'summary';
const END_ONLY_LAST =
  'its summary (Mark Complete) may only be on the last slide, or the workflow would end ' +
  'with steps left; put "summary" last in slide_sequence';

/** Compose `definition` for one customer's `context`; throws CompositionError. */
export function composeWorkflow(
  definition: WorkflowDefinition,
  context: StandardContext,
): ComposedWorkflow {
  const steps = definition.slide_sequence.map((slideId, index): ComposedStep => {
    const slide = findSlide(slideId);
    const fail = (variable: string | null, detail: string) =>
      new CompositionError({ workflowId: definition.workflow_id, slideId, variable, detail });
    if (!slide) throw fail(null, 'no such slide in the slide library');
    try {
      const built = buildSlide(slide, context, definition.slide_contexts[slideId] ?? {});
      if (index < definition.slide_sequence.length - 1 && built.artifacts.some(endsWorkflow)) {
        throw fail(null, END_ONLY_LAST);
      }
      return { index, ...built };
    } catch (error) {
      if (error instanceof SlideVariableError) throw fail(error.variable, error.detail);
      throw fail(null, (error as Error).message);
    }
  });
  return { workflowId: definition.workflow_id, name: definition.name, steps };
}
