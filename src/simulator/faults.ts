import type { HttpMethod } from './http';

/** `403`: ARM's AuthorizationFailed, a permanent refusal (a role assignment removed mid-run). */
export type FaultKind = '429' | '500' | '503' | '403' | 'reset' | 'slow-lro' | 'failed-lro';

export interface FaultSpec {
  match?: {
    method?: HttpMethod;
    /** A RegExp tested against the URL pathname, or a case-insensitive substring of it. */
    pathPattern?: RegExp | string;
    /** Principal id (token `oid`, else `appid`). */
    principal?: string;
  };
  /** The first matching request (1-based) that faults. Default 1. */
  nth?: number;
  /** How many consecutive matching requests fault from `nth`. Default 1; `Infinity` allowed. */
  times?: number;
  kind: FaultKind;
  /** For '429' and '503': the `Retry-After` seconds. Default 1. */
  retryAfterSeconds?: number;
  /** For '403': the action the refusal names. Default `Microsoft.Resources/write`. */
  action?: string;
  /** For 'slow-lro': extra polls answering InProgress. Default 3. */
  extraPolls?: number;
}

export interface FaultHandle {
  id: number;
  spec: FaultSpec;
  /** How many requests this fault has hit. */
  hits(): number;
  remove(): void;
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  seen: number;
  hits: number;
}

export interface FaultRequestInfo {
  method: HttpMethod;
  path: string;
  principal: string | undefined;
}

function matches(spec: FaultSpec, info: FaultRequestInfo): boolean {
  const m = spec.match;
  if (!m) return true;
  if (m.method && m.method !== info.method) return false;
  if (m.principal && m.principal !== info.principal) return false;
  if (m.pathPattern !== undefined) {
    if (typeof m.pathPattern === 'string') {
      if (!info.path.toLowerCase().includes(m.pathPattern.toLowerCase())) return false;
    } else if (!m.pathPattern.test(info.path)) return false;
  }
  return true;
}

/** Scripted faults: which requests fail, how, and how often. */
export class FaultInjector {
  private nextId = 1;
  private readonly faults: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    const nth = spec.nth ?? 1;
    const times = spec.times ?? 1;
    if (!Number.isInteger(nth) || nth < 1)
      throw new RangeError('fault nth must be an integer >= 1');
    if (!(times >= 1)) throw new RangeError('fault times must be >= 1');
    const fault: ActiveFault = { id: this.nextId++, spec, seen: 0, hits: 0 };
    this.faults.push(fault);
    return {
      id: fault.id,
      spec,
      hits: () => fault.hits,
      remove: () => {
        const i = this.faults.indexOf(fault);
        if (i >= 0) this.faults.splice(i, 1);
      },
    };
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => f.spec);
  }

  /**
   * Counts this request against every matching fault and returns the faults that fire for it,
   * in the order they were added.
   */
  take(info: FaultRequestInfo): FaultSpec[] {
    const fired: FaultSpec[] = [];
    for (const fault of this.faults) {
      if (!matches(fault.spec, info)) continue;
      fault.seen += 1;
      const nth = fault.spec.nth ?? 1;
      const times = fault.spec.times ?? 1;
      if (fault.seen >= nth && fault.seen < nth + times) {
        fault.hits += 1;
        fired.push(fault.spec);
      }
    }
    return fired;
  }
}
