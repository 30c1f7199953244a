import { AwsError } from '../core/aws-error';

/** A decoded `aws-chunked` body and the trailing headers it carried (`x-amz-checksum-crc32`, …). */
export interface DecodedChunks {
  readonly body: Buffer;
  readonly trailers: Record<string, string>;
}

const MALFORMED_TRAILER = 'The request contained trailing data that was not well-formed or did not conform to our published schema.';

/**
 * The request's headers with its trailers added, as S3 takes them: a trailer must be a checksum
 * (`x-amz-checksum-*`) announced in the signed `x-amz-trailer` header, and every announced one must come.
 * A trailer never replaces or adds any other header (the signature covers the headers, not the trailers).
 */
export function withTrailers(headers: Readonly<Record<string, string>>, trailers: Readonly<Record<string, string>>): Record<string, string> {
  const announced = (headers['x-amz-trailer'] ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (announced.some((name) => !name.startsWith('x-amz-checksum-'))) {
    throw new AwsError('InvalidRequest', 'The value specified in the x-amz-trailer header is not supported');
  }
  const names = Object.keys(trailers);
  const fits = names.length === announced.length && names.every((name) => announced.includes(name) && !Object.hasOwn(headers, name));
  if (!fits) throw new AwsError('MalformedTrailerError', MALFORMED_TRAILER);
  return Object.assign(Object.create(null), headers, trailers);
}

/** Whether a request's body is `aws-chunked` (by `Content-Encoding` or a `STREAMING-…` payload hash). */
export function isAwsChunked(headers: Record<string, string>): boolean {
  const encoding = (headers['content-encoding'] ?? '').toLowerCase();
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
}

/**
 * Decodes `<hex>[;chunk-signature=…]\r\n<data>\r\n … 0[;…]\r\n[<trailer>:<value>\r\n]*\r\n`, as SDK v3
 * (unsigned, with a trailing checksum) and signed streaming uploads frame it. Chunk signatures are not checked.
 */
export function decodeAwsChunked(raw: Buffer): DecodedChunks {
  const malformed = () => new AwsError('IncompleteBody', 'The request body is not valid aws-chunked encoding');
  const malformedTrailer = () => new AwsError('MalformedTrailerError', MALFORMED_TRAILER);
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = Object.create(null);
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw malformed();
    const header = raw.subarray(pos, eol).toString('latin1');
    const sizeHex = header.split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeHex)) throw malformed();
    const size = parseInt(sizeHex, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > raw.length || raw[pos + size] !== 0x0d || raw[pos + size + 1] !== 0x0a) throw malformed();
    parts.push(raw.subarray(pos, pos + size));
    pos += size + 2;
  }
  // trailers until an empty line or the end
  while (pos < raw.length) {
    let eol = raw.indexOf('\r\n', pos);
    if (eol < 0) eol = raw.length;
    const line = raw.subarray(pos, eol).toString('latin1');
    pos = eol + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    if (Object.hasOwn(trailers, name)) throw malformedTrailer();
    trailers[name] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}
