// Writes the GitHub operations ward's GitHub adapter calls, taken from the dereferenced
// description in the `@octokit/openapi` package, to the stand-in's spec folder.
// Run after upgrading @octokit/openapi: node scripts/tickets/vendor-github-spec.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pickOperations, writeStandInSpec } from './vendor-operations.mjs';

const require = createRequire(import.meta.url);
const pkg = require('@octokit/openapi/package.json');
const spec = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
);
const wanted = {
  '/app/installations/{installation_id}/access_tokens': ['post'],
  '/repos/{owner}/{repo}/issues': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/{issue_number}': ['get', 'patch'],
  '/repos/{owner}/{repo}/issues/{issue_number}/comments': ['get', 'post'],
};
const paths = pickOperations(spec, wanted);
const out = {
  openapi: spec.openapi,
  info: spec.info,
  servers: spec.servers,
  'x-ward-source': {
    package: `${pkg.name}@${pkg.version}`,
    file: 'generated/api.github.com.deref.json',
    license: pkg.license,
    note: 'Only the operations the GitHub adapter calls, copied verbatim.',
  },
  paths,
};
writeStandInSpec('github-issues.json', out);
