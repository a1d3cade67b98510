import { z } from 'zod';
import { MAX_EVENT_ID_CHARS, MAX_EVENT_LABEL_CHARS } from '../store/text-limits';

/** An id from an event: refused when longer than any Azure id, never cut. */
const eventId = z.string().min(1).max(MAX_EVENT_ID_CHARS);
const label = z.string().max(MAX_EVENT_LABEL_CHARS);

const timestamp = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time');

/** Event Grid schema envelope (https://learn.microsoft.com/azure/event-grid/event-schema). */
export const eventGridEnvelopeSchema = z.object({
  id: eventId,
  topic: z.string().max(MAX_EVENT_ID_CHARS).optional(),
  subject: z.string().max(MAX_EVENT_ID_CHARS),
  eventType: label.min(1),
  eventTime: timestamp,
  data: z.unknown(),
  dataVersion: z.string().optional(),
  metadataVersion: z.string().optional(),
});

/** CloudEvents 1.0 envelope, as Event Grid delivers it with the CloudEvents schema. */
export const cloudEventEnvelopeSchema = z.object({
  id: eventId,
  source: eventId,
  type: label.min(1),
  specversion: z.literal('1.0'),
  time: timestamp.optional(),
  subject: z.string().max(MAX_EVENT_ID_CHARS).optional(),
  data: z.unknown(),
  datacontenttype: z.string().optional(),
});

/** Envelope fields common to both schemas, after normalising names. */
export interface EventEnvelope {
  schema: 'eventgrid' | 'cloudevents';
  id: string;
  type: string;
  time: string | undefined;
  /** Event Grid `topic` or CloudEvents `source`: the publishing resource. */
  topic: string | undefined;
  subject: string | undefined;
  data: unknown;
}

const armResourceId = z
  .string()
  .max(MAX_EVENT_ID_CHARS)
  .regex(/^\/subscriptions\/[^/]+\//i, 'not an ARM resource id (/subscriptions/{id}/...)');

/**
 * `data` of Microsoft.Resources.ResourceWriteSuccess / ResourceActionSuccess /
 * ResourceDeleteSuccess. Unknown fields are kept: Event Grid adds fields over time.
 */
export const resourceEventDataSchema = z.looseObject({
  resourceUri: armResourceId,
  operationName: label.min(1),
  status: z.string().optional(),
  subscriptionId: label.optional(),
  tenantId: z.string().optional(),
  correlationId: label.optional(),
  resourceProvider: z.string().optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
  authorization: z
    .looseObject({
      scope: z.string().optional(),
      action: z.string().optional(),
      evidence: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  httpRequest: z.record(z.string(), z.unknown()).optional(),
});

export type ResourceEventData = z.infer<typeof resourceEventDataSchema>;

/** Unix seconds, as Key Vault sends them: a number, a numeric string (the documented sample), or null. */
const unixSeconds = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'not Unix seconds'),
    z.null(),
  ])
  .transform((value) => (value === null ? undefined : Number(value)));

const trimmed = z.string().trim().min(1).max(MAX_EVENT_LABEL_CHARS);

/**
 * `data` of Microsoft.KeyVault.Secret* events after key normalisation (see parse): the
 * documented sample has `"ObjectName "` with a trailing space and a `Version` value with a
 * leading one, so keys and values are trimmed and keys matched case-insensitively.
 */
export const keyVaultEventDataSchema = z.object({
  id: z.url().max(MAX_EVENT_ID_CHARS),
  vaultname: trimmed,
  objecttype: trimmed,
  objectname: trimmed.optional(),
  version: z
    .string()
    .trim()
    .max(MAX_EVENT_LABEL_CHARS)
    .transform((value) => (value === '' ? undefined : value))
    .optional(),
  nbf: unixSeconds.optional(),
  exp: unixSeconds.optional(),
});

export type KeyVaultEventData = z.infer<typeof keyVaultEventDataSchema>;
