import { describe, expect, it } from 'vitest';
import { createOpenApiValidator } from '../../src/demo/ticket-standins/openapi-validator';
import { readSpec } from '../../src/demo/ticket-standins/specs';

const json = { 'content-type': 'application/json' };
const patch = { 'content-type': 'application/json-patch+json' };

function github() {
  return createOpenApiValidator(JSON.parse(readSpec('github-issues.json')) as unknown);
}

function azureDevOps() {
  const spec = JSON.parse(readSpec('azure-devops-wit-7.1.json').replace(/^\uFEFF/, '')) as {
    definitions: Record<
      string,
      Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> }
    >;
  };
  // The two corrections the stand-in applies (specs/SOURCES.md).
  delete spec.definitions.JsonPatchDocument?.type;
  delete spec.definitions.JsonPatchDocument?.properties;
  delete spec.definitions.JsonPatchOperation?.properties?.value?.type;
  return createOpenApiValidator(spec, true);
}

const request = (
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = json,
  query = '',
) => ({
  method,
  path,
  query: new URLSearchParams(query),
  headers,
  body: body === undefined ? '' : JSON.stringify(body),
});

describe('stand-in request validation against the published descriptions', () => {
  it('GitHub: accepts the issue ward files', () => {
    const result = github().validate(
      request('POST', '/repos/o/r/issues', {
        title: 't',
        body: 'b',
        labels: ['ward'],
        assignees: [],
      }),
    );
    expect(result).toMatchObject({ ok: true, operationId: 'issues/create' });
  });

  it('GitHub: refuses an issue without a title, a wrong state and a non-JSON content type', () => {
    const v = github();
    expect(v.validate(request('POST', '/repos/o/r/issues', { body: 'b' }))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      v.validate(request('PATCH', '/repos/o/r/issues/1', { state: 'resolved' })),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      v.validate(request('POST', '/repos/o/r/issues/x/comments', { body: 'b' })),
    ).toMatchObject({ ok: false });
    expect(
      v.validate(
        request('POST', '/repos/o/r/issues', { title: 't' }, { 'content-type': 'text/plain' }),
      ),
    ).toMatchObject({ ok: false, status: 415 });
    expect(v.validate(request('DELETE', '/repos/o/r/issues/1', undefined))).toMatchObject({
      ok: false,
      status: 405,
    });
  });

  it('Azure DevOps: accepts a JSON Patch work item with api-version, refuses a wrong op or content type', () => {
    const v = azureDevOps();
    const path = '/contoso/Platform/_apis/wit/workitems/$Issue';
    const document = [{ op: 'add', path: '/fields/System.Title', value: 't' }];
    expect(v.validate(request('POST', path, document, patch, 'api-version=7.1'))).toMatchObject({
      ok: true,
    });
    expect(
      v.validate(
        request(
          'POST',
          path,
          [{ op: 'update', path: '/fields/System.Title', value: 't' }],
          patch,
          'api-version=7.1',
        ),
      ),
    ).toMatchObject({ ok: false, status: 400 });
    // The client's own enum (a number) is not what the service takes.
    expect(
      v.validate(
        request(
          'POST',
          path,
          [{ op: 0, path: '/fields/System.Title', value: 't' }],
          patch,
          'api-version=7.1',
        ),
      ),
    ).toMatchObject({ ok: false });
    expect(v.validate(request('POST', path, document, json, 'api-version=7.1'))).toMatchObject({
      ok: false,
      status: 415,
    });
    expect(v.validate(request('POST', path, document, patch))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('ServiceNow: accepts the incident ward files and the token request, refuses unknown fields', () => {
    const v = createOpenApiValidator(
      JSON.parse(readSpec('servicenow-table-incident.json')) as unknown,
    );
    const incident = {
      short_description: 't',
      urgency: '2',
      impact: '2',
      correlation_id: 'ward-1',
    };
    expect(v.validate(request('POST', '/api/now/table/incident', incident))).toMatchObject({
      ok: true,
    });
    expect(
      v.validate(request('POST', '/api/now/table/incident', { ...incident, priority_level: 'P1' })),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      v.validate(request('POST', '/api/now/table/incident', { ...incident, urgency: '4' })),
    ).toMatchObject({ ok: false, status: 400 });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(
      v.validate({
        method: 'POST',
        path: '/oauth_token.do',
        query: new URLSearchParams(),
        headers: form,
        body: 'grant_type=client_credentials&client_id=a&client_secret=b',
      }),
    ).toMatchObject({ ok: true });
    expect(
      v.validate({
        method: 'POST',
        path: '/oauth_token.do',
        query: new URLSearchParams(),
        headers: form,
        body: 'grant_type=password&client_id=a&client_secret=b',
      }),
    ).toMatchObject({ ok: false });
  });

  it('Jira: accepts the issue, comment and transition ward sends, refuses what the API would', () => {
    const v = createOpenApiValidator(JSON.parse(readSpec('jira-platform-v3.json')) as unknown);
    const doc = { type: 'doc', version: 1, content: [] };
    const issue = {
      fields: { project: { key: 'SEC' }, issuetype: { name: 'Task' }, summary: 't' },
    };
    expect(v.validate(request('POST', '/rest/api/3/issue', issue))).toMatchObject({
      ok: true,
      operationId: 'createIssue',
    });
    expect(
      v.validate(request('POST', '/rest/api/3/issue/SEC-1/comment', { body: doc })),
    ).toMatchObject({ ok: true, operationId: 'addComment' });
    expect(
      v.validate(
        request('POST', '/rest/api/3/issue/SEC-1/transitions', { transition: { id: '31' } }),
      ),
    ).toMatchObject({ ok: true, operationId: 'doTransition' });
    // A transition id is a string; an update operation's value is a list.
    expect(
      v.validate(
        request('POST', '/rest/api/3/issue/SEC-1/transitions', { transition: { id: 31 } }),
      ),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      v.validate(request('POST', '/rest/api/3/issue', { ...issue, update: { labels: 'x' } })),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      v.validate(
        request('POST', '/rest/api/3/search/jql', { jql: 'project = SEC', maxResults: 1 }),
      ),
    ).toMatchObject({ ok: true, operationId: 'searchAndReconsileIssuesUsingJqlPost' });
    expect(
      v.validate(request('POST', '/rest/api/3/search/jql', { jql: 'x', maxResults: 'many' })),
    ).toMatchObject({ ok: false, status: 400 });
    // Atlassian retired the old search: it is not in the description any more.
    expect(
      v.validate(request('GET', '/rest/api/3/search', undefined, json, 'jql=x')),
    ).toMatchObject({ ok: false, status: 404 });
    expect(v.validate(request('POST', '/rest/api/3/issue/SEC-1/comment', undefined))).toMatchObject(
      { ok: false, status: 400 },
    );
    expect(
      v.validate(request('POST', '/rest/api/3/issue', issue, { 'content-type': 'text/plain' })),
    ).toMatchObject({ ok: false, status: 415 });
    expect(v.validate(request('DELETE', '/rest/api/3/issue/SEC-1', undefined))).toMatchObject({
      ok: false,
      status: 405,
    });
  });
});
