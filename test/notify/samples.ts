import type { ActionPlan } from '../../src/actions/types';
import type { Finding } from '../../src/domain';
import type {
  AlertInput,
  ApprovalRejectedInput,
  ApprovalRequestedInput,
  RemediationAppliedInput,
  TicketOpenedInput,
} from '../../src/notify/types';

export const STORAGE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/mlstore01';

export const COMPUTE_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod/computes/ci-dana';
export const SECRET_ID = 'https://kv-ml-prod.vault.azure.net/secrets/training-db-password';
/** 2026-12-05T00:00:00Z in Unix seconds: 11 days after the alerts' time. */
export const SECRET_EXP = Date.parse('2026-12-05T00:00:00Z') / 1000;

export function secretFinding(overrides: Partial<Finding> = {}): Finding {
  return sampleFinding({
    ruleId: 'keyvault-secret-near-expiry',
    resourceId: SECRET_ID,
    resourceType: 'Microsoft.KeyVault/vaults/secrets',
    severity: 'medium',
    message: 'Secret expires at 2026-12-05T00:00:00.000Z, in 11 days: rotate it.',
    evidence: [
      {
        path: 'attributes.exp',
        actual: SECRET_EXP,
        expected: 'later than 2026-12-23T10:00:00.000Z (more than 30 days after the evaluation)',
        note: 'expires 2026-12-05T00:00:00.000Z; 11 days left',
      },
    ],
    ...overrides,
  });
}

export function sampleFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    fingerprint: 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0',
    ruleId: 'storage-blob-public-access-disabled',
    resourceId: STORAGE_ID,
    resourceType: 'Microsoft.Storage/storageAccounts',
    severity: 'high',
    message: 'The storage account allows anonymous blob access.',
    evidence: [
      {
        path: 'properties.allowBlobPublicAccess',
        actual: true,
        expected: 'false',
        note: 'Anonymous access lets anyone read public containers.',
      },
    ],
    evaluatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export function samplePlan(overrides: Partial<ActionPlan> = {}): ActionPlan {
  return {
    actionId: 'storage-disable-blob-public-access',
    resourceId: STORAGE_ID,
    resourceType: 'Microsoft.Storage/storageAccounts',
    summary: 'Set allowBlobPublicAccess to false',
    changes: [{ path: 'properties.allowBlobPublicAccess', before: true, after: false }],
    parameters: {},
    ...overrides,
  };
}

export const CHANGED_BY = {
  upn: 'dana@contoso.example',
  objectId: '11111111-2222-3333-4444-555555555555',
};

export function remediationAppliedInput(): RemediationAppliedInput {
  return {
    finding: sampleFinding({
      ruleId: 'storage-min-tls-1-2',
      message: 'The storage account allows TLS 1.0.',
    }),
    ruleTitle: 'Storage accounts require TLS 1.2',
    actionId: 'storage-set-min-tls-1-2',
    changes: [{ path: 'properties.minimumTlsVersion', before: 'TLS1_0', after: 'TLS1_2' }],
    changedBy: CHANGED_BY,
    ledgerId: 'ledger-0001',
    appliedAt: '2026-11-23T10:00:05.000Z',
  };
}

export function approvalRequestedInput(
  approvalUrl = 'https://ward.contoso.example/api/approvals/AbCdEfGhIjKlMnOpQrStUv',
): ApprovalRequestedInput {
  return {
    finding: sampleFinding(),
    ruleTitle: 'Storage disallows anonymous blob access',
    rationale: 'Anonymous blob access exposes training data to the internet.',
    actionId: 'storage-disable-blob-public-access',
    changes: samplePlan().changes,
    approvalUrl,
    expiresAt: '2026-11-24T10:00:00.000Z',
    changedBy: CHANGED_BY,
    reasons: ['Mode approve for storage-blob-public-access-disabled'],
  };
}

export function approvalRejectedInput(): ApprovalRejectedInput {
  return {
    finding: sampleFinding(),
    ruleTitle: 'Storage disallows anonymous blob access',
    actionId: 'storage-disable-blob-public-access',
    changes: samplePlan().changes,
    rejectedBy: 'Ana Approver',
    reason: 'The vendor scanner reads this container; it moves to a private endpoint next month.',
    rejectedAt: '2026-11-23T11:00:00.000Z',
    exemptionUntil: '2026-12-23T11:00:00.000Z',
  };
}

export function ticketOpenedInput(): TicketOpenedInput {
  return {
    finding: sampleFinding({
      ruleId: 'storage-shared-key-disabled',
      message: 'Shared key access is allowed.',
    }),
    ruleTitle: 'Storage disallows shared key access',
    ticketId: 'WARD-42',
    ticketUrl: 'https://tickets.contoso.example/WARD-42',
    remedy: 'Move clients to Entra ID, then set allowSharedKeyAccess to false.',
    changedBy: CHANGED_BY,
  };
}

export function alertInputs(): AlertInput[] {
  const occurredAt = '2026-11-23T10:01:00.000Z';
  return [
    {
      kind: 'failed-remediation',
      summary: 'The write answered 409 Conflict.',
      finding: sampleFinding(),
      occurredAt,
      details: ['RestError: Conflict'],
    },
    {
      kind: 'failed-verify',
      summary: 'After the change the rule still fails.',
      finding: sampleFinding(),
      occurredAt,
      ledgerId: 'ledger-0002',
    },
    {
      kind: 'budget-tripped',
      summary: '20 changes in 60 minutes: the budget is spent.',
      occurredAt,
      facts: [{ title: 'Window', value: '60 minutes' }],
      details: [STORAGE_ID],
    },
    {
      kind: 'flap-tripped',
      summary: 'The setting was undone 3 times in 24 hours.',
      resourceId: STORAGE_ID,
      ruleId: 'storage-min-tls-1-2',
      occurredAt,
      details: ['10:00 fixed', '10:20 undone'],
    },
    {
      kind: 'dead-letter',
      summary: '2 events were dead-lettered.',
      occurredAt,
      details: ['event-1: MaxDeliveryAttemptsExceeded', 'event-2: MaxDeliveryAttemptsExceeded'],
    },
    {
      kind: 'sweep-digest',
      summary: 'The sweep read 120 resources: 3 findings.',
      occurredAt,
      facts: [{ title: 'Resources', value: '120' }],
      details: ['storage-min-tls-1-2: 2', 'keyvault-secret-expiry-set: 1'],
    },
    {
      kind: 'secret-expiry',
      summary: 'A secret expires soon and must be rotated by people.',
      finding: secretFinding(),
      occurredAt,
      ticket: { id: 'WARD-77', url: 'https://tickets.contoso.example/WARD-77' },
    },
    {
      kind: 'rule-error',
      summary: 'ml-compute-no-public-ip could not judge the compute, so nothing was changed.',
      resourceId: COMPUTE_ID,
      ruleId: 'ml-compute-no-public-ip',
      occurredAt,
      details: ['properties.properties.enableNodePublicIp is not a boolean.'],
    },
    {
      kind: 'tag-exemption',
      summary:
        "The compute is exempt from ml-compute-idle-shutdown by its own tag until 2026-12-01T00:00:00.000Z (policy maximum 90 days); tag set by alice@contoso.example, from the event's claims.",
      resourceId: COMPUTE_ID,
      ruleId: 'ml-compute-idle-shutdown',
      occurredAt,
    },
  ];
}
