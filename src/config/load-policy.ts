import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Env } from './env';
import { ConfigError } from './errors';
import { problemsFromZod } from './issues';
import type { Policy } from './policy';
import { policySchema } from './policy';

/** Validates a parsed policy value; throws ConfigError (`config-invalid`) listing every problem. */
export function parsePolicy(value: unknown, source: string): Policy {
  // An empty YAML document parses to null: that is the all-defaults policy.
  const result = policySchema.safeParse(value ?? {});
  if (!result.success)
    throw new ConfigError('config-invalid', source, problemsFromZod(result.error));
  return result.data;
}

function syntaxError(source: string, cause: unknown): ConfigError {
  // yaml's pretty errors end the first line with ':' before a code excerpt.
  const first = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  const message = first?.replace(/:\s*$/, '');
  return new ConfigError('config-syntax', source, [{ path: '', message: message ?? 'invalid' }]);
}

/**
 * Parses policy text: JSON for `.json`, YAML for `.yaml`/`.yml`, else JSON and then YAML.
 * Throws ConfigError (`config-syntax`) when neither parses.
 */
export function parsePolicyText(text: string, source: string): unknown {
  const ext = extname(source).toLowerCase();
  const parseJson = (): unknown => JSON.parse(text);
  // Duplicate keys are errors: a second `rules:` block must not silently replace the first.
  const parseYamlText = (): unknown => parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  try {
    if (ext === '.json') return parseJson();
    if (ext === '.yaml' || ext === '.yml') return parseYamlText();
  } catch (cause) {
    throw syntaxError(source, cause);
  }
  try {
    return parseJson();
  } catch {
    try {
      return parseYamlText();
    } catch (cause) {
      throw syntaxError(source, cause);
    }
  }
}

/** Reads and validates a policy file (cold start, CLI). Throws ConfigError naming every problem. */
export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError('config-unreadable', path, [{ path: '', message }]);
  }
  return parsePolicy(parsePolicyText(text, path), path);
}

/** The policy with every default: what ward runs with when no policy is configured. */
export function defaultPolicy(): Policy {
  return policySchema.parse({});
}

/**
 * The policy the app settings point to: `WARD_POLICY_FILE`, else `WARD_POLICY_JSON`, else the
 * defaults. Both set is an error: which one wins would be a guess.
 */
export function loadPolicyFromEnv(env: Pick<Env, 'WARD_POLICY_FILE' | 'WARD_POLICY_JSON'>): Policy {
  if (env.WARD_POLICY_FILE !== undefined && env.WARD_POLICY_JSON !== undefined) {
    throw new ConfigError('env-invalid', 'environment', [
      { path: 'WARD_POLICY_JSON', message: 'set WARD_POLICY_FILE or WARD_POLICY_JSON, not both' },
    ]);
  }
  if (env.WARD_POLICY_FILE !== undefined) return loadPolicyFile(env.WARD_POLICY_FILE);
  if (env.WARD_POLICY_JSON !== undefined) {
    const source = 'WARD_POLICY_JSON';
    let value: unknown;
    try {
      value = JSON.parse(env.WARD_POLICY_JSON);
    } catch (cause) {
      throw syntaxError(source, cause);
    }
    return parsePolicy(value, source);
  }
  return defaultPolicy();
}
