import { ok, type RouteResult } from '../http';

/** `GET /health`: liveness check; touches nothing, so it only proves the function runs. */
export function health(): RouteResult {
  return ok({ status: 'ok' });
}
