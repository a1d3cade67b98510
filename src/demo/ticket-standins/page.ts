import { markdownToHtml } from '../../tickets/markdown-html';
import type { StandInTicket } from './store';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const renderMarkdown = markdownToHtml;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left}
.state{border-radius:1rem;padding:.1rem .6rem;color:#fff;font-size:.85rem}.open{background:#1a7f37}.closed{background:#8250df}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap}.comment{border:1px solid #d0d7de;border-radius:6px;padding:.2rem .8rem;margin:.6rem 0}
.label{background:#ddf4ff;border-radius:1rem;padding:.05rem .5rem;margin-right:.3rem;font-size:.8rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function listPage(system: string, tickets: readonly StandInTicket[]): string {
  const rows = tickets
    .map(
      (t) =>
        `<tr><td><a href="/_standin/tickets/${t.id}">${escape(t.key)}</a></td><td>${escape(t.title)}</td><td><span class="state ${t.state}">${t.state}</span></td><td>${t.comments.length}</td></tr>`,
    )
    .join('');
  return page(
    `${system} stand-in`,
    `<h1>${escape(system)} stand-in: ${tickets.length} tickets</h1><table><thead><tr><th>Ticket</th><th>Title</th><th>State</th><th>Comments</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function ticketPage(
  system: string,
  ticket: StandInTicket,
  bodyHtml: string,
  renderComment: (text: string) => string = renderMarkdown,
): string {
  const comments = ticket.comments
    .map(
      (c) =>
        `<div class="comment"><p><small>${escape(c.at)}</small></p>${renderComment(c.body)}</div>`,
    )
    .join('');
  const labels = ticket.labels.map((l) => `<span class="label">${escape(l)}</span>`).join('');
  return page(
    `${ticket.key} ${ticket.title}`,
    `<p><a href="/_standin/">${escape(system)}</a> / ${escape(ticket.key)}</p><h1>${escape(ticket.title)} <span class="state ${ticket.state}">${ticket.state}</span></h1><p>${labels}</p>${bodyHtml}<h2>Comments (${ticket.comments.length})</h2>${comments}`,
  );
}
