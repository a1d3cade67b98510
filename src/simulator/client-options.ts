import type { TlsSettings } from '@azure/core-rest-pipeline';

/** What an Azure SDK management client needs to talk to the simulator. */
export interface SimulatorClientOptions {
  /** Base URL (core-client clients). */
  endpoint: string;
  /** Base URL (clients whose operation paths use `{$host}`, e.g. @azure/arm-machinelearning). */
  $host: string;
  /** ARM's scope, so tokens name the audience a real ARM token would. */
  credentialScopes: string[];
  /** Trust the simulator's CA for this client only (core-rest-pipeline `tlsOptions`). */
  tlsOptions: TlsSettings;
}

/**
 * Options for ARM SDK clients pointed at a simulator, e.g.
 * `new NetworkManagementClient(credential, subscriptionId, simulatorClientOptions(sim))`.
 * TLS trust travels per client through core-rest-pipeline's `tlsOptions` (its `tlsPolicy`),
 * never through a process-wide switch.
 */
export function simulatorClientOptions(sim: {
  armUrl: string;
  ca: string;
}): SimulatorClientOptions {
  return {
    endpoint: sim.armUrl,
    $host: sim.armUrl,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: sim.ca },
  };
}
