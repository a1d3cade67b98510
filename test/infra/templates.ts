import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TEMPLATE_FILES, parseTemplate, type TemplateName } from '../../scripts/infra/templates';
import type { ArmTemplate } from '../../scripts/infra/templates';

const ROOT = new URL('../../', import.meta.url);

export function committedTemplate(name: TemplateName): ArmTemplate {
  const url = new URL(TEMPLATE_FILES[name], ROOT);
  return parseTemplate(readFileSync(url, 'utf8'), TEMPLATE_FILES[name]);
}

export function repoText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

export const resourceSchema = z.looseObject({
  type: z.string(),
  name: z.string(),
  properties: z.unknown().optional(),
  resources: z.array(z.unknown()).optional(),
});
export type Resource = z.infer<typeof resourceSchema>;

export interface FoundResource {
  /** The full type: a nested child's type is joined to its parent's. */
  type: string;
  resource: Resource;
}

/** Every resource of a template, nested children included (not nested deployments' templates). */
export function allResources(template: ArmTemplate): FoundResource[] {
  const found: FoundResource[] = [];
  const visit = (items: readonly unknown[], parentType: string | undefined): void => {
    for (const item of items) {
      const resource = resourceSchema.parse(item);
      const type = parentType ? `${parentType}/${resource.type}` : resource.type;
      found.push({ type, resource });
      visit(resource.resources ?? [], type);
    }
  };
  visit(template.resources, undefined);
  return found;
}

export function resourcesOfType(template: ArmTemplate, type: string): Resource[] {
  return allResources(template)
    .filter((r) => r.type.toLowerCase() === type.toLowerCase())
    .map((r) => r.resource);
}

export function onlyResource(template: ArmTemplate, type: string, name?: string): Resource {
  const matches = resourcesOfType(template, type).filter(
    (r) => name === undefined || r.name === name,
  );
  if (matches.length !== 1) {
    throw new Error(`expected one ${type}${name ? ` named ${name}` : ''}, found ${matches.length}`);
  }
  const [match] = matches;
  if (!match) throw new Error(`no ${type}`);
  return match;
}

/** Reads `path` (dot separated) from a JSON value, failing with the path when it is missing. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      current = current[Number(key)];
    } else if (typeof current === 'object' && current !== null && key in current) {
      current = (current as Record<string, unknown>)[key];
    } else {
      throw new Error(`${path}: no ${key}`);
    }
  }
  return current;
}

/** The nested template of the subscription template's Microsoft.Resources/deployments. */
export function nestedTemplates(template: ArmTemplate): unknown[] {
  return resourcesOfType(template, 'Microsoft.Resources/deployments').map((d) =>
    at(d, 'properties.template'),
  );
}
