import { describe, expect, it } from 'vitest';
import { ACTION_IDS, RULE_IDS } from '../../src/domain';
import { createRegistry } from '../../src/rules/registry';
import { storageMinTls12 } from '../../src/rules/storage-min-tls-1-2';
import { runCli } from './run-cli';

interface JsonRule {
  id: string;
  title: string;
  severity: string;
  defaultMode: string;
  remedy: { actionId: string; summary: string };
  resourceTypes: string[];
  references: { azurePolicy: { id: string }[] };
}

describe('ward rules', () => {
  it('prints every registered rule as JSON with the contract fields', async () => {
    const run = await runCli(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    const { rules } = JSON.parse(run.stdout) as { rules: JsonRule[] };
    const registry = createRegistry();
    expect(rules.map((r) => r.id)).toEqual(registry.rules.map((r) => r.metadata.id));
    // DESIGN.md's catalog: exactly the 23 stable ids, in their order.
    expect(rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    expect(rules).toHaveLength(23);
    const tls = rules.find((r) => r.id === 'storage-min-tls-1-2');
    expect(tls).toEqual({
      id: 'storage-min-tls-1-2',
      title: storageMinTls12.metadata.title,
      severity: 'medium',
      defaultMode: 'auto',
      remedy: {
        actionId: 'storage-set-min-tls-1-2',
        summary: storageMinTls12.metadata.remedy.summary,
      },
      resourceTypes: ['Microsoft.Storage/storageAccounts'],
      references: storageMinTls12.metadata.references,
    });
    for (const rule of rules) {
      expect([...ACTION_IDS, 'none']).toContain(rule.remedy.actionId);
    }
  });

  it('prints a table with id, severity, mode, action, title and the remedy summaries', async () => {
    const run = await runCli(['rules'], {
      deps: { registry: createRegistry({ storageMinTls12 }) },
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+MODE\s+ACTION\s+TITLE$/);
    expect(lines[1]).toMatch(
      /^storage-min-tls-1-2\s+medium\s+auto\s+storage-set-min-tls-1-2\s+Storage accounts require TLS 1\.2/,
    );
    expect(run.stdout).toContain(`storage-min-tls-1-2: ${storageMinTls12.metadata.remedy.summary}`);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours only on a terminal', async () => {
    const run = await runCli(['rules'], {
      tty: true,
      deps: { registry: createRegistry({ storageMinTls12 }) },
    });
    expect(run.stdout).toContain('\u001b[33mmedium');
  });

  it('rejects an unknown format as a usage error', async () => {
    const run = await runCli(['rules', '--format', 'xml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/xml/);
    expect(run.stdout).toBe('');
  });
});

describe('ward (no command)', () => {
  it('prints help listing the commands and exits 0', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rules/);
    expect(run.stdout).toMatch(/evaluate/);
    expect(run.stdout).toMatch(/config/);
  });

  it('exits 1 on an unknown command', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
