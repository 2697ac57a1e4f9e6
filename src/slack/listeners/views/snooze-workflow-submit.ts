/**
 * The snooze-workflow modal's submission. Its answer must be the ack itself (validation
 * errors name the input block), so the checks and the one-statement change run before the
 * ack; both take milliseconds. Home is republished after the change.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  SNOOZE_WORKFLOW_BLOCKS as BLOCKS,
  readSnoozeWorkflow,
  readSnoozeWorkflowMetadata,
} from '../../../../blocks/index.ts';
import { csmToday } from '../../../engine/digest.ts';
import { publishHome, type SlackServices } from '../../services.ts';
import { snoozeUntil, snoozeWorkflow } from '../../snooze.ts';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const submissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.any()) }),
  }),
});

const errors = (field: 'quick' | 'date', message: string) => ({
  response_action: 'errors' as const,
  errors: { [BLOCKS[field].blockId]: message },
});

export function snoozeWorkflowSubmitted(services: SlackServices) {
  return async ({ ack, body, client }: SubmitArgs) => {
    const { user, view } = submissionSchema.parse(body);
    const metadata = readSnoozeWorkflowMetadata(view.private_metadata);
    const csm = await services.identity.csmOf(user.id);
    if (!metadata || !csm) {
      await ack(errors('quick', 'This snooze is not yours to make. Close the dialog.'));
      return;
    }
    const now = services.clock.now();
    const choice = readSnoozeWorkflow(view.state.values);
    const until = snoozeUntil(choice, now, csmToday(csm, now), csm.timezone);
    if (!until.ok) {
      await ack(errors(until.field, until.message));
      return;
    }
    const done = await snoozeWorkflow(services.sql, {
      instanceId: metadata.instanceId,
      csmId: csm.id,
      until: until.until,
      reason: choice.reason,
      now,
    });
    if (!done) {
      await ack(errors('quick', 'That workflow is no longer open. Close the dialog.'));
      return;
    }
    await ack();
    services.logger.info({ csmId: csm.id, instanceId: metadata.instanceId }, 'workflow snoozed');
    await publishHome(client, services, csm, user.id);
  };
}
