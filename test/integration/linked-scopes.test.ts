import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/domain';
import { RULE_IDS } from '../../src/domain';
import { WARD_ROLE_NAME, wardRemediatorRole } from '../../src/simulator/rbac/infra-role';
import type { Seed } from '../../src/simulator/seed/format';
import { providerId } from '../../src/simulator/seed/ids';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import { startWardHarness, WARD_OID, type WardHarness } from './harness';

const N = INSECURE_ESTATE;
const shared = (provider: string, type: string, name: string): string =>
  providerId(N.subscriptions.prod, N.resourceGroups.shared, provider, type, name);
const WORKSPACE = shared('Microsoft.OperationalInsights', 'workspaces', N.logAnalytics);
const SUBNET = `${shared('Microsoft.Network', 'virtualNetworks', N.vnet)}/subnets/${N.privateEndpointSubnet}`;
const DNS_ZONE = shared('Microsoft.Network', 'privateDnsZones', N.privateDnsZone);
const DNS_JOIN = 'Microsoft.Network/privateDnsZones/join/action';
const SHARED_KEYS = 'Microsoft.OperationalInsights/workspaces/sharedKeys/action';
const PRIVATE_ENDPOINTS = 'Microsoft.Network/privateEndpoints';
const DIAGNOSTIC_SETTINGS = 'Microsoft.Insights/diagnosticSettings';

/** The demo estate with ward's identity holding infra's role, less `without`, on each subscription. */
function estate(): Seed {
  const seed = insecureEstate({ now: new Date() });
  return {
    ...seed,
    roleAssignments: seed.subscriptions.map((s) => ({
      principalId: WARD_OID,
      role: WARD_ROLE_NAME,
      scope: `/subscriptions/${s.subscriptionId}`,
    })),
  };
}

async function start(ruleId: RuleId, without?: string): Promise<WardHarness> {
  const role = wardRemediatorRole();
  return startWardHarness({
    seed: estate(),
    sim: {
      rbac: {
        roles: [
          {
            ...role,
            actions: role.actions.filter((a) => a.toLowerCase() !== without?.toLowerCase()),
          },
        ],
      },
    },
    policy: {
      rules: Object.fromEntries(
        RULE_IDS.map((id) => [id, { mode: id === ruleId ? 'auto' : 'off' }]),
      ),
      diagnostics: { workspaceId: WORKSPACE },
      privateEndpoints: { subnetId: SUBNET, privateDnsZoneIds: [DNS_ZONE] },
      guardrails: { budget: { maxChanges: 100, maxChangesPerSubscription: 100 } },
    },
  });
}

async function sweep(h: WardHarness): Promise<void> {
  await h.ward.sweep({
    invocationId: 'sweep-linked',
    functionName: 'sweep',
    firedAt: new Date().toISOString(),
    isPastDue: false,
  });
}

/** What ward recorded and said: action entries, alerts (ledger and Teams), tickets. */
async function record(h: WardHarness) {
  const entries = await h.ward.ledger.listAll();
  const text = (e: (typeof entries)[number]): string => `${e.summary ?? ''} ${e.error ?? ''}`;
  return {
    actions: entries.filter((e) => e.kind === 'action'),
    alerts: [
      ...entries.filter((e) => e.kind === 'alert').map(text),
      ...h.cards().map((c) => c.text),
    ],
    tickets: entries.filter((e) => e.kind === 'ticket').map(text),
  };
}

describe('linked scopes are checked before anything is written', () => {
  it('without privateDnsZones/join/action no private endpoint is created at all', async () => {
    const h = await start('ml-workspace-private-endpoint', DNS_JOIN);
    try {
      await sweep(h);
      const { actions, alerts, tickets } = await record(h);
      expect(
        h.sim.state.count({ type: PRIVATE_ENDPOINTS, where: (b) => b.name.endsWith('-ward') }),
      ).toBe(0);
      expect(h.wardWrites()).toBe(0);
      expect(actions.length).toBeGreaterThan(0);
      const missing = `ward's identity lacks ${DNS_JOIN} on ${DNS_ZONE}; assign it there`;
      for (const action of actions) {
        expect(action.outcome).toBe('failed');
        expect(action.summary).toContain('refused-by-permissions');
        expect(action.summary).toContain(missing);
        expect(action.summary).toContain('docs/deployment.md, Linked scopes');
        // The subnet is held: only what is missing is named.
        expect(action.summary).not.toContain(`on ${SUBNET}`);
      }
      expect(alerts.filter((a) => a.includes(missing)).length).toBeGreaterThanOrEqual(2);
      expect(tickets.length).toBe(actions.length);
      for (const ticket of tickets) expect(ticket).toContain(missing);
    } finally {
      await h.stop();
    }
  });

  it('without sharedKeys/action no diagnostic setting is created at all', async () => {
    const h = await start('diagnostic-settings-enabled', SHARED_KEYS);
    try {
      const settingsBefore = h.sim.state.count({ type: DIAGNOSTIC_SETTINGS });
      await sweep(h);
      const { actions, alerts, tickets } = await record(h);
      expect(h.sim.state.count({ type: DIAGNOSTIC_SETTINGS })).toBe(settingsBefore);
      expect(h.wardWrites()).toBe(0);
      expect(actions.length).toBeGreaterThan(0);
      const missing = `ward's identity lacks ${SHARED_KEYS} on ${WORKSPACE}; assign it there`;
      for (const action of actions) {
        expect(action.outcome).toBe('failed');
        expect(action.summary).toContain(missing);
      }
      expect(alerts.some((a) => a.includes(missing))).toBe(true);
      expect(h.cards().some((c) => c.text.includes(missing))).toBe(true);
      expect(tickets.length).toBe(actions.length);
      for (const ticket of tickets) expect(ticket).toContain(missing);
    } finally {
      await h.stop();
    }
  });

  it('fails closed when the permissions API cannot be read', async () => {
    const h = await start('ml-workspace-private-endpoint');
    try {
      h.sim.faults.add({
        match: {
          method: 'GET',
          pathPattern: /\/providers\/Microsoft\.Authorization\/permissions$/i,
        },
        times: Infinity,
        kind: '500',
      });
      await sweep(h);
      const { actions, alerts, tickets } = await record(h);
      expect(
        h.sim.state.count({ type: PRIVATE_ENDPOINTS, where: (b) => b.name.endsWith('-ward') }),
      ).toBe(0);
      expect(h.wardWrites()).toBe(0);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        expect(action.summary).toContain('refused-by-permissions');
        expect(action.summary).toContain(`ward could not read its permissions on ${SUBNET}`);
        expect(action.summary).toContain('HTTP 500');
      }
      expect(alerts.some((a) => a.includes('could not read its permissions'))).toBe(true);
      expect(tickets.length).toBe(actions.length);
    } finally {
      await h.stop();
    }
  });

  it('with the full role both fixes still apply', async () => {
    for (const ruleId of [
      'ml-workspace-private-endpoint',
      'diagnostic-settings-enabled',
    ] as const) {
      const h = await start(ruleId);
      try {
        await sweep(h);
        const { actions, tickets } = await record(h);
        expect(actions.length).toBeGreaterThan(0);
        expect(actions.map((a) => a.outcome)).toEqual(actions.map(() => 'succeeded'));
        // (The private endpoint's own verify files its usual follow-up ticket.)
        expect(tickets.filter((t) => t.includes('Nothing was written'))).toEqual([]);
        if (ruleId === 'ml-workspace-private-endpoint') {
          const created = h.sim.state.list({
            type: PRIVATE_ENDPOINTS,
            where: (b) => b.name.endsWith('-ward'),
          });
          expect(created.length).toBe(actions.length);
          // The DNS zone group went through too: the change is whole.
          for (const pe of created) {
            expect(
              h.sim.state.count({
                type: `${PRIVATE_ENDPOINTS}/privateDnsZoneGroups`,
                parentId: pe.id,
              }),
            ).toBe(1);
          }
        }
      } finally {
        await h.stop();
      }
    }
  });
});
