import type { CardElement, TeamsMessage } from '../types';
import type { DigestItem } from '../digest/digest-item';
import { byAttention, itemName } from '../digest/digest-card';
import { envelope, field, heading, label, plain } from './elements';
import { truncateText } from './limits';
import { fitToLimit } from './size-guard';
import { timeText } from './time-text';

/** Teams shows a handful of buttons on a card; the rest keep their link in the item's text. */
const MAX_BUTTONS = 5;

export interface ResourceGroupInput {
  resourceId: string;
  /** What ward did about the resource in one handling, each with its own link or undo id. */
  items: readonly DigestItem[];
  /** When the card is posted (ISO). */
  at: string;
}

function itemTitle(item: DigestItem): string {
  return [item.severity, item.ruleId, item.what].filter(Boolean).join(' · ');
}

/**
 * One card for everything ward did about one resource in one handling (an approval asked, a
 * ticket opened, a fix applied): each outcome keeps its own way forward (the approval page, the
 * ticket's link, the undo command), so grouping loses nothing a single card would have shown.
 */
export function resourceGroupCard(input: ResourceGroupInput): TeamsMessage {
  const items = [...input.items].sort(byAttention);
  const approvals = items.filter((item) => item.cls === 'approval' && item.url);
  const title = `ward: ${items.length} outcomes on ${itemName(input.resourceId)}`;
  return fitToLimit((limits) => {
    const body: CardElement[] = [
      heading(title, approvals.length > 0 ? 'warning' : 'default'),
      field('Resource', truncateText(input.resourceId, limits.maxValueChars), true),
      field('When', timeText(input.at)),
    ];
    for (const item of items.slice(0, limits.maxItems)) {
      body.push(label(truncateText(itemTitle(item), limits.maxValueChars)));
      body.push(plain(truncateText(item.summary, limits.maxValueChars), { subtle: true }));
      if (item.url) {
        const what = item.cls === 'approval' ? 'Approve or reject' : 'Ticket';
        // Plain text, never markdown: the address is shown, not interpreted.
        body.push(plain(`${what}: ${item.url}`, { monospace: true }));
      }
      if (item.what === 'fixed' && item.ledgerId) {
        body.push(plain(`Undo: ward undo ${item.ledgerId}`, { monospace: true }));
      } else if (item.ledgerId && !item.url) {
        body.push(plain(`Ledger: ${item.ledgerId}`, { monospace: true, subtle: true }));
      }
    }
    if (items.length > limits.maxItems) {
      body.push(
        plain(
          `${items.length - limits.maxItems} more outcomes are in the ledger; pending approvals are all in the approvals queue.`,
          { subtle: true },
        ),
      );
    }
    const actions: CardElement[] = items
      .filter((item) => item.url)
      .slice(0, MAX_BUTTONS)
      .map((item) => ({
        type: 'Action.OpenUrl',
        title: truncateText(
          `${item.cls === 'approval' ? 'Approve or reject' : 'Open ticket'}: ${item.ruleId ?? item.what}`,
          80,
        ),
        url: item.url ?? '',
      }));
    return envelope(body, actions);
  });
}
