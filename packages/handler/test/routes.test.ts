import { handler } from '../src/index';
import { apiEvent, bodyOf, captureLogs, expectError, headerOf, REQUEST_ID, type CapturedLogs } from './helpers';

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

describe('GET /health', () => {
  it('returns 200 {"status":"ok"} with JSON content type and the request id', async () => {
    // Act
    const response = await handler(apiEvent({ path: '/health', httpMethod: 'GET' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: 'ok' });
    expect(headerOf(response, 'content-type')).toBe('application/json');
    expect(headerOf(response, 'x-request-id')).toBe(REQUEST_ID);
  });
});

describe('GET /hello', () => {
  const hello = (query: Record<string, string> | null) =>
    handler(apiEvent({ path: '/hello', httpMethod: 'GET', queryStringParameters: query }));

  it('greets the world when there is no query string', async () => {
    const response = await hello(null);

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ message: 'Hello, world!' });
  });

  it('greets the world when other parameters are present but name is not', async () => {
    const response = await hello({ other: 'x' });

    expect(bodyOf(response)).toEqual({ message: 'Hello, world!' });
  });

  it.each([
    ['Ada', 'Hello, Ada!'],
    ['Grace Hopper', 'Hello, Grace Hopper!'],
    ['a-b_c 9', 'Hello, a-b_c 9!'],
    ['x', 'Hello, x!'],
    ['N'.repeat(64), `Hello, ${'N'.repeat(64)}!`],
  ])('greets name=%j', async (name, message) => {
    const response = await hello({ name });

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ message });
    expect(headerOf(response, 'content-type')).toBe('application/json');
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'N'.repeat(65)],
    ['angle brackets', '<script>'],
    ['a dot', 'Ada.'],
    ['an apostrophe', "O'Brien"],
    ['a non-ASCII letter', 'Zoë'],
    ['an emoji', 'Ada 🚀'],
    ['a tab', 'Ada\tL'],
    ['a trailing newline', 'Ada\n'],
  ])('rejects a name with %s as 400 BadRequest', async (_label, name) => {
    const response = await hello({ name });

    expectError(response, 400, 'BadRequest');
  });

  it('uses the case-sensitive "name" key only', async () => {
    const response = await hello({ Name: 'Ada' });

    expect(bodyOf(response)).toEqual({ message: 'Hello, world!' });
  });
});

describe('routing errors', () => {
  it.each(['/', '/nope', '/health/', '//health', '/HEALTH', '/hello/../health', '/__proto__', '/constructor'])(
    'returns 404 NotFound for %j',
    async (path) => {
      const response = await handler(apiEvent({ path, httpMethod: 'GET' }));

      expectError(response, 404, 'NotFound');
    },
  );

  it.each([
    ['/health', 'POST', 'GET'],
    ['/health', 'HEAD', 'GET'],
    ['/health', 'OPTIONS', 'GET'],
    ['/health', 'get', 'GET'],
    ['/hello', 'DELETE', 'GET'],
    ['/echo', 'GET', 'POST'],
    ['/echo', 'PUT', 'POST'],
  ])('returns 405 for %s %s with allow: %s', async (path, httpMethod, allow) => {
    const response = await handler(apiEvent({ path, httpMethod }));

    expectError(response, 405, 'MethodNotAllowed');
    expect(headerOf(response, 'allow')).toBe(allow);
  });

  it('does not echo the requested path in the 404 message', async () => {
    const response = await handler(apiEvent({ path: '/<img src=x>' }));

    expect(response.body).not.toContain('<img');
  });
});
