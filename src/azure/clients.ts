import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import type { AdditionalPolicyConfig } from '@azure/core-client';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { MonitorClient } from '@azure/arm-monitor';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { SecretClient } from '@azure/keyvault-secrets';
import { RETRY_OPTIONS, MAX_RETRY_AFTER_MS, retryAfterCapPolicy, retryAfterMs } from './retry';
import { remainingFromHeaders, requestKind, throttleKey, throttlePolicy } from './throttle';
import type { ThrottleBuckets } from './throttle';
import { AzureError } from './errors';
import { legacyRetryFactory, type LegacyFactory } from './legacy-retry';
import { namedExport } from './named-export';
import { REQUEST_BUDGET_MS, timeBudgetPolicies } from './time-budget';

export interface AzureClientsOptions {
  credential: TokenCredential;
  /** ARM endpoint: https://management.azure.com, or the simulator's URL. */
  armEndpoint: string;
  /** PEM of an extra CA to trust (the simulator's); passed as a client option, never process-wide. */
  ca?: string | Buffer;
  /** Default subscription for callers that do not name one. */
  subscriptionId?: string;
  throttle: ThrottleBuckets;
  userAgentPrefix?: string;
  /** Token audience for ARM; defaults to the public cloud's. */
  armScope?: string;
  /** Cap on a server-requested Retry-After wait (ms); longer waits become retryable errors. */
  maxRetryAfterMs?: number;
  /** Overrides of RETRY_OPTIONS (the demo and tests shorten the delays). */
  retryOptions?: Partial<typeof RETRY_OPTIONS>;
  /** Longest one call may take, retries included (REQUEST_BUDGET_MS by default). */
  requestBudgetMs?: number;
}

/**
 * Lazily built SDK clients: each getter imports its package on first call (a resource type's
 * SDK is paid for by the first event that needs it) and caches one client per key.
 */
export interface AzureClients {
  readonly armEndpoint: string;
  readonly subscriptionId: string | undefined;
  resources(subscriptionId?: string): Promise<ResourceManagementClient>;
  machineLearning(subscriptionId?: string): Promise<AzureMachineLearningWorkspaces>;
  network(subscriptionId?: string): Promise<NetworkManagementClient>;
  monitor(subscriptionId?: string): Promise<MonitorClient>;
  resourceGraph(): Promise<ResourceGraphClient>;
  secrets(vaultUrl: string): Promise<SecretClient>;
}

const DEFAULT_ARM_SCOPE = 'https://management.azure.com/.default';

/** True for localhost and loopback addresses: the simulator, never a real vault. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

function memo<T>(): (key: string, build: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, build) => {
    let client = cache.get(key);
    if (!client) {
      client = build();
      cache.set(key, client);
      client.catch(() => cache.delete(key));
    }
    return client;
  };
}

export function createAzureClients(options: AzureClientsOptions): AzureClients {
  const endpoint = options.armEndpoint.replace(/\/+$/, '');
  const maxRetryAfter = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  const retry = { ...RETRY_OPTIONS, ...options.retryOptions };
  const budgetMs = options.requestBudgetMs ?? REQUEST_BUDGET_MS;
  const budget = timeBudgetPolicies(budgetMs);
  const additionalPolicies: AdditionalPolicyConfig[] = [
    { policy: budget.start, position: 'perCall' },
    { policy: budget.check, position: 'perRetry' },
    { policy: retryAfterCapPolicy(maxRetryAfter), position: 'perRetry' },
    { policy: throttlePolicy(options.throttle), position: 'perRetry' },
  ];
  // Options every core-client based SDK client takes.
  const common = {
    additionalPolicies,
    retryOptions: retry,
    userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'ward' },
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
  // Generated ARM clients build every operation URL from `$host`; `endpoint` only feeds the
  // pipeline's defaults. Both must name the endpoint or calls go to management.azure.com.
  const arm = {
    ...common,
    endpoint,
    $host: endpoint,
    credentialScopes: options.armScope ?? DEFAULT_ARM_SCOPE,
  };
  const subscription = (id: string | undefined): string => {
    const value = id ?? options.subscriptionId;
    if (!value) {
      throw new AzureError('invalid-resource-id', 'no subscription id given for an ARM client', {
        retryable: false,
      });
    }
    return value;
  };

  const resources = memo<ResourceManagementClient>();
  const machineLearning = memo<AzureMachineLearningWorkspaces>();
  const network = memo<NetworkManagementClient>();
  const monitor = memo<MonitorClient>();
  const graph = memo<ResourceGraphClient>();
  const secrets = memo<SecretClient>();

  return {
    armEndpoint: endpoint,
    subscriptionId: options.subscriptionId,
    resources(id) {
      const sub = subscription(id);
      return resources(sub, async () => {
        const Client = namedExport(
          await import('@azure/arm-resources'),
          'ResourceManagementClient',
        );
        return new Client(options.credential, sub, arm);
      });
    },
    machineLearning(id) {
      const sub = subscription(id);
      return machineLearning(sub, async () => {
        const Client = namedExport(
          await import('@azure/arm-machinelearning'),
          'AzureMachineLearningWorkspaces',
        );
        return new Client(options.credential, sub, arm);
      });
    },
    network(id) {
      const sub = subscription(id);
      return network(sub, async () => {
        const Client = namedExport(await import('@azure/arm-network'), 'NetworkManagementClient');
        return new Client(options.credential, sub, arm);
      });
    },
    monitor(id) {
      const sub = subscription(id);
      return monitor(sub, async () => {
        const Client = namedExport(await import('@azure/arm-monitor'), 'MonitorClient');
        return new Client(options.credential, sub, arm);
      });
    },
    resourceGraph() {
      return graph('tenant', async () => {
        const Client = namedExport(await import('@azure/arm-resourcegraph'), 'ResourceGraphClient');
        // This package is on the older ms-rest-js pipeline: TLS goes through its agents and the
        // throttle and Retry-After cap through a request policy factory of the same behaviour.
        return new Client(options.credential, {
          baseUri: endpoint,
          userAgent: (defaultAgent: string) =>
            `${options.userAgentPrefix ?? 'ward'} ${defaultAgent}`,
          agentSettings: {
            http: new HttpAgent({ keepAlive: true }),
            https: new HttpsAgent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) }),
          },
          // The pipeline's own retry (30 s base, up to 90 s) is replaced by ward's.
          noRetryPolicy: true,
          requestPolicyFactories: (defaults) => [
            ...defaults,
            legacyRetryFactory({ retry, maxRetryAfterMs: maxRetryAfter, budgetMs }),
            legacyThrottleFactory(options.throttle, maxRetryAfter),
          ],
        });
      });
    },
    secrets(vaultUrl) {
      const url = vaultUrl.replace(/\/+$/, '');
      return secrets(url.toLowerCase(), async () => {
        const Client = namedExport(await import('@azure/keyvault-secrets'), 'SecretClient');
        return new Client(url, options.credential, {
          ...common,
          // Key Vault's challenge names the vault's resource; a loopback vault cannot match it.
          disableChallengeResourceVerification: isLoopbackUrl(url),
        });
      });
    },
  };
}

/** The throttle and Retry-After cap for an ms-rest-js pipeline (innermost, once per send). */
function legacyThrottleFactory(buckets: ThrottleBuckets, maxRetryAfterMs: number): LegacyFactory {
  return {
    create(nextPolicy) {
      return {
        async sendRequest(request) {
          const key = throttleKey(request.url);
          const kind = requestKind(request.method);
          await buckets.acquire(key, kind);
          let response;
          try {
            response = await nextPolicy.sendRequest(request);
            const remaining = remainingFromHeaders(response.headers, kind);
            if (remaining !== undefined) buckets.observe(key, kind, remaining);
          } finally {
            buckets.release(key, kind);
          }
          const wait = retryAfterMs({
            status: response.status,
            headers: { get: (name) => response.headers.get(name) },
          });
          if (wait !== undefined && wait > maxRetryAfterMs) {
            throw new AzureError(
              'retry-after-too-long',
              `${request.method} ${new URL(request.url).pathname} answered ${response.status} asking to wait ${Math.round(wait)} ms (cap ${maxRetryAfterMs} ms)`,
              { retryable: true, statusCode: response.status },
            );
          }
          return response;
        },
      };
    },
  };
}
