import { describe, expect, it } from 'vitest';
import { alertCard, approvalRequestedCard, remediationAppliedCard } from '../../src/notify/cards';
import { relativeText, timeText } from '../../src/notify/cards/time-text';
import {
  approvalRequestedInput,
  remediationAppliedInput,
  SECRET_EXP,
  SECRET_ID,
  secretFinding,
} from './samples';

describe('times on cards', () => {
  it('reads as a UTC date with a relative hint', () => {
    const now = '2026-12-04T10:00:00.000Z';
    expect(timeText('2026-12-05T09:00:00.000Z', now)).toBe('2026-12-05 09:00 UTC (in 23 hours)');
    expect(timeText(1827948928, now)).toMatch(/^2027-12-04 \d\d:\d\d UTC \(in 365 days\)$/);
    expect(relativeText(new Date('2026-12-04T09:55:00Z'), new Date(now))).toBe('5 minutes ago');
    expect(relativeText(new Date(now), new Date(now))).toBe('now');
    expect(timeText('not a time')).toBe('not a time');
  });

  it('shows a new secret expiry as a date, never as Unix seconds', () => {
    const input = remediationAppliedInput();
    const card = remediationAppliedCard({
      ...input,
      finding: secretFinding({ ruleId: 'keyvault-secret-expiry-set', evidence: [] }),
      actionId: 'keyvault-secret-set-expiry',
      changes: [{ path: 'attributes.exp', before: null, after: 1827948928 }],
      appliedAt: '2026-12-04T10:00:00.000Z',
    });
    const body = JSON.stringify(card);
    expect(body).not.toContain('1827948928');
    expect(body).toMatch(/2027-12-04 \d\d:\d\d UTC \(in 365 days\)/);
    expect(body).toContain('2026-12-04 10:00 UTC');
  });

  it('shows a secret alert evidence and expiry as dates', () => {
    const body = JSON.stringify(
      alertCard({
        kind: 'secret-expiry',
        summary: 'rotate it',
        finding: secretFinding(),
        resourceId: SECRET_ID,
        occurredAt: '2026-11-23T10:00:00.000Z',
      }),
    );
    expect(body).not.toContain(String(SECRET_EXP));
    expect(body).toContain('2026-12-05 00:00 UTC (in 11 days)');
  });

  it('says a sweep found it instead of an unknown person', () => {
    const { changedBy: _changedBy, ...input } = approvalRequestedInput();
    const fromSweep = JSON.stringify(approvalRequestedCard({ ...input, source: 'sweep' }));
    expect(fromSweep).toContain('the scheduled sweep');
    expect(fromSweep).not.toContain('unknown (the event carried no claims)');
    const fromEvent = JSON.stringify(approvalRequestedCard({ ...input, source: 'eventgrid' }));
    expect(fromEvent).toContain('unknown (the event carried no claims)');
  });
});
