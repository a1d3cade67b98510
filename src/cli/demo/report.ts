import type { WardActivity } from '../../app/create-ward';
import type { EventGridEvent } from '../../simulator';
import { paint, renderTable } from '../format/table';
import { shortName } from '../scan/format-text';
import type { DemoProgress, DemoSummary, OwnWrite } from './run-demo';

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
  const type = event.eventType.replace(
    /^Microsoft\.(Resources|KeyVault|ResourceNotifications\.Resources)\./,
    '',
  );
  return `event     ${type} ${eventTarget(event, names)}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]?.toLowerCase() ?? ''}${text.slice(1)}` : text;
}

function ownWriteLine(update: OwnWrite | undefined, resource: string, color: boolean): string {
  if (update?.by === 'undo') {
    return `  undo    ${resource}: a person's \`ward undo\` (${update.summary}); written with ward's identity, not judged again`;
  }
  return paint(`  own     ${resource}: ward's own write; its event starts nothing`, 'dim', color);
}

function activityLine(
  activity: WardActivity,
  color: boolean,
  names: ResourceNames,
  ownWrite?: OwnWrite,
): string | undefined {
  const shortName = (id: string): string => names.name(id);
  switch (activity.type) {
    case 'dropped':
      if (activity.reason === 'own-write') {
        return ownWriteLine(ownWrite, shortName(activity.resourceId), color);
      }
      return paint(`  drop    ${shortName(activity.resourceId)}: ${activity.reason}`, 'dim', color);
    case 'decision': {
      const verb = VERB_TEXT[activity.verb] ?? activity.verb;
      const dry = activity.dryRun ? ' (dry run)' : '';
      const why = activity.why ? paint(` (${activity.why})`, 'dim', color) : '';
      return (
        `  finding ${paint(activity.ruleId, 'bold', color)} on ${shortName(activity.resourceId)}\n` +
        `  decide  ${activity.mode} → ${verb}${dry}${why}`
      );
    }
    case 'changed':
      return `  change  ${activity.ruleId} on ${shortName(activity.resourceId)}: ${activity.from} → ${activity.to}, because ${lowerFirst(activity.why)}`;
    case 'action': {
      const ok = activity.outcome === 'succeeded';
      return (
        `  act     ${activity.actionId} on ${shortName(activity.resourceId)}: ${paint(activity.outcome, ok ? 'green' : 'red', color)} ` +
        `${paint(`[ledger ${activity.ledgerId}]`, 'dim', color)}\n` +
        `  verify  ${ok ? paint('re-read: the rule passes', 'green', color) : paint('not verified', 'red', color)}`
      );
    }
    case 'approval-requested':
      return `  approve ${paint('approval requested', 'yellow', color)} for ${activity.ruleId} on ${shortName(activity.resourceId)}: ${activity.url}`;
    case 'ticket':
      return `  ticket  ${activity.change} ${activity.ticketId} (${activity.ruleId} on ${shortName(activity.resourceId)})`;
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
      return activityLine(update.activity, color, names, update.ownWrite);
    case 'failure':
      return `  ${paint('error', 'red', color)}   ${update.message}`;
    case 'digest':
      return update.items === 0
        ? '  digest  nothing waited over the budget'
        : `  digest  ${update.items} item${update.items === 1 ? '' : 's'} posted in ${update.cards} card${update.cards === 1 ? '' : 's'}`;
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
    approvalsInTeams: summary.approvalsInTeams,
    ...(summary.tickets ? { tickets: summary.tickets } : {}),
  });
}

/**
 * Writes the demo's progress, one line (or a few) per update, in the order things happened: the
 * sweep judges several resources at once, so each line names the resource it is about.
 */
export class DemoPrinter {
  private readonly names = new ResourceNames();

  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
  ) {}

  update(update: DemoProgress): void {
    const text = progressText(update, this.color, this.names);
    if (text !== undefined) this.write(`${text}\n`);
  }

  /** A resource's name as the progress lines show it. */
  name(resourceId: string): string {
    return this.names.name(resourceId);
  }

  /** Kept for callers that flush at the end; every line is written as it comes. */
  flush(): void {
    // Nothing is held back.
  }
}

/** What to do after the demo, on a real subscription. */
export function nextSteps(): string {
  return [
    'Next steps on your own subscription:',
    '  1. Scan it (reads only, changes nothing):  npx ward scan --subscription <id> --format html > ward-scan.html',
    '  2. Check it is ready for ward:             npx ward preflight --subscription <id>',
    '  3. Deploy in dry run and read a day of digests, then approve mode, then auto per rule: docs/deployment.md',
    '',
  ].join('\n');
}
