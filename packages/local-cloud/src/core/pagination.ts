import { AwsError } from './aws-error';

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
