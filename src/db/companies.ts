/** Companies and the CSM look-ups commands need. */
import type { Sql } from './connection.ts';

export interface CompanyRow {
  id: number;
  external_id: string;
  name: string;
  settings: unknown;
}

export async function listCompanies(sql: Sql): Promise<CompanyRow[]> {
  return sql<CompanyRow[]>`select id, external_id, name, settings from companies order by id`;
}

export interface CsmRef {
  id: number;
  company_id: number;
  external_id: string;
  name: string;
}

/** CSMs whose external id or email is `key` (in any company). */
export async function findCsms(sql: Sql, key: string): Promise<CsmRef[]> {
  return sql<CsmRef[]>`
    select id, company_id, external_id, name from csms
     where external_id = ${key} or lower(email) = lower(${key})
     order by company_id, id`;
}
