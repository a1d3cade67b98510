import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { z } from 'zod';

/** The copied Azure Resource Manager template schemas (see test/fixtures/arm-schemas/SOURCE.md). */
const SCHEMA_DIR = new URL('../fixtures/arm-schemas/', import.meta.url);

export const RESOURCE_GROUP_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json';
export const SUBSCRIPTION_SCHEMA =
  'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json';

const urlMapSchema = z.object({ map: z.record(z.string(), z.string()) });
const schemaFileSchema = z.record(z.string(), z.unknown());

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/**
 * The schemas are draft-04: they name themselves with `id`, which Ajv 8 refuses as a keyword.
 * Each file is registered under its URL from url-map.json (the `$ref`s use those URLs), with the
 * root `id` moved to `$id` and `$schema` dropped; nothing else in the schemas changes. Draft-04
 * and Ajv's default draft agree on every keyword these files use (no boolean
 * exclusiveMinimum/exclusiveMaximum).
 */
export function createArmValidator(): Ajv {
  const { map } = urlMapSchema.parse(readJson(new URL('url-map.json', SCHEMA_DIR)));
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    formats: { 'date-time': true },
  });
  for (const [url, relative] of Object.entries(map)) {
    const schema = schemaFileSchema.parse(readJson(new URL(relative, SCHEMA_DIR)));
    const { id, $schema: _draft, ...rest } = schema;
    ajv.addSchema(typeof id === 'string' ? { $id: id, ...rest } : rest, url);
  }
  return ajv;
}

export function validatorFor(ajv: Ajv, schemaUrl: string): ValidateFunction {
  const validate = ajv.getSchema(schemaUrl.split('#')[0] ?? schemaUrl);
  if (!validate) throw new Error(`No schema is registered for ${schemaUrl}.`);
  return validate;
}

/**
 * A root `oneOf` over ~140 resource definitions fails with an error from every branch. The
 * branches for other types fail on `type`/`apiVersion`; the rest name the real problem.
 */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return '';
  const noise = (e: ErrorObject): boolean =>
    (e.keyword === 'enum' && /\/(type|apiVersion)$/.test(e.instancePath)) ||
    e.keyword === 'oneOf' ||
    e.keyword === 'anyOf' ||
    e.keyword === 'allOf';
  const meaningful = errors.filter((e) => !noise(e));
  return (meaningful.length > 0 ? meaningful : errors)
    .slice(0, 20)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
