import type { WardActivity } from '../../app/create-ward';
import { judgedResourceId } from '../../events/judged-resource';
import type { EventGridEvent } from '../../simulator';
import { paint, renderTable } from '../format/table';
import { shortName } from '../scan/format-text';
import type { DemoProgress, DemoSummary } from './run-demo';

const VERB_TEXT: Record<string, string> = {
  remediate: 'fix it now',
  'request-approval': 'ask for approval',
  'open-ticket': 'open a ticket',
  record: 'record it',
  none: 'nothing (rule off)',
};

/** Names resources for people: ARM ids shortened, secret URLs by their vault's name. */
export class ResourceNames {
  private readonly vaults = new Map<string, string>();

  learn(update: DemoProgress): void {
    if (update.type !== 'started') return;
    for (const vault of update.vaults ?? []) {
      this.vaults.set(new URL(vault.url).host.toLowerCase(), vault.name);
    }
  }

  name(resourceId: string): string {
    if (/^https:\/\//i.test(resourceId)) {
      const url = new URL(resourceId);
      const vault = this.vaults.get(url.host.toLowerCase());
      // Secret ids end in /secrets/{name}[/{version}]: the version is noise here.
      const secret = url.pathname.split('/').slice(0, 3).join('/');
      if (vault) return `vaults/${vault}${secret}`;
    }
    return shortName(resourceId);
  }
}

function eventTarget(event: EventGridEvent, names: ResourceNames): string {
  const resourceUri = event.data.resourceUri;
  if (typeof resourceUri === 'string') return names.name(resourceUri);
  const id = event.data.Id ?? event.data.id;
  if (typeof id === 'string') return names.name(id);
  return names.name(event.subject);
}

function eventLine(event: EventGridEvent, names: ResourceNames): string {
  const type = event.eventType.replace(/^Microsoft\.(Resources|KeyVault)\./, '');
  return `event     ${type} ${eventTarget(event, names)}`;
}

function activityLine(
  activity: WardActivity,
  color: boolean,
  names: ResourceNames,
): string | undefined {
  const shortName = (id: string): string => names.name(id);
  switch (activity.type) {
    case 'dropped':
      return paint(`  drop    ${shortName(activity.resourceId)}: ${activity.reason}`, 'dim', color);
    case 'decision': {
      const verb = VERB_TEXT[activity.verb] ?? activity.verb;
      const dry = activity.dryRun ? ' (dry run)' : '';
      return (
        `  finding ${paint(activity.ruleId, 'bold', color)} on ${shortName(activity.resourceId)}\n` +
        `  decide  ${activity.mode} → ${verb}${dry}`
      );
    }
    case 'action': {
      const ok = activity.outcome === 'succeeded';
      return (
        `  act     ${activity.actionId}: ${paint(activity.outcome, ok ? 'green' : 'red', color)} ` +
        `${paint(`[ledger ${activity.ledgerId}]`, 'dim', color)}\n` +
        `  verify  ${ok ? paint('re-read: the rule passes', 'green', color) : paint('not verified', 'red', color)}`
      );
    }
    case 'approval-requested':
      return `  approve ${paint('approval requested', 'yellow', color)}: ${activity.url}`;
    case 'ticket':
      return `  ticket  ${activity.change} ${activity.ticketId} (${activity.ruleId})`;
    case 'alert':
      return `  ${paint('alert', 'red', color)}   ${activity.kind}: ${activity.summary}`;
    case 'undo':
      return `  undo    ${shortName(activity.resourceId)} (undid ${activity.undoneId})`;
  }
}

/** One human-readable line (or a few) per progress update; undefined prints nothing. */
export function progressText(
  update: DemoProgress,
  color: boolean,
  names: ResourceNames,
): string | undefined {
  names.learn(update);
  switch (update.type) {
    case 'started':
      return paint(`started   ${update.what}: ${update.detail}`, 'dim', color);
    case 'phase':
      return `\n${paint(`== ${update.title}`, 'bold', color)}\n${update.story}`;
    case 'event':
      return eventLine(update.event, names);
    case 'activity':
      return activityLine(update.activity, color, names);
    case 'failure':
      return `  ${paint('error', 'red', color)}   ${update.message}`;
  }
}

/** The closing summary table of the text output. */
export function summaryTable(summary: DemoSummary, color: boolean): string {
  const rows: [string, number, string][] = [
    ['events', summary.events, 'Event Grid events delivered to the handlers'],
    ['findings', summary.findings, 'failing rule results ward decided on'],
    ['remediated', summary.remediated, 'fixed by ward and verified by a re-read'],
    ['approvals pending', summary.approvalsPending, 'waiting for an approver (links below)'],
    ['ticketed', summary.ticketed, 'tickets opened for what ward cannot fix in place'],
    ['audited', summary.audited, 'recorded only (audit mode, exemptions, own changes)'],
    ['errors', summary.errors, 'failures (0 expected)'],
    ['ledger entries', summary.ledgerEntries, 'append-only records in Table storage'],
    ['Teams messages', summary.teamsMessages, 'cards posted to the Teams stand-in'],
  ];
  return renderTable(
    ['WHAT', 'COUNT', 'MEANING'],
    rows.map(([what, count, meaning]) => [
      what,
      {
        text: String(count),
        ...(what === 'errors' && count > 0 ? { color: 'red' as const } : {}),
      },
      meaning,
    ]),
    { color },
  );
}

/** The `--format json` line: the contract's keys first, in order. */
export function summaryJson(summary: DemoSummary): string {
  return JSON.stringify({
    events: summary.events,
    findings: summary.findings,
    remediated: summary.remediated,
    approvalsPending: summary.approvalsPending,
    ticketed: summary.ticketed,
    audited: summary.audited,
    errors: summary.errors,
    ledgerEntries: summary.ledgerEntries,
    teamsMessages: summary.teamsMessages,
    approvalUrls: summary.approvalUrls,
    ...(summary.tickets ? { tickets: summary.tickets } : {}),
  });
}

function resourceKey(update: DemoProgress, names: ResourceNames): string | undefined {
  if (update.type === 'event') {
    const uri = update.event.data.resourceUri;
    const id = typeof uri === 'string' ? judgedResourceId(uri) : update.event.data.Id;
    return typeof id === 'string' ? names.name(id) : undefined;
  }
  if (update.type === 'activity' && 'resourceId' in update.activity) {
    const id = update.activity.resourceId;
    return id === undefined ? undefined : names.name(id);
  }
  return undefined;
}

/**
 * Writes the demo's progress. Changes a person makes are shown line by line as they happen;
 * the sweep judges many resources at once, so its lines are gathered per resource and shown
 * together when the sweep has finished.
 */
export class DemoPrinter {
  private readonly names = new ResourceNames();
  private grouping = false;
  private readonly groups = new Map<string, string[]>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
  ) {}

  update(update: DemoProgress): void {
    const text = progressText(update, this.color, this.names);
    if (update.type === 'phase') {
      this.flush();
      if (text !== undefined) this.write(`${text}\n`);
      this.grouping = update.title === 'sweep';
      return;
    }
    if (text === undefined) return;
    const key = this.grouping ? resourceKey(update, this.names) : undefined;
    if (key === undefined) {
      this.write(`${text}\n`);
      return;
    }
    const lines = this.groups.get(key) ?? [];
    lines.push(text);
    this.groups.set(key, lines);
  }

  /** A resource's name as the progress lines show it. */
  name(resourceId: string): string {
    return this.names.name(resourceId);
  }

  /** Prints what the sweep gathered, one block per resource. */
  flush(): void {
    for (const [resource, lines] of this.groups) {
      this.write(`${paint(resource, 'bold', this.color)}\n${lines.join('\n')}\n`);
    }
    this.groups.clear();
  }
}
