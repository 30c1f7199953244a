import { readJsonBody } from '../body';
import { ok, type RouteResult } from '../http';
import type { HttpRequest } from '../request';

/**
 * `POST /echo`: returns the parsed JSON body as `{"echo": …}`.
 *
 * @throws {HttpError} 400, 413 or 415 from {@link readJsonBody}.
 */
export function echo(request: HttpRequest): RouteResult {
  return ok({ echo: readJsonBody(request) });
}
