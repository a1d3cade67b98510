import { z } from 'zod';
import type { ResourcePayload } from '../domain';
import { armBodyOptionalMembers } from '../engine/arm-body';

/**
 * The members a Resource Graph `resources` row shares with an ARM GET body. The sweep's query
 * projects them so a compliant resource is judged from its row, without an ARM read.
 */
export const GRAPH_BODY_COLUMNS = [
  'id',
  'name',
  'type',
  'location',
  'kind',
  'tags',
  'identity',
  'sku',
  'properties',
] as const;

const rowBodySchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.string().min(1),
  ...armBodyOptionalMembers,
});

/**
 * A row as a payload, or undefined when it lacks the envelope or its properties (then the
 * resource is read). Resource Graph does not say the api-version its properties are written
 * at, so a rule that does not pass on it stands only on properties the row holds.
 */
export function graphPayload(value: unknown): ResourcePayload | undefined {
  const parsed = rowBodySchema.safeParse(value);
  if (!parsed.success || !parsed.data.properties) return undefined;
  const {
    subscriptionId: _subscription,
    resourceGroup: _group,
    tenantId: _tenant,
    ...resource
  } = parsed.data;
  return { origin: 'resource-graph', resource };
}
