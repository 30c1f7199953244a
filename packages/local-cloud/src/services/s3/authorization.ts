import { type AuthorizationRequest, one, type AuthorizationTable } from '../../core/operation';
import { s3BucketArn, s3ObjectArn } from '../../core/arns/s3';
import { percentDecode } from '../../core/http';

/**
 * S3's IAM facts per operation (Service Authorization Reference, "Actions, resources, and condition keys for
 * Amazon S3": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html, and the S3
 * User Guide's "Required permissions for Amazon S3 API operations"): HeadBucket and the List operations need
 * `s3:ListBucket` on the bucket, HeadObject `s3:GetObject`, the encryption operations
 * `s3:Get/PutEncryptionConfiguration`, DeleteObjects `s3:DeleteObject` on each key, CopyObject `s3:GetObject`
 * on the source and `s3:PutObject` on the target.
 */
type Input = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const objectArn = (bucket: unknown, key: unknown) => s3ObjectArn(str(bucket), str(key));
const onBucket = (action: string) => (input: Input) => one(action, s3BucketArn(str(input.Bucket)));
const onObject = (action: string) => (input: Input) => one(action, objectArn(input.Bucket, input.Key));

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, maybe `?versionId=`. */
function copySourceArn(source: unknown): string {
  const raw = str(source).replace(/^\//, '').replace(/\?versionId=.*$/, '');
  return `arn:aws:s3:::${percentDecode(raw)}`;
}

function deletedKeys(input: Input): string[] {
  const del = (input.Delete ?? {}) as { Object?: unknown };
  const objects = Array.isArray(del.Object) ? del.Object : del.Object === undefined ? [] : [del.Object];
  return objects.map((o) => objectArn(input.Bucket, (o as { Key?: unknown }).Key));
}

export const S3_AUTHORIZATION: AuthorizationTable = {
  ListBuckets: () => one('s3:ListAllMyBuckets', '*'),
  CreateBucket: onBucket('s3:CreateBucket'),
  HeadBucket: onBucket('s3:ListBucket'),
  DeleteBucket: onBucket('s3:DeleteBucket'),
  GetBucketLocation: onBucket('s3:GetBucketLocation'),
  GetBucketEncryption: onBucket('s3:GetEncryptionConfiguration'),
  PutBucketEncryption: onBucket('s3:PutEncryptionConfiguration'),
  DeleteBucketEncryption: onBucket('s3:PutEncryptionConfiguration'),
  ListObjectsV2: onBucket('s3:ListBucket'),
  ListObjects: onBucket('s3:ListBucket'),
  PutObject: onObject('s3:PutObject'),
  GetObject: onObject('s3:GetObject'),
  HeadObject: onObject('s3:GetObject'),
  DeleteObject: onObject('s3:DeleteObject'),
  DeleteObjects: (input: Input) => {
    const keys = deletedKeys(input);
    return keys.length > 0 ? one('s3:DeleteObject', keys) : one('s3:DeleteObject', `${s3BucketArn(str(input.Bucket))}/*`);
  },
  CopyObject: (input: Input): AuthorizationRequest[] => [...one('s3:GetObject', copySourceArn(input.CopySource)), ...one('s3:PutObject', objectArn(input.Bucket, input.Key))],
};
