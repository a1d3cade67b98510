/** An ARM resource body as a GET returns it. */
export interface ArmBody {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  etag?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ListFilter {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Full resource type, case-insensitive. */
  type?: string;
  /** Only resources whose id starts with `${parentId}/` (children and extension resources). */
  parentId?: string;
}

export interface StateChange {
  kind: 'put' | 'delete';
  id: string;
  body?: ArmBody;
}

const SUB_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The estate: ARM bodies by id, case-insensitive on the id as ARM is. Bodies are copied in and
 * out so nobody holds a live reference into the store.
 */
export class ResourceStore {
  private readonly byId = new Map<string, ArmBody>();
  private readonly listeners = new Set<(change: StateChange) => void>();

  static key(id: string): string {
    return id.toLowerCase().replace(/\/+$/, '');
  }

  get(id: string): ArmBody | undefined {
    const body = this.byId.get(ResourceStore.key(id));
    return body ? copy(body) : undefined;
  }

  has(id: string): boolean {
    return this.byId.has(ResourceStore.key(id));
  }

  put(body: ArmBody): void {
    const stored = copy(body);
    this.byId.set(ResourceStore.key(body.id), stored);
    this.notify({ kind: 'put', id: body.id, body: copy(stored) });
  }

  /** Deletes a resource and everything beneath it (children, extension resources). */
  delete(id: string): boolean {
    const key = ResourceStore.key(id);
    const existed = this.byId.delete(key);
    for (const other of [...this.byId.keys()]) {
      if (other.startsWith(`${key}/`)) this.byId.delete(other);
    }
    if (existed) this.notify({ kind: 'delete', id });
    return existed;
  }

  list(filter: ListFilter = {}): ArmBody[] {
    const type = filter.type?.toLowerCase();
    const parent = filter.parentId ? `${ResourceStore.key(filter.parentId)}/` : undefined;
    const out: ArmBody[] = [];
    for (const [key, body] of this.byId) {
      if (type && body.type.toLowerCase() !== type) continue;
      if (parent && !key.startsWith(parent)) continue;
      if (filter.subscriptionId || filter.resourceGroup) {
        const m = SUB_RG.exec(body.id);
        if (!m) continue;
        if (filter.subscriptionId && m[1]?.toLowerCase() !== filter.subscriptionId.toLowerCase()) {
          continue;
        }
        if (filter.resourceGroup && m[2]?.toLowerCase() !== filter.resourceGroup.toLowerCase()) {
          continue;
        }
      }
      out.push(copy(body));
    }
    return out.sort((a, b) => (ResourceStore.key(a.id) < ResourceStore.key(b.id) ? -1 : 1));
  }

  all(): ArmBody[] {
    return this.list();
  }

  get size(): number {
    return this.byId.size;
  }

  onChange(listener: (change: StateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: StateChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
