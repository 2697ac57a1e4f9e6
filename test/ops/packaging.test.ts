/**
 * The container image and the service units ship what `renubu` runs (issue 15, packaging):
 * every file the command reaches from bin/renubu.mjs is copied into the image's runtime stage
 * and not ignored by .dockerignore; every package it imports is a dependency (the image installs
 * with --omit=dev); the image runs as a user that is not root; and every way of starting it
 * (image, compose, systemd) starts the bin itself, so SIGTERM reaches Renubu, with a stop
 * timeout longer than SHUTDOWN_GRACE_MS's default. No Docker engine runs here, so this reads
 * the files; `docker compose up` is the check by hand (README "Running in production").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `from '…'` of imports and re-exports (type-only ones are erased) and `import('…')`. */
const IMPORT = /(?:^|[\s;])(import|export)\s+(type\s+)?[^'"`;]*?from\s+['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
const URL_READ = /new URL\(\s*[`'"](\.{1,2}\/[^`'"$]*)/g;

/** Files reached from the bin by relative imports, the packages they import, folders they read. */
function reach(entry: string) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = read(file);
    const specifiers = [
      ...[...text.matchAll(IMPORT)].filter((m) => !m[2]).map((m) => m[3] as string),
      ...[...text.matchAll(DYNAMIC)].map((m) => m[1] as string),
    ];
    for (const spec of specifiers) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        queue.push(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)));
      } else {
        const parts = spec.split('/');
        packages.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
      }
    }
    for (const m of text.matchAll(URL_READ)) {
      files.add(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), m[1] as string)));
    }
  }
  return { files: [...files], packages: [...packages] };
}

/** The paths the Dockerfile's last stage copies from the build context. */
function copiedIntoRuntime(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM /m);
  const runtime = stages[stages.length - 1] as string;
  return [...runtime.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => {
    const words = (m[1] as string).trim().split(/\s+/);
    return words.slice(0, -1);
  });
}

function ignored(file: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    if (p.startsWith('**/*')) return file.endsWith(p.slice(4));
    if (p.startsWith('*')) return !file.includes('/') && file.endsWith(p.slice(1));
    return file === p || file.startsWith(`${p}/`);
  });
}

const dockerfile = read('Dockerfile');
const { files, packages } = reach('bin/renubu.mjs');

describe('the container image', () => {
  it('copies every file renubu reaches, and .dockerignore keeps none of them out', () => {
    const copied = copiedIntoRuntime(dockerfile);
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(files.length).toBeGreaterThan(100);
    const missing = files.filter(
      (f) => !copied.some((c) => f === c || f.startsWith(`${c.replace(/\/$/, '')}/`)),
    );
    expect(missing).toEqual([]);
    expect(files.filter((f) => ignored(f, patterns))).toEqual([]);
    // read by path at run time (src/db/migrate.ts), not imported
    expect(copied).toContain('migrations');
  });

  it('needs only production dependencies (npm ci --omit=dev)', () => {
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const notInstalled = packages.filter((p) => !(p in manifest.dependencies));
    expect(notInstalled).toEqual([]);
  });

  it('runs as a user that is not root, the bin itself, with a health check', () => {
    const runtime = dockerfile.split(/^FROM /m).pop() as string;
    const user = runtime.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "bin\/renubu\.mjs"\]/m);
    expect(runtime).toMatch(/^CMD \["serve"\]/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
  });
});

describe('compose and systemd', () => {
  const graceSeconds = loadSettings({}, ROOT).shutdownGraceMs / 1000;

  it('compose gives Renubu its own PostgreSQL and stops it after the grace period', () => {
    const compose = read('compose.yaml');
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/[^@]+@db:5432\//);
    expect(compose).toMatch(/condition: service_healthy/);
    const stop = Number(compose.match(/stop_grace_period: (\d+)s/)?.[1]);
    expect(stop).toBeGreaterThan(graceSeconds);
  });

  it('the systemd unit starts the bin (not npm or npx) and waits past the grace period', () => {
    const unit = read('deploy/renubu.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node bin\/renubu\.mjs serve$/m);
    const directives = unit.split('\n').filter((l) => !l.startsWith('#'));
    expect(directives.filter((l) => /\bnpx\b|\bnpm\b/.test(l))).toEqual([]);
    expect(Number(unit.match(/^TimeoutStopSec=(\d+)$/m)?.[1])).toBeGreaterThan(graceSeconds);
    expect(unit).toMatch(/^User=(?!root)\w+/m);
  });
});
