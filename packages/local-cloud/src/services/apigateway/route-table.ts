import { safeDecode } from './lambda-proxy';
import type { DeploymentSnapshot, MethodRecord } from './model';

/** The resource and method a request resolved to, with its path variables. */
export interface RouteMatch {
  readonly resourceId: string;
  /** The resource's template path, `$context.resourcePath` (`/{proxy+}`). */
  readonly resourcePath: string;
  readonly method: MethodRecord;
  /** `{name}` / `{name+}` values, or null when the resource has none (as the proxy event sends it). */
  readonly pathParameters: Record<string, string> | null;
}

interface RouteNode {
  readonly literal: Map<string, RouteNode>;
  variable?: { readonly name: string; readonly node: RouteNode };
  greedy?: { readonly name: string; readonly node: RouteNode };
  resource?: { readonly id: string; readonly path: string; readonly methods: Map<string, MethodRecord> };
}

const newNode = (): RouteNode => ({ literal: new Map() });

/**
 * A deployment's routes compiled into a tree. Resolution follows API Gateway: the most specific
 * resource *that has the verb (or ANY)* wins — a literal part before a `{param}` before a greedy
 * `{proxy+}`, backing off when a more specific resource lacks the method — and `{proxy+}` takes one or
 * more segments below its parent, never the parent itself.
 *
 * @example
 * const table = new RouteTable(deployment.snapshot);
 * table.match('GET', '/pets/7'); // { resourcePath: '/pets/{id}', pathParameters: { id: '7' }, … }
 */
export class RouteTable {
  private readonly root: RouteNode = newNode();

  constructor(snapshot: DeploymentSnapshot) {
    for (const route of snapshot.routes) {
      let node = this.root;
      for (const part of route.path.split('/').filter((p) => p !== '')) {
        const variable = /^\{(.+?)(\+?)\}$/.exec(part);
        if (!variable) {
          let next = node.literal.get(part);
          if (!next) node.literal.set(part, (next = newNode()));
          node = next;
        } else if (variable[2] === '+') {
          node.greedy ??= { name: variable[1], node: newNode() };
          node = node.greedy.node;
        } else {
          node.variable ??= { name: variable[1], node: newNode() };
          node = node.variable.node;
        }
      }
      node.resource = { id: route.resourceId, path: route.path, methods: new Map(Object.entries(route.methods)) };
    }
  }

  /**
   * Resolves a request. `rawPath` is the request path below the stage (`/` or `/a/b`), still
   * percent-encoded: segments are decoded one by one, so an encoded `/` stays inside its segment.
   */
  public match(httpMethod: string, rawPath: string): RouteMatch | undefined {
    const segments = rawPath.split('/').slice(1).map(safeDecode);
    // a trailing slash addresses the same resource; a greedy variable keeps it
    const trailingSlash = segments.length > 1 && segments[segments.length - 1] === '';
    if (segments[segments.length - 1] === '') segments.pop();
    return this.walk(this.root, segments, 0, httpMethod, {}, trailingSlash);
  }

  private walk(
    node: RouteNode,
    segments: string[],
    i: number,
    verb: string,
    params: Record<string, string>,
    trailingSlash: boolean,
  ): RouteMatch | undefined {
    if (i === segments.length) return found(node, verb, params);
    const segment = segments[i];
    const literal = node.literal.get(segment);
    if (literal) {
      const m = this.walk(literal, segments, i + 1, verb, params, trailingSlash);
      if (m) return m;
    }
    if (node.variable && segment !== '') {
      const m = this.walk(
        node.variable.node,
        segments,
        i + 1,
        verb,
        { ...params, [node.variable.name]: segment },
        trailingSlash,
      );
      if (m) return m;
    }
    if (node.greedy) {
      const rest = segments.slice(i).join('/') + (trailingSlash ? '/' : '');
      return found(node.greedy.node, verb, { ...params, [node.greedy.name]: rest });
    }
    return undefined;
  }
}

function found(node: RouteNode, verb: string, params: Record<string, string>): RouteMatch | undefined {
  const resource = node.resource;
  const method = resource?.methods.get(verb) ?? resource?.methods.get('ANY');
  if (!resource || !method) return undefined;
  return {
    resourceId: resource.id,
    resourcePath: resource.path,
    method,
    pathParameters: Object.keys(params).length > 0 ? params : null,
  };
}
