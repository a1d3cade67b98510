import type { TokenCredential } from '@azure/core-auth';
import { getBearerHandler, WebApi } from 'azure-devops-node-api';
import type { IWorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi';
import type { JsonPatchOperation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import { DEFAULT_AZURE_DEVOPS_PRIORITY, type AzureDevOpsPolicy } from '../../config/ticket-systems';
import { markdownToHtml } from '../markdown-html';
import {
  classifyFailure,
  networkCode,
  TicketSystemError,
  type ExternalTicket,
  type TicketSystem,
} from '../system';

/** Azure DevOps' Entra resource id: ward's identity asks for a token for it, no PAT. */
export const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export interface AzureDevOpsSystemOptions {
  policy: AzureDevOpsPolicy;
  credential: TokenCredential;
  /** A CA file to trust besides the system's (the local stand-in's). */
  caFile?: string;
  now?: () => Date;
}

function failure(what: string, error: unknown, now: Date): TicketSystemError {
  const e = error as {
    statusCode?: unknown;
    responseHeaders?: Record<string, unknown>;
    message?: unknown;
    result?: { message?: unknown };
  };
  const status =
    typeof e.statusCode === 'number' && networkCode(error) === undefined ? e.statusCode : undefined;
  const retryAfter = e.responseHeaders?.['retry-after'];
  const detail =
    typeof e.result?.message === 'string'
      ? e.result.message
      : typeof e.message === 'string'
        ? e.message
        : '';
  return classifyFailure(
    'azure-devops',
    what,
    status,
    typeof retryAfter === 'string' ? retryAfter : undefined,
    detail.slice(0, 300),
    now,
  );
}

/**
 * The client types `op` as a numeric enum, but the REST API takes the JSON Patch names
 * (`"add"`); a number is refused. The document is built with names and handed over as is.
 */
type PatchDocument = { op: 'add' | 'replace' | 'test'; path: string; value: unknown }[];
const asPatch = (document: PatchDocument): JsonPatchOperation[] =>
  document as unknown as JsonPatchOperation[];

const escapeWiql = (text: string): string => text.replace(/'/g, "''");

/**
 * Azure DevOps Boards work items through azure-devops-node-api, as ward's managed identity
 * (an Entra token for Azure DevOps, fetched per run). Work items are JSON Patch documents; the
 * marker is a tag found again with WIQL, so a lost answer never files a second work item.
 */
export function createAzureDevOpsSystem(options: AzureDevOpsSystemOptions): TicketSystem {
  const { policy } = options;
  const now = options.now ?? (() => new Date());
  const project = policy.project;
  const team = policy.team ?? `${project} Team`;
  let api: Promise<IWorkItemTrackingApi> | undefined;

  const wit = (): Promise<IWorkItemTrackingApi> =>
    (api ??= (async () => {
      const token = await options.credential.getToken(AZURE_DEVOPS_SCOPE);
      if (!token)
        throw new TicketSystemError(
          'azure-devops',
          'access',
          'no Entra token for Azure DevOps',
          401,
        );
      const connection = new WebApi(
        policy.organizationUrl.replace(/\/$/, ''),
        getBearerHandler(token.token),
        {
          allowRetries: false,
          socketTimeout: 30_000,
          ...(options.caFile ? { cert: { caFile: options.caFile } } : {}),
        },
      );
      return connection.getWorkItemTrackingApi();
    })().catch((error: unknown) => {
      api = undefined;
      throw error;
    }));

  const call = async <T>(
    what: string,
    work: (w: IWorkItemTrackingApi) => Promise<T | null | undefined>,
  ): Promise<T> => {
    let result: T | null | undefined;
    try {
      result = await work(await wit());
    } catch (error) {
      if (error instanceof TicketSystemError) throw error;
      throw failure(what, error, now());
    }
    // The client answers a 404 with no result rather than an error.
    if (result === null || result === undefined) {
      throw new TicketSystemError(
        'azure-devops',
        'access',
        `${what}: azure-devops answered 404`,
        404,
      );
    }
    return result;
  };

  const ticketOf = (item: {
    id?: number;
    _links?: { html?: { href?: string } };
  }): ExternalTicket => {
    const id = String(item.id ?? '');
    return {
      id,
      url:
        item._links?.html?.href ??
        `${policy.organizationUrl.replace(/\/$/, '')}/${encodeURIComponent(project)}/_workitems/edit/${id}`,
    };
  };

  const setState = (ticket: ExternalTicket, state: string, what: string) =>
    call(what, (w) =>
      w.updateWorkItem(
        {},
        asPatch([{ op: 'add', path: '/fields/System.State', value: state }]),
        Number(ticket.id),
        project,
      ),
    );

  return {
    name: 'azure-devops',
    async find(marker) {
      const result = await call('looking the work item up by tag', (w) =>
        w.queryByWiql(
          {
            query: `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS '${escapeWiql(marker)}'`,
          },
          { project, team },
        ),
      );
      const first = result.workItems?.[0];
      return first?.id !== undefined
        ? ticketOf(
            await call('reading the work item', (w) =>
              w.getWorkItem(first.id ?? 0, undefined, undefined, undefined, project),
            ),
          )
        : undefined;
    },
    async create(content) {
      const tags = ['ward', content.ruleId, content.marker, ...policy.tags];
      const document: PatchDocument = [
        { op: 'add', path: '/fields/System.Title', value: content.title },
        { op: 'add', path: '/fields/System.Description', value: markdownToHtml(content.body) },
        { op: 'add', path: '/fields/System.Tags', value: tags.join('; ') },
        {
          op: 'add',
          path: '/fields/Microsoft.VSTS.Common.Priority',
          value:
            policy.priority[content.severity] ?? DEFAULT_AZURE_DEVOPS_PRIORITY[content.severity],
        },
        ...(policy.areaPath
          ? [{ op: 'add' as const, path: '/fields/System.AreaPath', value: policy.areaPath }]
          : []),
        ...(policy.iterationPath
          ? [
              {
                op: 'add' as const,
                path: '/fields/System.IterationPath',
                value: policy.iterationPath,
              },
            ]
          : []),
        ...Object.entries(policy.fields).map(([name, value]) => ({
          op: 'add' as const,
          path: `/fields/${name}`,
          value,
        })),
      ];
      return ticketOf(
        await call('creating the work item', (w) =>
          w.createWorkItem({}, asPatch(document), project, policy.workItemType),
        ),
      );
    },
    async comment(ticket, text) {
      await call('commenting', (w) =>
        w.addComment({ text: markdownToHtml(text) }, project, Number(ticket.id)),
      );
    },
    async resolve(ticket, text) {
      await setState(ticket, policy.resolvedState, 'resolving the work item');
      await this.comment(ticket, text);
    },
    async reopen(ticket, text) {
      await setState(ticket, policy.reopenedState, 'reopening the work item');
      await this.comment(ticket, text);
    },
  };
}
