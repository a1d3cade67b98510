import { describe } from 'vitest';
import { serviceNowPolicySchema } from '../../src/config/ticket-systems';
import { startServiceNowStandIn } from '../../src/demo/ticket-standins/servicenow';
import { httpsFetch } from '../../src/tickets/https-fetch';
import { createServiceNowSystem } from '../../src/tickets/systems/servicenow';
import { adapterSuite } from './adapter-harness';

describe('ServiceNow adapter against the ServiceNow stand-in', () => {
  adapterSuite('servicenow', async () => {
    const standIn = await startServiceNowStandIn({
      clientId: 'ward-client',
      clientSecret: 'client-secret-value',
    });
    const policy = serviceNowPolicySchema.parse({
      instanceUrl: standIn.origin,
      clientId: 'ward-client',
      clientSecretSecret: 'https://ward-kv.vault.azure.net/secrets/servicenow-client-secret',
      assignmentGroup: 'Cloud Security',
    });
    return {
      standIn,
      system: () =>
        Promise.resolve(
          createServiceNowSystem({
            policy,
            clientSecret: 'client-secret-value',
            fetch: httpsFetch({ ca: standIn.ca }),
          }),
        ),
      bodyText: (body) => body,
      createRequest: /^POST \/api\/now\/table\/incident$/,
      close: () => standIn.close(),
    };
  });
});
