import type { RouteResult } from './http';
import type { HttpRequest } from './request';
import { echo } from './routes/echo';
import { health } from './routes/health';
import { hello } from './routes/hello';

/** A route implementation. Throw an `HttpError` for client errors. */
export type RouteHandler = (request: HttpRequest) => RouteResult | Promise<RouteResult>;

/** Route table: exact path → HTTP method → handler. */
export type RouteTable = Readonly<Record<string, Readonly<Record<string, RouteHandler>>>>;

/** Outcome of looking up a request in the route table. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly resource: string; readonly handler: RouteHandler }
  | { readonly kind: 'methodNotAllowed'; readonly resource: string; readonly allow: readonly string[] }
  | { readonly kind: 'notFound' };

/** Looks up a method and path; see {@link createRouter}. */
export type Router = (method: string, path: string) => RouteMatch;

/** The API's routes. */
export const ROUTES: RouteTable = {
  '/health': { GET: health },
  '/hello': { GET: hello },
  '/echo': { POST: echo },
};

/**
 * Builds a router over `routes`.
 *
 * Matching is exact and case-sensitive on both path and method: no trailing
 * slash or `//` normalisation, and no implicit HEAD or OPTIONS. The table is
 * copied into Maps so that paths like `/__proto__` cannot hit `Object.prototype`.
 *
 * Exported (rather than only {@link ROUTES}) so tests can build a router with
 * extra routes, e.g. one that throws, to exercise the 500 path.
 */
export function createRouter(routes: RouteTable = ROUTES): Router {
  const table = new Map(
    Object.entries(routes).map(([path, methods]) => [path, new Map(Object.entries(methods))] as const),
  );
  return (method, path) => {
    const methods = table.get(path);
    if (methods === undefined) return { kind: 'notFound' };
    const handler = methods.get(method);
    if (handler === undefined) {
      return { kind: 'methodNotAllowed', resource: path, allow: [...methods.keys()].sort() };
    }
    return { kind: 'found', resource: path, handler };
  };
}
