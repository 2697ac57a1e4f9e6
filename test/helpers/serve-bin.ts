/**
 * The real `renubu serve` (bin/renubu.mjs) as a child process: its output collected, its port
 * read from its first line, its exit awaited. For tests of signals, restarts and outages.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServeProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** Resolves with the port once it says it is serving; rejects if it exits first. */
  port: Promise<number>;
  alive(): boolean;
  /** SIGKILL it if it still runs (for afterAll). */
  kill(): void;
}

export function spawnServe(env: Record<string, string>, args: string[] = []): ServeProcess {
  const child = spawn(process.execPath, ['bin/renubu.mjs', 'serve', '--port', '0', ...args], {
    env: { ...process.env, RENUBU_HOME: '/tmp/renubu-serve-bin-test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const port = new Promise<number>((resolve, reject) => {
    const look = () => {
      const found = /serving on port (\d+)/.exec(output);
      if (found) resolve(Number(found[1]));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      look();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`serve exited (${code}) before serving:\n${output}`)),
    );
  });
  port.catch(() => undefined);
  return {
    child,
    output: () => output,
    exited,
    port,
    alive: () => exitCode === undefined,
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
}
