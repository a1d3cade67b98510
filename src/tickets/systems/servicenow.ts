import { DEFAULT_SERVICENOW_LEVELS, type ServiceNowPolicy } from '../../config/ticket-systems';
import { classifyFailure, networkCode, TicketSystemError, type TicketSystem } from '../system';

export interface ServiceNowSystemOptions {
  policy: ServiceNowPolicy;
  /** The OAuth client secret, read from Key Vault for this run. */
  clientSecret: string;
  fetch: typeof fetch;
  now?: () => Date;
}

interface Incident {
  sys_id?: unknown;
  number?: unknown;
}

/**
 * ServiceNow incidents through the Table API (`/api/now/table/incident`) with an OAuth token
 * from the client credentials grant. The marker is the incident's `correlation_id`; comments
 * go to the `comments` journal; resolving sets state 6 with a close code and notes.
 */
export function createServiceNowSystem(options: ServiceNowSystemOptions): TicketSystem {
  const { policy } = options;
  const now = options.now ?? (() => new Date());
  const base = policy.instanceUrl.replace(/\/+$/, '');
  let token: Promise<string> | undefined;

  const request = async (what: string, path: string, init: RequestInit): Promise<unknown> => {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, init);
    } catch (error) {
      const code = networkCode(error) ?? (error instanceof Error ? error.message : String(error));
      throw classifyFailure('servicenow', what, undefined, undefined, code, now());
    }
    const text = await response.text();
    if (!response.ok) {
      let detail: string;
      try {
        const body = JSON.parse(text) as { error?: { message?: unknown } };
        detail = typeof body.error?.message === 'string' ? body.error.message : '';
      } catch {
        detail = '';
      }
      throw classifyFailure(
        'servicenow',
        what,
        response.status,
        response.headers.get('retry-after'),
        detail.slice(0, 300),
        now(),
      );
    }
    return text === '' ? {} : (JSON.parse(text) as unknown);
  };

  const accessToken = (): Promise<string> =>
    (token ??= request('getting an OAuth token', '/oauth_token.do', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: policy.clientId,
        client_secret: options.clientSecret,
      }).toString(),
    })
      .then((body) => {
        const value = (body as { access_token?: unknown }).access_token;
        if (typeof value !== 'string')
          throw new TicketSystemError(
            'servicenow',
            'access',
            'the token endpoint sent no access_token',
            401,
          );
        return value;
      })
      .catch((error: unknown) => {
        token = undefined;
        throw error;
      }));

  const table = async (
    what: string,
    method: string,
    path: string,
    body?: Record<string, string>,
  ): Promise<unknown> =>
    request(what, `/api/now/table/incident${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  const ticketOf = (incident: Incident) => {
    const id = typeof incident.sys_id === 'string' ? incident.sys_id : '';
    return { id, url: `${base}/nav_to.do?uri=incident.do?sys_id=${id}` };
  };

  return {
    name: 'servicenow',
    async find(marker) {
      const body = (await table(
        'looking the incident up',
        'GET',
        `?sysparm_query=${encodeURIComponent(`correlation_id=${marker}`)}&sysparm_limit=1`,
      )) as { result?: Incident[] };
      const first = body.result?.[0];
      return first ? ticketOf(first) : undefined;
    },
    async create(content) {
      const body = (await table('creating the incident', 'POST', '', {
        short_description: content.title.slice(0, 160),
        description: content.paragraphs.join('\n\n').slice(0, 4000),
        urgency: policy.urgency[content.severity] ?? DEFAULT_SERVICENOW_LEVELS[content.severity],
        impact: policy.impact[content.severity] ?? DEFAULT_SERVICENOW_LEVELS[content.severity],
        category: policy.category,
        correlation_id: content.marker,
        correlation_display: 'ward',
        ...(policy.assignmentGroup ? { assignment_group: policy.assignmentGroup } : {}),
      })) as { result?: Incident };
      return ticketOf(body.result ?? {});
    },
    async comment(ticket, text) {
      await table('commenting', 'PATCH', `/${ticket.id}`, { comments: text });
    },
    async resolve(ticket, text) {
      // State, close code, notes and the comment in one write: a repeat changes nothing more.
      await table('resolving the incident', 'PATCH', `/${ticket.id}`, {
        state: '6',
        close_code: 'Solved (Permanently)',
        close_notes: text,
        comments: text,
      });
    },
    async reopen(ticket, text) {
      await table('reopening the incident', 'PATCH', `/${ticket.id}`, {
        state: '2',
        comments: text,
      });
    },
  };
}
