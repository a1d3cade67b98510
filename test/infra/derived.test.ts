import { describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/registry';
import { READER_PERMISSIONS, deriveRoleDefinition } from '../../src/actions/role';
import { ACTION_IDS } from '../../src/domain';
import { VAULT_WRITE_ACTIONS, enabledActionIds } from '../../src/decide/vault-writes';
import { KEYVAULT_SECRET_EVENT_TYPES, RESOURCE_EVENT_TYPES } from '../../src/events/event-types';
import { parseResourceId } from '../../src/azure/resource-id';
import { SECRET_RESOURCE_TYPE } from '../../src/domain';
import { parseEvent } from '../../src/events/parse';
import { isReadableType } from '../../src/readers/arm-readers';
import { createRegistry } from '../../src/rules/registry';
import { resourceEvent } from '../../src/simulator/events/resource-events';
import { TABLE_NAMES } from '../../src/store/tables';
import { deriveInfra, watchedOperations } from '../../scripts/infra/derive';
import { EVENT_GRID_LIMITS, chunk } from '../../scripts/infra/event-grid-limits';
import {
  DEPLOYMENT_DOC,
  PERMISSIONS_END,
  PERMISSIONS_START,
  permissionsTable,
  withPermissionsTable,
} from '../../scripts/infra/permissions-doc';
import { RELATED_OPERATIONS, RULE_OPERATIONS } from '../../scripts/infra/related-operations';
import { TEMPLATE_FILES, withDerived, type TemplateName } from '../../scripts/infra/templates';
import { at, committedTemplate, nestedTemplates, onlyResource, repoText } from './templates';
import type { ArmTemplate } from '../../scripts/infra/templates';
import type { DeployedResource } from './arm-evaluate';
import {
  EVENT_SUBSCRIPTIONS,
  TOPICS,
  WARD_PARAMETERS,
  deploySubscription,
  deployVaultEvents,
  ofType,
} from './deployments';

const derived = deriveInfra();
const subscription = committedTemplate('subscription');
const keyvaultEvents = committedTemplate('keyvaultEvents');

function strings(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`expected a list of strings, got ${JSON.stringify(value)}`);
  }
  return value;
}

const SAMPLE_PARENT =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sample/providers/Microsoft.KeyVault/vaults/kv-sample';

/**
 * An id the operation could name: `NS/a/b/write` → `/subscriptions/…/providers/NS/a/n1/b/n2`;
 * an action drops its verb; an extension resource (diagnostic settings) sits on a vault.
 */
function sampleResourceId(operation: string): string {
  const segments = operation.split('/');
  const typeSegments = segments.slice(0, operation.endsWith('/action') ? -2 : -1);
  const [namespace, ...types] = typeSegments;
  const path = types.map((t, i) => `${t}/n${String(i + 1)}`).join('/');
  const scope =
    namespace?.toLowerCase() === 'microsoft.insights'
      ? SAMPLE_PARENT
      : '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sample';
  return `${scope}/providers/${namespace ?? ''}/${path}`;
}

function nested(template: ArmTemplate): ArmTemplate {
  const [inner] = nestedTemplates(template);
  return inner as ArmTemplate;
}

describe('templates carry exactly what the catalogs derive (npm run infra)', () => {
  it.each(Object.keys(TEMPLATE_FILES) as TemplateName[])('%s has not drifted', (name) => {
    const committed = committedTemplate(name);
    expect(withDerived(committed, derived[name])).toEqual(committed);
  });

  it('a changed catalog would show as drift', () => {
    const fewer = deriveInfra({ enabledActions: ['storage-set-min-tls-1-2'] });
    expect(withDerived(subscription, fewer.subscription)).not.toEqual(subscription);
  });
});

describe('the custom role ward remediator', () => {
  const role = onlyResource(subscription, 'Microsoft.Authorization/roleDefinitions');
  const permissions = at(role, 'properties.permissions.0');
  const actions = strings(derived.subscription.roleActions);
  const dataActions = strings(derived.subscription.roleDataActions);

  it('takes its actions and data actions from the derived variables', () => {
    expect(at(permissions, 'actions')).toBe("[variables('roleActions')]");
    // Without vault writes the derived list omits Microsoft.KeyVault/vaults/write; the ARN
    // permission joins the actions only when ARN delivers the changes.
    expect(at(subscription, 'variables.baseRoleActions')).toBe(
      "[if(parameters('allowVaultWrites'), variables('derived').roleActions, variables('derived').roleActionsWithoutVaultWrites)]",
    );
    expect(at(subscription, 'variables.roleActions')).toBe(
      "[if(variables('resourceNotificationsOn'), concat(variables('baseRoleActions'), variables('derived').arnRoleActions), variables('baseRoleActions'))]",
    );
    expect(at(permissions, 'dataActions')).toBe("[variables('derived').roleDataActions]");
    expect(at(permissions, 'notActions')).toEqual([]);
    expect(at(permissions, 'notDataActions')).toEqual([]);
    expect(at(subscription, 'variables.derived.roleActions')).toEqual(actions);
  });

  it('is exactly the role derived from every enabled action, readers included', () => {
    const expected = deriveRoleDefinition(ACTION_IDS);
    expect(actions).toEqual(expected.actions);
    expect(dataActions).toEqual(expected.dataActions);
    expect(actions).toEqual(expect.arrayContaining([...READER_PERMISSIONS.actions]));
    expect(dataActions).toEqual(expect.arrayContaining([...READER_PERMISSIONS.dataActions]));
  });

  it('holds no wildcard and no operation that no action or reader declares', () => {
    const declared = new Set<string>([
      ...READER_PERMISSIONS.actions,
      ...READER_PERMISSIONS.dataActions,
      ...createActionRegistry().actions.flatMap((a) => [
        ...a.permissions.actions,
        ...a.permissions.dataActions,
      ]),
    ]);
    for (const permission of [...actions, ...dataActions]) {
      expect(permission).not.toContain('*');
      expect(declared.has(permission), permission).toBe(true);
    }
  });

  it('deletes only what an enabled action deletes (its undo)', () => {
    const deleters = createActionRegistry().actions.filter((a) =>
      a.permissions.actions.some((p) => p.endsWith('/delete')),
    );
    for (const permission of actions.filter((p) => p.endsWith('/delete'))) {
      expect(
        deleters.some((a) => a.permissions.actions.includes(permission)),
        permission,
      ).toBe(true);
    }
    const storageOnly = deriveInfra({ enabledActions: ['storage-set-min-tls-1-2'] });
    expect(storageOnly.subscription.roleActions.filter((p) => p.endsWith('/delete'))).toEqual([]);
  });

  it('without vault writes, omits Microsoft.KeyVault/vaults/write and nothing else', () => {
    const without = strings(derived.subscription.roleActionsWithoutVaultWrites);
    expect(at(subscription, 'variables.derived.roleActionsWithoutVaultWrites')).toEqual(without);
    expect(without).not.toContain('Microsoft.KeyVault/vaults/write');
    expect(actions.filter((p) => !without.includes(p))).toEqual([
      'Microsoft.KeyVault/vaults/write',
    ]);
    expect(without).toEqual(
      deriveRoleDefinition(enabledActionIds(ACTION_IDS, { enabled: false })).actions,
    );
  });

  it('the actions withheld with vault writes are exactly those that declare vaults/write', () => {
    const declaring = createActionRegistry()
      .actions.filter((a) => a.permissions.actions.includes('Microsoft.KeyVault/vaults/write'))
      .map((a) => a.id)
      .sort();
    expect([...VAULT_WRITE_ACTIONS].sort()).toEqual(declaring);
  });

  it('never reads a secret value', () => {
    expect(dataActions.some((p) => /secrets\/getSecret/i.test(p))).toBe(false);
  });

  it('is assignable only to the subscription and assigned to ward', () => {
    expect(at(role, 'properties.assignableScopes')).toEqual(['[subscription().id]']);
    const assignment = onlyResource(subscription, 'Microsoft.Authorization/roleAssignments');
    expect(at(assignment, 'properties.principalId')).toBe("[parameters('wardPrincipalId')]");
    expect(at(assignment, 'properties.roleDefinitionId')).toBe(
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('roleDefinitionName'))]",
    );
  });
});

describe('the subscription event filter', () => {
  const filterValues = derived.subscription.operationNameFilterValues;
  const inner = nested(subscription);
  const eventSubscription = onlyResource(
    inner,
    'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    "[format('{0}/ward-resource-changes-{1}', variables('systemTopicName'), copyIndex())]",
  );

  it('covers every resource type a rule watches: ARM writes here, secrets on the vault topic', () => {
    const values = new Set(filterValues.flat().map((v) => v.toLowerCase()));
    const types = [...new Set(createRegistry().rules.flatMap((r) => r.metadata.resourceTypes))];
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) {
      if (type.toLowerCase() === SECRET_RESOURCE_TYPE.toLowerCase()) {
        // Secret expiry is data-plane state: the vault's own system topic delivers it.
        expect(derived.keyvaultEvents.secretEventTypes).toContain(
          'Microsoft.KeyVault.SecretNearExpiry',
        );
        expect(values.has(`${type}/write`.toLowerCase())).toBe(false);
      } else {
        expect(values.has(`${type}/write`.toLowerCase()), type).toBe(true);
      }
    }
  });

  it('lets through every related operation and nothing else', () => {
    const related = [...Object.values(RELATED_OPERATIONS), ...Object.values(RULE_OPERATIONS)]
      .flat()
      .map((r) => r.operation);
    const writes = createRegistry()
      .rules.flatMap((r) => r.metadata.resourceTypes)
      .filter((t) => isReadableType(t))
      .map((t) => `${t}/write`);
    const allowed = new Set([...related, ...writes].map((v) => v.toLowerCase()));
    for (const value of filterValues.flat()) {
      expect(allowed.has(value.toLowerCase()), value).toBe(true);
    }
    for (const operation of related) expect(filterValues.flat()).toContain(operation);
  });

  it('lets through only events whose resource ward then reads', () => {
    for (const operation of filterValues.flat()) {
      const event = resourceEvent({
        kind: operation.endsWith('/action')
          ? 'action'
          : operation.endsWith('/delete')
            ? 'delete'
            : 'write',
        id: `event-${operation}`,
        resourceId: sampleResourceId(operation),
        operationName: operation,
        principal: undefined,
        tenantId: '00000000-0000-0000-0000-0000000000aa',
        correlationId: 'c',
        eventTime: new Date('2026-11-23T00:00:00Z'),
      });
      const signal = parseEvent(event);
      const { type } = parseResourceId(signal.resourceId);
      expect(isReadableType(type), `${operation} → ${signal.resourceId}`).toBe(true);
    }
  });

  it("stays within Event Grid's advanced-filter limits", () => {
    expect(filterValues.length).toBeGreaterThan(0);
    for (const values of filterValues) {
      expect(values.length).toBeLessThanOrEqual(EVENT_GRID_LIMITS.filterValuesPerSubscription);
      for (const value of values) {
        expect(value.length).toBeLessThanOrEqual(EVENT_GRID_LIMITS.stringValueLength);
      }
    }
    const filters = at(eventSubscription, 'properties.filter.advancedFilters');
    expect(Array.isArray(filters) && filters.length).toBeLessThanOrEqual(
      EVENT_GRID_LIMITS.advancedFiltersPerSubscription,
    );
  });

  it('splits a list longer than the limit over several event subscriptions, keeping every value', () => {
    const all = watchedOperations();
    const split = deriveInfra({ filterValuesPerSubscription: 5 }).subscription;
    expect(split.operationNameFilterValues).toHaveLength(Math.ceil(all.length / 5));
    expect(split.operationNameFilterValues.flat()).toEqual(all);
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('has one event subscription per value list, filtering data.operationName with StringIn', () => {
    expect(at(eventSubscription, 'copy.count')).toBe(
      "[if(variables('subscriptionTopicOn'), length(variables('derived').operationNameFilterValues), 0)]",
    );
    expect(at(eventSubscription, 'properties.filter.advancedFilters')).toEqual([
      {
        operatorType: 'StringIn',
        key: 'data.operationName',
        values: "[variables('derived').operationNameFilterValues[copyIndex()]]",
      },
    ]);
    expect(derived.subscription.resourceEventTypes).toEqual([...RESOURCE_EVENT_TYPES]);
    expect(at(eventSubscription, 'properties.filter.includedEventTypes')).toBe(
      "[variables('derived').resourceEventTypes]",
    );
  });

  it('watches the subscription through a system topic', () => {
    const topic = onlyResource(
      inner,
      'Microsoft.EventGrid/systemTopics',
      "[variables('systemTopicName')]",
    );
    expect(at(topic, 'properties.topicType')).toBe('Microsoft.Resources.Subscriptions');
    expect(at(topic, 'properties.source')).toBe('[subscription().id]');
    expect(at(topic, 'location')).toBe('global');
  });
});

describe('delivery to the functions', () => {
  // Both templates deployed on paper (arm-evaluate.ts), each creating its own system topic.
  const targets: [string, DeployedResource[], ArmTemplate, string, string][] = [
    [
      'subscription',
      deploySubscription({ maxDeliveryAttempts: 7, eventTimeToLiveInMinutes: 90 }),
      subscription,
      'resourceChangesFunction',
      'functions/resource-changes.ts',
    ],
    [
      'key vault',
      deployVaultEvents({ maxDeliveryAttempts: 7, eventTimeToLiveInMinutes: 90 }),
      keyvaultEvents,
      'secretEventsFunction',
      'functions/keyvault-secret-events.ts',
    ],
  ];

  it.each(targets)(
    '%s events go to the function registered under that name',
    (_l, deployed, t, v, file) => {
      const name = at(t, `variables.${v}`);
      expect(typeof name).toBe('string');
      expect(repoText(file)).toContain(`app.eventGrid('${String(name)}'`);
      const subs = ofType(deployed, EVENT_SUBSCRIPTIONS);
      expect(subs.length).toBeGreaterThan(0);
      for (const sub of subs) {
        expect(at(sub, 'properties.destination.endpointType')).toBe('AzureFunction');
        expect(at(sub, 'properties.destination.properties.resourceId')).toBe(
          `${WARD_PARAMETERS.wardFunctionAppResourceId}/functions/${String(name)}`,
        );
      }
    },
  );

  it.each(targets)('%s events retry, then dead-letter with ward identity', (_l, deployed) => {
    for (const sub of ofType(deployed, EVENT_SUBSCRIPTIONS)) {
      expect(at(sub, 'properties.retryPolicy')).toEqual({
        maxDeliveryAttempts: 7,
        eventTimeToLiveInMinutes: 90,
      });
      expect(at(sub, 'properties.deadLetterWithResourceIdentity')).toEqual({
        identity: {
          type: 'UserAssigned',
          userAssignedIdentity: WARD_PARAMETERS.wardIdentityResourceId,
        },
        deadLetterDestination: {
          endpointType: 'StorageBlob',
          properties: {
            resourceId: WARD_PARAMETERS.wardStorageAccountResourceId,
            blobContainerName: 'eventgrid-deadletter',
          },
        },
      });
    }
    // The topic must hold the identity it dead-letters with.
    const [topic] = ofType(deployed, TOPICS);
    expect(at(topic, 'identity.userAssignedIdentities')).toHaveProperty([
      WARD_PARAMETERS.wardIdentityResourceId,
    ]);
  });

  it('the key vault topic sends the secret events the parser accepts', () => {
    expect(derived.keyvaultEvents.secretEventTypes).toEqual([...KEYVAULT_SECRET_EVENT_TYPES]);
    const deployed = deployVaultEvents();
    const [sub] = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(at(sub, 'properties.filter.includedEventTypes')).toEqual([
      ...KEYVAULT_SECRET_EVENT_TYPES,
    ]);
    const [topic] = ofType(deployed, TOPICS);
    expect(at(topic, 'properties.topicType')).toBe('Microsoft.KeyVault.vaults');
  });

  it("the dead-letter container's default is the one main.json creates", () => {
    const main = committedTemplate('main');
    const created = onlyResource(
      main,
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      String(at(main, 'variables.deadLetterContainerName')),
    );
    for (const t of [subscription, keyvaultEvents]) {
      expect(at(t, 'parameters.deadLetterContainerName.defaultValue')).toBe(created.name);
    }
  });

  it("creates ward's tables up front", () => {
    expect(derived.main.tableNames).toEqual(Object.values(TABLE_NAMES).sort());
  });
});

describe('the permission table in docs/deployment.md', () => {
  const normalise = (table: string): string[] =>
    table
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|\s*-+/.test(line))
      .map((line) =>
        line
          .split('|')
          .map((cell) => cell.trim())
          .join('|'),
      );

  it('lists exactly the role, each permission with what uses it', () => {
    const doc = repoText(DEPLOYMENT_DOC);
    const start = doc.indexOf(PERMISSIONS_START);
    const end = doc.indexOf(PERMISSIONS_END);
    expect(start).toBeGreaterThan(0);
    const documented = normalise(doc.slice(start, end));
    const expected = normalise(permissionsTable());
    expect(documented).toEqual(expected);
    const role = deriveRoleDefinition(ACTION_IDS);
    expect(expected).toHaveLength(1 + role.actions.length + role.dataActions.length);
    expect(expected.find((row) => row.includes('privateEndpoints/delete'))).toContain(
      '(undo only)',
    );
  });

  it('refuses a document without its markers', () => {
    expect(() => withPermissionsTable('# no markers', permissionsTable())).toThrow(
      /lacks the markers/,
    );
  });
});
