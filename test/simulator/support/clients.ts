import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SimulatorCredential, simulatorClientOptions } from '../../../src/simulator';
import type { Simulator } from '../../../src/simulator';
import { SUB, TENANT } from './small-seed';

/** Real SDK clients pointed at a simulator, as ward builds them. */
export function clientsFor(sim: Simulator, credential = new SimulatorCredential({ tid: TENANT })) {
  const options = simulatorClientOptions(sim);
  return {
    credential,
    resources: new ResourceManagementClient(credential, SUB, options),
    ml: new AzureMachineLearningWorkspaces(credential, SUB, options),
    network: new NetworkManagementClient(credential, SUB, options),
    monitor: new MonitorClient(credential, SUB, options),
  };
}
