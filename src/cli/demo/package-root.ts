import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError } from '../../demo/errors';

function isWardPackage(dir: string): boolean {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return (
      parsed !== null &&
      typeof parsed === 'object' &&
      (parsed as { name?: unknown }).name === 'ward'
    );
  } catch {
    return false;
  }
}

/**
 * The folder holding ward's package.json, found upwards from this module: the same answer from
 * the sources (src/cli/demo) and from the bundle (dist/cli.mjs).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (isWardPackage(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new DemoError(
        'PACKAGE_ROOT_NOT_FOUND',
        `no ward package.json above ${from}: run ward from its installed package`,
      );
    }
    dir = parent;
  }
}

/** The policy `ward demo` runs with unless --policy names another. */
export function demoPolicyPath(): string {
  return join(packageRoot(), 'docs', 'examples', 'demo-policy.yaml');
}
