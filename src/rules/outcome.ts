import type { Evidence, RuleOutcome } from '../domain';

export function pass(message: string, evidence: Evidence[] = []): RuleOutcome {
  return { status: 'pass', message, evidence };
}

export function fail(message: string, evidence: Evidence[]): RuleOutcome {
  return { status: 'fail', message, evidence };
}

/** Not applicable, or the snapshot lacks the related data the rule needs. */
export function skip(message: string, evidence: Evidence[] = []): RuleOutcome {
  return { status: 'skip', message, evidence };
}

/** The rule could not judge (malformed data): never triggers a change. */
export function error(message: string, evidence: Evidence[] = []): RuleOutcome {
  return { status: 'error', message, evidence };
}
