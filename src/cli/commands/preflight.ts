import type { TokenCredential } from '@azure/core-auth';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ConfigError } from '../../config/errors';
import { loadPolicyFile } from '../../config/load-policy';
import type { PreflightReport } from '../../preflight/types';
import type { Simulator } from '../../simulator';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';
import { collectList } from '../list-option';

interface PreflightOptions {
  simulator?: boolean;
  subscription?: string[];
  vault?: string[];
  workspace?: string;
  policy?: string;
  wardPrincipal?: string;
  events: 'subscription' | 'arn';
  format: 'table' | 'json';
}

/** Who deploys in the simulator: an Owner of every subscription of the estate. */
const DEPLOYER_OID = 'de910e00-0000-4000-8000-0000000000de';

/** `ward preflight`: read-only checks before deploying ward, each `ok` or `fix` with what to do. */
export function registerPreflightCommand(program: Command, ctx: CliContext): void {
  program
    .command('preflight')
    .description(
      'check subscriptions (and vaults) before deploying ward, read-only: each check ok, or fix with what to run or pass',
    )
    .option('--simulator', 'check every subscription, vault and workspace of the bundled estate')
    .option(
      '--subscription <id>',
      'watched subscription (repeatable, or comma-separated)',
      collectList,
    )
    .option('--vault <id>', 'watched Key Vault resource id (repeatable)', collectList)
    .option('--workspace <id>', "diagnostics Log Analytics workspace id (else the policy's)")
    .option('--policy <file>', 'policy file whose diagnostics.workspaceId is checked')
    .option(
      '--ward-principal <objectId>',
      "object id of ward's identity, when it exists (default WARD_PRINCIPAL_ID)",
    )
    .addOption(
      new Option(
        '--events <source>',
        'what drives ward: the subscription topic, or Azure Resource Notifications',
      )
        .choices(['subscription', 'arn'])
        .default('subscription'),
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .action(async (options: PreflightOptions) => {
      let workspaceId = options.workspace;
      if (workspaceId === undefined && options.policy) {
        try {
          workspaceId = loadPolicyFile(options.policy).diagnostics.workspaceId;
        } catch (cause) {
          if (!(cause instanceof ConfigError)) throw cause;
          printConfigError(ctx.io.stderr, cause);
          ctx.exit(EXIT.unreadable);
          return;
        }
      }
      const [{ createAzureClients }, { ThrottleBuckets }, { runPreflight }, { armReader }] =
        await Promise.all([
          import('../../azure/clients'),
          import('../../azure/throttle'),
          import('../../preflight/run-preflight'),
          import('../../preflight/arm-read'),
        ]);
      const { signedInObjectId } = await import('../sign-in');
      let sim: Simulator | undefined;
      try {
        let credential: TokenCredential;
        let armEndpoint: string;
        let subscriptions = options.subscription ?? [];
        let vaultIds = options.vault ?? [];
        let wardPrincipalId = options.wardPrincipal;
        if (options.simulator) {
          const [{ startBundledSimulator }, { SimulatorCredential }, { DEMO_ACCESS_PRINCIPALS }] =
            await Promise.all([
              import('../demo/bundled-simulator'),
              import('../../simulator/credential'),
              import('../../simulator/seed/demo-access'),
            ]);
          // With RBAC: the permissions API then answers from role assignments, as ARM does.
          sim = await startBundledSimulator({ now: ctx.now(), rbac: true });
          const owner = sim.rbac?.roles.find((role) => role.roleName === 'Owner');
          const everything = subscriptions.length === 0;
          if (everything) subscriptions = sim.subscriptions.map((s) => s.subscriptionId);
          for (const s of sim.subscriptions) {
            if (owner) sim.rbac?.assign(DEPLOYER_OID, owner, `/subscriptions/${s.subscriptionId}`);
          }
          if (everything && vaultIds.length === 0) {
            vaultIds = sim.state.list({ type: 'Microsoft.KeyVault/vaults' }).map((v) => v.id);
          }
          workspaceId ??= sim.state.list({ type: 'Microsoft.OperationalInsights/workspaces' })[0]
            ?.id;
          wardPrincipalId ??= DEMO_ACCESS_PRINCIPALS.ward;
          credential = new SimulatorCredential({
            oid: DEPLOYER_OID,
            tid: sim.tenantId,
            name: 'ward preflight',
          });
          armEndpoint = sim.armUrl;
        } else {
          const [{ envSchema }, { createCredential }] = await Promise.all([
            import('../../config/env'),
            import('../../azure/credential'),
          ]);
          const env = envSchema.parse(process.env);
          credential = await createCredential(env);
          armEndpoint = env.WARD_ARM_ENDPOINT;
          wardPrincipalId ??= env.WARD_PRINCIPAL_ID;
        }
        if (subscriptions.length === 0) {
          ctx.io.stderr.write(
            'ward preflight: name the subscriptions with --subscription ID, or use --simulator\n',
          );
          ctx.exit(EXIT.problems);
          return;
        }
        // Signs in before any check: without credentials this throws, and main says to sign in.
        const callerObjectId = await signedInObjectId(credential);
        const clients = createAzureClients({
          credential,
          armEndpoint,
          ...(sim ? { ca: sim.ca } : {}),
          throttle: new ThrottleBuckets(),
          userAgentPrefix: 'ward-preflight',
        });
        const result = await runPreflight(
          {
            subscriptions,
            vaultIds,
            events: options.events,
            ...(workspaceId ? { workspaceId } : {}),
            ...(wardPrincipalId ? { wardPrincipalId } : {}),
            ...(callerObjectId ? { callerObjectId } : {}),
          },
          {
            reader: async (subscriptionId) =>
              armReader(await clients.resources(subscriptionId), clients.armEndpoint),
          },
        );
        if (options.format === 'json') {
          const report: PreflightReport = { checks: result.checks };
          ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          const { preflightText } = await import('../preflight/format-text');
          ctx.io.stdout.write(
            preflightText(result.checks, { color: ctx.io.stdout.isTTY === true }),
          );
        }
        for (const message of result.unreadable)
          ctx.io.stderr.write(`ward preflight: ${message}\n`);
        if (result.unreadable.length > 0) ctx.exit(EXIT.unreadable);
        else if (result.checks.some((c) => c.status === 'fix')) ctx.exit(EXIT.problems);
      } finally {
        await sim?.stop();
      }
    });
}
