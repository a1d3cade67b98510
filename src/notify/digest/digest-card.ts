import { SEVERITIES } from '../../domain';
import type { CardElement, TeamsMessage } from '../types';
import { envelope, field, heading, isMarkdownInert, label, plain } from '../cards/elements';
import { truncateText, type ContentLimits } from '../cards/limits';
import { CARD_TARGET_BYTES, fitToLimit, messageBytes } from '../cards/size-guard';
import { timeText } from '../cards/time-text';
import type { DigestItem } from './digest-item';

export interface DigestInput {
  items: readonly DigestItem[];
  /** When the digest is posted (ISO). */
  at: string;
  /** What gathered the items: "the scheduled sweep", "events since 10:15 UTC". */
  source: string;
  /** A line about the run itself (resources read, failures), shown first. */
  summary?: string;
  /** `<approval base>/api/approvals`: every pending approval, with filters. */
  queueUrl: string;
  /** The shared HTML report, when one is published. */
  reportUrl?: string;
  /** Items shown in full on the first page. */
  topItems: number;
  /** Pages at most; the last says how many items only the ledger lists. */
  maxPages: number;
}

const SEVERITY_RANK = new Map<string, number>(SEVERITIES.map((s, index) => [s, index]));
const CLASS_RANK = { urgent: 0, approval: 1, info: 2 } as const;

/** Urgent first, then approvals, then by severity: what a person should look at first. */
export function byAttention(a: DigestItem, b: DigestItem): number {
  return (
    CLASS_RANK[a.cls] - CLASS_RANK[b.cls] ||
    (SEVERITY_RANK.get(a.severity ?? '') ?? 9) - (SEVERITY_RANK.get(b.severity ?? '') ?? 9) ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    (a.resourceId ?? '').localeCompare(b.resourceId ?? '')
  );
}

/**
 * A resource as people name it: `resource-group/name` for an ARM id (the group tells apart two
 * resources of one name), `vault/secret` for a Key Vault secret, the id itself otherwise.
 */
export function itemName(resourceId: string | undefined): string {
  if (!resourceId) return '(no resource)';
  const secret = /^https:\/\/([^./]+)\.[^/]+\/secrets\/([^/?]+)/i.exec(resourceId);
  if (secret) return `${secret[1] ?? ''}/${decodeURIComponent(secret[2] ?? '')}`;
  const parts = resourceId.split('/').filter(Boolean);
  const group = parts.findIndex((part) => part.toLowerCase() === 'resourcegroups');
  const name = parts.at(-1) ?? resourceId;
  const rg = group >= 0 ? parts[group + 1] : undefined;
  // A child resource (a compute of a workspace) keeps its parent's name beside its own.
  const provider = parts.findIndex((part) => part.toLowerCase() === 'providers');
  const path = provider >= 0 ? parts.slice(provider + 2) : [];
  const chain = path.filter((_, index) => index % 2 === 1);
  const shown = chain.length > 1 ? chain.join('/') : name;
  return rg ? `${rg}/${shown}` : shown;
}

function countBy(
  items: readonly DigestItem[],
  key: (item: DigestItem) => string,
): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function countLine(counts: [string, number][]): string {
  return counts.map(([name, count]) => `${name} ${count}`).join(' · ');
}

function bySeverity(items: readonly DigestItem[]): [string, number][] {
  return countBy(items, (item) => item.severity ?? 'alert').sort(
    (a, b) => (SEVERITY_RANK.get(a[0]) ?? 9) - (SEVERITY_RANK.get(b[0]) ?? 9),
  );
}

/** A link ward makes itself (its own approval page): markdown, with inert text only. */
function link(text: string, url: string): CardElement {
  const safeText = isMarkdownInert(text.replace(/ /g, '-')) ? text : 'open';
  return { type: 'TextBlock', text: `[${safeText}](${url})`, wrap: true, spacing: 'None' };
}

function itemElements(item: DigestItem, limits: ContentLimits): CardElement[] {
  const head = [item.severity, item.ruleId].filter(Boolean).join(' · ');
  const line = `${head ? `${head} — ` : ''}${itemName(item.resourceId)}: ${item.what}`;
  const out: CardElement[] = [
    {
      type: 'Container',
      spacing: 'Small',
      items: [
        plain(truncateText(line, limits.maxValueChars), { monospace: true }),
        plain(truncateText(item.summary, limits.maxValueChars), { subtle: true }),
      ],
    },
  ];
  if (item.url && item.cls === 'approval') out.push(link('Approve or reject', item.url));
  if (item.what === 'fixed' && item.ledgerId) {
    out.push(plain(`Undo: ward undo ${item.ledgerId}`, { monospace: true, subtle: true }));
  }
  return out;
}

function actionsOf(input: DigestInput, pending: number): CardElement[] {
  const actions: CardElement[] = [
    {
      type: 'Action.OpenUrl',
      title:
        pending > 0 ? `Open the approvals queue (${pending} here)` : 'Open the approvals queue',
      url: input.queueUrl,
    },
  ];
  if (input.reportUrl) {
    actions.push({ type: 'Action.OpenUrl', title: 'Open the report', url: input.reportUrl });
  }
  return actions;
}

/**
 * The listing pages: every item by rule and outcome, names comma-separated, packed to the size
 * limit. Approvals also list their page's URL so each can be opened from Teams.
 */
function listingGroups(items: readonly DigestItem[]): { title: string; lines: string[] }[] {
  const groups = new Map<string, { title: string; lines: string[] }>();
  for (const item of [...items].sort(byAttention)) {
    const undo = item.what === 'fixed' && item.ledgerId ? ' [ledger id: ward undo <id>]' : '';
    const title = `${item.ruleId ?? item.what}${item.severity ? ` (${item.severity})` : ''} → ${item.what}${undo}`;
    const group = groups.get(title) ?? { title, lines: [] };
    const name = itemName(item.resourceId);
    group.lines.push(
      item.url && item.cls === 'approval'
        ? `${name} ${item.url}`
        : item.what === 'fixed' && item.ledgerId
          ? `${name} [${item.ledgerId}]`
          : name,
    );
    groups.set(title, group);
  }
  return [...groups.values()];
}

function pageCard(title: string, blocks: CardElement[], actions: CardElement[]): TeamsMessage {
  return envelope([heading(title), ...blocks], actions);
}

/**
 * The digest: a first card with the counts (by severity, rule and action), what needs a person,
 * the top items and links to the approvals queue and the report; then pages that name every
 * item, so each finding can be found from Teams. Every card is within the Teams size limit.
 */
export function digestCards(input: DigestInput): TeamsMessage[] {
  const items = [...input.items].sort(byAttention);
  const approvals = items.filter((item) => item.cls === 'approval');
  const urgent = items.filter((item) => item.cls === 'urgent');
  const title = `ward digest: ${items.length} item${items.length === 1 ? '' : 's'} from ${input.source}`;
  const actions = actionsOf(input, approvals.length);

  const first = fitToLimit((limits) => {
    const body: CardElement[] = [heading(title, urgent.length > 0 ? 'warning' : 'default')];
    if (input.summary) body.push(plain(truncateText(input.summary, limits.maxValueChars)));
    body.push(field('When', timeText(input.at)));
    body.push(field('By severity', countLine(bySeverity(items)) || 'none'));
    body.push(field('By action', countLine(countBy(items, (item) => item.what)) || 'none'));
    const rules = countBy(
      items.filter((item) => item.ruleId),
      (item) => item.ruleId ?? '',
    );
    body.push(label('By rule'));
    const shownRules = rules.slice(0, limits.maxItems);
    body.push(plain(countLine(shownRules) || 'none', { monospace: true }));
    if (rules.length > shownRules.length) {
      body.push(
        plain(`… and ${rules.length - shownRules.length} more rules (see the pages below)`, {
          subtle: true,
        }),
      );
    }
    const top = items.slice(0, Math.min(input.topItems, limits.maxItems));
    if (top.length > 0) {
      body.push(label(urgent.length + approvals.length > 0 ? 'Needs a person first' : 'Top items'));
      for (const item of top) body.push(...itemElements(item, limits));
    }
    const rest = items.length - top.length;
    if (rest > 0) {
      body.push(
        plain(
          `${rest} more item${rest === 1 ? '' : 's'} are named on the next pages; pending approvals are all in the approvals queue.`,
          { subtle: true },
        ),
      );
    }
    return envelope(body, actions);
  });
  if (items.length <= input.topItems) return [first];

  const budget = CARD_TARGET_BYTES - 2048;
  const pages: CardElement[][] = [];
  let current: CardElement[] = [];
  let used = 0;
  const flushPage = (): void => {
    if (current.length > 0) pages.push(current);
    current = [];
    used = 0;
  };
  for (const group of listingGroups(items)) {
    let chunk: string[] = [];
    const emit = (): void => {
      if (chunk.length === 0) return;
      const block: CardElement = {
        type: 'Container',
        spacing: 'Small',
        items: [
          label(`${group.title} (${group.lines.length})`),
          plain(chunk.join(', '), { monospace: true }),
        ],
      };
      current.push(block);
      chunk = [];
    };
    for (const line of group.lines) {
      const cost = Buffer.byteLength(JSON.stringify(line), 'utf8') + 2;
      if (used + cost + 400 > budget) {
        emit();
        flushPage();
      }
      chunk.push(line);
      used += cost;
    }
    emit();
    used += 400;
  }
  flushPage();

  const total = pages.length;
  const shown = pages.slice(0, Math.max(0, input.maxPages - 1));
  const cards = [first];
  shown.forEach((blocks, index) => {
    const last = index === shown.length - 1;
    const left = total - shown.length;
    const note =
      last && left > 0
        ? [
            plain(
              `${left} more page${left === 1 ? '' : 's'} were not posted to keep the channel quiet: the ledger holds every item, and the approvals queue every pending approval.`,
              { subtle: true },
            ),
          ]
        : [];
    const page = pageCard(
      `${title}: page ${index + 2} of ${Math.min(total, shown.length) + 1}`,
      [...blocks, ...note],
      actions,
    );
    cards.push(messageBytes(page) <= CARD_TARGET_BYTES ? page : fitToLimit(() => page));
  });
  return cards;
}
