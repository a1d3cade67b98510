import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DerivedInfra } from './derive';

/** The templates under infra/ and the part of the derived values each one takes. */
export const TEMPLATE_FILES = {
  main: 'infra/main.json',
  subscription: 'infra/subscription.json',
  keyvaultEvents: 'infra/keyvault-events.json',
  linkedScopes: 'infra/linked-scopes.json',
} as const satisfies Record<keyof DerivedInfra, string>;

export type TemplateName = keyof typeof TEMPLATE_FILES;

/** Enough of an ARM template to place the derived values; everything else passes through. */
export const armTemplateSchema = z
  .object({
    $schema: z.url(),
    contentVersion: z.string(),
    variables: z.looseObject({ derived: z.record(z.string(), z.unknown()) }),
    resources: z.array(z.looseObject({ type: z.string() })),
  })
  .loose();

export type ArmTemplate = z.infer<typeof armTemplateSchema>;

export class InfraTemplateError extends Error {
  override readonly name = 'InfraTemplateError';
  readonly code = 'infra-template';
}

export function parseTemplate(text: string, source: string): ArmTemplate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InfraTemplateError(
      `${source} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  const parsed = armTemplateSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new InfraTemplateError(`${source} is not a ward template: ${problems.join('; ')}`);
  }
  // zod's output puts the keys it knows first; the file's own key order is kept instead, so a
  // regenerated template differs from the committed one only where a derived value changed.
  return value as ArmTemplate;
}

export function readTemplate(root: string, name: TemplateName): ArmTemplate {
  const path = `${root}/${TEMPLATE_FILES[name]}`;
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

/** The template with `variables.derived` replaced; the input is not changed. */
export function withDerived(
  template: ArmTemplate,
  derived: DerivedInfra[TemplateName],
): ArmTemplate {
  const variables = { ...template.variables, derived: { ...derived } };
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => [key, key === 'variables' ? variables : value]),
  ) as ArmTemplate;
}
