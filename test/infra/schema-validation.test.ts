import type { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_FILES, type TemplateName } from '../../scripts/infra/templates';
import {
  RESOURCE_GROUP_SCHEMA,
  RESOURCE_LEVEL_KEYS,
  SUBSCRIPTION_SCHEMA,
  createArmValidator,
  describeErrors,
  validatorFor,
} from './arm-schemas';
import { allResources, at, committedTemplate, nestedTemplates } from './templates';

let ajv: Ajv;

/** Resource types whose provider schema is not among the copied ones (no Microsoft.Network). */
const WITHOUT_SCHEMA = new Set([
  'microsoft.network/privateendpoints',
  'microsoft.network/privateendpoints/privatednszonegroups',
]);

beforeAll(() => {
  ajv = createArmValidator();
});

function validate(template: unknown, schemaUrl: string): { ok: boolean; errors: string } {
  const check = validatorFor(ajv, schemaUrl);
  const ok = check(template);
  return { ok, errors: describeErrors(check.errors) };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A nested template made only of types the copied schemas lack (the vaults' optional private
 * endpoints in main.json): test/infra/vault-network.test.ts checks those instead.
 */
function onlyWithoutSchema(nested: unknown): boolean {
  const types = allResources(nested as ReturnType<typeof committedTemplate>).map((r) =>
    r.type.toLowerCase(),
  );
  return types.length > 0 && types.every((type) => WITHOUT_SCHEMA.has(type));
}

/** The template and each nested deployment's template (whose schema the outer one leaves open). */
function validateWithNested(
  template: Record<string, unknown>,
  schemaUrl: string,
  check: (t: unknown, url: string) => { ok: boolean; errors: string } = validate,
): { ok: boolean; errors: string } {
  const results = [
    check(template, schemaUrl),
    ...nestedTemplates(template as ReturnType<typeof committedTemplate>)
      .filter((t) => !onlyWithoutSchema(t))
      .map((t) => check(t, RESOURCE_GROUP_SCHEMA)),
  ];
  return {
    ok: results.every((r) => r.ok),
    errors: results
      .map((r) => r.errors)
      .filter(Boolean)
      .join('\n'),
  };
}

/** The resources of a template's only nested deployment. */
function nestedOf(template: Record<string, unknown>): Record<string, unknown> {
  const [inner, ...more] = nestedTemplates(template as ReturnType<typeof committedTemplate>);
  if (!inner || more.length > 0) throw new Error('expected one nested deployment');
  return inner as Record<string, unknown>;
}

describe('ARM templates against the template schemas', () => {
  it.each(Object.keys(TEMPLATE_FILES) as TemplateName[])('%s is valid', (name) => {
    const template = committedTemplate(name);
    const result = validate(template, template.$schema);
    expect(result.errors).toBe('');
    expect(result.ok).toBe(true);
  });

  it('declares the schema its deployment scope needs', () => {
    expect(committedTemplate('main').$schema.split('#')[0]).toBe(RESOURCE_GROUP_SCHEMA);
    expect(committedTemplate('keyvaultEvents').$schema.split('#')[0]).toBe(RESOURCE_GROUP_SCHEMA);
    expect(committedTemplate('subscription').$schema.split('#')[0]).toBe(SUBSCRIPTION_SCHEMA);
  });

  it.each(['subscription', 'keyvaultEvents'] as const)(
    "validates %s's nested resource-group template on its own",
    (name) => {
      // The deployments schema accepts any object as properties.template.
      const nested = nestedTemplates(committedTemplate(name));
      expect(nested).toHaveLength(1);
      for (const template of nested) {
        const result = validate(template, RESOURCE_GROUP_SCHEMA);
        expect(result.errors).toBe('');
        expect(result.ok).toBe(true);
      }
    },
  );

  // The validator must be able to say no: each mutation breaks one schema rule.
  it.each([
    [
      'an unknown TLS version',
      'main',
      (t: Record<string, unknown>) => {
        const storage = findByType(t, 'Microsoft.Storage/storageAccounts');
        (at(storage, 'properties') as Record<string, unknown>).minimumTlsVersion = 'TLS0_9';
      },
    ],
    [
      'a boolean given as text',
      'main',
      (t: Record<string, unknown>) => {
        const site = findByType(t, 'Microsoft.Web/sites');
        (at(site, 'properties') as Record<string, unknown>).httpsOnly = 'yes';
      },
    ],
    [
      'an authentication setting of the wrong type in a nested site config',
      'main',
      (t: Record<string, unknown>) => {
        const site = findByType(t, 'Microsoft.Web/sites');
        const auth = findByType(site, 'config', 'authsettingsV2');
        (at(auth, 'properties.globalValidation') as Record<string, unknown>).requireAuthentication =
          'maybe';
      },
    ],
    [
      'an api-version the schemas do not have',
      'keyvaultEvents',
      (t: Record<string, unknown>) => {
        findByType(nestedOf(t), 'Microsoft.EventGrid/systemTopics').apiVersion = '2019-01-01';
      },
    ],
    [
      'an unknown Event Grid endpoint type',
      'keyvaultEvents',
      (t: Record<string, unknown>) => {
        const sub = findByType(nestedOf(t), 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
        (at(sub, 'properties.destination') as Record<string, unknown>).endpointType = 'Pigeon';
      },
    ],
    [
      'a nested deployment parameter given bare, not as { value }',
      'keyvaultEvents',
      (t: Record<string, unknown>) => {
        const deployment = findByType(t, 'Microsoft.Resources/deployments');
        (at(deployment, 'properties.parameters') as Record<string, unknown>).topicName = 'kv-ward';
      },
    ],
    [
      'a role definition without permissions shape',
      'subscription',
      (t: Record<string, unknown>) => {
        const role = findByType(t, 'Microsoft.Authorization/roleDefinitions');
        (at(role, 'properties') as Record<string, unknown>).permissions = 'all';
      },
    ],
  ] as const)('rejects %s', (_label, name, mutate) => {
    const template = copy(committedTemplate(name)) as Record<string, unknown>;
    expect(validateWithNested(template, committedTemplate(name).$schema).ok).toBe(true);
    mutate(template);
    expect(validateWithNested(template, committedTemplate(name).$schema).ok).toBe(false);
  });
});

function findByType(
  template: Record<string, unknown>,
  type: string,
  name?: string,
): Record<string, unknown> {
  const resources = template.resources;
  if (!Array.isArray(resources)) throw new Error('no resources');
  const found = resources.find((r): r is Record<string, unknown> => {
    if (typeof r !== 'object' || r === null) return false;
    const record = r as Record<string, unknown>;
    return record.type === type && (name === undefined || record.name === name);
  });
  if (!found) throw new Error(`no ${type}`);
  return found;
}

describe('ARM templates against the closed schemas (misspelled properties fail)', () => {
  let closed: Ajv;

  beforeAll(() => {
    closed = createArmValidator({ closed: true });
  });

  function validateClosed(template: unknown, schemaUrl: string): { ok: boolean; errors: string } {
    const check = validatorFor(closed, schemaUrl);
    const ok = check(template);
    return { ok, errors: describeErrors(check.errors) };
  }

  it.each(Object.keys(TEMPLATE_FILES) as TemplateName[])('%s is valid', (name) => {
    const template = committedTemplate(name);
    expect(validateClosed(template, template.$schema).errors).toBe('');
    for (const nested of nestedTemplates(template)) {
      if (onlyWithoutSchema(nested)) continue;
      expect(validateClosed(nested, RESOURCE_GROUP_SCHEMA).errors).toBe('');
    }
  });

  it.each([
    [
      'a storage property',
      'main',
      (t: Record<string, unknown>) => {
        const storage = findByType(t, 'Microsoft.Storage/storageAccounts');
        (at(storage, 'properties') as Record<string, unknown>).minimumTlsVersoin = 'TLS1_0';
      },
    ],
    [
      'an authentication setting in a nested site config',
      'main',
      (t: Record<string, unknown>) => {
        const auth = findByType(findByType(t, 'Microsoft.Web/sites'), 'config', 'authsettingsV2');
        (at(auth, 'properties.globalValidation') as Record<string, unknown>).requireAuthenticaton =
          true;
      },
    ],
    [
      'a retry policy setting',
      'keyvaultEvents',
      (t: Record<string, unknown>) => {
        const sub = findByType(nestedOf(t), 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
        (at(sub, 'properties.retryPolicy') as Record<string, unknown>).maxDeliveryAttemps = 3;
      },
    ],
  ] as const)('rejects a misspelled %s that the open schemas accept', (_label, name, mutate) => {
    const template = copy(committedTemplate(name)) as Record<string, unknown>;
    mutate(template);
    const schema = committedTemplate(name).$schema;
    expect(validateWithNested(template, schema).ok).toBe(true);
    expect(validateWithNested(template, schema, validateClosed).ok).toBe(false);
  });

  it('uses only resource-level keys ARM knows', () => {
    for (const name of Object.keys(TEMPLATE_FILES) as TemplateName[]) {
      const template = committedTemplate(name);
      const nested = nestedTemplates(template).map((t) => t as typeof template);
      for (const found of [template, ...nested].flatMap((t) => allResources(t))) {
        for (const key of Object.keys(found.resource)) {
          expect(RESOURCE_LEVEL_KEYS.has(key), `${name}: ${found.type} has ${key}`).toBe(true);
        }
      }
    }
  });
});
