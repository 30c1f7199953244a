import { HttpError, ok, type RouteResult } from '../http';
import type { HttpRequest } from '../request';

// ASCII only, on purpose: the name is echoed back, and a small fixed
// alphabet keeps that free of markup, control and look-alike characters.
const NAME = /^[A-Za-z0-9 _-]{1,64}$/;

/**
 * `GET /hello?name=…`: greets `name` (default `world`).
 *
 * @throws {HttpError} 400 when `name` is present but empty, longer than 64
 *   characters, or contains anything but ASCII letters, digits, space, `-`, `_`.
 */
export function hello(request: HttpRequest): RouteResult {
  const name = request.query.get('name') ?? 'world';
  if (!NAME.test(name)) {
    throw new HttpError(
      400,
      'Query parameter "name" must be 1-64 characters of ASCII letters, digits, space, "-" or "_"',
    );
  }
  return ok({ message: `Hello, ${name}!` });
}
