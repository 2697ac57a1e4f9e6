/**
 * The message door (PRODUCT.md §11): a CSM's message in the DM or a workflow thread, or a
 * suggestion, confirm or Undo button under an answer, goes to the conversation service
 * (src/workflows/conversation.ts), which acts and answers through the outbox; here what the
 * door adds: who wrote it (someone who is not a CSM gets the polite answer and no data), the
 * reads it renders itself (today, list), and what follows a change after its commit (wake-up
 * job, delivery, App Home). A failure is logged and answered in words, never a stack trace.
 */
import type { WebClient } from '@slack/web-api';
import { unescapeMrkdwn } from '../../blocks/format.ts';
import { listReply, notACsmReply, todayReply } from '../../blocks/index.ts';
import { plainReply } from '../../blocks/message-replies.ts';
import { csmToday, loadDigest, loadHomeState } from '../engine/digest.ts';
import {
  type AnswerTo,
  type Heard,
  hearMessage,
  sendAnswer,
  undoFromButton,
} from '../workflows/conversation.ts';
import { SORRY } from './app-error.ts';
import type { CsmRow, SlackServices } from './services.ts';
import { requestCompanyId } from './tenants.ts';
import { afterMenuAction } from './threads/step-follow.ts';

/** A message (or a button's words) from a Slack user, where they wrote it. */
export interface Written {
  userId: string;
  channel: string;
  threadTs: string | null;
  /** One answer per key: the message's ts, or the clicked message's ts and the button. */
  key: string;
  /** As Slack sends it: `&`, `<` and `>` as entities. */
  text: string;
}

/** Answer what `written` says. */
export function answerWritten(client: WebClient, services: SlackServices, written: Written) {
  return answering(client, services, written, async (csm, to) => {
    const said = { ...to, csm, text: unescapeMrkdwn(written.text) };
    const heard = await hearMessage(services.sql, said);
    if (heard.kind === 'read') {
      const today = csmToday(csm, to.now);
      const reply =
        heard.intent === 'today'
          ? todayReply(await loadDigest(services.sql, csm, today))
          : listReply(await loadHomeState(services.sql, csm, today));
      await sendAnswer(services.sql, to, reply);
    }
    return heard;
  });
}

/** The Undo button under an answer: undo the CSM's last change in that workflow. */
export function undoClickedFrom(
  client: WebClient,
  services: SlackServices,
  written: Omit<Written, 'text'>,
  executionId: number,
) {
  return answering(client, services, { ...written, text: '' }, (csm, to) =>
    undoFromButton(services.sql, { ...to, csm }, executionId),
  );
}

async function answering(
  client: WebClient,
  services: SlackServices,
  written: Written,
  hear: (csm: CsmRow, to: AnswerTo) => Promise<Heard>,
): Promise<void> {
  const now = services.clock.now();
  const { userId, channel, threadTs, key } = written;
  // a reply to someone not a CSM goes back through the workspace they wrote from
  const to = { companyId: requestCompanyId(), slackUserId: userId, channel, threadTs, key, now };
  const csm = await services.identity.csmOf(userId);
  if (!csm) {
    await sendAnswer(services.sql, to, notACsmReply());
    services.nudgeOutbox?.();
    return;
  }
  let heard: Heard;
  try {
    heard = await hear(csm, { ...to, companyId: csm.company_id });
  } catch (error) {
    services.logger.error({ err: error, channel, key }, 'slack: message not answered');
    await sendAnswer(services.sql, to, plainReply(SORRY));
    services.nudgeOutbox?.();
    return;
  }
  if (heard.kind === 'answered' && heard.change) {
    await afterMenuAction(client, services, csm, userId, heard.change);
  } else services.nudgeOutbox?.();
}
