import { encodeClientPrincipal, APPROVER_ROLE } from '../../src/approvals/principal';
import type { NewApproval } from '../../src/approvals/types';
import { CHANGED_BY, sampleFinding, samplePlan } from '../notify/samples';

export function newApproval(overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    finding: sampleFinding(),
    rule: {
      title: 'Storage disallows anonymous blob access',
      rationale: 'Anonymous blob access exposes training data to the internet.',
    },
    plan: samplePlan(),
    plannedEtag: 'W/"etag-1"',
    requestedBy: {
      changedBy: CHANGED_BY,
      eventId: 'evt-0001',
      source: 'eventgrid',
      reasons: ['Mode approve'],
    },
    ...overrides,
  };
}

export const APPROVER = {
  id: 'aaaaaaaa-0000-0000-0000-000000000001',
  name: 'Ana Approver',
  roles: [APPROVER_ROLE],
};
export const VIEWER = {
  id: 'bbbbbbbb-0000-0000-0000-000000000002',
  name: 'Vic Viewer',
  roles: ['Ward.Reader'],
};

export function principalHeader(person: { id: string; name: string; roles: string[] }): string {
  return encodeClientPrincipal(person);
}
