export { createTicketRegistry, TicketError, TICKET_STATUSES } from './registry';
export type { OpenResult, Ticket, TicketRegistry, TicketStatus } from './registry';
export { createTicketDelivery } from './delivery';
export type { TicketDelivery, TicketDeliveryOptions } from './delivery';
