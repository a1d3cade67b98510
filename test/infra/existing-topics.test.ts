import { describe, expect, it } from 'vitest';
import { deriveInfra } from '../../scripts/infra/derive';
import { ArmEvaluationError, deployTemplate, type ArmScope } from './arm-evaluate';
import {
  EVENT_SUBSCRIPTIONS,
  SUBSCRIPTION,
  TENANT,
  TOPICS,
  VAULT_ID,
  VAULT_PARAMETERS,
  VAULT_SCOPE,
  WARD_PARAMETERS,
  deploySubscription,
  deployVaultEvents,
  ofType,
} from './deployments';
import { at, committedTemplate, resourcesOfType } from './templates';

// Azure allows one system topic per source and topic type, and the portal creates one with the
// first event subscription; the templates either create ward's topic or put ward's event
// subscription on the one that exists. These tests deploy the templates on paper in both modes.

describe('subscription.json', () => {
  const template = committedTemplate('subscription');
  const lists = deriveInfra().subscription.operationNameFilterValues.length;

  it('without an existing topic creates one on the subscription, with its resource group', () => {
    const deployed = deploySubscription();
    expect(ofType(deployed, 'Microsoft.Resources/resourceGroups').map((r) => r.name)).toEqual([
      'rg-ward-events',
    ]);
    const [topic, ...others] = ofType(deployed, TOPICS);
    expect(others).toEqual([]);
    expect(topic).toMatchObject({
      name: `ward-${SUBSCRIPTION}`,
      resourceGroup: 'rg-ward-events',
      location: 'global',
      properties: {
        source: `/subscriptions/${SUBSCRIPTION}`,
        topicType: 'Microsoft.Resources.Subscriptions',
      },
    });
    const subscriptions = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(subscriptions.map((s) => s.name)).toEqual(
      Array.from({ length: lists }, (_, i) => `ward-${SUBSCRIPTION}/ward-resource-changes-${i}`),
    );
    for (const s of subscriptions) expect(s.resourceGroup).toBe('rg-ward-events');
  });

  it('with an existing topic declares no topic and no resource group, and subscribes on the named topic', () => {
    const deployed = deploySubscription({
      existingSystemTopicName: 'sub-events-portal',
      existingSystemTopicResourceGroup: 'rg-platform',
    });
    expect(ofType(deployed, TOPICS)).toEqual([]);
    expect(ofType(deployed, 'Microsoft.Resources/resourceGroups')).toEqual([]);
    const subscriptions = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(subscriptions).toHaveLength(lists);
    for (const [i, s] of subscriptions.entries()) {
      expect(s.name).toBe(`sub-events-portal/ward-resource-changes-${i}`);
      expect(s.resourceGroup).toBe('rg-platform');
      expect(s.subscriptionId).toBe(SUBSCRIPTION);
      expect(at(s, 'properties.destination.properties.resourceId')).toBe(
        `${WARD_PARAMETERS.wardFunctionAppResourceId}/functions/resourceChanges`,
      );
    }
    // The role does not depend on the topic.
    expect(ofType(deployed, 'Microsoft.Authorization/roleDefinitions')).toHaveLength(1);
    expect(ofType(deployed, 'Microsoft.Authorization/roleAssignments')).toHaveLength(1);
  });

  it('an existing topic without a resource group is looked up in eventsResourceGroupName', () => {
    const deployed = deploySubscription({
      existingSystemTopicName: 'ward-earlier',
      eventsResourceGroupName: 'rg-ward-events-old',
    });
    expect(ofType(deployed, TOPICS)).toEqual([]);
    expect(ofType(deployed, EVENT_SUBSCRIPTIONS).map((s) => s.resourceGroup)).toEqual(
      Array.from({ length: lists }, () => 'rg-ward-events-old'),
    );
  });

  it('makes the topic and its resource group conditional resources', () => {
    const inner = at(
      resourcesOfType(template, 'Microsoft.Resources/deployments')[0],
      'properties.template',
    );
    const topic = resourcesOfType(inner as typeof template, TOPICS)[0];
    expect(at(topic, 'condition')).toBe(
      "[and(variables('subscriptionTopicOn'), not(variables('useExistingTopic')))]",
    );
    const group = resourcesOfType(template, 'Microsoft.Resources/resourceGroups')[0];
    expect(at(group, 'condition')).toBe("[not(variables('useExistingTopic'))]");
  });
});

describe('keyvault-events.json', () => {
  const template = committedTemplate('keyvaultEvents');

  it("without an existing topic creates one on the vault, in the vault's region", () => {
    const deployed = deployVaultEvents();
    const [topic, ...others] = ofType(deployed, TOPICS);
    expect(others).toEqual([]);
    expect(topic).toMatchObject({
      name: 'kv-ml-prod-ward',
      resourceGroup: 'rg-ml',
      location: 'westeurope',
      properties: { source: VAULT_ID, topicType: 'Microsoft.KeyVault.vaults' },
    });
    expect(at(topic, 'identity.userAssignedIdentities')).toHaveProperty([
      WARD_PARAMETERS.wardIdentityResourceId,
    ]);
    const [subscription] = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(subscription?.name).toBe('kv-ml-prod-ward/ward-secret-events');
    expect(at(subscription, 'properties.filter.includedEventTypes')).toEqual(
      deriveInfra().keyvaultEvents.secretEventTypes,
    );
    expect(at(subscription, 'properties.destination.properties.resourceId')).toBe(
      `${WARD_PARAMETERS.wardFunctionAppResourceId}/functions/keyVaultSecretEvents`,
    );
  });

  it('takes a given location over the vault’s', () => {
    const deployed = deployVaultEvents({ location: 'swedencentral' });
    expect(ofType(deployed, TOPICS)[0]?.location).toBe('swedencentral');
  });

  it('reads the region from the vault itself: a missing vault fails the deployment', () => {
    expect(() =>
      deployTemplate(template, { ...VAULT_SCOPE, existing: {} }, VAULT_PARAMETERS),
    ).toThrow(ArmEvaluationError);
  });

  it('with an existing topic declares no topic and subscribes on the named one', () => {
    const deployed = deployVaultEvents({
      existingSystemTopicName: 'kv-ml-prod-0f3c2a',
      existingSystemTopicResourceGroup: 'rg-events',
    });
    expect(ofType(deployed, TOPICS)).toEqual([]);
    const subscriptions = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({
      name: 'kv-ml-prod-0f3c2a/ward-secret-events',
      resourceGroup: 'rg-events',
      subscriptionId: SUBSCRIPTION,
    });
  });

  it("an existing topic without a resource group is looked up in the vault's", () => {
    const deployed = deployVaultEvents({
      existingSystemTopicName: 'kv-ml-prod-0f3c2a',
    });
    expect(ofType(deployed, TOPICS)).toEqual([]);
    expect(ofType(deployed, EVENT_SUBSCRIPTIONS)[0]?.resourceGroup).toBe('rg-ml');
  });
});

describe('the evaluator', () => {
  const scope: ArmScope = { tenantId: TENANT, subscriptionId: SUBSCRIPTION };

  it('refuses a function it does not know, and a parameter the template does not declare', () => {
    const template = {
      parameters: {},
      resources: [{ type: 'Microsoft.Resources/resourceGroups', name: "[toUpper('x')]" }],
    };
    expect(() => deployTemplate(template, scope)).toThrow(/unknown function toupper/);
    expect(() =>
      deployTemplate(committedTemplate('subscription'), scope, { existingTopic: 'x' }),
    ).toThrow(/existingTopic is not declared/);
  });

  it('evaluates only the branch of if() that it takes, and copy loops per index', () => {
    const template = {
      parameters: { names: { type: 'array', defaultValue: ['a', 'b'] } },
      resources: [
        {
          type: 'Microsoft.Resources/resourceGroups',
          name: "[if(equals(copyIndex(), 0), parameters('names')[0], format('{0}-{1}', parameters('names')[1], copyIndex(1)))]",
          condition: "[not(empty(parameters('names')))]",
          copy: { name: 'groups', count: "[length(parameters('names'))]" },
          location: "[if(true(), 'here', reference('/missing').location)]",
        },
      ],
    };
    expect(() => deployTemplate(template, scope)).toThrow(/unknown function true/);
    template.resources[0]!.location = "[if(empty(''), 'here', reference('/missing').location)]";
    expect(deployTemplate(template, scope).map((r) => [r.name, r.location])).toEqual([
      ['a', 'here'],
      ['b-2', 'here'],
    ]);
  });
});
