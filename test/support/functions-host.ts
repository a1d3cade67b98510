import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A stand-in for the Azure Functions Node.js worker, for loading the built bundles as Azure
 * does. The worker gives each app the module `@azure/functions-core` (the bundles leave it
 * external); through it `@azure/functions` registers every `app.*` call with
 * `registerFunction(metadata, handler)` and hands over its programming model, which turns the
 * host's RPC invocation data into handler arguments and the handler's result back. This host
 * records the registrations and invokes them through that same programming model, so what
 * runs is the bundle's own copy of `@azure/functions`, its converters and ward's code.
 */

/** How the host's RPC messages carry a value (the subset ward's triggers use). */
export interface RpcTypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  http?: RpcHttpData;
}

export interface RpcHttpData {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  params?: Record<string, string>;
  body?: RpcTypedData;
  statusCode?: string;
}

export interface RpcBindingInfo {
  type?: string;
  direction?: 'in' | 'out' | 'inout';
  [option: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

type FunctionCallback = (...args: unknown[]) => unknown;

interface CoreInvocationContext {
  invocationId: string;
  request: {
    inputData: { name: string; data: RpcTypedData }[];
    triggerMetadata: Record<string, RpcTypedData>;
  };
  metadata: FunctionMetadata;
  state?: string;
  log(level: string, category: string, message: string): void;
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: RpcTypedData | null }>;
}

interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(context: CoreInvocationContext): InvocationModel;
}

export interface Registration {
  metadata: FunctionMetadata;
  handler: FunctionCallback;
}

export interface LogLine {
  functionName: string;
  level: string;
  category: string;
  message: string;
}

export interface FunctionsHost {
  registrations: Map<string, Registration>;
  /** Programming models handed over (one per copy of `@azure/functions` loaded). */
  models: ProgrammingModel[];
  logs: LogLine[];
  /** The trigger binding of a registered function. */
  trigger(name: string): RpcBindingInfo & { name: string };
  /** Invokes a function as the worker does; answers the RPC return value. */
  invoke(name: string, data: RpcTypedData): Promise<RpcTypedData | null | undefined>;
}

/** Where the bundles find the host: the worker answers `require('@azure/functions-core')`. */
const HOST_KEY = 'ward.test.functionsHost';

/**
 * Installs `@azure/functions-core` under `appDir/node_modules`, where the bundles' `require`
 * finds it, and answers the host it forwards to. Only one host per process.
 */
export function installFunctionsHost(appDir: string): FunctionsHost {
  const registrations = new Map<string, Registration>();
  const models: ProgrammingModel[] = [];
  const logs: LogLine[] = [];
  let current = '';
  class Disposable {
    constructor(private readonly onDispose: () => void) {}
    dispose(): void {
      this.onDispose();
    }
  }
  const core = {
    version: '4.0.0-ward-test',
    hostVersion: '4.0.0-ward-test',
    Disposable,
    setProgrammingModel(model: ProgrammingModel) {
      models.push(model);
    },
    getProgrammingModel() {
      return models.at(-1);
    },
    registerFunction(metadata: FunctionMetadata, handler: FunctionCallback) {
      if (registrations.has(metadata.name)) {
        throw new Error(`function ${metadata.name} is registered twice`);
      }
      registrations.set(metadata.name, { metadata, handler });
      return new Disposable(() => registrations.delete(metadata.name));
    },
    registerHook() {
      return new Disposable(() => undefined);
    },
    log(level: string, category: string, message: string) {
      logs.push({ functionName: current, level, category, message });
    },
  };
  (globalThis as Record<string, unknown>)[HOST_KEY] = core;
  const dir = join(appDir, 'node_modules', '@azure', 'functions-core');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: '@azure/functions-core', version: core.version, main: 'index.js' }),
  );
  writeFileSync(
    join(dir, 'index.js'),
    `module.exports = globalThis[${JSON.stringify(HOST_KEY)}];\n`,
  );

  const registration = (name: string): Registration => {
    const found = registrations.get(name);
    if (!found) throw new Error(`no function named ${name} was registered`);
    return found;
  };

  return {
    registrations,
    models,
    logs,
    trigger(name) {
      const entry = Object.entries(registration(name).metadata.bindings).find(([, binding]) =>
        (binding.type ?? '').toLowerCase().endsWith('trigger'),
      );
      if (!entry) throw new Error(`${name} has no trigger binding`);
      return { ...entry[1], name: entry[0] };
    },
    async invoke(name, data) {
      const { metadata, handler } = registration(name);
      const model = models.at(-1);
      if (!model) throw new Error('no programming model was set: @azure/functions never loaded');
      const trigger = this.trigger(name);
      current = name;
      const coreContext: CoreInvocationContext = {
        invocationId: randomUUID(),
        request: { inputData: [{ name: trigger.name, data }], triggerMetadata: {} },
        metadata,
        state: 'invocation',
        log: (level, category, message) => {
          logs.push({ functionName: name, level, category, message });
        },
      };
      const invocation = model.getInvocationModel(coreContext);
      const { context, inputs } = await invocation.getArguments();
      const result = await invocation.invokeFunction(context, inputs, handler);
      const response = await invocation.getResponse(context, result);
      return response.returnValue;
    },
  };
}
