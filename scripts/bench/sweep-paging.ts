import { watchedTypes } from '../../src/app/sweep';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';
import { count, ms, printTable } from './stats';

export interface SweepBenchOptions {
  resources: number;
  subscriptions: number;
}

interface PagingRun {
  pages: number;
  rows: number;
  ms: number;
}

function runRow(label: string, run: PagingRun): string[] {
  return [label, count(run.pages), count(run.rows), ms(run.ms), count(run.rows / (run.ms / 1000))];
}

/**
 * (d) The sweep's inventory: the query src/app/sweep.ts sends to Resource Graph for every
 * watched type, paged with skip tokens through the real client and ward's Resource Graph bucket
 * (15 queries per 5 seconds), over a generated estate. Once at the page size the sweep uses
 * today (the service default), once with `$top: 1000` for comparison.
 */
export async function benchSweepPaging(options: SweepBenchOptions): Promise<void> {
  const seed = generateEstate({
    resources: options.resources,
    seed: 23,
    subscriptions: options.subscriptions,
  });
  const startedSim = performance.now();
  const sim = await startSimulator({ seed });
  const simStart = performance.now() - startedSim;
  try {
    const types = watchedTypes({ registry: createRegistry() });
    const query =
      `resources | where type in~ (${types.map((t) => `'${t}'`).join(', ')}) ` +
      '| project id, type, subscriptionId, properties';
    const subscriptions = seed.subscriptions.map((s) => s.subscriptionId);

    const page = async (principal: string, top: number | undefined): Promise<PagingRun> => {
      const clients = createAzureClients({
        credential: new SimulatorCredential({ oid: principal, tid: seed.tenantId, name: 'ward' }),
        armEndpoint: sim.armUrl,
        ca: sim.ca,
        throttle: new ThrottleBuckets(),
      });
      const graph = await clients.resourceGraph();
      const started = performance.now();
      let pages = 0;
      let rows = 0;
      let skipToken: string | undefined;
      do {
        const result = await graph.resources({
          query,
          subscriptions,
          options: {
            resultFormat: 'objectArray',
            ...(top ? { top } : {}),
            ...(skipToken ? { skipToken } : {}),
          },
        });
        pages += 1;
        rows += Array.isArray(result.data) ? result.data.length : 0;
        skipToken = result.skipToken;
      } while (skipToken);
      return { pages, rows, ms: performance.now() - started };
    };

    const asSwept = await page('a0a0a0a0-0000-4000-8000-00000000be11', undefined);
    const top1000 = await page('a0a0a0a0-0000-4000-8000-00000000be12', 1000);
    printTable(
      `(d) sweep inventory through Resource Graph: ${count(seed.resources.length)}-resource estate, ` +
        `${String(options.subscriptions)} subscriptions`,
      [
        ['', 'pages', 'rows', 'time', 'rows/s'],
        runRow('as the sweep pages (service default page size)', asSwept),
        runRow('with $top: 1000', top1000),
      ],
    );
    process.stdout.write(`  simulator start with the estate: ${ms(simStart)}\n`);
  } finally {
    await sim.stop();
  }
}
