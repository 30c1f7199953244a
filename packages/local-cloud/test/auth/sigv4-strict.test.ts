import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { startLocalCloud, useLocalCloud } from '../helpers/local-cloud';
import { errorCode, rawRequest, type RawResponse } from '../helpers/raw-request';

/**
 * SigV4 as AWS enforces it beyond the signature itself: what must be signed, which trailers an aws-chunked
 * body may carry, the credential scope's date and region, presigned URL dates, UNSIGNED-PAYLOAD.
 */
const REGION = 'ap-southeast-1';
const BUCKET = 'strict-sigv4';
const KMS_JSON = { 'content-type': 'application/x-amz-json-1.1' };

interface Signing {
  service: string;
  region?: string;
  signingDate?: Date;
  /** Headers the signer leaves out of SignedHeaders. */
  unsigned?: string[];
}

describe('SigV4, strict', () => {
  const cloud = useLocalCloud({ kms: [KMSClient, { maxAttempts: 1 }], s3: [S3Client, { maxAttempts: 1, forcePathStyle: true }] });
  const { kms, s3 } = cloud;
  let keyId: string;

  beforeAll(async () => {
    keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  const signer = (s: Signing) => new SignatureV4({
    service: s.service,
    region: s.region ?? REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: s.service !== 's3',
  });

  /** Signs `headers` (plus host unless left unsigned) and sends them with `extra` headers added after signing. */
  const send = async (s: Signing, req: { method?: string; path?: string; headers: Record<string, string>; body?: string | Buffer; extra?: Record<string, string> }): Promise<RawResponse> => {
    const url = new URL(cloud().endpoint);
    const signed = await signer(s).sign(
      { method: req.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: req.path ?? '/', query: {}, headers: { host: url.host, ...req.headers }, body: req.body ?? '' },
      { signingDate: s.signingDate, unsignableHeaders: new Set(s.unsigned ?? []) },
    );
    return rawRequest(cloud().endpoint, { method: req.method, target: req.path ?? '/', headers: { ...(signed.headers as Record<string, string>), ...req.extra }, body: req.body });
  };

  const describeKey = (target = 'TrentService.DescribeKey') => ({ headers: { ...KMS_JSON, 'x-amz-target': target }, body: JSON.stringify({ KeyId: keyId }) });

  describe('signed headers (issue 15 item 7)', () => {
    it('a request whose SignedHeaders leave out host is refused: IncompleteSignatureException (JSON), AccessDenied naming host (S3)', async () => {
      // Act
      const json = await send({ service: 'kms', unsigned: ['host'] }, describeKey());
      const s3res = await send({ service: 's3', unsigned: ['host'] }, { method: 'GET', path: `/${BUCKET}`, headers: {} });
      // Assess
      expect([json.status, errorCode(json)]).toEqual([400, 'IncompleteSignatureException']);
      expect(JSON.parse(json.body).message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
      expect([s3res.status, errorCode(s3res)]).toEqual([403, 'AccessDenied']);
      expect(s3res.body).toContain('<Message>There were headers present in the request which were not signed</Message>');
      expect(s3res.body).toContain('<HeadersNotSigned>host</HeadersNotSigned>');
    });

    it('a signature over x-amz-date alone cannot be replayed with another X-Amz-Target', async () => {
      // Prepare: DescribeKey signed without its target
      const replay = await send({ service: 'kms', unsigned: ['x-amz-target', 'content-type'] }, describeKey('TrentService.DisableKey'));
      // Assess
      expect([replay.status, errorCode(replay)]).toEqual([400, 'IncompleteSignatureException']);
      expect(JSON.parse(replay.body).message).toContain('x-amz-target');
      expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Enabled).toBe(true);
    });

    it('S3 refuses an unsigned x-amz-* header as AWS does, naming it (HeadersNotSigned)', async () => {
      const res = await send({ service: 's3', unsigned: ['x-amz-meta-owner'] }, { method: 'PUT', path: `/${BUCKET}/unsigned-meta`, headers: { 'x-amz-meta-owner': 'mallory' }, body: 'x' });
      expect([res.status, errorCode(res)]).toEqual([403, 'AccessDenied']);
      expect(res.body).toContain('<HeadersNotSigned>x-amz-meta-owner</HeadersNotSigned>');
      await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'unsigned-meta' }))).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('headers the SDKs leave unsigned (user-agent, x-amzn-trace-id, expect) and an unsigned x-amz-content-sha256 are accepted', async () => {
      const res = await send({ service: 'kms' }, { ...describeKey(), extra: { 'user-agent': 'x', 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' } });
      const s3res = await send({ service: 's3', unsigned: ['x-amz-content-sha256'] }, { method: 'GET', path: `/${BUCKET}`, headers: {} });
      expect(res.status).toBe(200);
      expect(s3res.status).toBe(200);
    });

    it('a presigned URL that does not sign host is refused', async () => {
      // Prepare: presigned without a host header in what was signed
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared.txt', Body: 'presigned' }));
      const url = new URL(cloud().endpoint);
      const presign = (headers: Record<string, string>) => signer({ service: 's3' }).presign(
        { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${BUCKET}/shared.txt`, query: {}, headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...headers } },
        { expiresIn: 300 },
      );
      const query = async (headers: Record<string, string>) => new URLSearchParams((await presign(headers)).query as Record<string, string>).toString();
      // Act
      const withoutHost = await fetch(`${cloud().endpoint}/${BUCKET}/shared.txt?${await query({})}`);
      const withHost = await fetch(`${cloud().endpoint}/${BUCKET}/shared.txt?${await query({ host: url.host })}`);
      // Assess
      expect(withoutHost.status).toBe(403);
      expect(await withoutHost.text()).toContain('<HeadersNotSigned>host</HeadersNotSigned>');
      expect(withHost.status).toBe(200);
    });
  });

  describe('aws-chunked trailers (issue 15 item 4)', () => {
    const chunked = (data: string, trailers: string[]) => Buffer.from(`${data.length.toString(16)}\r\n${data}\r\n0\r\n${trailers.map((t) => `${t}\r\n`).join('')}\r\n`);

    it('a trailer cannot replace a signed header: X-Amz-Target stays DescribeKey', async () => {
      // Prepare: a signed DescribeKey whose aws-chunked body carries an `x-amz-target` trailer
      const body = chunked(JSON.stringify({ KeyId: keyId }), ['x-amz-target:TrentService.DisableKey']);
      // Act
      const res = await send({ service: 'kms' }, { headers: { ...KMS_JSON, 'x-amz-target': 'TrentService.DescribeKey', 'content-encoding': 'aws-chunked' }, body });
      // Assess
      expect([res.status, errorCode(res)]).toEqual([400, 'MalformedTrailerError']);
      expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Enabled).toBe(true);
    });

    it('S3 refuses trailers that are not the announced checksums: MalformedTrailerError, nothing stored', async () => {
      // Prepare
      const crc = 'rfPzYw=='; // CRC32 of "data"
      const put = (key: string, trailer: string, trailers: string[]) => send({ service: 's3' }, {
        method: 'PUT', path: `/${BUCKET}/${key}`, body: chunked('data', trailers),
        headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': '4', 'x-amz-trailer': trailer },
      });
      // Act
      const extra = await put('extra', 'x-amz-checksum-crc32', [`x-amz-checksum-crc32:${crc}`, 'content-type:text/html']);
      const unannounced = await put('unannounced', 'x-amz-checksum-crc32', ['x-amz-checksum-sha1:x']);
      const missing = await put('missing', 'x-amz-checksum-crc32', []);
      const notChecksum = await put('not-checksum', 'x-amz-meta-a', ['x-amz-meta-a:b']);
      const ok = await put('ok', 'x-amz-checksum-crc32', [`x-amz-checksum-crc32:${crc}`]);
      // Assess
      for (const res of [extra, unannounced, missing]) {
        expect([res.status, errorCode(res)]).toEqual([400, 'MalformedTrailerError']);
        expect(res.body).toContain('The request contained trailing data that was not well-formed or did not conform to our published schema.');
      }
      expect([notChecksum.status, errorCode(notChecksum)]).toEqual([400, 'InvalidRequest']);
      expect(notChecksum.body).toContain('The value specified in the x-amz-trailer header is not supported');
      await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'extra' }))).rejects.toMatchObject({ name: 'NotFound' });
      expect(ok.status).toBe(200);
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ok' }));
      expect(await got.Body!.transformToString()).toBe('data');
    });
  });

  describe('credential scope and dates (issue 15 items 8, 9)', () => {
    it("a scope date other than X-Amz-Date's is refused with AWS's message", async () => {
      // Prepare: a good signature, then the scope's date edited (it was not checked: the server used X-Amz-Date's)
      const url = new URL(cloud().endpoint);
      const signed = await signer({ service: 'kms' }).sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, ...describeKey().headers }, body: describeKey().body });
      const headers = signed.headers as Record<string, string>;
      const amzDate = headers['x-amz-date'];
      const other = amzDate.startsWith('2000') ? '20010101' : '20000101';
      const s3Signed = await signer({ service: 's3' }).sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${BUCKET}`, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      const s3Headers = s3Signed.headers as Record<string, string>;
      // Act
      const res = await rawRequest(cloud().endpoint, { headers: { ...headers, authorization: headers.authorization.replace(`/${amzDate.slice(0, 8)}/`, `/${other}/`) }, body: describeKey().body });
      const s3res = await rawRequest(cloud().endpoint, { method: 'GET', target: `/${BUCKET}`, headers: { ...s3Headers, authorization: s3Headers.authorization.replace(`/${amzDate.slice(0, 8)}/`, `/${other}/`) } });
      // Assess
      expect([res.status, errorCode(res)]).toEqual([400, 'InvalidSignatureException']);
      expect(JSON.parse(res.body).message).toBe(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${other}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
      expect([s3res.status, errorCode(s3res)]).toEqual([400, 'AuthorizationHeaderMalformed']);
      expect(s3res.body).toContain('The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.');
    });

    it('a presigned URL dated beyond the 15 minutes of allowed skew is refused (S3: AccessDenied, Request is not yet valid)', async () => {
      // Prepare: signed for an hour from now, valid for two hours
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'future.txt', Body: 'later' }));
      const url = new URL(cloud().endpoint);
      const presign = async (ahead: number) => new URLSearchParams((await signer({ service: 's3' }).presign(
        { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${BUCKET}/future.txt`, query: {}, headers: { host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn: 7200, signingDate: new Date(Date.now() + ahead) },
      )).query as Record<string, string>).toString();
      // Act
      const future = await fetch(`${cloud().endpoint}/${BUCKET}/future.txt?${await presign(60 * 60 * 1000)}`);
      const slightlyAhead = await fetch(`${cloud().endpoint}/${BUCKET}/future.txt?${await presign(5 * 60 * 1000)}`);
      // Assess
      expect(future.status).toBe(403);
      const text = await future.text();
      expect(text).toContain('<Code>AccessDenied</Code><Message>Request is not yet valid</Message>');
      expect(text).toContain('<ServerTime>');
      expect(slightlyAhead.status).toBe(200);
    });

    it('outside S3 a presigned URL must be current and sign the body: STS GetCallerIdentity presigned (as EKS tokens are)', async () => {
      // Prepare
      const url = new URL(cloud().endpoint);
      const presign = async (opts: { ahead?: number; unsignedPayload?: boolean }) => {
        const presigned = await signer({ service: 'sts' }).presign(
          { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: url.host }, body: opts.unsignedPayload ? ({} as never) : undefined },
          { expiresIn: 900, signingDate: new Date(Date.now() + (opts.ahead ?? 0)) },
        );
        return fetch(`${cloud().endpoint}/?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`);
      };
      // Act
      const current = await presign({});
      const future = await presign({ ahead: 60 * 60 * 1000 });
      const unsignedPayload = await presign({ unsignedPayload: true });
      // Assess
      expect(current.status).toBe(200);
      expect(future.status).toBe(403);
      expect(await future.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code><Message>Signature not yet current: \d{8}T\d{6}Z is still later than/);
      expect(unsignedPayload.status).toBe(403);
      expect(await unsignedPayload.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });

    it('UNSIGNED-PAYLOAD is S3 only: another service hashes the body, so the signature does not match', async () => {
      // Prepare: a DescribeKey whose signature covers UNSIGNED-PAYLOAD instead of the body's hash
      const { headers, body } = describeKey();
      // Act
      const json = await send({ service: 'kms' }, { headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body });
      const s3res = await send({ service: 's3' }, { method: 'GET', path: `/${BUCKET}`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      // Assess
      expect([json.status, errorCode(json)]).toEqual([400, 'InvalidSignatureException']);
      expect(s3res.status).toBe(200);
    });

    it.each(['..', 'x', 'ap-southeast-1..', 'us-east-1%2F..'])('a scope region %j that is not a region name is refused before it names anything', async (region) => {
      // Act
      const json = await send({ service: 'kms', region }, describeKey());
      const s3res = await send({ service: 's3', region }, { method: 'GET', path: `/${BUCKET}`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      // Assess
      expect([json.status, errorCode(json)]).toEqual([400, 'InvalidSignatureException']);
      expect(JSON.parse(json.body).message).toBe('Credential should be scoped to a valid region.');
      expect([s3res.status, errorCode(s3res)]).toEqual([400, 'AuthorizationHeaderMalformed']);
      expect(s3res.body).toContain(`the region &apos;${region}&apos; is wrong; expecting &apos;${REGION}&apos;`);
    });

    it('a scope whose region holds a slash is not a scope at all: IncompleteSignature', async () => {
      const json = await send({ service: 'kms', region: 'ap-southeast-1/..' }, describeKey());
      expect([json.status, errorCode(json)]).toEqual([400, 'IncompleteSignatureException']);
    });

    it('with verification off, a region that is not a region name is still refused', async () => {
      const open = await startLocalCloud({ verifySignatures: false });
      const res = await rawRequest(open.endpoint, {
        method: 'POST', target: '/2015-03-31/functions',
        headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/../lambda/aws4_request, SignedHeaders=host, Signature=00' },
        body: JSON.stringify({ FunctionName: 'f', Role: 'arn:aws:iam::000000000000:role/r', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: '' } }),
      });
      await open.close();
      expect([res.status, errorCode(res)]).toEqual([403, 'InvalidSignatureException']);
    });
  });
});
