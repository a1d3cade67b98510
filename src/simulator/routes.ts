import type { HttpMethod, OperationKind, SimRequest, SimResponse } from './http';
import type { SimulatorCore } from './core';

/** 'arm': bearer token required, ARM throttling. 'data': the handler does its own auth. */
export type RoutePlane = 'arm' | 'data';

export interface RouteDefinition {
  name: string;
  method: HttpMethod | '*';
  /** Tested against the URL pathname. */
  pattern: RegExp;
  plane: RoutePlane;
  /** For counters and throttling; defaults from the method (GET read, PUT/PATCH write, ...). */
  kind?: OperationKind | ((req: SimRequest) => OperationKind);
  handle: (
    req: SimRequest,
    match: RegExpExecArray,
    core: SimulatorCore,
  ) => SimResponse | Promise<SimResponse>;
}

export interface RouteMatch {
  route: RouteDefinition;
  match: RegExpExecArray;
}

export function kindFromMethod(method: HttpMethod): OperationKind {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'PUT':
    case 'PATCH':
      return 'write';
    case 'DELETE':
      return 'delete';
    case 'POST':
      return 'action';
  }
}

/** Routes: plugin routes first (in registration order), then the built-in ARM routes. */
export class RouteTable {
  private readonly custom: RouteDefinition[] = [];
  private readonly builtin: RouteDefinition[] = [];

  /** Adds a route; returns a function that removes it. */
  register(route: RouteDefinition): () => void {
    this.custom.push(route);
    return () => {
      const i = this.custom.indexOf(route);
      if (i >= 0) this.custom.splice(i, 1);
    };
  }

  /** Built-in routes, tried after every registered route. */
  registerBuiltin(route: RouteDefinition): void {
    this.builtin.push(route);
  }

  find(method: HttpMethod, pathname: string): RouteMatch | undefined {
    for (const route of [...this.custom, ...this.builtin]) {
      if (route.method !== '*' && route.method !== method) continue;
      route.pattern.lastIndex = 0;
      const match = route.pattern.exec(pathname);
      if (match) return { route, match };
    }
    return undefined;
  }

  names(): string[] {
    return [...this.custom, ...this.builtin].map((r) => r.name);
  }
}
