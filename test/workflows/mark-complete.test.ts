/**
 * Issue 13 item 3: Mark Complete belongs to the last step of every workflow, so no workflow
 * can end with a step left (the risk workflows once offered it on "Save plan", step 3 of 4).
 */
import { describe, expect, it } from 'vitest';
import { WORKFLOW_TYPES } from '../../src/domain/index.ts';
import { CompositionError, composeWorkflow } from '../../src/workflows/compose.ts';
import { DEFAULT_DEFINITIONS } from '../../src/workflows/default-definitions.ts';
import { SAMPLE_CONTEXT } from '../../src/workflows/sample-context.ts';
import { renderStep } from '../../src/workflows/thread-messages.ts';

const MARK_COMPLETE = '"summary.complete"';

describe('Mark Complete', () => {
  it.each(WORKFLOW_TYPES)('%s: only on the last step, and every other step goes on', (type) => {
    const definition = DEFAULT_DEFINITIONS.find((d) => d.workflow_id === type)!;
    const composed = composeWorkflow(definition, SAMPLE_CONTEXT);
    const ctx = { steps: composed.steps, checked: {} };
    const last = composed.steps.length - 1;
    composed.steps.forEach((step, i) => {
      const json = JSON.stringify(renderStep(ctx, 7, i)!.blocks);
      expect(json.includes(MARK_COMPLETE), `step ${i + 1} ${step.title}`).toBe(i === last);
      if (i < last) {
        expect(step.artifacts.map((a) => a.kind)).not.toContain('summary');
        const goesOn = json.includes('.next"') || json.includes('pricing-strategy.accept');
        expect(goesOn, `step ${i + 1} ${step.title} has a way on`).toBe(true);
      }
    });
  });

  it('a definition with the summary before its last slide is refused, naming where', () => {
    const risk = DEFAULT_DEFINITIONS.find((d) => d.workflow_id === 'risk-in-band')!;
    const broken = { ...risk, slide_sequence: ['intro', 'summary', 'risk-assessment'] };
    expect(() => composeWorkflow(broken, SAMPLE_CONTEXT)).toThrow(CompositionError);
    expect(() => composeWorkflow(broken, SAMPLE_CONTEXT)).toThrow(
      /definition "risk-in-band": slide "summary": .*only be on the last slide/,
    );
  });
});
