import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * src/rules is pure: the project's ESLint config forbids I/O, Azure SDK and service-layer
 * imports there. Lints code as if it were a rule file, with the real type-aware config.
 */
const ROOT = join(import.meta.dirname, '..', '..');
// A file that does not exist: the project service falls back to its default project for it.
const FIXTURE_PATH = join(ROOT, 'src', 'rules', 'zz-lint-fixture', 'evaluate.ts');

let eslint: ESLint;
// The first lint builds the type-aware program for the whole project (tens of seconds on a busy
// machine): it is done here, under the hook's budget, so each test times only its own lint.
beforeAll(async () => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: {
        parserOptions: {
          projectService: {
            allowDefaultProject: ['src/rules/zz-lint-fixture/*.ts'],
          },
        },
      },
    },
  });
  await eslint.lintText('export const warm = 1;\n', { filePath: FIXTURE_PATH });
}, 180_000);

async function restrictedImports(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: FIXTURE_PATH });
  expect(result?.messages.filter((m) => m.fatal === true)).toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const use = (name: string): string => `\nexport const used = ${name};\n`;

describe('lint: src/rules imports', () => {
  it.each([
    [
      '@azure/arm-resources',
      "import { ResourceManagementClient } from '@azure/arm-resources';" +
        use('ResourceManagementClient'),
    ],
    ['node:fs', "import { readFileSync } from 'node:fs';" + use('readFileSync')],
    ['../../store/x', "import { x } from '../../store/x';" + use('x')],
    [
      '../../engine/evaluate',
      "import { evaluateSnapshot } from '../../engine/evaluate';" + use('evaluateSnapshot'),
    ],
  ])('reports importing %s', async (_name, code) => {
    const messages = await restrictedImports(code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/src\/rules/);
  });

  it('allows the domain types and the rule helpers', async () => {
    const code =
      "import type { RuleOutcome } from '../../domain';\n" +
      "import { pass } from '../outcome';\n" +
      "export const ok = (): RuleOutcome => pass('ok');\n";
    expect(await restrictedImports(code)).toEqual([]);
  });
});
