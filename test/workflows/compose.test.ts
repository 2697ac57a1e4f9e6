import { describe, expect, it } from 'vitest';
import { WORDING_BANDS } from '../../slides/wording.ts';
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

describe('words that match the data, in every composed workflow', () => {
  const { healthStrongMin: STRONG, usageFlatBelowPct: FLAT } = WORDING_BANDS;
  const texts = (healthScore: number, usageTrendPct: number, more = {}) =>
    DEFAULT_DEFINITIONS.flatMap((definition) =>
      composeWorkflow(definition, {
        ...SAMPLE_CONTEXT,
        healthScore,
        usageTrendPct,
        ...more,
      }).steps.map((step) => `${step.chatText}\n${JSON.stringify(step.artifacts)}`),
    );

  it.each([
    [75.2, 0],
    [75.2, -4],
    [STRONG + 10, -FLAT],
    [STRONG - 1, 0],
    [20, -30],
    [20, 30],
    [95, FLAT - 0.5],
  ])('health %d, usage %d%%: no sentence contradicts the numbers', (health, trend) => {
    for (const text of texts(health, trend)) {
      const said = text.split('\n')[0]!;
      if (health < STRONG || trend <= -FLAT) expect(said).not.toMatch(/strong relationship/);
      if (Math.abs(trend) >= FLAT) expect(said).not.toMatch(/flat/);
      if (trend > -FLAT) expect(said).not.toMatch(/decline|usage down/);
      if (trend < FLAT) expect(said).not.toMatch(/growth|usage up/);
      expect(said).not.toMatch(/health( score)?( of)? \d+\.\d/);
      expect(said).not.toMatch(/\bindicate\b/);
    }
  });

  it('puts every count of one with a singular noun', () => {
    const one = { daysToRenewal: 1, seats: 1, openTickets: 1, urgentOpenTickets: 1, termMonths: 1 };
    for (const text of texts(60, -10, one)) {
      expect(text).not.toMatch(
        /\b1 (days|seats|months|tickets|high-priority tickets|follow-ups|steps)\b/,
      );
    }
  });
});
