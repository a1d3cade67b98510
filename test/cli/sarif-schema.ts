import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The OASIS SARIF 2.1.0 schema (draft-04), vendored with its source in test/fixtures/sarif. */
const SCHEMA_FILE = join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

/** A validator for whole SARIF 2.1.0 logs, compiled from the published schema as it is. */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // Strict: the schema must compile without Ajv ignoring any keyword or format it holds. Only
  // strictRequired is off: the schema's `anyOf: [{ required: [...] }]` idiom names properties
  // defined beside the anyOf, not inside it, which is valid JSON Schema.
  const ajv = new Ajv04({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Validation errors, one line each, for a readable assertion message. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
