import * as fc from 'fast-check';
import { compileFormat, renderFormat, validateFormat } from '../../../src/services/apigateway/access-log-format';
import { AccessLogWriter } from '../../../src/services/apigateway/access-log-writer';
import type { AccessLogBatch } from '../../../src/services/apigateway/access-log-writer';
import { lambdaFunctionOf } from '../../../src/services/apigateway/execute-api';
import {
  buildProxyEvent,
  formatRequestTime,
  isBinaryMediaType,
  parseProxyResponse,
} from '../../../src/services/apigateway/lambda-proxy';
import type { DeploymentSnapshot, MethodRecord } from '../../../src/services/apigateway/model';
import { RouteTable } from '../../../src/services/apigateway/route-table';
import { applyStagePatch, methodSettingKey } from '../../../src/services/apigateway/stage-patch';
import type { StageRecord } from '../../../src/services/apigateway/model';
import { TokenBucket } from '../../../src/services/apigateway/token-bucket';

/** Unit tests of the data plane's pure parts: routing, the proxy event and response, throttle, access-log format. */

const method = (httpMethod: string): MethodRecord => ({ httpMethod, authorizationType: 'NONE', apiKeyRequired: false });

function snapshot(routes: Record<string, string[]>): DeploymentSnapshot {
  return {
    binaryMediaTypes: [],
    routes: Object.entries(routes).map(([path, verbs], i) => ({
      resourceId: `r${i}`,
      path,
      methods: Object.fromEntries(verbs.map((v) => [v, method(v)])),
    })),
  };
}

describe('RouteTable', () => {
  const lambdaRestApi = new RouteTable(snapshot({ '/': ['ANY'], '/{proxy+}': ['ANY'] }));

  it('serves / from the root method and everything below from {proxy+}', () => {
    expect(lambdaRestApi.match('GET', '/')).toMatchObject({ resourcePath: '/', pathParameters: null });
    expect(lambdaRestApi.match('POST', '/a')).toMatchObject({ resourcePath: '/{proxy+}', pathParameters: { proxy: 'a' } });
    expect(lambdaRestApi.match('DELETE', '/a/b/c')).toMatchObject({ pathParameters: { proxy: 'a/b/c' } });
  });

  it('never matches {proxy+} for its parent itself', () => {
    const onlyProxy = new RouteTable(snapshot({ '/': [], '/{proxy+}': ['ANY'] }));
    expect(onlyProxy.match('GET', '/')).toBeUndefined();
    expect(onlyProxy.match('GET', '/x')).toBeDefined();
  });

  it('prefers a literal part, then a {param}, then a greedy variable, and backs off on a missing verb', () => {
    const table = new RouteTable(
      snapshot({
        '/': [],
        '/users': [],
        '/users/me': ['PATCH'],
        '/users/{userId}': ['GET'],
        '/things': [],
        '/things/real': ['GET'],
        '/things/{proxy+}': ['ANY'],
      }),
    );
    expect(table.match('PATCH', '/users/me')).toMatchObject({ resourcePath: '/users/me' });
    expect(table.match('GET', '/users/me')).toMatchObject({ resourcePath: '/users/{userId}', pathParameters: { userId: 'me' } });
    expect(table.match('POST', '/users/me')).toBeUndefined();
    expect(table.match('GET', '/things/real')).toMatchObject({ resourcePath: '/things/real' });
    expect(table.match('POST', '/things/real')).toMatchObject({ resourcePath: '/things/{proxy+}' });
    expect(table.match('GET', '/users')).toBeUndefined();
  });

  it('prefers an explicit verb over ANY on the same resource', () => {
    const table = new RouteTable(snapshot({ '/a': ['ANY', 'GET'] }));
    expect(table.match('GET', '/a')!.method.httpMethod).toBe('GET');
    expect(table.match('PUT', '/a')!.method.httpMethod).toBe('ANY');
  });

  it('decodes path variables segment by segment, keeping an encoded slash inside its segment', () => {
    const table = new RouteTable(snapshot({ '/files/{name}': ['GET'] }));
    expect(table.match('GET', '/files/a%2Fb%20c')!.pathParameters).toEqual({ name: 'a/b c' });
    expect(table.match('GET', '/files/a/b')).toBeUndefined();
  });

  it('any path below the root resolves to {proxy+} with the path as its value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 6 }), (segments) => {
        const m = lambdaRestApi.match('GET', `/${segments.join('/')}`);
        expect(m?.pathParameters).toEqual({ proxy: segments.join('/') });
      }),
    );
  });
});

describe('proxy event 1.0', () => {
  const ctx = {
    accountId: '000000000000',
    region: 'ap-southeast-1',
    apiId: 'abcdefghij',
    stage: 'v1',
    deploymentId: 'dep123',
    resourceId: 'res123',
    resourcePath: '/{proxy+}',
    requestId: '11111111-2222-3333-4444-555555555555',
    extendedRequestId: 'a1b2c3d4e5f6g7h=',
    requestTimeEpoch: Date.UTC(2019, 2, 20, 20, 38, 30),
    pathParameters: { proxy: 'a/b' },
    stageVariables: {},
    binaryMediaTypes: [],
  };

  it('carries every field, last header value in headers and all of them in multiValueHeaders', () => {
    const event = buildProxyEvent(
      {
        httpMethod: 'POST',
        rawPath: '/a/b',
        rawQuery: 'x=1&x=2&y=%20z',
        rawHeaders: ['Accept', 'a', 'accept', 'b', 'User-Agent', 'ua/1'],
        body: Buffer.from('{"k":1}'),
        sourceIp: '127.0.0.1',
      },
      ctx,
    );
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/a/b',
      httpMethod: 'POST',
      headers: { Accept: 'b', 'User-Agent': 'ua/1' },
      multiValueHeaders: { Accept: ['a', 'b'], 'User-Agent': ['ua/1'] },
      queryStringParameters: { x: '2', y: ' z' },
      multiValueQueryStringParameters: { x: ['1', '2'], y: [' z'] },
      pathParameters: { proxy: 'a/b' },
      stageVariables: null,
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'abcdefghij',
        deploymentId: 'dep123',
        domainName: 'abcdefghij.execute-api.ap-southeast-1.amazonaws.com',
        domainPrefix: 'abcdefghij',
        extendedRequestId: 'a1b2c3d4e5f6g7h=',
        httpMethod: 'POST',
        path: '/v1/a/b',
        protocol: 'HTTP/1.1',
        requestId: ctx.requestId,
        requestTime: '20/Mar/2019:20:38:30 +0000',
        requestTimeEpoch: ctx.requestTimeEpoch,
        resourceId: 'res123',
        resourcePath: '/{proxy+}',
        stage: 'v1',
        identity: { sourceIp: '127.0.0.1', userAgent: 'ua/1', caller: null, user: null, userArn: null, accessKey: null },
      },
    });
  });

  it('sends null query maps and a null body when there are none; base64 only for binary media types', () => {
    const req = { httpMethod: 'GET', rawPath: '/', rawQuery: '', rawHeaders: ['Content-Type', 'image/png'], body: Buffer.alloc(0), sourceIp: '::1' };
    const empty = buildProxyEvent(req, ctx);
    expect(empty).toMatchObject({ queryStringParameters: null, multiValueQueryStringParameters: null, body: null, isBase64Encoded: false });

    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(buildProxyEvent({ ...req, body: bytes }, ctx)).toMatchObject({ body: bytes.toString('utf8'), isBase64Encoded: false });
    expect(buildProxyEvent({ ...req, body: bytes }, { ...ctx, binaryMediaTypes: ['image/*'] })).toMatchObject({
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('matches binary media types with wildcards', () => {
    expect(isBinaryMediaType('image/png; q=1', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['*/*'])).toBe(true);
    expect(isBinaryMediaType('text/plain', ['image/png'])).toBe(false);
    expect(isBinaryMediaType(undefined, ['*/*'])).toBe(false);
  });

  it('formats requestTime as dd/MMM/yyyy:HH:mm:ss +0000', () => {
    expect(formatRequestTime(Date.UTC(2024, 0, 5, 3, 4, 5))).toBe('05/Jan/2024:03:04:05 +0000');
  });
});

describe('proxy response', () => {
  it('accepts the documented shape and merges both header maps', () => {
    const r = parseProxyResponse(
      JSON.stringify({
        statusCode: 201,
        headers: { 'X-One': 'a', 'Set-Cookie': 'c=1' },
        multiValueHeaders: { 'Set-Cookie': ['c=1', 'd=2'] },
        body: 'hi',
      }),
    );
    expect(r).toEqual({
      statusCode: 201,
      headers: [
        ['Set-Cookie', 'c=1'],
        ['Set-Cookie', 'd=2'],
        ['X-One', 'a'],
      ],
      body: Buffer.from('hi'),
    });
  });

  it('decodes a base64 body', () => {
    expect(parseProxyResponse(JSON.stringify({ statusCode: 200, body: 'AAEC', isBase64Encoded: true }))!.body).toEqual(Buffer.from([0, 1, 2]));
  });

  it.each([
    ['not JSON', 'hello'],
    ['null', 'null'],
    ['an array', '[]'],
    ['no statusCode', '{"body":"x"}'],
    ['a string statusCode', '{"statusCode":"200"}'],
    ['a fractional statusCode', '{"statusCode":200.5}'],
    ['an object body', '{"statusCode":200,"body":{"a":1}}'],
    ['headers as a list', '{"statusCode":200,"headers":["a"]}'],
    ['a nested header value', '{"statusCode":200,"headers":{"a":{"b":1}}}'],
    ['multiValueHeaders with a string', '{"statusCode":200,"multiValueHeaders":{"a":"b"}}'],
    ['isBase64Encoded as a string', '{"statusCode":200,"isBase64Encoded":"true"}'],
    ['a header value with a newline', '{"statusCode":200,"headers":{"a":"x\\ny"}}'],
  ])('refuses %s', (_what, payload) => {
    expect(parseProxyResponse(payload)).toBeUndefined();
  });
});

describe('access-log format', () => {
  const cdkJson =
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","user":"$context.identity.user",' +
    '"caller":"$context.identity.caller","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",' +
    '"resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol",' +
    '"responseLength":"$context.responseLength"}';

  it("renders CDK's jsonWithStandardFields with '-' for absent values", () => {
    const line = renderFormat(compileFormat(cdkJson), {
      requestId: 'rid',
      'identity.sourceIp': '127.0.0.1',
      requestTime: '05/Jan/2024:03:04:05 +0000',
      httpMethod: 'GET',
      resourcePath: '/{proxy+}',
      status: 200,
      protocol: 'HTTP/1.1',
      responseLength: 12,
    });
    expect(JSON.parse(line)).toEqual({
      requestId: 'rid',
      ip: '127.0.0.1',
      user: '-',
      caller: '-',
      requestTime: '05/Jan/2024:03:04:05 +0000',
      httpMethod: 'GET',
      resourcePath: '/{proxy+}',
      status: '200',
      protocol: 'HTTP/1.1',
      responseLength: '12',
    });
  });

  it('renders CLF-style formats and ${context.x} references', () => {
    const f = compileFormat('$context.identity.sourceIp - [$context.requestTime] "$context.httpMethod" ${context.status}.');
    expect(renderFormat(f, { 'identity.sourceIp': '1.2.3.4', requestTime: 't', httpMethod: 'GET', status: 404 })).toBe(
      '1.2.3.4 - [t] "GET" 404.',
    );
  });

  it('requires $context.requestId (or extendedRequestId) and a single line', () => {
    expect(() => validateFormat(cdkJson)).not.toThrow();
    expect(() => validateFormat('$context.extendedRequestId')).not.toThrow();
    expect(() => validateFormat('$context.requestId\n')).not.toThrow();
    expect(() => validateFormat('{"status":"$context.status"}')).toThrow(/\$context\.requestId/);
    expect(() => validateFormat('$context.requestIdentity')).toThrow(/\$context\.requestId/);
    expect(() => validateFormat('$context.requestId\n$context.status')).toThrow(/single line/);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then one request per 1/rate seconds', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });

  it('with burst 0 refuses everything', () => {
    expect(new TokenBucket(100, 0, 0).take(1000)).toBe(false);
  });
});

describe('UpdateStage patch', () => {
  const stage: StageRecord = {
    stageName: 'v1',
    deploymentId: 'd1',
    variables: {},
    methodSettings: {},
    tracingEnabled: false,
    cacheClusterEnabled: false,
    tags: {},
    createdDate: 0,
    lastUpdatedDate: 0,
  };

  it('applies what CloudFormation sends for a CDK stage', () => {
    const { stage: next, effects } = applyStagePatch(stage, [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:ap-southeast-1:000000000000:log-group:g:*' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10.5' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '20' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/~1pets/GET/logging/loglevel', value: 'info' },
      { op: 'replace', path: '/variables/env', value: 'dev' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ]);
    expect(effects.enablesLogging).toBe(true);
    expect(next.accessLogSettings).toEqual({ destinationArn: 'arn:aws:logs:ap-southeast-1:000000000000:log-group:g:*', format: '$context.requestId' });
    expect(next.methodSettings['*/*']).toMatchObject({ throttlingRateLimit: 10.5, throttlingBurstLimit: 20, metricsEnabled: true });
    expect(next.methodSettings['*/*'].loggingLevel).toBeUndefined();
    expect(next.methodSettings[methodSettingKey('/pets', 'GET')]).toMatchObject({ loggingLevel: 'INFO' });
    expect(next.variables).toEqual({ env: 'dev' });
    expect(next.tracingEnabled).toBe(true);
    expect(stage.methodSettings).toEqual({}); // the input is left alone

    const removed = applyStagePatch(next, [{ op: 'remove', path: '/accessLogSettings' }, { op: 'remove', path: '/*/*' }]).stage;
    expect(removed.accessLogSettings).toBeUndefined();
    expect(removed.methodSettings['*/*']).toBeUndefined();
  });

  it.each([
    [{ op: 'replace', path: '/nope', value: 'x' }, /^Invalid method setting path: \/nope\. Must be one of: \[\/deploymentId, /],
    [{ op: 'remove', path: '/*/*' }, 'Cannot remove method setting */* because there is no method setting for this method '],
    [{ op: 'frobnicate', path: '/description', value: 'x' }, /Invalid patch operation/],
    [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: 'lots' }, /burst limit/],
    [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'LOUD' }, /logging level/],
    [{ op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:s3:::bucket' }, /Invalid ARN/],
    [{ op: 'replace', path: '/accessLogSettings/format', value: '$context.status' }, /requestId/],
  ])('refuses %j', (op, message) => {
    expect(() => applyStagePatch(stage, [op])).toThrow(message);
  });
});

describe('AccessLogWriter', () => {
  it('batches per stream, oldest first, off the caller, and reports a failed write without throwing', async () => {
    const batches: AccessLogBatch[] = [];
    const errors: unknown[] = [];
    const writer = new AccessLogWriter(
      (b) => {
        if (b.logGroupName === 'bad') throw new Error('denied');
        batches.push(b);
      },
      (e) => errors.push(e),
      10_000,
    );
    const line = { accountId: 'a', region: 'r', logStreamName: 's' };
    writer.write({ ...line, logGroupName: 'g', timestamp: 2, message: 'two' });
    writer.write({ ...line, logGroupName: 'g', timestamp: 1, message: 'one' });
    writer.write({ ...line, logGroupName: 'bad', timestamp: 1, message: 'x' });
    expect(batches).toEqual([]);
    await writer.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0].events.map((e) => e.message)).toEqual(['one', 'two']);
    expect(errors).toHaveLength(1);
  });

  it('writes on its own within the flush interval', async () => {
    const batches: AccessLogBatch[] = [];
    const writer = new AccessLogWriter((b) => void batches.push(b), () => undefined, 20);
    writer.write({ accountId: 'a', region: 'r', logGroupName: 'g', logStreamName: 's', timestamp: 1, message: 'm' });
    await new Promise((r) => setTimeout(r, 100));
    expect(batches).toHaveLength(1);
  });
});

describe('Lambda integration URI', () => {
  it('yields the function ARN, with stage variables filled in', () => {
    const fn = 'arn:aws:lambda:ap-southeast-1:000000000000:function:Fn';
    expect(lambdaFunctionOf(`arn:aws:apigateway:ap-southeast-1:lambda:path/2015-03-31/functions/${fn}/invocations`, {})).toBe(fn);
    expect(
      lambdaFunctionOf(
        'arn:aws:apigateway:ap-southeast-1:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-southeast-1:000000000000:function:${stageVariables.fn}/invocations',
        { fn: 'Other' },
      ),
    ).toBe('arn:aws:lambda:ap-southeast-1:000000000000:function:Other');
    expect(lambdaFunctionOf('https://example.com', {})).toBeUndefined();
  });
});
