/**
 * "Build the quote…" on the prepare-quote step: the builder opens right after the ack, and
 * again after the step moved on, until the email is sent (a rebuild). Its submission is
 * checked before the ack (a bad value is named in words on its input block; a quote far from
 * today's ARR asks to be submitted again); a build is reserved with its PDF in the outbox,
 * which the deliverer uploads into the thread once (src/workflows/executions-quote.ts says
 * how a retry is recognised); once uploaded, the first build completes the step and the next
 * one is posted.
 */
import {
  QUOTE_BLOCK,
  quoteModal,
  readQuoteForm,
  readQuoteMetadata,
} from '../../../blocks/quote-modal.ts';
import { parseThreadValue } from '../../../blocks/thread-ids.ts';
import { csmToday } from '../../engine/digest.ts';
import { countModalOpened, executionCustomerName } from '../../workflows/execution-reads.ts';
import { quoteDraft, quoteFromForm, reserveQuote } from '../../workflows/executions-quote.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';
import { type SubmitArgs, submission } from './submission.ts';

const STALE = 'This quote can no longer be built. Nothing was changed.';

export function buildQuoteClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const ref = parseThreadValue(click.value);
    const found = ref && (await quoteDraft(services.sql, { ...ref, csmId: click.csm.id }));
    if (!ref || !found?.ok) {
      await tell(args, found && !found.ok ? `${found.reason} Nothing was changed.` : STALE);
      return;
    }
    const view = quoteModal({ ...ref, ...found.draft });
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await countModalOpened(services.sql, ref.executionId);
  };
}

export function quoteSubmitted(services: SlackServices) {
  return async ({ ack, body }: SubmitArgs) => {
    const { user, view } = submission(body);
    const meta = readQuoteMetadata(view.private_metadata);
    const csm = await services.identity.csmOf(user.id);
    const read = readQuoteForm(view.state.values);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    if (!meta || !csm) {
      await ack(); // a modal that is not ours to answer
      return;
    }
    const now = services.clock.now();
    const customerName = await executionCustomerName(services.sql, meta.executionId);
    if (!customerName) {
      await ack();
      return;
    }
    const who = { ...meta, customerName, today: csmToday(csm, now) };
    const built = quoteFromForm(read.form, who, { name: csm.name, email: csm.email });
    if (!built.ok) {
      await ack({ response_action: 'errors', errors: built.errors });
      return;
    }
    const ref = { ...meta, csmId: csm.id, slackUserId: user.id, now, source: 'modal' as const };
    const reserved = await reserveQuote(services.sql, ref, built.quote, read.form);
    if (reserved.kind === 'confirm') {
      await ack({ response_action: 'errors', errors: reserved.errors });
      return;
    }
    if (reserved.kind === 'stale') {
      const errors = { [QUOTE_BLOCK.description(0)]: `${reserved.reason} Nothing was changed.` };
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    // the PDF is in the outbox: the deliverer uploads it into the thread, once
    if (reserved.kind === 'reserved') services.nudgeOutbox?.();
  };
}
