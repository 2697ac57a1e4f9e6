import { describe, expect, it } from 'vitest';
import { WORKFLOW_TYPES } from '../../src/domain/index.ts';
import { CompositionError, composeWorkflow } from '../../src/workflows/compose.ts';
import { DEFAULT_DEFINITIONS } from '../../src/workflows/default-definitions.ts';
import { parseDefinitions, type WorkflowDefinition } from '../../src/workflows/definitions.ts';
import { SAMPLE_CONTEXT } from '../../src/workflows/sample-context.ts';

const strategic = DEFAULT_DEFINITIONS.find((d) => d.workflow_id === 'strategic-planning')!;

function compositionError(definition: WorkflowDefinition): CompositionError {
  try {
    composeWorkflow(definition, SAMPLE_CONTEXT);
  } catch (error) {
    expect(error).toBeInstanceOf(CompositionError);
    return error as CompositionError;
  }
  throw new Error('expected composition to fail');
}

describe('default definitions', () => {
  it('cover every workflow type of PRODUCT.md §3 and pass their own schema', () => {
    expect(DEFAULT_DEFINITIONS.map((d) => d.workflow_id)).toEqual([...WORKFLOW_TYPES]);
    expect(parseDefinitions(DEFAULT_DEFINITIONS)).toMatchObject({ ok: true });
  });

  it.each(WORKFLOW_TYPES)('%s composes for the sample customer', (type) => {
    const definition = DEFAULT_DEFINITIONS.find((d) => d.workflow_id === type)!;
    const composed = composeWorkflow(definition, SAMPLE_CONTEXT);
    expect(composed.steps.map((s) => s.slideId)).toEqual(definition.slide_sequence);
    expect(composed.steps.at(-1)!.slideId).toBe('summary');
  });

  it('makes emergency retention shorter than a standard renewal', () => {
    const length = (id: string) =>
      DEFAULT_DEFINITIONS.find((d) => d.workflow_id === id)!.slide_sequence.length;
    expect(length('emergency-retention')).toBeLessThan(length('standard-renewal'));
  });
});

describe('composeWorkflow', () => {
  it("composes strategic-planning as the seed's six steps", () => {
    const composed = composeWorkflow(strategic, SAMPLE_CONTEXT);
    expect(composed.workflowId).toBe('strategic-planning');
    expect(composed.steps.map((s) => [s.index, s.slideId])).toEqual([
      [0, 'intro'],
      [1, 'account-overview'],
      [2, 'pricing-strategy'],
      [3, 'prepare-quote'],
      [4, 'email-draft'],
      [5, 'summary'],
    ]);
    expect(composed.steps[0]!.chatText).toContain('Good morning, Justin!');
    expect(composed.steps[2]!.chatText).toContain('$199,800');
  });

  it('names the definition, slide and variable of a missing variable', () => {
    const broken: WorkflowDefinition = {
      ...strategic,
      slide_contexts: {
        ...strategic.slide_contexts,
        summary: { variables: { outcome: 'done for {{customerNickname}}' } },
      },
    };
    const error = compositionError(broken);
    expect(error.code).toBe('composition_failed');
    expect(error.userMessage).toMatch(
      /^definition "strategic-planning": slide "summary": variable "customerNickname": /,
    );
    expect(error.problem).toMatchObject({ slideId: 'summary', variable: 'customerNickname' });
  });

  it('names an unknown slide and a variable the slide needs but was not given', () => {
    const unknown = compositionError({ ...strategic, slide_sequence: ['intro', 'nope'] });
    expect(unknown.userMessage).toBe(
      'definition "strategic-planning": slide "nope": no such slide in the slide library',
    );
    const missing = compositionError({ ...strategic, slide_contexts: {} });
    expect(missing.userMessage).toMatch(/slide "intro": variable "purpose": is missing/);
  });
});
