import { AwsError } from './aws-error';

/**
 * Pagination tokens local-cloud hands out. They are opaque to clients, as AWS's are; two schemes serve every
 * list so far (and KMS's `Limit`/`Marker` below): the name of the last item shown (lists ordered by name: Lambda's ListFunctions `Marker`, Logs'
 * DescribeLogGroups `nextToken`), and an offset into a list (Logs' DescribeLogStreams). Each service keeps its
 * own words for a bad token (`invalid`).
 */

/** The token of a page that ends with the item named `name`: the next page starts after it. */
export const encodeNameToken = (name: string): string => Buffer.from(name, 'utf8').toString('base64url');

/**
 * The name a token of {@link encodeNameToken} carries. `valid`: what a name of this list looks like; a token
 * that decodes to anything else fails with `invalid()`.
 */
export function decodeNameToken(token: string, valid: RegExp, invalid: () => AwsError): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (!valid.test(name)) throw invalid();
  return name;
}

/** The token of a page that ends before item `offset` of the list. */
export const encodeOffsetToken = (offset: number): string => Buffer.from(`o${offset}`, 'utf8').toString('base64url');

/** The offset a token of {@link encodeOffsetToken} carries; anything else fails with `invalid()`. */
export function decodeOffsetToken(token: string, invalid: () => AwsError): number {
  const m = /^o(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalid();
  return Number(m[1]);
}

/**
 * `Limit`/`Marker` paging (KMS's list operations) over an already ordered list: the marker is the next item's
 * position; a marker this server did not hand out is AWS's InvalidMarkerException.
 */
export function markerPage<T>(
  items: readonly T[],
  limit: number,
  marker: string | undefined,
): { items: T[]; nextMarker?: string; truncated: boolean } {
  let start = 0;
  if (marker !== undefined) {
    const decoded = /^[0-9]+$/.test(marker) ? Number(marker) : NaN;
    if (!Number.isSafeInteger(decoded) || decoded > items.length) {
      throw new AwsError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
    }
    start = decoded;
  }
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return { items: slice, truncated, nextMarker: truncated ? String(start + limit) : undefined };
}
