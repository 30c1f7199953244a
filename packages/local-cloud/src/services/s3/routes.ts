import type { InputBinding, OutputBindings, RestRoute } from '../../protocols/rest-routes';
import type { XmlHints } from '../../protocols/xml';

/** The object headers S3 stores with an object and returns on GET/HEAD. */
const OBJECT_HEADERS = {
  ContentType: 'Content-Type',
  ContentEncoding: 'Content-Encoding',
  ContentDisposition: 'Content-Disposition',
  ContentLanguage: 'Content-Language',
  CacheControl: 'Cache-Control',
  Expires: 'Expires',
} as const;

const CHECKSUM_HEADERS = {
  ChecksumCRC32: 'x-amz-checksum-crc32',
  ChecksumCRC32C: 'x-amz-checksum-crc32c',
  ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
  ChecksumSHA1: 'x-amz-checksum-sha1',
  ChecksumSHA256: 'x-amz-checksum-sha256',
} as const;

const headerInputs = (headers: Record<string, string>): Record<string, InputBinding> =>
  Object.fromEntries(Object.entries(headers).map(([member, header]) => [member, { header }]));

const objectRead: Record<string, InputBinding> = {
  Range: { header: 'Range' },
  IfMatch: { header: 'If-Match' },
  IfNoneMatch: { header: 'If-None-Match' },
  IfModifiedSince: { header: 'If-Modified-Since', type: 'timestamp' },
  IfUnmodifiedSince: { header: 'If-Unmodified-Since', type: 'timestamp' },
  ChecksumMode: { header: 'x-amz-checksum-mode' },
  PartNumber: { query: 'partNumber', type: 'integer' },
  ResponseContentType: { query: 'response-content-type' },
  ResponseContentDisposition: { query: 'response-content-disposition' },
  ResponseContentEncoding: { query: 'response-content-encoding' },
  ResponseContentLanguage: { query: 'response-content-language' },
  ResponseCacheControl: { query: 'response-cache-control' },
  ResponseExpires: { query: 'response-expires' },
};

const objectReadOutput: OutputBindings = {
  responseCode: 'StatusCode',
  headers: {
    ...OBJECT_HEADERS,
    ...CHECKSUM_HEADERS,
    ContentLength: 'Content-Length',
    ContentRange: 'Content-Range',
    AcceptRanges: 'accept-ranges',
    ETag: 'ETag',
    LastModified: 'Last-Modified',
    ChecksumType: 'x-amz-checksum-type',
    ServerSideEncryption: 'x-amz-server-side-encryption',
  },
  headerPrefix: { Metadata: 'x-amz-meta-' },
  payload: 'Body',
};

const listQuery: Record<string, InputBinding> = {
  Delimiter: { query: 'delimiter' },
  EncodingType: { query: 'encoding-type' },
  MaxKeys: { query: 'max-keys', type: 'integer' },
  Prefix: { query: 'prefix' },
};

/** The S3 operations that have a route but no implementation answer `NotImplemented` (501). */
const notImplemented = (operation: string, method: string, path: string): RestRoute => ({ operation, method, path });

/** S3's HTTP bindings (path-style), as in the model's `http` traits. */
export const S3_ROUTES: readonly RestRoute[] = [
  { operation: 'ListBuckets', method: 'GET', path: '/', input: { Prefix: { query: 'prefix' }, MaxBuckets: { query: 'max-buckets', type: 'integer' }, ContinuationToken: { query: 'continuation-token' }, BucketRegion: { query: 'bucket-region' } }, output: { xmlRoot: 'ListAllMyBucketsResult' } },
  { operation: 'CreateBucket', method: 'PUT', path: '/{Bucket}', input: { CreateBucketConfiguration: { payload: 'structure' }, ACL: { header: 'x-amz-acl' } }, output: { headers: { Location: 'Location' } } },
  { operation: 'HeadBucket', method: 'HEAD', path: '/{Bucket}', output: { headers: { BucketRegion: 'x-amz-bucket-region', AccessPointAlias: 'x-amz-access-point-alias' } } },
  { operation: 'DeleteBucket', method: 'DELETE', path: '/{Bucket}', output: { status: 204 } },
  { operation: 'GetBucketLocation', method: 'GET', path: '/{Bucket}?location', output: { xmlRoot: 'LocationConstraint', xmlText: 'LocationConstraint' } },
  { operation: 'GetBucketEncryption', method: 'GET', path: '/{Bucket}?encryption', output: { payload: 'ServerSideEncryptionConfiguration' } },
  { operation: 'PutBucketEncryption', method: 'PUT', path: '/{Bucket}?encryption', input: { ServerSideEncryptionConfiguration: { payload: 'structure' }, ContentMD5: { header: 'Content-MD5' } } },
  { operation: 'DeleteBucketEncryption', method: 'DELETE', path: '/{Bucket}?encryption', output: { status: 204 } },
  {
    operation: 'ListObjectsV2', method: 'GET', path: '/{Bucket}?list-type=2',
    input: { ...listQuery, ContinuationToken: { query: 'continuation-token' }, FetchOwner: { query: 'fetch-owner', type: 'boolean' }, StartAfter: { query: 'start-after' } },
    output: { xmlRoot: 'ListBucketResult' },
  },
  { operation: 'ListObjects', method: 'GET', path: '/{Bucket}', input: { ...listQuery, Marker: { query: 'marker' } }, output: { xmlRoot: 'ListBucketResult' } },
  {
    operation: 'DeleteObjects', method: 'POST', path: '/{Bucket}?delete',
    input: { Delete: { payload: 'structure' }, ContentMD5: { header: 'Content-MD5' }, ...headerInputs(CHECKSUM_HEADERS) },
    output: { xmlRoot: 'DeleteResult' },
  },
  {
    operation: 'PutObject', method: 'PUT', path: '/{Bucket}/{Key+}',
    input: { ...headerInputs(OBJECT_HEADERS), ...headerInputs(CHECKSUM_HEADERS), ContentMD5: { header: 'Content-MD5' }, Metadata: { headerPrefix: 'x-amz-meta-' }, Body: { payload: 'blob' } },
    output: { headers: { ETag: 'ETag', ...CHECKSUM_HEADERS, ChecksumType: 'x-amz-checksum-type', ServerSideEncryption: 'x-amz-server-side-encryption' } },
  },
  {
    operation: 'CopyObject', method: 'PUT', path: '/{Bucket}/{Key+}', requiredHeaders: ['x-amz-copy-source'],
    input: { ...headerInputs(OBJECT_HEADERS), CopySource: { header: 'x-amz-copy-source' }, MetadataDirective: { header: 'x-amz-metadata-directive' }, Metadata: { headerPrefix: 'x-amz-meta-' } },
    output: { payload: 'CopyObjectResult' },
  },
  { operation: 'GetObject', method: 'GET', path: '/{Bucket}/{Key+}', input: objectRead, output: objectReadOutput },
  { operation: 'HeadObject', method: 'HEAD', path: '/{Bucket}/{Key+}', input: objectRead, output: objectReadOutput },
  { operation: 'DeleteObject', method: 'DELETE', path: '/{Bucket}/{Key+}', output: { status: 204 } },

  notImplemented('GetBucketPolicy', 'GET', '/{Bucket}?policy'),
  notImplemented('PutBucketPolicy', 'PUT', '/{Bucket}?policy'),
  notImplemented('DeleteBucketPolicy', 'DELETE', '/{Bucket}?policy'),
  notImplemented('GetBucketPolicyStatus', 'GET', '/{Bucket}?policyStatus'),
  notImplemented('GetBucketVersioning', 'GET', '/{Bucket}?versioning'),
  notImplemented('PutBucketVersioning', 'PUT', '/{Bucket}?versioning'),
  notImplemented('ListObjectVersions', 'GET', '/{Bucket}?versions'),
  notImplemented('GetBucketTagging', 'GET', '/{Bucket}?tagging'),
  notImplemented('PutBucketTagging', 'PUT', '/{Bucket}?tagging'),
  notImplemented('DeleteBucketTagging', 'DELETE', '/{Bucket}?tagging'),
  notImplemented('GetBucketAcl', 'GET', '/{Bucket}?acl'),
  notImplemented('PutBucketAcl', 'PUT', '/{Bucket}?acl'),
  notImplemented('GetPublicAccessBlock', 'GET', '/{Bucket}?publicAccessBlock'),
  notImplemented('PutPublicAccessBlock', 'PUT', '/{Bucket}?publicAccessBlock'),
  notImplemented('DeletePublicAccessBlock', 'DELETE', '/{Bucket}?publicAccessBlock'),
  notImplemented('GetBucketOwnershipControls', 'GET', '/{Bucket}?ownershipControls'),
  notImplemented('PutBucketOwnershipControls', 'PUT', '/{Bucket}?ownershipControls'),
  notImplemented('GetBucketLifecycleConfiguration', 'GET', '/{Bucket}?lifecycle'),
  notImplemented('PutBucketLifecycleConfiguration', 'PUT', '/{Bucket}?lifecycle'),
  notImplemented('DeleteBucketLifecycle', 'DELETE', '/{Bucket}?lifecycle'),
  notImplemented('GetBucketCors', 'GET', '/{Bucket}?cors'),
  notImplemented('PutBucketCors', 'PUT', '/{Bucket}?cors'),
  notImplemented('GetBucketNotificationConfiguration', 'GET', '/{Bucket}?notification'),
  notImplemented('PutBucketNotificationConfiguration', 'PUT', '/{Bucket}?notification'),
  notImplemented('GetBucketWebsite', 'GET', '/{Bucket}?website'),
  notImplemented('GetBucketLogging', 'GET', '/{Bucket}?logging'),
  notImplemented('GetBucketReplication', 'GET', '/{Bucket}?replication'),
  notImplemented('ListMultipartUploads', 'GET', '/{Bucket}?uploads'),
  notImplemented('CreateMultipartUpload', 'POST', '/{Bucket}/{Key+}?uploads'),
  notImplemented('UploadPart', 'PUT', '/{Bucket}/{Key+}?partNumber&uploadId'),
  notImplemented('CompleteMultipartUpload', 'POST', '/{Bucket}/{Key+}?uploadId'),
  notImplemented('AbortMultipartUpload', 'DELETE', '/{Bucket}/{Key+}?uploadId'),
  notImplemented('ListParts', 'GET', '/{Bucket}/{Key+}?uploadId'),
  notImplemented('GetObjectTagging', 'GET', '/{Bucket}/{Key+}?tagging'),
  notImplemented('PutObjectTagging', 'PUT', '/{Bucket}/{Key+}?tagging'),
  notImplemented('DeleteObjectTagging', 'DELETE', '/{Bucket}/{Key+}?tagging'),
  notImplemented('GetObjectAcl', 'GET', '/{Bucket}/{Key+}?acl'),
  notImplemented('PutObjectAcl', 'PUT', '/{Bucket}/{Key+}?acl'),
  notImplemented('GetObjectAttributes', 'GET', '/{Bucket}/{Key+}?attributes'),
  notImplemented('RestoreObject', 'POST', '/{Bucket}/{Key+}?restore'),
  notImplemented('SelectObjectContent', 'POST', '/{Bucket}/{Key+}?select&select-type=2'),
];

/** S3's XML differs from the default member/list layout in these members. */
export const S3_XML_HINTS: XmlHints = {
  Buckets: { member: 'Bucket' },
  Contents: { flattened: true },
  CommonPrefixes: { flattened: true },
  Deleted: { flattened: true },
  Errors: { flattened: true, name: 'Error' },
  Rules: { flattened: true, name: 'Rule' },
};
