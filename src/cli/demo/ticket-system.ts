import type { Policy } from '../../config/policy';
import { startAzureDevOpsStandIn } from '../../demo/ticket-standins/azure-devops';
import { DemoError } from '../../demo/errors';
import type { TicketStandIn } from '../../demo/ticket-standins/server';

export interface DemoTickets {
  system: string;
  standIn: TicketStandIn;
  /** The demo policy with the system's URL pointed at the stand-in. */
  policy: Policy;
}

/** `tickets` of the `--format json` summary, counted from the stand-in's own state. */
export interface DemoTicketCounts {
  system: string;
  opened: number;
  commented: number;
  resolved: number;
}

/**
 * Starts the stand-in of the ticket system the demo policy files into, and points the policy at
 * it. Azure DevOps needs nothing but ward's identity, so the demo runs it as in production.
 */
export async function startDemoTickets(
  policy: Policy,
  now: () => Date,
): Promise<DemoTickets | undefined> {
  const systems = policy.ticketSystems;
  const name = systems.default ?? systems.routes[0]?.system;
  if (name === undefined) return undefined;
  if (name !== 'azure-devops' || !systems.azureDevOps) {
    throw new DemoError(
      'DEMO_FAILED',
      `the demo files tickets into an Azure DevOps stand-in; the policy routes them to ${name}`,
    );
  }
  const ado = systems.azureDevOps;
  const organization = new URL(ado.organizationUrl).pathname.split('/').find(Boolean) ?? 'contoso';
  const standIn = await startAzureDevOpsStandIn({
    organization,
    project: ado.project,
    customFields: Object.keys(ado.fields),
    states: [ado.reopenedState, 'Doing', ado.resolvedState],
    now,
  });
  return {
    system: name,
    standIn,
    policy: {
      ...policy,
      ticketSystems: {
        ...systems,
        azureDevOps: { ...ado, organizationUrl: `${standIn.origin}/${organization}` },
      },
    },
  };
}

export function demoTicketCounts(tickets: DemoTickets): DemoTicketCounts {
  const counts = tickets.standIn.counts();
  return {
    system: tickets.system,
    opened: counts.opened,
    commented: counts.commented,
    resolved: counts.resolved,
  };
}
