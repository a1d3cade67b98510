/** A failure the stand-in answers instead of (or, for `drop-after`, after) serving a request. */
export type StandInFault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  /** The connection is closed before anything happens. */
  | { kind: 'drop-before' }
  /** The request is carried out, then the connection is closed: the answer is lost. */
  | { kind: 'drop-after' };

export interface FaultRule {
  fault: StandInFault;
  /** Only requests whose `METHOD path` matches; every API request when absent. */
  match?: RegExp;
  /** How many requests it hits (1 unless given). */
  times?: number;
}

/** One-shot (or n-shot) faults, applied in the order they were injected. */
export function createFaults() {
  const rules: (FaultRule & { left: number })[] = [];
  return {
    inject(rule: FaultRule): void {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    clear(): void {
      rules.length = 0;
    },
    take(request: string): StandInFault | undefined {
      const rule = rules.find((r) => r.left > 0 && (r.match?.test(request) ?? true));
      if (!rule) return undefined;
      rule.left -= 1;
      return rule.fault;
    },
  };
}
