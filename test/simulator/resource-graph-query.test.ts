import { describe, expect, it } from 'vitest';
import { ArmRequestError, type SimRequest } from '../../src/simulator/http';
import { handleResourceGraphQuery } from '../../src/simulator/resource-graph/handler';
import {
  runQuery,
  toResourceRow,
  type ResourceRow,
} from '../../src/simulator/resource-graph/evaluate';
import { parseQuery, UnsupportedQueryError } from '../../src/simulator/resource-graph/query';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SUB_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SUB_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function row(sub: string, rg: string, type: string, name: string): ResourceRow {
  const result = toResourceRow(
    {
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`,
      name,
      type,
      location: 'WestEurope',
    },
    TENANT,
  );
  if (!result) throw new Error('not a row');
  return result;
}

const ROWS = [
  row(SUB_A, 'RG-One', 'Microsoft.KeyVault/vaults', 'kv1'),
  row(SUB_A, 'RG-One', 'Microsoft.Storage/storageAccounts', 'st1'),
  row(SUB_B, 'rg-two', 'Microsoft.KeyVault/vaults', 'kv2'),
  row(SUB_B, 'rg-two', 'Microsoft.MachineLearningServices/workspaces', 'mlw'),
];

function run(text: string, subscriptions = [SUB_A, SUB_B], top = 100) {
  return runQuery(parseQuery(text), ROWS, {
    subscriptions,
    top,
    skip: 0,
    skipToken: undefined,
    queryText: text,
  });
}

describe('Resource Graph rows', () => {
  it('lower-cases type, resource group and location, and skips extension resources', () => {
    const r = ROWS[0]!;
    expect(r.type).toBe('microsoft.keyvault/vaults');
    expect(r.resourceGroup).toBe('rg-one');
    expect(r.location).toBe('westeurope');
    expect(r.subscriptionId).toBe(SUB_A);
    expect(r.tenantId).toBe(TENANT);
    const setting = toResourceRow(
      {
        id: `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1/providers/Microsoft.Insights/diagnosticSettings/d`,
        name: 'd',
        type: 'Microsoft.Insights/diagnosticSettings',
      },
      TENANT,
    );
    expect(setting).toBeUndefined();
  });
});

describe('Resource Graph query subset', () => {
  it('filters with in~ and =~ case-insensitively, and == case-sensitively', () => {
    expect(
      run(
        "resources | where type in~ ('Microsoft.KeyVault/VAULTS', 'microsoft.storage/storageaccounts')",
      ).count,
    ).toBe(3);
    expect(run("Resources | where type =~ 'MICROSOFT.KEYVAULT/VAULTS'").count).toBe(2);
    expect(run("resources | where type == 'Microsoft.KeyVault/vaults'").count).toBe(0);
    expect(run("resources | where type == 'microsoft.keyvault/vaults'").count).toBe(2);
  });

  it('combines conditions with and, and with several where stages', () => {
    const text = `resources | where type =~ "microsoft.keyvault/vaults" and subscriptionId in~ ('${SUB_B.toUpperCase()}')`;
    expect(run(text).data.map((d) => d.name)).toEqual(['kv2']);
    expect(
      run(
        `resources | where type !~ 'microsoft.keyvault/vaults' | where resourceGroup == 'rg-two'`,
      ).data.map((d) => d.name),
    ).toEqual(['mlw']);
    expect(run(`resources | where name !in ('kv1', 'kv2')`).count).toBe(2);
  });

  it('keeps only the request subscriptions', () => {
    expect(run('resources', [SUB_A]).count).toBe(2);
  });

  it('projects columns in order, orders and takes', () => {
    const page = run('resources | project name, type, id | order by name asc | take 3');
    expect(page.data.map((d) => d.name)).toEqual(['kv1', 'kv2', 'mlw']);
    expect(Object.keys(page.data[0]!)).toEqual(['name', 'type', 'id']);
    expect(page.totalRecords).toBe(3);
  });

  it('pages with a skip token tied to the query', () => {
    const text = 'resources';
    const query = parseQuery(text);
    const options = {
      subscriptions: [SUB_A, SUB_B],
      top: 3,
      skip: 0,
      skipToken: undefined,
      queryText: text,
    };
    const first = runQuery(query, ROWS, options);
    expect(first.count).toBe(3);
    expect(first.totalRecords).toBe(4);
    expect(first.$skipToken).toBeDefined();
    const second = runQuery(query, ROWS, { ...options, skipToken: first.$skipToken });
    expect(second.count).toBe(1);
    expect(second.$skipToken).toBeUndefined();
    expect(new Set([...first.data, ...second.data].map((d) => d.id)).size).toBe(4);
    expect(() =>
      runQuery(parseQuery('resources | take 4'), ROWS, {
        ...options,
        queryText: 'resources | take 4',
        skipToken: first.$skipToken,
      }),
    ).toThrow(/different query/);
  });

  it('marks a result truncated instead of paging when id is not projected', () => {
    const page = run('resources | project name', [SUB_A, SUB_B], 2);
    expect(page.resultTruncated).toBe('true');
    expect(page.$skipToken).toBeUndefined();
  });

  it.each([
    ['resources | summarize count() by type', 'summarize count() by type'],
    ['resourcecontainers', "table 'resourcecontainers'"],
    ["resources | where type =~ 'a' or type =~ 'b'", "or type =~ 'b'"],
    [
      "resources | where properties.publicNetworkAccess =~ 'Enabled'",
      'properties.publicNetworkAccess',
    ],
    ["resources | where type contains 'vault'", 'contains'],
    ['resources | project name = id', '='],
    ['resources | extend x = 1', 'extend x = 1'],
  ])('rejects %s naming the unsupported part', (text, part) => {
    let caught: unknown;
    try {
      parseQuery(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedQueryError);
    expect((caught as Error).message).toContain(part);
  });
});

describe('Resource Graph request handling', () => {
  const source = { rows: () => ROWS, subscriptions: () => [SUB_A, SUB_B] };
  function request(apiVersion: string | undefined, body: unknown): SimRequest {
    const url = new URL('https://127.0.0.1/providers/Microsoft.ResourceGraph/resources');
    if (apiVersion) url.searchParams.set('api-version', apiVersion);
    return {
      method: 'POST',
      url,
      headers: {},
      rawBody: JSON.stringify(body),
      body,
      principal: undefined,
      correlationId: 'c',
      requestId: 'r',
      faults: [],
    };
  }

  it('accepts the published api-versions and defaults to every subscription', () => {
    for (const version of ['2021-03-01', '2022-10-01', '2024-04-01']) {
      const response = handleResourceGraphQuery(request(version, { query: 'resources' }), source);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ totalRecords: 4, count: 4, resultTruncated: 'false' });
    }
  });

  it('rejects an unknown api-version, a bad body, management groups and the table format', () => {
    expect(() =>
      handleResourceGraphQuery(request('2019-04-01', { query: 'resources' }), source),
    ).toThrow(ArmRequestError);
    expect(() =>
      handleResourceGraphQuery(request(undefined, { query: 'resources' }), source),
    ).toThrow(/api-version/);
    expect(handleResourceGraphQuery(request('2022-10-01', { query: 42 }), source).status).toBe(400);
    expect(
      handleResourceGraphQuery(
        request('2022-10-01', { query: 'resources', options: { $top: 5000 } }),
        source,
      ).status,
    ).toBe(400);
    const groups = handleResourceGraphQuery(
      request('2022-10-01', { query: 'resources', managementGroups: ['mg'] }),
      source,
    );
    expect(JSON.stringify(groups.body)).toContain('unsupported: managementGroups');
    const table = handleResourceGraphQuery(
      request('2022-10-01', { query: 'resources', options: { resultFormat: 'table' } }),
      source,
    );
    expect(JSON.stringify(table.body)).toContain('unsupported: table');
  });
});
