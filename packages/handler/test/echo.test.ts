import { isJsonContentType, MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../src/body';
import { handler } from '../src/index';
import { bodyOf, captureLogs, echoEvent, expectError, headerOf, REQUEST_ID, type CapturedLogs } from './helpers';

const base64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

/** A JSON string literal whose UTF-8 encoding is exactly `bytes` long. */
const jsonOfBytes = (bytes: number) => JSON.stringify('x'.repeat(bytes - 2));

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

describe('POST /echo: success', () => {
  it('echoes a parsed JSON object', async () => {
    // Prepare
    const payload = { a: 1, nested: { list: [true, null, 'ü'] } };

    // Act
    const response = await handler(echoEvent(JSON.stringify(payload)));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: payload });
    expect(headerOf(response, 'content-type')).toBe('application/json');
    expect(headerOf(response, 'x-request-id')).toBe(REQUEST_ID);
  });

  it.each(['0', '"text"', 'null', 'false', '[]', ' {"padded": true} '])('echoes the JSON text %j', async (text) => {
    const response = await handler(echoEvent(text));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: JSON.parse(text) });
  });

  it('decodes a base64-encoded body', async () => {
    const response = await handler(echoEvent(base64('{"greeting":"grüß dich"}'), undefined, true));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: { greeting: 'grüß dich' } });
  });

  it.each([
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="utf-8"',
    'Application/JSON',
    'application/json ; foo=bar',
  ])('accepts content-type %j', async (contentType) => {
    const response = await handler(echoEvent('{"ok":1}', { 'content-type': contentType }));

    expect(response.statusCode).toBe(200);
  });

  it.each(['Content-Type', 'CONTENT-TYPE', 'content-TYPE'])('finds the %s header regardless of case', async (name) => {
    const response = await handler(echoEvent('{"ok":1}', { [name]: 'application/json' }));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: { ok: 1 } });
  });

  it('reads the content type from multiValueHeaders when headers is null', async () => {
    // Prepare
    const event = { ...echoEvent('{"ok":1}'), headers: null, multiValueHeaders: { 'Content-Type': ['application/json'] } };

    // Act
    const response = await handler(event as unknown as Parameters<typeof handler>[0]);

    // Assess
    expect(response.statusCode).toBe(200);
  });
});

describe('POST /echo: size limit', () => {
  it('accepts a body of exactly 16 KiB', async () => {
    const text = jsonOfBytes(MAX_BODY_BYTES);
    expect(Buffer.byteLength(text)).toBe(16384);

    const response = await handler(echoEvent(text));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: JSON.parse(text) });
  });

  it('rejects a body one byte over 16 KiB with 413', async () => {
    const response = await handler(echoEvent(jsonOfBytes(MAX_BODY_BYTES + 1)));

    expectError(response, 413, 'PayloadTooLarge');
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // 'é' is 2 bytes: 8192 of them plus quotes is 8194 characters but 16386 bytes.
    const text = JSON.stringify('é'.repeat(8192));
    expect(text.length).toBeLessThan(MAX_BODY_BYTES);

    const response = await handler(echoEvent(text));

    expectError(response, 413, 'PayloadTooLarge');
  });

  it('measures base64 bodies after decoding', async () => {
    // Exactly 16 KiB decoded is accepted even though the base64 text is ~21.8 KB...
    const atLimit = await handler(echoEvent(base64(jsonOfBytes(MAX_BODY_BYTES)), undefined, true));
    // ...and one decoded byte more is not.
    const overLimit = await handler(echoEvent(base64(jsonOfBytes(MAX_BODY_BYTES + 1)), undefined, true));

    expect(atLimit.statusCode).toBe(200);
    expectError(overLimit, 413, 'PayloadTooLarge');
  });
});

describe('POST /echo: bad bodies', () => {
  it.each([
    ['null body', null],
    ['empty body', ''],
  ])('rejects a %s with 400', async (_label, body) => {
    const response = await handler(echoEvent(body));

    expectError(response, 400, 'BadRequest');
  });

  it('rejects an empty base64 body with 400', async () => {
    const response = await handler(echoEvent('', undefined, true));

    expectError(response, 400, 'BadRequest');
  });

  it.each(['{', '{"a":}', "{'a':1}", 'undefined', 'NaN', '   ', '{"a":1} trailing'])(
    'rejects invalid JSON %j with 400 without quoting it',
    async (text) => {
      const response = await handler(echoEvent(text));

      expectError(response, 400, 'BadRequest');
      expect((bodyOf(response) as { error: { message: string } }).error.message).toBe('Request body is not valid JSON');
    },
  );

  it('rejects invalid UTF-8 in a base64 body with 400', async () => {
    // 0xC3 starts a two-byte sequence that 0x28 does not continue.
    const body = base64(Uint8Array.from([0x22, 0xc3, 0x28, 0x22]));

    const response = await handler(echoEvent(body, undefined, true));

    expectError(response, 400, 'BadRequest');
    expect((bodyOf(response) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
  });

  it.each(['not base64!', 'eyJhIjoxfQ', 'eyJhIjox fQ=='])('rejects malformed base64 %j with 400', async (body) => {
    const response = await handler(echoEvent(body, undefined, true));

    expectError(response, 400, 'BadRequest');
  });

  it(`accepts nesting of ${MAX_JSON_DEPTH} levels and rejects ${MAX_JSON_DEPTH + 1}`, async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

    const atLimit = await handler(echoEvent(nested(MAX_JSON_DEPTH)));
    const overLimit = await handler(echoEvent(nested(MAX_JSON_DEPTH + 1)));

    expect(atLimit.statusCode).toBe(200);
    expectError(overLimit, 400, 'BadRequest');
  });

  it('rejects a 16 KiB body of nested arrays with 400, not a 500 from stack overflow', async () => {
    const response = await handler(echoEvent('['.repeat(8192) + ']'.repeat(8192)));

    expectError(response, 400, 'BadRequest');
  });

  it('does not count brackets inside strings towards nesting', async () => {
    const text = JSON.stringify({ s: '[{'.repeat(200) + '\\"[' });

    const response = await handler(echoEvent(text));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ echo: JSON.parse(text) });
  });
});

describe('POST /echo: content type', () => {
  it.each([
    ['missing', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['application/jsonx', { 'content-type': 'application/jsonx' }],
    ['application/merge-patch+json', { 'content-type': 'application/merge-patch+json' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a non-UTF-8 charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ['empty', { 'content-type': '' }],
  ])('rejects %s with 415', async (_label, headers: Record<string, string>) => {
    const response = await handler(echoEvent('{"a":1}', headers));

    expectError(response, 415, 'UnsupportedMediaType');
  });

  it('checks the content type before the size (415 wins over 413)', async () => {
    const response = await handler(echoEvent(jsonOfBytes(MAX_BODY_BYTES + 1), { 'content-type': 'text/plain' }));

    expectError(response, 415, 'UnsupportedMediaType');
  });

  it('checks the content type when headers is null', async () => {
    const response = await handler({ ...echoEvent('{"a":1}'), headers: null } as unknown as Parameters<typeof handler>[0]);

    expectError(response, 415, 'UnsupportedMediaType');
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json;charset=utf-8', true],
    ['application/json; CHARSET = "UTF-8"', true],
    ['application/json; charset=utf-16', false],
    ['application/json; charset=', false],
    ['text/json', false],
    ['application/json-seq', false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isJsonContentType(value)).toBe(expected);
  });
});
