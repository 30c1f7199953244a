import { HttpError } from './http';
import type { HttpRequest } from './request';

/** Largest accepted request body, in bytes (after base64-decoding). */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Deepest accepted JSON nesting. Without a limit a 16 KiB body of `[[[[…`
 * parses fine but overflows the stack when the response is serialised,
 * which would turn a bad request into a 500. 64 matches System.Text.Json.
 */
export const MAX_JSON_DEPTH = 64;

const UNSUPPORTED_MEDIA_TYPE = 'Content-Type must be application/json (charset, if given, must be utf-8)';

// `fatal` makes invalid UTF-8 an error instead of silently becoming U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the request body as JSON, enforcing content type, size and encoding.
 *
 * Checks run cheapest first: content type (415), empty body or broken
 * base64 (400), size (413), then UTF-8, nesting depth and JSON syntax (400).
 *
 * @throws {HttpError} 400, 413 or 415; error messages never quote the body.
 */
export function readJsonBody(request: HttpRequest): unknown {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new HttpError(415, UNSUPPORTED_MEDIA_TYPE);
  }
  const text = decodeBody(request.body ?? '', request.isBase64Encoded);
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `Request body must not be nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes part of the body, so it is not passed on.
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/**
 * True for `application/json`, in any case, with optional parameters.
 * A `charset` parameter must be utf-8 because that is how the body is decoded.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [mediaType = '', ...parameters] = value.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', ...rest] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    const charset = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    return charset.toLowerCase() === 'utf-8';
  });
}

/** Turns the raw event body into text, enforcing the emptiness and size rules. */
function decodeBody(body: string, isBase64Encoded: boolean): string {
  if (!isBase64Encoded) {
    if (body.length === 0) throw emptyBody();
    if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw tooLarge();
    return body;
  }
  const bytes = Buffer.from(body, 'base64');
  // Node's decoder skips characters it does not understand. API Gateway sends
  // canonical padded base64, so anything that does not round-trip is garbage.
  if (bytes.toString('base64') !== body) {
    throw new HttpError(400, 'Request body is not valid base64');
  }
  if (bytes.length === 0) throw emptyBody();
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8');
  }
}

/**
 * Scans JSON text for `[`/`{` nesting deeper than `limit`, ignoring brackets
 * inside strings. Runs before `JSON.parse`, so it must tolerate invalid JSON;
 * such text is rejected by the parser afterwards.
 */
function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++; // skip the escaped character, e.g. \"
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return false;
}

function emptyBody(): HttpError {
  return new HttpError(400, 'Request body must not be empty');
}

function tooLarge(): HttpError {
  return new HttpError(413, `Request body must not exceed ${MAX_BODY_BYTES} bytes`);
}
