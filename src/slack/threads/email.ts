/**
 * "Open the composer…" on the email-draft step: the composer opens right after the ack. Its
 * submission is checked before the ack (a bad address or an empty subject is named on its
 * block); Save as draft completes the step there, Send now pushes the confirm view. Only the
 * confirm's Send writes the email (once: src/workflows/executions-email.ts).
 */
import { confirmEmailModal, emailModal, readEmailForm } from '../../../blocks/email-modal.ts';
import { readPricingMetadata } from '../../../blocks/pricing-modal.ts';
import { parseThreadValue } from '../../../blocks/thread-ids.ts';
import { countModalOpened } from '../../workflows/execution-reads.ts';
import {
  emailDraft,
  saveEmailDraft,
  sendEmail,
  stageEmail,
} from '../../workflows/executions-email.ts';
import { type ButtonArgs, readClick, tell } from '../listeners/actions/context.ts';
import type { SlackServices } from '../services.ts';
import { type SubmitArgs, submission, whisper } from './submission.ts';

const STALE = 'This email step has moved on; nothing was changed.';

export function composeClicked(services: SlackServices) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const click = await readClick(services, args);
    if (!click) return;
    const ref = parseThreadValue(click.value);
    const draft = ref && (await emailDraft(services.sql, { ...ref, csmId: click.csm.id }));
    if (!ref || !draft) {
      await tell(args, STALE);
      return;
    }
    const view = emailModal({ ...ref, ...draft });
    await args.client.views.open({ trigger_id: click.triggerId, view: view as never });
    await countModalOpened(services.sql, ref.executionId);
  };
}

/** Who submitted, which step, and its current draft; null for a stale or foreign modal. */
async function stepOf(services: SlackServices, body: unknown) {
  const { user, view } = submission(body);
  const meta = readPricingMetadata(view.private_metadata);
  const csm = await services.identity.csmOf(user.id);
  const draft = meta && csm && (await emailDraft(services.sql, { ...meta, csmId: csm.id }));
  if (!meta || !csm || !draft) return { view, found: null };
  const now = services.clock.now();
  const ref = { ...meta, csmId: csm.id, slackUserId: user.id, now, source: 'modal' as const };
  return { view, found: { ref, draft } };
}

export function emailSubmitted(services: SlackServices) {
  return async ({ ack, body }: SubmitArgs) => {
    const { view, found } = await stepOf(services, body);
    const read = readEmailForm(view.state.values);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    if (!found) {
      await ack({ response_action: 'errors', errors: { 'email-draft.subject': STALE } });
      return;
    }
    const pending = { ...read.form, toName: found.draft.toName };
    if (read.form.mode === 'draft') {
      const saved = await saveEmailDraft(services.sql, found.ref, pending);
      await ack(
        saved.ok
          ? undefined
          : { response_action: 'errors', errors: { 'email-draft.subject': saved.reason } },
      );
      if (saved.ok) services.nudgeOutbox?.();
      return;
    }
    const staged = await stageEmail(services.sql, found.ref, pending);
    if (!staged.ok) {
      await ack({ response_action: 'errors', errors: { 'email-draft.subject': staged.reason } });
      return;
    }
    const confirm = confirmEmailModal({ ...found.ref, ...pending });
    await ack({ response_action: 'push', view: confirm as never });
  };
}

export function emailConfirmed(services: SlackServices) {
  return async ({ ack, body, client }: SubmitArgs) => {
    await ack({ response_action: 'clear' });
    const { user } = submission(body);
    const { found } = await stepOf(services, body);
    // a retry after the send finds the step moved on: the outbox key sent it once already
    if (!found) return;
    const sent = await sendEmail(services.sql, found.ref);
    if (!sent.ok) {
      await whisper(client, user.id, sent.reason);
      return;
    }
    services.nudgeOutbox?.();
  };
}
