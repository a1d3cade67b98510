import { z } from 'zod';

/**
 * The members an ARM GET body may carry beside `id`, `name` and `type`. Azure leaves any of them
 * out or sends null (a Machine Learning workspace answers `"etag": null`): absent and null mean
 * the same. Unknown members stay accepted by the objects built from this shape.
 */
export const armBodyOptionalMembers = {
  location: z.string().nullish(),
  kind: z.string().nullish(),
  etag: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  identity: z.record(z.string(), z.unknown()).nullish(),
  sku: z.record(z.string(), z.unknown()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
};
