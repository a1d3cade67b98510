import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run infra -- --check', () => {
  it('finds the committed templates and guide up to date, and changes nothing', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/infra/generate.ts', '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('infra: templates are up to date\n');
    expect(result.status).toBe(0);
  });
});
