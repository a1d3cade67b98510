export type LroStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface LroStart {
  id: string;
  /** The resource the operation changes: busy until the operation ends. */
  resourceId: string;
  namespace: string;
  subscriptionId: string;
  location: string;
  /** Polls answering InProgress before the operation completes. */
  polls: number;
  /** Real-time limit after which it completes without further polls. */
  durationMs: number | undefined;
  fail: boolean;
  /** Applies the outcome: provisioning state, removal, event emission. */
  complete: (succeeded: boolean) => void;
  /** Body served by the operation-result (Location) URL once succeeded; undefined → 204. */
  result: () => unknown;
}

interface Operation extends LroStart {
  status: LroStatus;
  startTime: Date;
  endTime: Date | undefined;
  startedMs: number;
}

export interface OperationStatusBody {
  id: string;
  name: string;
  status: LroStatus;
  startTime: string;
  endTime?: string;
  percentComplete?: number;
  error?: { code: string; message: string };
}

/** Long-running operations, completed by polling (or by time, when a duration is set). */
export class LroStore {
  private readonly operations = new Map<string, Operation>();

  start(op: LroStart): void {
    this.operations.set(op.id.toLowerCase(), {
      ...op,
      status: 'InProgress',
      startTime: new Date(),
      endTime: undefined,
      startedMs: performance.now(),
    });
  }

  /** Settles every operation whose duration has passed (called before reads of the estate). */
  settleDue(): void {
    const now = performance.now();
    for (const op of this.operations.values()) {
      if (op.status === 'InProgress' && op.durationMs !== undefined) {
        if (now - op.startedMs >= op.durationMs) this.finish(op);
      }
    }
  }

  /** One poll: counts down, completes when due. Undefined when no such operation. */
  poll(id: string): Operation | undefined {
    const op = this.operations.get(id.toLowerCase());
    if (!op) return undefined;
    if (op.status === 'InProgress') {
      if (op.polls <= 0) this.finish(op);
      else op.polls -= 1;
    }
    return op;
  }

  statusBody(op: Operation): OperationStatusBody {
    const body: OperationStatusBody = {
      id: `/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/operationStatuses/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: op.startTime.toISOString(),
    };
    if (op.endTime) body.endTime = op.endTime.toISOString();
    body.percentComplete = op.status === 'InProgress' ? 50 : 100;
    if (op.status === 'Failed') {
      body.error = {
        code: 'OperationFailed',
        message: `The long-running operation ${op.id} failed (injected fault).`,
      };
    }
    return body;
  }

  /** Completes every operation still running (used on stop, and by `settleAll`). */
  settleAll(): void {
    for (const op of this.operations.values()) if (op.status === 'InProgress') this.finish(op);
  }

  /** An operation on this resource is still running. */
  busy(resourceId: string): boolean {
    const key = resourceId.toLowerCase();
    for (const op of this.operations.values()) {
      if (op.status === 'InProgress' && op.resourceId.toLowerCase() === key) return true;
    }
    return false;
  }

  inProgress(): number {
    let n = 0;
    for (const op of this.operations.values()) if (op.status === 'InProgress') n++;
    return n;
  }

  private finish(op: Operation): void {
    op.status = op.fail ? 'Failed' : 'Succeeded';
    op.endTime = new Date();
    op.complete(!op.fail);
  }
}
