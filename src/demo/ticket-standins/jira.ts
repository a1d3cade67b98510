import {
  startTicketStandIn,
  type StandInAnswer,
  type StandInRequest,
  type TicketStandIn,
  type VendorBehaviour,
} from './server';
import { readSpec } from './specs';
import type { StandInTicket, TicketBook } from './store';

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
function errorBody(status: number, message: string, errors: Record<string, string> = {}): unknown {
  const text =
    status === 401
      ? 'Client must be authenticated to access this resource.'
      : status === 404
        ? 'Issue does not exist or you do not have permission to see it.'
        : message;
  return { errorMessages: text === '' ? [] : [text], errors };
}

const refused = (errors: Record<string, string>): StandInAnswer => ({
  status: 400,
  body: errorBody(400, '', errors),
});

const NOT_ADF = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard']);
const BLOCK = new Set(['paragraph', 'heading', 'codeBlock', 'bulletList', 'orderedList', 'rule']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether an inline node is one Jira takes; an empty text node is refused. */
function isInline(node: unknown): boolean {
  if (!isRecord(node) || typeof node.type !== 'string' || !INLINE.has(node.type)) return false;
  return node.type !== 'text' || (typeof node.text === 'string' && node.text !== '');
}

/** Whether a value is an ADF document as Jira takes it (the nodes ward and most clients write). */
export function isAdfDocument(value: unknown): boolean {
  if (!isRecord(value) || value.type !== 'doc' || value.version !== 1) return false;
  if (!Array.isArray(value.content)) return false;
  return value.content.every((block: unknown) => {
    if (!isRecord(block) || typeof block.type !== 'string' || !BLOCK.has(block.type)) return false;
    if (block.content === undefined) return true;
    return Array.isArray(block.content) && block.content.every(isInline);
  });
}

/** The text of an ADF document, a line per block and per hard break. */
export function adfText(value: unknown): string {
  const doc = value as { content?: { content?: { type?: unknown; text?: unknown }[] }[] };
  return (doc.content ?? [])
    .map((block) =>
      (block.content ?? [])
        .map((n) => (n.type === 'hardBreak' ? '\n' : typeof n.text === 'string' ? n.text : ''))
        .join(''),
    )
    .join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An ADF document as Jira shows it: paragraphs, bold marks, line breaks. */
export function adfHtml(stored: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(stored);
  } catch {
    return `<pre>${escape(stored)}</pre>`;
  }
  const blocks =
    (doc as { content?: { content?: { type?: unknown; text?: unknown; marks?: unknown }[] }[] })
      .content ?? [];
  return blocks
    .map(
      (block) =>
        `<p>${(block.content ?? [])
          .map((n) => {
            if (n.type === 'hardBreak') return '<br>';
            const text = escape(typeof n.text === 'string' ? n.text : '');
            const strong =
              Array.isArray(n.marks) &&
              n.marks.some((m) => (m as { type?: unknown }).type === 'strong');
            return strong ? `<strong>${text}</strong>` : text;
          })
          .join('')}</p>`,
    )
    .join('\n');
}

/** The workflow of a Jira Cloud team-managed project: three statuses, global transitions. */
const STATUSES = {
  'To Do': { id: '10000', category: 'new' },
  'In Progress': { id: '3', category: 'indeterminate' },
  Done: { id: '10001', category: 'done' },
} as const;
type StatusName = keyof typeof STATUSES;
const TRANSITIONS: { id: string; name: string; to: StatusName }[] = [
  { id: '11', name: 'To Do', to: 'To Do' },
  { id: '21', name: 'In Progress', to: 'In Progress' },
  { id: '31', name: 'Done', to: 'Done' },
];
const ISSUE_TYPES = new Set(['Task', 'Bug', 'Story', 'Epic']);
const PRIORITIES = new Set(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
const SETTABLE = new Set(['project', 'issuetype', 'summary', 'description', 'labels', 'priority']);

export interface JiraStandInOptions {
  projectKey: string;
  /** Basic auth: the account's email and API token. */
  email?: string;
  apiToken?: string;
  /** OAuth 2.0: the bearer token accepted. */
  accessToken?: string;
  now?: () => Date;
}

function statusJson(name: StatusName): unknown {
  const status = STATUSES[name];
  return { id: status.id, name, statusCategory: { key: status.category } };
}

/** Jira Cloud's platform REST API v3 for issues, validated against Atlassian's OpenAPI (specs/). */
export async function startJiraStandIn(options: JiraStandInOptions): Promise<TicketStandIn> {
  const basic =
    options.email !== undefined && options.apiToken !== undefined
      ? `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`
      : undefined;
  const issueId = (t: StandInTicket): string => String(10000 + t.id);
  const statusOf = (t: StandInTicket): StatusName =>
    (t.fields.status as StatusName | undefined) ?? 'To Do';
  const issueJson = (t: StandInTicket, origin: string): unknown => ({
    id: issueId(t),
    key: t.key,
    self: `${origin}/rest/api/3/issue/${issueId(t)}`,
    fields: {
      summary: t.title,
      labels: t.labels,
      status: statusJson(statusOf(t)),
      priority: t.fields.priority,
      issuetype: t.fields.issuetype,
    },
  });
  const find = (book: TicketBook, idOrKey: string | undefined): StandInTicket | undefined =>
    book.tickets().find((t) => t.key === idOrKey || issueId(t) === idOrKey);

  const behaviour: VendorBehaviour = {
    system: 'Jira Cloud',
    spec: JSON.parse(readSpec('jira-platform-v3.json')) as unknown,
    errorBody: (status, message) => errorBody(status, message),
    authorized(req: StandInRequest) {
      const auth = req.headers.authorization ?? '';
      if (basic !== undefined && auth === basic) return true;
      return options.accessToken !== undefined && auth === `Bearer ${options.accessToken}`;
    },
    handle(req: StandInRequest, book: TicketBook): StandInAnswer {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const issue = find(book, req.params.issueIdOrKey);
      switch (req.operationId) {
        case 'searchAndReconsileIssuesUsingJqlPost': {
          const jql = typeof body.jql === 'string' ? body.jql : '';
          const label = /\blabels\s*=\s*"([^"]+)"/.exec(jql)?.[1];
          const project = /\bproject\s*=\s*"([^"]+)"/.exec(jql)?.[1];
          if (label === undefined) {
            return { status: 400, body: errorBody(400, `Error in the JQL Query: ${jql}`) };
          }
          const max = typeof body.maxResults === 'number' ? body.maxResults : 50;
          const found = book
            .tickets()
            .filter((t) => t.labels.includes(label))
            .filter((t) => project === undefined || t.key.startsWith(`${project}-`));
          return {
            status: 200,
            // The enhanced search pages by token and counts nothing.
            body: {
              issues: found.slice(0, max).map((t) => issueJson(t, req.origin)),
              isLast: found.length <= max,
              ...(found.length > max ? { nextPageToken: `after-${String(max)}` } : {}),
            },
          };
        }
        case 'createIssue': {
          const fields = (body.fields ?? {}) as Record<string, unknown>;
          const unknown = Object.keys(fields).filter((f) => !SETTABLE.has(f));
          if (unknown.length > 0) {
            return refused(
              Object.fromEntries(
                unknown.map((f) => [
                  f,
                  `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`,
                ]),
              ),
            );
          }
          const errors: Record<string, string> = {};
          if ((fields.project as { key?: unknown } | undefined)?.key !== options.projectKey)
            errors.project = 'valid project is required';
          const type = (fields.issuetype as { name?: unknown } | undefined)?.name;
          if (typeof type !== 'string' || !ISSUE_TYPES.has(type))
            errors.issuetype = 'Specify a valid issue type';
          if (typeof fields.summary !== 'string' || fields.summary.trim() === '')
            errors.summary = 'You must specify a summary of the issue.';
          else if (fields.summary.length > 255 || /[\r\n]/.test(fields.summary))
            errors.summary = 'Summary must be less than 255 characters and a single line.';
          if (fields.description !== undefined && !isAdfDocument(fields.description))
            errors.description = NOT_ADF;
          const labels: unknown[] = Array.isArray(fields.labels) ? fields.labels : [];
          const spaced = labels.find((l) => typeof l !== 'string' || /\s/.test(l));
          if (spaced !== undefined)
            errors.labels = `The label '${typeof spaced === 'string' ? spaced : JSON.stringify(spaced)}' contains spaces which is invalid.`;
          const priority = (fields.priority as { name?: unknown } | undefined)?.name;
          if (
            fields.priority !== undefined &&
            (typeof priority !== 'string' || !PRIORITIES.has(priority))
          )
            errors.priority = `Priority name '${String(priority)}' is not valid`;
          if (Object.keys(errors).length > 0) return refused(errors);
          const created = book.create({
            title: String(fields.summary),
            body: JSON.stringify(fields.description ?? { type: 'doc', version: 1, content: [] }),
            labels: labels.map(String),
            fields: { status: 'To Do', issuetype: { name: type }, priority: { name: priority } },
            key: (n) => `${options.projectKey}-${n}`,
            url: (n) => `${req.origin}/browse/${options.projectKey}-${n}`,
          });
          return {
            status: 201,
            body: {
              id: issueId(created),
              key: created.key,
              self: `${req.origin}/rest/api/3/issue/${issueId(created)}`,
            },
          };
        }
        case 'getIssue':
          return issue
            ? { status: 200, body: issueJson(issue, req.origin) }
            : { status: 404, body: errorBody(404, '') };
        case 'getTransitions':
          if (!issue) return { status: 404, body: errorBody(404, '') };
          return {
            status: 200,
            body: {
              expand: 'transitions',
              transitions: TRANSITIONS.map((t) => ({
                id: t.id,
                name: t.name,
                to: statusJson(t.to),
                hasScreen: false,
                isGlobal: true,
                isInitial: false,
                isAvailable: true,
                isConditional: false,
              })),
            },
          };
        case 'doTransition': {
          if (!issue) return { status: 404, body: errorBody(404, '') };
          const id = (body.transition as { id?: unknown } | undefined)?.id;
          const chosen = TRANSITIONS.find((t) => t.id === id);
          if (!chosen) {
            return {
              status: 400,
              body: errorBody(400, `Transition id '${String(id)}' is not valid for this issue.`),
            };
          }
          issue.fields.status = chosen.to;
          book.setState(issue, chosen.to === 'Done' ? 'closed' : 'open');
          return { status: 204 };
        }
        case 'addComment': {
          if (!issue) return { status: 404, body: errorBody(404, '') };
          if (!isAdfDocument(body.body)) return refused({ comment: NOT_ADF });
          if (adfText(body.body).trim() === '')
            return { status: 400, body: errorBody(400, 'Comment body can not be empty!') };
          book.comment(issue, JSON.stringify(body.body));
          const id = String(10000 + issue.comments.length);
          return {
            status: 201,
            body: {
              id,
              self: `${req.origin}/rest/api/3/issue/${issueId(issue)}/comment/${id}`,
              body: body.body,
              created: new Date().toISOString(),
              jsdPublic: true,
            },
          };
        }
        default:
          return { status: 404, body: errorBody(404, '') };
      }
    },
    renderBody: (ticket) => adfHtml(ticket.body),
    renderComment: (text) => adfHtml(text),
  };
  return startTicketStandIn(behaviour, options.now ? { now: options.now } : {});
}
