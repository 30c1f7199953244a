import {
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../src/core/aws-error';
import type { AwsService } from '../../src/core/service';
import { startServer, type LocalCloudServer } from '../../src/server';
import { S3_ROUTES, S3_XML_HINTS } from '../../src/services/s3/routes';
import { errorCode, signedRequest } from '../helpers/raw-request';
import { S3_AUTHORIZATION } from '../../src/services/s3/authorization';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CREATED = new Date('2024-05-06T07:08:09.000Z');
const noSuchBucket = (bucket: unknown) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: String(bucket) } });

/**
 * A restXml service on S3's own routes and XML hints, so the real S3 client reads what the codec writes. Its
 * operations echo their input or throw, to pin the codec down apart from S3's own logic.
 */
let lastInput: Record<string, unknown> | undefined;
const toy: AwsService = {
  signingName: 's3',
  authorization: S3_AUTHORIZATION, // the real service's IAM facts: the root may call each operation
  protocol: 'restXml',
  xmlNamespace: NS,
  routes: S3_ROUTES,
  xmlHints: S3_XML_HINTS,
  operations: {
    ListBuckets: () => ({ Buckets: [{ Name: 'a', CreationDate: CREATED }, { Name: 'b&c', CreationDate: CREATED }], Owner: { ID: 'o' } }),
    GetBucketLocation: () => ({ LocationConstraint: 'ap-southeast-1' }),
    HeadBucket: (input) => {
      throw noSuchBucket(input.Bucket);
    },
    DeleteBucket: (input) => {
      throw noSuchBucket(input.Bucket);
    },
    PutBucketEncryption: (input) => {
      lastInput = input;
      return {};
    },
    GetObject: (input) => ({ Body: Buffer.from(`bytes of ${String(input.Key)}`), ContentType: 'text/plain', ETag: '"e"', LastModified: CREATED, Metadata: { owner: 'me' } }),
  },
};

describe('restXml (S3)', () => {
  let server: LocalCloudServer;
  let s3: S3Client;
  beforeAll(async () => {
    server = await startServer({ port: 0, services: () => [toy] });
    s3 = new S3Client({ endpoint: server.url, region: 'ap-southeast-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterAll(() => server.close());

  const call = (method: string, path: string, opts: { query?: Record<string, string>; body?: string } = {}) =>
    signedRequest(server.url, { method, path, ...opts, headers: {} }, { service: 's3' });

  describe('decode', () => {
    it('binds labels (a greedy key keeps its /) and an XML payload structure', async () => {
      await s3.send(new PutBucketEncryptionCommand({
        Bucket: 'enc',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } }] },
      }));
      expect(lastInput).toMatchObject({
        Bucket: 'enc',
        ServerSideEncryptionConfiguration: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } } },
      });
      const out = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'dir/sub/file.txt' }));
      expect(await out.Body!.transformToString()).toBe('bytes of dir/sub/file.txt');
    });

    it('refuses malformed XML with MalformedXML', async () => {
      const res = await call('PUT', '/enc', { query: { encryption: '' }, body: '<ServerSideEncryptionConfiguration><Rule>' });
      expect([res.status, errorCode(res)]).toEqual([400, 'MalformedXML']);
    });

    it('answers a path no route has with 405 MethodNotAllowed, and a routed operation it lacks with 501 NotImplemented', async () => {
      const unrouted = await call('PATCH', '/b');
      const lacking = await call('GET', '/b', { query: { 'list-type': '2' } });
      expect([unrouted.status, errorCode(unrouted)]).toEqual([405, 'MethodNotAllowed']);
      expect([lacking.status, errorCode(lacking)]).toEqual([501, 'NotImplemented']);
      expect(lacking.body).toContain('<Message>local-cloud does not implement ListObjectsV2</Message>');
    });
  });

  describe('encode', () => {
    it('writes the unbound members under the route root in S3\'s namespace, lists as the hints say, text escaped', async () => {
      const res = await call('GET', '/');
      expect(res.headers['content-type']).toBe('application/xml');
      expect(res.body).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="${NS}">`
        + '<Buckets><Bucket><Name>a</Name><CreationDate>2024-05-06T07:08:09.000Z</CreationDate></Bucket>'
        + '<Bucket><Name>b&amp;c</Name><CreationDate>2024-05-06T07:08:09.000Z</CreationDate></Bucket></Buckets>'
        + '<Owner><ID>o</ID></Owner></ListAllMyBucketsResult>',
      );
      const sdk = await s3.send(new ListBucketsCommand({}));
      expect(sdk.Buckets).toEqual([{ Name: 'a', CreationDate: CREATED }, { Name: 'b&c', CreationDate: CREATED }]);
    });

    it('writes an xmlText member as the text of its root (GetBucketLocation)', async () => {
      const res = await call('GET', '/b', { query: { location: '' } });
      expect(res.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="${NS}">ap-southeast-1</LocationConstraint>`);
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'b' }))).LocationConstraint).toBe('ap-southeast-1');
    });

    it('sends a blob payload as the body and bound members as headers (HTTP dates, x-amz-meta-)', async () => {
      const res = await call('GET', '/b/k');
      expect(res.body).toBe('bytes of k');
      expect(res.headers).toMatchObject({ 'content-type': 'text/plain', etag: '"e"', 'last-modified': 'Mon, 06 May 2024 07:08:09 GMT', 'x-amz-meta-owner': 'me' });
    });

    it('names each reply twice: x-amz-request-id and x-amz-id-2', async () => {
      const res = await call('GET', '/');
      expect(res.headers['x-amz-request-id']).toMatch(/\S/);
      expect(res.headers['x-amz-id-2']).toBe(Buffer.from(String(res.headers['x-amz-request-id'])).toString('base64'));
    });
  });

  describe('errors', () => {
    it('sends <Error> without a namespace: Code, Message, the extra members, RequestId, HostId', async () => {
      const res = await call('DELETE', '/gone');
      const requestId = String(res.headers['x-amz-request-id']);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/xml');
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>'
        + `<BucketName>gone</BucketName><RequestId>${requestId}</RequestId><HostId>${Buffer.from(requestId).toString('base64')}</HostId></Error>`,
      );
    });

    it('reaches the SDK as the modeled exception with its message and request ids', async () => {
      const error = await s3.send(new DeleteBucketCommand({ Bucket: 'gone' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3ServiceException);
      expect(error).toMatchObject({ name: 'NoSuchBucket', message: 'The specified bucket does not exist', BucketName: 'gone', $metadata: { httpStatusCode: 404 } });
      expect((error as S3ServiceException).$metadata.requestId).toMatch(/\S/);
    });

    it('answers an error to HEAD with the status and headers only, as S3 does (the SDK names it from the status)', async () => {
      const res = await call('HEAD', '/gone');
      expect([res.status, res.body]).toEqual([404, '']);
      const error = await s3.send(new HeadBucketCommand({ Bucket: 'gone' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    });
  });
});
