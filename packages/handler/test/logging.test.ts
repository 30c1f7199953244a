import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { handler } from '../src/index';
import { apiEvent, captureLogs, echoEvent, REQUEST_ID, type CapturedLogs } from './helpers';

const BODY_SECRET = 'bodysecret7f3a';
const QUERY_SECRET = 'QuerySecret9c1e';
const PATH_SECRET = 'pathsecret42d0';

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

const accessLines = () => logs.records().filter((r) => r.message === 'request');

const cases: [string, APIGatewayProxyEvent, string, number][] = [
  ['200 health', apiEvent({ path: '/health' }), '/health', 200],
  ['200 hello', apiEvent({ path: '/hello', queryStringParameters: { name: QUERY_SECRET } }), '/hello', 200],
  ['400 hello', apiEvent({ path: '/hello', queryStringParameters: { name: `${QUERY_SECRET}!` } }), '/hello', 400],
  ['200 echo', echoEvent(JSON.stringify({ secret: BODY_SECRET })), '/echo', 200],
  ['200 echo base64', echoEvent(Buffer.from(JSON.stringify(BODY_SECRET)).toString('base64'), undefined, true), '/echo', 200],
  ['400 echo', echoEvent(`{"secret": ${BODY_SECRET}`), '/echo', 400],
  ['413 echo', echoEvent(JSON.stringify(BODY_SECRET.repeat(2000))), '/echo', 413],
  ['415 echo', echoEvent(BODY_SECRET, { 'content-type': 'text/plain' }), '/echo', 415],
  ['404', apiEvent({ path: `/${PATH_SECRET}`, queryStringParameters: { q: QUERY_SECRET } }), '/{proxy+}', 404],
  ['405', apiEvent({ path: '/echo', httpMethod: 'DELETE', body: BODY_SECRET }), '/echo', 405],
];

describe('access log', () => {
  it.each(cases)('%s: writes exactly one INFO access line', async (_label, event, resource, status) => {
    // Act
    const response = await handler(event);

    // Assess
    expect(response.statusCode).toBe(status);
    const records = logs.records();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'INFO',
      message: 'request',
      service: 'kms-logs-api',
      requestId: REQUEST_ID,
      method: event.httpMethod,
      resource,
      status,
      durationMs: expect.any(Number),
    });
    expect(records[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it.each(cases)('%s: never logs the body, query values or raw path', async (_label, event) => {
    await handler(event);

    const text = logs.text();
    expect(text).not.toContain(BODY_SECRET);
    expect(text).not.toContain(QUERY_SECRET);
    expect(text).not.toContain(PATH_SECRET);
  });

  it('writes one line per request across several requests', async () => {
    const events = [apiEvent({ path: '/health' }), apiEvent({ path: '/nope' }), echoEvent('{}')];

    for (const event of events) await handler(event);

    expect(accessLines().map((r) => r.status)).toEqual([200, 404, 200]);
  });

  it('adds the Lambda context (function request id) when one is passed', async () => {
    const context = { awsRequestId: 'lambda-req-9', functionName: 'api-fn', invokedFunctionArn: 'arn:x' } as Context;

    await handler(apiEvent(), context);

    expect(accessLines()).toEqual([expect.objectContaining({ function_request_id: 'lambda-req-9', function_name: 'api-fn' })]);
  });
});

describe('logger lifecycle and level', () => {
  const originalEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...originalEnv };
  });

  /** Loads src/index afresh so its module-scope Logger is built under the current env. */
  async function freshHandler(): Promise<(e: APIGatewayProxyEvent, c?: Context) => Promise<APIGatewayProxyResult>> {
    let loaded: typeof handler | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = (await import('../src/index')).handler;
    });
    if (loaded === undefined) throw new Error('src/index did not load');
    return loaded;
  }

  it('reuses one module-scope logger across warm invocations (cold_start only on the first)', async () => {
    // powertools only reports cold starts for on-demand environments.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const warm = await freshHandler();
    const context = { awsRequestId: 'r', functionName: 'f' } as Context;

    await warm(apiEvent(), context);
    await warm(apiEvent(), context);

    expect(accessLines().map((r) => r.cold_start)).toEqual([true, false]);
  });

  it.each([
    ['POWERTOOLS_LOG_LEVEL', 'WARN'],
    ['AWS_LAMBDA_LOG_LEVEL', 'ERROR'],
  ])('drops the INFO access line when %s=%s', async (name, level) => {
    process.env[name] = level;
    const quiet = await freshHandler();

    const response = await quiet(apiEvent());

    expect(response.statusCode).toBe(200);
    expect(accessLines()).toHaveLength(0);
  });
});
