import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../src/body';
import { handler } from '../src/index';
import { captureLogs, echoEvent, type CapturedLogs } from './helpers';

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

// Weight towards the real routes and a JSON content type so that the deep
// code paths (echo parsing, name validation) are hit often, not just 404s.
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

const method = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'post', '', ' GET', 'GET\n', '__proto__', 'constructor') },
  { weight: 1, arbitrary: anyString },
);

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/health', '/hello', '/echo') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('/', '', '//', '/..', '/../echo', '/echo/', '//echo', '/%2e%2e', '/__proto__', '/hasOwnProperty'),
  },
  { weight: 1, arbitrary: fc.webPath() },
  { weight: 1, arbitrary: anyString.map((s) => `/${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 100_000 }).map((n) => `/${'a/'.repeat(n)}`) },
);

const contentType = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;CHARSET="UTF-8"'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('application/json; charset=latin1', 'text/plain', '', ';;;', 'application/json;=;charset'),
  },
  { weight: 1, arbitrary: anyString },
);
const headerName = fc.oneof(fc.constantFrom('content-type', 'Content-Type', 'CONTENT-TYPE', '__proto__'), anyString);
const headers = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(headerName, contentType, fc.dictionary(anyString, anyString, { maxKeys: 3 }))
      .map(([name, value, rest]) => ({ ...rest, [name]: value })),
  },
  { weight: 1, arbitrary: fc.dictionary(headerName, anyString, { maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const multiValueHeaders = fc.option(fc.dictionary(headerName, fc.array(contentType, { maxLength: 3 }), { maxKeys: 3 }), {
  nil: null,
});

const query = fc.option(
  fc.dictionary(fc.oneof(fc.constant('name'), anyString), fc.oneof(anyString, fc.stringMatching(/^[A-Za-z0-9 _-]{0,70}$/)), {
    maxKeys: 4,
  }),
  { nil: null },
);

const base64Of = (data: string | Uint8Array) => Buffer.from(data).toString('base64');
const huge = fc.integer({ min: MAX_BODY_BYTES - 4, max: 3 * MAX_BODY_BYTES }).map((n) => JSON.stringify('x'.repeat(n)));
const deep = fc.integer({ min: 1, max: 9_000 }).map((d) => '['.repeat(d) + ']'.repeat(d));

const body: fc.Arbitrary<{ body: string | null; isBase64Encoded: boolean }> = fc.oneof(
  fc.record({ body: fc.constantFrom(null, ''), isBase64Encoded: fc.boolean() }),
  fc.record({ body: fc.oneof(anyString, fc.json()), isBase64Encoded: fc.boolean() }),
  fc.record({ body: fc.oneof(huge, deep), isBase64Encoded: fc.boolean() }),
  // Base64 of arbitrary bytes (mostly invalid UTF-8), and of JSON, oversized or deeply nested JSON.
  fc.uint8Array({ maxLength: 3 * MAX_BODY_BYTES }).map((bytes) => ({ body: base64Of(bytes), isBase64Encoded: true })),
  fc.oneof(fc.json(), huge, deep).map((text) => ({ body: base64Of(text), isBase64Encoded: true })),
);

// Mostly real method/path pairs, so requests get past the router.
const route: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<[string, string]>(['GET', '/health'], ['GET', '/hello'], ['POST', '/echo'], ['POST', '/echo']) },
  { weight: 1, arbitrary: fc.tuple(method, path) },
);

const EVENT_KEYS = ['httpMethod', 'path', 'resource', 'headers', 'multiValueHeaders', 'queryStringParameters', 'requestContext', 'body'];

const proxyEvent = fc
  .record({
    route,
    resource: fc.constantFrom('/{proxy+}', '/'),
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    requestContext: fc.oneof(
      fc.record({ requestId: fc.oneof(fc.uuid(), anyString) }, { requiredKeys: [] }),
      fc.constant(null),
    ),
    payload: body,
    // In about a quarter of the events, some fields are missing entirely.
    omit: fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.subarray(EVENT_KEYS) },
    ),
  })
  .map(({ route: [httpMethod, eventPath], payload, omit, ...fields }) => {
    const e: Record<string, unknown> = { ...fields, ...payload, httpMethod, path: eventPath };
    for (const key of omit) delete e[key];
    return e;
  });

const event: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: proxyEvent },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, 'event', [], {}) },
);

/** The invariants every response must satisfy, whatever came in. */
function assertValidResponse(response: APIGatewayProxyResult): void {
  expect(Number.isInteger(response.statusCode)).toBe(true);
  expect(response.statusCode).toBeGreaterThanOrEqual(100);
  expect(response.statusCode).toBeLessThan(500); // no input here should be a server error
  expect(typeof response.body).toBe('string');
  expect(response.headers).toEqual(expect.objectContaining({ 'content-type': 'application/json' }));
  const requestId = response.headers?.['x-request-id'];
  expect(typeof requestId).toBe('string');
  const parsed: unknown = JSON.parse(response.body);
  if (response.statusCode >= 400) {
    expect(parsed).toEqual({ error: { code: expect.any(String), message: expect.any(String) }, requestId });
    expect(Object.keys(parsed as object)).toEqual(['error', 'requestId']);
    expect(Object.keys((parsed as { error: object }).error).sort()).toEqual(['code', 'message']);
  }
}

describe('handler on arbitrary events', () => {
  it('never throws and always returns a well-formed JSON proxy response', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const response = await handler(e as APIGatewayProxyEvent);
        assertValidResponse(response);
      }),
      { numRuns: 500 },
    );
  });

  it('writes exactly one access line per request, whatever the event', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const before = logs.records().length;
        await handler(e as APIGatewayProxyEvent);
        const after = logs.records();
        expect(after.length - before).toBe(1);
        expect(after[after.length - 1]).toMatchObject({ level: 'INFO', message: 'request' });
      }),
      { numRuns: 100 },
    );
  });
});

describe('echo on arbitrary JSON', () => {
  it('returns what JSON.stringify would, whether or not the body is base64-encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ depthSize: 'small' }), fc.boolean(), async (text, encode) => {
        // Prepare
        const event = echoEvent(encode ? base64Of(text) : text, undefined, encode);

        // Act
        const response = await handler(event);

        // Assess
        expect(response.statusCode).toBe(200);
        expect(JSON.parse(response.body)).toEqual({ echo: JSON.parse(JSON.stringify(JSON.parse(text))) });
      }),
      { numRuns: 200 },
    );
  });
});

describe('hello on arbitrary names', () => {
  const allowed = fc.constantFrom(...'abcxyzABCXYZ0189 -_'.split(''));

  it('greets every 1-64 character name from the allowed alphabet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: allowed, minLength: 1, maxLength: 64 }), async (name) => {
        const response = await handler(echoEventFor('/hello', { name }));

        expect(response.statusCode).toBe(200);
        expect(JSON.parse(response.body)).toEqual({ message: `Hello, ${name}!` });
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any name containing a character outside the alphabet, or longer than 64', async () => {
    const outside = fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }).filter((c) => !/^[A-Za-z0-9 _-]$/.test(c));
    const badName = fc.oneof(
      fc
        .tuple(fc.string({ unit: allowed, maxLength: 30 }), outside, fc.string({ unit: allowed, maxLength: 30 }))
        .map(([a, c, b]) => a + c + b),
      fc.string({ unit: allowed, minLength: 65, maxLength: 500 }),
    );
    const reference = JSON.parse((await handler(echoEventFor('/hello', { name: '<script>' }))).body);
    await fc.assert(
      fc.asyncProperty(badName, async (name) => {
        const response = await handler(echoEventFor('/hello', { name }));

        expect(response.statusCode).toBe(400);
        // the same answer for every bad name, so the value is never reflected (a substring check would trip
        // on names such as `"` or `"-` that the fixed message itself contains)
        expect(JSON.parse(response.body)).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});

function echoEventFor(path: string, queryStringParameters: Record<string, string>): APIGatewayProxyEvent {
  return { ...echoEvent(null), httpMethod: 'GET', path, queryStringParameters };
}
