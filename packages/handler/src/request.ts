import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The parts of an API Gateway proxy event the routes use, normalised so that
 * the rest of the code never has to deal with `null`, missing fields or
 * header-name casing.
 */
export interface HttpRequest {
  /** API Gateway request id (or a fallback, see {@link toHttpRequest}). */
  readonly requestId: string;
  readonly method: string;
  /** Path without the stage prefix, e.g. `/hello`; `''` when absent. */
  readonly path: string;
  /** API Gateway resource template, e.g. `/{proxy+}`; used for logging unmatched paths. */
  readonly resource: string;
  /** Header values keyed by lower-cased name. */
  readonly headers: ReadonlyMap<string, string>;
  /** Query string values keyed by (case-sensitive) name. */
  readonly query: ReadonlyMap<string, string>;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** Value used when neither API Gateway nor Lambda supplied a usable request id. */
export const UNKNOWN_REQUEST_ID = 'unknown';

// Request ids are echoed in a response header, so only accept something that
// is safe there (printable ASCII, bounded length). Real ids are UUIDs.
const SAFE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Normalises a (possibly malformed) proxy event.
 *
 * Lambda events are parsed JSON, so plain property checks are enough to make
 * this total: it never throws, whatever shape the event has.
 *
 * @param event The raw event; typed loosely because tests and misconfigured
 *   integrations can send anything.
 * @param fallbackRequestId Used when `requestContext.requestId` is missing,
 *   normally the Lambda `awsRequestId`.
 */
export function toHttpRequest(event: APIGatewayProxyEvent | null | undefined, fallbackRequestId?: string): HttpRequest {
  const e: Partial<Record<keyof APIGatewayProxyEvent, unknown>> = isObject(event) ? event : {};
  const context: Record<string, unknown> = isObject(e.requestContext) ? e.requestContext : {};
  return {
    requestId: [context.requestId, fallbackRequestId].find(isSafeRequestId) ?? UNKNOWN_REQUEST_ID,
    method: stringOr(e.httpMethod, ''),
    path: stringOr(e.path, ''),
    resource: stringOr(e.resource, ''),
    headers: flatten(e.headers, e.multiValueHeaders, (name) => name.toLowerCase()),
    query: flatten(e.queryStringParameters, e.multiValueQueryStringParameters, (name) => name),
    body: typeof e.body === 'string' ? e.body : null,
    isBase64Encoded: e.isBase64Encoded === true,
  };
}

/**
 * Merges the single- and multi-value maps of an event. API Gateway fills both
 * and puts the last value into the single-value map, so that one wins; the
 * multi-value map only matters when the single-value one is missing.
 */
function flatten(single: unknown, multi: unknown, key: (name: string) => string): Map<string, string> {
  const result = new Map<string, string>();
  if (isObject(multi)) {
    for (const [name, values] of Object.entries(multi)) {
      const last: unknown = Array.isArray(values) ? values[values.length - 1] : undefined;
      if (typeof last === 'string') result.set(key(name), last);
    }
  }
  if (isObject(single)) {
    for (const [name, value] of Object.entries(single)) {
      if (typeof value === 'string') result.set(key(name), value);
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}
