import type { EventGridEvent } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { ChangeSignal } from '../../src/domain';
import type { InvocationInfo } from '../../src/app/ports';
import { AzureError } from '../../src/azure/errors';
import {
  makeResourceChangesHandler,
  resourceChangesOptions,
} from '../../functions/resource-changes';
import { UseCaseFailure, contextFor, eventFixture, recordingUseCases } from './support';

function recordingUseCase(fail?: Error) {
  const calls: { signal: ChangeSignal; invocation: InvocationInfo }[] = [];
  let loads = 0;
  const getDeps = () => {
    loads += 1;
    return Promise.resolve({
      handleSignal(signal: ChangeSignal, invocation: InvocationInfo) {
        calls.push({ signal, invocation });
        return fail ? Promise.reject(fail) : Promise.resolve();
      },
    });
  };
  return { calls, getDeps, loads: () => loads };
}

describe('resourceChanges trigger', () => {
  it('exports Event Grid trigger options whose handler hands an ARM write to the use cases it loads', async () => {
    const useCases = recordingUseCases();
    const { handler } = resourceChangesOptions(useCases.load);
    const { context, logs } = contextFor('resourceChanges');
    await handler(
      eventFixture('resources-resource-write-success.eventgrid.json') as unknown as EventGridEvent,
      context,
    );
    expect(useCases.loads()).toBe(1);
    expect(useCases.signals).toEqual([
      {
        signal: expect.objectContaining({
          source: 'eventgrid',
          eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
          operationName: 'Microsoft.Storage/storageAccounts/write',
        }) as unknown,
        invocation: { invocationId: 'inv-resourceChanges', functionName: 'resourceChanges' },
      },
    ]);
    expect(logs).toEqual([]);

    // The same exported handler turns away a Key Vault event, loading nothing.
    const kv = recordingUseCases();
    await resourceChangesOptions(kv.load).handler(
      eventFixture(
        'keyvault-secret-new-version-created.eventgrid.json',
      ) as unknown as EventGridEvent,
      contextFor('resourceChanges').context,
    );
    expect(kv.loads()).toBe(0);
    expect(kv.signals).toEqual([]);
  });

  it('parses the event and hands the signal to the use case with the invocation ids', async () => {
    const useCase = recordingUseCase();
    const { context } = contextFor('resourceChanges');
    await makeResourceChangesHandler(useCase.getDeps)(
      eventFixture('resources-resource-write-success.eventgrid.json'),
      context,
    );
    expect(useCase.calls).toHaveLength(1);
    expect(useCase.calls[0]?.signal).toMatchObject({
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
      operationName: 'Microsoft.Storage/storageAccounts/write',
    });
    expect(useCase.calls[0]?.invocation).toEqual({
      invocationId: 'inv-resourceChanges',
      functionName: 'resourceChanges',
    });
  });

  it('acknowledges a malformed event, logging its id, without loading the use cases', async () => {
    const useCase = recordingUseCase();
    const { context, logs } = contextFor('resourceChanges');
    const event = eventFixture('resources-resource-write-success.eventgrid.json');
    await expect(
      makeResourceChangesHandler(useCase.getDeps)(
        { ...event, data: { operationName: 'x' } },
        context,
      ),
    ).resolves.toBeUndefined();
    expect(useCase.loads()).toBe(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]?.level).toBe('warning');
    expect(logs[0]?.args[1]).toMatchObject({
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
      code: 'malformed',
    });
    expect(JSON.stringify(logs[0]?.args)).toContain('data.resourceUri');
  });

  it('acknowledges an event type that belongs to another trigger', async () => {
    const useCase = recordingUseCase();
    const { context, logs } = contextFor('resourceChanges');
    await makeResourceChangesHandler(useCase.getDeps)(
      eventFixture('keyvault-secret-new-version-created.eventgrid.json'),
      context,
    );
    expect(useCase.calls).toHaveLength(0);
    expect(logs[0]?.args[1]).toMatchObject({ code: 'unsupported-type' });
  });

  it('rethrows a transient failure so Event Grid delivers again', async () => {
    const failure = new AzureError('read-failed', 'ARM answered 503', {
      retryable: true,
      statusCode: 503,
    });
    const useCase = recordingUseCase(failure);
    const { context, logs } = contextFor('resourceChanges');
    await expect(
      makeResourceChangesHandler(useCase.getDeps)(
        eventFixture('resources-resource-write-success.eventgrid.json'),
        context,
      ),
    ).rejects.toBe(failure);
    expect(logs.find((l) => l.level === 'error')?.args[0]).toBe(
      'event failed, delivery will be retried',
    );
  });

  it('rethrows an unclassified failure too', async () => {
    const failure = new Error('socket hang up');
    const { context } = contextFor('resourceChanges');
    await expect(
      makeResourceChangesHandler(recordingUseCase(failure).getDeps)(
        eventFixture('resources-resource-write-success.eventgrid.json'),
        context,
      ),
    ).rejects.toBe(failure);
  });

  it('logs and acknowledges a permanent failure', async () => {
    const useCase = recordingUseCase(new UseCaseFailure('policy forbids', false));
    const { context, logs } = contextFor('resourceChanges');
    await expect(
      makeResourceChangesHandler(useCase.getDeps)(
        eventFixture('resources-resource-write-success.eventgrid.json'),
        context,
      ),
    ).resolves.toBeUndefined();
    const line = logs.find((l) => l.level === 'error');
    expect(line?.args[0]).toBe('event failed permanently');
    expect(line?.args[1]).toMatchObject({ eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6' });
  });
});
