import { randomUUID } from 'node:crypto';
import { filterLogEvents, clientsFor } from '../src/clients';
import { callApi, eventually } from '../src/http';
import { resolveTarget } from '../src/target';

const target = resolveTarget();
const { logs } = clientsFor(target);
const { LogGroupName, AccessLogGroupName } = target.outputs;

describe('the request logs, in the encrypted groups', () => {
  // values the test sends and that must never appear in any log line
  const queryMarker = `q${randomUUID().replace(/-/g, '')}`;
  const bodyMarker = `b${randomUUID().replace(/-/g, '')}`;
  const startTime = Date.now() - 60_000;
  let helloRequestId: string;
  let echoRequestId: string;

  beforeAll(async () => {
    const hello = await callApi(target.apiBaseUrl, `hello?name=${queryMarker}`);
    expect(hello.status).toBe(200);
    helloRequestId = hello.requestId;
    const echo = await callApi(target.apiBaseUrl, 'echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: bodyMarker }),
    });
    expect(echo.status).toBe(200);
    echoRequestId = echo.requestId;
  });

  test("the function's access line for the request is in its log group", async () => {
    const events = await eventually(`the handler's log line of ${helloRequestId}`, async () => {
      const found = await filterLogEvents(logs, LogGroupName, `"${helloRequestId}"`, startTime);
      return found.length > 0 ? found : undefined;
    });
    const lines = events.map((e) => JSON.parse(e.message!));
    const access = lines.find((l) => l.level === 'INFO' && /\/hello/.test(JSON.stringify(l)));
    expect(access).toBeDefined();
    expect(JSON.stringify(access)).toContain('200');
  });

  test("API Gateway's access line for the request is in the access-log group", async () => {
    const events = await eventually(`the access-log line of ${echoRequestId}`, async () => {
      const found = await filterLogEvents(logs, AccessLogGroupName, `{ $.requestId = "${echoRequestId}" }`, startTime);
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
    const line = JSON.parse(events[0].message!);
    expect(line).toMatchObject({ requestId: echoRequestId, httpMethod: 'POST', status: '200' });
  });

  test('no log line carries the query value or the body the test sent', async () => {
    // wait until both requests are logged, so "not found" means "not logged", not "not yet"
    await eventually('both requests in the function group', async () => {
      const found = await filterLogEvents(logs, LogGroupName, `?"${helloRequestId}" ?"${echoRequestId}"`, startTime);
      return found.length >= 2 ? found : undefined;
    });
    for (const group of [LogGroupName, AccessLogGroupName]) {
      for (const marker of [queryMarker, bodyMarker]) {
        expect(await filterLogEvents(logs, group, `"${marker}"`, startTime)).toEqual([]);
      }
    }
  });
});
