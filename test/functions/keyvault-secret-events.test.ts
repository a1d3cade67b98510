import { describe, expect, it } from 'vitest';
import type { ChangeSignal } from '../../src/domain';
import {
  keyVaultSecretEventsOptions,
  makeKeyVaultSecretEventsHandler,
} from '../../functions/keyvault-secret-events';
import { contextFor, eventFixture } from './support';

describe('keyVaultSecretEvents trigger', () => {
  const signals: ChangeSignal[] = [];
  const getDeps = () =>
    Promise.resolve({
      handleSignal(signal: ChangeSignal) {
        signals.push(signal);
        return Promise.resolve();
      },
    });

  it('exports Event Grid trigger options with the handler', () => {
    expect(typeof keyVaultSecretEventsOptions().handler).toBe('function');
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
