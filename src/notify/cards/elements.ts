import type { Principal } from '../../domain';
import { jsonText } from '../json-text';
import {
  CARD_SCHEMA,
  CARD_VERSION,
  type AdaptiveCard,
  type CardElement,
  type Evidence,
  type PropertyChange,
  type TeamsMessage,
} from '../types';
import { moreMarker, truncateList, truncateText, type ContentLimits } from './limits';
import { isEpochSecondsPath, timeText } from './time-text';

export function envelope(body: CardElement[], actions: CardElement[] = []): TeamsMessage {
  const content: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    msteams: { width: 'Full' },
  };
  if (actions.length > 0) content.actions = actions;
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content },
    ],
  };
}

/**
 * Text ward writes itself (titles, labels). Text that comes from resources or events goes
 * through `plain`, because TextBlock interprets markdown and a resource name could carry links.
 */
export function heading(
  text: string,
  color: 'default' | 'attention' | 'good' | 'warning' = 'default',
): CardElement {
  return {
    type: 'TextBlock',
    text,
    size: 'Large',
    weight: 'Bolder',
    wrap: true,
    color,
    style: 'heading',
  };
}

export function label(text: string): CardElement {
  return { type: 'TextBlock', text, weight: 'Bolder', wrap: true, spacing: 'Medium' };
}

/** Untrusted text: a TextRun is never read as markdown. */
export function plain(
  text: string,
  options: { monospace?: boolean; color?: string; subtle?: boolean } = {},
): CardElement {
  const run: CardElement = { type: 'TextRun', text };
  if (options.monospace) run.fontType = 'Monospace';
  if (options.color) run.color = options.color;
  if (options.subtle) run.isSubtle = true;
  return { type: 'RichTextBlock', inlines: [run] };
}

/** A label and an untrusted value side by side. */
export function field(title: string, value: string, monospace = false): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }],
      },
      { type: 'Column', width: 'stretch', items: [plain(value, { monospace })] },
    ],
  };
}

/**
 * Text a TextBlock's markdown cannot turn into anything: ARM id characters, with `_` only inside
 * words (where it cannot start emphasis). Links need `[`, lists and headings need spaces.
 */
const MARKDOWN_INERT = /^[A-Za-z0-9/._()-]+$/;
const EDGE_UNDERSCORE = /(^|[^A-Za-z0-9])_|_($|[^A-Za-z0-9])/;

export function isMarkdownInert(text: string): boolean {
  return MARKDOWN_INERT.test(text) && !EDGE_UNDERSCORE.test(text);
}

/** The last segment of an ARM id or secret URL: what people call the resource. */
export function resourceName(resourceId: string): string {
  const segments = resourceId.split('/').filter(Boolean);
  return segments.at(-1) ?? resourceId;
}

/**
 * The resource by name, then its full id in a smaller line that wraps. An id has no spaces, so
 * only a TextBlock with `wrap` (which breaks inside words) keeps it within the card; an id that
 * markdown could read stays a TextRun, which never wraps mid-word but is never markdown.
 */
export function resourceFacts(resourceId: string): CardElement[] {
  const name: CardElement = {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        items: [{ type: 'TextBlock', text: 'Resource', weight: 'Bolder', wrap: true }],
      },
      {
        type: 'Column',
        width: 'stretch',
        items: [
          {
            type: 'RichTextBlock',
            inlines: [{ type: 'TextRun', text: resourceName(resourceId), weight: 'Bolder' }],
          },
        ],
      },
    ],
  };
  const id: CardElement = isMarkdownInert(resourceId)
    ? {
        type: 'TextBlock',
        text: resourceId,
        wrap: true,
        fontType: 'Monospace',
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      }
    : {
        type: 'RichTextBlock',
        spacing: 'None',
        inlines: [
          {
            type: 'TextRun',
            text: resourceId,
            fontType: 'Monospace',
            size: 'Small',
            isSubtle: true,
          },
        ],
      };
  return [name, id];
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return '(none)';
  if (typeof value === 'string') return value;
  return jsonText(value);
}

export function principalText(principal: Principal | undefined): string {
  if (!principal) return 'unknown (the event carried no claims)';
  const who = principal.upn ?? principal.name;
  const ids = [
    principal.objectId && `object id ${principal.objectId}`,
    principal.appId && `app id ${principal.appId}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (who && ids) return `${who} (${ids})`;
  return who ?? (ids || 'unknown');
}

/**
 * A property's value for a card: Key Vault's Unix-second times as readable UTC dates with a
 * hint relative to `at` (the card's moment), everything else as `formatValue` gives it.
 */
export function valueText(path: string, value: unknown, at?: string): string {
  if (typeof value === 'number' && Number.isFinite(value) && isEpochSecondsPath(path)) {
    return timeText(value, at);
  }
  return formatValue(value);
}

export function evidenceSection(
  evidence: readonly Evidence[],
  limits: ContentLimits,
  at?: string,
): CardElement[] {
  if (evidence.length === 0)
    return [label('Evidence'), plain('No evidence recorded.', { subtle: true })];
  const { shown, more } = truncateList(evidence, limits.maxItems);
  const items: CardElement[] = [label('Evidence')];
  for (const item of shown) {
    const lines = [
      `${item.path}: ${truncateText(valueText(item.path, item.actual, at), limits.maxValueChars)}`,
      `expected ${truncateText(item.expected, limits.maxValueChars)}`,
    ];
    if (item.note) lines.push(truncateText(item.note, limits.maxValueChars));
    items.push({
      type: 'Container',
      spacing: 'Small',
      items: lines.map((line, index) => plain(line, { monospace: index === 0, subtle: index > 0 })),
    });
  }
  if (more > 0) items.push(plain(moreMarker(more), { subtle: true }));
  return items;
}

/** Before and after per property; the sign column keeps the diff readable without colour. */
export function diffSection(
  title: string,
  changes: readonly PropertyChange[],
  limits: ContentLimits,
  at?: string,
): CardElement[] {
  const { shown, more } = truncateList(changes, limits.maxItems);
  const items: CardElement[] = [label(title)];
  for (const change of shown) {
    items.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Small',
      items: [
        plain(change.path, { monospace: true }),
        diffLine(
          '−',
          'attention',
          truncateText(valueText(change.path, change.before, at), limits.maxValueChars),
        ),
        diffLine(
          '+',
          'good',
          truncateText(valueText(change.path, change.after, at), limits.maxValueChars),
        ),
      ],
    });
  }
  if (more > 0) items.push(plain(moreMarker(more), { subtle: true }));
  return items;
}

function diffLine(sign: string, color: string, value: string): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'None',
    columns: [
      { type: 'Column', width: 'auto', items: [plain(sign, { monospace: true, color })] },
      { type: 'Column', width: 'stretch', items: [plain(value, { monospace: true })] },
    ],
  };
}
