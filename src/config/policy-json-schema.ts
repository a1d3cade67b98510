import { z } from 'zod';
import { policySchema } from './policy';

/**
 * JSON Schema of the policy file as an author writes it (defaults make fields optional), for
 * editors (`# yaml-language-server: $schema=...`). Committed as docs/policy.schema.json.
 * Scope patterns lose their case-insensitive flag in JSON Schema; ward itself matches any case.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input' }),
    title: 'ward policy',
    description:
      'Modes per rule and scope, exemptions, guardrails and remediation settings. See docs/configuration.md.',
  };
}
