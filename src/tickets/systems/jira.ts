import { DEFAULT_JIRA_PRIORITY, jiraApiUrl, type JiraPolicy } from '../../config/ticket-jira';
import { adfFromSections, adfFromText } from '../adf';
import {
  classifyFailure,
  networkCode,
  TicketSystemError,
  type ExternalTicket,
  type TicketSystem,
} from '../system';

export interface JiraSystemOptions {
  policy: JiraPolicy;
  /** The API token (with `auth.type: api-token`) or OAuth 2.0 access token, from Key Vault. */
  secret: string;
  fetch: typeof fetch;
  now?: () => Date;
}

interface IssueRef {
  id?: unknown;
  key?: unknown;
}

interface Transition {
  id?: unknown;
  name?: unknown;
  to?: { name?: unknown };
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { errorMessages?: unknown; errors?: unknown };
    const messages = Array.isArray(body.errorMessages)
      ? body.errorMessages.filter((m): m is string => typeof m === 'string')
      : [];
    const fields =
      body.errors !== null && typeof body.errors === 'object'
        ? Object.entries(body.errors).map(([field, m]) => `${field}: ${String(m)}`)
        : [];
    return [...messages, ...fields].join('; ');
  } catch {
    return '';
  }
}

/**
 * Jira Cloud issues through the platform REST API v3 with plain `fetch` (the maintained client,
 * jira.js, brings its own HTTP stack, which takes neither ward's fetch nor an extra CA).
 * Descriptions and comments are Atlassian Document Format. The marker is a label, found again
 * with JQL; resolving and reopening run the workflow transitions the policy names.
 */
export function createJiraSystem(options: JiraSystemOptions): TicketSystem {
  const { policy } = options;
  const now = options.now ?? (() => new Date());
  const api = jiraApiUrl(policy);
  const site = policy.siteUrl.replace(/\/+$/, '');
  const authorization =
    policy.auth.type === 'api-token'
      ? `Basic ${Buffer.from(`${policy.auth.email}:${options.secret}`).toString('base64')}`
      : `Bearer ${options.secret}`;

  const request = async (
    what: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> => {
    let response: Response;
    try {
      response = await options.fetch(`${api}/rest/api/3${path}`, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      const code = networkCode(error) ?? (error instanceof Error ? error.message : String(error));
      throw classifyFailure('jira', what, undefined, undefined, code, now());
    }
    const text = await response.text();
    if (!response.ok) {
      throw classifyFailure(
        'jira',
        what,
        response.status,
        response.headers.get('retry-after'),
        errorDetail(text).slice(0, 300),
        now(),
      );
    }
    return text === '' ? {} : (JSON.parse(text) as unknown);
  };

  const ticketOf = (issue: IssueRef): ExternalTicket => {
    const key = typeof issue.key === 'string' ? issue.key : '';
    return { id: key, url: `${site}/browse/${encodeURIComponent(key)}` };
  };
  const issuePath = (ticket: ExternalTicket): string => `/issue/${encodeURIComponent(ticket.id)}`;

  /** Whether the issue's status is in the Done category. */
  const isDone = async (ticket: ExternalTicket): Promise<boolean> => {
    const issue = (await request('reading the issue status', 'GET', issuePath(ticket))) as {
      fields?: { status?: { statusCategory?: { key?: unknown } } };
    };
    return issue.fields?.status?.statusCategory?.key === 'done';
  };

  /** Runs the transition the policy names (by id, name or target status), as Jira lists it. */
  const transition = async (ticket: ExternalTicket, wanted: string, setting: string) => {
    const listed = (await request(
      'listing the issue transitions',
      'GET',
      `${issuePath(ticket)}/transitions`,
    )) as { transitions?: Transition[] };
    const lower = wanted.toLowerCase();
    const match = (listed.transitions ?? []).find(
      (t) =>
        t.id === wanted ||
        (typeof t.name === 'string' && t.name.toLowerCase() === lower) ||
        (typeof t.to?.name === 'string' && t.to.name.toLowerCase() === lower),
    );
    if (typeof match?.id !== 'string') {
      const names = (listed.transitions ?? []).map((t) => `${String(t.id)} ${String(t.name)}`);
      throw new TicketSystemError(
        'jira',
        'refused',
        `issue ${ticket.id} has no transition "${wanted}" (ticketSystems.jira.${setting}); it offers ${names.join(', ') || 'none'}`,
      );
    }
    await request('transitioning the issue', 'POST', `${issuePath(ticket)}/transitions`, {
      transition: { id: match.id },
    });
  };

  const comment = async (ticket: ExternalTicket, text: string): Promise<void> => {
    await request('commenting', 'POST', `${issuePath(ticket)}/comment`, {
      body: adfFromText(text),
    });
  };

  return {
    name: 'jira',
    async find(marker) {
      const jql = `project = "${policy.projectKey}" AND labels = "${marker}" ORDER BY created ASC`;
      // The enhanced search: Atlassian retired `GET /search`, which now answers 410 Gone.
      const body = (await request('looking the issue up', 'POST', '/search/jql', {
        jql,
        maxResults: 1,
        fields: ['summary'],
      })) as { issues?: IssueRef[] };
      const first = body.issues?.[0];
      return first ? ticketOf(first) : undefined;
    },
    async create(content) {
      const priority =
        policy.priority === false
          ? undefined
          : (policy.priority[content.severity] ?? DEFAULT_JIRA_PRIORITY[content.severity]);
      const body = (await request('creating the issue', 'POST', '/issue', {
        fields: {
          project: { key: policy.projectKey },
          issuetype: { name: policy.issueType },
          summary: content.title.replace(/[\r\n]+/g, ' ').slice(0, 254),
          description: adfFromSections(content.paragraphs),
          labels: [
            ...new Set([...policy.labels, 'ward', content.marker, `severity-${content.severity}`]),
          ],
          ...(priority !== undefined ? { priority: { name: priority } } : {}),
        },
      })) as IssueRef;
      return ticketOf(body);
    },
    comment,
    async resolve(ticket, text) {
      // The status first, skipped when already done, so a retry after a lost answer is harmless.
      if (!(await isDone(ticket)))
        await transition(ticket, policy.doneTransition, 'doneTransition');
      await comment(ticket, text);
    },
    async reopen(ticket, text) {
      if (await isDone(ticket))
        await transition(ticket, policy.reopenTransition, 'reopenTransition');
      await comment(ticket, text);
    },
  };
}
