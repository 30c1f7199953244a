import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { startLocalCloud, useLocalCloud } from '../helpers/local-cloud';
import { errorCode, rawRequest, signedRequest, type RawRequest, type RawResponse } from '../helpers/raw-request';

const ASSETS = 'cdk-hnb659fds-assets-000000000000-ap-southeast-1';
const MAX_BODY = 256 * 1024;

const chars = (s: string) => s.split('');
const text = (alphabet: string, minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...chars(alphabet)), minLength, maxLength });
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Every character a raw request target may carry except `?` and `#` (including `%` escapes that do not decode). */
const PATH_CHARS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '?' && c !== '#').join('');

const method = fc.oneof(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'), text('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1, 8));
const rawPath = text(PATH_CHARS, 0, 60).map((p) => `/${p}`);
const rawQuery = fc.option(text(`${ALNUM}=&%+-._~`, 0, 30), { nil: undefined }).map((q) => (q === undefined ? '' : `?${q}`));
const printable = text(`${ALNUM} !"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`, 0, 80);
const contentType = fc.constantFrom(undefined, 'application/x-amz-json-1.1', 'application/x-www-form-urlencoded', 'application/xml', 'application/json', 'text/plain', 'garbage/???');
const bytes = fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b));
const jsonText = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), text('{}[]":,0123456789truefalsn ', 0, 60));
const xmlText = fc.oneof(
  printable,
  fc.tuple(text(ALNUM, 1, 10), printable).map(([tag, inner]) => `<${tag}>${inner}</${tag}>`),
  fc.constantFrom('<Delete><Object><Key>k</Key></Object>', '<!DOCTYPE x [<!ENTITY e "e">]><Delete>&e;</Delete>', '<Delete><Object/></Delete>', '<Delete></Delete>', '<a><b></a>'),
);
const formText = fc.array(fc.tuple(fc.oneof(text(ALNUM, 1, 12), fc.constantFrom('RoleName', 'RoleArn', 'RoleSessionName', 'PolicyDocument', 'Tags.member.1.Key', 'DurationSeconds', 'Action', 'member.1')), printable), { maxLength: 6 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
/** Names that are properties of every JavaScript object: never operations, keys or members. */
const PROTOTYPE_NAMES = ['constructor', 'valueOf', 'toString', '__proto__', 'hasOwnProperty', 'prototype'];
const amzDate = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

type Case = { kind: string; req: RawRequest & { path?: string; query?: Record<string, string> }; sign?: string };

/** Unsigned anything: random method, target, headers and bytes. */
const unsigned: fc.Arbitrary<Case> = fc.record({ method, path: rawPath, query: rawQuery, type: contentType, target: fc.option(printable, { nil: undefined }), body: fc.oneof(bytes, jsonText, xmlText, formText) })
  .map(({ method: m, path, query, type, target, body }) => ({
    kind: 'unsigned',
    req: { method: m, target: path + query, headers: { ...(type ? { 'content-type': type } : {}), ...(target !== undefined ? { 'x-amz-target': target } : {}) }, body },
  }));

/** A garbled, partial or forged Authorization header. */
const garbledAuth: fc.Arbitrary<Case> = fc.record({
  auth: fc.oneof(
    printable,
    printable.map((p) => `AWS4-HMAC-SHA256 ${p}`),
    fc.constantFrom(...PROTOTYPE_NAMES).map((k) => `AWS4-HMAC-SHA256 Credential=${k}/${amzDate().slice(0, 8)}/ap-southeast-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`),
    fc.tuple(text(ALNUM, 0, 12), text('0123456789', 0, 8), text(`${ALNUM}-`, 0, 15), fc.constantFrom('sts', 'ssm', 's3', 'iam', 'kms', 'logs', 'nope', '')).map(([k, d, r, s]) =>
      `AWS4-HMAC-SHA256 Credential=${k}/${d}/${r}/${s}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`),
    text('0123456789abcdef', 64, 64).map((sig) => `AWS4-HMAC-SHA256 Credential=test/${amzDate().slice(0, 8)}/ap-southeast-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`),
  ),
  date: fc.oneof(fc.constant(undefined), printable, fc.constant(amzDate())),
  method,
  path: rawPath,
  type: contentType,
  body: fc.oneof(bytes, formText, jsonText),
}).map(({ auth, date, method: m, path, type, body }) => ({
  kind: 'garbled-auth',
  req: { method: m, target: path, headers: { authorization: auth, ...(date !== undefined ? { 'x-amz-date': date } : {}), ...(type ? { 'content-type': type } : {}) }, body },
}));

/** Correctly signed JSON calls with bad targets and bodies. */
const signedJson: fc.Arbitrary<Case> = fc.record({
  target: fc.oneof(printable, text(ALNUM, 0, 20).map((op) => `AmazonSSM.${op}`), fc.constantFrom(...PROTOTYPE_NAMES).map((op) => `AmazonSSM.${op}`), fc.constantFrom('AmazonSSM.GetParameter', 'AmazonSSM.PutParameter', 'AmazonSSM.GetParameters', 'AmazonSSM.DeleteParameter')),
  body: fc.oneof(bytes, jsonText, fc.dictionary(fc.constantFrom('Name', 'Value', 'Type', 'Names', 'Overwrite', 'WithDecryption', 'x'), fc.jsonValue()).map((o) => JSON.stringify(o))),
}).map(({ target, body }) => ({ kind: 'signed-json', sign: 'ssm', req: { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body } }));

/** Correctly signed awsQuery calls with unknown actions or bad parameters. */
const signedQuery: fc.Arbitrary<Case> = fc.record({
  service: fc.constantFrom('sts', 'iam'),
  action: fc.oneof(text(ALNUM, 0, 20), fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom('AssumeRole', 'CreateRole', 'GetRole', 'DeleteRole', 'PutRolePolicy', 'GetRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy')),
  params: fc.oneof(formText, bytes.map((b) => b.toString('latin1'))),
}).map(({ service, action, params }) => ({
  kind: 'signed-query',
  sign: service,
  req: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=${encodeURIComponent(action)}&Version=${service === 'sts' ? '2011-06-15' : '2010-05-08'}&${params}` },
}));

/** Correctly signed S3 calls that cannot succeed: a bucket that cannot exist, or bad bodies and checksums on one that does. */
const signedS3: fc.Arbitrary<Case> = fc.oneof(
  fc.record({ method, key: text(`${ALNUM}-_.~/`, 0, 30), q: fc.option(fc.tuple(text('z', 1, 3), text(ALNUM, 0, 8)), { nil: undefined }), body: fc.oneof(bytes, xmlText) })
    .map(({ method: m, key, q, body }) => ({ kind: 's3-no-bucket', sign: 's3', req: { method: m, path: `/NoSuchBucket-${m.length}/${key}`, query: q ? { [q[0]]: q[1] } : {}, body } })),
  xmlText.map((body) => ({ kind: 's3-delete-xml', sign: 's3', req: { method: 'POST', path: `/${ASSETS}`, query: { delete: '' }, body } })),
  fc.record({ key: text(ALNUM, 1, 20), sum: text(`${ALNUM}+/=`, 0, 12), algorithm: fc.constantFrom('crc32', 'crc32c', 'sha1', 'sha256', 'crc64nvme') })
    .map(({ key, sum, algorithm }) => ({ kind: 's3-bad-checksum', sign: 's3', req: { method: 'PUT', path: `/${ASSETS}/${key}`, headers: { [`x-amz-checksum-${algorithm}`]: `${sum}!` }, body: 'data' } })),
  text(ALNUM, 1, 20).map((key) => ({ kind: 's3-no-key', sign: 's3', req: { method: 'GET', path: `/${ASSETS}/missing-${key}` } })),
);

/** A body over the limit. */
const huge: fc.Arbitrary<Case> = fc.constantFrom('application/x-amz-json-1.1', 'application/x-www-form-urlencoded', undefined).map((type) => ({
  kind: 'huge',
  req: { method: 'PUT', target: '/some-bucket/key', headers: type ? { 'content-type': type } : ({} as Record<string, string>), body: Buffer.alloc(MAX_BODY + 1, 'x') },
}));

const anyCase = fc.oneof(
  { arbitrary: unsigned, weight: 3 },
  { arbitrary: garbledAuth, weight: 3 },
  { arbitrary: signedJson, weight: 3 },
  { arbitrary: signedQuery, weight: 3 },
  { arbitrary: signedS3, weight: 3 },
  { arbitrary: huge, weight: 1 },
);

/** Paths and targets that reach every service's routing once signatures are not checked. */
const SEGMENTS = ['2015-03-31', 'functions', 'invocations', 'restapis', 'resources', 'methods', 'stages', 'deployments', '_user_request_', '_aws', 'execute-api', 'tags', 'policy', 'constructor', '..', ''];
const openRequest = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH'),
  path: fc.array(fc.oneof(text(PATH_CHARS, 0, 12), fc.constantFrom(...SEGMENTS)), { maxLength: 7 }).map((s) => `/${s.join('/')}`),
  target: fc.option(fc.tuple(fc.constantFrom('TrentService', 'Logs_20140328', 'AmazonSSM', 'x'), fc.oneof(text(ALNUM, 0, 20), fc.constantFrom('CreateKey', 'Encrypt', 'Decrypt', 'CreateLogGroup', 'PutLogEvents', 'AssociateKmsKey', ...PROTOTYPE_NAMES))).map(([p, o]) => `${p}.${o}`), { nil: undefined }),
  type: contentType,
  body: fc.oneof(bytes, jsonText, formText, xmlText),
});

describe('fuzz: malformed requests', () => {
  const cloud = useLocalCloud({}, { maxBodyBytes: MAX_BODY });

  it('answers 1,000 malformed requests with AWS-shaped 4xx errors and keeps serving', async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        const res: RawResponse = c.sign ? await signedRequest(cloud().endpoint, c.req, { service: c.sign }) : await rawRequest(cloud().endpoint, c.req);
        const shape = { kind: c.kind, status: res.status, code: errorCode(res), requestId: typeof res.headers['x-amzn-requestid'] };
        expect(shape).toEqual({ kind: c.kind, status: expect.any(Number), code: expect.any(String), requestId: 'string' });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 20251129), endOnFailure: true },
    );
    // every kind of malformed request was tried
    expect([...kinds.keys()].sort()).toEqual(['garbled-auth', 'huge', 's3-bad-checksum', 's3-delete-xml', 's3-no-bucket', 's3-no-key', 'signed-json', 'signed-query', 'unsigned']);

    const sts = new STSClient(cloud().clientConfig);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Account).toBe('000000000000');
  }, 60_000);

  it('never answers 5xx to unsigned garbage reaching every service (verification off)', async () => {
    const open = await startLocalCloud({ verifySignatures: false, maxBodyBytes: MAX_BODY });
    try {
      await fc.assert(
        fc.asyncProperty(openRequest, async (r) => {
          const headers: Record<string, string> = { ...(r.type ? { 'content-type': r.type } : {}), ...(r.target ? { 'x-amz-target': r.target } : {}) };
          const res = await rawRequest(open.endpoint, { method: r.method, target: r.path, headers, body: r.body });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(errorCode(res)).toEqual(expect.any(String));
        }),
        { numRuns: 500, seed: 20251129, endOnFailure: true },
      );
    } finally {
      await open.close();
    }
  }, 60_000);
});
