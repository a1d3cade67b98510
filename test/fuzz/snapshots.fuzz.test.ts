import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/policy';
import { ruleSettingsFrom } from '../../src/config/rule-settings';
import { decide } from '../../src/decide';
import type { Snapshot } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { toFinding } from '../../src/engine/fingerprint';
import { parseSnapshotFile, SnapshotFileError } from '../../src/engine/snapshot-file';
import { createRegistry } from '../../src/rules/registry';
import { FUZZ_RUNS, fuzzRuns, hostileValue } from './fuzz-settings';

const registry = createRegistry();
const NOW = new Date('2026-11-23T12:00:00Z');
const policy = policySchema.parse({ tagExemptions: { enabled: true } });
const context = { now: NOW, settings: ruleSettingsFrom(policy) };
const RG = '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg';

/** Every type a rule judges, spelled as Azure does and in other cases (types match case-insensitively). */
const TYPES = [...new Set(registry.rules.flatMap((rule) => rule.metadata.resourceTypes))].filter(
  (type) => type.includes('/'),
);
const type = fc.oneof(
  fc.constantFrom(...TYPES),
  fc.constantFrom(...TYPES).map((t) => t.toUpperCase()),
);

/** The properties the rules read, to put hostile values where they look. */
const PROPERTIES = [
  'allowBlobPublicAccess',
  'allowSharedKeyAccess',
  'authMode',
  'compute',
  'computeType',
  'disableLocalAuth',
  'enablePurgeProtection',
  'enableRbacAuthorization',
  'enableSoftDelete',
  'encryption',
  'ipConfigurations',
  'managedNetwork',
  'minimumTlsVersion',
  'networkAcls',
  'privateEndpointConnections',
  'publicNetworkAccess',
  'vaultUri',
];
/** An ML compute's own properties sit one level deeper. */
const NESTED = [
  'enableNodePublicIp',
  'idleTimeBeforeShutdown',
  'remoteLoginPortPublicAccess',
  'scaleSettings',
  'sshSettings',
  'subnet',
];

const armBody = fc
  .record({
    type,
    name: fc.string({ minLength: 1, maxLength: 12 }),
    kind: fc.option(fc.oneof(fc.string({ maxLength: 20 }), hostileValue), { nil: undefined }),
    tags: fc.option(
      fc.dictionary(
        fc.constantFrom('ward-exempt', 'ward-exempt-until', 'env'),
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('*', '2026-12-01', '9999-12-31', 'x') },
          { weight: 1, arbitrary: hostileValue },
        ),
      ),
      { nil: undefined },
    ),
    identity: fc.option(
      fc.oneof(fc.constant({ type: 'SystemAssigned' }), fc.constant(null), hostileValue),
      { nil: undefined },
    ),
    properties: fc.dictionary(fc.constantFrom(...PROPERTIES), hostileValue, { maxKeys: 6 }),
    nested: fc.oneof(
      fc.dictionary(fc.constantFrom(...NESTED), hostileValue, { maxKeys: 4 }),
      hostileValue,
    ),
  })
  .map(({ type: t, name, kind, tags, identity, properties, nested }) => ({
    id: `${RG}/providers/${t}/${name}`,
    name,
    type: t,
    location: 'westeurope',
    properties: { ...properties, properties: nested },
    ...(kind !== undefined ? { kind } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(identity !== undefined ? { identity } : {}),
  }));

const secretBody = fc
  .record({
    attributes: fc.dictionary(fc.constantFrom('enabled', 'exp', 'nbf', 'created'), hostileValue),
    tags: fc.option(hostileValue, { nil: undefined }),
    managed: fc.option(hostileValue, { nil: undefined }),
  })
  .map((parts) => ({ id: 'https://kv.vault.azure.net/secrets/app-key/0123', ...parts }));

const related = fc.dictionary(
  fc.constantFrom(
    'diagnosticSettings',
    'serviceDiagnosticSettings',
    'privateEndpointConnections',
    'publicIpAddresses',
  ),
  fc.oneof(
    hostileValue,
    fc.array(
      fc.dictionary(
        fc.constantFrom('category', 'categoryGroup', 'enabled', 'logs', 'properties', 'id'),
        hostileValue,
        { maxKeys: 4 },
      ),
      { maxLength: 3 },
    ),
  ),
);

const snapshotFile = fc.oneof(
  { weight: 3, arbitrary: armBody },
  { weight: 1, arbitrary: secretBody },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(armBody, secretBody), related)
      .map(([resource, rel]) => ({ resource, related: rel })),
  },
  { weight: 1, arbitrary: fc.anything() },
);

const STATUSES = new Set(['pass', 'fail', 'skip', 'error']);

function parsed(raw: unknown): Snapshot[] | SnapshotFileError {
  try {
    return parseSnapshotFile(raw);
  } catch (error) {
    if (error instanceof SnapshotFileError) return error;
    throw error;
  }
}

describe(`resource snapshot fuzzing (${FUZZ_RUNS} snapshots through evaluate and decide)`, () => {
  it('every rule judges or says why it cannot, and decide answers every failure', () => {
    let judged = 0;
    let refused = 0;
    fc.assert(
      fc.property(snapshotFile, (raw) => {
        const snapshots = parsed(raw);
        if (snapshots instanceof SnapshotFileError) {
          refused += 1;
          return snapshots.message.length > 0;
        }
        for (const snapshot of snapshots) {
          for (const result of evaluateSnapshot(registry, snapshot, context)) {
            judged += 1;
            if (!STATUSES.has(result.status)) return false;
            // A rule that throws is a crash the engine caught: rules answer `error` themselves.
            if (result.message.startsWith('Rule threw while evaluating')) return false;
            if (result.status !== 'fail') continue;
            const rule = registry.get(result.ruleId);
            const tags =
              snapshot.subject.kind === 'arm'
                ? snapshot.subject.resource.tags
                : snapshot.subject.secret.tags;
            const decision = decide({
              finding: toFinding(result, NOW),
              rule: rule.metadata,
              policy,
              ...(tags ? { resourceTags: tags } : {}),
              activeExemptions: [],
              now: NOW,
              budget: { allowed: true, used: 0, limit: 10 },
              fixesInWindow: 0,
            });
            if (decision.reasons[0]?.code !== 'mode') return false;
          }
        }
        return true;
      }),
      fuzzRuns,
    );
    expect(judged).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(refused).toBeGreaterThan(100);
  }, 120_000);
});
