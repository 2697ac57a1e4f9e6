/**
 * The fake Slack's OAuth side and its many workspaces (PRODUCT.md §13): `oauth.v2.access`
 * trades an authorization code for a team's bot token (with a refresh token and `expires_in`
 * when the team has token rotation on) and a refresh token for a new pair; each team has its
 * own tokens and users, and a call made with team A's token sees team A's users only.
 *
 * The consent screen is not served: `authorize(team)` is the installer clicking Allow on it,
 * and gives the code Slack would send to the app's redirect URL.
 */
import type { Json } from './block-checks.ts';
import { fail } from './fake-slack-chat.ts';
import type { SlackUser, SlackWorld } from './fake-slack-world.ts';

export interface FakeTeam {
  teamId: string;
  name: string;
  /** The Grid organization the workspace belongs to. */
  enterpriseId?: string;
  /** Token rotation on: tokens expire this many seconds after they are issued. */
  rotationSeconds?: number;
  users?: SlackUser[];
}

interface Grant {
  teamId: string;
  userId: string;
  /** An org-wide install of the team's organization. */
  orgWide: boolean;
}

interface Token {
  teamId: string;
  /** Fake clock ms; null: never expires. */
  expiresAt: number | null;
}

export const FAKE_CLIENT_ID = '1000.2000';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

/** The bot scopes an install grants: manifest.yml's (the app asks for them). */
const GRANTED = 'chat:write,commands,files:write,im:history,im:write,users:read,users:read.email';

export class FakeOAuth {
  readonly teams = new Map<string, FakeTeam>();
  readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, string>();
  private issued = 0;

  constructor(
    private readonly world: SlackWorld,
    private readonly now: () => number,
    readonly clientId = FAKE_CLIENT_ID,
    readonly clientSecret = FAKE_CLIENT_SECRET,
  ) {}

  /** A workspace with its own users (user ids must differ between teams, as Slack's do). */
  addTeam(team: FakeTeam): void {
    this.teams.set(team.teamId, team);
    for (const user of team.users ?? [])
      this.world.users.set(user.id, { ...user, teamId: team.teamId });
  }

  /** The installer clicks Allow: the code Slack sends to the redirect URL. */
  authorize(teamId: string, options: { userId?: string; orgWide?: boolean } = {}): string {
    if (!this.teams.has(teamId)) throw new Error(`fake Slack: no team ${teamId}`);
    this.issued += 1;
    const code = `code-${teamId}-${this.issued}`;
    this.codes.set(code, {
      teamId,
      userId: options.userId ?? `U0INSTALLER${teamId}`,
      orgWide: options.orgWide ?? false,
    });
    return code;
  }

  /** The team a bot token is of; 'expired' once its time is up; undefined: not a token. */
  teamOf(token: string): string | 'expired' | undefined {
    const found = this.tokens.get(token);
    if (!found) return undefined;
    if (found.expiresAt !== null && found.expiresAt <= this.now()) return 'expired';
    return found.teamId;
  }

  /** Revoke every token of a team (an uninstall, as the admin does it). */
  revoke(teamId: string): void {
    for (const [token, found] of this.tokens)
      if (found.teamId === teamId) this.tokens.delete(token);
  }

  private issue(teamId: string): Json {
    const team = this.teams.get(teamId);
    this.issued += 1;
    const token = `xoxb-${teamId}-${this.issued}`;
    const seconds = team?.rotationSeconds;
    this.tokens.set(token, {
      teamId,
      expiresAt: seconds === undefined ? null : this.now() + seconds * 1000,
    });
    if (seconds === undefined) return { access_token: token };
    const refresh = `xoxe-1-${teamId}-${this.issued}`;
    this.refreshTokens.set(refresh, teamId);
    return { access_token: token, refresh_token: refresh, expires_in: seconds };
  }

  /** oauth.v2.access: a code (install) or a refresh token (rotation) for a bot token. */
  access(args: Json): Json {
    if (args.client_id !== this.clientId) return fail('invalid_client_id');
    if (args.client_secret !== this.clientSecret) return fail('bad_client_secret');
    if (args.grant_type === 'refresh_token') {
      const teamId = this.refreshTokens.get(String(args.refresh_token ?? ''));
      if (!teamId) return fail('invalid_refresh_token');
      // a refresh token is good once
      this.refreshTokens.delete(String(args.refresh_token));
      return { ok: true, token_type: 'bot', ...this.issue(teamId) };
    }
    const grant = this.codes.get(String(args.code ?? ''));
    if (!grant) return fail('invalid_code');
    this.codes.delete(String(args.code));
    const team = this.teams.get(grant.teamId);
    if (!team) return fail('invalid_code');
    const orgWide = grant.orgWide && team.enterpriseId !== undefined;
    const { botUserId, appId } = this.world.identity;
    return {
      ok: true,
      app_id: appId,
      authed_user: { id: grant.userId },
      scope: GRANTED,
      token_type: 'bot',
      ...this.issue(grant.teamId),
      bot_user_id: botUserId,
      team: orgWide ? null : { id: team.teamId, name: team.name },
      enterprise: team.enterpriseId ? { id: team.enterpriseId, name: team.enterpriseId } : null,
      is_enterprise_install: orgWide,
    };
  }
}
