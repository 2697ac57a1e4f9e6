/**
 * "Build the quote…" on the prepare-quote step: the builder opens right after the ack. Its
 * submission is checked before the ack (a bad value is named on its input block); after the
 * ack the PDF is rendered and uploaded into the thread once (src/workflows/executions-quote.ts
 * says how a retry is recognised), the step completes and the next one is posted.
 */
import { readPricingMetadata } from '../../../blocks/pricing-modal.ts';
import { blockForIssue, quoteModal, readQuoteForm } from '../../../blocks/quote-modal.ts';
import { parseThreadValue } from '../../../blocks/thread-ids.ts';
import { bumpMetrics } from '../../db/executions.ts';
import {
  quoteDraft,
  quoteFromForm,
  recordQuoteUpload,
  releaseQuote,
  reserveQuote,
} from '../../workflows/executions-quote.ts';
import { renderQuotePdf } from '../../workflows/quote-pdf.ts';
import { csmToday } from '../digest.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';
import { deliverNow } from './deliver.ts';
import {
  type ModalField,
  modalErrors,
  type SubmitArgs,
  submission,
  whisper,
} from './submission.ts';

const STALE = 'This quote can no longer be built: the step has moved on. Nothing was changed.';

export function buildQuoteClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const ref = parseThreadValue(click.value);
    const draft = ref && (await quoteDraft(services.sql, { ...ref, csmId: click.csm.id }));
    if (!ref || !draft) {
      await tell(args, STALE);
      return;
    }
    const view = quoteModal({ ...ref, ...draft });
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await bumpMetrics(services.sql, ref.executionId, { modals: 1 });
  };
}

/** What each input of the quote holds, by the field name at the end of an issue's path. */
const QUOTE_LABELS: Record<string, string> = {
  description: 'a description',
  quantity: 'a quantity',
  unitPrice: 'a unit price',
  lineItems: 'at least one line',
  termMonths: 'a term in months',
  paymentDays: 'payment terms',
  installments: 'a number of instalments',
  paymentSchedule: 'a number of instalments that splits the total',
  discount: 'a discount no larger than the subtotal',
  notes: 'notes',
};

/** The quote modal's one mapping: an issue of buildQuote to its input and what it holds. */
export function quoteField(path: readonly PropertyKey[]): ModalField {
  const name = [...path].reverse().find((part) => typeof part === 'string');
  return { block: blockForIssue(path), label: QUOTE_LABELS[name ?? ''] ?? 'this value' };
}

export function quoteSubmitted(services: SlackServices) {
  return async ({ ack, body, client }: SubmitArgs) => {
    const { user, view } = submission(body);
    const meta = readPricingMetadata(view.private_metadata);
    const csm = await services.identity.csmOf(user.id);
    const draft = meta && csm && (await quoteDraft(services.sql, { ...meta, csmId: csm.id }));
    const read = readQuoteForm(view.state.values);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    if (!meta || !csm || !draft) {
      await ack(); // a retry after the step moved on, or a stale modal: nothing more to do
      return;
    }
    const now = services.clock.now();
    const who = { ...meta, customerName: draft.customerName, today: csmToday(csm, now) };
    const built = quoteFromForm(read.form, who, { name: csm.name, email: csm.email });
    if (!built.ok) {
      await ack({ response_action: 'errors', errors: modalErrors(built.issues, quoteField) });
      return;
    }
    const ref = { ...meta, csmId: csm.id, slackUserId: user.id, now };
    const reserved = await reserveQuote(services.sql, ref, built.quote);
    await ack();
    if (reserved.kind === 'stale') await whisper(client, user.id, reserved.reason);
    if (reserved.kind !== 'reserved') return;
    const { quote } = built;
    let fileId: string | undefined;
    try {
      const uploaded = await client.filesUploadV2({
        channel_id: reserved.channel,
        thread_ts: reserved.threadTs,
        file: await renderQuotePdf(quote),
        filename: `${quote.quoteNumber}.pdf`,
        title: `Quote ${quote.quoteNumber} for ${quote.customer.name}`,
      });
      fileId = uploaded.files[0]?.files?.[0]?.id;
    } catch (error) {
      // nothing reached the thread for certain: the CSM may build again
      await releaseQuote(services.sql, ref);
      await whisper(client, user.id, 'The quote PDF could not be uploaded; please try again.');
      throw error;
    }
    if (!fileId) throw new Error('files.uploadV2 returned no file id');
    await recordQuoteUpload(services.sql, ref, fileId);
    await deliverNow(client, services);
  };
}
