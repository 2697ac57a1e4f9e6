/**
 * "Modify…" on the pricing step: the adjust modal opens right after the ack (a trigger id
 * lives 3 s), after one look that the step is the CSM's current one. Its submission is
 * checked before the ack, whose answer names the input block on a bad value.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  pricingModal,
  readPriceChange,
  readPricingMetadata,
} from '../../../blocks/pricing-modal.ts';
import { PRICE_INPUT, parseThreadValue } from '../../../blocks/thread-ids.ts';
import { countModalOpened, openPricing } from '../../workflows/execution-reads.ts';
import { decidePrice } from '../../workflows/executions-steps.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';

const STALE = 'That price can no longer be changed: the step has moved on. Nothing was changed.';

export function modifyClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const ref = parseThreadValue(click.value);
    const found = ref && (await openPricing(services.sql, { ...ref, csmId: click.csm.id }));
    if (!ref || !found) {
      await tell(args, STALE);
      return;
    }
    const view = pricingModal({
      executionId: ref.executionId,
      stepIndex: ref.stepIndex,
      customerName: found.ctx.customerName,
      currentArr: found.ctx.currentArr,
      recommendedPct: found.recommendedPct,
    });
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await countModalOpened(services.sql, ref.executionId);
  };
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const submissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))),
    }),
  }),
});

const error = (message: string) => ({
  response_action: 'errors' as const,
  errors: { [PRICE_INPUT.blockId]: message },
});

export function priceSubmitted(services: SlackServices) {
  return async ({ ack, body }: SubmitArgs) => {
    const { user, view } = submissionSchema.parse(body);
    const meta = readPricingMetadata(view.private_metadata);
    const csm = await services.identity.csmOf(user.id);
    const found = meta && csm && (await openPricing(services.sql, { ...meta, csmId: csm.id }));
    if (!meta || !csm || !found) {
      await ack(error(STALE));
      return;
    }
    const raw = view.state.values[PRICE_INPUT.blockId]?.[PRICE_INPUT.actionId]?.value ?? undefined;
    const choice = readPriceChange(raw, found.ctx.currentArr);
    if (!choice.ok) {
      await ack(error(choice.message));
      return;
    }
    const now = services.clock.now();
    const ref = { ...meta, csmId: csm.id, slackUserId: user.id, now, source: 'modal' as const };
    const result = await decidePrice(services.sql, ref, { pct: choice.pct, newArr: choice.newArr });
    if (!result.ok) {
      await ack(error(result.reason));
      return;
    }
    await ack();
    services.nudgeOutbox?.();
  };
}
