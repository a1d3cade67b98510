import { z } from 'zod';
import type { ArmReader } from '../arm-read';
import type { CheckContext, SystemTopic } from '../context';
import { ok, parseTopLevelId, subscriptionScope } from '../context';
import type { PreflightCheck } from '../types';

/** Event Grid's current stable api-version. */
export const EVENT_GRID_API_VERSION = '2025-02-15';

export const SUBSCRIPTION_TOPIC_TYPE = 'Microsoft.Resources.Subscriptions';
export const VAULT_TOPIC_TYPE = 'Microsoft.KeyVault.vaults';

const topicSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string().default('global'),
  properties: z
    .looseObject({ source: z.string().default(''), topicType: z.string().default('') })
    .prefault({}),
});

/** Every system topic of a subscription (`GET /subscriptions/{s}/providers/Microsoft.EventGrid/systemTopics`). */
export async function listSystemTopics(
  reader: ArmReader,
  subscriptionId: string,
): Promise<SystemTopic[]> {
  const items = await reader.list(
    `${subscriptionScope(subscriptionId)}/providers/Microsoft.EventGrid/systemTopics`,
    EVENT_GRID_API_VERSION,
    `the Event Grid system topics of ${subscriptionId}`,
  );
  return items.map((item) => {
    const topic = topicSchema.parse(item);
    return {
      id: topic.id,
      name: topic.name,
      resourceGroup: parseTopLevelId(topic.id)?.resourceGroup ?? '',
      location: topic.location,
      source: topic.properties.source,
      topicType: topic.properties.topicType,
    };
  });
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The system topic of `source` with `topicType`, if one exists (Azure allows one per source). */
export function topicFor(
  topics: readonly SystemTopic[],
  topicType: string,
  source: string,
): SystemTopic | undefined {
  return topics.find((t) => same(t.topicType, topicType) && same(t.source, source));
}

function parameters(topic: SystemTopic): string {
  return `existingSystemTopicName=${topic.name} existingSystemTopicResourceGroup=${topic.resourceGroup}`;
}

/** The subscription's topic: reuse it (its parameters), or let the template create one. */
export async function subscriptionTopicCheck(
  ctx: CheckContext,
  subscriptionId: string,
): Promise<{ check: PreflightCheck; existing: SystemTopic | undefined }> {
  const scope = subscriptionScope(subscriptionId);
  const existing = topicFor(await ctx.systemTopics(subscriptionId), SUBSCRIPTION_TOPIC_TYPE, scope);
  const check = existing
    ? ok(
        'subscription-topic',
        scope,
        `system topic '${existing.name}' (${SUBSCRIPTION_TOPIC_TYPE}) exists in resource group '${existing.resourceGroup}': infra/subscription.json must reuse it (Azure allows one per subscription); give it ward's identity (docs/deployment.md, step 4)`,
        `pass ${parameters(existing)} to infra/subscription.json`,
      )
    : ok(
        'subscription-topic',
        scope,
        `no ${SUBSCRIPTION_TOPIC_TYPE} system topic: infra/subscription.json creates 'ward-${subscriptionId}' in resource group 'rg-ward-events' (location global)`,
        'pass neither existingSystemTopicName nor existingSystemTopicResourceGroup',
      );
  return { check, existing };
}

/** A vault's topic: reuse it, or let the template create one in the vault's region. */
export function vaultTopicCheck(
  vaultId: string,
  topics: readonly SystemTopic[],
  vaultResourceGroup: string,
  vaultLocation: string,
): { checks: PreflightCheck[]; existing: SystemTopic | undefined } {
  const existing = topicFor(topics, VAULT_TOPIC_TYPE, vaultId);
  if (!existing) {
    return {
      existing,
      checks: [
        ok(
          'vault-topic',
          vaultId,
          `no ${VAULT_TOPIC_TYPE} system topic for this vault: infra/keyvault-events.json creates one`,
          'pass neither existingSystemTopicName nor existingSystemTopicResourceGroup',
        ),
        ok(
          'vault-region',
          vaultId,
          `the vault is in '${vaultLocation}': the new system topic goes there (the template reads the vault's region)`,
          'leave location empty, or pass location=' + vaultLocation,
        ),
      ],
    };
  }
  const inVaultGroup = same(existing.resourceGroup, vaultResourceGroup);
  const remedy = inVaultGroup
    ? `pass existingSystemTopicName=${existing.name} to infra/keyvault-events.json`
    : `pass ${parameters(existing)} to infra/keyvault-events.json`;
  const regionOk = same(existing.location, vaultLocation);
  return {
    existing,
    checks: [
      ok(
        'vault-topic',
        vaultId,
        `system topic '${existing.name}' (${VAULT_TOPIC_TYPE}) exists in resource group '${existing.resourceGroup}': the template must reuse it (Azure allows one per vault)`,
        remedy,
      ),
      regionOk
        ? ok(
            'vault-region',
            vaultId,
            `the vault and its system topic are both in '${vaultLocation}'`,
          )
        : {
            id: 'vault-region',
            scope: vaultId,
            status: 'fix',
            detail: `the vault is in '${vaultLocation}' but its system topic '${existing.name}' is in '${existing.location}': Event Grid delivers a vault's events only from a topic in the vault's region`,
            fix: `az eventgrid system-topic delete -g ${existing.resourceGroup} -n ${existing.name}   # after moving its event subscriptions; then deploy infra/keyvault-events.json without existingSystemTopicName`,
          },
    ],
  };
}
