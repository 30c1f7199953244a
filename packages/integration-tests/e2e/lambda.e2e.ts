import { GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { clientsFor } from '../src/clients';
import { resolveTarget } from '../src/target';

const target = resolveTarget();
const { lambda } = clientsFor(target);
const { FunctionName, LogGroupName } = target.outputs;

describe('the function', () => {
  test('logs in JSON to its own encrypted group', async () => {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
    expect(config.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: LogGroupName });
    expect(config.Runtime).toMatch(/^nodejs\d+\.x$/);
  });

  test('a direct Invoke with a proxy event returns the response and the JSON log tail', async () => {
    const event = {
      resource: '/{proxy+}',
      path: '/hello',
      httpMethod: 'GET',
      headers: { accept: 'application/json' },
      multiValueHeaders: { accept: ['application/json'] },
      queryStringParameters: { name: 'Invoke' },
      multiValueQueryStringParameters: { name: ['Invoke'] },
      pathParameters: { proxy: 'hello' },
      stageVariables: null,
      requestContext: { requestId: 'e2e-direct-invoke', httpMethod: 'GET', path: '/hello', resourcePath: '/{proxy+}' },
      body: null,
      isBase64Encoded: false,
    };
    const res = await lambda.send(
      new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' }),
    );
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBeUndefined();
    const response = JSON.parse(Buffer.from(res.Payload!).toString('utf8'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ message: 'Hello, Invoke!' });

    const tail = Buffer.from(res.LogResult!, 'base64').toString('utf8').trim().split('\n');
    const records = tail.map((line) => JSON.parse(line));
    // JSON format: platform records and the handler's own structured lines, one JSON object per line
    expect(records.some((r) => r.type === 'platform.report')).toBe(true);
    expect(records.some((r) => r.level === 'INFO' && JSON.stringify(r).includes('e2e-direct-invoke'))).toBe(true);
  });
});
