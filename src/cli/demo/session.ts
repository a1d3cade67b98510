import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { policySchema, type Policy } from '../../config/policy';
import { DemoError } from '../../demo/errors';

/**
 * What another `ward` process needs to act on a running demo (`ward undo --simulator`): where
 * its Tables and simulator listen and which identity ward has there. Nothing in it is secret:
 * Azurite's account key is the published development key and the CA is a public certificate.
 */
export const demoSessionSchema = z.strictObject({
  version: z.literal(1),
  pid: z.int(),
  tablesConnectionString: z.string().min(1),
  tablePrefix: z.string(),
  armUrl: z.url(),
  ca: z.string().min(1),
  tenantId: z.string().min(1),
  principalId: z.string().min(1),
  subscriptions: z.array(z.string()).min(1),
  approvalOrigin: z.url(),
  teamsWebhookUrl: z.url(),
  policy: policySchema,
});

export type DemoSession = z.infer<typeof demoSessionSchema>;

/** The session file: WARD_DEMO_SESSION_FILE, else one per user in the temp folder. */
export function demoSessionPath(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.WARD_DEMO_SESSION_FILE;
  if (configured !== undefined && configured !== '') return configured;
  return join(tmpdir(), `ward-demo-${process.getuid?.() ?? 'user'}`, 'session.json');
}

export function writeDemoSession(path: string, session: DemoSession): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
}

export function removeDemoSession(path: string): void {
  rmSync(path, { force: true });
}

/** Reads the running demo's session; a coded error says how to start one. */
export function readDemoSession(path: string): DemoSession & { policy: Policy } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DemoError(
      'DEMO_NOT_RUNNING',
      `no running demo (${path} is missing): start one with \`ward demo --keep\` in another terminal`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DemoError('DEMO_NOT_RUNNING', `${path} is not JSON: start the demo again`);
  }
  const parsed = demoSessionSchema.safeParse(json);
  if (!parsed.success) {
    throw new DemoError(
      'DEMO_NOT_RUNNING',
      `${path} is not a demo session this ward understands: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
