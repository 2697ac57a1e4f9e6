/**
 * `app.error`: every error a listener throws ends here. It is logged with what Slack sent
 * (ids only), and the person who acted gets a short message that says what to do: by the
 * interaction's response URL, or ephemerally where they clicked.
 */
import type { WebClient } from '@slack/web-api';
import { escapeMrkdwn } from '../../blocks/format.ts';
import { isRenubuError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export const SORRY =
  "Sorry, Renubu hit a problem and could not finish that. Try again in a minute; if it keeps happening, tell whoever runs Renubu (it's in their logs).";

interface BodyShape {
  response_url?: string;
  response_urls?: { response_url?: string }[];
  user_id?: string;
  user?: { id?: string };
  channel_id?: string;
  channel?: { id?: string };
  type?: string;
}

/** What Bolt's extended error handler is given (its type is not exported). */
export interface ErrorHandlerArgs {
  error: Error & { code?: string; original?: unknown };
  body: unknown;
  /** Bolt's context: the workspace's bot token once authorized. */
  context?: { botToken?: string | undefined };
}

export function userMessageOf(error: unknown): string {
  const original = (error as { original?: unknown }).original ?? error;
  return isRenubuError(original) ? original.userMessage : SORRY;
}

export function appErrorHandler(logger: Logger, client: WebClient) {
  return async ({ error, body, context }: ErrorHandlerArgs): Promise<void> => {
    const b = (body ?? {}) as BodyShape;
    const user = b.user_id ?? b.user?.id;
    const original = error.original ?? error;
    logger.error(
      { err: original, code: error.code, type: b.type, user },
      'slack: a listener failed',
    );
    const text = escapeMrkdwn(userMessageOf(error));
    const responseUrl = b.response_url ?? b.response_urls?.[0]?.response_url;
    try {
      if (responseUrl) {
        await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        });
      } else if (user) {
        const channel = b.channel_id ?? b.channel?.id ?? user;
        // the workspace's own token when Bolt found one (OAuth installs: one per workspace)
        const token = context?.botToken;
        await client.chat.postEphemeral({ channel, user, text, ...(token ? { token } : {}) });
      }
    } catch (notified) {
      logger.warn({ err: notified }, 'slack: could not tell the user about the failure');
    }
  };
}
