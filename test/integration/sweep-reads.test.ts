import { inject, afterEach, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../src/app/reliability';
import type { SimRequest } from '../../src/simulator';
import { createDedupe, createTableStore } from '../../src/store';
import { createIntentMarks } from '../../src/store/intent-marks';
import { startWardHarness, WARD_OID, type WardHarness } from './harness';
import { keyVault, SCOPE, STORAGE, smallSeed, storageAccount } from './estate';

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const VAULT = keyVault(SCOPE, {
  name: 'kv-it-sweepreads',
  purgeProtection: true,
  rbacAuthorization: true,
  publicNetworkAccess: 'Disabled',
  accessPolicyObjectId: WARD_OID,
});
const COMPLIANT = storageAccount(SCOPE, {
  name: 'stitsweepok01',
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
  publicNetworkAccess: 'Disabled',
});
/** Only TLS (on the storage account) and the secrets' expiry matter here. */
const QUIET = {
  rules: {
    'diagnostic-settings-enabled': { mode: 'off' as const },
    'keyvault-public-network-disabled': { mode: 'off' as const },
  },
};
const SWEEP = { functionName: 'sweep', isPastDue: false };

/** Every GET ward makes, by lower-cased path, as the simulator received them. */
function recordGets(): { gets: string[]; latencyMs: (req: SimRequest) => number } {
  const gets: string[] = [];
  return {
    gets,
    latencyMs: (req) => {
      if (req.method === 'GET' && req.principal?.oid === WARD_OID) {
        gets.push(req.url.pathname.toLowerCase());
      }
      return 0;
    },
  };
}

function seed() {
  return smallSeed({
    resources: [VAULT, COMPLIANT],
    secrets: [
      { vault: VAULT.name, name: 'no-expiry', attributes: { enabled: true } },
      { vault: VAULT.name, name: 'also-no-expiry', attributes: { enabled: true } },
    ],
  });
}

describe('sweep: what it reads', () => {
  it('in a dry run, judges failing rows and listed secrets without reading each through ARM', async () => {
    const { gets, latencyMs } = recordGets();
    h = await startWardHarness({
      seed: seed(),
      policy: { ...QUIET, dryRun: true },
      sim: { latencyMs },
    });
    const digest = await h.ward.sweep({
      ...SWEEP,
      invocationId: 'sweep-dry',
      firedAt: new Date().toISOString(),
    });
    expect(digest).toMatchObject({ resources: 3, secrets: 2, failed: 0, remediated: 0 });

    const decisions = (await h.ward.ledger.listAll()).filter(
      (entry) => entry.kind === 'decision' && entry.verb !== 'none',
    );
    // The TLS finding (its fix planned from the row, nothing written) and one per secret.
    expect(decisions.filter((entry) => entry.resourceId === STORAGE.id)).toEqual([
      expect.objectContaining({ ruleId: 'storage-min-tls-1-2', verb: 'remediate', dryRun: true }),
    ]);
    expect(decisions.filter((entry) => entry.ruleId === 'keyvault-secret-expiry-set').length).toBe(
      2,
    );
    // One list of the vault's secrets, no GET of a secret, no GET of the account's body.
    expect(gets.filter((path) => path.endsWith(`${VAULT.id.toLowerCase()}/secrets`))).toHaveLength(
      1,
    );
    expect(gets.filter((path) => path.includes('/secrets/'))).toEqual([]);
    expect(gets.filter((path) => path === STORAGE.id.toLowerCase())).toEqual([]);
  });

  it('takes an event lease only for the resource it writes to, and leaves no intent mark behind', async () => {
    const prefix = `sweepreads${Date.now().toString(36)}`;
    const tables = createTableStore({
      connectionString: inject('azuriteConnectionString'),
      prefix,
    });
    const dedupe = createDedupe(tables);
    const marks = createIntentMarks(tables);
    const points: CrashPoint[] = [];
    const during: { lease?: string; marks?: number } = {};
    const eventId = `sweep:sweep-live:${STORAGE.id.toLowerCase()}`;
    h = await startWardHarness({
      seed: seed(),
      // The secrets' findings become tickets: only the storage account is written to.
      policy: { rules: { ...QUIET.rules, 'keyvault-secret-expiry-set': { mode: 'ticket' } } },
      ward: {
        tablePrefix: prefix,
        reliability: {
          checkpoint: async (point) => {
            points.push(point);
            if (point === 'written') {
              during.lease = await dedupe.eventState(eventId, new Date());
              during.marks = (await marks.list(STORAGE.id)).length;
            }
          },
        },
      },
    });
    const digest = await h.ward.sweep({
      ...SWEEP,
      invocationId: 'sweep-live',
      firedAt: new Date().toISOString(),
    });
    expect(digest).toMatchObject({ resources: 3, secrets: 2, remediated: 1, failed: 0 });
    // Five resources and secrets swept, one written to: one claim, one intent, one write.
    expect(points).toEqual(['claimed', 'intent', 'written']);
    expect(during).toEqual({ lease: 'leased', marks: 1 });
    expect(await dedupe.eventState(eventId, new Date())).toBe('done');
    expect((await marks.listAll()).size).toBe(0);
    expect(h.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
  });
});
