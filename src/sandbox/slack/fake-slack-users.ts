/** The fake's auth.test and users.* methods, answering from the configured directory. */
import type { Json } from './block-checks.ts';
import { fail, type Handler } from './fake-slack-chat.ts';
import { inTeam, type SlackUser, type SlackWorld } from './fake-slack-world.ts';

/** Seconds east of UTC of `tz` at `at`, as Slack's `tz_offset`. */
function offsetSeconds(tz: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name ?? '');
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

/** A user object shaped like users.info's. */
export function toApiUser(world: SlackWorld, user: SlackUser): Json {
  const tz = user.tz ?? 'UTC';
  const team = user.teamId ?? world.identity.teamId;
  return {
    id: user.id,
    team_id: team,
    name: user.name,
    deleted: false,
    real_name: user.name,
    tz,
    tz_label: tz,
    tz_offset: offsetSeconds(tz, world.now()),
    is_bot: false,
    is_app_user: false,
    profile: {
      email: user.email,
      real_name: user.name,
      display_name: user.name,
      team,
    },
  };
}

export const userMethods: Record<string, Handler> = {
  'auth.test'(world, _args, context) {
    const { botId, botUserId } = world.identity;
    const teamId = context.teamId ?? world.identity.teamId;
    const teamDomain = context.teamId ? context.teamId.toLowerCase() : world.identity.teamDomain;
    return {
      ok: true,
      url: `https://${teamDomain}.slack.com/`,
      team: teamDomain,
      user: 'renubu',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    };
  },

  'users.lookupByEmail'(world, args, context) {
    const email = String(args.email ?? '').toLowerCase();
    const user = [...world.users.values()].find(
      (u) => u.email.toLowerCase() === email && inTeam(world, u, context.teamId),
    );
    return user ? { ok: true, user: toApiUser(world, user) } : fail('users_not_found');
  },

  'users.info'(world, args, context) {
    const user = world.users.get(String(args.user ?? ''));
    return user && inTeam(world, user, context.teamId)
      ? { ok: true, user: toApiUser(world, user) }
      : fail('user_not_found');
  },
};
