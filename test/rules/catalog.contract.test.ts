import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/domain';
import { ACTION_IDS, RULE_IDS } from '../../src/domain';
import { createActionRegistry } from '../../src/actions/registry';
import type { PlanContext } from '../../src/actions/types';
import { createRegistry, exportNameFor } from '../../src/rules/registry';
import { testPolicy } from '../actions/support/context';
import { ruleFixtures } from '../support/rule-fixtures';
import { ruleContext } from '../support/rule-snapshots';

/** The catalog contract: ids, folders, exports, metadata and fixtures agree. */
const RULES_DIR = join(import.meta.dirname, '..', '..', 'src', 'rules');
const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'rules');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const registry = createRegistry();
const actions = createActionRegistry();
/** The configuration every action needs (log workspace, subnet, identity), at the fixtures' time. */
const PLAN_CONTEXT: PlanContext = { policy: testPolicy(), evaluation: ruleContext() };
const ruleFolders = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('rule registry', () => {
  it('lists exactly the stable rule ids, in their order', () => {
    expect(registry.rules.map((rule) => rule.metadata.id)).toEqual([...RULE_IDS]);
  });

  it('has one folder per rule id under src/rules, and no other folder', () => {
    expect(ruleFolders).toEqual([...RULE_IDS].sort());
  });
});

describe.each(ruleFolders)('src/rules/%s', (folder) => {
  it('is a registered rule id', () => {
    expect(registry.has(folder)).toBe(true);
  });

  it('exports the rule from index.ts under its camelCase name, with the folder as its id', async () => {
    const module = (await import(join(RULES_DIR, folder, 'index.ts'))) as Record<string, unknown>;
    const rule = module[exportNameFor(folder)] as Rule | undefined;
    expect(rule, `index.ts exports ${exportNameFor(folder)}`).toBeDefined();
    expect(rule?.metadata.id).toBe(folder);
    expect(typeof rule?.evaluate).toBe('function');
  });
});

describe.each(RULE_IDS.map((id) => [id] as const))('rule %s', (id) => {
  const rule = (): Rule => registry.get(id);

  it('has a title, a rationale and at least one resource type', () => {
    const { metadata } = rule();
    expect(metadata.title.trim()).not.toBe('');
    expect(metadata.rationale.trim()).not.toBe('');
    expect(metadata.resourceTypes.length).toBeGreaterThan(0);
    for (const type of metadata.resourceTypes) expect(type).toMatch(/^[A-Za-z]+\.[A-Za-z.]+\/\S+$/);
  });

  it('names a known remedy action, and one exists when the default mode changes things', () => {
    const { defaultMode, remedy } = rule().metadata;
    expect([...ACTION_IDS, 'none']).toContain(remedy.actionId);
    expect(remedy.summary.trim()).not.toBe('');
    if (defaultMode !== 'auto' && defaultMode !== 'approve') return;
    expect(remedy.actionId, `${defaultMode} needs an action`).not.toBe('none');
    if (remedy.actionId === 'none') return;
    // The action must really change something: a plan with changes for a failing fixture.
    const action = actions.get(remedy.actionId);
    const planned = ruleFixtures(id)
      .filter((fixture) => fixture.expected === 'fail')
      .flatMap((fixture) => fixture.snapshots)
      .filter((snapshot) => rule().evaluate(snapshot, PLAN_CONTEXT.evaluation).status === 'fail')
      .map((snapshot) => action.plan(snapshot, PLAN_CONTEXT));
    expect(planned.length, `${id} has failing fixtures`).toBeGreaterThan(0);
    const plans = planned.flatMap((result) => (result.ok ? [result.plan] : []));
    expect(
      plans.length,
      `${remedy.actionId} plans a change for a failing fixture of ${id}; it refused: ${planned
        .map((result) => (result.ok ? 'planned' : result.reason))
        .join(' | ')}`,
    ).toBeGreaterThan(0);
    for (const plan of plans) {
      expect(plan.actionId).toBe(remedy.actionId);
      expect(plan.changes.length).toBeGreaterThan(0);
      for (const change of plan.changes) expect(change.after).not.toEqual(change.before);
    }
  });

  it('cites references whose Azure Policy ids are GUIDs', () => {
    const { references } = rule().metadata;
    for (const policy of references.azurePolicy) {
      expect(policy.id).toMatch(GUID);
      expect(policy.displayName.trim()).not.toBe('');
    }
    for (const doc of references.docs) expect(doc).toMatch(/^https:\/\//);
    expect(
      references.azurePolicy.length + references.prowler.length + references.docs.length,
    ).toBeGreaterThan(0);
  });

  it('has a fixture folder with at least a pass and a fail fixture', () => {
    const dir = join(FIXTURES_DIR, id);
    expect(existsSync(dir), `test/fixtures/rules/${id}/ exists`).toBe(true);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    expect(files.some((file) => file.startsWith('pass-') && file.endsWith('.json'))).toBe(true);
    expect(files.some((file) => file.startsWith('fail-') && file.endsWith('.json'))).toBe(true);
  });
});
