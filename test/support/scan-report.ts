import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { startBundledSimulator } from '../../src/cli/demo/bundled-simulator';
import { runScan, type ScanReport, type ScanResult } from '../../src/cli/scan/run-scan';
import { defaultPolicy } from '../../src/config/load-policy';
import { SEVERITIES } from '../../src/domain';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential } from '../../src/simulator';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { Seed } from '../../src/simulator/seed/format';

/** Markup a resource's owner controls, each pointing at `canary` should it ever load. */
export function hostileStrings(canary: string): {
  tag: string;
  property: string;
  name: string;
  message: string;
} {
  return {
    tag: `2027-01-01"><img src="${canary}/tag" onerror="document.title='pwned-tag'"><x-evil>`,
    property: `TLS1_0</code><script src="${canary}/property"></script><x-evil>`,
    name: `st'"><svg onload="document.title='pwned-name'"><image href="${canary}/name"/></svg>`,
    message: `</summary></details></td></tr><tr><td><iframe src="${canary}/message"></iframe><x-evil>`,
  };
}

/**
 * The bundled estate with the legacy storage account's owner writing markup where Azure lets
 * them: a `ward-exempt-until` tag (it reaches the decision's reasons) and a property value (it
 * reaches the evidence).
 */
function hostileEstate(now: Date, canary: string): Seed {
  const seed = insecureEstate({ now });
  const hostile = hostileStrings(canary);
  return {
    ...seed,
    resources: seed.resources.map((resource) =>
      resource.name === INSECURE_ESTATE.storageAccounts.legacy
        ? {
            ...resource,
            tags: {
              ...resource.tags,
              'ward-exempt': 'storage-min-tls-1-2',
              'ward-exempt-until': hostile.tag,
            },
            properties: { ...resource.properties, minimumTlsVersion: hostile.property },
          }
        : resource,
    ),
  };
}

/** `ward scan`'s report of the bundled estate (or its hostile variant) through the live readers. */
export async function scanBundledEstate(options: {
  now: Date;
  hostileCanary?: string;
}): Promise<ScanReport> {
  const sim = await startBundledSimulator({
    now: options.now,
    ...(options.hostileCanary ? { seed: hostileEstate(options.now, options.hostileCanary) } : {}),
  });
  try {
    const clients = createAzureClients({
      credential: new SimulatorCredential({ oid: 'scan-report-test', tid: sim.tenantId }),
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      throttle: new ThrottleBuckets(),
    });
    return await runScan({
      clients,
      registry: createRegistry(),
      // The hostile tag reaches the reasons only where the policy lets tags exempt that rule.
      policy: options.hostileCanary
        ? {
            ...defaultPolicy(),
            tagExemptions: { enabled: true, severities: [...SEVERITIES], maxDays: 365 },
          }
        : defaultPolicy(),
      subscriptions: sim.subscriptions.map((s) => s.subscriptionId),
      now: () => options.now,
    });
  } finally {
    await sim.stop();
  }
}

/**
 * Adds a finding whose names Azure would never allow, as a report read from elsewhere might
 * hold: a resource and vault name, a message and a subscription id made of markup.
 */
export function withHostileFinding(report: ScanReport, canary: string): ScanReport {
  const hostile = hostileStrings(canary);
  const template = report.results.find((r) => r.status === 'fail');
  if (!template) throw new Error('the report has no failing result to copy');
  const subscription = `"><x-evil sub`;
  const finding: ScanResult = {
    ...template,
    resourceId: `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${hostile.name}`,
    message: hostile.message,
    evidence: [
      { path: `properties.<x-evil>`, actual: { owner: hostile.name }, expected: hostile.message },
    ],
  };
  return {
    ...report,
    summary: { ...report.summary, subscriptions: [...report.summary.subscriptions, subscription] },
    results: [...report.results, finding],
  };
}
