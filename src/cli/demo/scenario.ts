import type { TokenCredential } from '@azure/core-auth';
import { simulatorClientOptions, type Simulator } from '../../simulator';
import { INSECURE_ESTATE } from '../../simulator/seed/insecure-estate';
import { providerId } from '../../simulator/seed/ids';

/** One change a data scientist makes in the estate, through the real SDK clients. */
export interface ScenarioStep {
  title: string;
  /** What a person reads before it happens. */
  story: string;
  run(): Promise<void>;
}

export interface ScenarioOptions {
  sim: Simulator;
  /** The data scientist's credential: a principal other than ward's. */
  credential: TokenCredential;
}

const names = INSECURE_ESTATE;
export const DEMO_COMPUTE = 'ci-dana-gpu';
export const DEMO_SECRET = 'dana-openai-key';
/** The vault whose diagnostic setting the data scientist removes (it has one in the estate). */
export const DEMO_VAULT = names.vaults.secure;

function vaultId(): string {
  return providerId(
    names.subscriptions.prod,
    names.resourceGroups.prod,
    'Microsoft.KeyVault',
    'vaults',
    DEMO_VAULT,
  );
}

/**
 * The changes the demo plays: a compute instance with a public IP, a secret without expiry and a
 * vault's diagnostic setting removed. Each goes through the SDK a data scientist would use, so
 * the simulator raises the same Event Grid events Azure would.
 */
export function dataScientistChanges(options: ScenarioOptions): ScenarioStep[] {
  const { sim, credential } = options;
  const clientOptions = simulatorClientOptions(sim);
  const prod = names.subscriptions.prod;
  return [
    {
      title: `compute instance ${DEMO_COMPUTE} with a public IP`,
      story: `Dana creates compute instance ${DEMO_COMPUTE} in ${names.workspaces.public}, leaving node public IP on.`,
      async run() {
        const { AzureMachineLearningWorkspaces } = await import('@azure/arm-machinelearning');
        const ml = new AzureMachineLearningWorkspaces(credential, prod, clientOptions);
        await ml.computeOperations.beginCreateOrUpdateAndWait(
          names.resourceGroups.prod,
          names.workspaces.public,
          DEMO_COMPUTE,
          {
            location: 'westeurope',
            properties: {
              computeType: 'ComputeInstance',
              properties: { vmSize: 'Standard_NC6s_v3', enableNodePublicIp: true },
            },
          },
          { updateIntervalInMs: 50 },
        );
      },
    },
    {
      title: `secret ${DEMO_SECRET} without expiry`,
      story: `Dana stores an API key as secret ${DEMO_SECRET} in ${names.vaults.legacy}, without an expiry date.`,
      async run() {
        const vault = sim.state.get(
          providerId(
            prod,
            names.resourceGroups.prod,
            'Microsoft.KeyVault',
            'vaults',
            names.vaults.legacy,
          ),
        );
        const uri = vault?.properties?.vaultUri;
        if (typeof uri !== 'string') throw new Error(`${names.vaults.legacy} has no vaultUri`);
        const { SecretClient } = await import('@azure/keyvault-secrets');
        const secrets = new SecretClient(uri, credential, {
          tlsOptions: { ca: sim.ca },
          disableChallengeResourceVerification: true,
        });
        await secrets.setSecret(DEMO_SECRET, 'demo-value-not-a-real-key', {
          contentType: 'text/plain',
        });
      },
    },
    {
      title: `diagnostic setting removed from ${DEMO_VAULT}`,
      story: `Dana deletes the diagnostic setting that sends ${DEMO_VAULT}'s audit logs to Log Analytics.`,
      async run() {
        const { MonitorClient } = await import('@azure/arm-monitor');
        const monitor = new MonitorClient(credential, prod, clientOptions);
        await monitor.diagnosticSettings.delete(vaultId(), 'to-log-analytics');
      },
    },
  ];
}
