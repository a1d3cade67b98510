import { z } from 'zod';

const timestamp = z
  .string()
  .min(1)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time');

const armResourceId = z
  .string()
  .regex(/^\/subscriptions\/[^/]+\//i, 'not an ARM resource id (/subscriptions/{id}/...)');

/**
 * `data.resourceInfo`. The page documents id, name, type, location, tags and properties
 * (properties only on CreatedOrUpdated); other members a payload carries (identity, kind, sku)
 * are kept, because some rules read them. Tags are documented as "string" but sent as an object.
 */
export const arnResourceInfoSchema = z.looseObject({
  id: armResourceId,
  name: z.string().min(1),
  type: z.string().regex(/^[^/]+\/[^/]+/, 'not a resource type (Provider/type)'),
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

/** `data` of Microsoft.ResourceNotifications.Resources.CreatedOrUpdated / Deleted. */
export const arnEventDataSchema = z.looseObject({
  resourceInfo: arnResourceInfoSchema,
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'not an api-version (yyyy-mm-dd[-preview])')
    .optional(),
  operationalInfo: z.looseObject({ resourceEventTime: timestamp }),
});

export type ArnEventData = z.infer<typeof arnEventDataSchema>;
