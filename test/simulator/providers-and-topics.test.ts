import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armGet } from '../../src/readers/arm-get';
import {
  SimulatorCredential,
  simulatorClientOptions,
  startSimulator,
  type Simulator,
} from '../../src/simulator';
import { SeedError, parseSeed } from '../../src/simulator/seed/load';
import { PF, READY, TENANT, UNREADY, preflightSeed } from '../preflight/preflight-seed';
import { restError } from './support/errors';

describe('simulator: resource providers and Event Grid system topics', () => {
  let sim: Simulator;
  let client: (sub: string) => ResourceManagementClient;

  beforeAll(async () => {
    sim = await startSimulator({ seed: preflightSeed() });
    const options = simulatorClientOptions(sim);
    const credential = new SimulatorCredential({ tid: TENANT });
    client = (sub) => new ResourceManagementClient(credential, sub, options);
  });
  afterAll(async () => {
    await sim.stop();
  });

  it("answers Providers_Get with the seed's registration state, Registered by default", async () => {
    const registered = await client(READY).providers.get('Microsoft.EventGrid');
    expect(registered).toMatchObject({
      id: `/subscriptions/${READY}/providers/Microsoft.EventGrid`,
      namespace: 'Microsoft.EventGrid',
      registrationState: 'Registered',
    });
    expect(registered.resourceTypes?.map((t) => t.resourceType)).toContain('systemTopics');
    const not = await client(UNREADY).providers.get('microsoft.eventgrid');
    expect(not.registrationState).toBe('NotRegistered');
  });

  it('refuses an unknown namespace and an unknown subscription as ARM does', async () => {
    const unknown = await restError(client(READY).providers.get('Contoso.Nothing'));
    expect(unknown).toMatchObject({ statusCode: 404, code: 'InvalidResourceNamespace' });
    const missing = await restError(
      client('00000000-0000-4000-8000-0000000000ff').providers.get('Microsoft.EventGrid'),
    );
    expect(missing).toMatchObject({ statusCode: 404, code: 'SubscriptionNotFound' });
  });

  it('lists and gets seeded system topics at Event Grid api-versions, and refuses others', async () => {
    const list = await armGet(
      client(UNREADY),
      `/subscriptions/${UNREADY}/providers/Microsoft.EventGrid/systemTopics`,
      '2025-02-15',
    );
    expect(list.found).toBe(true);
    const names = (list as { body: { value: { name: string }[] } }).body.value.map((t) => t.name);
    expect(names).toEqual(['kv-closed-events']);
    const one = await armGet(client(READY), PF.subscriptionTopic, '2025-02-15');
    expect(one).toMatchObject({
      found: true,
      body: {
        properties: {
          topicType: 'Microsoft.Resources.Subscriptions',
          source: `/subscriptions/${READY}`,
        },
      },
    });
    await expect(armGet(client(READY), PF.subscriptionTopic, '2019-01-01')).rejects.toThrow(
      /No registered resource provider found .* API version '2019-01-01' for type 'systemTopics'/,
    );
  });

  it('rejects a seed registration state Azure does not have', () => {
    const seed = {
      ...preflightSeed(),
      providerRegistrations: [
        { subscriptionId: READY, namespace: 'Microsoft.EventGrid', registrationState: 'Maybe' },
      ],
    };
    expect(() => parseSeed(seed, 'seed')).toThrow(SeedError);
  });
});
