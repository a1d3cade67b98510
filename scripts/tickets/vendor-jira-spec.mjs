// Writes the Jira Cloud platform REST API v3 operations ward's Jira adapter calls, with the
// component schemas their requests reference, to the stand-in's spec folder. The source is
// Atlassian's published OpenAPI description (https://developer.atlassian.com/cloud/jira/platform/
// swagger-v3.v3.json) as kept in GitHub jarekbird/jira-api-mcp-wrapper:
//   git show <commit>:swagger-v3.v3.json > /tmp/jira-v3.json
//   node scripts/tickets/vendor-jira-spec.mjs /tmp/jira-v3.json <commit>
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { pickOperations, writeStandInSpec } from './vendor-operations.mjs';

const [file, commit] = process.argv.slice(2);
if (!file || !commit) {
  process.stderr.write(
    'usage: node scripts/tickets/vendor-jira-spec.mjs <swagger-v3.v3.json> <commit>\n',
  );
  process.exit(2);
}
const spec = JSON.parse(readFileSync(file, 'utf8'));
const wanted = {
  // The enhanced search: Atlassian retired `GET /rest/api/3/search` in its favour.
  '/rest/api/3/search/jql': ['post'],
  '/rest/api/3/issue': ['post'],
  '/rest/api/3/issue/{issueIdOrKey}': ['get'],
  '/rest/api/3/issue/{issueIdOrKey}/comment': ['post'],
  '/rest/api/3/issue/{issueIdOrKey}/transitions': ['get', 'post'],
};
const paths = pickOperations(spec, wanted);
// The component schemas the kept requests reference, followed transitively.
const schemas = {};
const pending = [JSON.stringify(paths)];
while (pending.length > 0) {
  const text = pending.pop();
  for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
    if (schemas[name] !== undefined) continue;
    schemas[name] = spec.components.schemas[name];
    pending.push(JSON.stringify(schemas[name]));
  }
}
const out = {
  openapi: spec.openapi,
  info: spec.info,
  servers: spec.servers,
  'x-ward-source': {
    repository: 'https://github.com/jarekbird/jira-api-mcp-wrapper',
    path: 'swagger-v3.v3.json',
    commit,
    license: 'Apache-2.0 (the description itself: Apache 2.0, per its info.license)',
    note: 'Only the operations the Jira adapter calls and the schemas they reference, copied verbatim; responses reduced to their descriptions.',
  },
  paths,
  components: {
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    securitySchemes: spec.components.securitySchemes,
  },
};
writeStandInSpec('jira-platform-v3.json', out);
