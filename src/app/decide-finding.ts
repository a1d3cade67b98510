import { decide } from '../decide';
import type { BudgetState, DecideInput } from '../decide';
import type { Decision } from '../domain';

/** The guardrail facts, read only when a decision can depend on them. */
export interface GuardrailFacts {
  budget(): Promise<BudgetState>;
  /** Throws when the fix history cannot be read: no change is judged without it. */
  fixesInWindow(): Promise<number>;
}

/** Stands in for the guardrails on the first pass: neither can trip with these. */
const UNTRIPPED = { budget: { allowed: true, used: 0, limit: 1 }, fixesInWindow: 0 } as const;

function mayChange(decision: Decision): boolean {
  return decision.verb === 'remediate' || decision.verb === 'request-approval';
}

/**
 * Decides a finding, reading the budget and the fix history only when they can matter. The
 * flap and budget guardrails only ever turn a change (fix or approval) into something else, and
 * every earlier step (mode, exemptions, own change, no action) ignores them; so when the first
 * pass, with guardrails that cannot trip, ends in a ticket, a record or nothing, the real facts
 * would end there too. Only a change is decided again on the facts read from storage. Most
 * findings of a first sweep are tickets or records: this saves two reads for each of them.
 */
export async function decideFinding(
  input: Omit<DecideInput, 'budget' | 'fixesInWindow'>,
  facts: GuardrailFacts,
): Promise<Decision> {
  const first = decide({ ...input, ...UNTRIPPED });
  if (!mayChange(first)) return first;
  const [budget, fixesInWindow] = await Promise.all([facts.budget(), facts.fixesInWindow()]);
  return decide({ ...input, budget, fixesInWindow });
}
