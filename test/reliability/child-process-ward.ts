/**
 * What the crash and scale-out child processes share: their settings (JSON in WARD_CHILD), the
 * ward they build from them, and the Event Grid trigger's handler they drive.
 */
import pino from 'pino';
import { z } from 'zod';
import type { WardOptions } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { makeSignalTrigger } from '../../src/events/trigger';
import type { Ward } from '../../src/app/create-ward';
import { SimulatorCredential } from '../../src/simulator/credential';

export const childSettingsSchema = z.object({
  armUrl: z.string(),
  ca: z.string(),
  connectionString: z.string(),
  tablePrefix: z.string(),
  tenantId: z.string(),
  principalId: z.string(),
  subscriptions: z.array(z.string()),
  policy: z.record(z.string(), z.unknown()),
  crashAt: z.enum(['claimed', 'intent', 'written', 'none']),
});

export type ChildSettings = z.infer<typeof childSettingsSchema>;

/** The settings the parent put in WARD_CHILD, checked against `schema`. */
export function childSettings<T extends z.ZodType>(schema: T): z.infer<T> {
  return schema.parse(JSON.parse(process.env.WARD_CHILD ?? '{}'));
}

/** The ward options every child process uses; each adds its Teams, clock and timings. */
export function childWardOptions(
  settings: ChildSettings,
): Pick<
  WardOptions,
  | 'armEndpoint'
  | 'ca'
  | 'credential'
  | 'tables'
  | 'tablePrefix'
  | 'policy'
  | 'principalId'
  | 'subscriptions'
  | 'approvalBaseUrl'
  | 'logger'
  | 'verify'
> {
  return {
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
    logger: pino({ level: 'silent' }),
    verify: { attempts: 3, delayMs: 5 },
  };
}

/**
 * The body of functions/resource-changes (that module registers with the Functions host on
 * import, which a plain node process has not got), for one invocation id.
 */
export function resourceChangesHandler(
  ward: Ward,
): (event: unknown, invocationId: string) => Promise<void> {
  const handler = makeSignalTrigger('eventgrid', () => Promise.resolve(ward.useCases));
  const quiet = (): void => undefined;
  return async (event, invocationId) => {
    await handler(event, {
      invocationId,
      functionName: 'resourceChanges',
      info: quiet,
      warn: quiet,
      error: quiet,
    });
  };
}

/** Held at a crash point until the parent kills the process (SIGKILL: nothing runs after). */
export function holdUntilKilled(): Promise<never> {
  return new Promise<never>(() => undefined);
}
