import type { SimulatorCore, SimulatorPlugin } from '../core';
import type { ArmBody } from '../state';
import { toResourceRow, type ResourceRow } from './evaluate';
import { handleResourceGraphQuery } from './handler';

/**
 * Child resource types Resource Graph's `resources` table holds besides top-level resources.
 * Other children (subnets, private endpoint connections, storage services) and extension
 * resources (diagnostic settings) are not rows, as in Resource Graph.
 */
const INDEXED_CHILD_TYPES = new Set([
  'microsoft.machinelearningservices/workspaces/computes',
  'microsoft.machinelearningservices/workspaces/onlineendpoints',
  'microsoft.machinelearningservices/workspaces/onlineendpoints/deployments',
  'microsoft.machinelearningservices/workspaces/batchendpoints',
]);

function indexed(body: ArmBody): boolean {
  const type = body.type.toLowerCase();
  return type.split('/').length === 2 || INDEXED_CHILD_TYPES.has(type);
}

/** Rows kept in step with the resource store, so a query does not copy the whole estate. */
class RowIndex {
  private readonly rows = new Map<string, ResourceRow>();
  private sorted: ResourceRow[] | undefined;

  constructor(private readonly tenantId: string) {}

  put(body: ArmBody): void {
    const row = indexed(body) ? toResourceRow(body, this.tenantId) : undefined;
    const key = body.id.toLowerCase();
    if (row) this.rows.set(key, row);
    else this.rows.delete(key);
    this.sorted = undefined;
  }

  delete(id: string): void {
    this.rows.delete(id.toLowerCase());
    this.sorted = undefined;
  }

  all(): readonly ResourceRow[] {
    this.sorted ??= [...this.rows.values()];
    return this.sorted;
  }
}

/** `POST /providers/Microsoft.ResourceGraph/resources` over the simulator's resource store. */
export function resourceGraphPlugin(): SimulatorPlugin {
  let unsubscribe: (() => void) | undefined;
  let unregister: (() => void) | undefined;
  return {
    name: 'resource-graph',
    install(core: SimulatorCore) {
      const index = new RowIndex(core.tenantId);
      for (const body of core.state.all()) index.put(body);
      unsubscribe = core.state.onChange((change) => {
        if (change.kind === 'put' && change.body) index.put(change.body);
        else {
          // A delete also removes children and extension resources: drop them from the index.
          index.delete(change.id);
          for (const row of index.all()) {
            if (row.id.toLowerCase().startsWith(`${change.id.toLowerCase()}/`))
              index.delete(row.id);
          }
        }
      });
      const subscriptions = core.subscriptions.map((s) => s.subscriptionId);
      unregister = core.routes.register({
        name: 'resource-graph-resources',
        method: 'POST',
        pattern: /^\/providers\/Microsoft\.ResourceGraph\/resources\/?$/i,
        plane: 'arm',
        kind: 'read',
        handle: (req) =>
          handleResourceGraphQuery(req, {
            // With RBAC, Resource Graph answers only the rows the caller may read.
            rows: () => {
              const allowed = req.allowed;
              const rows = index.all();
              return allowed ? rows.filter((row) => allowed(`${row.type}/read`, row.id)) : rows;
            },
            subscriptions: () => subscriptions,
          }),
      });
    },
    stop() {
      unsubscribe?.();
      unregister?.();
    },
  };
}
