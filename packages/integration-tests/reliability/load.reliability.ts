import { clientsFor } from '../src/clients';
import { allEvents, currentTarget, ensureRunning, pool, recordFigure, requestIdOf, waitFor, withRaisedThrottling } from './support';

/**
 * Reliability item 1: LOAD_REQUESTS (10,000) requests at LOAD_CONCURRENCY (64) connections through the deployed
 * API on loopback → every answer 2xx; exactly one access-log line and one handler log line per request in
 * the KMS-encrypted groups, each read back (so decrypted), none duplicated. The stage throttling (100/50)
 * is raised for the run and restored after.
 */
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 64);

describe(`load: ${REQUESTS} requests at ${CONCURRENCY} concurrent connections`, () => {
  it('answers every request 2xx and logs each exactly once, encrypted, in both groups', async () => {
    await ensureRunning();
    const target = await currentTarget();
    const { apigateway, logs } = clientsFor(target);
    const { LogGroupName, AccessLogGroupName } = target.outputs;
    const startTime = Date.now() - 5_000;
    const statuses = new Map<number, number>();
    const requestIds: string[] = [];
    const routes: Array<(i: number) => { route: string; init?: RequestInit }> = [
      () => ({ route: 'health' }),
      (i: number) => ({ route: `hello?name=Load${i}` }),
      (i: number) => ({ route: 'echo', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }) } }),
    ];

    const started = Date.now();
    await withRaisedThrottling(apigateway, target.outputs, () =>
      pool(REQUESTS, CONCURRENCY, async (i) => {
        const { route, init } = routes[i % routes.length](i);
        const res = await fetch(new URL(route, target.apiBaseUrl), init);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        requestIds.push(res.headers.get('x-amzn-requestid') ?? '');
      }),
    );
    const loadMs = Date.now() - started;

    // every answer 2xx, each with its own request id
    expect(Object.fromEntries(statuses)).toEqual({ 200: REQUESTS });
    const ids = new Set(requestIds);
    expect(requestIds.filter((id) => id === '')).toEqual([]);
    expect(ids.size).toBe(REQUESTS);

    // one line per request in each encrypted group (delivery is asynchronous: wait until all are in)
    const count = async (group: string, isLine: (m: Record<string, unknown>) => boolean) => {
      const perId = new Map<string, number>();
      for (const e of await allEvents(logs, group, startTime)) {
        const id = requestIdOf(e.message);
        if (id && ids.has(id) && isLine(JSON.parse(e.message!))) perId.set(id, (perId.get(id) ?? 0) + 1);
      }
      return perId;
    };
    const complete = (group: string, isLine: (m: Record<string, unknown>) => boolean) =>
      waitFor(`${REQUESTS} lines in ${group}`, async () => {
        const perId = await count(group, isLine);
        return perId.size === REQUESTS ? perId : undefined;
      }, 180_000, 2_000);
    const access = await complete(AccessLogGroupName, () => true);
    const handler = await complete(LogGroupName, (m) => m.message === 'request');

    const duplicated = (perId: Map<string, number>) => [...perId].filter(([, n]) => n !== 1);
    expect(duplicated(access)).toEqual([]);
    expect(duplicated(handler)).toEqual([]);
    expect(access.size).toBe(REQUESTS);
    expect(handler.size).toBe(REQUESTS);
    recordFigure(`load: ${REQUESTS} requests, concurrency ${CONCURRENCY}, ${loadMs} ms (${Math.round(REQUESTS / (loadMs / 1000))} req/s), non-2xx 0, access lines ${access.size}, handler lines ${handler.size}, lost 0, duplicated 0`);
    for (const c of Object.values(clientsFor(target))) c.destroy();
  }, 900_000);
});
