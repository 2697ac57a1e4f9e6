/**
 * The fake's views.* methods: a modal stack per user (open needs a fresh trigger id, push at
 * most 3 deep), the Home tab per user, hashes that guard updates, and Slack's view objects.
 */
import { isObject, type Json } from './block-checks.ts';
import { fail, type Handler } from './fake-slack-chat.ts';
import type { SlackWorld } from './fake-slack-world.ts';
import { describeProblem, validateView } from './slack-limits.ts';

const MODAL_STACK_MAX = 3;

/** Slack's answer for a view it would reject, or undefined. */
function viewError(view: unknown, type: 'modal' | 'home'): Json | undefined {
  const problems = validateView(view);
  if (isObject(view) && view.type !== type && problems.length === 0) {
    problems.push({ pointer: '/view/type', message: `must be ${type}` });
  }
  if (problems.length === 0) return undefined;
  return fail('invalid_blocks', { errors: problems.map(describeProblem) });
}

/** A view object as Slack returns it, with a new hash. */
function storeView(world: SlackWorld, view: Json, place: Json): Json {
  const { teamId, appId, botId } = world.identity;
  return {
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...view,
    id: world.newId('V'),
    team_id: teamId,
    state: { values: {} },
    previous_view_id: null,
    ...place,
    hash: `${Math.floor(world.now() / 1000)}.${world.newId('h').toLowerCase()}`,
    app_id: appId,
    app_installed_team_id: teamId,
    bot_id: botId,
  };
}

/** The view with this id or external id (a modal or a Home tab) and how to replace it. */
function findView(world: SlackWorld, args: Json) {
  const matches = (view: Json) =>
    (args.view_id !== undefined && view.id === args.view_id) ||
    (args.external_id !== undefined && view.external_id === args.external_id);
  for (const stack of world.modals.values()) {
    const index = stack.findIndex(matches);
    const current = stack[index];
    if (current) return { current, home: false, replace: (view: Json) => (stack[index] = view) };
  }
  for (const [user, current] of world.homes) {
    if (matches(current)) {
      return { current, home: true, replace: (view: Json) => world.homes.set(user, view) };
    }
  }
  return undefined;
}

/** What a view_submission's ack does to the user's modal stack, as Slack applies it. */
export function settleSubmission(world: SlackWorld, user: string, ack: unknown): void {
  const stack = world.modals.get(user) ?? [];
  const action = isObject(ack) ? ack.response_action : undefined;
  const next = isObject(ack) && isObject(ack.view) ? ack.view : undefined;
  const top = stack.at(-1);
  if (action === 'errors') return;
  if (action === 'clear') stack.length = 0;
  else if (action === 'update' && next && top) {
    stack[stack.length - 1] = storeView(world, next, {
      id: top.id,
      root_view_id: top.root_view_id,
    });
  } else if (action === 'push' && next && top) {
    stack.push(
      storeView(world, next, { root_view_id: top.root_view_id, previous_view_id: top.id }),
    );
  } else stack.pop();
}

export const viewMethods: Record<string, Handler> = {
  'views.open'(world, args) {
    const trigger = world.exchangeTrigger(args.trigger_id);
    if ('error' in trigger) return fail(trigger.error);
    const problem = viewError(args.view, 'modal');
    if (problem) return problem;
    const view = storeView(world, args.view as Json, {});
    view.root_view_id = view.id;
    world.modals.set(trigger.user, [view]);
    return { ok: true, view };
  },

  'views.push'(world, args) {
    const trigger = world.exchangeTrigger(args.trigger_id);
    if ('error' in trigger) return fail(trigger.error);
    const problem = viewError(args.view, 'modal');
    if (problem) return problem;
    const stack = world.modals.get(trigger.user) ?? [];
    const top = stack.at(-1);
    if (!top) return fail('not_found');
    if (stack.length >= MODAL_STACK_MAX) return fail('push_limit_reached');
    const place = { root_view_id: top.root_view_id, previous_view_id: top.id };
    const view = storeView(world, args.view as Json, place);
    stack.push(view);
    return { ok: true, view };
  },

  'views.update'(world, args) {
    if (args.view_id === undefined && args.external_id === undefined) {
      return fail('invalid_arguments', { response_metadata: { messages: ['view_id required'] } });
    }
    const found = findView(world, args);
    if (!found) return fail('not_found');
    const { current } = found;
    if (args.hash !== undefined && args.hash !== current.hash) return fail('hash_conflict');
    const problem = viewError(args.view, found.home ? 'home' : 'modal');
    if (problem) return problem;
    const { id, root_view_id, previous_view_id } = current;
    const view = storeView(world, args.view as Json, { id, root_view_id, previous_view_id });
    found.replace(view);
    return { ok: true, view };
  },

  'views.publish'(world, args) {
    const user = String(args.user_id ?? '');
    if (!world.users.has(user)) return fail('user_not_found');
    const current = world.homes.get(user);
    if (args.hash !== undefined && current && args.hash !== current.hash) {
      return fail('hash_conflict');
    }
    const problem = viewError(args.view, 'home');
    if (problem) return problem;
    const view = storeView(world, args.view as Json, current ? { id: current.id } : {});
    world.homes.set(user, view);
    return { ok: true, view };
  },
};
