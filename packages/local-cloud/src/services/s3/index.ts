import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import { percentDecode } from '../../core/http';
import { InputReader } from '../../core/input';
import type { AwsService, CallContext, Operation, ServiceDeps } from '../../core/service';
import { xmlList } from '../../protocols/xml';
import { CHECKSUM_MEMBERS, CHECKSUM_NAMES, type ChecksumName, verifyChecksums } from './checksums';
import { S3_ROUTES, S3_XML_HINTS } from './routes';

interface BucketRow {
  name: string;
  region: string;
  created_at: number;
  encryption: string | null;
}

interface ObjectRow {
  bucket: string;
  key: string;
  body: Buffer;
  size: number;
  etag: string;
  headers: string;
  metadata: string;
  checksums: string;
  last_modified: number;
}

/** The bucket `cdk bootstrap` creates for assets; local-cloud starts with it in every region it serves. */
export const cdkAssetsBucket = (accountId: string, region: string): string => `cdk-hnb659fds-assets-${accountId}-${region}`;

/** The canonical user every bucket and object belongs to. */
const OWNER = { ID: createHash('sha256').update('local-cloud').digest('hex'), DisplayName: 'local-cloud' };
const STORED_HEADERS = ['ContentType', 'ContentEncoding', 'ContentDisposition', 'ContentLanguage', 'CacheControl', 'Expires'] as const;
const MAX_KEY_BYTES = 1024;

const invalidArgument = (message: string) => new AwsError('InvalidArgument', message);
const noSuchBucket = (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: bucket } });
const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: key } });

/**
 * S3 (restXml, path-style): buckets and objects with their bytes in SQLite, flexible checksums verified,
 * ListObjects v1/v2 with delimiters and url encoding, batch delete, copy, default bucket encryption.
 * Buckets are global: one namespace, each remembering its region.
 */
export function createS3Service(deps: ServiceDeps): AwsService {
  const { store } = deps;
  store.migrate('s3/001-buckets-objects', `
    CREATE TABLE s3_buckets (
      name TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      encryption TEXT
    );
    CREATE TABLE s3_objects (
      bucket TEXT NOT NULL,
      key TEXT NOT NULL,
      body BLOB NOT NULL,
      size INTEGER NOT NULL,
      etag TEXT NOT NULL,
      headers TEXT NOT NULL,
      metadata TEXT NOT NULL,
      checksums TEXT NOT NULL,
      last_modified INTEGER NOT NULL,
      PRIMARY KEY (bucket, key)
    );
  `);
  const db = store.db;
  const selectBucket = db.prepare<[string], BucketRow>('SELECT * FROM s3_buckets WHERE name = ?');
  const selectObject = db.prepare<[string, string], ObjectRow>('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?');
  const insertBucket = db.prepare('INSERT OR IGNORE INTO s3_buckets (name, region, created_at, encryption) VALUES (?, ?, ?, NULL)');
  const upsertObject = db.prepare(`INSERT INTO s3_objects (bucket, key, body, size, etag, headers, metadata, checksums, last_modified)
    VALUES (@bucket, @key, @body, @size, @etag, @headers, @metadata, @checksums, @last_modified)
    ON CONFLICT (bucket, key) DO UPDATE SET body = excluded.body, size = excluded.size, etag = excluded.etag, headers = excluded.headers,
      metadata = excluded.metadata, checksums = excluded.checksums, last_modified = excluded.last_modified`);
  const deleteObject = db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?');

  const reader = (input: Record<string, unknown>) => new InputReader(input, invalidArgument);
  const requireBucket = (name: string): BucketRow => {
    const row = selectBucket.get(name);
    if (!row) throw noSuchBucket(name);
    return row;
  };
  const bucketOf = (input: Record<string, unknown>) => requireBucket(reader(input).string('Bucket', { required: true }));
  const keyOf = (input: Record<string, unknown>) => {
    const key = reader(input).string('Key', { required: true });
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new AwsError('KeyTooLongError', 'Your key is too long', { fields: { Key: key.slice(0, 100) } });
    return key;
  };
  const requireObject = (bucket: string, key: string): ObjectRow => {
    const row = selectObject.get(bucket, key);
    if (!row) throw noSuchKey(key);
    return row;
  };

  const storeObject = (bucket: string, key: string, body: Buffer, headers: Record<string, string>, metadata: Record<string, string>, checksums: Partial<Record<ChecksumName, string>>) => {
    const row: ObjectRow = {
      bucket, key, body, size: body.length,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      headers: JSON.stringify(headers),
      metadata: JSON.stringify(metadata),
      checksums: JSON.stringify(checksums),
      last_modified: Date.now(),
    };
    upsertObject.run(row);
    return row;
  };

  const objectHeadersFrom = (input: Record<string, unknown>): Record<string, string> => {
    const headers: Record<string, string> = {};
    for (const member of STORED_HEADERS) {
      const value = input[member];
      if (typeof value === 'string' && value !== '') headers[member] = value;
    }
    return headers;
  };

  /** GetObject and HeadObject: conditions, range, headers. */
  const readObject = (input: Record<string, unknown>, withBody: boolean) => {
    const bucket = bucketOf(input);
    const key = keyOf(input);
    const r = reader(input);
    const row = requireObject(bucket.name, key);
    const lastModified = new Date(Math.floor(row.last_modified / 1000) * 1000);
    const ifMatch = r.string('IfMatch');
    const ifNoneMatch = r.string('IfNoneMatch');
    const ifModifiedSince = input.IfModifiedSince instanceof Date ? input.IfModifiedSince : undefined;
    const ifUnmodifiedSince = input.IfUnmodifiedSince instanceof Date ? input.IfUnmodifiedSince : undefined;
    const etagMatches = (list: string) => list.split(',').map((e) => e.trim()).some((e) => e === '*' || e === row.etag || `"${e}"` === row.etag);
    const failed = (condition: string) => new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { status: 412, fields: { Condition: condition } });
    const notModified = () => new AwsError('NotModified', 'Not Modified', { status: 304, headers: { etag: row.etag, 'last-modified': lastModified.toUTCString() } });
    if (ifMatch !== undefined && !etagMatches(ifMatch)) throw failed('If-Match');
    if (ifMatch === undefined && ifUnmodifiedSince && lastModified > ifUnmodifiedSince) throw failed('If-Unmodified-Since');
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch)) throw notModified();
    if (ifNoneMatch === undefined && ifModifiedSince && lastModified <= ifModifiedSince) throw notModified();

    const headers = JSON.parse(row.headers) as Record<string, string>;
    let body = row.body;
    let status = 200;
    let contentRange: string | undefined;
    const range = r.string('Range');
    const parsed = range !== undefined ? parseRange(range, row.size) : undefined;
    if (parsed === 'unsatisfiable') {
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', { status: 416, fields: { RangeRequested: range!, ActualObjectSize: String(row.size) }, headers: { 'content-range': `bytes */${row.size}` } });
    }
    if (parsed) {
      body = row.body.subarray(parsed.start, parsed.end + 1);
      status = 206;
      contentRange = `bytes ${parsed.start}-${parsed.end}/${row.size}`;
    }
    const checksums: Record<string, string> = {};
    if (r.string('ChecksumMode') === 'ENABLED' && !parsed) {
      for (const [name, value] of Object.entries(JSON.parse(row.checksums) as Record<string, string>)) checksums[CHECKSUM_MEMBERS[name as ChecksumName]] = value;
    }
    return {
      StatusCode: status,
      Body: withBody ? body : undefined,
      ContentLength: body.length,
      ContentRange: contentRange,
      AcceptRanges: 'bytes',
      ETag: row.etag,
      LastModified: lastModified,
      ContentType: r.string('ResponseContentType') ?? headers.ContentType ?? 'binary/octet-stream',
      ContentEncoding: r.string('ResponseContentEncoding') ?? headers.ContentEncoding,
      ContentDisposition: r.string('ResponseContentDisposition') ?? headers.ContentDisposition,
      ContentLanguage: r.string('ResponseContentLanguage') ?? headers.ContentLanguage,
      CacheControl: r.string('ResponseCacheControl') ?? headers.CacheControl,
      Expires: r.string('ResponseExpires') ?? headers.Expires,
      Metadata: JSON.parse(row.metadata) as Record<string, string>,
      ...checksums,
      ChecksumType: Object.keys(checksums).length > 0 ? 'FULL_OBJECT' : undefined,
      ServerSideEncryption: 'AES256',
    };
  };

  /** Lists a bucket's keys in UTF-8 byte order (SQLite's), grouping by delimiter. */
  const listKeys = (bucket: string, opts: { prefix: string; delimiter?: string; after?: string; skipPrefix?: string; max: number }) => {
    const rows = db.prepare<[string, string, string], Pick<ObjectRow, 'key' | 'size' | 'etag' | 'last_modified'>>(
      'SELECT key, size, etag, last_modified FROM s3_objects WHERE bucket = ? AND key >= ? AND key > ? ORDER BY key',
    ).iterate(bucket, opts.prefix, opts.after ?? '');
    const contents: Array<Pick<ObjectRow, 'key' | 'size' | 'etag' | 'last_modified'>> = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last: { k: string; cp: boolean } | undefined;
    for (const row of rows) {
      // keys sharing a prefix are contiguous in byte order: past them, stop
      if (!row.key.startsWith(opts.prefix)) break;
      if (opts.skipPrefix !== undefined && row.key.startsWith(opts.skipPrefix)) continue;
      let commonPrefix: string | undefined;
      if (opts.delimiter) {
        const at = row.key.indexOf(opts.delimiter, opts.prefix.length);
        if (at >= 0) commonPrefix = row.key.slice(0, at + opts.delimiter.length);
      }
      if (commonPrefix !== undefined && prefixes[prefixes.length - 1] === commonPrefix) continue;
      if (contents.length + prefixes.length >= opts.max) {
        truncated = opts.max > 0;
        break;
      }
      if (commonPrefix !== undefined) {
        prefixes.push(commonPrefix);
        last = { k: commonPrefix, cp: true };
      } else {
        contents.push(row);
        last = { k: row.key, cp: false };
      }
    }
    return { contents, prefixes, truncated, last };
  };

  const listParams = (input: Record<string, unknown>) => {
    const r = reader(input);
    const encodingType = r.string('EncodingType');
    if (encodingType !== undefined && encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request');
    const maxKeys = r.integer('MaxKeys') ?? 1000;
    if (maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range');
    const delimiter = r.string('Delimiter');
    return {
      prefix: r.string('Prefix') ?? '',
      delimiter: delimiter === '' ? undefined : delimiter,
      max: Math.min(maxKeys, 1000),
      maxKeys,
      encode: encodingType === 'url' ? (s: string) => encodeURIComponent(s).replace(/%2F/g, '/') : (s: string) => s,
      encodingType,
    };
  };

  const contentsShape = (rows: Array<Pick<ObjectRow, 'key' | 'size' | 'etag' | 'last_modified'>>, encode: (s: string) => string, owner: boolean) =>
    rows.map((o) => ({
      Key: encode(o.key),
      LastModified: new Date(o.last_modified),
      ETag: o.etag,
      Size: o.size,
      StorageClass: 'STANDARD',
      Owner: owner ? OWNER : undefined,
    }));

  const operations: Record<string, Operation> = {
    ListBuckets: (input) => {
      const r = reader(input);
      const prefix = r.string('Prefix') ?? '';
      const region = r.string('BucketRegion');
      const max = r.integer('MaxBuckets', { min: 1, max: 10000 });
      const token = r.string('ContinuationToken');
      const after = token ? Buffer.from(token, 'base64url').toString('utf8') : '';
      const rows = db.prepare<[string], BucketRow>('SELECT * FROM s3_buckets WHERE name > ? ORDER BY name').all(after)
        .filter((b) => b.name.startsWith(prefix) && (region === undefined || b.region === region));
      const page = max !== undefined ? rows.slice(0, max) : rows;
      const truncated = page.length < rows.length;
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created_at), BucketRegion: b.region })),
        Owner: OWNER,
        Prefix: r.has('Prefix') ? prefix : undefined,
        ContinuationToken: truncated ? Buffer.from(page[page.length - 1].name).toString('base64url') : undefined,
      };
    },

    CreateBucket: (input, ctx: CallContext) => {
      const r = reader(input);
      const name = r.string('Bucket', { required: true });
      if (!validBucketName(name)) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { fields: { BucketName: name } });
      const config = r.structure('CreateBucketConfiguration');
      const constraint = config && typeof config.LocationConstraint === 'string' ? config.LocationConstraint : undefined;
      const region = constraint === undefined || constraint === '' ? ctx.region : constraint === 'EU' ? 'eu-west-1' : constraint;
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', { fields: { LocationConstraint: region } });
      }
      return store.transaction(() => {
        if (selectBucket.get(name)) throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { status: 409, fields: { BucketName: name } });
        insertBucket.run(name, region, Date.now());
        return { Location: `/${name}` };
      });
    },

    HeadBucket: (input) => {
      const bucket = bucketOf(input);
      return { BucketRegion: bucket.region, AccessPointAlias: 'false' };
    },

    DeleteBucket: (input) => {
      const bucket = bucketOf(input);
      return store.transaction(() => {
        if (db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(bucket.name)) {
          throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { status: 409, fields: { BucketName: bucket.name } });
        }
        db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(bucket.name);
        return undefined;
      });
    },

    GetBucketLocation: (input) => {
      const bucket = bucketOf(input);
      return { LocationConstraint: bucket.region === 'us-east-1' ? '' : bucket.region };
    },

    GetBucketEncryption: (input) => {
      const bucket = bucketOf(input);
      if (!bucket.encryption) {
        throw new AwsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', { status: 404, fields: { BucketName: bucket.name } });
      }
      return { ServerSideEncryptionConfiguration: { Rules: JSON.parse(bucket.encryption) } };
    },

    PutBucketEncryption: (input) => {
      const bucket = bucketOf(input);
      const config = reader(input).structure('ServerSideEncryptionConfiguration');
      const malformed = () => new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
      const rules = xmlList<Record<string, unknown>>(config?.Rule).map((rule) => {
        if (!rule || typeof rule !== 'object') throw malformed();
        const byDefault = rule.ApplyServerSideEncryptionByDefault as Record<string, unknown> | undefined;
        const algorithm = byDefault && typeof byDefault === 'object' ? byDefault.SSEAlgorithm : undefined;
        if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') throw malformed();
        const keyId = typeof byDefault!.KMSMasterKeyID === 'string' ? byDefault!.KMSMasterKeyID : undefined;
        if (keyId !== undefined && algorithm === 'AES256') throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse');
        return {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm, KMSMasterKeyID: keyId },
          BucketKeyEnabled: rule.BucketKeyEnabled === undefined ? undefined : rule.BucketKeyEnabled === 'true',
        };
      });
      if (rules.length !== 1) throw malformed();
      db.prepare('UPDATE s3_buckets SET encryption = ? WHERE name = ?').run(JSON.stringify(rules), bucket.name);
      return undefined;
    },

    DeleteBucketEncryption: (input) => {
      const bucket = bucketOf(input);
      db.prepare('UPDATE s3_buckets SET encryption = NULL WHERE name = ?').run(bucket.name);
      return undefined;
    },

    PutObject: (input) => {
      const bucket = bucketOf(input);
      const key = keyOf(input);
      const body = Buffer.isBuffer(input.Body) ? input.Body : Buffer.alloc(0);
      const r = reader(input);
      const declared: Partial<Record<ChecksumName, string>> = {};
      for (const name of CHECKSUM_NAMES) {
        const value = r.string(CHECKSUM_MEMBERS[name]);
        if (value !== undefined) declared[name] = value;
      }
      const checksums = verifyChecksums(body, { contentMd5: r.string('ContentMD5'), checksums: declared });
      const metadata = (r.structure('Metadata') ?? {}) as Record<string, string>;
      const row = storeObject(bucket.name, key, body, objectHeadersFrom(input), metadata, checksums);
      const echoed: Record<string, string> = {};
      for (const [name, value] of Object.entries(checksums)) echoed[CHECKSUM_MEMBERS[name as ChecksumName]] = value;
      return { ETag: row.etag, ...echoed, ChecksumType: Object.keys(echoed).length > 0 ? 'FULL_OBJECT' : undefined, ServerSideEncryption: 'AES256' };
    },

    CopyObject: (input) => {
      const bucket = bucketOf(input);
      const key = keyOf(input);
      const r = reader(input);
      const source = percentDecode(r.string('CopySource', { required: true }).split('?')[0]).replace(/^\//, '');
      const slash = source.indexOf('/');
      if (slash <= 0 || slash === source.length - 1) throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
      const from = requireObject(requireBucket(source.slice(0, slash)).name, source.slice(slash + 1));
      const directive = r.string('MetadataDirective') ?? 'COPY';
      if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.');
      const replace = directive === 'REPLACE';
      const row = storeObject(
        bucket.name, key, from.body,
        replace ? objectHeadersFrom(input) : JSON.parse(from.headers),
        replace ? ((r.structure('Metadata') ?? {}) as Record<string, string>) : JSON.parse(from.metadata),
        JSON.parse(from.checksums),
      );
      return { CopyObjectResult: { ETag: row.etag, LastModified: new Date(row.last_modified) } };
    },

    GetObject: (input) => readObject(input, true),
    HeadObject: (input) => readObject(input, false),

    DeleteObject: (input) => {
      const bucket = bucketOf(input);
      deleteObject.run(bucket.name, keyOf(input));
      return undefined;
    },

    DeleteObjects: (input) => {
      const bucket = bucketOf(input);
      const r = reader(input);
      const declared: Partial<Record<ChecksumName, string>> = {};
      for (const name of CHECKSUM_NAMES) {
        const value = r.string(CHECKSUM_MEMBERS[name]);
        if (value !== undefined) declared[name] = value;
      }
      const malformed = () => new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
      const request = r.structure('Delete');
      if (!request) throw malformed();
      const objects = xmlList<Record<string, unknown>>(request.Object);
      if (objects.length === 0 || objects.length > 1000) throw malformed();
      const quiet = request.Quiet === 'true';
      const deleted: Array<{ Key: string }> = [];
      const errors: Array<{ Key: string; Code: string; Message: string }> = [];
      store.transaction(() => {
        for (const o of objects) {
          const key = o && typeof o === 'object' ? o.Key : undefined;
          if (typeof key !== 'string' || key === '') throw malformed();
          if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
            errors.push({ Key: key, Code: 'KeyTooLongError', Message: 'Your key is too long' });
            continue;
          }
          deleteObject.run(bucket.name, key);
          if (!quiet) deleted.push({ Key: key });
        }
      });
      return { Deleted: deleted, Errors: errors };
    },

    ListObjectsV2: (input) => {
      const bucket = bucketOf(input);
      const r = reader(input);
      const p = listParams(input);
      const token = r.string('ContinuationToken');
      const startAfter = r.string('StartAfter');
      let after = startAfter;
      let skipPrefix: string | undefined;
      if (token !== undefined) {
        const decoded = decodeToken(token);
        after = decoded.k;
        if (decoded.cp) skipPrefix = decoded.k;
      }
      const list = listKeys(bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after, skipPrefix, max: p.max });
      return {
        Name: bucket.name,
        Prefix: p.encode(p.prefix),
        Delimiter: p.delimiter !== undefined ? p.encode(p.delimiter) : undefined,
        MaxKeys: p.maxKeys,
        EncodingType: p.encodingType,
        KeyCount: list.contents.length + list.prefixes.length,
        IsTruncated: list.truncated,
        ContinuationToken: token,
        NextContinuationToken: list.truncated && list.last ? Buffer.from(JSON.stringify(list.last)).toString('base64url') : undefined,
        StartAfter: startAfter !== undefined ? p.encode(startAfter) : undefined,
        Contents: contentsShape(list.contents, p.encode, r.boolean('FetchOwner') ?? false),
        CommonPrefixes: list.prefixes.map((cp) => ({ Prefix: p.encode(cp) })),
      };
    },

    ListObjects: (input) => {
      const bucket = bucketOf(input);
      const r = reader(input);
      const p = listParams(input);
      const marker = r.string('Marker');
      const isPrefixMarker = marker !== undefined && p.delimiter !== undefined && marker.startsWith(p.prefix) && marker.endsWith(p.delimiter);
      const list = listKeys(bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after: marker, skipPrefix: isPrefixMarker ? marker : undefined, max: p.max });
      return {
        Name: bucket.name,
        Prefix: p.encode(p.prefix),
        Marker: p.encode(marker ?? ''),
        Delimiter: p.delimiter !== undefined ? p.encode(p.delimiter) : undefined,
        MaxKeys: p.maxKeys,
        EncodingType: p.encodingType,
        IsTruncated: list.truncated,
        NextMarker: list.truncated && list.last ? p.encode(list.last.k) : undefined,
        Contents: contentsShape(list.contents, p.encode, true),
        CommonPrefixes: list.prefixes.map((cp) => ({ Prefix: p.encode(cp) })),
      };
    },
  };

  return {
    signingName: 's3',
    protocol: 'restXml',
    xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
    operations,
    routes: S3_ROUTES,
    xmlHints: S3_XML_HINTS,
    onRegion(region, accountId) {
      insertBucket.run(cdkAssetsBucket(accountId, region), region, Date.now());
    },
  };
}

function decodeToken(token: string): { k: string; cp: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed.k === 'string' && typeof parsed.cp === 'boolean') return parsed;
  } catch {
    // fall through
  }
  throw invalidArgument('The continuation token provided is incorrect');
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; anything else (several ranges, other units) is ignored as S3 does. */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** S3's bucket naming rules (general purpose buckets). */
function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)
    && !name.includes('..')
    && !/^\d+\.\d+\.\d+\.\d+$/.test(name)
    && !name.startsWith('xn--')
    && !name.startsWith('sthree-')
    && !name.endsWith('-s3alias')
    && !name.endsWith('--ol-s3');
}
