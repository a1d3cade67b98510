import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A small evaluator of ARM template expressions, enough to deploy ward's templates on paper:
 * which resources a set of parameters deploys (conditions, copy loops, nested deployments with
 * inner or outer scope), where, and with what names and properties. It knows only the
 * functions ward's templates use and fails on any other, so a template that starts using a new
 * function fails here until its meaning is written down. Semantics follow
 * learn.microsoft.com/azure/azure-resource-manager/templates/template-functions: `if` evaluates
 * only the branch it takes, `union` merges objects (the last value wins), `resourceId` takes
 * optional leading subscription and resource group arguments.
 */

export type ArmValue = string | number | boolean | null | ArmValue[] | { [key: string]: ArmValue };

export class ArmEvaluationError extends Error {
  override readonly name = 'ArmEvaluationError';
  readonly code = 'arm-evaluation';
}

/** Where a template is deployed, and what `reference()` finds there. */
export interface ArmScope {
  tenantId: string;
  subscriptionId: string;
  /** Absent for a subscription deployment. */
  resourceGroup?: { name: string; location: string };
  deploymentLocation?: string;
  /** `reference(id, apiVersion, 'Full')` results, keyed by resource id (any case). */
  existing?: Readonly<Record<string, ArmValue>>;
}

export interface DeployedResource {
  type: string;
  name: string;
  subscriptionId: string;
  /** Absent for a subscription-level resource. */
  resourceGroup?: string;
  location?: ArmValue;
  /** An extension resource's `scope` (e.g. a role assignment on one resource), evaluated. */
  scope?: ArmValue;
  identity?: ArmValue;
  properties?: ArmValue;
}

const templateSchema = z.looseObject({
  parameters: z
    .record(z.string(), z.looseObject({ type: z.string(), defaultValue: z.unknown().optional() }))
    .optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  resources: z.array(z.looseObject({ type: z.string(), name: z.string() })),
});

// ---- parsing -------------------------------------------------------------------------------

type Node =
  | { kind: 'literal'; value: ArmValue }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

function parseExpression(text: string): Node {
  let at = 0;
  const fail = (why: string): never => {
    throw new ArmEvaluationError(`${why} at ${String(at)} in [${text}]`);
  };
  const space = (): void => {
    while (text[at] === ' ') at += 1;
  };
  const expect = (char: string): void => {
    space();
    if (text[at] !== char) fail(`expected '${char}'`);
    at += 1;
  };
  const primary = (): Node => {
    space();
    const char = text[at];
    if (char === "'") {
      let value = '';
      at += 1;
      for (;;) {
        if (at >= text.length) fail('unterminated string');
        if (text[at] === "'") {
          if (text[at + 1] === "'") {
            value += "'";
            at += 2;
            continue;
          }
          at += 1;
          return { kind: 'literal', value };
        }
        value += text.charAt(at);
        at += 1;
      }
    }
    const number = /^-?\d+/.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const name = /^[A-Za-z][\w.]*/.exec(text.slice(at));
    if (!name) return fail('expected a function call');
    at += name[0].length;
    expect('(');
    const args: Node[] = [];
    space();
    if (text[at] === ')') at += 1;
    else {
      for (;;) {
        args.push(expression());
        space();
        if (text[at] === ',') at += 1;
        else {
          expect(')');
          break;
        }
      }
    }
    return { kind: 'call', name: name[0].toLowerCase(), args };
  };
  const expression = (): Node => {
    let node = primary();
    for (;;) {
      space();
      if (text[at] === '.') {
        at += 1;
        const name = /^\w+/.exec(text.slice(at));
        if (!name) return fail('expected a property name');
        at += name[0].length;
        node = { kind: 'property', target: node, name: name[0] };
      } else if (text[at] === '[') {
        at += 1;
        const index = expression();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  };
  const node = expression();
  space();
  if (at !== text.length) fail('unexpected text');
  return node;
}

// ---- evaluation ----------------------------------------------------------------------------

interface Context {
  scope: ArmScope;
  parameter(name: string): ArmValue;
  variable(name: string): ArmValue;
  copyIndex?: number;
}

function isObject(value: ArmValue): value is Record<string, ArmValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: ArmValue, what: string): string {
  if (typeof value !== 'string') throw new ArmEvaluationError(`${what}: expected a string`);
  return value;
}

function merge(a: ArmValue, b: ArmValue): ArmValue {
  if (isObject(a) && isObject(b)) {
    const merged: Record<string, ArmValue> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      const prior = merged[key];
      merged[key] =
        prior !== undefined && isObject(prior) && isObject(value) ? merge(prior, value) : value;
    }
    return merged;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const seen = new Set(a.map((v) => JSON.stringify(v)));
    return [...a, ...b.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  throw new ArmEvaluationError('union: expected objects or arrays');
}

function typeSegments(type: string): number {
  return type.split('/').length - 1;
}

function resourceIdOf(scope: ArmScope, args: string[], subscriptionLevel: boolean): string {
  const typeAt = args.findIndex((a) => a.includes('/'));
  if (typeAt < 0) throw new ArmEvaluationError('resourceId: no resource type');
  const type = args[typeAt] ?? '';
  const names = args.slice(typeAt + 1);
  if (names.length !== typeSegments(type)) {
    throw new ArmEvaluationError(`resourceId: ${type} needs ${String(typeSegments(type))} name(s)`);
  }
  const leading = args.slice(0, typeAt);
  let subscriptionId = scope.subscriptionId;
  let group = subscriptionLevel ? undefined : scope.resourceGroup?.name;
  if (leading.length === 2) [subscriptionId, group] = leading as [string, string];
  else if (leading.length === 1) {
    if (subscriptionLevel) subscriptionId = leading[0] ?? subscriptionId;
    else group = leading[0];
  }
  const [namespace, ...types] = type.split('/');
  const path = types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  const prefix = group
    ? `/subscriptions/${subscriptionId}/resourceGroups/${group}`
    : `/subscriptions/${subscriptionId}`;
  return `${prefix}/providers/${namespace ?? ''}/${path}`;
}

function guid(parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function formatText(template: string, values: ArmValue[]): string {
  return template.replace(/\{(\d+)\}/g, (_m, index: string) => {
    const value = values[Number(index)];
    if (value === undefined) throw new ArmEvaluationError(`format: no argument ${index}`);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function evaluateNode(node: Node, context: Context): ArmValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'property': {
      const target = evaluateNode(node.target, context);
      const value = isObject(target) ? target[node.name] : undefined;
      if (value === undefined) throw new ArmEvaluationError(`no property ${node.name}`);
      return value;
    }
    case 'index': {
      const target = evaluateNode(node.target, context);
      const index = evaluateNode(node.index, context);
      const value =
        Array.isArray(target) && typeof index === 'number'
          ? target[index]
          : isObject(target) && typeof index === 'string'
            ? target[index]
            : undefined;
      if (value === undefined) throw new ArmEvaluationError(`no element ${JSON.stringify(index)}`);
      return value;
    }
    case 'call':
      return call(node, context);
  }
}

function call(node: Extract<Node, { kind: 'call' }>, context: Context): ArmValue {
  const arg = (i: number): ArmValue => {
    const n = node.args[i];
    if (!n) throw new ArmEvaluationError(`${node.name}: missing argument ${String(i)}`);
    return evaluateNode(n, context);
  };
  const all = (): ArmValue[] => node.args.map((n) => evaluateNode(n, context));
  const { scope } = context;
  switch (node.name) {
    case 'parameters':
      return context.parameter(text(arg(0), 'parameters'));
    case 'variables':
      return context.variable(text(arg(0), 'variables'));
    case 'if': {
      // Only the branch taken is evaluated (ARM does the same), so it may hold a reference().
      const condition = arg(0);
      if (typeof condition !== 'boolean') throw new ArmEvaluationError('if: not a boolean');
      return arg(condition ? 1 : 2);
    }
    case 'not': {
      const value = arg(0);
      if (typeof value !== 'boolean') throw new ArmEvaluationError('not: not a boolean');
      return !value;
    }
    case 'and':
      return all().every((v) => v === true);
    case 'or':
      return all().some((v) => v === true);
    case 'equals':
      return JSON.stringify(arg(0)) === JSON.stringify(arg(1));
    case 'empty': {
      const value = arg(0);
      if (value === null || value === '') return true;
      if (Array.isArray(value)) return value.length === 0;
      return isObject(value) && Object.keys(value).length === 0;
    }
    case 'length': {
      const value = arg(0);
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isObject(value)) return Object.keys(value).length;
      throw new ArmEvaluationError('length: not a string, array or object');
    }
    case 'format':
      return formatText(text(arg(0), 'format'), all().slice(1));
    case 'concat': {
      const values = all();
      if (values.every((v) => Array.isArray(v))) return values.flat();
      return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('');
    }
    case 'json':
      return JSON.parse(text(arg(0), 'json')) as ArmValue;
    case 'string': {
      const value = arg(0);
      return typeof value === 'string' ? value : JSON.stringify(value);
    }
    case 'createobject': {
      const values = all();
      const result: Record<string, ArmValue> = {};
      for (let i = 0; i < values.length; i += 2) {
        result[text(values[i] ?? null, 'createObject key')] = values[i + 1] ?? null;
      }
      return result;
    }
    case 'union':
      return all().reduce((a, b) => merge(a, b));
    case 'split':
      return text(arg(0), 'split').split(text(arg(1), 'split'));
    case 'last': {
      const value = arg(0);
      if (typeof value === 'string') return value.slice(-1);
      if (!Array.isArray(value)) throw new ArmEvaluationError('last: not a string or array');
      const item = value[value.length - 1];
      if (item === undefined) throw new ArmEvaluationError('last: empty array');
      return item;
    }
    case 'tolower':
      return text(arg(0), 'toLower').toLowerCase();
    case 'copyindex':
      if (context.copyIndex === undefined) throw new ArmEvaluationError('copyIndex outside copy');
      return context.copyIndex + (node.args.length > 0 ? Number(arg(0)) : 0);
    case 'subscription':
      return {
        id: `/subscriptions/${scope.subscriptionId}`,
        subscriptionId: scope.subscriptionId,
        tenantId: scope.tenantId,
      };
    case 'resourcegroup': {
      const group = scope.resourceGroup;
      if (!group) throw new ArmEvaluationError('resourceGroup() in a subscription deployment');
      return {
        id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${group.name}`,
        name: group.name,
        location: group.location,
      };
    }
    case 'deployment':
      return { location: scope.deploymentLocation ?? null };
    case 'resourceid':
      return resourceIdOf(
        scope,
        all().map((v) => text(v, 'resourceId')),
        scope.resourceGroup === undefined,
      );
    case 'subscriptionresourceid':
      return resourceIdOf(
        scope,
        all().map((v) => text(v, 'subscriptionResourceId')),
        true,
      );
    case 'guid':
      return guid(all().map((v) => text(v, 'guid')));
    case 'reference': {
      const id = text(arg(0), 'reference');
      const found = Object.entries(scope.existing ?? {}).find(
        ([key]) => key.toLowerCase() === id.toLowerCase(),
      );
      if (!found) throw new ArmEvaluationError(`reference: ${id} does not exist`);
      return found[1];
    }
    default:
      throw new ArmEvaluationError(`unknown function ${node.name}()`);
  }
}

/** A string is an expression when it is bracketed; `[[` escapes a literal bracket. */
export function evaluateValue(value: unknown, context: Context): ArmValue {
  if (typeof value === 'string') {
    if (value.startsWith('[[')) return value.slice(1);
    if (value.startsWith('[') && value.endsWith(']')) {
      return evaluateNode(parseExpression(value.slice(1, -1)), context);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, context));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        text(evaluateValue(k, context), 'key'),
        evaluateValue(v, context),
      ]),
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  throw new ArmEvaluationError(`not a JSON value: ${typeof value}`);
}

function templateContext(
  template: z.infer<typeof templateSchema>,
  scope: ArmScope,
  given: Readonly<Record<string, ArmValue>>,
  outer?: Context,
): Context {
  const declared = template.parameters ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new ArmEvaluationError(`parameter ${name} is not declared`);
  }
  const parameters = new Map<string, ArmValue>();
  const variables = new Map<string, ArmValue>();
  const context: Context = {
    scope,
    parameter(name) {
      if (outer) return outer.parameter(name);
      const cached = parameters.get(name);
      if (cached !== undefined) return cached;
      const spec = declared[name];
      if (!spec) throw new ArmEvaluationError(`parameter ${name} is not declared`);
      const value =
        given[name] ??
        (spec.defaultValue === undefined ? undefined : evaluateValue(spec.defaultValue, context));
      if (value === undefined) throw new ArmEvaluationError(`parameter ${name} has no value`);
      parameters.set(name, value);
      return value;
    },
    variable(name) {
      if (outer) return outer.variable(name);
      const cached = variables.get(name);
      if (cached !== undefined) return cached;
      const spec = template.variables?.[name];
      if (spec === undefined) throw new ArmEvaluationError(`variable ${name} is not declared`);
      const value = evaluateValue(spec, context);
      variables.set(name, value);
      return value;
    },
  };
  return context;
}

const deploymentSchema = z.looseObject({
  properties: z.looseObject({
    expressionEvaluationOptions: z
      .object({ scope: z.enum(['Inner', 'Outer', 'inner', 'outer']) })
      .optional(),
    parameters: z.record(z.string(), z.object({ value: z.unknown() })).optional(),
    template: z.unknown(),
  }),
});

function deploy(
  template: unknown,
  scope: ArmScope,
  given: Readonly<Record<string, ArmValue>>,
  outer?: Context,
): DeployedResource[] {
  const parsed = templateSchema.parse(template);
  const context = templateContext(parsed, scope, given, outer);
  const deployed: DeployedResource[] = [];
  for (const resource of parsed.resources) {
    const copy = z.object({ count: z.unknown() }).optional().parse(resource.copy);
    const count = copy ? evaluateValue(copy.count, context) : 1;
    if (typeof count !== 'number') throw new ArmEvaluationError(`${resource.type}: copy count`);
    for (let index = 0; index < count; index += 1) {
      const at: Context = copy ? { ...context, copyIndex: index } : context;
      if ('condition' in resource && evaluateValue(resource.condition, at) !== true) continue;
      deployed.push(...deployResource(resource, scope, at));
    }
  }
  return deployed;
}

function deployResource(
  resource: { type: string; name: string; [key: string]: unknown },
  scope: ArmScope,
  context: Context,
): DeployedResource[] {
  const name = text(evaluateValue(resource.name, context), `${resource.type} name`);
  const targetGroup =
    resource.resourceGroup === undefined
      ? scope.resourceGroup?.name
      : text(evaluateValue(resource.resourceGroup, context), 'resourceGroup');
  if (resource.type === 'Microsoft.Resources/deployments') {
    const { properties } = deploymentSchema.parse(resource);
    if (targetGroup === undefined) throw new ArmEvaluationError(`${name}: no resource group`);
    const inner = properties.expressionEvaluationOptions?.scope.toLowerCase() === 'inner';
    const innerScope: ArmScope = {
      ...scope,
      resourceGroup: {
        name: targetGroup,
        location: scope.resourceGroup?.location ?? scope.deploymentLocation ?? '',
      },
    };
    const values = Object.fromEntries(
      Object.entries(properties.parameters ?? {}).map(([k, p]) => [
        k,
        evaluateValue(p.value, context),
      ]),
    );
    // Outer scope: the nested template's expressions are evaluated where the parent's are.
    return inner
      ? deploy(properties.template, innerScope, values)
      : deploy(properties.template, scope, {}, context).map((r) => ({
          ...r,
          resourceGroup: r.resourceGroup ?? targetGroup,
        }));
  }
  const found: DeployedResource = {
    type: resource.type,
    name,
    subscriptionId: scope.subscriptionId,
    ...(targetGroup === undefined ? {} : { resourceGroup: targetGroup }),
  };
  for (const key of ['location', 'scope', 'identity', 'properties'] as const) {
    if (resource[key] !== undefined) found[key] = evaluateValue(resource[key], context);
  }
  return [found];
}

/** The resources `template` deploys with `parameters` at `scope`, nested deployments expanded. */
export function deployTemplate(
  template: unknown,
  scope: ArmScope,
  parameters: Readonly<Record<string, ArmValue>> = {},
): DeployedResource[] {
  return deploy(template, scope, parameters);
}

/** One expression of a template (an app setting, an output), evaluated with `parameters`. */
export function evaluateInTemplate(
  template: unknown,
  expression: string,
  scope: ArmScope,
  parameters: Readonly<Record<string, ArmValue>> = {},
): ArmValue {
  const context = templateContext(templateSchema.parse(template), scope, parameters);
  return evaluateValue(expression, context);
}
