import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEntries } from '../../scripts/build-options.mjs';

const root = resolve(import.meta.dirname, '../..');
/** Every trigger file the build bundles, outbox-redeliver.ts included. */
const FUNCTIONS = functionEntries(root);
const HEAVY = ['@azure/arm-', '@azure/identity', '@azure/keyvault-secrets', '@azure/msal-'];
let metafile: Metafile;
let outdir: string;

/** The outputs loaded before an output's code runs: itself and its static imports, transitively. */
function eagerOutputs(output: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of metafile.outputs[name]?.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path);
    }
  };
  visit(output);
  return [...seen];
}

/** Every source file an output loads eagerly. */
function eagerInputs(output: string): string[] {
  return eagerOutputs(output).flatMap((name) => Object.keys(metafile.outputs[name]?.inputs ?? {}));
}

/** Every source file an output can load later through dynamic imports (one level). */
function lazyInputs(output: string): string[] {
  return eagerOutputs(output)
    .flatMap((name) => metafile.outputs[name]?.imports ?? [])
    .filter((imported) => imported.kind === 'dynamic-import')
    .flatMap((imported) => eagerInputs(imported.path));
}

function outputFor(entryPoint: string): string {
  const found = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === entryPoint);
  if (!found) throw new Error(`no output for ${entryPoint}`);
  return found[0];
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'ward-lazy-'));
  const result = await build({
    absWorkingDir: root,
    entryPoints: [...FUNCTIONS, 'src/azure/clients.ts', 'src/readers/index.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@azure/functions-core'],
  });
  metafile = result.metafile;
}, 60_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('SDK modules load on first use, not at cold start', () => {
  it('covers every trigger file', () => {
    expect(FUNCTIONS).toEqual([
      'functions/approval.ts',
      'functions/approvals-queue.ts',
      'functions/keyvault-secret-events.ts',
      'functions/outbox-redeliver.ts',
      'functions/resource-changes.ts',
      'functions/sweep.ts',
    ]);
  });

  it.each(FUNCTIONS)('%s imports no Azure SDK client or identity package eagerly', (entry) => {
    const heavy = eagerInputs(outputFor(entry)).filter((input) =>
      HEAVY.some((h) => input.includes(h)),
    );
    expect(heavy).toEqual([]);
  });

  it('the clients module reaches every SDK only through dynamic imports', () => {
    const output = outputFor('src/azure/clients.ts');
    expect(eagerInputs(output).filter((input) => HEAVY.some((h) => input.includes(h)))).toEqual([]);
    const lazy = lazyInputs(output);
    for (const pkg of [
      '@azure/arm-resources',
      '@azure/arm-network',
      '@azure/arm-machinelearning',
      '@azure/arm-monitor',
      '@azure/arm-resourcegraph',
      '@azure/keyvault-secrets',
    ]) {
      expect(
        lazy.some((input) => input.includes(`node_modules/${pkg}/`)),
        pkg,
      ).toBe(true);
    }
  });

  it('the readers import no SDK eagerly either (they take clients as parameters)', () => {
    const heavy = eagerInputs(outputFor('src/readers/index.ts')).filter((input) =>
      HEAVY.some((h) => input.includes(h)),
    );
    expect(heavy).toEqual([]);
  });
});
