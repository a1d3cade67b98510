import { afterEach, describe, expect, it } from 'vitest';
import type { SimRequest } from '../../src/simulator';
import { startWardHarness, WARD_OID, type WardHarness } from './harness';
import { SCOPE, STORAGE, smallSeed, storageAccount } from './estate';

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };

describe('sweep: judged from Resource Graph rows', () => {
  it('reads no compliant account through ARM and reads the failing one before fixing it', async () => {
    const compliant = ['stitrow01', 'stitrow02', 'stitrow03'].map((name) =>
      storageAccount(SCOPE, {
        name,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        publicNetworkAccess: 'Disabled',
      }),
    );
    // Every GET ward makes, by path, as the simulator received them.
    const gets: string[] = [];
    const record = (req: SimRequest): number => {
      if (req.method === 'GET' && req.principal?.oid === WARD_OID) {
        gets.push(req.url.pathname.toLowerCase());
      }
      return 0;
    };
    h = await startWardHarness({
      seed: smallSeed({ resources: compliant }),
      policy: QUIET,
      sim: { latencyMs: record },
    });
    const digest = await h.ward.sweep({
      invocationId: 'sweep-rows',
      functionName: 'sweep',
      firedAt: new Date().toISOString(),
      isPastDue: false,
    });
    expect(digest).toMatchObject({ resources: 4, evaluated: 4, remediated: 1, failed: 0 });
    const bodyReads = (id: string): number =>
      gets.filter((path) => path === id.toLowerCase()).length;
    for (const account of compliant) expect(bodyReads(account.id)).toBe(0);
    // STORAGE allows TLS 1.0: read to plan, re-read as the precondition, re-read to verify.
    expect(bodyReads(STORAGE.id)).toBeGreaterThanOrEqual(3);
    expect(h.ward.counters().fromPayload).toBe(3);
    expect(h.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
  });
});
