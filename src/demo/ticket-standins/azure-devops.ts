import { readSpec } from './specs';
import {
  startTicketStandIn,
  type StandInRequest,
  type TicketStandIn,
  type VendorBehaviour,
} from './server';
import type { StandInTicket, TicketBook } from './store';

/** Azure DevOps' resource id: the audience of the Entra tokens it accepts. */
export const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
const WIT_AREA_ID = '5264459e-e5e0-4bd8-b118-0985e68a4ec5';

/** Azure DevOps' error body (a VSS exception). */
function errorBody(status: number, message: string): unknown {
  const typeKey =
    status === 404
      ? 'WorkItemNotFoundException'
      : status === 401
        ? 'UnauthorizedRequestException'
        : status === 400
          ? 'VssPropertyValidationException'
          : 'VssServiceException';
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

/**
 * The resource locations the client discovers with OPTIONS before its first call (route
 * templates and versions as Azure DevOps Services answers them for these location ids).
 */
function witLocations(): unknown {
  const location = (
    id: string,
    resourceName: string,
    routeTemplate: string,
    releasedVersion: string,
    resourceVersion: number,
  ) => ({
    id,
    area: 'wit',
    resourceName,
    routeTemplate,
    resourceVersion,
    minVersion: '1.0',
    maxVersion: '7.1',
    releasedVersion,
  });
  return {
    count: 4,
    value: [
      location(
        '62d3d110-0047-428c-ad3c-4fe872c91c74',
        'workItems',
        '{project}/_apis/{area}/workitems/${type}',
        '7.1',
        3,
      ),
      location(
        '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b',
        'workItems',
        '{project}/_apis/{area}/{resource}/{id}',
        '7.1',
        3,
      ),
      location(
        '608aac0a-32e1-4493-a863-b9cf4566d257',
        'comments',
        '{project}/_apis/{area}/workItems/{workItemId}/{resource}/{commentId}',
        '0.0',
        4,
      ),
      location(
        '1a9c53f7-f243-4447-b110-35ef023636e4',
        'wiql',
        '{project}/{team}/_apis/{area}/{resource}/{id}',
        '7.1',
        2,
      ),
    ],
  };
}

function locationLocations(): unknown {
  return {
    count: 1,
    value: [
      {
        id: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
        area: 'Location',
        resourceName: 'ResourceAreas',
        routeTemplate: '_apis/{resource}/{areaId}',
        resourceVersion: 1,
        minVersion: '3.2',
        maxVersion: '7.1',
        releasedVersion: '0.0',
      },
    ],
  };
}

/**
 * The published description, with the two corrections SOURCES.md records: the generator typed
 * JsonPatchDocument as an object holding an array, and an operation's value as an object, where
 * the service (and the description's own examples) take an array and primitive values.
 */
function loadSpec(): unknown {
  // The published file starts with a byte order mark.
  const spec = JSON.parse(readSpec('azure-devops-wit-7.1.json').replace(/^\uFEFF/, '')) as {
    definitions: Record<
      string,
      Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> }
    >;
  };
  const document = spec.definitions.JsonPatchDocument;
  if (document) {
    delete document.type;
    delete document.properties;
  }
  delete spec.definitions.JsonPatchOperation?.properties?.value?.type;
  return spec;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
}

/** Fields a work item type has; anything else in /fields/ is refused as Azure DevOps does. */
const KNOWN_FIELDS = new Set([
  'System.Title',
  'System.Description',
  'System.Tags',
  'System.State',
  'System.AreaPath',
  'System.IterationPath',
  'System.History',
  'Microsoft.VSTS.Common.Priority',
]);

export interface AzureDevOpsStandInOptions {
  organization: string;
  project: string;
  /** States of the work item type's workflow (Basic process `Issue`: To Do, Doing, Done). */
  states?: string[];
  /** Custom fields the process defines (e.g. `Custom.Team`). */
  customFields?: string[];
  now?: () => Date;
}

function tokenAudience(authorization: string): string | undefined {
  const token = /^Bearer (.+)$/i.exec(authorization)?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      aud?: unknown;
    };
    return typeof claims.aud === 'string' ? claims.aud : undefined;
  } catch {
    return undefined;
  }
}

/** Azure DevOps Boards work items, validated against Microsoft's published 7.1 REST specs. */
export async function startAzureDevOpsStandIn(
  options: AzureDevOpsStandInOptions,
): Promise<TicketStandIn> {
  const states = options.states ?? ['To Do', 'Doing', 'Done'];
  const fields = new Set([...KNOWN_FIELDS, ...(options.customFields ?? [])]);
  const org = options.organization;
  const htmlBase = (origin: string) =>
    `${origin}/${org}/${encodeURIComponent(options.project)}/_workitems/edit`;

  const workItem = (t: StandInTicket, origin: string): unknown => ({
    id: t.id,
    rev: 1 + t.comments.length,
    fields: {
      ...t.fields,
      'System.Title': t.title,
      'System.Description': t.body,
      'System.Tags': t.labels.join('; '),
    },
    url: `${origin}/${org}/_apis/wit/workItems/${t.id}`,
    _links: { html: { href: t.url } },
  });

  const applyPatch = (ops: PatchOp[]): { error?: string; set: Record<string, unknown> } => {
    const set: Record<string, unknown> = {};
    for (const op of ops) {
      const field = /^\/fields\/(.+)$/.exec(op.path)?.[1];
      if (!field) return { error: `TF401349: path ${op.path} is not supported`, set };
      if (!fields.has(field)) return { error: `TF51535: Cannot find field ${field}.`, set };
      if (op.op === 'add' || op.op === 'replace') set[field] = op.value;
    }
    const state = set['System.State'];
    if (state !== undefined && (typeof state !== 'string' || !states.includes(state))) {
      return {
        error: `TF401320: Rule Error for field State. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidEmpty.`,
        set,
      };
    }
    return { set };
  };

  const behaviour: VendorBehaviour = {
    system: 'Azure DevOps Boards',
    spec: loadSpec(),
    caseInsensitivePaths: true,
    // "The API version can be set in the request header or query string" (REST API versioning):
    // the client sends it in Accept, the description lists it as a query parameter.
    prepare(query, headers) {
      const accept = headers.accept ?? '';
      const version = /api-version=([^;,\s]+)/.exec(accept)?.[1];
      if (version !== undefined && !query.has('api-version')) query.set('api-version', version);
    },
    errorBody,
    authorized: (req) => tokenAudience(req.headers.authorization ?? '') === AZURE_DEVOPS_RESOURCE,
    extra(req) {
      if (req.method === 'OPTIONS' && req.path === `/${org}/_apis/Location`)
        return { status: 200, body: locationLocations() };
      if (req.method === 'OPTIONS' && req.path === `/${org}/_apis/wit`)
        return { status: 200, body: witLocations() };
      if (req.method === 'GET' && req.path.startsWith(`/${org}/_apis/ResourceAreas`)) {
        return {
          status: 200,
          body: {
            count: 1,
            value: [{ id: WIT_AREA_ID, name: 'wit', locationUrl: `${req.origin}/${org}/` }],
          },
        };
      }
      return undefined;
    },
    handle(req: StandInRequest, book: TicketBook) {
      if (req.params.organization !== org || req.params.project !== options.project) {
        return {
          status: 404,
          body: errorBody(
            404,
            `TF200016: The following project does not exist: ${req.params.project ?? ''}.`,
          ),
        };
      }
      const id = Number(req.params.id ?? req.params.workItemId);
      const item = Number.isFinite(id) ? book.get(id) : undefined;
      switch (req.operationId) {
        case 'Work Items_Create': {
          const { error, set } = applyPatch(req.body as PatchOp[]);
          if (error) return { status: 400, body: errorBody(400, error) };
          if (typeof set['System.Title'] !== 'string')
            return {
              status: 400,
              body: errorBody(400, 'TF401320: Rule Error for field Title. Error code: Required.'),
            };
          const {
            'System.Title': title,
            'System.Description': description,
            'System.Tags': tags,
            ...rest
          } = set;
          const created = book.create({
            title: typeof title === 'string' ? title : '',
            body: typeof description === 'string' ? description : '',
            labels:
              typeof tags === 'string'
                ? tags
                    .split(';')
                    .map((t) => t.trim())
                    .filter(Boolean)
                : [],
            fields: {
              'System.WorkItemType': req.params.type?.replace(/^\$/, ''),
              'System.State': states[0],
              ...rest,
            },
            key: (n) => `${req.params.type?.replace(/^\$/, '') ?? 'Item'} ${n}`,
            url: (n) => `${htmlBase(req.origin)}/${n}`,
          });
          return { status: 200, body: workItem(created, req.origin) };
        }
        case 'Work Items_Update': {
          if (!item)
            return {
              status: 404,
              body: errorBody(404, `TF401232: Work item ${id} does not exist.`),
            };
          const { error, set } = applyPatch(req.body as PatchOp[]);
          if (error) return { status: 400, body: errorBody(400, error) };
          const state = set['System.State'];
          if (typeof state === 'string') {
            item.fields['System.State'] = state;
            book.setState(item, state === states.at(-1) ? 'closed' : 'open');
          }
          return { status: 200, body: workItem(item, req.origin) };
        }
        case 'Work Items_Get Work Item':
          return item
            ? { status: 200, body: workItem(item, req.origin) }
            : { status: 404, body: errorBody(404, `TF401232: Work item ${id} does not exist.`) };
        case 'Comments_Add Comment': {
          if (!item)
            return {
              status: 404,
              body: errorBody(404, `TF401232: Work item ${id} does not exist.`),
            };
          const text = textOf((req.body as { text?: unknown }).text);
          book.comment(item, text);
          return {
            status: 200,
            body: { workItemId: id, commentId: item.comments.length, version: 1, text },
          };
        }
        case 'Wiql_Query By Wiql': {
          const query = textOf((req.body as { query?: unknown }).query);
          const tag = /\[System\.Tags\] CONTAINS '([^']+)'/.exec(query)?.[1];
          const found = book.tickets().filter((t) => tag !== undefined && t.labels.includes(tag));
          return {
            status: 200,
            body: {
              queryType: 'flat',
              queryResultType: 'workItem',
              asOf: new Date().toISOString(),
              columns: [{ referenceName: 'System.Id', name: 'ID' }],
              workItems: found.map((t) => ({
                id: t.id,
                url: `${req.origin}/${org}/_apis/wit/workItems/${t.id}`,
              })),
            },
          };
        }
        default:
          return { status: 404, body: errorBody(404, 'not served by the stand-in') };
      }
    },
    // Azure DevOps stores System.Description as HTML and shows it so.
    renderBody: (ticket) => ticket.body,
    // Comments are HTML too.
    renderComment: (text) => text,
  };
  return startTicketStandIn(behaviour, options.now ? { now: options.now } : {});
}
