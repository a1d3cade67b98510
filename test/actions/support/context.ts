import type { ActionDeps } from '../../../src/actions/deps';
import type { ActionPlan, PlanContext } from '../../../src/actions/types';
import type { WardAction } from '../../../src/actions/registry';
import { policySchema, type Policy, type PolicyInput } from '../../../src/config/policy';
import type { EvaluationContext, RuleId, Snapshot } from '../../../src/domain';
import { readPermissions } from '../../../src/actions/common/read-permissions';
import { executeRemediation } from '../../../src/execute/executor';
import type { ExecutionReport, ExecutorDeps } from '../../../src/execute/types';
import { readSnapshot } from '../../../src/readers';
import { createRegistry } from '../../../src/rules/registry';
import { simulatorVaults, type SimulatorHarness } from '../../support/simulator';
import { IDS } from './estate';

export const NOW = new Date('2026-11-23T09:00:00.000Z');

export function testPolicy(overrides: PolicyInput = {}): Policy {
  return policySchema.parse({
    diagnostics: { workspaceId: IDS.logs },
    privateEndpoints: {
      subnetId: IDS.subnet,
      privateDnsZoneIds: [IDS.dnsZoneApi, IDS.dnsZoneNotebooks],
    },
    compute: { idleTimeBeforeShutdown: 'PT60M', userAssignedIdentityId: IDS.identity },
    ...overrides,
  });
}

export const evaluation: EvaluationContext = {
  now: NOW,
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
};

const rules = createRegistry();

/** Everything a test needs to plan, read, judge and run actions against one simulator. */
export interface ActionTestContext {
  policy: Policy;
  planContext: PlanContext;
  deps: ActionDeps;
  /** The same, signed as someone else: a person changing the resource under ward's plan. */
  otherDeps: ActionDeps;
  read(resourceId: string): Promise<Snapshot>;
  status(ruleId: RuleId, snapshot: Snapshot): string;
  /** Plans from a fresh read, failing the test when the action refuses. */
  plan(action: WardAction, resourceId: string): Promise<ActionPlan>;
  execute(action: WardAction, ruleId: RuleId, resourceId: string): Promise<ExecutionReport>;
  executorDeps: ExecutorDeps<ActionDeps>;
}

export function actionContext(h: SimulatorHarness, policy = testPolicy()): ActionTestContext {
  const deps: ActionDeps = { clients: h.clients, now: () => NOW, sleep: () => Promise.resolve() };
  const otherDeps: ActionDeps = { ...deps, clients: h.otherClients };
  const vaults = simulatorVaults(h.sim);
  const read = async (resourceId: string): Promise<Snapshot> => {
    const result = await readSnapshot(resourceId, { clients: h.clients, now: () => NOW, vaults });
    if (result.kind !== 'snapshot') throw new Error(`${resourceId} is gone`);
    return result.snapshot;
  };
  const status = (ruleId: RuleId, snapshot: Snapshot): 'pass' | 'fail' | 'skip' | 'error' =>
    rules.get(ruleId).evaluate(snapshot, evaluation).status;
  const planContext: PlanContext = { policy, evaluation };
  const executorDeps: ExecutorDeps<ActionDeps> = {
    async read(resourceId) {
      const result = await readSnapshot(resourceId, {
        clients: h.clients,
        now: () => NOW,
        vaults,
      });
      return result.kind === 'snapshot'
        ? { kind: 'found', snapshot: result.snapshot }
        : { kind: 'gone' };
    },
    evaluateRule: status,
    actionDeps: deps,
    permissionsAt: (scope) => readPermissions(deps, scope),
    policy,
    evaluationContext: () => evaluation,
    verifyAttempts: 2,
    sleep: () => Promise.resolve(),
    verifyDelayMs: 0,
  };
  return {
    policy,
    planContext,
    deps,
    otherDeps,
    read,
    status,
    executorDeps,
    async plan(action, resourceId) {
      const planned = action.plan(await read(resourceId), planContext);
      if (!planned.ok) throw new Error(`${action.id} refused: ${planned.reason}`);
      return planned.plan;
    },
    async execute(action, ruleId, resourceId) {
      return executeRemediation(
        { action, ruleId, snapshot: await read(resourceId), dryRun: false },
        executorDeps,
      );
    },
  };
}
