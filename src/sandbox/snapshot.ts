/**
 * What the sandbox page shows, as plain data: the server (src/sandbox/server.ts) builds a
 * snapshot from the sandbox's Slack workspace, the outbox and the sandbox clock; the page
 * (src/sandbox/ui/) turns it into HTML. Block Kit stays as the bot sent it (`blocks`,
 * `view`): the page renders it the way Slack would.
 *
 * The page talks back through three calls, each JSON in and out:
 * - `GET /sandbox/ui?user=U…&pane=dm|home|mail&thread=TS&email=ID&since=N` → `UiResponse`
 *   (with `since`, the answer waits up to 25 s for a version newer than N).
 * - `POST /sandbox/act` with a `SandboxAction` → `ActResult`.
 * - `POST /sandbox/time` with `{ "to": ISO-8601 instant }` → `TimeResult`.
 * Files open at `GET /sandbox/files/{fileId}`; an email's HTML at
 * `GET /sandbox/emails/{id}/html`.
 */

export type Pane = 'dm' | 'home' | 'mail';

export interface SnapshotUser {
  /** Slack user id, `U…`. */
  id: string;
  name: string;
  email: string;
  /** IANA zone. */
  tz: string;
}

export interface SnapshotFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  /** `/sandbox/files/{id}`. */
  url: string;
  size: number;
}

export interface SnapshotMessage {
  channel: string;
  ts: string;
  /** The notification text (shown when there are no blocks). */
  text: string;
  blocks: unknown[] | undefined;
  files: SnapshotFile[];
  /** Set on replies: the parent's ts. */
  threadTs: string | undefined;
  /** Parents only: how many replies the thread has. */
  replyCount: number;
  edited: boolean;
  /** Who wrote it: the bot, or the user (a DM they typed). */
  author: { id: string; name: string; isBot: boolean };
}

/** An ephemeral ("Only visible to you") message for the selected user. */
export interface SnapshotEphemeral {
  channel: string;
  /** In a thread when set. */
  threadTs: string | undefined;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
}

export interface SnapshotView {
  /** Slack's view id, `V…`: what `SandboxAction`s name. */
  id: string;
  /** The view object as the bot opened, pushed, updated or published it (type modal|home). */
  view: Record<string, unknown>;
  /** The bot's `response_action: 'errors'` for the last submission: block_id → message. */
  errors: Record<string, string>;
}

export interface SnapshotEmail {
  id: number;
  to: string[];
  cc: string[];
  subject: string;
  /** pending, sending, sent or failed (delivery is to .eml files or SMTP). */
  status: string;
  kind: string;
  createdAt: string;
  /** Plain-text body. */
  text: string;
  /** Whether `/sandbox/emails/{id}/html` has an HTML body. */
  hasHtml: boolean;
  attachments: Array<{ filename: string; contentType: string }>;
  /** An email to a CSM: the Outbox shows a Reply box (`POST /sandbox/emails/{id}/reply`). */
  replyable: boolean;
}

export interface WorkspaceSnapshot {
  /** The sandbox clock (ISO-8601): what the bot thinks "now" is. */
  now: string;
  /** The CSMs the workspace knows, in display order. */
  users: SnapshotUser[];
  /** The selected user (whose Slack the page shows). */
  user: SnapshotUser;
  pane: Pane;
  /** The bot's DM with the selected user. */
  dm: {
    channel: string;
    /** Top-level messages, oldest first. */
    messages: SnapshotMessage[];
    /** Replies by parent ts, oldest first. */
    replies: Record<string, SnapshotMessage[]>;
  };
  /** The parent ts of the thread open beside the DM, if any (and if it exists). */
  openThread: string | null;
  ephemerals: SnapshotEphemeral[];
  /** The selected user's modal stack, bottom first; the last one is on top. */
  modals: SnapshotView[];
  home: SnapshotView | null;
  /** Every email the bot wrote (newest first), for every user: the outbox. */
  emails: SnapshotEmail[];
  /** The email open in the mail pane, if any. */
  openEmail: number | null;
  /** What the last time move ran, one line each (shown near the time control). */
  jobLog: string[];
  /** Unread counts by user id (messages since that user's pane was last shown). */
  unread: Record<string, number>;
}

export interface UiResponse {
  /** Goes up whenever anything in the workspace, outbox or clock changed. */
  version: number;
  now: string;
  /** HTML per section of the page, named by src/sandbox/ui. */
  sections: Record<string, string>;
}

/** Raw input values of a modal or message, as the page read them from its form controls. */
export type RawValues = Record<string, Record<string, string | string[] | null>>;

/** Where an element was clicked. */
export type ActionContainer =
  | { type: 'message'; channel: string; ts: string; threadTs?: string; ephemeral?: boolean }
  | { type: 'view'; viewId: string };

export type SandboxAction =
  | {
      type: 'block_action';
      user: string;
      container: ActionContainer;
      actionId: string;
      blockId?: string;
      /** A button's value. */
      value?: string;
      /** static_select / radio_buttons / overflow: the chosen option's value. */
      selectedOption?: string;
      /** checkboxes / multi selects: every chosen option's value. */
      selectedOptions?: string[];
      selectedDate?: string;
      /** timepicker: `HH:mm`. */
      selectedTime?: string;
      /** The current input values of the container (modals: every input block). */
      values?: RawValues;
    }
  | { type: 'view_submission'; user: string; viewId: string; values: RawValues }
  | { type: 'view_closed'; user: string; viewId: string }
  /** `/renubu …` typed in the DM, or in a thread when `threadTs` is set. */
  | { type: 'command'; user: string; text: string; threadTs?: string }
  /** A message typed to Renubu: in the DM, or a reply in the thread `threadTs`. */
  | { type: 'message'; user: string; text: string; threadTs?: string }
  | { type: 'app_home_opened'; user: string };

export type ActResult =
  | { ok: true; status: number; errors?: Record<string, string> }
  | { ok: false; error: string };

export type TimeResult = { ok: true; now: string; ran: string[] } | { ok: false; error: string };
