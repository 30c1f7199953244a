import type {
  CopyObjectRequest,
  CreateBucketRequest,
  DeleteObjectsRequest,
  GetObjectRequest,
  ListBucketsRequest,
  ListObjectsRequest,
  ListObjectsV2Request,
  PutBucketEncryptionRequest,
  PutObjectRequest,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../core/aws-error';
import { percentDecode } from '../../core/http';
import { InputReader } from '../../core/input';
import { decodeNameToken, encodeNameToken } from '../../core/pagination';
import type { Scope } from '../../core/scope';
import type { Store } from '../../store/store';
import { xmlList } from '../../protocols/xml';
import { CHECKSUM_MEMBERS, CHECKSUM_NAMES, type ChecksumName, verifyChecksums } from './checksums';
import { invalidArgument, keyTooLong, malformedXml, noSuchBucket, noSuchKey } from './errors';
import { ObjectStore, type BucketRow, type ObjectRow } from './object-store';
import { commonPrefixesShape, contentsShape, OWNER } from './shapes';

/** The bucket `cdk bootstrap` creates for assets; local-cloud starts with it in every region it serves. */
export const cdkAssetsBucket = (accountId: string, region: string): string => `cdk-hnb659fds-assets-${accountId}-${region}`;

const STORED_HEADERS = ['ContentType', 'ContentEncoding', 'ContentDisposition', 'ContentLanguage', 'CacheControl', 'Expires'] as const;
const MAX_KEY_BYTES = 1024;
const ANY_NAME = /^[^]*$/;

/** PutObject as the restXml codec decodes it: the body is the bytes received (the SDK's type is a stream). */
export type PutObjectInput = Omit<PutObjectRequest, 'Body'> & { Body?: Buffer };

/** A request's members as the input readers take them (the SDK's request types have no index signature). */
type Members = Record<string, unknown>;
const members = (input: object): Members => input as Members;
const reader = (input: object) => new InputReader(members(input), invalidArgument);

/**
 * S3's domain: buckets and objects (`ObjectStore`), flexible checksums verified, conditional and ranged reads,
 * listings v1/v2 with delimiters and url encoding, batch delete, copy, default bucket encryption. What the
 * operations, Lambda (code from S3), CloudFormation (TemplateURL) and tests call; refusals are S3's `AwsError`s.
 * Input arrives as the AWS SDK v3 request types, as the restXml codec decoded them.
 */
export class S3Backend {
  private readonly objects: ObjectStore;

  constructor(store: Store) {
    this.objects = new ObjectStore(store);
  }

  /** What a region starts with: the CDK's assets bucket. */
  public addRegion(scope: Scope): void {
    this.objects.addBucket(cdkAssetsBucket(scope.accountId, scope.region), scope.region);
  }

  /** An object's bytes, for in-process readers (Lambda's code, CloudFormation's TemplateURL). @throws NoSuchBucket, NoSuchKey */
  public getObjectBody(bucket: string, key: string): Buffer {
    return this.requireObject(this.requireBucket(bucket).name, key).body;
  }

  // ---------- buckets ----------

  public listBuckets(input: ListBucketsRequest) {
    const r = reader(input);
    const prefix = r.string('Prefix') ?? '';
    const region = r.string('BucketRegion');
    const max = r.integer('MaxBuckets', { min: 1, max: 10000 });
    const token = r.string('ContinuationToken');
    // any text is a token: it decodes to the name the page starts after, as before
    const after = token ? decodeNameToken(token, ANY_NAME, () => invalidArgument('The continuation token provided is incorrect')) : '';
    const rows = this.objects.bucketsAfter(after).filter((b) => b.name.startsWith(prefix) && (region === undefined || b.region === region));
    const page = max !== undefined ? rows.slice(0, max) : rows;
    const truncated = page.length < rows.length;
    return {
      Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created_at), BucketRegion: b.region })),
      Owner: OWNER,
      Prefix: r.has('Prefix') ? prefix : undefined,
      ContinuationToken: truncated ? encodeNameToken(page[page.length - 1].name) : undefined,
    };
  }

  /** Creates a bucket in the LocationConstraint's region, else the call's. */
  public createBucket(input: CreateBucketRequest, scope: Scope): { Location: string } {
    const r = reader(input);
    const name = r.string('Bucket', { required: true });
    if (!validBucketName(name)) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { fields: { BucketName: name } });
    const config = r.structure('CreateBucketConfiguration');
    const constraint = config && typeof config.LocationConstraint === 'string' ? config.LocationConstraint : undefined;
    const region = constraint === undefined || constraint === '' ? scope.region : constraint === 'EU' ? 'eu-west-1' : constraint;
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', { fields: { LocationConstraint: region } });
    }
    return this.objects.transaction(() => {
      if (this.objects.bucket(name)) {
        throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
          status: 409,
          fields: { BucketName: name },
        });
      }
      this.objects.addBucket(name, region);
      return { Location: `/${name}` };
    });
  }

  public headBucket(input: { Bucket?: string }) {
    return { BucketRegion: this.bucketOf(input).region, AccessPointAlias: 'false' };
  }

  public deleteBucket(input: { Bucket?: string }): void {
    const bucket = this.bucketOf(input);
    this.objects.transaction(() => {
      if (this.objects.bucketHasObjects(bucket.name)) {
        throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { status: 409, fields: { BucketName: bucket.name } });
      }
      this.objects.deleteBucket(bucket.name);
    });
  }

  public getBucketLocation(input: { Bucket?: string }) {
    const bucket = this.bucketOf(input);
    return { LocationConstraint: bucket.region === 'us-east-1' ? '' : bucket.region };
  }

  public getBucketEncryption(input: { Bucket?: string }) {
    const bucket = this.bucketOf(input);
    if (!bucket.encryption) {
      throw new AwsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', {
        status: 404,
        fields: { BucketName: bucket.name },
      });
    }
    return { ServerSideEncryptionConfiguration: { Rules: JSON.parse(bucket.encryption) as unknown[] } };
  }

  public putBucketEncryption(input: PutBucketEncryptionRequest): void {
    const bucket = this.bucketOf(input);
    const config = reader(input).structure('ServerSideEncryptionConfiguration');
    const rules = xmlList<Record<string, unknown>>(config?.Rule).map((rule) => {
      if (!rule || typeof rule !== 'object') throw malformedXml();
      const byDefault = rule.ApplyServerSideEncryptionByDefault as Record<string, unknown> | undefined;
      const algorithm = byDefault && typeof byDefault === 'object' ? byDefault.SSEAlgorithm : undefined;
      if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') throw malformedXml();
      const keyId = typeof byDefault!.KMSMasterKeyID === 'string' ? byDefault!.KMSMasterKeyID : undefined;
      if (keyId !== undefined && algorithm === 'AES256') throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse');
      return {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm, KMSMasterKeyID: keyId },
        BucketKeyEnabled: rule.BucketKeyEnabled === undefined ? undefined : rule.BucketKeyEnabled === 'true',
      };
    });
    if (rules.length !== 1) throw malformedXml();
    this.objects.setEncryption(bucket.name, JSON.stringify(rules));
  }

  public deleteBucketEncryption(input: { Bucket?: string }): void {
    this.objects.setEncryption(this.bucketOf(input).name, null);
  }

  // ---------- objects ----------

  public putObject(input: PutObjectInput) {
    const bucket = this.bucketOf(input);
    const key = this.keyOf(input);
    const raw: unknown = input.Body;
    const body = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    const r = reader(input);
    const checksums = verifyChecksums(body, { contentMd5: r.string('ContentMD5'), checksums: declaredChecksums(r) });
    const metadata = (r.structure('Metadata') ?? {}) as Record<string, string>;
    const row = this.objects.putObject(bucket.name, key, body, objectHeadersFrom(members(input)), metadata, checksums);
    const echoed: Record<string, string> = {};
    for (const [name, value] of Object.entries(checksums)) echoed[CHECKSUM_MEMBERS[name as ChecksumName]] = value;
    return { ETag: row.etag, ...echoed, ChecksumType: Object.keys(echoed).length > 0 ? 'FULL_OBJECT' : undefined, ServerSideEncryption: 'AES256' };
  }

  public copyObject(input: CopyObjectRequest) {
    const bucket = this.bucketOf(input);
    const key = this.keyOf(input);
    const r = reader(input);
    const source = percentDecode(r.string('CopySource', { required: true }).split('?')[0]).replace(/^\//, '');
    const slash = source.indexOf('/');
    if (slash <= 0 || slash === source.length - 1) throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
    const from = this.requireObject(this.requireBucket(source.slice(0, slash)).name, source.slice(slash + 1));
    const directive = r.string('MetadataDirective') ?? 'COPY';
    if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.');
    const replace = directive === 'REPLACE';
    const row = this.objects.putObject(
      bucket.name,
      key,
      from.body,
      replace ? objectHeadersFrom(members(input)) : (JSON.parse(from.headers) as Record<string, string>),
      replace ? ((r.structure('Metadata') ?? {}) as Record<string, string>) : (JSON.parse(from.metadata) as Record<string, string>),
      JSON.parse(from.checksums) as Partial<Record<ChecksumName, string>>,
    );
    return { CopyObjectResult: { ETag: row.etag, LastModified: new Date(row.last_modified) } };
  }

  /** GetObject (`withBody`) and HeadObject: conditions, range, headers. */
  public getObject(input: GetObjectRequest, withBody: boolean) {
    const bucket = this.bucketOf(input);
    const key = this.keyOf(input);
    const r = reader(input);
    const row = this.requireObject(bucket.name, key);
    const lastModified = new Date(Math.floor(row.last_modified / 1000) * 1000);
    const ifMatch = r.string('IfMatch');
    const ifNoneMatch = r.string('IfNoneMatch');
    const ifModifiedSince = input.IfModifiedSince instanceof Date ? input.IfModifiedSince : undefined;
    const ifUnmodifiedSince = input.IfUnmodifiedSince instanceof Date ? input.IfUnmodifiedSince : undefined;
    const etagMatches = (list: string) =>
      list
        .split(',')
        .map((e) => e.trim())
        .some((e) => e === '*' || e === row.etag || `"${e}"` === row.etag);
    const failed = (condition: string) =>
      new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { status: 412, fields: { Condition: condition } });
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
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', {
        status: 416,
        fields: { RangeRequested: range!, ActualObjectSize: String(row.size) },
        headers: { 'content-range': `bytes */${row.size}` },
      });
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
  }

  public deleteObject(input: { Bucket?: string; Key?: string }): void {
    const bucket = this.bucketOf(input);
    this.objects.deleteObject(bucket.name, this.keyOf(input));
  }

  public deleteObjects(input: DeleteObjectsRequest) {
    const bucket = this.bucketOf(input);
    const r = reader(input);
    // a checksum member that is not a string fails as InvalidArgument, as before
    declaredChecksums(r);
    const request = r.structure('Delete');
    if (!request) throw malformedXml();
    const objects = xmlList<Record<string, unknown>>(request.Object);
    if (objects.length === 0 || objects.length > 1000) throw malformedXml();
    const quiet = request.Quiet === 'true';
    const deleted: Array<{ Key: string }> = [];
    const errors: Array<{ Key: string; Code: string; Message: string }> = [];
    this.objects.transaction(() => {
      for (const o of objects) {
        const key = o && typeof o === 'object' ? o.Key : undefined;
        if (typeof key !== 'string' || key === '') throw malformedXml();
        if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
          errors.push({ Key: key, Code: 'KeyTooLongError', Message: 'Your key is too long' });
          continue;
        }
        this.objects.deleteObject(bucket.name, key);
        if (!quiet) deleted.push({ Key: key });
      }
    });
    return { Deleted: deleted, Errors: errors };
  }

  public listObjectsV2(input: ListObjectsV2Request) {
    const bucket = this.bucketOf(input);
    const r = reader(input);
    const p = listParams(input);
    const token = r.string('ContinuationToken');
    const startAfter = r.string('StartAfter');
    let after = startAfter;
    let skipPrefix: string | undefined;
    if (token !== undefined) {
      const decoded = decodeContinuationToken(token);
      after = decoded.k;
      if (decoded.cp) skipPrefix = decoded.k;
    }
    const list = this.objects.listKeys(bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after, skipPrefix, max: p.max });
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
      CommonPrefixes: commonPrefixesShape(list.prefixes, p.encode),
    };
  }

  public listObjects(input: ListObjectsRequest) {
    const bucket = this.bucketOf(input);
    const r = reader(input);
    const p = listParams(input);
    const marker = r.string('Marker');
    const isPrefixMarker = marker !== undefined && p.delimiter !== undefined && marker.startsWith(p.prefix) && marker.endsWith(p.delimiter);
    const list = this.objects.listKeys(bucket.name, { prefix: p.prefix, delimiter: p.delimiter, after: marker, skipPrefix: isPrefixMarker ? marker : undefined, max: p.max });
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
      CommonPrefixes: commonPrefixesShape(list.prefixes, p.encode),
    };
  }

  // ---------- helpers ----------

  private requireBucket(name: string): BucketRow {
    const row = this.objects.bucket(name);
    if (!row) throw noSuchBucket(name);
    return row;
  }

  private requireObject(bucket: string, key: string): ObjectRow {
    const row = this.objects.object(bucket, key);
    if (!row) throw noSuchKey(key);
    return row;
  }

  private bucketOf(input: object): BucketRow {
    return this.requireBucket(reader(input).string('Bucket', { required: true }));
  }

  private keyOf(input: object): string {
    const key = reader(input).string('Key', { required: true });
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw keyTooLong(key);
    return key;
  }
}

/** The `x-amz-checksum-*` values a request declares. */
function declaredChecksums(r: InputReader): Partial<Record<ChecksumName, string>> {
  const declared: Partial<Record<ChecksumName, string>> = {};
  for (const name of CHECKSUM_NAMES) {
    const value = r.string(CHECKSUM_MEMBERS[name]);
    if (value !== undefined) declared[name] = value;
  }
  return declared;
}

/** The object headers S3 stores with an object (Content-Type and the like). */
function objectHeadersFrom(input: Members): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const member of STORED_HEADERS) {
    const value = input[member];
    if (typeof value === 'string' && value !== '') headers[member] = value;
  }
  return headers;
}

/** Prefix, delimiter, max-keys and encoding of ListObjects / ListObjectsV2. */
function listParams(input: ListObjectsRequest | ListObjectsV2Request) {
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
}

function decodeContinuationToken(token: string): { k: string; cp: boolean } {
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
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3')
  );
}
