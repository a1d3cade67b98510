/**
 * One ward in a process of its own, driving the Event Grid trigger's handler with one event, for
 * the crash tests: at the crash point it names it writes `CHECKPOINT <point>` and waits to be
 * killed (SIGKILL, nothing runs after). Its settings come as JSON in WARD_CHILD.
 */
import pino from 'pino';
import { z } from 'zod';
import { createWard } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { makeSignalTrigger } from '../../src/events/trigger';
import { SimulatorCredential } from '../../src/simulator/credential';

const settingsSchema = z.object({
  armUrl: z.string(),
  ca: z.string(),
  connectionString: z.string(),
  tablePrefix: z.string(),
  tenantId: z.string(),
  principalId: z.string(),
  subscriptions: z.array(z.string()),
  policy: z.record(z.string(), z.unknown()),
  crashAt: z.enum(['claimed', 'intent', 'written', 'none']),
  event: z.unknown(),
});

const settings = settingsSchema.parse(JSON.parse(process.env.WARD_CHILD ?? '{}'));

const ward = await createWard({
  armEndpoint: settings.armUrl,
  ca: settings.ca,
  credential: new SimulatorCredential({
    oid: settings.principalId,
    tid: settings.tenantId,
    name: 'ward',
  }),
  tables: { connectionString: settings.connectionString },
  tablePrefix: settings.tablePrefix,
  policy: policySchema.parse(settings.policy),
  principalId: settings.principalId,
  subscriptions: settings.subscriptions,
  approvalBaseUrl: 'https://ward.example.test',
  teams: {},
  logger: pino({ level: 'silent' }),
  verify: { attempts: 3, delayMs: 5 },
  retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  reliability: {
    checkpoint: async (point) => {
      if (point !== settings.crashAt) return;
      process.stdout.write(`CHECKPOINT ${point}\n`);
      // Held here until the parent kills the process.
      await new Promise<never>(() => undefined);
    },
  },
});

// The body of functions/resource-changes (that module registers with the Functions host on
// import, which a plain node process has not got).
const handler = makeSignalTrigger('eventgrid', () => Promise.resolve(ward.useCases));
const quiet = (): void => undefined;
await handler(settings.event, {
  invocationId: `child-${process.pid}`,
  functionName: 'resourceChanges',
  info: quiet,
  warn: quiet,
  error: quiet,
});
process.stdout.write('DONE\n');
process.exit(0);
