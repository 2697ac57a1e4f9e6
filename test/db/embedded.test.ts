/**
 * The embedded default: a real PostgreSQL under RENUBU_HOME that commands share and the last
 * one out stops; data kept between runs; a private parent folder handled.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connection.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { listMigrations } from '../../src/db/migrate.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/renubu.mjs');
let root: string;

function renubu(args: string[], home: string) {
  return run(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', RENUBU_HOME: home },
    cwd: root,
  });
}

async function serverRunning(home: string): Promise<boolean> {
  return fs
    .access(path.join(home, 'pg', 'data', 'postmaster.pid'))
    .then(() => true)
    .catch(() => false);
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'renubu-embedded-'));
  // mkdtemp makes a private folder; the server's user must be able to reach these homes.
  await fs.chmod(root, 0o755);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('is shared by two commands started together and stopped when both are done', async () => {
    const home = path.join(root, 'shared');
    const [a, b] = await Promise.all([renubu(['migrate'], home), renubu(['migrate'], home)]);
    // between them every migration is applied exactly once
    const applied = [a.stdout, b.stdout].flatMap(
      (out) => /Applied \d+ migration\(s\): ([^(]+) \(/.exec(out)?.[1]?.split(', ') ?? [],
    );
    expect(applied.sort()).toEqual((await listMigrations()).map((m) => m.id));
    expect(await serverRunning(home)).toBe(false);
  });

  it('keeps its data between runs and stays up while another command uses it', async () => {
    const home = path.join(root, 'kept');
    const held = await startEmbeddedDatabase({ home, onNotice: () => {} });
    const sql = await connect(held.url, 1);
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();

    await renubu(['migrate'], home);
    expect(await serverRunning(home)).toBe(true);
    await held.release();
    expect(await serverRunning(home)).toBe(false);

    const again = await startEmbeddedDatabase({ home, onNotice: () => {} });
    const sql2 = await connect(again.url, 1);
    const [row] = await sql2`select v from kept`;
    await sql2.end();
    await again.release();
    expect(row?.v).toBe('still here');
  });

  it.skipIf(process.getuid?.() !== 0)(
    'moves its data somewhere reachable when a parent folder is private, and says where',
    async () => {
      const privateParent = path.join(root, 'private');
      await fs.mkdir(privateParent, { mode: 0o700 });
      await fs.chmod(privateParent, 0o700);
      const notices: string[] = [];
      const server = await startEmbeddedDatabase({
        home: path.join(privateParent, 'home'),
        onNotice: (m) => notices.push(m),
      });
      try {
        expect(notices.join('\n')).toMatch(/not reachable.*kept in/);
        expect(server.dataDir.startsWith(privateParent)).toBe(false);
        const sql = await connect(server.url, 1);
        await sql`select 1`;
        await sql.end();
      } finally {
        await server.release();
        await fs.rm(path.dirname(server.dataDir), { recursive: true, force: true });
      }
    },
  );
});

describe('DATABASE_URL that cannot be reached', () => {
  it('gets one clear sentence and a non-zero exit, no stack trace', async () => {
    const error = await run(process.execPath, [bin, 'migrate'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/renubu' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in error && error.code).toBe(1);
    const stderr = (error as { stderr: string }).stderr;
    expect(stderr.trim()).toBe(
      'Cannot connect to PostgreSQL at 127.0.0.1:1/renubu (DATABASE_URL): the connection was refused (is PostgreSQL running on that host and port?).',
    );
    expect(stderr).not.toContain('secret');
  });
});
