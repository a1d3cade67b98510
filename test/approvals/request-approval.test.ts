import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore } from '../../src/approvals/approval-store';
import { requestApproval } from '../../src/approvals/request-approval';
import { createOutbox } from '../../src/notify/outbox';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import type { TeamsMessage } from '../../src/notify/types';
import { memoryLogger } from '../notify/memory-logger';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { newApproval } from './fixtures';
import { tableEnv, type TableEnv } from './tables';

let env: TableEnv;
let receiver: TeamsReceiver;
beforeAll(async () => {
  [env, receiver] = await Promise.all([tableEnv(), startTeamsReceiver()]);
});
afterAll(async () => {
  await Promise.all([env.stop(), receiver.close()]);
});

describe('requestApproval', () => {
  it('stores a pending approval with the configured expiry and posts its card through the outbox', async () => {
    const { logger } = memoryLogger();
    const store = createApprovalStore({ table: env.table('approvals') });
    const notifier = createTeamsNotifier({ webhookUrl: receiver.url('s'), logger });
    const outbox = createOutbox({
      table: env.table('outbox'),
      notifier,
      now: () => new Date(),
      logger,
    });
    const approval = await requestApproval(newApproval(), {
      store,
      notify: (message) => outbox.send(message, 'approval-requested'),
      approvalUrl: (id) => `https://ward.example/api/approvals/${id}`,
      now: () => new Date('2026-11-23T10:00:00Z'),
      expiryHours: 4,
    });
    expect(approval).toMatchObject({ status: 'pending', expiresAt: '2026-11-23T14:00:00.000Z' });
    expect(await store.get(approval.id)).toBeDefined();
    expect(receiver.posts).toHaveLength(1);
    const card = (JSON.parse(receiver.posts[0]?.body ?? '{}') as TeamsMessage).attachments[0]
      .content;
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Approve or reject',
        url: `https://ward.example/api/approvals/${approval.id}`,
      },
    ]);
    expect(JSON.stringify(card)).toContain('2026-11-23T14:00:00.000Z');
  });
});
