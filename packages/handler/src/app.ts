import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { errorResponse, HttpError, jsonResponse } from './http';
import { toHttpRequest } from './request';
import type { Router } from './router';

/** Lambda handler for an API Gateway REST API proxy integration (payload 1.0). */
export type ApiHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/**
 * Wires a router and a logger into a Lambda handler.
 *
 * The handler never throws: client errors become their `HttpError` response,
 * anything else is logged at ERROR and becomes a generic 500. Each request
 * produces exactly one INFO access line, which deliberately carries no path,
 * query values or body, only the route template.
 */
export function createHandler(router: Router, logger: Logger): ApiHandler {
  return async (event, context) => {
    const startedAt = performance.now();
    if (context !== undefined) logger.addContext(context);
    const request = toHttpRequest(event, context?.awsRequestId);
    // Log the matched template where there is one; otherwise API Gateway's
    // resource (e.g. `/{proxy+}`), never the raw path, which is user input.
    let resource = request.resource;
    let response: APIGatewayProxyResult;
    try {
      const match = router(request.method, request.path);
      if (match.kind === 'notFound') throw new HttpError(404, 'No such resource');
      resource = match.resource;
      if (match.kind === 'methodNotAllowed') {
        const allow = match.allow.join(', ');
        throw new HttpError(405, `Method not allowed; allowed: ${allow}`, { allow });
      }
      const result = await match.handler(request);
      response = jsonResponse(result.statusCode, result.body, request.requestId);
    } catch (error) {
      response = errorResponse(toHttpError(error, logger), request.requestId);
    }
    logger.info({
      message: 'request',
      requestId: request.requestId,
      method: request.method,
      resource,
      status: response.statusCode,
      durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
    });
    return response;
  };
}

/** Passes `HttpError`s through; logs anything else and hides it behind a 500. */
function toHttpError(error: unknown, logger: Logger): HttpError {
  if (error instanceof HttpError) return error;
  // powertools serialises an Error's name, message, stack and cause;
  // a thrown non-Error is wrapped so it still lands under `error.cause`.
  logger.error('Unhandled error', error instanceof Error ? error : new Error('Non-Error thrown', { cause: error }));
  return new HttpError(500, 'Internal server error');
}
