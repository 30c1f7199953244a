import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsService, ServiceDeps, ServiceDirectory } from '../../../src/core/service';
import type { LocalCloudServer } from '../../../src/server';
import { createApiGatewayService } from '../../../src/services/apigateway';
import type { ApiGatewayService, LambdaIntegrationTarget, LambdaInvocation } from '../../../src/services/apigateway';
import { createIamService } from '../../../src/services/iam';
import { createKmsService } from '../../../src/services/kms';
import { createLogsService } from '../../../src/services/logs';
import { CDK_ACCESS_LOG_FORMAT, createEncryptedLogGroup, createLambdaRestApi, lambdaIntegrationUri, setCloudWatchRole } from '../../helpers/apigateway';
import { singleAttemptConfig, startLocalCloud, type LocalCloudClientConfig } from '../../helpers/local-cloud';

/**
 * The execute-api data plane through real HTTP (fetch) against local-cloud: routing on the deployment's
 * routes, the Lambda proxy event and response, gateway errors, throttling and access logs written to a
 * KMS-encrypted log group (read back through the CloudWatch Logs API).
 *
 * Lambda is a stand-in at the edge of API Gateway (`LambdaIntegrationTarget`): functions named below
 * echo the event, break the proxy contract, fail, hang or lack the permission.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const json = (res: Response): Promise<any> => res.json();

const ok = (payload: unknown): LambdaInvocation => ({ statusCode: 200, payload: JSON.stringify(payload) });

/** The stand-in Lambda: what each function does, and which invocations it saw. */
function fakeLambda(): LambdaIntegrationTarget & { sourceArns: string[] } {
  const sourceArns: string[] = [];
  return {
    sourceArns,
    checkPermission: ({ functionArn, principal, sourceArn }) => {
      sourceArns.push(sourceArn);
      if (!functionArn.startsWith(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:`)) return 'function-not-found';
      return functionArn.endsWith(':locked') || principal !== 'apigateway.amazonaws.com' ? 'denied' : 'allowed';
    },
    async invoke({ functionArn, payload }) {
      const event = JSON.parse(payload);
      switch (functionArn.slice(functionArn.lastIndexOf(':') + 1)) {
        case 'echo':
          return ok({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
        case 'shaped':
          return ok({
            statusCode: 418,
            // framing headers of the function's own are the gateway's business
            headers: { 'X-Single': 'one', 'Set-Cookie': 'a=1', 'Content-Length': '999', 'Transfer-Encoding': 'chunked' },
            multiValueHeaders: { 'X-Multi': ['x', 'y'] },
            body: Buffer.from('binary\u0000ok').toString('base64'),
            isBase64Encoded: true,
          });
        case 'bare':
          return ok({ statusCode: 204 });
        case 'malformed':
          return ok({ statusCode: 200, body: { not: 'a string' } });
        case 'crash':
          return {
            statusCode: 200,
            functionError: 'Unhandled',
            payload: JSON.stringify({ errorType: 'Error', errorMessage: 'boom', trace: [] }),
          };
        case 'slow':
          await new Promise((r) => setTimeout(r, 1000));
          return ok({ statusCode: 200, body: 'late' });
        default:
          throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
      }
    },
  };
}

interface Gateway {
  server: LocalCloudServer;
  apigw: APIGatewayClient;
  service: ApiGatewayService;
  lambda: ReturnType<typeof fakeLambda>;
  serverLog: string[];
  /** for more clients of this server (no retries) */
  config: LocalCloudClientConfig;
  /** `http://…/_aws/execute-api/<api>/<stage>` */
  url(apiId: string, stage: string): string;
  close(): Promise<void>;
}

async function startGateway(dbFile = ':memory:'): Promise<Gateway> {
  const lambda = fakeLambda();
  const serverLog: string[] = [];
  const services = (deps: ServiceDeps): AwsService[] => {
    const list: AwsService[] = [];
    const directory: ServiceDirectory = { get: <T extends AwsService>(name: string) => list.find((s) => s.signingName === name) as T | undefined };
    const shared = { ...deps, services: directory };
    const kms = createKmsService(shared);
    list.push(
      createIamService(shared),
      kms,
      createLogsService({ ...shared, kms }),
      createApiGatewayService({ ...shared, lambda, log: (m) => serverLog.push(m), accessLogFlushMs: 20 }),
    );
    return list;
  };
  const { server } = await startLocalCloud({ dbFile, services });
  const config = singleAttemptConfig(server.url);
  const apigw = new APIGatewayClient(config);
  return {
    server,
    apigw,
    lambda,
    serverLog,
    config,
    service: server.services.find((s) => s.signingName === 'apigateway') as ApiGatewayService,
    url: (apiId, stage) => `${server.url}/_aws/execute-api/${apiId}/${stage}`,
    async close() {
      apigw.destroy();
      await server.close();
    },
  };
}

/** `ANY /` and `ANY /{proxy+}` to one function, deployed to a stage. */
async function deployLambdaRestApi(
  gw: Gateway,
  fn: string,
  opts: { stage?: string; timeoutInMillis?: number } = {},
): Promise<{ apiId: string; deploymentId: string }> {
  const { apiId } = await createLambdaRestApi(gw.apigw, `api-${fn}`, lambdaIntegrationUri(fn), opts.timeoutInMillis);
  const { id } = await gw.apigw.send(new CreateDeploymentCommand({ restApiId: apiId }));
  await gw.apigw.send(new CreateStageCommand({ restApiId: apiId, stageName: opts.stage ?? 'v1', deploymentId: id }));
  return { apiId, deploymentId: id! };
}

/** Adds `GET <parent>/<pathPart>` to an API (not deployed). */
async function addGet(gw: Gateway, apiId: string, parentId: string, pathPart: string, fn = 'echo'): Promise<string> {
  const r = await gw.apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }));
  await gw.apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: r.id, httpMethod: 'GET', authorizationType: 'NONE' }));
  await gw.apigw.send(
    new PutIntegrationCommand({ restApiId: apiId, resourceId: r.id, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaIntegrationUri(fn) }),
  );
  return r.id!;
}

/** UpdateStage replacing each path with its value. */
async function replaceOnStage(gw: Gateway, apiId: string, stage: string, values: Record<string, string>): Promise<void> {
  const patchOperations = Object.entries(values).map(([path, value]) => ({ op: 'replace' as const, path, value }));
  await gw.apigw.send(new UpdateStageCommand({ restApiId: apiId, stageName: stage, patchOperations }));
}

async function enableAccessLogs(gw: Gateway, apiId: string, stage: string, destinationArn: string, format = CDK_ACCESS_LOG_FORMAT): Promise<void> {
  await replaceOnStage(gw, apiId, stage, { '/accessLogSettings/destinationArn': destinationArn, '/accessLogSettings/format': format });
}

/** Throttles every resource and method of the stage, as UpdateStage does for a CDK stage's throttling. */
async function throttleStage(gw: Gateway, apiId: string, stage: string, rateLimit: string, burstLimit: string): Promise<void> {
  await replaceOnStage(gw, apiId, stage, { '/*/*/throttling/rateLimit': rateLimit, '/*/*/throttling/burstLimit': burstLimit });
}

async function readLogLines(gw: Gateway, logGroupName: string): Promise<string[]> {
  await gw.service.flushAccessLogs();
  const logs = new CloudWatchLogsClient(gw.config);
  const out = await logs.send(new FilterLogEventsCommand({ logGroupName }));
  logs.destroy();
  return out.events!.map((e) => e.message!);
}

describe('execute-api data plane', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  describe('routing', () => {
    let apiId: string;
    beforeAll(async () => {
      ({ apiId } = await deployLambdaRestApi(gw, 'echo'));
    });

    it('serves / from ANY / and any deeper path from ANY /{proxy+}, for every verb', async () => {
      // Act
      const root = await json(await fetch(`${gw.url(apiId, 'v1')}/`));
      const deep = await json(await fetch(`${gw.url(apiId, 'v1')}/a/b/c`, { method: 'DELETE' }));
      const noSlash = await fetch(gw.url(apiId, 'v1'));

      // Assess
      expect(root).toMatchObject({ resource: '/', path: '/', httpMethod: 'GET', pathParameters: null });
      expect(deep).toMatchObject({ resource: '/{proxy+}', path: '/a/b/c', httpMethod: 'DELETE', pathParameters: { proxy: 'a/b/c' } });
      expect(noSlash.status).toBe(200);
      expect((await json(noSlash)).resource).toBe('/');
    });

    it('answers on /restapis/<api>/<stage>/_user_request_/… as well', async () => {
      const res = await fetch(`${gw.server.url}/restapis/${apiId}/v1/_user_request_/x/y?q=1`, { method: 'PUT', body: 'hi' });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ resource: '/{proxy+}', path: '/x/y', httpMethod: 'PUT', body: 'hi', queryStringParameters: { q: '1' } });
    });

    it('answers 403 Missing Authentication Token for no route, an unknown stage; 403 Forbidden for an unknown API', async () => {
      const api = await gw.apigw.send(new CreateRestApiCommand({ name: 'nested' }));
      const pets = await gw.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }));
      await addGet(gw, api.id!, pets.id!, '{petId}');
      await gw.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));

      for (const [method, p] of [['GET', '/'], ['GET', '/pets'], ['POST', '/pets/7'], ['GET', '/pets/7/toys'], ['GET', '/cats']]) {
        const res = await fetch(`${gw.url(api.id!, 'v1')}${p}`, { method });
        expect([method, p, res.status]).toEqual([method, p, 403]);
        expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
        expect(await res.text()).toBe('{"message":"Missing Authentication Token"}');
      }
      const pet = await fetch(`${gw.url(api.id!, 'v1')}/pets/7`);
      expect(await json(pet)).toMatchObject({ resource: '/pets/{petId}', pathParameters: { petId: '7' } });

      const noStage = await fetch(`${gw.url(api.id!, 'prod')}/pets/7`);
      expect(noStage.status).toBe(403);
      expect(await noStage.text()).toBe('{"message":"Missing Authentication Token"}');
      const noApi = await fetch(`${gw.url('nosuchapi0', 'v1')}/pets/7`);
      expect(noApi.status).toBe(403);
      expect(noApi.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
      expect(await noApi.text()).toBe('{"message":"Forbidden"}');
    });

    it("serves the deployment's routes: a new resource needs a new deployment", async () => {
      // Prepare
      const api = await gw.apigw.send(new CreateRestApiCommand({ name: 'snapshot' }));
      await addGet(gw, api.id!, api.rootResourceId!, 'old');
      await gw.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));
      await addGet(gw, api.id!, api.rootResourceId!, 'new');

      // Act + Assess
      expect((await fetch(`${gw.url(api.id!, 'v1')}/old`)).status).toBe(200);
      expect((await fetch(`${gw.url(api.id!, 'v1')}/new`)).status).toBe(403);
      const { id } = await gw.apigw.send(new CreateDeploymentCommand({ restApiId: api.id }));
      expect((await fetch(`${gw.url(api.id!, 'v1')}/new`)).status).toBe(403);
      await gw.apigw.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/deploymentId', value: id }] }));
      expect((await fetch(`${gw.url(api.id!, 'v1')}/new`)).status).toBe(200);
    });

    it('refuses an unsigned call to an AWS_IAM method; answers 500 for an integration local-cloud does not run', async () => {
      const api = await gw.apigw.send(new CreateRestApiCommand({ name: 'other-integrations' }));
      const iam = await gw.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'iam' }));
      await gw.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: iam.id, httpMethod: 'GET', authorizationType: 'AWS_IAM' }));
      await gw.apigw.send(
        new PutIntegrationCommand({ restApiId: api.id, resourceId: iam.id, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaIntegrationUri('echo') }),
      );
      const mock = await gw.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'mock' }));
      await gw.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: mock.id, httpMethod: 'GET', authorizationType: 'NONE' }));
      await gw.apigw.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: mock.id, httpMethod: 'GET', type: 'MOCK' }));
      await gw.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));

      const unsigned = await fetch(`${gw.url(api.id!, 'v1')}/iam`);
      expect(unsigned.status).toBe(403);
      expect(await unsigned.text()).toBe('{"message":"Missing Authentication Token"}');
      const mocked = await fetch(`${gw.url(api.id!, 'v1')}/mock`);
      expect(mocked.status).toBe(500);
      expect(await mocked.text()).toBe('{"message": "Internal server error"}');
      expect(gw.serverLog.some((l) => l.includes('integration type MOCK') && l.includes('not supported'))).toBe(true);
    });

    it('names the request in the execute-api source ARN it presents to Lambda', async () => {
      await fetch(`${gw.url(apiId, 'v1')}/orders/42`, { method: 'PATCH' });
      expect(gw.lambda.sourceArns).toContain(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/PATCH/orders/42`);
    });
  });

  describe('the Lambda proxy event and response', () => {
    let apiId: string;
    let deploymentId: string;
    beforeAll(async () => {
      ({ apiId, deploymentId } = await deployLambdaRestApi(gw, 'echo'));
    });

    it('sends every field of payload format 1.0', async () => {
      // Act
      const before = Date.now();
      const res = await fetch(`${gw.url(apiId, 'v1')}/items/a%20b?x=1&x=2&flag`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'test-agent/1.0', 'X-Custom': 'c' },
        body: '{"hello":"world"}',
      });
      const event = await json(res);

      // Assess
      expect(res.status).toBe(200);
      expect(event).toMatchObject({
        resource: '/{proxy+}',
        path: '/items/a b',
        httpMethod: 'POST',
        queryStringParameters: { x: '2', flag: '' },
        multiValueQueryStringParameters: { x: ['1', '2'], flag: [''] },
        pathParameters: { proxy: 'items/a b' },
        stageVariables: null,
        body: '{"hello":"world"}',
        isBase64Encoded: false,
        requestContext: {
          accountId: ACCOUNT,
          apiId,
          deploymentId,
          domainName: `${apiId}.execute-api.${REGION}.amazonaws.com`,
          domainPrefix: apiId,
          httpMethod: 'POST',
          path: '/v1/items/a b',
          protocol: 'HTTP/1.1',
          resourcePath: '/{proxy+}',
          stage: 'v1',
          identity: {
            sourceIp: expect.stringMatching(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/),
            userAgent: 'test-agent/1.0',
            accessKey: null,
            accountId: null,
            caller: null,
            cognitoAuthenticationProvider: null,
            cognitoAuthenticationType: null,
            cognitoIdentityId: null,
            cognitoIdentityPoolId: null,
            principalOrgId: null,
            user: null,
            userArn: null,
          },
        },
      });
      const headerNames = Object.keys(event.headers).map((h: string) => h.toLowerCase());
      expect(headerNames).toEqual(expect.arrayContaining(['content-type', 'user-agent', 'x-custom']));
      const customName = Object.keys(event.headers).find((h) => h.toLowerCase() === 'x-custom')!;
      expect(event.headers[customName]).toBe('c');
      expect(event.multiValueHeaders[customName]).toEqual(['c']);
      const ctx = event.requestContext;
      expect(ctx.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(ctx.extendedRequestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(ctx.resourceId).toMatch(/^[a-z0-9]{6}$/);
      expect(ctx.requestTimeEpoch).toBeGreaterThanOrEqual(before);
      expect(ctx.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(Object.keys(event).sort()).toEqual(
        [
          'body',
          'headers',
          'httpMethod',
          'isBase64Encoded',
          'multiValueHeaders',
          'multiValueQueryStringParameters',
          'path',
          'pathParameters',
          'queryStringParameters',
          'requestContext',
          'resource',
          'stageVariables',
        ].sort(),
      );

      // what the gateway adds on the way in
      expect(event.headers).toMatchObject({
        'X-Forwarded-Proto': 'http',
        'X-Forwarded-Port': new URL(gw.server.url).port,
        'X-Forwarded-For': ctx.identity.sourceIp,
        'X-Amzn-Trace-Id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      });

      // the response names the same request
      expect(res.headers.get('x-amzn-requestid')).toBe(ctx.requestId);
      expect(res.headers.get('x-amz-apigw-id')).toBe(ctx.extendedRequestId);
      expect(res.headers.get('x-amzn-trace-id')).toBe(event.headers['X-Amzn-Trace-Id']);
    });

    it('sends null maps and a null body when the request has none, and stage variables when the stage has some', async () => {
      await gw.apigw.send(
        new UpdateStageCommand({ restApiId: apiId, stageName: 'v1', patchOperations: [{ op: 'replace', path: '/variables/color', value: 'blue' }] }),
      );
      const event = await json(await fetch(`${gw.url(apiId, 'v1')}/`));
      expect(event).toMatchObject({
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        body: null,
        isBase64Encoded: false,
        stageVariables: { color: 'blue' },
      });
    });

    it("passes the function's status, headers of both maps and a base64 body through, adding the gateway's headers", async () => {
      const { apiId: shaped } = await deployLambdaRestApi(gw, 'shaped');
      const res = await fetch(`${gw.url(shaped, 'v1')}/`);
      expect(res.status).toBe(418);
      expect(res.headers.get('x-single')).toBe('one');
      expect(res.headers.get('x-multi')).toBe('x, y');
      expect(res.headers.get('set-cookie')).toBe('a=1');
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-amz-apigw-id')).toBeTruthy();
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from('binary\u0000ok'));

      const { apiId: bare } = await deployLambdaRestApi(gw, 'bare');
      const empty = await fetch(`${gw.url(bare, 'v1')}/x`);
      expect(empty.status).toBe(204);
      expect(await empty.text()).toBe('');
    });

    it('answers 502 for a malformed proxy response and for a function error', async () => {
      for (const fn of ['malformed', 'crash']) {
        const { apiId: broken } = await deployLambdaRestApi(gw, fn);
        const res = await fetch(`${gw.url(broken, 'v1')}/x`);
        expect([fn, res.status]).toEqual([fn, 502]);
        expect(await res.text()).toBe('{"message": "Internal server error"}');
        expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
      }
      expect(gw.serverLog.some((l) => l.includes('Malformed Lambda proxy response'))).toBe(true);
    });

    it('answers 504 when the function outlasts the integration timeout', async () => {
      const { apiId: slow } = await deployLambdaRestApi(gw, 'slow', { timeoutInMillis: 100 });
      const started = Date.now();
      const res = await fetch(`${gw.url(slow, 'v1')}/`);
      expect(res.status).toBe(504);
      expect(await res.text()).toBe('{"message": "Endpoint request timed out"}');
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('answers 500 when the function may not be invoked by API Gateway, and logs why', async () => {
      const { apiId: locked } = await deployLambdaRestApi(gw, 'locked');
      const res = await fetch(`${gw.url(locked, 'v1')}/`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"message": "Internal server error"}');
      expect(gw.serverLog.some((l) => l.includes('Invalid permissions on Lambda function'))).toBe(true);
    });
  });

  describe('throttling', () => {
    it("refuses requests beyond the stage's rate and burst with 429", async () => {
      // Prepare
      const { apiId } = await deployLambdaRestApi(gw, 'echo');
      await throttleStage(gw, apiId, 'v1', '1', '2');

      // Act
      const statuses: number[] = [];
      let throttled: Response | undefined;
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${gw.url(apiId, 'v1')}/r${i}`);
        statuses.push(res.status);
        if (res.status === 429) throttled = res;
        else await res.arrayBuffer();
      }

      // Assess
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses[2]).toBe(429);
      expect(await throttled!.text()).toBe('{"message":"Too Many Requests"}');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await fetch(`${gw.url(apiId, 'v1')}/again`)).status).toBe(200);
    });
  });

  describe('access logs', () => {
    it("writes one line per request in the stage's format to the KMS-encrypted group, 429 included", async () => {
      // Prepare
      const { apiId } = await deployLambdaRestApi(gw, 'echo');
      await setCloudWatchRole(gw.apigw, gw.config, `apigw-logs-${Date.now()}`);
      const destination = await createEncryptedLogGroup(gw.config, '/apigw/access-v1');
      await enableAccessLogs(gw, apiId, 'v1', destination);
      await throttleStage(gw, apiId, 'v1', '0.001', '2');

      // Act
      const ok = await fetch(`${gw.url(apiId, 'v1')}/hello`, { headers: { 'User-Agent': 'ua' } });
      const okId = ok.headers.get('x-amzn-requestid');
      const okBody = await ok.text();
      const root = await fetch(`${gw.url(apiId, 'v1')}/`, { method: 'POST' });
      await root.text();
      const limited = await fetch(`${gw.url(apiId, 'v1')}/third`);
      await limited.text();

      // Assess
      expect(limited.status).toBe(429);
      const lines = (await readLogLines(gw, '/apigw/access-v1')).map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      const line = lines.find((l) => l.requestId === okId);
      expect(line).toEqual({
        requestId: okId,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        user: '-',
        caller: '-',
        requestTime: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        httpMethod: 'GET',
        resourcePath: '/{proxy+}',
        status: '200',
        protocol: 'HTTP/1.1',
        responseLength: String(Buffer.byteLength(okBody)),
      });
      expect(lines.map((l) => l.status).sort()).toEqual(['200', '200', '429']);
      expect(lines.map((l) => l.requestId)).toContain(limited.headers.get('x-amzn-requestid'));
    });

    it('logs unmatched requests with "-" for the resource path', async () => {
      const api = await gw.apigw.send(new CreateRestApiCommand({ name: 'logged-403' }));
      await addGet(gw, api.id!, api.rootResourceId!, 'only');
      await gw.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'v1' }));
      await setCloudWatchRole(gw.apigw, gw.config, `apigw-logs-${Date.now()}`);
      await enableAccessLogs(gw, api.id!, 'v1', await createEncryptedLogGroup(gw.config, 'access-403'),
        '$context.requestId $context.status $context.resourcePath $context.error.responseType $context.error.messageString');
      const res = await fetch(`${gw.url(api.id!, 'v1')}/nothing-here`);
      expect(res.status).toBe(403);
      const lines = await readLogLines(gw, 'access-403');
      expect(lines).toEqual([`${res.headers.get('x-amzn-requestid')} 403 - MISSING_AUTHENTICATION_TOKEN "Missing Authentication Token"`]);
    });

    it('a failed log write does not fail the request; the server log says why', async () => {
      const { apiId } = await deployLambdaRestApi(gw, 'echo');
      await setCloudWatchRole(gw.apigw, gw.config, `apigw-logs-${Date.now()}`);
      await enableAccessLogs(gw, apiId, 'v1', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:never-created:*`);
      const res = await fetch(`${gw.url(apiId, 'v1')}/x`);
      expect(res.status).toBe(200);
      await gw.service.flushAccessLogs();
      expect(gw.serverLog.some((l) => l.includes('never-created') && l.includes('ResourceNotFoundException'))).toBe(true);
    });
  });
});

describe('execute-api across a restart', () => {
  it('serves a deployed stage after local-cloud restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-dp-restart-'));
    const dbFile = path.join(dir, 'local-cloud.db');
    let gw = await startGateway(dbFile);
    const { apiId } = await deployLambdaRestApi(gw, 'echo');
    expect((await fetch(`${gw.url(apiId, 'v1')}/a`)).status).toBe(200);
    await gw.close();

    gw = await startGateway(dbFile);
    try {
      const res = await fetch(`${gw.url(apiId, 'v1')}/a`);
      expect(res.status).toBe(200);
      expect((await json(res)).resource).toBe('/{proxy+}');
    } finally {
      await gw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
