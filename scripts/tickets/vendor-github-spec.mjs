// Writes the GitHub operations ward's GitHub adapter calls, taken from the dereferenced
// description in the `@octokit/openapi` package, to the stand-in's spec folder.
// Run after upgrading @octokit/openapi: node scripts/tickets/vendor-github-spec.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL } from 'node:url';

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
const paths = {};
for (const [path, methods] of Object.entries(wanted)) {
  paths[path] = {};
  for (const method of methods) {
    const operation = spec.paths[path][method];
    // Requests are what the stand-in validates; responses keep their descriptions only.
    const responses = Object.fromEntries(
      Object.entries(operation.responses).map(([code, r]) => [
        code,
        { description: r.description ?? '' },
      ]),
    );
    paths[path][method] = { ...operation, responses };
  }
}
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
writeFileSync(
  new URL('../../src/demo/ticket-standins/specs/github-issues.json', import.meta.url),
  JSON.stringify(out, null, 1) + '\n',
);
