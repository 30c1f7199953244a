process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { AwsError } from '../../src/core/aws-error';
import { resolveParameters } from '../../src/services/cloudformation/engine/parameters';
import { EvaluatedTemplate, type StackEnvironment } from '../../src/services/cloudformation/engine/stack-template';
import { parseTemplate } from '../../src/services/cloudformation/engine/stack-template';
import { startLocalCloud, type LocalCloudFixture } from '../helpers/local-cloud';
import { errorCode, signedRequest, type RawResponse } from '../helpers/raw-request';

/**
 * Reliability item 3: property-based bad input to every protocol decoder (awsQuery, awsJson1_1, restJson1,
 * restXml) and to the CloudFormation template parser, from random mutations of REAL requests and templates
 * (mutated first, then correctly signed, so the bytes reach the decoder and the operation, not just SigV4).
 * Every answer must be an AWS-shaped success or error (code + request id), never a 5xx (AWS's own 501
 * NotImplemented aside), never a hang (each call bounded), and a rejected request must leave the database
 * exactly as it was (a hash of every table before and after).
 * test/fuzz.test.ts already covers unsigned garbage and garbled signatures; this suite covers signed, near-valid input.
 */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 20260101);
const CALL_TIMEOUT_MS = 15_000;
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const BUCKET = 'cdk-hnb659fds-assets-000000000000-ap-southeast-1';

// ---------- the state: a hash of every table ----------

function stateHash(lc: LocalCloudFixture): string {
  const db = lc.server.store.db;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  const h = createHash('sha256');
  for (const t of tables) {
    h.update(`\n#${t}\n`);
    for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate()) {
      h.update(JSON.stringify(row, (_k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v)));
    }
  }
  return h.digest('hex');
}

// ---------- generic mutations ----------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container node of a JSON value with its path. */
function nodes(v: Json, path: Array<string | number> = [], out: Array<{ path: Array<string | number>; node: Json }> = []) {
  out.push({ path, node: v });
  if (Array.isArray(v)) v.forEach((c, i) => nodes(c, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) nodes(c, [...path, k], out);
  return out;
}

interface Mutation {
  at: number;
  kind: 'replace' | 'delete' | 'insert';
  key: string;
  value: unknown;
}

function applyMutations(seed: Json, mutations: Mutation[]): unknown {
  let doc = JSON.parse(JSON.stringify(seed)) as Json;
  for (const original of mutations) {
    // a fresh copy of the inserted value: the same constant inserted twice must not make a cycle
    const m = { ...original, value: original.value === undefined ? undefined : JSON.parse(JSON.stringify(original.value)) };
    const all = nodes(doc);
    const { path } = all[m.at % all.length];
    if (path.length === 0) {
      if (m.kind === 'replace') doc = m.value as Json;
      else if (m.kind === 'insert' && doc && typeof doc === 'object' && !Array.isArray(doc)) (doc as Record<string, unknown>)[m.key] = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], doc);
    const last = path[path.length - 1];
    if (m.kind === 'replace') parent[last] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (Array.isArray(parent)) parent.splice(Number(last), 0, m.value);
    else Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD's bytes, as Buffer encodes it). */
function formEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const stats = { requests: 0, rejected: 0, accepted: 0, parserInputs: 0 };

const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
const strangeString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '%', '%zz', '../..', '*', '${', '{"a":', 'a'.repeat(3000), 'arn:aws:kms:ap-southeast-1:000000000000:key/', 'alias/', '[', '{ $.a = ', '?"a" ?', '%a(%', ...PROTO),
);
const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: strangeString, weight: 3 },
  { arbitrary: fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, true, false, null, [], {}, [[[[[]]]]]), weight: 2 },
);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'insert'),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTO)),
  value: strangeValue,
});
const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** Byte-level damage to a serialized body: truncate, flip, splice random bytes. */
const byteDamage = fc.record({ cut: fc.nat(), flip: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }), kind: fc.constantFrom('truncate', 'flip', 'splice') });
function damage(body: string, d: { cut: number; flip: number; bytes: Uint8Array; kind: string }): Buffer {
  const b = Buffer.from(body);
  if (b.length === 0) return Buffer.from(d.bytes);
  if (d.kind === 'truncate') return b.subarray(0, d.cut % b.length);
  if (d.kind === 'flip') {
    const c = Buffer.from(b);
    c[d.flip % c.length] ^= 0xff;
    return c;
  }
  const at = d.cut % b.length;
  return Buffer.concat([b.subarray(0, at), Buffer.from(d.bytes), b.subarray(at)]);
}

// ---------- the answer ----------

async function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS} ms: ${what}`)), CALL_TIMEOUT_MS); })]);
  } finally {
    clearTimeout(timer);
  }
}


/** An answer is AWS-shaped: a request id always; a 4xx carries an error code; no 5xx but AWS's 501. */
function expectAwsShaped(res: RawResponse, method: string, what: string): void {
  stats.requests++;
  const shape = { what, status: res.status, code: errorCode(res), requestId: typeof res.headers['x-amzn-requestid'] };
  if (res.status >= 500) expect(shape).toEqual({ ...shape, status: 501, code: 'NotImplemented' });
  expect(shape.requestId).toBe('string');
  if (res.status >= 400 && method !== 'HEAD') expect(shape).toEqual({ ...shape, code: expect.any(String) });
}

/** Sends `send()`, checks the answer, and that a rejected request changed nothing. */
async function checkCall(lc: LocalCloudFixture, what: string, method: string, send: () => Promise<RawResponse>): Promise<void> {
  const before = stateHash(lc);
  const res = await bounded(send(), what);
  expectAwsShaped(res, method, what);
  if (res.status >= 400) {
    stats.rejected++;
    expect({ what, status: res.status, code: errorCode(res), state: stateHash(lc) }).toEqual({ what, status: res.status, code: errorCode(res), state: before });
  } else stats.accepted++;
}

// ---------- seeds: real requests of this stack's life (CDK deploy, handler logging, the e2e suite) ----------

let lc: LocalCloudFixture;
let keyId: string;
let restApiId: string;

const jsonCall = (service: string, target: string, body: string) =>
  signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body }, { service });

beforeAll(async () => {
  lc = await startLocalCloud();
  const key = JSON.parse((await jsonCall('kms', 'TrentService.CreateKey', JSON.stringify({
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*' },
      ],
    }),
  }))).body);
  keyId = key.KeyMetadata.KeyId;
  for (const [target, body] of [
    ['Logs_20140328.CreateLogGroup', { logGroupName: '/fuzz/group', kmsKeyId: key.KeyMetadata.Arn }],
    ['Logs_20140328.CreateLogStream', { logGroupName: '/fuzz/group', logStreamName: 's' }],
    ['Logs_20140328.PutLogEvents', { logGroupName: '/fuzz/group', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: '{"requestId":"r1","level":"INFO"}' }] }],
  ] as const) {
    expect((await jsonCall('logs', target, JSON.stringify(body))).status).toBe(200);
  }
  const api = await signedRequest(lc.endpoint, { method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzz' }) }, { service: 'apigateway' });
  expect(api.status).toBe(201);
  restApiId = JSON.parse(api.body).id;
}, 60_000);

afterAll(async () => {
  await lc?.close();
  console.log(`reliability bad-input: ${stats.requests} signed mutated requests (${stats.rejected} rejected with state unchanged, ${stats.accepted} accepted), ${stats.parserInputs} templates parsed directly`);
});

const options = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: true, interruptAfterTimeLimit: 90_000 });

describe('awsJson1_1 (KMS, CloudWatch Logs, SSM): mutated real calls', () => {
  const seeds: Array<[string, string, () => Json]> = [
    ['kms', 'TrentService.Encrypt', () => ({ KeyId: keyId, Plaintext: Buffer.from('hello').toString('base64'), EncryptionContext: { a: 'b' } })],
    ['kms', 'TrentService.GenerateDataKey', () => ({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { 'aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/fuzz/group` } })],
    ['kms', 'TrentService.Decrypt', () => ({ CiphertextBlob: Buffer.from('LK\u0001garbage').toString('base64') })],
    ['kms', 'TrentService.PutKeyPolicy', () => ({ KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] }) })],
    ['kms', 'TrentService.ScheduleKeyDeletion', () => ({ KeyId: 'alias/nope', PendingWindowInDays: 7 })],
    ['kms', 'TrentService.CreateAlias', () => ({ AliasName: 'alias/aws/reserved', TargetKeyId: keyId })],
    ['logs', 'Logs_20140328.PutLogEvents', () => ({ logGroupName: '/fuzz/group', logStreamName: 'missing', logEvents: [{ timestamp: Date.now(), message: 'x' }] })],
    ['logs', 'Logs_20140328.FilterLogEvents', () => ({ logGroupName: '/fuzz/group', filterPattern: '{ $.requestId = "r1" }', startTime: 0, limit: 10 })],
    ['logs', 'Logs_20140328.GetLogEvents', () => ({ logGroupName: '/fuzz/group', logStreamName: 's', startFromHead: true, nextToken: 'f/00000000' })],
    ['logs', 'Logs_20140328.CreateLogGroup', () => ({ logGroupName: '/fuzz/group', kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000` })],
    ['logs', 'Logs_20140328.PutRetentionPolicy', () => ({ logGroupName: '/fuzz/group', retentionInDays: 13 })],
    ['logs', 'Logs_20140328.DescribeLogGroups', () => ({ logGroupNamePrefix: '/fuzz', limit: 51 })],
    ['ssm', 'AmazonSSM.GetParameter', () => ({ Name: '/cdk-bootstrap/hnb659fds/version:99' })],
  ];

  it(`answers ${RUNS} JSON-mutated and ${RUNS} byte-damaged calls AWS-shaped, state unchanged when rejected`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), mutations, async (i, m) => {
        const [service, target, seed] = seeds[i];
        await checkCall(lc, `${target} ${JSON.stringify(m).slice(0, 200)}`, 'POST', () => jsonCall(service, target, JSON.stringify(applyMutations(seed(), m)) ?? ''));
      }),
      options(),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), byteDamage, fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...PROTO.map((p) => `TrentService.${p}`))), { nil: undefined }), async (i, d, otherTarget) => {
        const [service, target, seed] = seeds[i];
        const body = damage(JSON.stringify(seed()), d);
        await checkCall(lc, `${target} damaged ${d.kind}`, 'POST', () =>
          signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': otherTarget ?? target }, body }, { service }));
      }),
      options(),
    );
  }, 240_000);
});

describe('awsQuery (IAM, STS, CloudFormation): mutated real calls', () => {
  const seeds: Array<[string, string, Array<[string, string]>]> = [
    ['iam', '2010-05-08', [['Action', 'CreateRole'], ['RoleName', 'fuzz-role'], ['AssumeRolePolicyDocument', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })], ['Tags.member.1.Key', 'k'], ['Tags.member.1.Value', 'v']]],
    ['iam', '2010-05-08', [['Action', 'PutRolePolicy'], ['RoleName', 'missing-role'], ['PolicyName', 'p'], ['PolicyDocument', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] })]]],
    ['sts', '2011-06-15', [['Action', 'AssumeRole'], ['RoleArn', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`], ['RoleSessionName', 'fuzz'], ['DurationSeconds', '900']]],
    ['cloudformation', '2010-05-15', [['Action', 'DescribeStacks'], ['StackName', 'KmsLogsApi-dev']]],
    ['cloudformation', '2010-05-15', [['Action', 'DescribeStackEvents'], ['StackName', 'arn:aws:cloudformation:ap-southeast-1:000000000000:stack/x/y'], ['NextToken', 'abc']]],
    ['cloudformation', '2010-05-15', [['Action', 'CreateChangeSet'], ['StackName', 'Fuzz'], ['ChangeSetName', 'cs'], ['ChangeSetType', 'CREATE'], ['TemplateURL', 'https://s3.ap-southeast-1.amazonaws.com/missing-bucket/t.json'], ['Parameters.member.1.ParameterKey', 'BootstrapVersion'], ['Parameters.member.1.ParameterValue', '/cdk-bootstrap/hnb659fds/version']]],
  ];
  const pairMutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('drop', 'value', 'key', 'add', 'dup'), text: fc.oneof(strangeString, fc.constantFrom('member.0', 'member.-1', 'member.99999999999', 'Tags.member.1', 'Tags.member.a.Key')) });

  it(`answers ${RUNS} mutated form calls AWS-shaped, state unchanged when rejected`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.array(pairMutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (i, ms, badEncoding) => {
        const [service, version, seed] = seeds[i];
        const pairs = seed.map(([k, v]) => [k, v] as [string, string]);
        for (const m of ms) {
          const at = m.at % Math.max(pairs.length, 1);
          if (m.kind === 'drop') pairs.splice(at, 1);
          else if (m.kind === 'value' && pairs[at]) pairs[at][1] = m.text;
          else if (m.kind === 'key' && pairs[at]) pairs[at][0] = m.text;
          else if (m.kind === 'dup' && pairs[at]) pairs.push([pairs[at][0], m.text]);
          else pairs.push([m.text, m.text]);
        }
        let body = [...pairs, ['Version', version]].map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
        if (badEncoding) body += '&%E0%A4%A=%&=';
        await checkCall(lc, `${service} ${body.slice(0, 200)}`, 'POST', () =>
          signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }, { service }));
      }),
      options(),
    );
  }, 240_000);
});

describe('restJson1 (Lambda, API Gateway control plane): mutated real calls', () => {
  const seg = fc.oneof(fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.constantFrom('%2F', '%00', '..', '.', '', 'a'.repeat(300), ...PROTO));
  const seeds: Array<{ service: string; method: string; path: () => string; body?: () => Json }> = [
    { service: 'lambda', method: 'POST', path: () => '/2015-03-31/functions', body: () => ({ FunctionName: 'fuzz', Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/missing`, Handler: 'index.handler', Code: { ZipFile: Buffer.from('not a zip').toString('base64') }, MemorySize: 128, Timeout: 3, LoggingConfig: { LogFormat: 'JSON', LogGroup: '/fuzz/group' } }) },
    { service: 'lambda', method: 'GET', path: () => '/2015-03-31/functions/missing-fn' },
    { service: 'lambda', method: 'POST', path: () => '/2015-03-31/functions/missing-fn/invocations', body: () => ({ httpMethod: 'GET', path: '/health' }) },
    { service: 'lambda', method: 'POST', path: () => '/2015-03-31/functions/missing-fn/policy', body: () => ({ StatementId: 's', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }) },
    { service: 'apigateway', method: 'POST', path: () => '/restapis', body: () => ({ name: 'fuzz-api', endpointConfiguration: { types: ['REGIONAL'] } }) },
    { service: 'apigateway', method: 'GET', path: () => `/restapis/${restApiId}/resources` },
    { service: 'apigateway', method: 'PATCH', path: () => `/restapis/${restApiId}/stages/v1`, body: () => ({ patchOperations: [{ op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' }] }) },
    { service: 'apigateway', method: 'POST', path: () => `/restapis/${restApiId}/deployments`, body: () => ({ stageName: 'v1', description: 'd' }) },
    { service: 'apigateway', method: 'PUT', path: () => `/restapis/${restApiId}/resources/root/methods/GET`, body: () => ({ authorizationType: 'NONE' }) },
  ];
  const methodChange = fc.option(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'), { nil: undefined });

  it(`answers ${RUNS} mutated REST-JSON calls AWS-shaped, state unchanged when rejected`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.option(mutations, { nil: undefined }), fc.option(fc.tuple(fc.nat(), seg), { nil: undefined }), fc.dictionary(fc.constantFrom('Qualifier', 'position', 'limit', 'Marker', 'MaxItems', 'x'), fc.string({ maxLength: 10 }), { maxKeys: 2 }), methodChange, async (i, m, pathMutation, query, otherMethod) => {
        const s = seeds[i];
        const segments = s.path().split('/');
        if (pathMutation) segments[1 + (pathMutation[0] % (segments.length - 1))] = pathMutation[1];
        const body = s.body ? JSON.stringify(m ? applyMutations(s.body(), m) : s.body()) ?? '' : '';
        const method = otherMethod ?? s.method;
        await checkCall(lc, `${method} ${segments.join('/')} ${body.slice(0, 150)}`, method, () =>
          signedRequest(lc.endpoint, { method, path: segments.join('/'), query, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? '' : body }, { service: s.service }));
      }),
      options(),
    );
  }, 240_000);
});

describe('restXml (S3): mutated real calls', () => {
  const xmlDamage = fc.oneof(
    fc.constant('<Delete><Object><Key>k</Key></Object></Delete>'),
    fc.constant('<CreateBucketConfiguration><LocationConstraint>ap-southeast-1</LocationConstraint></CreateBucketConfiguration>'),
    fc.constant('<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>'),
  ).chain((xml) => fc.tuple(fc.constant(xml), byteDamage, fc.boolean())).map(([xml, d, keep]) => (keep ? Buffer.from(xml) : damage(xml, d)));
  const key = fc.oneof(fc.string({ maxLength: 30 }).map((k) => k.split('/').map(encodeURIComponent).join('/')), fc.constantFrom('a/../b', '%2e%2e', 'k'.repeat(1100)));
  const seeds: Array<(k: string, xml: Buffer) => { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: Buffer | string }> = [
    (k) => ({ method: 'PUT', path: `/${BUCKET}/fuzz/${k}`, body: 'data', headers: { 'content-type': 'application/octet-stream' } }),
    (k) => ({ method: 'GET', path: `/${BUCKET}/fuzz/${k}`, headers: { range: 'bytes=5-2' } }),
    (k) => ({ method: 'GET', path: `/${BUCKET}`, query: { 'list-type': '2', prefix: k, 'max-keys': '-1', 'continuation-token': k } }),
    (_k, xml) => ({ method: 'POST', path: `/${BUCKET}`, query: { delete: '' }, body: xml }),
    (_k, xml) => ({ method: 'PUT', path: `/${BUCKET}`, query: { encryption: '' }, body: xml }),
    (k, xml) => ({ method: 'PUT', path: `/fuzz-${k.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'x'}`, body: xml }),
    (k) => ({ method: 'PUT', path: `/${BUCKET}/fuzz/copy`, headers: { 'x-amz-copy-source': `/${BUCKET}/${k}`, 'x-amz-checksum-crc32': 'AAAAAA==' } }),
    (k) => ({ method: 'HEAD', path: `/${BUCKET}/${k}`, headers: { 'if-match': '"nope"' } }),
  ];

  it(`answers ${RUNS} mutated S3 calls AWS-shaped, state unchanged when rejected`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), key, xmlDamage, async (i, k, xml) => {
        const r = seeds[i](k, xml);
        await checkCall(lc, `${r.method} ${r.path} ${JSON.stringify(r.query ?? {})}`, r.method, () => signedRequest(lc.endpoint, r, { service: 's3' }));
      }),
      options(),
    );
  }, 240_000);
});

// ---------- CloudFormation templates ----------

/** A real template of the shape `cdk synth` produces for this stack (key, encrypted group, role, rule, outputs). */
const REAL_TEMPLATE: Json = {
  Description: 'fuzz',
  Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' }, Suffix: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'crash'] } },
  Conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Suffix' }, 'dev'] } },
  Mappings: { Retention: { 'ap-southeast-1': { Days: 30 } } },
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: true,
        PendingWindowInDays: 7,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Action: 'kms:*', Resource: '*' },
            {
              Effect: 'Allow',
              Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } },
              Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
              Resource: '*',
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/fuzz/${Suffix}/*' } } },
            },
          ],
        },
      },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    },
    Group: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: { 'Fn::Sub': '/fuzz/${Suffix}/function' }, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, RetentionInDays: { 'Fn::FindInMap': ['Retention', { Ref: 'AWS::Region' }, 'Days'] } },
      DependsOn: ['Key'],
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsDev',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'logs', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['Group', 'Arn'] } }] } }],
      },
    },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Group' }] }] } } },
  },
  Outputs: {
    KmsKeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] } },
    RoleArn: { Condition: 'IsDev', Value: { 'Fn::If': ['IsDev', { 'Fn::GetAtt': ['Role', 'Arn'] }, { Ref: 'AWS::NoValue' }] } },
  },
  Rules: {
    CheckBootstrapVersion: {
      Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] }, AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI." }],
    },
  },
};
const REAL_YAML = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }
            Action: kms:*
            Resource: '*'
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: !GetAtt Key.Arn
      LogGroupName: !Join [ '', [ /fuzz/, !Select [ 0, !GetAZs '' ] ] ]
Outputs:
  G: { Value: !Ref Group }
`;

const INTRINSIC_GARBAGE: unknown[] = [
  { Ref: 'Nope' }, { Ref: {} }, { Ref: ['Key'] }, { 'Fn::GetAtt': 5 }, { 'Fn::GetAtt': ['Key'] }, { 'Fn::GetAtt': 'Key.Nope' }, { 'Fn::GetAtt': ['Group', 'Arn', 'x'] },
  { 'Fn::Sub': '${' }, { 'Fn::Sub': ['${A}', { A: { Ref: 'Key' } }, 3] }, { 'Fn::Sub': ['${A}', 5] }, { 'Fn::Sub': '${!Literal}${AWS::NoValue}' },
  { 'Fn::Join': ['', 5] }, { 'Fn::Join': [{}, ['a']] }, { 'Fn::Select': ['99', [1]] }, { 'Fn::Select': [-1, [1]] }, { 'Fn::Select': ['x', { Ref: 'AWS::NotificationARNs' }] },
  { 'Fn::Split': [',', { Ref: 'AWS::NoValue' }] }, { 'Fn::Split': ['', 'abc'] }, { 'Fn::If': ['Nope', 1, 2] }, { 'Fn::If': ['IsDev'] }, { 'Fn::FindInMap': ['Retention', 'x', 'y'] },
  { 'Fn::FindInMap': [{ Ref: 'Suffix' }] }, { 'Fn::Base64': {} }, { 'Fn::Cidr': ['10.0.0.0/16', 99999, 8] }, { 'Fn::GetAZs': 5 }, { 'Fn::ImportValue': 'missing' },
  { 'Fn::Length': 'x' }, { 'Fn::ToJsonString': { a: { Ref: 'Key' } } }, { Condition: 'Nope' }, { 'Fn::Equals': [1] }, { 'Fn::And': [] }, { 'Fn::Not': [true, false] },
  { 'Fn::Or': Array.from({ length: 11 }, () => true) }, { 'Fn::Contains': 'x' }, { 'Fn::EachMemberEquals': [[], 1] }, { 'Fn::Transform': { Name: 'x' } }, { 'Fn::Unknown': 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: 1 } }, { Ref: 'AWS::Region', Extra: 1 },
];
const templateMutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'insert'),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTO, 'DependsOn', 'Condition', 'Type', 'Properties', 'Fn::GetAtt', 'Ref', 'Transform', 'Metadata')),
  value: fc.oneof({ arbitrary: fc.constantFrom(...INTRINSIC_GARBAGE), weight: 3 }, { arbitrary: strangeValue, weight: 2 }, { arbitrary: fc.constantFrom('Key', 'Group', 'Role', ['Group'], ['Role', 'Key'], 'AWS::Nope::Type'), weight: 1 }),
});
const templateText = fc.oneof(
  fc.array(templateMutation, { minLength: 1, maxLength: 5 }).map((m) => JSON.stringify(applyMutations(REAL_TEMPLATE, m)) ?? ''),
  fc.tuple(fc.constantFrom(JSON.stringify(REAL_TEMPLATE, null, 1), REAL_YAML), byteDamage).map(([t, d]) => damage(t, d).toString('utf8')),
  fc.tuple(fc.nat(), fc.constantFrom('!Ref', '!GetAtt', '!Sub', '!If', '!Select', '!Nope', '&a', '*a', '<<: *a', ': :', '- - -', '\t', '"', '{', '[', '%YAML 9.9', '---\n---', '!!binary', '!!python/object')).map(([at, s]) => {
    const i = at % REAL_YAML.length;
    return `${REAL_YAML.slice(0, i)}${s}${REAL_YAML.slice(i)}`;
  }),
);

describe('CloudFormation template parser', () => {
  const ENV: StackEnvironment = { accountId: ACCOUNT, region: REGION, stackName: 'Fuzz', stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Fuzz/00000000-0000-0000-0000-000000000000` };
  const ssm = { getParameterValue: async (name: string) => (name === '/cdk-bootstrap/hnb659fds/version' ? '30' : undefined) };

  it('the seeds are valid templates', async () => {
    for (const text of [JSON.stringify(REAL_TEMPLATE), REAL_YAML]) {
      const t = parseTemplate(text);
      EvaluatedTemplate.evaluate(t, await resolveParameters(t, [], undefined, ssm), ENV);
    }
  });

  it(`parses and evaluates ${RUNS * 10} mutated templates: a Template or an AwsError (ValidationError), never another exception, each within 5 s`, async () => {
    await fc.assert(
      fc.asyncProperty(templateText, async (text) => {
        stats.parserInputs++;
        const started = Date.now();
        try {
          const t = parseTemplate(text);
          EvaluatedTemplate.evaluate(t, await resolveParameters(t, [], undefined, ssm), ENV);
        } catch (e) {
          expect({ text: text.slice(0, 300), error: e instanceof AwsError ? 'AwsError' : String((e as Error)?.stack ?? e) }).toEqual({ text: text.slice(0, 300), error: 'AwsError' });
          expect((e as AwsError).status).toBe(400);
        }
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { ...options(RUNS * 10) },
    );
  }, 240_000);

  it(`ValidateTemplate and CreateStack over the wire answer ${RUNS} mutated templates AWS-shaped; every created stack ends in a terminal state`, async () => {
    const created: string[] = [];
    await fc.assert(
      fc.asyncProperty(templateText, fc.constantFrom('ValidateTemplate', 'CreateStack'), async (text, action) => {
        const name = `Fuzz${created.length}x${stats.requests}`;
        const params: Array<[string, string]> = [['Action', action], ['Version', '2010-05-15'], ['TemplateBody', text]];
        if (action === 'CreateStack') params.push(['StackName', name]);
        const body = params.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
        const res = await bounded(signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }, { service: 'cloudformation' }), `${action} ${text.slice(0, 200)}`);
        expectAwsShaped(res, 'POST', `${action} ${text.slice(0, 200)}`);
        if (res.status === 200 && action === 'CreateStack') created.push(name);
      }),
      options(),
    );
    // every stack that was accepted ends (complete, or failed/rolled back with a reason) within the bound
    const deadline = Date.now() + 120_000;
    for (const name of created) {
      for (;;) {
        const res = await signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=DescribeStacks&Version=2010-05-15&StackName=${name}` }, { service: 'cloudformation' });
        expect(res.status).toBe(200);
        const status = /<StackStatus>([^<]+)<\/StackStatus>/.exec(res.body)?.[1] ?? '';
        if (!status.endsWith('_IN_PROGRESS')) {
          expect(status).toMatch(/^(CREATE_COMPLETE|CREATE_FAILED|ROLLBACK_COMPLETE|ROLLBACK_FAILED)$/);
          if (status !== 'CREATE_COMPLETE') expect(res.body).toMatch(/<StackStatusReason>[^<]+<\/StackStatusReason>/);
          break;
        }
        if (Date.now() > deadline) throw new Error(`stack ${name} still ${status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const health = await fetch(`${lc.endpoint}/_local-cloud/health`);
    expect(health.status).toBe(200);
  }, 300_000);
});
