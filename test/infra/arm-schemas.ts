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
 * exclusiveMinimum/exclusiveMaximum). `closed` applies closeProviderSchema to the provider files.
 */
export function createArmValidator(options: { closed?: boolean } = {}): Ajv {
  const { map } = urlMapSchema.parse(readJson(new URL('url-map.json', SCHEMA_DIR)));
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    formats: { 'date-time': true },
  });
  for (const [url, relative] of Object.entries(map)) {
    const schema = schemaFileSchema.parse(readJson(new URL(relative, SCHEMA_DIR)));
    readAnyValueUnionsAsAnyOf(schema);
    if (options.closed && /\/Microsoft\.[\w.]+\.json$/.test(relative)) closeProviderSchema(schema);
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

/**
 * The generated schemas write "any value, or an expression" as `oneOf [{}, expression]`. The
 * empty branch accepts everything, so an expression matches both branches and `oneOf` fails:
 * a deployment parameter's `value` could never be an expression, which ARM accepts. Such a
 * union is read as the `anyOf` it means; every other `oneOf` keeps its meaning.
 */
export function readAnyValueUnionsAsAnyOf(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) readAnyValueUnionsAsAnyOf(item);
    return;
  }
  if (!isPlainObject(node)) return;
  const { oneOf } = node;
  if (
    Array.isArray(oneOf) &&
    oneOf.some((branch) => isPlainObject(branch) && Object.keys(branch).length === 0)
  ) {
    node.anyOf = oneOf;
    delete node.oneOf;
  }
  for (const child of Object.values(node)) readAnyValueUnionsAsAnyOf(child);
}

const RESOURCE_DEFINITION_GROUPS = /^(\w+_)?resourceDefinitions$/;
const SCHEMA_COMBINERS = ['additionalProperties', 'allOf', 'anyOf', 'oneOf', '$ref'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Closes the provider schemas' property lists (the schemas README's optional strict mode): every
 * object schema that lists `properties` and has no `additionalProperties`, `allOf`, `anyOf`,
 * `oneOf` or `$ref` gets `additionalProperties: false`, except the resource definitions
 * themselves (`*resourceDefinitions/*`, `definitions/*_childResource`) and their `oneOf`
 * branches, whose resource-level keys (`dependsOn`, `copy`, `scope`, …) the schemas do not list,
 * and the branches of a union whose base lists shared properties.
 * A misspelled property inside `properties` then fails.
 */
export function closeProviderSchema(schema: Record<string, unknown>): void {
  const visit = (node: unknown, resourceRoot: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    if (!isPlainObject(node)) return;
    const closable =
      !resourceRoot &&
      isPlainObject(node.properties) &&
      SCHEMA_COMBINERS.every((k) => !(k in node));
    if (closable) node.additionalProperties = false;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'oneOf' && resourceRoot && Array.isArray(child)) {
        for (const branch of child) visitBranch(branch);
      } else if (
        (key === 'oneOf' || key === 'anyOf' || key === 'allOf') &&
        isPlainObject(node.properties) &&
        Array.isArray(child)
      ) {
        // Branches of a union with shared base properties (Event Grid's advanced filters: `key`
        // on the base, `operatorType` and `values` per branch) do not list the base's keys.
        for (const branch of child) visitBranch(branch);
      } else if (key === 'properties' && isPlainObject(child)) {
        // A property named like a keyword is still a property: visit its schema, not the map.
        for (const property of Object.values(child)) visit(property, false);
      } else {
        visit(child, false);
      }
    }
  };
  // A branch left open; what it holds is visited as usual.
  const visitBranch = (branch: unknown): void => {
    if (!isPlainObject(branch)) return;
    for (const [key, child] of Object.entries(branch)) {
      if (key === 'properties' && isPlainObject(child)) {
        for (const property of Object.values(child)) visit(property, false);
      } else {
        visit(child, false);
      }
    }
  };
  for (const [group, definitions] of Object.entries(schema)) {
    if (!isPlainObject(definitions)) continue;
    const roots = RESOURCE_DEFINITION_GROUPS.test(group);
    for (const [name, definition] of Object.entries(definitions)) {
      visit(definition, roots || (group === 'definitions' && name.endsWith('_childResource')));
    }
  }
}

/** Keys ARM accepts on a resource beside the ones a resource definition lists. */
export const RESOURCE_LEVEL_KEYS = new Set([
  'name',
  'type',
  'apiVersion',
  'location',
  'tags',
  'dependsOn',
  'condition',
  'copy',
  'comments',
  'scope',
  'resources',
  'properties',
  'identity',
  'sku',
  'kind',
  'plan',
  'zones',
  'extendedLocation',
  'resourceGroup',
  'subscriptionId',
]);
