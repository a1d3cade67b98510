import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { seedSchema, type Seed } from './format';

export type SeedErrorCode = 'SEED_UNREADABLE' | 'SEED_INVALID' | 'SEED_OPTIONS_INVALID';

/**
 * A seed that cannot be read or does not describe a consistent estate, or options that
 * cannot generate one.
 */
export class SeedError extends Error {
  readonly code: SeedErrorCode;
  constructor(code: SeedErrorCode, message: string) {
    super(message);
    this.name = 'SeedError';
    this.code = code;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

/**
 * Checks what the schema cannot: unique resource ids, resources inside the seed's
 * subscriptions, and secrets placed in vaults the seed holds. Returns the problems found.
 */
export function seedConsistencyProblems(seed: Seed): string[] {
  const problems: string[] = [];
  const subscriptions = new Set(seed.subscriptions.map((s) => s.subscriptionId.toLowerCase()));
  const ids = new Set<string>();
  const vaults = new Set<string>();
  seed.resources.forEach((resource, index) => {
    const key = resource.id.toLowerCase();
    if (ids.has(key)) problems.push(`resources[${index}].id: duplicate id ${resource.id}`);
    ids.add(key);
    const subscription = key.split('/')[2] ?? '';
    if (!subscriptions.has(subscription)) {
      problems.push(`resources[${index}].id: subscription ${subscription} is not in subscriptions`);
    }
    if (resource.type.toLowerCase() === 'microsoft.keyvault/vaults') {
      vaults.add(resource.name.toLowerCase());
    }
  });
  const secretKeys = new Set<string>();
  seed.secrets.forEach((secret, index) => {
    if (!vaults.has(secret.vault.toLowerCase())) {
      problems.push(
        `secrets[${index}].vault: no Microsoft.KeyVault/vaults resource named ${secret.vault}`,
      );
    }
    const key = `${secret.vault}/${secret.name}`.toLowerCase();
    if (secretKeys.has(key)) problems.push(`secrets[${index}].name: duplicate secret ${key}`);
    secretKeys.add(key);
  });
  return problems;
}

/** Validates parsed data as a seed; `source` names it in errors. */
export function parseSeed(data: unknown, source: string): Seed {
  const parsed = seedSchema.safeParse(data);
  if (!parsed.success) {
    throw new SeedError('SEED_INVALID', `${source}: ${describeIssues(parsed.error.issues)}`);
  }
  const problems = seedConsistencyProblems(parsed.data);
  if (problems.length > 0) {
    throw new SeedError('SEED_INVALID', `${source}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads a seed from a JSON or YAML file (by extension; other extensions are read as YAML). */
export async function loadSeedFile(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SeedError('SEED_UNREADABLE', `${path}: cannot read the seed file (${reason})`);
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SeedError(
      'SEED_INVALID',
      `${path}: not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'} (${reason})`,
    );
  }
  return parseSeed(data, path);
}
