import { callApi } from '../src/http';
import { resolveTarget } from '../src/target';

const target = resolveTarget();

describe('the API through API Gateway', () => {
  test('GET /health answers 200 with the request id', async () => {
    const res = await callApi(target.apiBaseUrl, 'health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // the handler echoes API Gateway's request id: one id joins the response and every log line
    expect(res.headers.get('x-request-id')).toBe(res.requestId);
  });

  test.each([
    ['hello', 'Hello, world!'],
    ['hello?name=Ada', 'Hello, Ada!'],
    ['hello?name=Grace%20Hopper', 'Hello, Grace Hopper!'],
  ])('GET /%s', async (route, message) => {
    const res = await callApi(target.apiBaseUrl, route);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message });
  });

  test('POST /echo returns the parsed body', async () => {
    const body = { list: [1, 2, 3], nested: { ok: true } };
    const res = await callApi(target.apiBaseUrl, 'echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ echo: body });
  });

  test.each([
    ['400: a name with characters outside the allowed set', 'hello?name=%3Cscript%3E', {}, 400, 'BadRequest'],
    ['400: a name longer than 64 characters', `hello?name=${'a'.repeat(65)}`, {}, 400, 'BadRequest'],
    ['400: a body that is not JSON', 'echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' }, 400, 'BadRequest'],
    ['404: an unknown path', 'nope', {}, 404, 'NotFound'],
    ['405: a known path with the wrong method', 'health', { method: 'DELETE' }, 405, 'MethodNotAllowed'],
    ['413: a body over 16 KiB', 'echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(17_000) }) }, 413, 'PayloadTooLarge'],
    ['415: a body that is not declared JSON', 'echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, 415, 'UnsupportedMediaType'],
  ])('%s', async (_name, route, init, status, code) => {
    const res = await callApi(target.apiBaseUrl, route, init);
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error: { code, message: expect.any(String) }, requestId: res.requestId });
  });

  test('405 names the allowed methods', async () => {
    const res = await callApi(target.apiBaseUrl, 'echo');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
