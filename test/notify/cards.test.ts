import { describe, expect, it } from 'vitest';
import {
  alertCard,
  approvalRejectedCard,
  approvalRequestedCard,
  CARD_TARGET_BYTES,
  CardTooLargeError,
  fitToLimit,
  messageBytes,
  remediationAppliedCard,
  ticketOpenedCard,
} from '../../src/notify/cards';
import type { AlertInput, TeamsMessage } from '../../src/notify/types';
import { ALERT_KINDS } from '../../src/notify/types';
import {
  alertInputs,
  approvalRejectedInput,
  approvalRequestedInput,
  COMPUTE_ID,
  remediationAppliedInput,
  sampleFinding,
  ticketOpenedInput,
} from './samples';

/** All the text a card shows, in order. */
function texts(message: TeamsMessage): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (
        (record.type === 'TextBlock' || record.type === 'TextRun') &&
        typeof record.text === 'string'
      ) {
        out.push(record.text);
      }
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(message.attachments[0].content.body);
  return out;
}

const URL = 'https://ward.contoso.example/api/approvals/AbCdEfGhIjKlMnOpQrStUv';

describe('Teams cards', () => {
  it('wrap an Adaptive Card 1.5 in the message envelope the Workflows webhook takes', () => {
    const message = remediationAppliedCard(remediationAppliedInput());
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.contentUrl).toBeNull();
    expect(attachment.content.version).toBe('1.5');
    expect(attachment.content.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  });

  it('remediation applied shows the resource, the rule, before → after, who changed it and how to undo', () => {
    const all = texts(remediationAppliedCard(remediationAppliedInput())).join('\n');
    expect(all).toContain(sampleFinding().resourceId);
    expect(all).toContain('storage-min-tls-1-2');
    expect(all).toContain('TLS1_0');
    expect(all).toContain('TLS1_2');
    expect(all).toContain('dana@contoso.example');
    expect(all).toContain('ward undo ledger-0001');
  });

  it('remediation applied says how to undo in the words the caller gives', () => {
    const input = {
      ...remediationAppliedInput(),
      undoCommand: (id: string) => `npx ward undo ${id} --simulator`,
    };
    expect(texts(remediationAppliedCard(input))).toContain('npx ward undo ledger-0001 --simulator');
    const { ledgerId: _none, ...withoutLedger } = input;
    expect(texts(remediationAppliedCard(withoutLedger))).toContain(
      'npx ward undo <ledger-id> --simulator (see the ledger entry of this change)',
    );
    expect(texts(remediationAppliedCard(remediationAppliedInput()))).toContain(
      'ward undo ledger-0001',
    );
  });

  it('approval requested has an OpenUrl button to the approval page and no post-back action', () => {
    const card = approvalRequestedCard(approvalRequestedInput(URL)).attachments[0].content;
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Approve or reject', url: URL },
    ]);
    expect(JSON.stringify(card)).not.toMatch(/Action\.(Submit|Execute|Http)/);
    const all = texts(approvalRequestedCard(approvalRequestedInput(URL))).join('\n');
    expect(all).toContain('properties.allowBlobPublicAccess');
    expect(all).toContain('2026-11-24 10:00 UTC');
  });

  it('approval rejected says who, why, the exemption and the change not made', () => {
    const all = texts(approvalRejectedCard(approvalRejectedInput())).join('\n');
    expect(all).toMatch(/^Approval rejected: ward changed nothing/);
    expect(all).toContain(sampleFinding().resourceId);
    expect(all).toMatch(/Rejected by\nAna Approver/);
    expect(all).toMatch(/Rejected at \(UTC\)\n2026-11-23T11:00:00.000Z/);
    expect(all).toMatch(/Reason\nThe vendor scanner reads this container/);
    expect(all).toContain('until 2026-12-23T11:00:00.000Z');
    expect(all).toContain('Change not made (storage-disable-blob-public-access)');
    const { exemptionUntil: _none, ...withoutExemption } = approvalRejectedInput();
    expect(texts(approvalRejectedCard(withoutExemption)).join('\n')).toContain('None granted');
  });

  it('approval rejected stays within the size limit with a huge reason', () => {
    const input = { ...approvalRejectedInput(), reason: 'r'.repeat(200_000) };
    const message = approvalRejectedCard(input);
    expect(messageBytes(message)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    expect(JSON.stringify(message)).toMatch(/… truncated \(\d+ more characters\)/);
  });

  it('ticket opened links the ticket', () => {
    const card = ticketOpenedCard(ticketOpenedInput()).attachments[0].content;
    expect(card.actions?.[0]).toMatchObject({
      type: 'Action.OpenUrl',
      url: 'https://tickets.contoso.example/WARD-42',
    });
    expect(texts(ticketOpenedCard(ticketOpenedInput())).join('\n')).toContain(
      'Ticket WARD-42 opened',
    );
  });

  it('has an alert for every kind, each with its own title', () => {
    const inputs = alertInputs();
    expect(inputs.map((input) => input.kind).sort()).toEqual([...ALERT_KINDS].sort());
    const titles = inputs.map((input) => texts(alertCard(input))[0]);
    expect(new Set(titles).size).toBe(ALERT_KINDS.length);
  });

  it('keeps untrusted text out of markdown: resource text is a TextRun, not a TextBlock', () => {
    const finding = sampleFinding({ message: '[click me](https://evil.example) **now**' });
    const message = alertCard({
      kind: 'failed-remediation',
      summary: 'x',
      finding,
      occurredAt: '2026-11-23T10:00:00Z',
    });
    const json = JSON.stringify(message);
    const block = /"type":"TextBlock","text":"[^"]*evil\.example/.exec(json);
    expect(block).toBeNull();
    expect(json).toContain('"type":"TextRun","text":"[click me](https://evil.example) **now**"');
  });
});

describe('resource ids on cards', () => {
  const blocksWith = (message: TeamsMessage, text: string): Record<string, unknown>[] => {
    const found: Record<string, unknown>[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) walk(item);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.text === text) found.push(record);
        for (const value of Object.values(record)) walk(value);
      }
    };
    walk(message.attachments[0].content.body);
    return found;
  };

  it('show the resource name, then the full id in a wrapping TextBlock', () => {
    const input = approvalRequestedInput(URL);
    input.finding = sampleFinding({ resourceId: COMPUTE_ID });
    const message = approvalRequestedCard(input);
    expect(blocksWith(message, 'ci-dana')).toEqual([
      { type: 'TextRun', text: 'ci-dana', weight: 'Bolder' },
    ]);
    expect(blocksWith(message, COMPUTE_ID)).toEqual([
      expect.objectContaining({ type: 'TextBlock', wrap: true, fontType: 'Monospace' }),
    ]);
  });

  it('keep an id markdown could read out of TextBlocks', () => {
    for (const resourceId of [
      '/subscriptions/1/resourceGroups/[x](https://evil.example)/providers/A/b/c',
      '/subscriptions/1/resourceGroups/_rg_/providers/A/b/c',
      'https://kv-ml-prod.vault.azure.net/secrets/db',
    ]) {
      const message = alertCard({
        kind: 'rule-error',
        summary: 'x',
        resourceId,
        occurredAt: '2026-11-23T10:00:00Z',
      });
      expect(blocksWith(message, resourceId)).toEqual([
        expect.objectContaining({ type: 'TextRun', text: resourceId }),
      ]);
    }
  });
});

describe('card size guard', () => {
  const bigEvidence = Array.from({ length: 400 }, (_, index) => ({
    path: `properties.networkAcls.ipRules[${index}].value`,
    actual: `10.${index % 256}.0.0/16 ${'x'.repeat(300)}`,
    expected: 'no public ranges',
  }));

  it('leaves small cards alone', () => {
    const message = approvalRequestedCard(approvalRequestedInput(URL));
    expect(JSON.stringify(message)).not.toContain('truncated');
  });

  it('truncates large evidence with a visible marker until the message fits 28 KB', () => {
    const input = approvalRequestedInput(URL);
    input.finding = sampleFinding({ evidence: bigEvidence });
    const message = approvalRequestedCard(input);
    expect(messageBytes(message)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    expect(CARD_TARGET_BYTES).toBeLessThan(28 * 1024);
    const all = texts(message);
    const marker = all.find((text) => /^… truncated \(\d+ more\)$/.test(text));
    expect(marker).toBeDefined();
    const shown = all.filter((text) => text.startsWith('properties.networkAcls.ipRules[')).length;
    expect(shown).toBeGreaterThan(0);
    expect(Number(/\((\d+) more\)/.exec(marker ?? '')?.[1])).toBe(400 - shown);
    // The button survives truncation.
    expect(message.attachments[0].content.actions?.[0]).toMatchObject({ url: URL });
  });

  it('shortens one huge value with a character count', () => {
    const input = approvalRequestedInput(URL);
    input.finding = sampleFinding({
      evidence: [{ path: 'properties.blob', actual: 'y'.repeat(100_000), expected: 'small' }],
    });
    const message = approvalRequestedCard(input);
    expect(messageBytes(message)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    expect(JSON.stringify(message)).toMatch(/… truncated \(\d+ more characters\)/);
  });

  it('truncates long alert detail lists too', () => {
    const details = Array.from(
      { length: 2000 },
      (_, index) => `event-${index}: MaxDeliveryAttemptsExceeded`,
    );
    const message = alertCard({
      kind: 'dead-letter',
      summary: 'many',
      details,
      occurredAt: '2026-11-23T10:00:00Z',
    });
    expect(messageBytes(message)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    expect(JSON.stringify(message)).toMatch(/… truncated \(\d+ more\)/);
  });

  it('fails with a coded error when even the smallest card cannot fit', () => {
    const build = (): TeamsMessage => approvalRequestedCard(approvalRequestedInput(URL));
    expect(() => fitToLimit(build, 100)).toThrow(CardTooLargeError);
    try {
      fitToLimit(build, 100);
    } catch (error) {
      expect((error as CardTooLargeError).code).toBe('card-too-large');
    }
  });
});

describe('secret-expiry and rule-error alerts', () => {
  const byKind = (kind: string): AlertInput => {
    const input = alertInputs().find((candidate) => candidate.kind === kind);
    if (!input) throw new Error(`no sample ${kind}`);
    return input;
  };

  it('secret-expiry names the vault, the secret, the expiry, the days left, rotation and the ticket', () => {
    const message = alertCard(byKind('secret-expiry'));
    const all = texts(message);
    expect(all[0]).toBe('Secret expires soon: rotate it');
    expect(all.join('\n')).not.toContain('Remediation failed');
    const joined = all.join('\n');
    expect(joined).toMatch(/Vault\nkv-ml-prod/);
    expect(joined).toMatch(/Secret\ntraining-db-password/);
    expect(joined).toMatch(/Expires\n2026-12-05 00:00 UTC \(in 11 days\)/);
    expect(joined).toMatch(/Days left\n11 days left/);
    expect(joined).toMatch(/Ticket\nWARD-77/);
    expect(joined).toContain('Rotate the secret');
    expect(message.attachments[0].content.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open the ticket',
        url: 'https://tickets.contoso.example/WARD-77',
      },
    ]);
  });

  it('secret-expiry says when a secret has already expired', () => {
    const input: AlertInput = {
      ...byKind('secret-expiry'),
      occurredAt: '2026-12-08T12:00:00.000Z',
    };
    const joined = texts(alertCard(input)).join('\n');
    expect(joined).toMatch(/^Secret has expired: rotate it/);
    expect(joined).toMatch(/Expired\nexpired 3 days ago/);
  });

  it('secret-expiry takes the secret as given when the caller knows it', () => {
    const input: AlertInput = {
      kind: 'secret-expiry',
      summary: 'Key Vault raised SecretNearExpiry.',
      secret: {
        vault: 'kv-other',
        secretName: 'api-key',
        expiresAt: '2026-11-30T00:00:00.000Z',
        daysLeft: 6,
      },
      occurredAt: '2026-11-23T10:00:00.000Z',
    };
    const joined = texts(alertCard(input)).join('\n');
    expect(joined).toMatch(/Vault\nkv-other/);
    expect(joined).toMatch(/Days left\n6 days left/);
  });

  it('rule-error says what could not be judged, why, and that nothing was changed', () => {
    const input = byKind('rule-error');
    const all = texts(alertCard(input));
    expect(all[0]).toBe('A rule could not judge a resource: nothing was changed');
    const joined = all.join('\n');
    expect(joined).not.toContain('Remediation failed');
    expect(joined).toContain(COMPUTE_ID);
    expect(joined).toContain('ml-compute-no-public-ip');
    expect(joined).toMatch(/Why\nproperties\.properties\.enableNodePublicIp is not a boolean\./);
    expect(joined).toContain('ward never changes what it cannot judge');
  });

  it('both stay within the Teams size limit with huge details', () => {
    for (const kind of ['secret-expiry', 'rule-error'] as const) {
      const message = alertCard({
        ...byKind(kind),
        details: Array.from({ length: 3000 }, (_, index) => `line ${index} ${'z'.repeat(200)}`),
      });
      expect(messageBytes(message)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
      expect(JSON.stringify(message)).toMatch(/… truncated \(\d+ more\)/);
    }
  });
});
