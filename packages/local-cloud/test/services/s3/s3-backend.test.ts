import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsError } from '../../../src/core/aws-error';
import type { S3Service } from '../../../src/services/s3';
import { cdkAssetsBucket, S3Backend } from '../../../src/services/s3';
import { ACCOUNT, REGION } from '../../helpers/account';
import { withFreshStore } from '../../helpers/store';
import { startLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';

const scope = { accountId: ACCOUNT, region: REGION };

describe('S3Backend', () => {
  let s3: S3Backend;
  withFreshStore((store) => {
    s3 = new S3Backend(store);
  });

  it('a region starts with the CDK assets bucket, once however often it is added', () => {
    s3.addRegion(scope);
    s3.addRegion(scope);
    const names = s3.listBuckets({}).Buckets.map((b) => b.Name);
    expect(names).toEqual([cdkAssetsBucket(ACCOUNT, REGION)]);
    expect(s3.getBucketLocation({ Bucket: cdkAssetsBucket(ACCOUNT, REGION) })).toEqual({ LocationConstraint: REGION });
  });

  it('reads an object body in-process, with the same S3 errors GetObject gives', () => {
    s3.createBucket({ Bucket: 'code' }, scope);
    s3.putObject({ Bucket: 'code', Key: 'a/b.zip', Body: Buffer.from('zip bytes') });
    expect(s3.getObjectBody('code', 'a/b.zip').toString()).toBe('zip bytes');
    expect(() => s3.getObjectBody('code', 'missing')).toThrow(expect.objectContaining({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' }));
    expect(() => s3.getObjectBody('no-such-bucket', 'k')).toThrow(expect.objectContaining({ code: 'NoSuchBucket', status: 404 }));
  });

  it('ListBuckets pages by name with an opaque continuation token', () => {
    for (const name of ['b-one', 'b-three', 'b-two']) s3.createBucket({ Bucket: name }, scope);
    const first = s3.listBuckets({ MaxBuckets: 2 });
    expect(first.Buckets.map((b) => b.Name)).toEqual(['b-one', 'b-three']);
    expect(first.ContinuationToken).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = s3.listBuckets({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken });
    expect(second.Buckets.map((b) => b.Name)).toEqual(['b-two']);
    expect(second.ContinuationToken).toBeUndefined();
  });

  it('refuses what S3 refuses, as AwsError', () => {
    expect(() => s3.createBucket({ Bucket: 'Bad_Name' }, scope)).toThrow(expect.objectContaining({ code: 'InvalidBucketName' }));
    s3.createBucket({ Bucket: 'twice' }, scope);
    expect(() => s3.createBucket({ Bucket: 'twice' }, scope)).toThrow(expect.objectContaining({ code: 'BucketAlreadyOwnedByYou', status: 409 }));
    s3.putObject({ Bucket: 'twice', Key: 'k', Body: Buffer.from('x') });
    expect(() => s3.deleteBucket({ Bucket: 'twice' })).toThrow(AwsError);
  });

  it('sees what the wire operations wrote, and the wire sees what it writes', async () => {
    const lc: LocalCloudFixture = await startLocalCloud();
    const client = new S3Client(lc.clientConfig);
    try {
      const backend = lc.service<S3Service>('s3').backend;
      const bucket = cdkAssetsBucket(ACCOUNT, REGION);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-wire', Body: 'over HTTP' }));
      expect(backend.getObjectBody(bucket, 'from-wire').toString()).toBe('over HTTP');
      backend.putObject({ Bucket: bucket, Key: 'in-process', Body: Buffer.from('in-process') });
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'in-process' }));
      expect(await out.Body!.transformToString()).toBe('in-process');
    } finally {
      client.destroy();
      await lc.close();
    }
  });
});
