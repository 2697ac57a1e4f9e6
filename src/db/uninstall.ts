/**
 * A workspace uninstalled Renubu, or revoked its bot token (issue 18 item 4, PRODUCT.md §13):
 * its installation rows go at once (the tokens with them), the company whose last
 * installation went is marked uninstalled (`companies.uninstalled_at`, by the caller's clock),
 * and nothing more is sent to it: its unsent Slack rows become `dropped`, now and whenever a
 * deliverer finds one later (a job that enqueued after the uninstall). Its data stays until
 * the retention period has passed (src/db/tenant-purge.ts).
 *
 * In one-token mode (SLACK_BOT_TOKEN) the token serves every company: its uninstall marks the
 * company the workspace maps to (an installation row of its team), else every company without
 * an installation (usually the only one). With OAuth only the workspace's own rows count, so
 * Slack retrying the event after its rows went marks nobody else.
 */
import type { Sql, TransactionSql } from './connection.ts';

/** Who uninstalled: a workspace, or an Enterprise Grid organization installed org-wide. */
export interface UninstalledWorkspace {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** One-token mode: the uninstall is the token's, whatever rows there are. */
  oneToken?: boolean;
}

export interface UninstallReport {
  /** Installation rows deleted. */
  installations: number;
  /** Companies now marked uninstalled (their last installation went). */
  companies: number[];
  /** Unsent Slack rows of those companies dropped. */
  dropped: number;
}

/** Why a row was dropped, as `outbox.last_error` says it. */
export const UNINSTALLED = 'workspace uninstalled Renubu';

async function deleteInstallations(tx: TransactionSql, who: UninstalledWorkspace) {
  if (who.isEnterpriseInstall && who.enterpriseId) {
    return tx<{ company_id: number }[]>`
      delete from slack_installations
       where is_enterprise_install and enterprise_id = ${who.enterpriseId}
      returning company_id`;
  }
  if (!who.teamId) return [];
  return tx<{ company_id: number }[]>`
    delete from slack_installations where not is_enterprise_install and team_id = ${who.teamId}
    returning company_id`;
}

/** Delete the workspace's installations, mark its company uninstalled, drop its sends. */
export async function uninstallWorkspace(
  sql: Sql,
  who: UninstalledWorkspace,
  now: Date,
): Promise<UninstallReport> {
  return sql.begin(async (tx) => {
    const deleted = await deleteInstallations(tx, who);
    let candidates = [...new Set(deleted.map((row) => Number(row.company_id)))];
    if (deleted.length === 0 && who.oneToken) {
      // the token of every company went
      candidates = (await tx<{ id: number }[]>`select id from companies`).map((row) =>
        Number(row.id),
      );
    }
    const marked = await tx<{ id: number }[]>`
      update companies c set uninstalled_at = ${now}
       where c.id = any(${candidates}::bigint[]) and c.uninstalled_at is null
         and not exists (select 1 from slack_installations i where i.company_id = c.id)
      returning id`;
    const companies = marked.map((row) => Number(row.id)).sort((a, b) => a - b);
    const dropped = await dropUninstalledSends(tx, now);
    return { installations: deleted.length, companies, dropped };
  });
}

/**
 * Unsent Slack rows of uninstalled companies become `dropped`: pending ones, and `sending`
 * ones whose lease ran out (a row a deliverer holds right now is settled by it: a refused
 * token drops it too). Returns how many.
 */
export async function dropUninstalledSends(sql: Sql | TransactionSql, now: Date): Promise<number> {
  const rows = await sql`
    update outbox o set status = 'dropped', last_error = ${UNINSTALLED}
      from companies c
     where c.id = o.company_id and c.uninstalled_at is not null and o.channel = 'slack'
       and (o.status = 'pending' or (o.status = 'sending' and o.available_at <= ${now}))
    returning o.id`;
  return rows.length;
}

/** Whether the company (of an outbox row) uninstalled Renubu. */
export async function isUninstalled(sql: Sql | TransactionSql, companyId: number | null) {
  if (companyId === null) return false;
  const [row] = await sql<{ uninstalled: boolean }[]>`
    select uninstalled_at is not null as uninstalled from companies where id = ${companyId}`;
  return row?.uninstalled ?? false;
}
