import { describe, expect, it } from 'vitest';
import { resourceGroupCard } from '../../src/notify/cards/resource-group';
import { messageBytes, TEAMS_MESSAGE_LIMIT_BYTES } from '../../src/notify/cards/size-guard';
import type { DigestItem } from '../../src/notify/digest/digest-item';

const resourceId =
  '/subscriptions/0cced464-51a6-5cfc-9beb-e3bf961ca048/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod-public/computes/ci-dana-gpu';

function item(change: Partial<DigestItem>): DigestItem {
  return {
    cls: 'info',
    origin: 'event',
    what: 'fixed',
    ruleId: 'ml-compute-idle-shutdown',
    resourceId,
    severity: 'medium',
    summary: 'idle shutdown set to PT60M',
    at: '2026-12-05T01:00:00.000Z',
    ...change,
  };
}

describe('the card grouping one resource’s outcomes', () => {
  it('keeps each outcome’s own way forward: approval page, ticket link, undo id', () => {
    const card = resourceGroupCard({
      resourceId,
      at: '2026-12-05T01:00:00.000Z',
      items: [
        item({ ledgerId: '01JFIXED' }),
        item({
          cls: 'approval',
          what: 'approval requested',
          ruleId: 'ml-compute-no-public-ip',
          url: 'https://ward.example.test/api/approvals/apr-1',
        }),
        item({
          what: 'ticket T-7 opened',
          ruleId: 'ml-compute-no-ssh',
          url: 'https://dev.azure.com/contoso/ml/_workitems/edit/7',
        }),
      ],
    });
    const text = JSON.stringify(card);
    expect(text).toContain('3 outcomes on rg-ml-prod/mlw-prod-public/ci-dana-gpu');
    expect(text).toContain('ward undo 01JFIXED');
    expect(text).toContain('Approve or reject: https://ward.example.test/api/approvals/apr-1');
    expect(text).toContain('ticket T-7 opened');
    expect(text).toContain('https://dev.azure.com/contoso/ml/_workitems/edit/7');
    // The approval comes first: it is what needs a person.
    expect(text.indexOf('approval requested')).toBeLessThan(text.indexOf('ward undo'));
    const actions = card.attachments[0].content.actions ?? [];
    expect(actions.map((action) => action.url)).toEqual([
      'https://ward.example.test/api/approvals/apr-1',
      'https://dev.azure.com/contoso/ml/_workitems/edit/7',
    ]);
  });

  it('stays within the Teams size limit however many and long the outcomes', () => {
    const items = Array.from({ length: 200 }, (_, index) =>
      item({
        ruleId: `rule-${String(index)}`,
        summary: 'x'.repeat(1_900),
        ledgerId: `L${String(index)}`,
      }),
    );
    const card = resourceGroupCard({ resourceId, at: '2026-12-05T01:00:00.000Z', items });
    expect(messageBytes(card)).toBeLessThanOrEqual(TEAMS_MESSAGE_LIMIT_BYTES);
    expect(JSON.stringify(card)).toContain('more outcomes are in the ledger');
  });
});
