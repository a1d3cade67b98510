import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { SimClock } from './clock';
import { Counters } from './counters';
import type { SimulatorCore, SimulatorOptions, SimulatorPlugin } from './core';
import { EventBus } from './events/bus';
import { FaultInjector } from './faults';
import type { FaultSpec } from './faults';
import { ArmRequestError, armError } from './http';
import type { HttpMethod, OperationKind, SimRequest, SimResponse } from './http';
import { defaultPlugins } from './plugins';
import { principalFromAuthorization } from './principal';
import { Prng } from './prng';
import { RouteTable, kindFromMethod } from './routes';
import type { RouteMatch } from './routes';
import { ResourceStore } from './state';
import { Throttle } from './throttle';
import { createSimulatorTls } from './tls';
import { LroStore } from './arm/lro';
import type { ArmEnv } from './arm/env';
import { registerProviderRoutes } from './arm/providers';
import { registerArmRoutes } from './arm/routes';
import { loadSeedResources, seedResourceGroups } from './load-seed';
import { parseSeed } from './seed/load';
import { createRbac, type RequestAuthorization } from './rbac/hook';
import type { Authorizer } from './rbac/authorizer';
import { authorizationFailed } from './rbac/errors';
import { registerPermissionsRoute } from './rbac/permissions-route';

/** A running simulator. */
export interface Simulator extends SimulatorCore {
  /** Long-running operations still in progress. */
  lroInProgress(): number;
  /** Completes every long-running operation still in progress. */
  settleOperations(): void;
  /** Role assignments and definitions in force; `undefined` unless started with `rbac`. */
  readonly rbac: Authorizer | undefined;
  stop(): Promise<void>;
}

const METHODS = new Set<HttpMethod>(['GET', 'PUT', 'PATCH', 'DELETE', 'POST', 'HEAD']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function send(res: ServerResponse, method: HttpMethod, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(payload ? Buffer.byteLength(payload) : 0);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

function subscriptionOf(pathname: string): string | undefined {
  return /^\/subscriptions\/([^/?]+)/i.exec(pathname)?.[1];
}

/**
 * Starts the simulator: an HTTPS server on 127.0.0.1 serving ARM (and whatever plugins add)
 * for the seeded estate.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const seed = parseSeed(options.seed, 'simulator seed');
  const tls = await createSimulatorTls(options.hostnames ?? []);
  const random = new Prng(options.randomSeed ?? 1);
  const counters = new Counters();
  const clock = new SimClock(options.clock);
  const events = new EventBus(options.events ?? {}, random, counters);
  const faults = new FaultInjector();
  const throttle = new Throttle(options.throttle);
  const state = new ResourceStore();
  const routes = new RouteTable();
  const lro = new LroStore();
  let armUrl = '';
  const lroOptions = options.lro ?? {};
  const env: ArmEnv = {
    store: state,
    lro,
    events,
    clock,
    random,
    tenantId: seed.tenantId,
    subscriptions: new Set(seed.subscriptions.map((s) => s.subscriptionId.toLowerCase())),
    resourceGroups: seedResourceGroups(seed),
    armUrl: () => armUrl,
    pageSize: options.pageSize ?? 100,
    lroOptions: {
      polls: lroOptions.polls ?? 1,
      retryAfterSeconds: lroOptions.retryAfterSeconds ?? 1,
      ...(lroOptions.durationMs === undefined ? {} : { durationMs: lroOptions.durationMs }),
    },
    vaultUriFor: (name) => core.vaultUriFor(name),
  };
  if (!(env.pageSize >= 1)) throw new RangeError('pageSize must be >= 1');
  registerArmRoutes(routes, env);
  let rbac: { authorizer: Authorizer; authorize: RequestAuthorization } | undefined;
  registerPermissionsRoute(routes, () => rbac?.authorizer);
  registerProviderRoutes(routes, env, seed.providerRegistrations ?? []);

  const latency = options.latencyMs ?? 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const rawBody = await readBody(req);
    // Clients joining an endpoint and an id that starts with '/' send '//subscriptions/...'.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = (q < 0 ? target : target.slice(0, q)).replace(/\/{2,}/g, '/');
    const url = new URL(rawPath + (q < 0 ? '' : target.slice(q)), armUrl);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    const requestId = randomUUID();
    const correlationId = headers['x-ms-correlation-request-id'] ?? randomUUID();
    const baseHeaders = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlationId,
    };
    if (!METHODS.has(method)) {
      send(
        res,
        'GET',
        armError(405, 'MethodNotAllowed', `Method ${method} is not supported.`, baseHeaders),
      );
      return;
    }
    let body: unknown;
    let badJson = false;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        badJson = true;
      }
    }
    const principal = principalFromAuthorization(headers.authorization);
    const found: RouteMatch | undefined = routes.find(method, url.pathname);
    const simReq: SimRequest = {
      method,
      url,
      headers,
      rawBody,
      body,
      principal,
      correlationId,
      requestId,
      faults: [],
    };
    const principalId = principal?.id ?? 'anonymous';
    const respond = (response: SimResponse): void => {
      const merged = { ...response, headers: { ...baseHeaders, ...response.headers } };
      if (response.status === 412) counters.count(principalId, 'preconditionFailed');
      send(res, method, merged);
    };
    if (!found) {
      respond(armError(404, 'NotFound', `No route for ${method} ${url.pathname}.`));
      return;
    }
    const { route, match } = found;
    if (route.plane === 'arm') {
      if (!principal) {
        respond(
          armError(
            401,
            'AuthenticationFailed',
            "Authentication failed. The 'Authorization' header is missing.",
          ),
        );
        return;
      }
      if (badJson) {
        respond(
          armError(
            400,
            'InvalidRequestContent',
            'The request content was invalid and could not be deserialized.',
          ),
        );
        return;
      }
    }
    await sleep(typeof latency === 'function' ? latency(simReq) : latency);
    const fired: FaultSpec[] = faults.take({
      method,
      path: url.pathname,
      principal: principal?.id,
    });
    for (const fault of fired) {
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy();
          return;
        case '429':
          counters.count(principalId, 'throttled');
          respond(
            armError(429, 'TooManyRequests', 'The request is being throttled (injected fault).', {
              'retry-after': String(fault.retryAfterSeconds ?? 1),
            }),
          );
          return;
        case '403':
          respond(
            authorizationFailed(
              principal ?? { id: principalId, claims: {} },
              fault.action ?? 'Microsoft.Resources/write',
              url.pathname,
            ),
          );
          return;
        case '500':
          respond(
            armError(
              500,
              'InternalServerError',
              'Encountered internal server error (injected fault).',
            ),
          );
          return;
        case '503':
          respond(
            armError(503, 'ServiceUnavailable', 'The service is unavailable (injected fault).', {
              'retry-after': String(fault.retryAfterSeconds ?? 1),
            }),
          );
          return;
        case 'slow-lro':
        case 'failed-lro':
          break;
      }
    }
    simReq.faults = fired;
    const kind: OperationKind =
      typeof route.kind === 'function'
        ? route.kind(simReq)
        : (route.kind ?? kindFromMethod(method));
    let limitHeaders: Record<string, string> = {};
    if (route.plane === 'arm') {
      const decision = throttle.take(
        subscriptionOf(url.pathname) ?? seed.tenantId,
        principalId,
        kind,
      );
      limitHeaders = { [decision.header]: String(decision.remaining) };
      if (!decision.allowed) {
        counters.count(principalId, 'throttled');
        respond(
          armError(
            429,
            'TooManyRequests',
            `Number of ${kind === 'read' ? 'read' : kind === 'delete' ? 'delete' : 'write'} requests for subscription '${subscriptionOf(url.pathname) ?? ''}' and principal '${principalId}' exceeded the limit. Please try again after ${decision.retryAfterSeconds} seconds.`,
            { ...limitHeaders, 'retry-after': String(decision.retryAfterSeconds) },
          ),
        );
        return;
      }
    }
    counters.count(
      principalId,
      kind === 'read'
        ? 'reads'
        : kind === 'write'
          ? 'writes'
          : kind === 'delete'
            ? 'deletes'
            : 'actions',
    );
    const refusal = rbac?.authorize(simReq, route);
    if (refusal) {
      respond({ ...refusal, headers: { ...limitHeaders, ...refusal.headers } });
      return;
    }
    let response: SimResponse;
    try {
      response = await route.handle(simReq, match, core);
    } catch (error) {
      response =
        error instanceof ArmRequestError
          ? error.toResponse()
          : armError(
              500,
              'InternalServerError',
              `The simulator failed: ${error instanceof Error ? error.message : String(error)}`,
            );
    }
    // ARM answers an existence check (HEAD) that finds the resource with 204.
    const status =
      route.plane === 'arm' && method === 'HEAD' && response.status === 200 ? 204 : response.status;
    respond({ ...response, status, headers: { ...limitHeaders, ...response.headers } });
  }

  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        send(
          res,
          'GET',
          armError(
            500,
            'InternalServerError',
            error instanceof Error ? error.message : String(error),
          ),
        );
      }
    });
  });
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  armUrl = `https://127.0.0.1:${address.port}`;

  // Extra listeners are plain TCP handing each connection to the main HTTPS server: TLS and
  // the request pipeline are shared, and a listener costs no TLS context of its own.
  const extraServers: NetServer[] = [];
  async function listen(port = 0): Promise<string> {
    const extra = createNetServer((socket) => {
      server.emit('connection', socket);
    });
    await new Promise<void>((resolve, reject) => {
      extra.once('error', reject);
      extra.listen(port, '127.0.0.1', () => {
        resolve();
      });
    });
    extraServers.push(extra);
    return `https://127.0.0.1:${(extra.address() as AddressInfo).port}`;
  }

  const plugins: SimulatorPlugin[] = options.plugins ?? defaultPlugins();
  const core: Simulator = {
    seed,
    tenantId: seed.tenantId,
    subscriptions: seed.subscriptions,
    armUrl,
    ca: tls.ca,
    state,
    routes,
    events,
    faults,
    counters,
    clock,
    random,
    vaultUriFor: (name) => `https://${name}.vault.azure.net/`,
    listen,
    get rbac() {
      return rbac?.authorizer;
    },
    lroInProgress: () => lro.inProgress(),
    settleOperations: () => {
      lro.settleAll();
    },
    stop: async () => {
      for (const plugin of [...plugins].reverse()) await plugin.stop?.();
      events.close();
      const closing = [server, ...extraServers].map(
        (listener) =>
          new Promise<void>((resolve) => {
            listener.close(() => {
              resolve();
            });
          }),
      );
      for (const s of sockets) s.destroy();
      await Promise.all(closing);
    },
  };
  loadSeedResources(env, seed);
  try {
    for (const plugin of plugins) await plugin.install(core);
    // After the plugins, so vaults already point at their data-plane listeners.
    if (options.rbac) rbac = createRbac(core, options.rbac === true ? {} : options.rbac);
  } catch (error) {
    await core.stop();
    throw error;
  }
  return core;
}
