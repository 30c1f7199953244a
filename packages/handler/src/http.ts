import type { APIGatewayProxyResult } from 'aws-lambda';

/** Error codes used in error bodies, keyed by the HTTP status they belong to. */
const ERROR_CODES = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  500: 'InternalError',
} as const;

/** The HTTP statuses this API can answer with an error. */
export type ErrorStatus = keyof typeof ERROR_CODES;

/** The `error.code` values that can appear in an error body. */
export type ErrorCode = (typeof ERROR_CODES)[ErrorStatus];

/**
 * An error that maps directly to an HTTP error response.
 *
 * Its `message` is sent to the client, so it must never contain request data
 * or internal details. Anything thrown that is *not* an `HttpError` is treated
 * as a bug and becomes a generic 500.
 */
export class HttpError extends Error {
  /** Machine-readable code derived from the status, e.g. `NotFound`. */
  readonly code: ErrorCode;

  /**
   * @param statusCode HTTP status of the response.
   * @param message Client-facing message (keep it free of request data).
   * @param headers Extra response headers, e.g. `allow` for a 405.
   */
  constructor(
    readonly statusCode: ErrorStatus,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.code = ERROR_CODES[statusCode];
  }
}

/** What a route returns: a status and a JSON-serialisable payload. */
export interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
}

/** Builds a 200 route result. */
export function ok(body: unknown): RouteResult {
  return { statusCode: 200, body };
}

/**
 * Builds an API Gateway proxy response with a JSON body.
 *
 * Every response goes through here so that `content-type` and `x-request-id`
 * are always present; the fixed headers win over `extraHeaders`.
 */
export function jsonResponse(
  statusCode: number,
  payload: unknown,
  requestId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      ...extraHeaders,
      'content-type': 'application/json',
      'x-request-id': requestId,
    },
    body: JSON.stringify(payload),
  };
}

/** Builds the `{"error":{"code","message"},"requestId"}` response for an {@link HttpError}. */
export function errorResponse(error: HttpError, requestId: string): APIGatewayProxyResult {
  return jsonResponse(
    error.statusCode,
    { error: { code: error.code, message: error.message }, requestId },
    requestId,
    error.headers,
  );
}
