/**
 * A person's act in the sandbox page, sent to the real bot as Slack sends it: a signed
 * block_actions, view_submission or view_closed payload, a slash command, a message (in the DM
 * or a reply in a thread, as a `message` event) or an app_home_opened event (src/sandbox/slack/slack-driver.ts signs and posts them). Input
 * values arrive raw from the page's form controls and become Slack's `state.values` here,
 * typed after the element the bot put in the view.
 */
import { z } from 'zod';
import { isObject, type Json } from './slack/block-checks.ts';
import type { FakeSlack } from './slack/fake-slack-api.ts';
import type { SlackDriver } from './slack/slack-driver.ts';
import { stateValue } from './slack/slack-payloads.ts';
import type { ActResult, RawValues, SandboxAction } from './snapshot.ts';

const rawValues = z.record(
  z.string(),
  z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
);

const user = z.string().min(1);

export const actionSchema: z.ZodType<SandboxAction> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('block_action'),
    user,
    container: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('message'),
        channel: z.string().min(1),
        ts: z.string().min(1),
        threadTs: z.string().optional(),
        ephemeral: z.boolean().optional(),
      }),
      z.object({ type: z.literal('view'), viewId: z.string().min(1) }),
    ]),
    actionId: z.string().min(1),
    blockId: z.string().optional(),
    value: z.string().optional(),
    selectedOption: z.string().optional(),
    selectedOptions: z.array(z.string()).optional(),
    selectedDate: z.string().optional(),
    selectedTime: z.string().optional(),
    values: rawValues.optional(),
  }),
  z.object({ type: z.literal('view_submission'), user, viewId: z.string(), values: rawValues }),
  z.object({ type: z.literal('view_closed'), user, viewId: z.string() }),
  z.object({
    type: z.literal('command'),
    user,
    text: z.string().max(4000),
    threadTs: z.string().optional(),
  }),
  z.object({
    type: z.literal('message'),
    user,
    text: z.string().trim().min(1, 'write something to send').max(4000),
    threadTs: z.string().optional(),
  }),
  z.object({ type: z.literal('app_home_opened'), user }),
]);

/** The element with `actionId` in the block `blockId` (any block when no id is given). */
function elementIn(view: Json, blockId: string, actionId: string): Json | undefined {
  for (const block of Array.isArray(view.blocks) ? view.blocks.filter(isObject) : []) {
    if (block.block_id !== blockId) continue;
    const elements = [block.element, block.accessory].concat(
      Array.isArray(block.elements) ? block.elements : [],
    );
    const found = elements.find((e) => isObject(e) && e.action_id === actionId);
    if (isObject(found)) return found;
  }
  return undefined;
}

/** Slack's empty state for an element nobody filled in. */
function emptyState(element: Json | undefined): Json {
  const type = typeof element?.type === 'string' ? element.type : 'plain_text_input';
  if (/select$|^radio_buttons$/.test(type) && !type.startsWith('multi_')) {
    return { type, selected_option: null };
  }
  if (type.startsWith('multi_') || type === 'checkboxes') return { type, selected_options: [] };
  if (type === 'datepicker') return { type, selected_date: null };
  if (type === 'timepicker') return { type, selected_time: null };
  return { type, value: null };
}

/** `view.state.values` from the page's raw values, typed after the view's elements. */
export function viewState(view: Json, raw: RawValues = {}): Record<string, Json> {
  const state: Record<string, Json> = {};
  for (const [blockId, inputs] of Object.entries(raw)) {
    const block: Json = {};
    for (const [actionId, input] of Object.entries(inputs)) {
      const element = elementIn(view, blockId, actionId);
      const empty = input === null || input === '' || (Array.isArray(input) && !input.length);
      const isMulti = element?.type === 'checkboxes' || String(element?.type).startsWith('multi_');
      block[actionId] =
        empty && !(isMulti && Array.isArray(input))
          ? emptyState(element)
          : stateValue(element, input ?? '');
    }
    state[blockId] = block;
  }
  return state;
}

export interface ActDeps {
  fake: FakeSlack;
  driver: SlackDriver;
  /** The bot's last `errors` answer per view id (the page shows them under the inputs). */
  viewErrors: Map<string, Record<string, string>>;
}

function findView(fake: FakeSlack, user: string, viewId: string): Json | undefined {
  const modal = fake.modalsOf(user).find((view) => view.id === viewId);
  const home = fake.homeOf(user);
  return modal ?? (home?.id === viewId ? home : undefined);
}

const answered = (status: number): ActResult =>
  status === 200 ? { ok: true, status } : { ok: false, error: `the bot answered HTTP ${status}` };

export async function act(deps: ActDeps, action: SandboxAction): Promise<ActResult> {
  const { fake, driver } = deps;
  if (!fake.world.users.has(action.user)) {
    return { ok: false, error: `no user ${action.user} in the sandbox workspace` };
  }
  switch (action.type) {
    case 'command': {
      const text = action.text.replace(/^\s*\/renubu\b\s*/, '').trim();
      const where = action.threadTs ? { threadTs: action.threadTs } : {};
      return answered((await driver.command(action.user, text, where)).status);
    }
    case 'message': {
      const where = action.threadTs ? { threadTs: action.threadTs } : {};
      return answered((await driver.message(action.user, action.text, where)).status);
    }
    case 'app_home_opened': {
      const event = {
        type: 'app_home_opened',
        user: action.user,
        channel: fake.world.dmOf(action.user),
        tab: 'home',
      };
      return answered((await driver.event(event)).status);
    }
    case 'view_closed': {
      const stack = fake.world.modals.get(action.user) ?? [];
      const index = stack.findIndex((view) => view.id === action.viewId);
      if (index < 0) return { ok: false, error: 'that modal is no longer open' };
      const [view] = stack.splice(index);
      deps.viewErrors.delete(action.viewId);
      if (!view?.notify_on_close) return { ok: true, status: 200 };
      const payload = {
        type: 'view_closed',
        team: { id: fake.identity.teamId, domain: fake.identity.teamDomain },
        user: { id: action.user, name: fake.world.users.get(action.user)?.name },
        api_app_id: fake.identity.appId,
        view,
        is_cleared: false,
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return answered((await driver.send(body, 'application/x-www-form-urlencoded')).status);
    }
    case 'view_submission': {
      const view = fake.modalsOf(action.user).at(-1);
      if (!view || view.id !== action.viewId) {
        return { ok: false, error: 'that modal is no longer the one on top' };
      }
      const submitted = { ...view, state: { values: viewState(view, action.values) } };
      // The driver types shorthand values itself; ours are typed already (Slack's objects).
      const result = await driver.viewSubmission(
        action.user,
        view,
        submitted.state.values as Record<string, Record<string, Json>>,
      );
      const ack = isObject(result.body) ? result.body : {};
      if (ack.response_action === 'errors' && isObject(ack.errors)) {
        const errors = Object.fromEntries(
          Object.entries(ack.errors).map(([block, message]) => [block, String(message)]),
        );
        deps.viewErrors.set(action.viewId, errors);
        return { ok: true, status: result.status, errors };
      }
      deps.viewErrors.delete(action.viewId);
      return answered(result.status);
    }
    case 'block_action': {
      const { container, ...input } = action;
      const ids = {
        actionId: input.actionId,
        ...(input.blockId ? { blockId: input.blockId } : {}),
        ...(input.value !== undefined ? { value: input.value } : {}),
        ...(input.selectedOption !== undefined ? { selectedOption: input.selectedOption } : {}),
        ...(input.selectedOptions !== undefined ? { selectedOptions: input.selectedOptions } : {}),
        ...(input.selectedDate !== undefined ? { selectedDate: input.selectedDate } : {}),
        ...(input.selectedTime !== undefined ? { selectedTime: input.selectedTime } : {}),
      };
      if (container.type === 'message') {
        const message = {
          ts: container.ts,
          channel: container.channel,
          ...(container.threadTs ? { thread_ts: container.threadTs } : {}),
        };
        return answered((await driver.blockAction(action.user, { ...ids, message })).status);
      }
      const view = findView(fake, action.user, container.viewId);
      if (!view) return { ok: false, error: 'that view is no longer open' };
      const withState = { ...view, state: { values: viewState(view, input.values) } };
      return answered((await driver.blockAction(action.user, { ...ids, view: withState })).status);
    }
  }
}
