import { z } from 'zod';
import { ArmRequestError, json } from '../http';
import type { RouteTable } from '../routes';
import { PROVIDER_API_VERSIONS, requireApiVersion } from './api-versions';
import type { ArmEnv } from './env';

/** A resource provider's registration state in one subscription, as a seed may set it. */
export const seedProviderRegistrationSchema = z.strictObject({
  subscriptionId: z.uuid(),
  namespace: z.string().regex(/^[A-Za-z]+\.[A-Za-z.]+$/, 'must be a provider namespace'),
  registrationState: z.enum(['Registered', 'NotRegistered', 'Registering', 'Unregistering']),
});

export type SeedProviderRegistration = z.infer<typeof seedProviderRegistrationSchema>;

/**
 * Namespaces the simulator knows, spelled as ARM spells them. Every one is `Registered` unless
 * the seed says otherwise; any other namespace answers ARM's 404 `InvalidResourceNamespace`.
 */
const KNOWN_NAMESPACES = [
  'Microsoft.Authorization',
  'Microsoft.CognitiveServices',
  'Microsoft.EventGrid',
  'Microsoft.Insights',
  'Microsoft.KeyVault',
  'Microsoft.MachineLearningServices',
  'Microsoft.Network',
  'Microsoft.OperationalInsights',
  'Microsoft.ResourceNotifications',
  'Microsoft.Resources',
  'Microsoft.Storage',
];

/** Resource types listed under a provider (the rest of ARM's `resourceTypes` is not modelled). */
const RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.eventgrid': ['systemTopics', 'systemTopics/eventSubscriptions', 'eventSubscriptions'],
  'microsoft.resourcenotifications': ['eventGridFilters'],
};

/**
 * `GET /subscriptions/{s}/providers/{namespace}` (Providers_Get): the provider's registration
 * state in the subscription, which `ward preflight` reads for Event Grid (and Azure Resource
 * Notifications). The states come from the seed's `providerRegistrations`.
 */
export function registerProviderRoutes(
  routes: RouteTable,
  env: ArmEnv,
  registrations: readonly SeedProviderRegistration[],
): void {
  const stateOf = (subscriptionId: string, namespace: string): string =>
    registrations.find(
      (r) =>
        r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        r.namespace.toLowerCase() === namespace.toLowerCase(),
    )?.registrationState ?? 'Registered';
  routes.register({
    name: 'arm-provider',
    method: 'GET',
    pattern: /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/?$/i,
    plane: 'arm',
    handle: (req, match) => {
      const sub = match[1] ?? '';
      const asked = decodeURIComponent(match[2] ?? '');
      requireApiVersion(req.url, 'Microsoft.Resources', 'providers');
      if (!env.subscriptions.has(sub.toLowerCase())) {
        throw new ArmRequestError(
          404,
          'SubscriptionNotFound',
          `The subscription '${sub}' could not be found.`,
        );
      }
      const namespace = KNOWN_NAMESPACES.find((n) => n.toLowerCase() === asked.toLowerCase());
      if (!namespace) {
        throw new ArmRequestError(
          404,
          'InvalidResourceNamespace',
          `The resource namespace '${asked}' is invalid.`,
        );
      }
      const key = namespace.toLowerCase();
      const apiVersions = PROVIDER_API_VERSIONS[key] ?? [];
      return json(200, {
        id: `/subscriptions/${sub}/providers/${namespace}`,
        namespace,
        registrationState: stateOf(sub, namespace),
        registrationPolicy: 'RegistrationRequired',
        resourceTypes: (RESOURCE_TYPES[key] ?? []).map((resourceType) => ({
          resourceType,
          locations: [],
          apiVersions: [...apiVersions],
        })),
      });
    },
  });
}
