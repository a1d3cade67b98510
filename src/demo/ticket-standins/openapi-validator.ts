import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';

// ajv-formats is CommonJS: its default export arrives under `default` in some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The parts of an OpenAPI 3 or Swagger 2.0 description the validator reads. */
const parameterSchema = z.looseObject({
  name: z.string(),
  in: z.enum(['path', 'query', 'header', 'body', 'cookie', 'formData']),
  required: z.boolean().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  type: z.string().optional(),
});
const refSchema = z.object({ $ref: z.string() });
const operationSchema = z.looseObject({
  operationId: z.string().optional(),
  parameters: z.array(z.union([refSchema, parameterSchema])).optional(),
  consumes: z.array(z.string()).optional(),
  requestBody: z
    .looseObject({
      required: z.boolean().optional(),
      content: z.record(z.string(), z.looseObject({ schema: z.unknown().optional() })),
    })
    .optional(),
});
const documentSchema = z.looseObject({
  swagger: z.string().optional(),
  openapi: z.string().optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  parameters: z.record(z.string(), z.unknown()).optional(),
  consumes: z.array(z.string()).optional(),
});

type Parameter = z.infer<typeof parameterSchema>;

export interface RequestToValidate {
  method: string;
  /** The path below the description's server (e.g. `/repos/o/r/issues`). */
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body; parsed as JSON when the content type is JSON. */
  body: string;
}

export type Validation =
  | { ok: true; operationId: string; params: Record<string, string>; body: unknown }
  | { ok: false; status: 400 | 404 | 405 | 415; errors: string[] };

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literalLength: number;
  operationId: string;
  parameters: Parameter[];
  consumes: string[];
  bodyRequired: boolean;
  bodyValidator?: ValidateFunction;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describe(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map(
    (e) =>
      `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

function coerce(value: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: `null` is one more accepted value. */
export function nullableToJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableToJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === 'enum' || key === 'example' || key === 'default'
        ? value
        : nullableToJsonSchema(value);
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * Validates requests against a published OpenAPI 3 or Swagger 2.0 description with ajv: the
 * operation must exist, required path, query and header parameters must be present and of
 * their type, the content type must be one the operation consumes, and the body must match
 * the operation's schema. A request the description does not allow is refused with reasons.
 */
export function createOpenApiValidator(
  document: unknown,
  /** Azure DevOps routes ignore case (`workItems` and `workitems` are one resource). */
  caseInsensitivePaths = false,
): {
  validate(request: RequestToValidate): Validation;
} {
  const doc = documentSchema.parse(document);
  const swagger2 = doc.swagger !== undefined;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    coerceTypes: false,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, 'spec');

  const resolveParameter = (p: unknown): Parameter | undefined => {
    const ref = refSchema.safeParse(p);
    if (ref.success) {
      const name = ref.data.$ref.replace(/^#\/(parameters|components\/parameters)\//, '');
      return parameterSchema.safeParse(doc.parameters?.[name]).data;
    }
    return parameterSchema.safeParse(p).data;
  };

  // Schemas are rewritten to point into the registered description, so $refs resolve, and
  // OpenAPI 3.0's `nullable` becomes the JSON Schema it means.
  const compile = (schema: unknown): ValidateFunction => {
    const rewritten = JSON.parse(
      JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"spec#/'),
    ) as unknown;
    return ajv.compile(nullableToJsonSchema(rewritten) as object);
  };

  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const op = operationSchema.parse(raw);
      const parameters = (op.parameters ?? []).flatMap((p) => resolveParameter(p) ?? []);
      const names: string[] = [];
      const pattern = new RegExp(
        `^${template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const m = /^\{([^}]+)\}$/.exec(part);
            if (!m?.[1]) return escapeRegex(part);
            names.push(m[1]);
            return '([^/]+)';
          })
          .join('')}/?$`,
        caseInsensitivePaths ? 'i' : '',
      );
      let bodyValidator: ValidateFunction | undefined;
      let consumes: string[] = [];
      let bodyRequired = false;
      if (swagger2) {
        const body = parameters.find((p) => p.in === 'body');
        if (body?.schema) bodyValidator = compile(body.schema);
        bodyRequired = body?.required === true;
        consumes = op.consumes ?? doc.consumes ?? ['application/json'];
      } else if (op.requestBody) {
        consumes = Object.keys(op.requestBody.content);
        // JSON, or a form (parsed into an object before validation).
        const json = Object.entries(op.requestBody.content).find(
          ([type]) => type.includes('json') || type === 'application/x-www-form-urlencoded',
        );
        if (json?.[1].schema !== undefined) bodyValidator = compile(json[1].schema);
        bodyRequired = op.requestBody.required === true;
      }
      routes.push({
        method,
        template,
        pattern,
        names,
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
        operationId: op.operationId ?? `${method} ${template}`,
        parameters: parameters.filter((p) => p.in !== 'body'),
        consumes,
        bodyRequired,
        ...(bodyValidator ? { bodyValidator } : {}),
      });
    }
  }
  // The most literal template wins (`/issues/{n}/comments` over `/{a}/{b}/{c}/{d}`).
  routes.sort((a, b) => b.literalLength - a.literalLength);

  const paramValidators = new Map<Parameter, ValidateFunction>();
  const paramValidator = (p: Parameter): ValidateFunction => {
    let v = paramValidators.get(p);
    if (!v) {
      const { name: _n, in: _i, required: _r, description: _d, schema, ...rest } = p;
      v = compile(schema ?? rest);
      paramValidators.set(p, v);
    }
    return v;
  };

  return {
    validate(request) {
      const method = request.method.toLowerCase();
      let pathMatched = false;
      for (const route of routes) {
        const m = route.pattern.exec(request.path);
        if (!m) continue;
        pathMatched = true;
        if (route.method !== method) continue;
        const errors: string[] = [];
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => {
          params[name] = decodeURIComponent(m[i + 1] ?? '');
        });
        for (const p of route.parameters) {
          const raw =
            p.in === 'path'
              ? params[p.name]
              : p.in === 'query'
                ? (request.query.get(p.name) ?? undefined)
                : p.in === 'header'
                  ? ((): string | undefined => {
                      const h = request.headers[p.name.toLowerCase()];
                      return Array.isArray(h) ? h[0] : h;
                    })()
                  : undefined;
          if (raw === undefined) {
            if (p.required) errors.push(`${p.in} parameter ${p.name} is required`);
            continue;
          }
          const type = p.schema && typeof p.schema.type === 'string' ? p.schema.type : p.type;
          const v = paramValidator(p);
          if (!v(coerce(raw, type)))
            errors.push(...describe(v.errors, `${p.in} parameter ${p.name}`));
        }
        let body: unknown = undefined;
        if (request.body.length > 0) {
          const contentType =
            String(request.headers['content-type'] ?? '')
              .split(';')[0]
              ?.trim() ?? '';
          if (route.consumes.length > 0 && !route.consumes.includes(contentType)) {
            return {
              ok: false,
              status: 415,
              errors: [
                `content type ${contentType || '(none)'} is not one of ${route.consumes.join(', ')}`,
              ],
            };
          }
          if (contentType === 'application/x-www-form-urlencoded') {
            body = Object.fromEntries(new URLSearchParams(request.body));
          } else {
            try {
              body = JSON.parse(request.body);
            } catch {
              errors.push('the body is not JSON');
            }
          }
          if (route.bodyValidator && body !== undefined && !route.bodyValidator(body)) {
            errors.push(...describe(route.bodyValidator.errors, 'body'));
          }
        } else if (route.bodyRequired) {
          errors.push('a request body is required');
        }
        if (errors.length > 0) return { ok: false, status: 400, errors };
        return { ok: true, operationId: route.operationId, params, body };
      }
      return pathMatched
        ? {
            ok: false,
            status: 405,
            errors: [`${request.method} is not an operation of ${request.path}`],
          }
        : { ok: false, status: 404, errors: [`no operation matches ${request.path}`] };
    },
  };
}
