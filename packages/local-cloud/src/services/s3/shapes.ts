import { createHash } from 'node:crypto';
import type { ListedObject } from './object-store';

/** The canonical user every bucket and object belongs to. */
export const OWNER = { ID: createHash('sha256').update('local-cloud').digest('hex'), DisplayName: 'local-cloud' };

/** `Contents` of ListObjects / ListObjectsV2 (keys encoded as the request asked; the owner with FetchOwner / v1). */
export const contentsShape = (rows: readonly ListedObject[], encode: (s: string) => string, owner: boolean) =>
  rows.map((o) => ({
    Key: encode(o.key),
    LastModified: new Date(o.last_modified),
    ETag: o.etag,
    Size: o.size,
    StorageClass: 'STANDARD',
    Owner: owner ? OWNER : undefined,
  }));

/** `CommonPrefixes` of a listing. */
export const commonPrefixesShape = (prefixes: readonly string[], encode: (s: string) => string) => prefixes.map((cp) => ({ Prefix: encode(cp) }));
