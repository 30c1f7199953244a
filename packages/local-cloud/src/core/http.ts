/** A request as it came off the wire: nothing normalised, so S3 keys and signatures see what was sent. */
export interface HttpRequest {
  readonly method: string;
  /** The raw request target path, still percent-encoded, without the query (`/bucket/a//b/../c`). */
  readonly rawPath: string;
  /** The raw query string without `?` (may be empty). */
  readonly rawQuery: string;
  /** Query parameters, percent-decoded, in order of appearance. */
  readonly query: QueryParams;
  /** Headers by lower-case name; repeated headers joined by `,` as SigV4 canonicalises them. */
  readonly headers: Record<string, string>;
  /** The body bytes (after aws-chunked decoding once the server has decoded it). */
  readonly body: Buffer;
}

/** What a handler answers; the server adds request ids and `Date`. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** Query parameters by name; each name may repeat. Null prototype: names are data, not properties. */
export type QueryParams = Record<string, string[]>;

/** Decodes percent-escapes; a malformed escape is kept as sent rather than failing the request. */
export function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a raw query string (`a=1&b&c=%20`) without folding `+` into a space (SigV4 and S3 keep `+`). */
export function parseQuery(raw: string): QueryParams {
  const out: QueryParams = Object.create(null);
  if (!raw) return out;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1));
    (out[name] ??= []).push(value);
  }
  return out;
}

/** The first value of a query parameter. */
export function queryValue(query: QueryParams, name: string): string | undefined {
  return query[name]?.[0];
}

/** Lower-cases header names and joins repeats with `,` (from Node's `rawHeaders`). */
export function headersFromRaw(raw: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    out[name] = name in out ? `${out[name]},${raw[i + 1]}` : raw[i + 1];
  }
  return out;
}

/** Removes characters Node refuses in a header value (controls other than tab). */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}
