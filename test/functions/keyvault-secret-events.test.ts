import type { EventGridEvent } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { ChangeSignal } from '../../src/domain';
import {
  keyVaultSecretEventsOptions,
  makeKeyVaultSecretEventsHandler,
} from '../../functions/keyvault-secret-events';
import { contextFor, eventFixture, recordingUseCases } from './support';

describe('keyVaultSecretEvents trigger', () => {
  const signals: ChangeSignal[] = [];
  const getDeps = () =>
    Promise.resolve({
      handleSignal(signal: ChangeSignal) {
        signals.push(signal);
        return Promise.resolve();
      },
    });

  it('exports Event Grid trigger options whose handler hands a secret event to the use cases it loads', async () => {
    const useCases = recordingUseCases();
    const { handler } = keyVaultSecretEventsOptions(useCases.load);
    const { context, logs } = contextFor('keyVaultSecretEvents');
    const event = eventFixture('keyvault-secret-new-version-created.eventgrid.json');
    await handler(event as unknown as EventGridEvent, context);
    expect(useCases.loads()).toBe(1);
    expect(useCases.signals).toEqual([
      {
        signal: expect.objectContaining({
          source: 'keyvault',
          eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
          eventId: event.id,
          secret: expect.objectContaining({ name: 'newsecret' }) as unknown,
        }) as unknown,
        invocation: {
          invocationId: 'inv-keyVaultSecretEvents',
          functionName: 'keyVaultSecretEvents',
        },
      },
    ]);
    expect(logs).toEqual([]);

    // The same exported handler turns away what the resource trigger takes, loading nothing.
    const arm = recordingUseCases();
    await keyVaultSecretEventsOptions(arm.load).handler(
      eventFixture('resources-resource-write-success.eventgrid.json') as unknown as EventGridEvent,
      contextFor('keyVaultSecretEvents').context,
    );
    expect(arm.loads()).toBe(0);
    expect(arm.signals).toEqual([]);
  });

  it('hands secret events in either schema to the use case', async () => {
    signals.length = 0;
    const handler = makeKeyVaultSecretEventsHandler(getDeps);
    await handler(
      eventFixture('keyvault-secret-near-expiry.DERIVED.eventgrid.json'),
      contextFor('kv').context,
    );
    await handler(
      eventFixture('keyvault-secret-new-version-created.cloudevent.json'),
      contextFor('kv').context,
    );
    expect(signals.map((s) => [s.eventType, s.secret?.name])).toEqual([
      ['Microsoft.KeyVault.SecretNearExpiry', 'newsecret'],
      ['Microsoft.KeyVault.SecretNewVersionCreated', 'newsecret'],
    ]);
  });

  it('acknowledges an ARM resource event sent to it', async () => {
    signals.length = 0;
    const { context, logs } = contextFor('keyVaultSecretEvents');
    await makeKeyVaultSecretEventsHandler(getDeps)(
      eventFixture('resources-resource-write-success.eventgrid.json'),
      context,
    );
    expect(signals).toHaveLength(0);
    expect(logs[0]?.args[1]).toMatchObject({
      code: 'unsupported-type',
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
    });
  });
});
