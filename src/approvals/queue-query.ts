import { z } from 'zod';
import { SEVERITIES } from '../domain/mode';
import { APPROVAL_ID_PATTERN } from './approval-store';
import { CSRF_FIELD } from './csrf';
import { decisionFormSchema } from './http-handler';

/** Pending approvals shown on one page of the queue. */
export const QUEUE_PAGE_SIZE = 50;
/** Approvals one bulk decision may cover: one page's worth. */
export const MAX_BULK_DECISIONS = QUEUE_PAGE_SIZE;

/** Query parameters and form fields arrive as lists: a name may be repeated. */
export type MultiValues = Readonly<Record<string, readonly string[] | undefined>>;

const QUERY_PARAMETERS = [
  'subscription',
  'rule',
  'severity',
  'minAgeHours',
  'maxAgeHours',
  'page',
] as const;

const ruleId = z
  .string()
  .max(80, 'is longer than a rule id')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a rule id such as storage-min-tls-1-2');
const hours = z.coerce
  .number({ error: 'must be a whole number of hours' })
  .int('must be a whole number of hours')
  .min(0, 'must be 0 or more')
  .max(8760, 'must be at most 8760 (a year)');

export const queueQuerySchema = z
  .strictObject(
    {
      subscription: z
        .guid('must be a subscription id (a GUID)')
        .transform((value) => value.toLowerCase())
        .optional(),
      rule: ruleId.optional(),
      severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
      minAgeHours: hours.optional(),
      maxAgeHours: hours.optional(),
      page: z.coerce
        .number({ error: 'must be a page number' })
        .int('must be a page number')
        .min(1, 'must be 1 or more')
        .max(100_000, 'is past the last page')
        .default(1),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter ${issue.keys.join(', ')} (the queue takes ${QUERY_PARAMETERS.join(', ')})`
          : undefined,
    },
  )
  .refine(
    (query) =>
      query.minAgeHours === undefined ||
      query.maxAgeHours === undefined ||
      query.minAgeHours <= query.maxAgeHours,
    { message: 'minAgeHours is more than maxAgeHours', path: ['maxAgeHours'] },
  );
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const bulkFormSchema = decisionFormSchema.extend({
  [CSRF_FIELD]: z.string().min(1, 'the form has no security token'),
  rule: ruleId,
  id: z
    .array(z.string().regex(APPROVAL_ID_PATTERN, 'names no approval'), {
      error: 'select at least one approval',
    })
    .min(1, 'select at least one approval')
    .max(MAX_BULK_DECISIONS, `select at most ${MAX_BULK_DECISIONS} approvals at once`)
    .refine((ids) => new Set(ids).size === ids.length, 'names an approval twice'),
});
export type BulkForm = z.infer<typeof bulkFormSchema>;

/**
 * Single values from repeated names: empty values count as absent (a filter left at "any"),
 * and a name given twice is a problem rather than a silent choice. `lists` keep every value.
 */
function flatten(
  values: MultiValues,
  lists: readonly string[] = [],
): { data: Record<string, unknown>; problems: string[] } {
  const data: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, all] of Object.entries(values)) {
    const given = (all ?? []).filter((value) => value !== '');
    if (lists.includes(name)) data[name] = given;
    else if (given.length > 1) problems.push(`${name} is given ${given.length} times`);
    else if (given[0] !== undefined) data[name] = given[0];
  }
  return { data, problems };
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((part) => typeof part === 'string').join('.');
    return path ? `${path} ${issue.message}` : issue.message;
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The queue's filters from the query string, each problem named. */
export function parseQueueQuery(query: MultiValues): Parsed<QueueQuery> {
  const { data, problems } = flatten(query);
  const parsed = queueQuerySchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: [...problems, ...describe(parsed.error)] };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/** A bulk decision form (repeated `id` fields), each problem named. */
export function parseBulkForm(form: MultiValues): Parsed<BulkForm> {
  const { data, problems } = flatten(form, ['id']);
  const parsed = bulkFormSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: [...problems, ...describe(parsed.error)] };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/** The query string that shows the same filters (for links and the form's action). */
export function queueSearch(query: Partial<QueueQuery>): string {
  const params = new URLSearchParams();
  for (const name of QUERY_PARAMETERS) {
    const value = query[name];
    if (value !== undefined && !(name === 'page' && value === 1)) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
