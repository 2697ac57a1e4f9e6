/**
 * `renubu import` end to end against a real PostgreSQL: a good folder, idempotence, bad rows
 * with exact `FILE:LINE: field: message` lines, --skip-invalid, and references to rows that
 * were rejected or not written.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../src/import/index.ts';
import { SENTIMENT_NEGATIVE } from '../src/import/values.ts';
import type { TestDatabase } from './helpers/db.ts';
import {
  badRowLines,
  lines,
  renubu,
  squash,
  useImportDatabase,
  writeFolder,
} from './import-helpers.ts';

const database = useImportDatabase();
let db: TestDatabase;
beforeAll(() => {
  db = database();
});
beforeEach(async () => {
  await db.sql`truncate companies cascade`;
});

const goodFolder = () =>
  writeFolder({
    'csms.csv': lines(
      'external_id,name,email,slack_user_id,timezone,manager,team',
      'm1,Mia Manager,mia@example.com,U001,Europe/Berlin,,leads',
      'c1,Carl CSM,carl@example.com,,,mia@example.com,north',
      'c2,Cleo CSM,cleo@example.com,,Asia/Tokyo,m1,south',
    ),
    'customers.csv': lines(
      'external_id,name,csm,arr,seats,account_plan,strategic,industry,region',
      'k1,Acme,c1,120000,50,invest,true,retail,EU',
      'k2,Beta,CLEO@example.com,80000.5,20,,no,,US',
      'k3,Gamma,m1,0,0,at_risk,1,saas,',
    ),
    'contracts.csv': lines(
      'external_id,customer,start_date,renewal_date,arr,status,auto_renew',
      'ct1,k1,2024-01-01,2025-01-01,120000,active,yes',
      'ct2,k2,2023-06-01,2024-06-01,80000.5,renewed,',
    ),
    'contacts.csv': lines(
      'external_id,customer,name,email,title,role,active',
      'p1,k1,Pat,pat@acme.example,VP Sales,executive,true',
      'p2,k1,Sam,,,champion,FALSE',
    ),
    'usage.csv': lines(
      'customer,date,active_users,events',
      'k1,2024-01-01,10,100',
      'k1,2024-01-02,12,',
      'k2,2024-01-01,3,30',
    ),
    'tickets.csv': lines(
      'external_id,customer,opened_at,priority,status,sentiment,subject',
      't1,k1,2024-02-01T10:00:00Z,high,open,negative,Login broken',
      't2,k2,2024-02-02,low,solved,0.5,Thanks',
    ),
    'notes.txt': 'not data',
  });

async function snapshot() {
  return {
    csms: await db.sql`select * from csms order by external_id`,
    customers: await db.sql`select * from customers order by external_id`,
    contracts: await db.sql`select * from contracts order by external_id`,
    contacts: await db.sql`select * from contacts order by external_id`,
    usage: await db.sql`select * from usage_daily order by customer_id, day`,
    tickets: await db.sql`select * from tickets order by external_id`,
  };
}

describe('renubu import of a good folder', () => {
  it('loads every file, resolves managers and email references, keeps extra columns', async () => {
    const dir = await goodFolder();
    const run = await renubu(['import', dir], db.url, {
      env: { RENUBU_TIMEZONE: 'America/New_York' },
    });
    expect(run.err).toBe(
      'warning: notes.txt: not one of csms.csv, customers.csv, contracts.csv, contacts.csv, usage.csv, tickets.csv; ignored.\n',
    );
    expect(run.status).toBe(0);
    expect(squash(run.out)).toContain('Import into company "default":');
    expect(squash(run.out)).toContain(
      'csms.csv 3 rows: 3 inserted, 0 updated, 0 unchanged, 0 rejected',
    );
    expect(squash(run.out)).toContain(
      'Total 15 rows: 15 inserted, 0 updated, 0 unchanged, 0 rejected',
    );

    const csms = await db.sql`
      select c.external_id, c.timezone, c.slack_user_id, m.external_id as manager, c.attributes
        from csms c left join csms m on m.id = c.manager_id order by c.external_id`;
    expect(csms).toEqual([
      {
        external_id: 'c1',
        timezone: 'America/New_York',
        slack_user_id: null,
        manager: 'm1',
        attributes: { team: 'north' },
      },
      {
        external_id: 'c2',
        timezone: 'Asia/Tokyo',
        slack_user_id: null,
        manager: 'm1',
        attributes: { team: 'south' },
      },
      {
        external_id: 'm1',
        timezone: 'Europe/Berlin',
        slack_user_id: 'U001',
        manager: null,
        attributes: { team: 'leads' },
      },
    ]);
    const customers = await db.sql`
      select k.external_id, m.external_id as csm, k.arr, k.seats, k.account_plan, k.strategic,
             k.industry, k.attributes, co.external_id as company
        from customers k join csms m on m.id = k.csm_id join companies co on co.id = k.company_id
       order by k.external_id`;
    expect(customers).toEqual([
      {
        external_id: 'k1',
        csm: 'c1',
        arr: 120000,
        seats: 50,
        account_plan: 'invest',
        strategic: true,
        industry: 'retail',
        attributes: { region: 'EU' },
        company: 'default',
      },
      {
        external_id: 'k2',
        csm: 'c2',
        arr: 80000.5,
        seats: 20,
        account_plan: null,
        strategic: false,
        industry: null,
        attributes: { region: 'US' },
        company: 'default',
      },
      {
        external_id: 'k3',
        csm: 'm1',
        arr: 0,
        seats: 0,
        account_plan: 'at_risk',
        strategic: true,
        industry: 'saas',
        attributes: {},
        company: 'default',
      },
    ]);
    const contracts = await db.sql`
      select external_id, to_char(start_date, 'YYYY-MM-DD') as start_date, status, auto_renew
        from contracts order by external_id`;
    expect(contracts).toEqual([
      { external_id: 'ct1', start_date: '2024-01-01', status: 'active', auto_renew: true },
      { external_id: 'ct2', start_date: '2023-06-01', status: 'renewed', auto_renew: false },
    ]);
    const contacts =
      await db.sql`select external_id, email, title, role, active from contacts order by 1`;
    expect(contacts).toEqual([
      {
        external_id: 'p1',
        email: 'pat@acme.example',
        title: 'VP Sales',
        role: 'executive',
        active: true,
      },
      { external_id: 'p2', email: null, title: null, role: 'champion', active: false },
    ]);
    const usage = await db.sql`
      select k.external_id, to_char(u.day, 'YYYY-MM-DD') as day, u.active_users, u.events, u.attributes
        from usage_daily u join customers k on k.id = u.customer_id order by 1, 2`;
    expect(usage).toEqual([
      { external_id: 'k1', day: '2024-01-01', active_users: 10, events: 100, attributes: null },
      { external_id: 'k1', day: '2024-01-02', active_users: 12, events: 0, attributes: null },
      { external_id: 'k2', day: '2024-01-01', active_users: 3, events: 30, attributes: null },
    ]);
    const tickets = await db.sql<{ external_id: string; opened_at: Date; sentiment: number }[]>`
      select external_id, opened_at, sentiment from tickets order by 1`;
    expect(tickets[0]!.opened_at.toISOString()).toBe('2024-02-01T10:00:00.000Z');
    expect(tickets[0]!.sentiment).toBeCloseTo(SENTIMENT_NEGATIVE, 5);
    expect(tickets[1]!.opened_at.toISOString()).toBe('2024-02-02T00:00:00.000Z');
  });

  it('changes nothing the second time, not even updated_at', async () => {
    const dir = await goodFolder();
    const options = { defaultTimezone: 'UTC' };
    await importPath(db.sql, dir, options);
    const before = await snapshot();
    const second = await importPath(db.sql, dir, options);
    expect(second.rejected).toBe(0);
    expect(second.entities.map((e) => [e.entity, e.inserted, e.updated, e.unchanged])).toEqual([
      ['csms', 0, 0, 3],
      ['customers', 0, 0, 3],
      ['contracts', 0, 0, 2],
      ['contacts', 0, 0, 2],
      ['usage', 0, 0, 3],
      ['tickets', 0, 0, 2],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('updates only the rows that changed, and keeps a Slack user id the file leaves out', async () => {
    const dir = await goodFolder();
    await importPath(db.sql, dir, { defaultTimezone: 'UTC' });
    await db.sql`update customers set updated_at = '2020-01-01' where true`;
    await db.sql`update csms set updated_at = '2020-01-01' where true`;
    const changed = await writeFolder({
      'csms.csv': lines(
        'external_id,name,email,timezone,manager,team',
        'm1,Mia Manager,mia@example.com,Europe/Berlin,,leads',
        'c1,Carl CSM,carl@example.com,UTC,c2,north',
      ),
      'customers.csv': lines(
        'external_id,name,csm,arr,seats,account_plan,strategic,industry,region',
        'k1,Acme,c1,150000,50,invest,true,retail,EU',
        'k2,Beta,CLEO@example.com,80000.5,20,,no,,US',
        'k4,Delta,c2,10,1,,false,,',
      ),
    });
    const report = await importPath(db.sql, changed, { defaultTimezone: 'UTC' });
    expect(report.entities.map((e) => [e.entity, e.inserted, e.updated, e.unchanged])).toEqual([
      ['csms', 0, 1, 1],
      ['customers', 1, 1, 1],
    ]);
    const moved = await db.sql`
      select external_id, updated_at > '2020-01-02' as moved from customers order by 1`;
    expect(moved).toEqual([
      { external_id: 'k1', moved: true },
      { external_id: 'k2', moved: false },
      { external_id: 'k3', moved: false },
      { external_id: 'k4', moved: true },
    ]);
    const [m1] = await db.sql`select slack_user_id from csms where external_id = 'm1'`;
    expect(m1?.slack_user_id).toBe('U001');
  });

  it('puts the data into the company given with --company, created when missing', async () => {
    const dir = await writeFolder({
      'csms.csv': lines('external_id,name,email', 'm1,Mia,mia@example.com'),
    });
    const run = await renubu(['import', dir, '--company', 'acme'], db.url);
    expect(run.status).toBe(0);
    const rows = await db.sql`
      select co.external_id from csms c join companies co on co.id = c.company_id`;
    expect(rows).toEqual([{ external_id: 'acme' }]);
  });
});

/** Several kinds of bad rows; LF, with a quoted line break before them. */
const badFolder = () =>
  writeFolder({
    'csms.csv': lines('external_id,name,email', 'm1,Mia,mia@example.com'),
    'customers.csv': lines(
      'external_id,name,csm,arr,seats,account_plan,strategic',
      'k1,"Acme',
      'Incorporated",m1,1000,10,invest,true',
      'k2,Beta,m1,abc,5,,false',
      'k3,Gamma,m1,100,5,grow,false',
      'k4,Delta,ghost,100,5,,false',
      'k1,Acme again,m1,5,1,,false',
      'k5,Epsilon,MIA@example.com,0,0,,no',
    ),
    'contracts.csv': lines(
      'external_id,customer,start_date,renewal_date,arr',
      'ct1,k1,2024-01-01,2025-01-01,1000',
      'ct2,k5,2024-13-01,2025-01-01,0',
      'ct3,nope,2024-01-01,2025-01-01,0',
      'ct4,k2,2024-01-01,2025-01-01,0',
    ),
    'usage.csv': lines(
      'customer,date,active_users,events',
      'k5,2024-01-01,3,1',
      'k5,2024-01-01,4,1',
      'k5,2024-01-02,-1,0',
    ),
  });

describe('renubu import with bad rows', () => {
  it('reports FILE:LINE: field: message, writes nothing of those files and exits 1', async () => {
    const run = await renubu(['import', await badFolder()], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'customers.csv:4: arr: expected a non-negative number, got "abc"',
      'customers.csv:5: account_plan: expected one of maintain, invest, expand, at_risk, got "grow"',
      'customers.csv:6: csm: unknown CSM "ghost"',
      'customers.csv:7: external_id: "k1" already appears on line 2',
      'contracts.csv:2: customer: customer "k1" was not imported (bad rows in customers.csv)',
      'contracts.csv:3: start_date: expected a date as YYYY-MM-DD, got "2024-13-01"',
      'contracts.csv:4: customer: unknown customer "nope"',
      'contracts.csv:5: customer: customer "k2" was rejected on customers.csv:4 (arr: expected a non-negative number, got "abc")',
      'usage.csv:2: customer: customer "k5" was not imported (bad rows in customers.csv)',
      'usage.csv:3: date: customer "k5" already has a row for 2024-01-01 on line 2',
      'usage.csv:4: active_users: expected a non-negative whole number, got "-1"',
    ]);
    expect(run.err).toContain(
      'Not written because of bad rows: customers.csv, contracts.csv, usage.csv. Fix them, or use --skip-invalid to write the good rows.',
    );
    expect(squash(run.out)).toContain(
      'customers.csv 6 rows: 0 inserted, 0 updated, 0 unchanged, 4 rejected (not written)',
    );
    expect(squash(run.out)).toContain(
      'Total 14 rows: 1 inserted, 0 updated, 0 unchanged, 11 rejected',
    );
    const [counts] = await db.sql`
      select (select count(*) from csms)::int as csms, (select count(*) from customers)::int as customers,
             (select count(*) from contracts)::int as contracts, (select count(*) from usage_daily)::int as usage`;
    expect(counts).toEqual({ csms: 1, customers: 0, contracts: 0, usage: 0 });
  });

  it('with --skip-invalid writes the good rows, reports the bad ones and still exits 1', async () => {
    const run = await renubu(['import', await badFolder(), '--skip-invalid'], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'customers.csv:4: arr: expected a non-negative number, got "abc"',
      'customers.csv:5: account_plan: expected one of maintain, invest, expand, at_risk, got "grow"',
      'customers.csv:6: csm: unknown CSM "ghost"',
      'customers.csv:7: external_id: "k1" already appears on line 2',
      'contracts.csv:3: start_date: expected a date as YYYY-MM-DD, got "2024-13-01"',
      'contracts.csv:4: customer: unknown customer "nope"',
      'contracts.csv:5: customer: customer "k2" was rejected on customers.csv:4 (arr: expected a non-negative number, got "abc")',
      'usage.csv:3: date: customer "k5" already has a row for 2024-01-01 on line 2',
      'usage.csv:4: active_users: expected a non-negative whole number, got "-1"',
    ]);
    expect(run.err).not.toContain('Not written');
    expect(squash(run.out)).toContain(
      'customers.csv 6 rows: 2 inserted, 0 updated, 0 unchanged, 4 rejected\n',
    );
    const customers = await db.sql`select external_id, name from customers order by 1`;
    expect(customers).toEqual([
      { external_id: 'k1', name: 'Acme\nIncorporated' },
      { external_id: 'k5', name: 'Epsilon' },
    ]);
    expect(await db.sql`select external_id from contracts`).toEqual([{ external_id: 'ct1' }]);
    const [usage] =
      await db.sql`select count(*)::int as n, max(active_users) as users from usage_daily`;
    expect(usage).toEqual({ n: 1, users: 3 });
  });

  it('counts lines of a CRLF file with a byte-order mark and checks managers', async () => {
    const dir = await writeFolder({
      'csms.csv': [
        '\uFEFFexternal_id,name,email,timezone,manager',
        'm1,"Mia\r\nManager",mia@example.com,UTC,',
        'm2,Max,max@example.com,Mars/Base,',
        '',
        'm3,Mo,mo@example.com,UTC,nobody',
        'm4,Lu,lu@example.com,UTC,m4',
        'm5,Ed,ed@example.com,UTC,m2',
        'm6,Al,MIA@example.com,UTC,m1',
        'm7,Di,di@example.com,utc,m5',
      ].join('\r\n'),
    });
    const run = await renubu(['import', dir], db.url);
    expect(run.status).toBe(1);
    expect(badRowLines(run.err)).toEqual([
      'csms.csv:4: timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base"',
      'csms.csv:6: manager: unknown CSM "nobody"',
      'csms.csv:7: manager: a CSM cannot manage themself',
      'csms.csv:8: manager: CSM "m2" was rejected on csms.csv:4 (timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base")',
      'csms.csv:9: email: "MIA@example.com" is also the email on line 2',
      'csms.csv:10: manager: CSM "m5" was rejected on csms.csv:8 (manager: CSM "m2" was rejected on csms.csv:4 (timezone: expected an IANA time zone such as Europe/Berlin or UTC, got "Mars/Base"))',
    ]);
    expect(await db.sql`select * from csms`).toEqual([]);
  });

  it('stops at a file that is not valid CSV, keeping the files before it', async () => {
    const dir = await writeFolder({
      'csms.csv': lines('external_id,name,email', 'm1,Mia,mia@example.com'),
      'customers.csv': lines('external_id,name,csm', 'k1,Acme,m1', 'k2,"Beta,m1', 'k3,Gamma,m1'),
    });
    const run = await renubu(['import', dir], db.url);
    expect(run.status).toBe(1);
    expect(run.err).toMatch(
      /^customers\.csv:3: not valid CSV from this line on \(Quote Not Closed/,
    );
    expect((await db.sql`select external_id from csms`).length).toBe(1);
    expect((await db.sql`select external_id from customers`).length).toBe(0);
  });
});

describe('renubu import arguments', () => {
  it.each([
    [[], 2, /renubu import needs the PATH/],
    [['a', 'b'], 2, /renubu import takes one PATH \(got a b\)/],
    [['x', '--bogus'], 2, /Unknown option '--bogus'/],
    [['/no/such/folder'], 1, /\/no\/such\/folder does not exist\. Expected a folder of CSV files/],
  ])('renubu import %j exits %i', async (args, status, message) => {
    const run = await renubu(['import', ...args], db.url);
    expect(run.status).toBe(status);
    expect(run.err).toMatch(message);
  });

  it('says which path holds no file to import', async () => {
    const dir = await writeFolder({ 'readme.md': '# hi' });
    const run = await renubu(['import', dir], db.url);
    expect(run.status).toBe(1);
    expect(run.err).toContain(`${dir} holds no file to import.`);
  });
});
