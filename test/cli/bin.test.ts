import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const STORAGE = join(ROOT, 'test', 'fixtures', 'examples', 'storage-account.json');

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// The bin runs the bundle, so this suite builds it first, exactly as `npm ci` does.
beforeAll(() => {
  const build = node(['scripts/build.mjs']);
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
}, 60_000);

describe('bin/ward.mjs', () => {
  it('runs the bundled CLI with the exit code of main', () => {
    const run = node(['bin/ward.mjs', 'evaluate', STORAGE, 'missing.json', '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/missing\.json: cannot read: no such file/);
    const { results } = JSON.parse(run.stdout) as { results: { ruleId: string; status: string }[] };
    expect(results.find((r) => r.ruleId === 'storage-min-tls-1-2')?.status).toBe('fail');
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = node(['bin/ward.mjs', '--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('bundles CommonJS dependencies behind a real require', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli.mjs'), 'utf8');
    expect(
      bundle.startsWith("import { createRequire as __wardCreateRequire } from 'node:module';"),
    ).toBe(true);
    // commander is CommonJS: the bundle only works because its require calls resolve.
    expect(node(['bin/ward.mjs', 'rules']).status).toBe(0);
  });
});

describe('function bundles', () => {
  it('are one per functions/*.ts, with the Functions host module left external', () => {
    const functionsDir = join(ROOT, 'functions');
    const triggers = existsSync(functionsDir)
      ? readdirSync(functionsDir)
          .filter((file) => file.endsWith('.ts'))
          .map((file) => file.replace(/\.ts$/, '.js'))
      : [];
    const bundleDir = join(ROOT, 'dist', 'functions');
    const bundles = existsSync(bundleDir)
      ? readdirSync(bundleDir).filter((file) => file.endsWith('.js'))
      : [];
    expect(bundles.sort()).toEqual(triggers.sort());
    for (const bundle of bundles) {
      const text = readFileSync(join(ROOT, 'dist', 'functions', bundle), 'utf8');
      // @azure/functions requires the host's module at run time; it must not be bundled.
      if (text.includes('@azure/functions-core')) {
        expect(text).toMatch(/require\("@azure\/functions-core"\)|from "@azure\/functions-core"/);
      }
    }
  });
});
