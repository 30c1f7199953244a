import fc from 'fast-check';
import { clientsFor } from '../src/clients';
import { currentTarget, ensureRunning, recordFigure, withRaisedThrottling } from './support';

/**
 * Reliability item 6: the handler's property-based suite (packages/handler/test/property.test.ts) replayed
 * through the deployed API: API_PROPERTY_RUNS (500) random requests that fetch can send (methods, paths,
 * query strings, headers, bodies) → never a 5xx, and every answer carries API Gateway's request id.
 * Throttling is raised for the run (a 429 is not a 5xx, but it would hide the handler behind the throttle).
 */
const RUNS = Number(process.env.API_PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.API_PROPERTY_SEED ?? 20260101);
const HANDLER_MAX_BODY = 16 * 1024; // the handler's documented body limit, probed on both sides

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-.^_`|~';
const token = fc.string({ unit: fc.constantFrom(...TOKEN.split('')), minLength: 1, maxLength: 20 });
/** Header values fetch accepts: no CR, LF or NUL; latin-1 only. */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 60 }).map((s) => s.trim());
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'post', 'PROPFIND', 'FOO', '__proto__', 'constructor') },
);
const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('health', 'hello', 'echo') },
  { weight: 2, arbitrary: fc.constantFrom('', '/', '//', '..', '../echo', 'echo/', '/echo', '%2e%2e', '__proto__', 'hasOwnProperty', 'a/'.repeat(500), '%00', '%ZZ', '%C0%AF') },
  { weight: 1, arbitrary: fc.webPath().map((p) => p.replace(/^\/+/, '')) },
  { weight: 1, arbitrary: anyString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x'))) },
);
const query = fc.option(
  fc.dictionary(fc.oneof(fc.constant('name'), token), fc.oneof(anyString, fc.stringMatching(/^[A-Za-z0-9 _-]{0,70}$/)).map((v) => v.replace(/[\uD800-\uDFFF]/g, 'x')), { maxKeys: 4 }),
  { nil: undefined },
);
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;CHARSET="UTF-8"') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=latin1', 'text/plain', ';;;', 'application/json;=;charset', 'multipart/form-data; boundary=x') },
  { weight: 1, arbitrary: headerValue },
);
const headers = fc.record({
  contentType: fc.option(contentType, { nil: undefined }),
  extra: fc.dictionary(token.filter((n) => !/^(host|content-length|transfer-encoding|connection|keep-alive|upgrade|expect|te|trailer)$/i.test(n)), headerValue, { maxKeys: 4 }),
});
const body = fc.oneof(
  fc.constantFrom(undefined, ''),
  fc.json(),
  anyString,
  fc.integer({ min: HANDLER_MAX_BODY - 8, max: 4 * HANDLER_MAX_BODY }).map((n) => JSON.stringify({ name: 'x'.repeat(n) })),
  fc.integer({ min: 1, max: 5_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.uint8Array({ maxLength: 4_096 }).map((b) => Buffer.from(b)),
);

describe(`the deployed API under ${RUNS} random requests`, () => {
  it('never answers 5xx', async () => {
    await ensureRunning();
    const target = await currentTarget();
    const { apigateway } = clientsFor(target);
    const statuses = new Map<number, number>();
    const started = Date.now();
    await withRaisedThrottling(apigateway, target.outputs, () =>
      fc.assert(
        fc.asyncProperty(method, path, query, headers, body, async (m, p, q, h, b) => {
          const url = new URL(`${target.apiBaseUrl}${p}`);
          for (const [k, v] of Object.entries(q ?? {})) url.searchParams.append(k, v);
          const init: RequestInit = { method: m, headers: { ...h.extra, ...(h.contentType !== undefined ? { 'content-type': h.contentType } : {}) } };
          if (b !== undefined && !['GET', 'HEAD'].includes(m.toUpperCase())) init.body = b;
          let res: Response;
          try {
            res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
          } catch (e) {
            // fetch itself refuses some methods (CONNECT, TRACE) and names: not a request the API saw
            if (e instanceof TypeError && !/fetch failed/.test(e.message)) return;
            throw e;
          }
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect({ method: m, url: url.href.slice(0, 300), status: res.status < 500 ? 'not 5xx' : res.status }).toEqual({ method: m, url: url.href.slice(0, 300), status: 'not 5xx' });
          expect(res.headers.get('x-amzn-requestid')).toEqual(expect.any(String));
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      ),
    );
    const sent = [...statuses.values()].reduce((a, n) => a + n, 0);
    recordFigure(`api-property: ${sent} random requests through the API, ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}, 5xx 0`);
    expect(sent).toBeGreaterThanOrEqual(RUNS * 0.9);
    for (const c of Object.values(clientsFor(target))) c.destroy();
  }, 600_000);
});
