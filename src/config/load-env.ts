import { ConfigError } from './errors';
import { problemsFromZod } from './issues';
import type { Env } from './env';
import { envSchema } from './env';

/**
 * Validates app settings (pass `process.env` at cold start). Settings ward does not know are
 * ignored; an empty value counts as unset, as App Service shows a cleared setting.
 * Throws ConfigError (`env-invalid`) naming each bad setting.
 */
export function loadEnv(record: Readonly<Record<string, string | undefined>>): Env {
  const known = Object.keys(envSchema.shape);
  const values: Record<string, string> = {};
  for (const key of known) {
    const value = record[key];
    if (value !== undefined && value !== '') values[key] = value;
  }
  const result = envSchema.safeParse(values);
  if (!result.success)
    throw new ConfigError('env-invalid', 'environment', problemsFromZod(result.error));
  return result.data;
}
