import type { SimClock, SimClockOptions } from './clock';
import type { Counters } from './counters';
import type { EventBus, EventDeliveryOptions } from './events/bus';
import type { FaultInjector } from './faults';
import type { SimRequest } from './http';
import type { Prng } from './prng';
import type { RouteTable } from './routes';
import type { Seed } from './seed/format';
import type { ResourceStore } from './state';
import type { ThrottleOptions } from './throttle';
import type { LroOptions } from './arm/env';
import type { RbacOptions } from './rbac/hook';

/** Options for `startSimulator`. Only `seed` is required. */
export interface SimulatorOptions {
  /** The estate to serve: a `Seed`, or anything that parses as one with `seedSchema`. */
  seed: unknown;
  /** Listen port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Extra DNS names the server certificate covers (it always covers localhost and 127.0.0.1). */
  hostnames?: string[];
  /** Items per page of list operations. Default 100. */
  pageSize?: number;
  lro?: LroOptions;
  throttle?: ThrottleOptions;
  /** Delay before every response, in ms. */
  latencyMs?: number | ((req: SimRequest) => number);
  events?: EventDeliveryOptions;
  clock?: SimClockOptions;
  /** Seed of the PRNG behind ids, etags, duplication and reordering. Default 1. */
  randomSeed?: number;
  /** Installed in order before the server answers. Default `defaultPlugins()`. */
  plugins?: SimulatorPlugin[];
  /**
   * Authorize every ARM, Resource Graph and Key Vault data-plane request against the seed's
   * role definitions and assignments (see docs/simulator.md, "RBAC"). Default off: everyone
   * may do everything.
   */
  rbac?: boolean | RbacOptions;
}

/** What plugins and callers share: state and services of one running simulator. */
export interface SimulatorCore {
  readonly seed: Seed;
  readonly tenantId: string;
  readonly subscriptions: Seed['subscriptions'];
  /** `https://127.0.0.1:<port>`, no trailing slash. */
  readonly armUrl: string;
  /** PEM of the CA clients trust. */
  readonly ca: string;
  readonly state: ResourceStore;
  readonly routes: RouteTable;
  readonly events: EventBus;
  readonly faults: FaultInjector;
  readonly counters: Counters;
  readonly clock: SimClock;
  readonly random: Prng;
  /** The `properties.vaultUri` given to vaults; plugins serving the data plane may replace it. */
  vaultUriFor: (vaultName: string) => string;
  /**
   * Opens another HTTPS listener on 127.0.0.1 (port 0 picks a free one) with the same
   * certificate and request pipeline (routes, faults, latency, counters); handlers tell
   * listeners apart by the `host` header. Closed by `stop()`. Resolves to its origin,
   * `https://127.0.0.1:<port>` (used for Key Vault, whose SDK wants a vault per host).
   */
  listen: (port?: number) => Promise<string>;
}

export interface SimulatorPlugin {
  name: string;
  install: (core: SimulatorCore) => void | Promise<void>;
  /** Called on `stop()`, in reverse install order. */
  stop?: () => void | Promise<void>;
}
