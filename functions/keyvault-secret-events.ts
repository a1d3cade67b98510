import { app, type EventGridFunctionOptions, type InvocationContext } from '@azure/functions';
import { loadUseCases, type LoadUseCases } from '../src/app/ports';
import { makeSignalTrigger, type SignalHandlerDeps } from '../src/events/trigger';

/** Secret new version / near expiry / expired (Event Grid system topic on each vault). */
export function makeKeyVaultSecretEventsHandler(
  getDeps: () => Promise<SignalHandlerDeps>,
): (event: unknown, context: InvocationContext) => Promise<void> {
  return makeSignalTrigger('keyvault', getDeps);
}

export function keyVaultSecretEventsOptions(
  load: LoadUseCases = loadUseCases,
): EventGridFunctionOptions {
  return { handler: makeKeyVaultSecretEventsHandler(load) };
}

app.eventGrid('keyVaultSecretEvents', keyVaultSecretEventsOptions());
