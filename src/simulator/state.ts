/** An ARM resource body as a GET returns it; Azure sends some optional members as null. */
export interface ArmBody {
  id: string;
  name: string;
  type: string;
  location?: string | null;
  tags?: Record<string, string> | null;
  etag?: string | null;
  properties?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface ListFilter {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Full resource type, case-insensitive. */
  type?: string;
  /** Only resources whose id starts with `${parentId}/` (children and extension resources). */
  parentId?: string;
  /** Any other condition, on the stored body (read it, do not keep it). */
  where?: (body: Readonly<ArmBody>) => boolean;
}

/** A window of a list: `offset` items skipped, at most `limit` returned. */
export interface ListRange {
  offset: number;
  limit: number;
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
  /** Keys by lower-case type, so lists of one type do not scan the estate. */
  private readonly byType = new Map<string, Set<string>>();
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
    const key = ResourceStore.key(body.id);
    const previous = this.byId.get(key);
    if (previous) this.byType.get(previous.type.toLowerCase())?.delete(key);
    this.byId.set(key, stored);
    const type = stored.type.toLowerCase();
    let keys = this.byType.get(type);
    if (!keys) {
      keys = new Set();
      this.byType.set(type, keys);
    }
    keys.add(key);
    this.notify({ kind: 'put', id: body.id, body: copy(stored) });
  }

  /** Deletes a resource and everything beneath it (children, extension resources). */
  delete(id: string): boolean {
    const key = ResourceStore.key(id);
    const existed = this.byId.has(key);
    for (const other of [...this.byId.keys()]) {
      if (other === key || other.startsWith(`${key}/`)) {
        const body = this.byId.get(other);
        if (body) this.byType.get(body.type.toLowerCase())?.delete(other);
        this.byId.delete(other);
      }
    }
    if (existed) this.notify({ kind: 'delete', id });
    return existed;
  }

  /** Matching resources in id order (case-insensitive), copied; `range` picks a window. */
  list(filter: ListFilter = {}, range?: ListRange): ArmBody[] {
    const keys = this.matchingKeys(filter);
    const window = range ? keys.slice(range.offset, range.offset + range.limit) : keys;
    const out: ArmBody[] = [];
    for (const key of window) {
      const body = this.byId.get(key);
      if (body) out.push(copy(body));
    }
    return out;
  }

  count(filter: ListFilter = {}): number {
    return this.matchingKeys(filter).length;
  }

  private matchingKeys(filter: ListFilter): string[] {
    const candidates = filter.type
      ? (this.byType.get(filter.type.toLowerCase()) ?? new Set<string>())
      : this.byId.keys();
    const parent = filter.parentId ? `${ResourceStore.key(filter.parentId)}/` : undefined;
    const sub = filter.subscriptionId?.toLowerCase();
    const group = filter.resourceGroup?.toLowerCase();
    const out: string[] = [];
    for (const key of candidates) {
      if (parent && !key.startsWith(parent)) continue;
      if (sub || group) {
        const m = SUB_RG.exec(key);
        if (!m) continue;
        if (sub && m[1] !== sub) continue;
        if (group && m[2] !== group) continue;
      }
      if (filter.where) {
        const body = this.byId.get(key);
        if (!body || !filter.where(body)) continue;
      }
      out.push(key);
    }
    return out.sort();
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
