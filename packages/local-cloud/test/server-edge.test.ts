import * as http from 'node:http';
import * as net from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { LIMIT_SETTINGS, resolveLimits } from '../src/core/limits';
import { hostnameOf, isServedHost } from '../src/core/hosts';
import { startLocalCloud, useLocalCloud } from './helpers/local-cloud';
import { errorCode, rawRequest, signedRequest, type RawResponse } from './helpers/raw-request';

/** The listener's edge: which Host names it serves, CORS, the connection cap, timeouts and body limits. */

/** A raw request with a chosen Host header (Node's client would otherwise send the endpoint's). */
function withHost(endpoint: string, host: string, opts: { method?: string; path?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers, host };
    const req = http.request({ host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path ?? '/_local-cloud/health', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the ms until the server closes a connection that sent `bytes`, or 'open' after `waitMs`. */
function closedAfter(port: number, bytes: string, waitMs: number): Promise<{ ms: number; data: string } | 'open'> {
  return new Promise((resolve) => {
    const started = Date.now();
    let data = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, waitMs);
    socket.on('data', (c) => (data += c.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, data });
    });
  });
}

describe('Host names served (issue 15 item 6)', () => {
  const cloud = useLocalCloud({}, { hostnames: ['local-cloud', 'LC.Internal:4566'] });

  it.each(['127.0.0.1', '127.0.0.1:4566', 'localhost', 'LOCALHOST:80', '[::1]', '[::1]:4566', 'abcdefghij.execute-api.localhost:4566', 'local-cloud:4566', 'lc.internal'])('serves Host %s', async (host) => {
    const res = await withHost(cloud().endpoint, host);
    expect(res.status).toBe(200);
  });

  it.each(['attacker.example', 'attacker.example:4566', '127.0.0.1.nip.io', 'localhost.attacker.example', '10.0.0.1', '[::2]', 'local-cloud.evil'])('refuses Host %s with a 403 that says how to allow it', async (host) => {
    const res = await withHost(cloud().endpoint, host);
    expect([res.status, errorCode(res)]).toEqual([403, 'InvalidHostHeader']);
    const message = JSON.parse(res.body).message as string;
    expect(message).toContain(`Host '${host}'`);
    expect(message).toContain('--hostname');
    expect(message).toContain('LOCAL_CLOUD_HOSTNAMES');
  });

  it('routes the <api>.execute-api.localhost host style to the API Gateway data plane', async () => {
    // no such API: the gateway's own 403, not the host refusal
    const res = await withHost(cloud().endpoint, 'abcdefghij.execute-api.localhost:4566', { path: '/prod/hello' });
    expect([res.status, errorCode(res)]).toEqual([403, 'ForbiddenException']);
  });

  it('a DNS-rebinding page cannot call an API, even signed with the well-known test keys', async () => {
    // Prepare: what script on http://attacker.example:4566, rebound to 127.0.0.1, can sign and send
    const signer = new SignatureV4({ service: 'sts', region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Hash.bind(null, 'sha256') });
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: 'attacker.example', port: 4566, path: '/', query: {}, headers: { host: 'attacker.example:4566', 'content-type': 'application/x-www-form-urlencoded' }, body });
    // Act
    const res = await rawRequest(cloud().endpoint, { headers: { ...(signed.headers as Record<string, string>), origin: 'http://attacker.example:4566' }, body });
    // Assess
    expect([res.status, errorCode(res)]).toEqual([403, 'InvalidHostHeader']);
    expect(res.body).not.toContain('000000000000');
  });

  it('an HTTP/1.0 request without Host is refused', async () => {
    const closed = await closedAfter(cloud().server.port, 'GET /_local-cloud/health HTTP/1.0\r\n\r\n', 5000);
    expect(closed).not.toBe('open');
    expect((closed as { data: string }).data).toMatch(/^HTTP\/1\.1 403 /);
  }, 15000);

  it('a request target naming another host (absolute form) is refused', async () => {
    const closed = await closedAfter(cloud().server.port, 'GET http://attacker.example/_local-cloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 5000);
    expect((closed as { data: string }).data).toMatch(/^HTTP\/1\.1 403 /);
  }, 15000);

  it('a browser preflight gets no CORS allowance, from a served host or not', async () => {
    const preflight = { 'origin': 'http://attacker.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-amz-date,x-amz-target' };
    for (const host of [new URL(cloud().endpoint).host, 'attacker.example']) {
      const res = await withHost(cloud().endpoint, host, { method: 'OPTIONS', path: '/', headers: preflight });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    const ok = await withHost(cloud().endpoint, new URL(cloud().endpoint).host, { headers: { origin: 'http://attacker.example' } });
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('reads LOCAL_CLOUD_HOSTNAMES when no hostnames are passed', async () => {
    process.env.LOCAL_CLOUD_HOSTNAMES = 'from-env, other';
    const env = await startLocalCloud();
    delete process.env.LOCAL_CLOUD_HOSTNAMES;
    const served = await withHost(env.endpoint, 'from-env:1234');
    const other = await withHost(env.endpoint, 'other');
    const refused = await withHost(env.endpoint, 'local-cloud');
    await env.close();
    expect([served.status, other.status, refused.status]).toEqual([200, 200, 403]);
  });

  it('parses Host values strictly', () => {
    expect(hostnameOf('[::1]:4566')).toBe('[::1]');
    expect(hostnameOf('localhost.')).toBe('localhost');
    expect(hostnameOf('a b')).toBeUndefined();
    expect(hostnameOf('user@127.0.0.1')).toBeUndefined();
    expect(isServedHost(undefined, [])).toBe(false);
    expect(isServedHost('', [])).toBe(false);
    expect(isServedHost('localhost:99999', [])).toBe(true);
  });
});

describe('connections and timeouts (issue 15 item 11)', () => {
  it('closes connections over the cap at once, and serves again once one is gone', async () => {
    // Prepare
    const lc = await startLocalCloud({ limits: { maxConnections: 2 } });
    const port = lc.server.port;
    const held = await Promise.all([0, 1].map(() => new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
    })));
    await new Promise((r) => setTimeout(r, 50));
    // Act
    const third = await closedAfter(port, 'GET /_local-cloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 2000);
    held[0].destroy();
    await new Promise((r) => setTimeout(r, 50));
    const after = await rawRequest(lc.endpoint, { method: 'GET', target: '/_local-cloud/health' });
    held[1].destroy();
    await lc.close();
    // Assess
    expect(third).not.toBe('open');
    expect((third as { data: string }).data).toBe('');
    expect(after.status).toBe(200);
  });

  it('closes a half-open connection (headers never finished) after the headers timeout', async () => {
    const lc = await startLocalCloud({ limits: { headersTimeoutMs: 500 } });
    const partial = await closedAfter(lc.server.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 10_000);
    const silent = await closedAfter(lc.server.port, '', 10_000);
    await lc.close();
    expect(partial).not.toBe('open');
    expect((partial as { ms: number }).ms).toBeLessThan(3000);
    expect((partial as { data: string }).data).toMatch(/^HTTP\/1\.1 408 /);
    expect(silent).not.toBe('open');
    expect((silent as { ms: number }).ms).toBeLessThan(3000);
  }, 30000);

  it('answers 408 and closes a request whose body stalls past the request timeout', async () => {
    const lc = await startLocalCloud({ limits: { requestTimeoutMs: 800, headersTimeoutMs: 500 } });
    const stalled = await closedAfter(lc.server.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nAction=', 10_000);
    await lc.close();
    expect(stalled).not.toBe('open');
    expect((stalled as { ms: number }).ms).toBeLessThan(4000);
    expect((stalled as { data: string }).data).toMatch(/^HTTP\/1\.1 408 /);
  }, 30000);

  it('keeps an idle keep-alive connection for the SDK between calls shorter than the keep-alive timeout', async () => {
    const lc = await startLocalCloud({ limits: { headersTimeoutMs: 300 } });
    const sts = new STSClient({ ...lc.clientConfig, maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({}));
    await new Promise((r) => setTimeout(r, 1500));
    const again = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    await lc.close();
    expect(again.Account).toBe('000000000000');
  });

  it('has defaults that close a half-open socket within about 11 s, each read from its env setting', () => {
    const defaults = resolveLimits({}, {});
    expect(defaults).toEqual({ maxConnections: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 30_000, maxBodyBytes: 10 * 1024 * 1024, maxS3ObjectBytes: 512 * 1024 * 1024 });
    const env = Object.fromEntries(Object.values(LIMIT_SETTINGS).map((s, i) => [s.env, String(1000 + i)]));
    expect(Object.values(resolveLimits({}, env))).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);
    expect(() => resolveLimits({}, { LOCAL_CLOUD_MAX_CONNECTIONS: 'many' })).toThrow("LOCAL_CLOUD_MAX_CONNECTIONS (maxConnections) must be a positive integer, not 'many'");
  });
});

describe('request body limits (issue 15 item 11)', () => {
  const cloud = useLocalCloud();

  it("Lambda Invoke over 6 MB is AWS's 413 RequestEntityTooLargeException, before the function is looked up", async () => {
    const lambda = new LambdaClient({ ...cloud().clientConfig, maxAttempts: 1 });
    const payload = Buffer.alloc(6 * 1024 * 1024 + 1, 0x20);
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: payload }))).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      $metadata: { httpStatusCode: 413 },
    });
    // a 6 MB payload gets through to the function lookup
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: Buffer.alloc(6 * 1024 * 1024, 0x20) }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    lambda.destroy();
  });

  it('Lambda CreateFunction and UpdateFunctionCode take up to 69905067 bytes (a 50 MB zip in base64)', async () => {
    const big = Buffer.alloc(69_905_068, 'a');
    const create = await signedRequest(cloud().endpoint, { path: '/2015-03-31/functions', headers: { 'content-type': 'application/json' }, body: big }, { service: 'lambda' });
    const update = await signedRequest(cloud().endpoint, { method: 'PUT', path: '/2015-03-31/functions/f/code', headers: { 'content-type': 'application/json' }, body: big }, { service: 'lambda' });
    expect([create.status, errorCode(create)]).toEqual([413, 'RequestEntityTooLargeException']);
    expect(JSON.parse(create.body)).toEqual({ Type: 'User', message: 'Request must be smaller than 69905067 bytes for the CreateFunction operation' });
    expect(JSON.parse(update.body).message).toBe('Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation');
  });

  it('other APIs take at most LOCAL_CLOUD_MAX_BODY_BYTES (10 MiB): a larger one is refused before it is buffered', async () => {
    const res = await signedRequest(cloud().endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }, { service: 'ssm' });
    expect([res.status, errorCode(res)]).toEqual([413, 'RequestEntityTooLarge']);
    expect(res.body).toContain('LOCAL_CLOUD_MAX_BODY_BYTES');
  });

  it("an execute-api request over API Gateway's 10 MB payload quota gets the gateway's 413, whatever LOCAL_CLOUD_MAX_BODY_BYTES says", async () => {
    const roomy = await startLocalCloud({ limits: { maxBodyBytes: 32 * 1024 * 1024 } });
    const over = await rawRequest(roomy.endpoint, { target: '/_aws/execute-api/abcdefghij/prod/upload', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(10_485_761) });
    const within = await rawRequest(roomy.endpoint, { target: '/_aws/execute-api/abcdefghij/prod/upload', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(10_485_760) });
    await roomy.close();
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toEqual({ message: 'HTTP content length exceeded 10485760 bytes.' });
    expect(within.status).toBe(403); // through to the gateway: no such API
  });

  it('a 20 MiB PutObject through the SDK (a big CDK asset) is stored; over the S3 object limit it is EntityTooLarge', async () => {
    // Prepare
    const s3 = new S3Client({ ...cloud().clientConfig, maxAttempts: 1, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'big-assets' }));
    const data = Buffer.alloc(20 * 1024 * 1024, 7);
    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'big-assets', Key: 'asset.zip', Body: data }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'big-assets', Key: 'asset.zip' }));
    const stored = await got.Body!.transformToByteArray();
    const small = await startLocalCloud({ limits: { maxS3ObjectBytes: 1024 } });
    const refused = await signedRequest(small.endpoint, { method: 'PUT', path: '/cdk-hnb659fds-assets-000000000000-ap-southeast-1/big', body: Buffer.alloc(2048) }, { service: 's3' });
    await small.close();
    s3.destroy();
    // Assess
    expect(Buffer.from(stored).equals(data)).toBe(true);
    expect([refused.status, errorCode(refused)]).toEqual([400, 'EntityTooLarge']);
    expect(refused.body).toContain('<Message>Your proposed upload exceeds the maximum allowed object size.</Message><ProposedSize>2048</ProposedSize><MaxSizeAllowed>1024</MaxSizeAllowed>');
  });
});
