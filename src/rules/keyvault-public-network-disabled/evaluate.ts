import type { RuleOutcome, Snapshot } from '../../domain';
import { evaluatePublicNetwork } from '../public-network';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  return evaluatePublicNetwork(snapshot, {
    notArm: 'Expected an ARM Key Vault vault body.',
    disabled:
      'Public network access is disabled: only private endpoints and trusted services reach the vault.',
    deniedByDefault:
      'Public network access is enabled but the firewall denies by default: only the listed IP ranges and virtual networks reach the vault.',
    noAcls: 'Absent means no firewall: every public network is allowed.',
    open: 'The vault accepts connections from any public network.',
  });
}
