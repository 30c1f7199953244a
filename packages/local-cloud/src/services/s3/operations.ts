import type * as S3 from '@aws-sdk/client-s3';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import { scopeOfCall } from '../../core/scope';
import type { PutObjectInput, S3Backend } from './s3-backend';

/** S3's operations (2006-03-01), each declared once over the backend with the AWS SDK v3 client's types. */
export function s3Operations(backend: S3Backend): Record<string, DeclaredOperation> {
  // operations whose answer is only a status: the backend's work is done, nothing is returned
  const none = (_done: void): undefined => undefined;
  return {
    ListBuckets: declareOperation<S3.ListBucketsRequest, unknown>({ run: (input) => backend.listBuckets(input) }),
    CreateBucket: declareOperation<S3.CreateBucketRequest, S3.CreateBucketOutput>({ run: (input, ctx) => backend.createBucket(input, scopeOfCall(ctx)) }),
    HeadBucket: declareOperation<S3.HeadBucketRequest, unknown>({ run: (input) => backend.headBucket(input) }),
    DeleteBucket: declareOperation<S3.DeleteBucketRequest, undefined>({ run: (input) => none(backend.deleteBucket(input)) }),
    GetBucketLocation: declareOperation<S3.GetBucketLocationRequest, unknown>({ run: (input) => backend.getBucketLocation(input) }),
    GetBucketEncryption: declareOperation<S3.GetBucketEncryptionRequest, unknown>({ run: (input) => backend.getBucketEncryption(input) }),
    PutBucketEncryption: declareOperation<S3.PutBucketEncryptionRequest, undefined>({ run: (input) => none(backend.putBucketEncryption(input)) }),
    DeleteBucketEncryption: declareOperation<S3.DeleteBucketEncryptionRequest, undefined>({ run: (input) => none(backend.deleteBucketEncryption(input)) }),
    PutObject: declareOperation<PutObjectInput, unknown>({ run: (input) => backend.putObject(input) }),
    CopyObject: declareOperation<S3.CopyObjectRequest, unknown>({ run: (input) => backend.copyObject(input) }),
    GetObject: declareOperation<S3.GetObjectRequest, unknown>({ run: (input) => backend.getObject(input, true) }),
    HeadObject: declareOperation<S3.HeadObjectRequest, unknown>({ run: (input) => backend.getObject(input, false) }),
    DeleteObject: declareOperation<S3.DeleteObjectRequest, undefined>({ run: (input) => none(backend.deleteObject(input)) }),
    DeleteObjects: declareOperation<S3.DeleteObjectsRequest, unknown>({ run: (input) => backend.deleteObjects(input) }),
    ListObjectsV2: declareOperation<S3.ListObjectsV2Request, unknown>({ run: (input) => backend.listObjectsV2(input) }),
    ListObjects: declareOperation<S3.ListObjectsRequest, unknown>({ run: (input) => backend.listObjects(input) }),
  };
}
