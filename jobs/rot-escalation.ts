/**
 * `rot-escalation` (PRODUCT.md §5): a step woken past the rot limit that is still untouched
 * `snooze.managerAfterDays` later goes to the CSM's manager. Touched (any action since the
 * wake-up, or no longer in progress): nothing to do. A CSM with no manager is logged, not
 * retried. Steps: check untouched → escalate (service, one transaction) → deliver.
 */
import { z } from 'zod';
import { countActionsSince } from '../src/db/jobs.ts';
import { findExecution } from '../src/db/step-states.ts';
import { plural } from '../src/domain/index.ts';
import { applyStepAction, StepActionError } from '../src/workflows/step-actions.ts';
import type { JobSpec } from './agenda.ts';
import { deliver } from './deps.ts';

export const ROT_ESCALATION = 'rot-escalation';

export const rotEscalationSchema = z.object({
  key: z.string(),
  executionId: z.number().int().positive(),
  stepIndex: z.number().int().min(0),
  wokeAt: z.iso.datetime(),
});
export type RotEscalationData = z.infer<typeof rotEscalationSchema>;

export const rotEscalationJob: JobSpec<RotEscalationData> = {
  name: ROT_ESCALATION,
  schema: rotEscalationSchema,
  removeOnComplete: true,
  async run(deps, data) {
    const { sql, logger } = deps;
    const since = new Date(data.wokeAt);
    const touched = await countActionsSince(sql, data.executionId, data.stepIndex, since);
    const execution = await findExecution(sql, data.executionId);
    if (touched === 0 && execution && execution.status !== 'completed') {
      try {
        const days = Math.round((deps.clock.now().getTime() - since.getTime()) / 86_400_000);
        await applyStepAction(
          sql,
          {
            executionId: data.executionId,
            stepIndex: data.stepIndex,
            actorCsmId: null,
            now: deps.clock.now(),
            source: 'job',
          },
          {
            action: 'escalate',
            reason: `untouched for ${plural(days, 'day')} after its snooze ran out`,
          },
        );
      } catch (error) {
        if (!(error instanceof StepActionError)) throw error;
        logger.warn({ problem: error.problem, ...data }, `rot-escalation: ${error.userMessage}`);
      }
    }
    await deliver(deps);
  },
};
