import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleStatus, Snapshot } from '../../src/domain';
import { parseSnapshotFile } from '../../src/engine/snapshot-file';

export const RULE_FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'rules');
const STATUSES: readonly RuleStatus[] = ['pass', 'fail', 'skip', 'error'];

export interface RuleFixture {
  /** File name, `<status>-<what it shows>.json`. */
  file: string;
  expected: RuleStatus;
  snapshots: Snapshot[];
}

/** Fixtures of one rule; the expected status is the file name's prefix. */
export function ruleFixtures(ruleId: string): RuleFixture[] {
  const dir = join(RULE_FIXTURES_DIR, ruleId);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const expected = STATUSES.find((status) => file.startsWith(`${status}-`));
      if (!expected)
        throw new Error(`${ruleId}/${file}: name must start with pass-, fail-, skip- or error-`);
      const value: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      return { file, expected, snapshots: parseSnapshotFile(value) };
    });
}

/** Rule ids that have a fixture folder. */
export function rulesWithFixtures(): string[] {
  return readdirSync(RULE_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
