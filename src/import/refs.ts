/**
 * What later files must not point at: CSMs and customers that this import rejected, or whose
 * file was not written. Kept in a session temp table (the import holds one connection), so a
 * million usage rows are checked against it with one join. A rejected row keeps why it was
 * rejected (`field`, `message`), so a row left out because of it can say so. A key that is
 * already stored is no reason to leave anything out (checks.ts looks there first).
 */
import type { Sql } from '../db/connection.ts';
import type { Entity } from './types.ts';

export async function createRefsTable(conn: Sql): Promise<void> {
  await conn`drop table if exists pg_temp.import_refs`;
  await conn`
    create temp table import_refs (
      entity text not null,
      key text not null,
      reason text not null check (reason in ('rejected', 'not_written')),
      file text not null,
      line integer not null,
      -- how a message names the file (or the part of a JSON file) that was not written
      label text not null,
      -- why a rejected row was rejected (null when its file was not written)
      field text,
      message text
    )`;
  await conn`create index on import_refs (entity, key)`;
}

export async function dropRefsTable(conn: Sql): Promise<void> {
  await conn`drop table if exists pg_temp.import_refs`;
}

/**
 * Record the staged file's rows that others may not reference: its rejected rows whose key no
 * good row of the file carries; and, when the file is not written, all of its rows.
 */
export async function recordRefs(
  tx: Sql,
  entity: Entity,
  place: { file: string; label: string },
  written: boolean,
): Promise<void> {
  const { file, label } = place;
  if (entity === 'customers' || entity === 'csms') {
    await tx`
      insert into import_refs (entity, key, reason, file, line, label, field, message)
      select ${entity}, s.external_id, case when b.line is null then 'not_written' else 'rejected' end,
             ${file}, s.line, ${label}, b.field, b.message
        from import_stage s
        left join import_bad b using (line)
       where s.external_id is not null
         and (not ${written} or (b.line is not null and not exists (
           select 1 from import_stage g
            where g.external_id = s.external_id
              and not exists (select 1 from import_bad x where x.line = g.line))))`;
  }
  if (entity === 'csms') {
    await tx`
      insert into import_refs (entity, key, reason, file, line, label, field, message)
      select 'csms.email', lower(s.email), case when b.line is null then 'not_written' else 'rejected' end,
             ${file}, s.line, ${label}, b.field, b.message
        from import_stage s
        left join import_bad b using (line)
       where s.email is not null
         and (not ${written} or (b.line is not null and not exists (
           select 1 from import_stage g
            where lower(g.email) = lower(s.email)
              and not exists (select 1 from import_bad x where x.line = g.line))))`;
  }
}
