/** A ticket as a stand-in keeps it, whatever the vendor calls it. */
export interface StandInTicket {
  id: number;
  key: string;
  title: string;
  /** The description as filed (Markdown, HTML or ADF text, as the vendor stores it). */
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  fields: Record<string, unknown>;
  comments: { body: string; at: string }[];
  createdAt: string;
  url: string;
}

export interface StandInCounts {
  opened: number;
  commented: number;
  resolved: number;
  reopened: number;
}

/** The stand-in's own record of what was filed, so tests and the demo count from it. */
export function createTicketBook(now: () => Date) {
  const tickets: StandInTicket[] = [];
  const counts: StandInCounts = { opened: 0, commented: 0, resolved: 0, reopened: 0 };
  return {
    tickets: (): readonly StandInTicket[] => tickets,
    counts: (): StandInCounts => ({ ...counts }),
    get: (id: number): StandInTicket | undefined => tickets.find((t) => t.id === id),
    create(
      input: Omit<StandInTicket, 'id' | 'comments' | 'createdAt' | 'state' | 'key' | 'url'> & {
        key?: (id: number) => string;
        url: (id: number) => string;
      },
    ): StandInTicket {
      const id = tickets.length + 1;
      const ticket: StandInTicket = {
        id,
        key: input.key ? input.key(id) : String(id),
        title: input.title,
        body: input.body,
        labels: input.labels,
        fields: input.fields,
        state: 'open',
        comments: [],
        createdAt: now().toISOString(),
        url: input.url(id),
      };
      tickets.push(ticket);
      counts.opened += 1;
      return ticket;
    },
    comment(ticket: StandInTicket, body: string): void {
      ticket.comments.push({ body, at: now().toISOString() });
      counts.commented += 1;
    },
    setState(ticket: StandInTicket, state: 'open' | 'closed'): void {
      if (ticket.state === state) return;
      ticket.state = state;
      if (state === 'closed') counts.resolved += 1;
      else counts.reopened += 1;
    },
  };
}

export type TicketBook = ReturnType<typeof createTicketBook>;
