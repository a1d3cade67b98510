import { deriveLinkedActions, deriveRoleDefinition } from '../../src/actions/role';
import type { ActionRegistry } from '../../src/actions/registry';
import { enabledActionIds } from '../../src/decide/vault-writes';
import { ACTION_IDS, type ActionId } from '../../src/domain';
import { KEYVAULT_SECRET_EVENT_TYPES, RESOURCE_EVENT_TYPES } from '../../src/events/event-types';
import { ARN_EVENT_TYPES, ARN_SUBSCRIBE_PERMISSION } from '../../src/events/arn-event-types';
import { isReadableType } from '../../src/readers/arm-readers';
import { createRegistry, type RuleRegistry } from '../../src/rules/registry';
import { TABLE_NAMES } from '../../src/store/tables';
import { EVENT_GRID_LIMITS, chunk } from './event-grid-limits';
import { RELATED_OPERATIONS, RULE_OPERATIONS } from './related-operations';

/** What `npm run infra` writes into each template's `variables.derived`. */
export interface DerivedInfra {
  main: { tableNames: string[] };
  subscription: {
    roleActions: string[];
    /**
     * The role's actions when the deployment withholds vault writes (`allowVaultWrites: false`,
     * policy `vaultWrites.enabled: false`): without `Microsoft.KeyVault/vaults/write`.
     */
    roleActionsWithoutVaultWrites: string[];
    roleDataActions: string[];
    resourceEventTypes: string[];
    /** One list per event subscription, each within Event Grid's filter-value limit. */
    operationNameFilterValues: string[][];
    /** Added to the role when Azure Resource Notifications deliver the changes. */
    arnRoleActions: string[];
    arnEventTypes: string[];
    /** `data.resourceInfo.type` values per ARN event subscription: the watched ARM types. */
    arnResourceTypeFilterValues: string[][];
  };
  keyvaultEvents: { secretEventTypes: string[] };
  /** The narrow role for linked scopes outside the watched subscription. */
  linkedScopes: { roleActions: string[] };
}

export interface DeriveOptions {
  rules?: RuleRegistry;
  actions?: ActionRegistry;
  /** The actions the deployment enables; default every action in the catalog. */
  enabledActions?: readonly ActionId[];
  /** Values per event subscription; default Event Grid's limit. */
  filterValuesPerSubscription?: number;
}

function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

/** Adds `value` unless a case-insensitive equal is present (ARM operation names ignore case). */
function addUnique(into: Map<string, string>, value: string): void {
  const key = value.toLowerCase();
  if (!into.has(key)) into.set(key, value);
}

/**
 * The `data.operationName` values the subscription's event filter lets through: every watched
 * ARM type's `<type>/write`, plus the related operations that change what a rule judges. Types
 * ward does not read through ARM (Key Vault secrets: data-plane state, delivered by the vault's
 * own system topic) are left out.
 */
export function watchedOperations(rules: RuleRegistry = createRegistry()): string[] {
  const operations = new Map<string, string>();
  for (const rule of rules.rules) {
    for (const type of rule.metadata.resourceTypes) {
      if (!isReadableType(type)) continue;
      addUnique(operations, `${type}/write`);
      for (const related of RELATED_OPERATIONS[type.toLowerCase()] ?? []) {
        addUnique(operations, related.operation);
      }
    }
    for (const related of RULE_OPERATIONS[rule.metadata.id] ?? []) {
      addUnique(operations, related.operation);
    }
  }
  return [...operations.values()].sort(byText);
}

/**
 * The ARM types an Azure Resource Notifications subscription lets through: every type a rule
 * judges and ward reads through ARM. Related changes (diagnostic settings, connections) are not
 * ARN resources; the subscription topic beside it, or the sweep, sees them.
 */
export function watchedArnTypes(rules: RuleRegistry = createRegistry()): string[] {
  const types = new Map<string, string>();
  for (const rule of rules.rules) {
    for (const type of rule.metadata.resourceTypes)
      if (isReadableType(type)) addUnique(types, type);
  }
  return [...types.values()].sort(byText);
}

export function deriveInfra(options: DeriveOptions = {}): DerivedInfra {
  const enabled = options.enabledActions ?? ACTION_IDS;
  const registry = options.actions ? { registry: options.actions } : {};
  const role = deriveRoleDefinition(enabled, registry);
  const withoutVaultWrites = deriveRoleDefinition(
    enabledActionIds(enabled, { enabled: false }),
    registry,
  );
  const perSubscription =
    options.filterValuesPerSubscription ?? EVENT_GRID_LIMITS.filterValuesPerSubscription;
  return {
    main: { tableNames: Object.values(TABLE_NAMES).sort(byText) },
    subscription: {
      roleActions: role.actions,
      roleActionsWithoutVaultWrites: withoutVaultWrites.actions,
      roleDataActions: role.dataActions,
      resourceEventTypes: [...RESOURCE_EVENT_TYPES],
      operationNameFilterValues: chunk(watchedOperations(options.rules), perSubscription),
      arnRoleActions: [ARN_SUBSCRIBE_PERMISSION],
      arnEventTypes: [...ARN_EVENT_TYPES],
      arnResourceTypeFilterValues: chunk(watchedArnTypes(options.rules), perSubscription),
    },
    keyvaultEvents: { secretEventTypes: [...KEYVAULT_SECRET_EVENT_TYPES] },
    linkedScopes: {
      roleActions: deriveLinkedActions(
        enabled,
        options.actions ? { registry: options.actions } : {},
      ),
    },
  };
}
