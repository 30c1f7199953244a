import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsError } from '../src/core/aws-error';
import type { AwsService } from '../src/core/service';
import { createServices } from '../src/services/registry';
import { startServer } from '../src/server';
import { startLocalCloud, type LocalCloudFixture } from './helpers/local-cloud';
import { errorCode, rawRequest, signedRequest } from './helpers/raw-request';
import { SSM_AUTHORIZATION } from '../src/services/ssm/authorization';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('server', () => {
  let lc: LocalCloudFixture;

  beforeAll(async () => {
    lc = await startLocalCloud({ maxBodyBytes: 64 * 1024, limits: { maxS3ObjectBytes: 64 * 1024 } });
  });
  afterAll(() => lc.close());

  it('answers the unsigned health probe', async () => {
    const res = await rawRequest(lc.endpoint, { method: 'GET', target: '/_local-cloud/health' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    expect(res.headers['x-local-cloud-pid']).toBe(String(process.pid));
  });

  it('binds loopback only', async () => {
    await expect(startServer({ port: 0, host: '0.0.0.0' as never })).rejects.toThrow(/loopback/);
  });

  it('sends a request id and a true Date on every reply; S3 also x-amz-request-id and x-amz-id-2', async () => {
    const ok = await signedRequest(lc.endpoint, { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, { service: 'sts' });
    const failed = await rawRequest(lc.endpoint, { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    const s3 = await signedRequest(lc.endpoint, { method: 'GET', path: '/' }, { service: 's3' });
    for (const res of [ok, failed, s3]) {
      expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Date.parse(String(res.headers.date)) - Date.now())).toBeLessThan(5_000);
    }
    expect(ok.body).toContain(`<RequestId>${ok.headers['x-amzn-requestid']}</RequestId>`);
    expect(s3.headers['x-amz-request-id']).toBe(s3.headers['x-amzn-requestid']);
    expect(s3.headers['x-amz-id-2']).toBeTruthy();
    expect(s3.body).toContain('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
  });

  it('answers Expect: 100-continue before the body is sent', async () => {
    const url = new URL(lc.endpoint);
    const res = await new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
      let continued = false;
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', agent: false, headers: { ...FORM, expect: '100-continue', 'content-length': 43 } });
      req.on('continue', () => {
        continued = true;
        req.end('Action=GetCallerIdentity&Version=2011-06-15');
      });
      req.on('response', (r) => {
        r.resume();
        r.on('end', () => resolve({ continued, status: r.statusCode ?? 0 }));
      });
      req.on('error', reject);
    });
    expect(res).toEqual({ continued: true, status: 403 });
  });

  it('refuses a body over the limit with an AWS error, then keeps serving', async () => {
    const big = Buffer.alloc(100 * 1024, 'a');
    const json = await rawRequest(lc.endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: big });
    const s3 = await signedRequest(lc.endpoint, { method: 'PUT', path: '/cdk-hnb659fds-assets-000000000000-ap-southeast-1/big', body: big }, { service: 's3' });
    expect([json.status, errorCode(json)]).toEqual([413, 'RequestEntityTooLarge']);
    expect([s3.status, errorCode(s3)]).toEqual([400, 'EntityTooLarge']);
    expect(s3.body).toContain('<Error><Code>EntityTooLarge</Code>');
    const after = await signedRequest(lc.endpoint, { headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, { service: 'sts' });
    expect(after.status).toBe(200);
  });

  it('an unknown service is an AWS-shaped error', async () => {
    const res = await signedRequest(lc.endpoint, { headers: FORM, body: 'Action=DescribeInstances&Version=2016-11-15' }, { service: 'ec2' });
    expect([res.status, errorCode(res)]).toEqual([400, 'UnknownServiceException']);
    expect(res.body).toContain('(ec2)');
  });

  it('awsQuery: an unknown or missing Action is InvalidAction / MissingAction', async () => {
    const unknown = await signedRequest(lc.endpoint, { headers: FORM, body: 'Action=Frobnicate&Version=2011-06-15' }, { service: 'sts' });
    const missing = await signedRequest(lc.endpoint, { headers: FORM, body: 'Version=2011-06-15' }, { service: 'sts' });
    expect([unknown.status, errorCode(unknown)]).toEqual([400, 'InvalidAction']);
    expect(unknown.body).toMatch(/^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/);
    expect([missing.status, errorCode(missing)]).toEqual([400, 'MissingAction']);
  });

  it('awsJson: an unknown target is UnknownOperationException, bad JSON SerializationException, an empty body is {}', async () => {
    const json = (target: string, body: string) => signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body }, { service: 'ssm' });
    const unknown = await json('AmazonSSM.Frobnicate', '{}');
    const wrongPrefix = await json('TrentService.GetParameter', '{}');
    const bad = await json('AmazonSSM.GetParameter', '{"Name": ');
    const array = await json('AmazonSSM.GetParameter', '[]');
    const empty = await json('AmazonSSM.GetParameter', '');
    expect([unknown.status, errorCode(unknown)]).toEqual([400, 'UnknownOperationException']);
    expect(JSON.parse(unknown.body).__type).toBe('UnknownOperationException');
    expect(errorCode(wrongPrefix)).toBe('UnknownOperationException');
    expect([bad.status, errorCode(bad)]).toEqual([400, 'SerializationException']);
    expect(errorCode(array)).toBe('SerializationException');
    expect([empty.status, errorCode(empty)]).toEqual([400, 'ValidationException']);
  });

  it('bootstraps a region the first time a request for it arrives', async () => {
    const s3 = new S3Client({ ...lc.clientConfig, region: 'eu-west-2' });
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    s3.destroy();
    expect(Buckets?.find((b) => b.Name === 'cdk-hnb659fds-assets-000000000000-eu-west-2')?.BucketRegion).toBe('eu-west-2');
  });

  it('keeps /_aws/execute-api/ and /restapis/<id>/<stage>/_user_request_/ for a data plane', async () => {
    // Prepare: no service brings a data plane
    const server = await startServer({ port: 0, services: (deps) => createServices(deps).filter((s) => !s.dataPlane) });
    // Act
    const restapis = await rawRequest(server.url, { method: 'GET', target: '/restapis/abc123/prod/_user_request_/hello' });
    const executeApi = await rawRequest(server.url, { method: 'POST', target: '/_aws/execute-api/abc123/prod/x', body: '{}' });
    await server.close();
    // Assess
    expect([restapis.status, errorCode(restapis)]).toEqual([404, 'NotFoundException']);
    expect([executeApi.status, errorCode(executeApi)]).toEqual([404, 'NotFoundException']);
  });

  it('tries data planes before service routing', async () => {
    // Prepare: a service whose data plane answers execute-api paths
    const echo: AwsService = {
      signingName: 'apigateway', protocol: 'restJson1', operations: {},
      dataPlane: {
        matches: (req) => req.rawPath.startsWith('/_aws/execute-api/'),
        handle: (req, ctx) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: `${req.method} ${req.rawPath} ${req.body.toString()} ${ctx.requestId.length}` }),
      },
    };
    const server = await startServer({ port: 0, services: (deps) => [...createServices(deps).filter((s) => !s.dataPlane), echo] });
    // Act
    const res = await rawRequest(server.url, { method: 'POST', target: '/_aws/execute-api/api1/prod/items?x=1', body: 'payload' });
    await server.close();
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toBe('POST /_aws/execute-api/api1/prod/items payload 36');
  });

  it('turns a bug in an operation into InternalFailure, not a crash', async () => {
    const lines: string[] = [];
    const buggy: AwsService = { signingName: 'ssm', authorization: SSM_AUTHORIZATION, protocol: 'awsJson1_1', targetPrefix: 'AmazonSSM', operations: { GetParameter: () => { throw new TypeError('boom'); } } };
    const server = await startServer({ port: 0, services: () => [buggy], log: (l) => lines.push(l) });
    const res = await signedRequest(server.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: '{"Name":"p"}' }, { service: 'ssm' });
    await server.close();
    expect([res.status, errorCode(res)]).toEqual([500, 'InternalFailure']);
    expect(lines.join('\n')).toContain('TypeError: boom');
  });

  it('maps AwsError fields and headers onto the reply', async () => {
    const failing: AwsService = {
      signingName: 'ssm', authorization: SSM_AUTHORIZATION, protocol: 'awsJson1_1', targetPrefix: 'AmazonSSM',
      operations: { GetParameter: () => { throw new AwsError('ThrottlingException', 'slow down', { fields: { Reason: 'x' }, headers: { 'retry-after': '1' } }); } },
    };
    const server = await startServer({ port: 0, services: () => [failing] });
    const res = await signedRequest(server.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: '{"Name":"p"}' }, { service: 'ssm' });
    await server.close();
    expect(JSON.parse(res.body)).toEqual({ __type: 'ThrottlingException', message: 'slow down', Reason: 'x' });
    expect(res.headers['retry-after']).toBe('1');
  });

  it('says which port is in use', async () => {
    await expect(startServer({ port: lc.server.port })).rejects.toThrow(`port ${lc.server.port} is in use: stop the other process or pass --port`);
  });
});

describe('state across a restart', () => {
  it('keeps what was written', async () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-restart-'));
    const dbFile = path.join(dir, 'local-cloud.db');
    const first = await startLocalCloud({ dbFile });
    const clients = (config: typeof first.clientConfig) => ({ ssm: new SSMClient(config), s3: new S3Client(config), iam: new IAMClient(config) });
    let c = clients(first.clientConfig);
    await c.ssm.send(new PutParameterCommand({ Name: '/kept', Value: 'yes', Type: 'String' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'cdk-hnb659fds-assets-000000000000-ap-southeast-1', Key: 'kept.txt', Body: 'still here' }));
    await c.iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' }));
    Object.values(c).forEach((x) => x.destroy());
    await first.close();
    // Act
    const second = await startLocalCloud({ dbFile });
    c = clients(second.clientConfig);
    const param = await c.ssm.send(new GetParameterCommand({ Name: '/kept' }));
    const object = await c.s3.send(new GetObjectCommand({ Bucket: 'cdk-hnb659fds-assets-000000000000-ap-southeast-1', Key: 'kept.txt' }));
    const text = await object.Body!.transformToString();
    const role = await c.iam.send(new GetRoleCommand({ RoleName: 'kept' }));
    const bootstrap = await c.ssm.send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }));
    Object.values(c).forEach((x) => x.destroy());
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
    // Assess
    expect(param.Parameter?.Value).toBe('yes');
    expect(text).toBe('still here');
    expect(role.Role?.RoleName).toBe('kept');
    expect(bootstrap.Parameter?.Version).toBe(1);
  });
});
