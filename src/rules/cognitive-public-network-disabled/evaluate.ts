import type { RuleOutcome, Snapshot } from '../../domain';
import { evaluatePublicNetwork } from '../public-network';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  return evaluatePublicNetwork(snapshot, {
    notArm: 'Expected an ARM Cognitive Services account body.',
    disabled: 'Public network access is disabled: only private endpoints reach the account.',
    deniedByDefault:
      'Public network access is enabled but network rules deny by default: only the listed IP ranges and virtual networks reach the account.',
    noAcls: 'Absent means no network rules: every public network is allowed.',
    open: 'The account accepts calls from any public network.',
  });
}
