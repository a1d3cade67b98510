import { startSimulator, type Simulator } from '../../simulator';
import { keyVaultPlugin } from '../../simulator/keyvault/plugin';
import { resourceGraphPlugin } from '../../simulator/resource-graph/plugin';
import { insecureEstate } from '../../simulator/seed/insecure-estate';
import { withDemoAccess } from '../../simulator/seed/demo-access';
import { wardRemediatorRole } from '../../simulator/rbac/infra-role';

export interface BundledSimulatorOptions {
  now: Date;
  /** Event Grid delivery: the demo keeps it in order and without duplicates unless asked. */
  events?: Parameters<typeof startSimulator>[0]['events'];
  /**
   * Authorize every request: ward's demo identity holds exactly the role infra/ grants, where
   * infra/ grants it (`withDemoAccess`), so Azure says no as it would. The demo turns it on.
   */
  rbac?: boolean;
}

/**
 * The simulator serving the bundled insecure estate, with Key Vault's data plane and Resource
 * Graph, and long-running operations that finish after one quick poll.
 */
export function startBundledSimulator(options: BundledSimulatorOptions): Promise<Simulator> {
  return startSimulator({
    seed: options.rbac
      ? withDemoAccess(insecureEstate({ now: options.now }))
      : insecureEstate({ now: options.now }),
    ...(options.rbac ? { rbac: { roles: [wardRemediatorRole()] } } : {}),
    plugins: [keyVaultPlugin(), resourceGraphPlugin()],
    lro: { polls: 1, retryAfterSeconds: 0 },
    ...(options.events ? { events: options.events } : {}),
  });
}
