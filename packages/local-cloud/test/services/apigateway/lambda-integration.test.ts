import { APIGatewayClient, CreateDeploymentCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { IAMClient } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipFiles } from '../../helpers/zip';
import type { LocalCloudServer } from '../../../src/server';
import type { ApiGatewayService } from '../../../src/services/apigateway';
import type { LambdaService } from '../../../src/services/lambda';
import { CDK_ACCESS_LOG_FORMAT, createEncryptedLogGroup, createLambdaRestApi, lambdaIntegrationUri, setCloudWatchRole } from '../../helpers/apigateway';
import { singleAttemptConfig, startLocalCloud } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';
import { functionActive } from '../../helpers/lambda-waiters';

/**
 * API Gateway in front of the real Lambda service, everything as the registry wires it: functions
 * created and permitted through the Lambda API (as CDK's LambdaRestApi does), requests through fetch,
 * the event echoed back by the function, access logs in a KMS-encrypted group read back through
 * CloudWatch Logs.
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';

const json = (res: Response): Promise<any> => res.json();

const HANDLERS: Record<string, string> = {
  echo: `exports.handler = async (event, context) => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'x-function-request-id': context.awsRequestId },
    body: JSON.stringify(event),
  });`,
  malformed: `exports.handler = async () => ({ statusCode: 200, body: { not: 'a string' } });`,
  crash: `exports.handler = async () => { throw new Error('boom'); };`,
  sleepy: `exports.handler = () => new Promise((r) => setTimeout(() => r({ statusCode: 200, body: 'late' }), 5000));`,
};

describe('API Gateway with the Lambda service', () => {
  let server: LocalCloudServer;
  let apigw: APIGatewayClient;
  let lambdaClient: LambdaClient;
  const serverLog: string[] = [];
  let stderr: jest.SpyInstance;

  beforeAll(async () => {
    // API Gateway's server-log lines go to stderr by default
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      serverLog.push(String(chunk));
      return true;
    });
    ({ server } = await startLocalCloud());
    const config = singleAttemptConfig(server.url);
    apigw = new APIGatewayClient(config);
    lambdaClient = new LambdaClient(config);
    const iam = new IAMClient({ ...config, region: 'us-east-1' });
    const roleArn = await createLambdaRole(iam, 'fn-role');
    iam.destroy();
    for (const [name, code] of Object.entries(HANDLERS)) {
      await lambdaClient.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: roleArn,
          Timeout: name === 'sleepy' ? 1 : 3,
          Code: { ZipFile: await zipFiles({ 'index.js': code }) },
        }),
      );
    }
    for (const name of Object.keys(HANDLERS)) await functionActive(lambdaClient, name);
  }, 60_000);

  afterAll(async () => {
    stderr.mockRestore();
    apigw.destroy();
    lambdaClient.destroy();
    await (server.services.find((s) => s.signingName === 'lambda') as LambdaService).close();
    await (server.services.find((s) => s.signingName === 'apigateway') as ApiGatewayService).close();
    await server.close();
  });

  /** A LambdaRestApi for `fn`, deployed to `v1`, with CDK's two permissions unless `permit` is false. */
  async function lambdaRestApi(fn: string, permit = true): Promise<string> {
    const { apiId } = await createLambdaRestApi(apigw, `api-${fn}`, lambdaIntegrationUri(fn));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v1' }));
    if (permit) {
      // what CDK's LambdaIntegration adds for `ANY /{proxy+}` and `ANY /` on stage v1
      for (const [sid, source] of [
        ['proxy', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/*/*`],
        ['root', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/*/`],
      ]) {
        await lambdaClient.send(
          new AddPermissionCommand({
            FunctionName: fn,
            StatementId: `${apiId}-${sid}`,
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: source,
          }),
        );
      }
    }
    return `${server.url}/_aws/execute-api/${apiId}/v1`;
  }

  it('invokes the function with the proxy event and returns its response', async () => {
    // Prepare
    const url = await lambdaRestApi('echo');

    // Act
    const root = await fetch(`${url}/?a=1`);
    const deep = await fetch(`${url}/orders/42`, { method: 'POST', body: '{"qty":2}', headers: { 'content-type': 'application/json' } });

    // Assess
    expect(root.status).toBe(200);
    const rootEvent = await json(root);
    expect(rootEvent).toMatchObject({ resource: '/', path: '/', httpMethod: 'GET', queryStringParameters: { a: '1' }, pathParameters: null, body: null });
    expect(deep.status).toBe(200);
    const event = await json(deep);
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/orders/42',
      httpMethod: 'POST',
      pathParameters: { proxy: 'orders/42' },
      body: '{"qty":2}',
      isBase64Encoded: false,
      requestContext: { stage: 'v1', path: '/v1/orders/42', resourcePath: '/{proxy+}', protocol: 'HTTP/1.1' },
    });
    expect(deep.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
    expect(deep.headers.get('x-function-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  }, 30_000);

  it('answers 500 without a permission for apigateway.amazonaws.com from this API', async () => {
    const url = await lambdaRestApi('echo', false);
    const res = await fetch(`${url}/x`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message": "Internal server error"}');
    expect(serverLog.some((l) => l.includes('Invalid permissions on Lambda function'))).toBe(true);
  }, 30_000);

  it('answers 502 for a malformed response and for an error thrown by the function', async () => {
    for (const fn of ['malformed', 'crash']) {
      const url = await lambdaRestApi(fn);
      const res = await fetch(`${url}/`);
      expect([fn, res.status]).toEqual([fn, 502]);
      expect(await res.text()).toBe('{"message": "Internal server error"}');
    }
  }, 30_000);

  it("answers 502 when the function's own (shorter) timeout ends it", async () => {
    const url = await lambdaRestApi('sleepy');
    const started = Date.now();
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(4000);
  }, 30_000);

  it("writes the stage's access log (CDK's JSON format) to a KMS-encrypted group, one line per request", async () => {
    // Prepare: what the stack deploys, in the order CloudFormation creates it
    const config = singleAttemptConfig(server.url);
    const groupName = '/kms-logs-api/dev/access';
    const destinationArn = await createEncryptedLogGroup(config, groupName);
    const logs = new CloudWatchLogsClient(config);
    await setCloudWatchRole(apigw, config, 'apigw-cloudwatch');
    const url = await lambdaRestApi('echo');
    const apiId = url.split('/').slice(-2)[0];
    await apigw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'v1',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: destinationArn },
          { op: 'replace', path: '/accessLogSettings/format', value: CDK_ACCESS_LOG_FORMAT },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '200' },
        ],
      }),
    );

    // Act
    const res = await fetch(`${url}/items?id=1`);
    const event = await json(res);
    await (server.services.find((s) => s.signingName === 'apigateway') as ApiGatewayService).flushAccessLogs();

    // Assess
    const lines = (await logs.send(new FilterLogEventsCommand({ logGroupName: groupName }))).events!.map((e) => JSON.parse(e.message!));
    logs.destroy();
    expect(lines).toEqual([
      expect.objectContaining({
        requestId: event.requestContext.requestId,
        httpMethod: 'GET',
        resourcePath: '/{proxy+}',
        status: '200',
        protocol: 'HTTP/1.1',
        user: '-',
      }),
    ]);
    expect(res.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
  }, 30_000);
});
