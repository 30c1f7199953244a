import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteBucketEncryptionCommand, DeleteObjectCommand, DeleteObjectsCommand,
  GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand,
  ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { useLocalCloud } from '../../helpers/local-cloud';

const ASSETS = 'cdk-hnb659fds-assets-000000000000-ap-southeast-1';

describe('S3', () => {
  const cloud = useLocalCloud({ s3: S3Client });
  const { s3 } = cloud;

  describe('buckets', () => {
    it('starts with the CDK assets bucket', async () => {
      const { Buckets, Owner } = await s3.send(new ListBucketsCommand({}));
      expect(Buckets?.map((b) => b.Name)).toContain(ASSETS);
      expect(Buckets?.find((b) => b.Name === ASSETS)?.CreationDate).toBeInstanceOf(Date);
      expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    });

    it('CreateBucket, HeadBucket, GetBucketLocation with and without a LocationConstraint', async () => {
      // Act
      const created = await s3.send(new CreateBucketCommand({ Bucket: 'in-frankfurt', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
      await s3.send(new CreateBucketCommand({ Bucket: 'in-default' }));
      // Assess
      expect(created.Location).toBe('/in-frankfurt');
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'in-frankfurt' }))).LocationConstraint).toBe('eu-central-1');
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'in-default' }))).LocationConstraint).toBe('ap-southeast-1');
      expect((await s3.send(new HeadBucketCommand({ Bucket: 'in-frankfurt' }))).BucketRegion).toBe('eu-central-1');
    });

    it('GetBucketLocation of a us-east-1 bucket is empty', async () => {
      const east = new S3Client({ ...cloud().clientConfig, region: 'us-east-1' });
      await east.send(new CreateBucketCommand({ Bucket: 'in-virginia' }));
      const { LocationConstraint } = await east.send(new GetBucketLocationCommand({ Bucket: 'in-virginia' }));
      east.destroy();
      expect(LocationConstraint ?? '').toBe('');
    });

    it('CreateBucket of an owned bucket is BucketAlreadyOwnedByYou (409); a bad name is InvalidBucketName', async () => {
      await expect(s3.send(new CreateBucketCommand({ Bucket: ASSETS }))).rejects.toMatchObject({ name: 'BucketAlreadyOwnedByYou', $metadata: { httpStatusCode: 409 } });
      await expect(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' }))).rejects.toMatchObject({ name: 'InvalidBucketName', $metadata: { httpStatusCode: 400 } });
    });

    it('a missing bucket is NoSuchBucket (404), and NotFound on HEAD', async () => {
      await expect(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
      await expect(s3.send(new GetBucketLocationCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
      await expect(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    });

    it('GetBucketEncryption without a configuration is ServerSideEncryptionConfigurationNotFoundError (404)', async () => {
      await expect(s3.send(new GetBucketEncryptionCommand({ Bucket: ASSETS }))).rejects.toMatchObject({
        name: 'ServerSideEncryptionConfigurationNotFoundError',
        $metadata: { httpStatusCode: 404 },
      });
    });

    it('PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption', async () => {
      // Prepare
      await s3.send(new CreateBucketCommand({ Bucket: 'encrypted' }));
      // Act
      await s3.send(new PutBucketEncryptionCommand({
        Bucket: 'encrypted',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/my-key' }, BucketKeyEnabled: true }] },
      }));
      const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'encrypted' }));
      await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'encrypted' }));
      // Assess
      expect(ServerSideEncryptionConfiguration?.Rules).toEqual([
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/my-key' }, BucketKeyEnabled: true },
      ]);
      await expect(s3.send(new GetBucketEncryptionCommand({ Bucket: 'encrypted' }))).rejects.toMatchObject({ name: 'ServerSideEncryptionConfigurationNotFoundError' });
    });

    it('DeleteBucket refuses a bucket with objects (BucketNotEmpty, 409), then deletes it', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'short-lived' }));
      await s3.send(new PutObjectCommand({ Bucket: 'short-lived', Key: 'k', Body: 'x' }));
      await expect(s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' }))).rejects.toMatchObject({ name: 'BucketNotEmpty', $metadata: { httpStatusCode: 409 } });
      await s3.send(new DeleteObjectCommand({ Bucket: 'short-lived', Key: 'k' }));
      await s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' }));
      await expect(s3.send(new HeadBucketCommand({ Bucket: 'short-lived' }))).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('an operation local-cloud lacks is NotImplemented (501)', async () => {
      await expect(s3.send(new GetBucketPolicyCommand({ Bucket: ASSETS }))).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    });
  });

  describe('objects', () => {
    const bucket = 'objects';
    beforeAll(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));

    it('PutObject stores the bytes; GetObject returns them with their headers', async () => {
      // Prepare
      const body = Buffer.from('{"hello":"world"}');
      // Act
      const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.json', Body: body, ContentType: 'application/json', Metadata: { owner: 'me' } }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.json' }));
      // Assess
      const md5 = createHash('md5').update(body).digest('hex');
      expect(put.ETag).toBe(`"${md5}"`);
      expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
      expect(got).toMatchObject({ ContentLength: body.length, ETag: `"${md5}"`, ContentType: 'application/json', Metadata: { owner: 'me' } });
      expect(got.LastModified).toBeInstanceOf(Date);
      expect(Math.abs(got.LastModified!.getTime() - Date.now())).toBeLessThan(10_000);
      expect(got.$metadata.extendedRequestId).toBeTruthy();
    });

    it('a streamed PutObject (aws-chunked with a trailing checksum) stores the decoded bytes', async () => {
      // Prepare
      const data = Buffer.alloc(200_000, 'abcdefghij');
      // Act
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed.bin', Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), ContentLength: data.length }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }));
      // Assess
      expect(head.ContentLength).toBe(data.length);
      expect(head.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    });

    it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const)('verifies and returns a %s checksum', async (algorithm) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `sum-${algorithm}`, Body: 'checksummed body', ChecksumAlgorithm: algorithm }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(await got.Body!.transformToString()).toBe('checksummed body');
      expect(got[`Checksum${algorithm}`]).toBeTruthy();
    });

    it('a wrong checksum or Content-MD5 is BadDigest (400)', async () => {
      await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'abc', ChecksumSHA256: createHash('sha256').update('xyz').digest('base64') })))
        .rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
      await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'abc', ContentMD5: createHash('md5').update('xyz').digest('base64') })))
        .rejects.toMatchObject({ name: 'BadDigest' });
      await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad' }))).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('keys keep every character: dots, double slashes, spaces, plus, unicode', async () => {
      const keys = ['a/../b', 'x//y', './dot', 'sp ace+plus&eq=?#', '日本/ü', 'trailing/'];
      for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      for (const key of keys) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        expect(await got.Body!.transformToString()).toBe(key);
      }
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(expect.arrayContaining(keys));
    });

    it('GetObject with a Range answers 206 with Content-Range; an unsatisfiable one is InvalidRange (416)', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digits', Body: '0123456789' }));
      const part = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=2-5' }));
      expect(await part.Body!.transformToString()).toBe('2345');
      expect(part).toMatchObject({ ContentRange: 'bytes 2-5/10', ContentLength: 4, $metadata: { httpStatusCode: 206 } });
      const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=-3' }));
      expect(await suffix.Body!.transformToString()).toBe('789');
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=20-' }))).rejects.toMatchObject({ name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });
    });

    it('conditional GetObject: If-Match mismatch is PreconditionFailed (412)', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond', Body: 'c' }));
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: '"nope"' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfNoneMatch: '*' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    });

    it('HeadObject answers the size as Content-Length and no body; a missing key is NotFound (404)', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sized', Body: Buffer.alloc(1234) }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sized' }));
      expect(head.ContentLength).toBe(1234);
      await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    });

    it('GetObject of a missing key is NoSuchKey (404); of a missing bucket NoSuchBucket', async () => {
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      await expect(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    });

    it('DeleteObject is idempotent; DeleteObjects reports deleted keys unless Quiet', async () => {
      for (const k of ['d1', 'd2', 'd3']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'd1' }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'd1' }));
      const loud = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd2' }, { Key: 'never-existed' }] } }));
      const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd3' }], Quiet: true } }));
      expect(loud.Deleted?.map((d) => d.Key)).toEqual(['d2', 'never-existed']);
      expect(quiet.Deleted ?? []).toEqual([]);
      for (const k of ['d1', 'd2', 'd3']) await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k }))).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('CopyObject copies bytes and metadata', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'orig', Body: 'copy me', Metadata: { a: 'b' } }));
      const copied = await s3.send(new CopyObjectCommand({ Bucket: ASSETS, Key: 'copy', CopySource: `${bucket}/orig` }));
      const got = await s3.send(new GetObjectCommand({ Bucket: ASSETS, Key: 'copy' }));
      expect(copied.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('copy me').digest('hex')}"`);
      expect(await got.Body!.transformToString()).toBe('copy me');
      expect(got.Metadata).toEqual({ a: 'b' });
    });

    it('a presigned GET URL works, and fails once altered', async () => {
      // Prepare
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared file.txt', Body: 'presigned' }));
      const url = new URL(cloud().endpoint);
      const signer = new SignatureV4({ service: 's3', region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
      const presigned = await signer.presign(
        { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${bucket}/shared%20file.txt`, query: {}, headers: { host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn: 300 },
      );
      const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
      // Act
      const ok = await fetch(`${cloud().endpoint}/${bucket}/shared%20file.txt?${query}`);
      const altered = await fetch(`${cloud().endpoint}/${bucket}/shared%20file.txt?${query.replace('X-Amz-Expires=300', 'X-Amz-Expires=301')}`);
      // Assess
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('presigned');
      expect(altered.status).toBe(403);
      expect(await altered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });
  });

  describe('listing', () => {
    const bucket = 'listing';
    const keys = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd/4.txt', 'e.txt', 'sp ace/x'];
    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    });

    it('lists every key in order with sizes and ETags', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(out.Contents?.map((c) => c.Key)).toEqual(keys);
      expect(out).toMatchObject({ KeyCount: keys.length, IsTruncated: false, MaxKeys: 1000, Name: bucket });
      expect(out.Contents?.[0]).toMatchObject({ Size: 5, ETag: `"${createHash('md5').update('a.txt').digest('hex')}"`, StorageClass: 'STANDARD' });
    });

    it('prefix and delimiter group common prefixes', async () => {
      const root = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
      expect(root.Contents?.map((c) => c.Key)).toEqual(['a.txt', 'e.txt']);
      expect(root.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/', 'd/', 'sp ace/']);
      expect(root.KeyCount).toBe(5);
      const b = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'b/', Delimiter: '/' }));
      expect(b.Contents?.map((c) => c.Key)).toEqual(['b/1.txt', 'b/2.txt']);
      expect(b.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/c/']);
    });

    it('max-keys=1 with the exact key answers what the CDK CLI looks for', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'b/1.txt', MaxKeys: 1 }));
      expect(out.Contents).toEqual([expect.objectContaining({ Key: 'b/1.txt', Size: 7 })]);
      expect(out.KeyCount).toBe(1);
    });

    it('paginates with continuation tokens, also across common prefixes', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
        seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
        expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
        token = page.NextContinuationToken;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(['a.txt', 'b/', 'd/', 'e.txt', 'sp ace/']);
    });

    it('start-after skips keys up to and including it', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'b/c/3.txt' }));
      expect(out.Contents?.map((c) => c.Key)).toEqual(['d/4.txt', 'e.txt', 'sp ace/x']);
    });

    it('encoding-type=url encodes keys and says so', async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'sp', EncodingType: 'url' }));
      expect(out.EncodingType).toBe('url');
      expect(out.Contents?.map((c) => c.Key)).toEqual(['sp%20ace/x']);
    });

    it('a bad continuation token is InvalidArgument', async () => {
      await expect(s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    });

    it('ListObjects (v1) pages with markers', async () => {
      const first = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 3 }));
      expect(first.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 3));
      expect(first.IsTruncated).toBe(true);
      const rest = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: first.NextMarker }));
      expect(rest.Contents?.map((c) => c.Key)).toEqual(keys.slice(3));
    });
  });
});
