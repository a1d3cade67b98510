import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError } from '../errors';

const SPEC_DIR = join('src', 'demo', 'ticket-standins', 'specs');

/**
 * The text of a vendored API description (see specs/SOURCES.md): beside this module when run
 * from the sources, else found upwards from the bundle (dist/cli.mjs) in the package's sources.
 */
export function readSpec(file: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'specs', file);
  if (existsSync(beside)) return readFileSync(beside, 'utf8');
  let dir = here;
  for (;;) {
    const candidate = join(dir, SPEC_DIR, file);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    const parent = dirname(dir);
    if (parent === dir) {
      throw new DemoError('DEMO_FAILED', `the stand-in's API description ${file} is missing`);
    }
    dir = parent;
  }
}
