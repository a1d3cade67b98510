import { app, type EventGridFunctionOptions, type InvocationContext } from '@azure/functions';
import { loadUseCases, type LoadUseCases } from '../src/app/ports';
import { makeSignalTrigger, type SignalHandlerDeps } from '../src/events/trigger';

/** ARM writes on watched resource types (Event Grid system topic on each subscription). */
export function makeResourceChangesHandler(
  getDeps: () => Promise<SignalHandlerDeps>,
): (event: unknown, context: InvocationContext) => Promise<void> {
  return makeSignalTrigger('eventgrid', getDeps);
}

export function resourceChangesOptions(
  load: LoadUseCases = loadUseCases,
): EventGridFunctionOptions {
  return { handler: makeResourceChangesHandler(load) };
}

app.eventGrid('resourceChanges', resourceChangesOptions());
