import { createHash, randomBytes } from 'node:crypto';
import {
  startTicketStandIn,
  type StandInRequest,
  type TicketStandIn,
  type VendorBehaviour,
} from './server';
import { readSpec } from './specs';
import type { StandInTicket, TicketBook } from './store';

/** ServiceNow's error body: `{ error: { message, detail }, status: "failure" }`. */
function errorBody(status: number, message: string): unknown {
  return {
    error: {
      message:
        status === 401 ? 'User Not Authenticated' : status === 404 ? 'No Record found' : message,
      detail: status === 401 ? 'Required to provide Auth information' : message,
    },
    status: 'failure',
  };
}

const sysIdOf = (ticket: StandInTicket): string =>
  createHash('md5').update(`incident-${ticket.id}`).digest('hex');

export interface ServiceNowStandInOptions {
  clientId: string;
  clientSecret: string;
  now?: () => Date;
}

/** ServiceNow's Table API for incidents, validated against its documented contract (specs/). */
export async function startServiceNowStandIn(
  options: ServiceNowStandInOptions,
): Promise<TicketStandIn> {
  const tokens = new Set<string>();
  const incident = (t: StandInTicket): unknown => ({
    sys_id: sysIdOf(t),
    number: t.key,
    short_description: t.title,
    description: t.body,
    state: t.fields.state,
    correlation_id: t.fields.correlation_id,
  });
  const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
  const behaviour: VendorBehaviour = {
    system: 'ServiceNow',
    spec: JSON.parse(readSpec('servicenow-table-incident.json')) as unknown,
    errorBody,
    authorized(req: StandInRequest) {
      if (req.operationId === 'oauthToken') {
        const body = req.body as Record<string, unknown>;
        return body.client_id === options.clientId && body.client_secret === options.clientSecret;
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return token !== undefined && tokens.has(token);
    },
    handle(req: StandInRequest, book: TicketBook) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      switch (req.operationId) {
        case 'oauthToken': {
          const token = randomBytes(24).toString('base64url');
          tokens.add(token);
          return {
            status: 200,
            body: {
              access_token: token,
              token_type: 'Bearer',
              expires_in: 1799,
              scope: 'useraccount',
            },
          };
        }
        case 'listIncidents': {
          const marker = /^correlation_id=(.+)$/.exec(req.query.get('sysparm_query') ?? '')?.[1];
          const found = book
            .tickets()
            .filter((t) => marker !== undefined && t.fields.correlation_id === marker);
          return { status: 200, body: { result: found.map(incident) } };
        }
        case 'createIncident': {
          if (textOf(body.short_description) === '') {
            return {
              status: 400,
              body: errorBody(400, 'Mandatory field short_description is empty'),
            };
          }
          const { short_description: title, description, comments: _c, ...fields } = body;
          const created = book.create({
            title: textOf(title),
            body: textOf(description),
            labels: [textOf(body.correlation_id)].filter(Boolean),
            fields: { ...fields, state: '1' },
            key: (n) => `INC${String(n).padStart(7, '0')}`,
            url: (n) =>
              `${req.origin}/nav_to.do?uri=incident.do?sys_id=${createHash('md5').update(`incident-${n}`).digest('hex')}`,
          });
          return { status: 201, body: { result: incident(created) } };
        }
        case 'updateIncident': {
          const ticket = book.tickets().find((t) => sysIdOf(t) === req.params.sys_id);
          if (!ticket) return { status: 404, body: errorBody(404, '') };
          if (
            body.state === '6' &&
            (textOf(body.close_code) === '' || textOf(body.close_notes) === '')
          ) {
            return {
              status: 403,
              body: errorBody(
                403,
                'Data Policy Exception: Resolution code and notes are mandatory',
              ),
            };
          }
          if (typeof body.state === 'string') {
            ticket.fields.state = body.state;
            book.setState(ticket, body.state === '6' || body.state === '7' ? 'closed' : 'open');
          }
          if (textOf(body.comments) !== '') book.comment(ticket, textOf(body.comments));
          return { status: 200, body: { result: incident(ticket) } };
        }
        default:
          return { status: 404, body: errorBody(404, '') };
      }
    },
    // ServiceNow shows a description as plain text.
    renderBody: (ticket) =>
      `<pre>${ticket.body.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`,
  };
  return startTicketStandIn(behaviour, options.now ? { now: options.now } : {});
}
