import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipFiles } from '../../../helpers/zip';
import { FunctionVersion, LambdaRuntime, RuntimeInvokeOutput } from '../../../../src/services/lambda/runtime/lambda-runtime';
import { LambdaLogsWriter, LogDestination, LogEventInput, LogShipper } from '../../../../src/services/lambda/runtime/log-shipper';

const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STREAM = /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/;

/** An in-memory CloudWatch Logs: groups that exist, and what was written to them. */
class FakeLogs implements LambdaLogsWriter {
  public readonly groups = new Map<string, Map<string, LogEventInput[]>>();

  public putLogEvents(d: LogDestination, events: readonly LogEventInput[]): void {
    const group = this.groups.get(d.logGroupName);
    if (!group) {
      const { AwsError } = jest.requireActual('../../../../src/core/aws-error');
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    }
    const stream = group.get(d.logStreamName) ?? [];
    stream.push(...events);
    group.set(d.logStreamName, stream);
  }

  public createLogGroup(d: LogDestination): void {
    if (!this.groups.has(d.logGroupName)) this.groups.set(d.logGroupName, new Map());
  }

  public messages(group: string): string[] {
    return [...(this.groups.get(group)?.values() ?? [])].flat().map((e) => e.message);
  }
}

let codeRoot: string;
let logs: FakeLogs;
let shipper: LogShipper;
let runtime: LambdaRuntime;
const serverLog: string[] = [];

beforeEach(() => {
  codeRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-runtime-test-'));
  logs = new FakeLogs();
  serverLog.length = 0;
  shipper = new LogShipper(() => logs, (line) => serverLog.push(line), 20);
  runtime = new LambdaRuntime({
    codeRoot,
    logs: shipper,
    endpoint: () => 'http://127.0.0.1:4566',
    credentials: () => ({ accessKeyId: 'test', secretAccessKey: 'test' }),
    maxEnvironmentsPerFunction: 4,
  });
});

afterEach(async () => {
  await runtime.close();
  await shipper.close();
  fs.rmSync(codeRoot, { recursive: true, force: true });
});

async function fnOf(files: Record<string, string>, overrides: Partial<FunctionVersion> = {}): Promise<FunctionVersion> {
  const zip = await zipFiles(files);
  const functionName = overrides.functionName ?? `fn-${randomUUID().slice(0, 8)}`;
  return {
    accountId: ACCOUNT,
    region: REGION,
    functionName,
    functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    revisionId: randomUUID(),
    runtime: 'nodejs24.x',
    handler: 'index.handler',
    role: `arn:aws:iam::${ACCOUNT}:role/fn-role`,
    timeout: 3,
    memorySize: 128,
    environment: {},
    logFormat: 'Text',
    logGroup: `/aws/lambda/${functionName}`,
    codeSha256Hex: createHash('sha256').update(zip).digest('hex'),
    loadCode: () => zip,
    ...overrides,
  };
}

function invoke(fn: FunctionVersion, event: unknown = {}, tail = true): Promise<RuntimeInvokeOutput> {
  return runtime.invoke({ fn, payload: JSON.stringify(event), invokedArn: fn.functionArn, tail });
}

function tailOf(out: RuntimeInvokeOutput): string {
  return Buffer.from(out.logResult ?? '', 'base64').toString('utf8');
}

function jsonLines(out: RuntimeInvokeOutput): Array<Record<string, any>> {
  return tailOf(out)
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

describe('handler results', () => {
  it('returns what an async handler resolves, as JSON', async () => {
    // Prepare
    const fn = await fnOf({ 'index.js': 'exports.handler = async (event) => ({ got: event.n * 2 });' });
    // Act
    const out = await invoke(fn, { n: 21 });
    // Assess
    expect(out.functionError).toBeUndefined();
    expect(JSON.parse(out.payload)).toEqual({ got: 42 });
    expect(out.requestId).toMatch(REQUEST_ID);
  });

  it('answers null for a handler that resolves undefined', async () => {
    const out = await invoke(await fnOf({ 'index.js': 'exports.handler = async () => {};' }));
    expect(out.payload).toBe('null');
  });

  it('supports callback handlers on runtimes before Node.js 24', async () => {
    const fn = await fnOf(
      { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { cb: event.v }), 5); };' },
      { runtime: 'nodejs22.x' },
    );
    expect(JSON.parse((await invoke(fn, { v: 'yes' })).payload)).toEqual({ cb: 'yes' });
  });

  it('reports a callback error as the function error', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = (e, c, callback) => callback(new TypeError('bad'));" }, { runtime: 'nodejs20.x' });
    const out = await invoke(fn);
    expect(out.functionError).toBe('Unhandled');
    expect(JSON.parse(out.payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad' });
  });

  it('refuses callback handlers on nodejs24.x as Runtime.CallbackHandlerDeprecated', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = (e, c, callback) => callback(null, 1);' });
    const out = await invoke(fn);
    expect(out.functionError).toBe('Unhandled');
    const error = JSON.parse(out.payload);
    expect(error.errorType).toBe('Runtime.CallbackHandlerDeprecated');
    expect(error.errorMessage).toContain('removed support for callback-based function handlers starting with Node.js 24');
  });

  it('reports a thrown Error with its type, message and trace', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = async () => { throw new RangeError('out of range'); };" });
    const out = await invoke(fn);
    expect(out.functionError).toBe('Unhandled');
    const error = JSON.parse(out.payload);
    expect(error).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
    expect(error.trace[0]).toBe('RangeError: out of range');
    expect(error.trace.length).toBeGreaterThan(1);
    expect(tailOf(out)).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"out of range","stack":\["RangeError: out of range",/);
  });

  it('reports a thrown non-Error by its typeof, with an empty trace', async () => {
    const out = await invoke(await fnOf({ 'index.js': "exports.handler = async () => { throw 'plain string'; };" }));
    expect(out.functionError).toBe('Unhandled');
    expect(JSON.parse(out.payload)).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
  });
});

describe('handler resolution', () => {
  it('finds dir/file.a.b: a module in a folder and a nested export', async () => {
    const fn = await fnOf({ 'src/app.js': 'exports.api = { v1: { handle: async () => "nested" } };' }, { handler: 'src/app.api.v1.handle' });
    expect(JSON.parse((await invoke(fn)).payload)).toBe('nested');
  });

  it('imports .mjs modules and .js modules under "type": "module"', async () => {
    const mjs = await fnOf({ 'index.mjs': 'export const handler = async () => "from mjs";' });
    expect(JSON.parse((await invoke(mjs)).payload)).toBe('from mjs');
    const esm = await fnOf({ 'package.json': '{"type":"module"}', 'index.js': 'const top = await Promise.resolve("esm top-level await"); export const handler = async () => top;' });
    expect(JSON.parse((await invoke(esm)).payload)).toBe('esm top-level await');
  });

  it('loads .cjs modules', async () => {
    const fn = await fnOf({ 'main.cjs': 'module.exports.go = async () => "cjs";' }, { handler: 'main.go' });
    expect(JSON.parse((await invoke(fn)).payload)).toBe('cjs');
  });

  it('answers Runtime.ImportModuleError for a missing module', async () => {
    const out = await invoke(await fnOf({ 'other.js': '' }));
    expect(out.functionError).toBe('Unhandled');
    const error = JSON.parse(out.payload);
    expect(error.errorType).toBe('Runtime.ImportModuleError');
    expect(error.errorMessage).toMatch(/^Error: Cannot find module 'index'/);
  });

  it('answers Runtime.ImportModuleError for a dependency the code cannot find', async () => {
    const out = await invoke(await fnOf({ 'index.js': "require('not-installed-anywhere'); exports.handler = async () => 1;" }));
    const error = JSON.parse(out.payload);
    expect(error.errorType).toBe('Runtime.ImportModuleError');
    expect(error.errorMessage).toContain("Cannot find module 'not-installed-anywhere'");
  });

  it('answers Runtime.HandlerNotFound for a missing or non-function export', async () => {
    const missing = JSON.parse((await invoke(await fnOf({ 'index.js': 'exports.other = async () => 1;' }))).payload);
    expect(missing).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
    const notFunction = JSON.parse((await invoke(await fnOf({ 'index.js': 'exports.handler = 42;' }))).payload);
    expect(notFunction).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' });
  });

  it('answers Runtime.UserCodeSyntaxError for code that does not parse', async () => {
    const out = await invoke(await fnOf({ 'index.js': 'exports.handler = async () => {' }));
    const error = JSON.parse(out.payload);
    expect(error.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(error.errorMessage).toMatch(/^SyntaxError: /);
  });

  it('answers Runtime.MalformedHandlerName for a handler without an export name', async () => {
    const error = JSON.parse((await invoke(await fnOf({ 'index.js': '' }, { handler: 'index' }))).payload);
    expect(error.errorType).toBe('Runtime.MalformedHandlerName');
  });
});

describe('context and environment', () => {
  it('gives the handler the context Lambda defines', async () => {
    const fn = await fnOf({
      'index.js': `exports.handler = async (event, context) => ({
        ...context, remaining: context.getRemainingTimeInMillis(), hasCallbackFlag: 'callbackWaitsForEmptyEventLoop' in context });`,
    });
    const out = await invoke(fn);
    const ctx = JSON.parse(out.payload);
    expect(ctx).toMatchObject({
      functionName: fn.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.functionArn,
      memoryLimitInMB: '128',
      awsRequestId: out.requestId,
      logGroupName: `/aws/lambda/${fn.functionName}`,
      hasCallbackFlag: false,
    });
    expect(ctx.logStreamName).toMatch(STREAM);
    expect(ctx.remaining).toBeGreaterThan(2000);
    expect(ctx.remaining).toBeLessThanOrEqual(3000);
  });

  it('keeps the legacy context members on Node.js 22 and earlier', async () => {
    const fn = await fnOf(
      { 'index.js': "exports.handler = async (e, context) => [context.callbackWaitsForEmptyEventLoop, typeof context.succeed, typeof context.done];" },
      { runtime: 'nodejs22.x' },
    );
    expect(JSON.parse((await invoke(fn)).payload)).toEqual([true, 'function', 'function']);
  });

  it('sets the Lambda environment variables and the function’s own', async () => {
    const fn = await fnOf(
      { 'index.js': 'exports.handler = async () => ({ env: process.env, cwd: process.cwd(), tz: new Date(0).getTimezoneOffset() });' },
      { environment: { STAGE: 'test', AWS_ENDPOINT_URL: 'http://example.invalid:1' }, logFormat: 'JSON', applicationLogLevel: 'WARN', memorySize: 256 },
    );
    const { env, cwd, tz } = JSON.parse((await invoke(fn)).payload);
    expect(env).toMatchObject({
      _HANDLER: 'index.handler',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      TZ: 'UTC',
      STAGE: 'test',
      // the function's own setting wins over local-cloud's endpoint
      AWS_ENDPOINT_URL: 'http://example.invalid:1',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(STREAM);
    expect(env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0/);
    expect(env.LAMBDA_TASK_ROOT).toBe(fs.realpathSync(cwd));
    expect(tz).toBe(0);
    // local-cloud's own environment does not leak into the function
    expect(Object.keys(env).some((k) => k.startsWith('JEST'))).toBe(false);
  });

  it('points AWS_ENDPOINT_URL at local-cloud by default', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = async () => process.env.AWS_ENDPOINT_URL;' });
    expect(JSON.parse((await invoke(fn)).payload)).toBe('http://127.0.0.1:4566');
  });

  it.each([
    ['nodejs20.x', 128],
    ['nodejs22.x', 256],
    ['nodejs24.x', 128],
    ['nodejs24.x', 256],
    ['nodejs24.x', 1024],
  ])('keeps the worker heap within MemorySize on its own Node major (%s, %i MB)', async (runtime, memorySize) => {
    // What Lambda promises: the function's heap cannot outgrow its memory setting; it follows that setting
    // (not Node's default of several GiB), whatever the Node major sizes its young generation at.
    const fn = await fnOf({ 'index.js': "exports.handler = async () => [process.versions.node, require('v8').getHeapStatistics().heap_size_limit];" }, { runtime, memorySize });
    const [version, limit] = JSON.parse((await invoke(fn)).payload);
    expect(version.split('.')[0]).toBe(runtime.replace(/^nodejs(\d+)\.x$/, '$1'));
    expect(limit).toBeLessThanOrEqual(memorySize * 1024 * 1024);
    expect(limit).toBeGreaterThan(memorySize * 0.75 * 1024 * 1024);
  });
});

describe('execution environments', () => {
  // SCHED_BATCH: a worker woken by an invocation does not preempt local-cloud's event loop (execution-environment.ts)
  const withChrt = process.platform === 'linux' && ['/usr/bin/chrt', '/bin/chrt'].some((p) => fs.existsSync(p));
  (withChrt ? it : it.skip)('runs workers under the SCHED_BATCH scheduling policy on Linux', async () => {
    // field 41 of /proc/<pid>/stat is the policy: 0 SCHED_OTHER, 3 SCHED_BATCH
    // (read from here: the sandboxed worker may not read /proc)
    const fn = await fnOf({ 'index.js': 'exports.handler = async () => process.pid;' });
    const pid = JSON.parse((await invoke(fn)).payload);
    expect(Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[38])).toBe(3);
    expect(Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[38])).toBe(0);
  });

  it('reuses a warm environment: module state survives, Init Duration only on the cold start', async () => {
    // Prepare
    const fn = await fnOf({ 'index.js': 'let count = 0; exports.handler = async () => ({ count: ++count, pid: process.pid });' });
    // Act
    const first = await invoke(fn);
    const second = await invoke(fn);
    const third = await invoke(fn);
    // Assess
    expect([first, second, third].map((o) => JSON.parse(o.payload).count)).toEqual([1, 2, 3]);
    expect(new Set([first, second, third].map((o) => JSON.parse(o.payload).pid)).size).toBe(1);
    expect(tailOf(first)).toMatch(/^INIT_START Runtime Version: nodejs:24\.\S+\tRuntime Version ARN: arn:aws:lambda:ap-southeast-1::runtime:[0-9a-f]{64}\n/);
    expect(tailOf(first)).toMatch(/\tInit Duration: \d+\.\d{2} ms\t\n$/);
    expect(tailOf(second)).not.toContain('Init Duration');
    expect(tailOf(second)).not.toContain('INIT_START');
  });

  it('times out with Sandbox.Timedout, kills the worker and starts a fresh one', async () => {
    // Prepare
    const fn = await fnOf(
      { 'index.js': 'let n = 0; exports.handler = async (e) => { n++; if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return { n, pid: process.pid }; };' },
      { timeout: 1 },
    );
    const warm = JSON.parse((await invoke(fn)).payload);
    // Act
    const timedOut = await invoke(fn, { hang: true });
    const after = await invoke(fn);
    // Assess
    expect(timedOut.functionError).toBe('Unhandled');
    expect(JSON.parse(timedOut.payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 1.00 seconds`,
    });
    expect(tailOf(timedOut)).toMatch(new RegExp(`Z ${timedOut.requestId} Task timed out after 1.00 seconds\n`));
    expect(tailOf(timedOut)).toMatch(/\tStatus: timeout\t\n$/);
    const fresh = JSON.parse(after.payload);
    expect(fresh.n).toBe(1); // module state is new
    expect(fresh.pid).not.toBe(warm.pid);
    expect(() => process.kill(warm.pid, 0)).toThrow();
    expect(tailOf(after)).toContain('Init Duration');
  });

  it('runs concurrent invocations in separate environments, up to the limit', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 150)); return process.pid; };' });
    const outs = await Promise.all(Array.from({ length: 6 }, () => invoke(fn)));
    const pids = new Set(outs.map((o) => JSON.parse(o.payload)));
    expect(pids.size).toBe(4); // maxEnvironmentsPerFunction; the other two waited for a warm one
    expect(runtime.environmentCount).toBe(4);
  });

  it('starts over on a new version: the old environments stop', async () => {
    const v1 = await fnOf({ 'index.js': 'exports.handler = async () => ["v1", process.pid];' }, { functionName: 'versioned' });
    const [, pid1] = JSON.parse((await invoke(v1)).payload);
    const v2 = await fnOf({ 'index.js': 'exports.handler = async () => ["v2", process.pid];' }, { functionName: 'versioned' });
    const [answer, pid2] = JSON.parse((await invoke(v2)).payload);
    expect(answer).toBe('v2');
    expect(pid2).not.toBe(pid1);
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid1, 0)).toThrow();
  });

  it('reports a crashed worker as Runtime.ExitError and replaces it', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = async (e) => { if (e.exit) process.exit(3); return "ok"; };' });
    await invoke(fn);
    const crashed = await invoke(fn, { exit: true });
    expect(JSON.parse(crashed.payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${crashed.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(tailOf(crashed)).toMatch(/\tStatus: error\tError Type: Runtime.ExitError\t\n$/);
    expect(JSON.parse((await invoke(fn)).payload)).toBe('ok');
  });

  it('fails the invocation on an uncaught exception and starts a fresh environment', async () => {
    const fn = await fnOf({ 'index.js': "let n = 0; exports.handler = async (e) => { n++; if (e.boom) { setTimeout(() => { throw new Error('async boom'); }, 1); await new Promise(() => {}); } return n; };" });
    await invoke(fn);
    const out = await invoke(fn, { boom: true });
    expect(out.functionError).toBe('Unhandled');
    expect(JSON.parse(out.payload)).toMatchObject({ errorType: 'Error', errorMessage: 'async boom' });
    expect(JSON.parse((await invoke(fn)).payload)).toBe(1);
  });

  it('stops environments that stay idle', async () => {
    // Prepare
    const idle = new LambdaRuntime({ codeRoot, logs: shipper, endpoint: () => undefined, credentials: () => ({ accessKeyId: 'test', secretAccessKey: 'test' }), idleTimeoutMs: 1000 });
    try {
      const fn = await fnOf({ 'index.js': 'exports.handler = async () => process.pid;' });
      const pid = JSON.parse((await idle.invoke({ fn, payload: '{}', invokedArn: fn.functionArn, tail: false })).payload);
      expect(idle.environmentCount).toBe(1);
      // Act
      await new Promise((r) => setTimeout(r, 2600));
      // Assess
      expect(idle.environmentCount).toBe(0);
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await idle.close();
    }
  });

  it('queues past the concurrency limit, and answers TooManyRequestsException (429) past the queue', async () => {
    const small = new LambdaRuntime({
      codeRoot,
      logs: shipper,
      endpoint: () => undefined,
      credentials: () => ({ accessKeyId: 'test', secretAccessKey: 'test' }),
      maxEnvironmentsPerFunction: 1,
      maxQueuedPerFunction: 1,
    });
    try {
      const fn = await fnOf({ 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };' });
      const run = () => small.invoke({ fn, payload: '{}', invokedArn: fn.functionArn, tail: false });
      const first = run();
      await new Promise((r) => setTimeout(r, 50)); // the first one holds the only environment
      const results = await Promise.allSettled([first, run(), run()]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const [a, b] = results.slice(0, 2).map((r) => JSON.parse((r as PromiseFulfilledResult<RuntimeInvokeOutput>).value.payload));
      expect(a).toBe(b); // the queued invocation ran in the same, warm environment
      expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'TooManyRequestsException', status: 429, message: 'Rate Exceeded.' });
    } finally {
      await small.close();
    }
  });

  it('reports a failed Init phase: INIT_REPORT, the error, and a fresh try on the next invocation', async () => {
    const fn = await fnOf({ 'index.js': "console.log('loading'); if (!globalThis.x) throw new Error('init boom'); exports.handler = async () => 1;" });
    const out = await invoke(fn);
    expect(out.functionError).toBe('Unhandled');
    expect(JSON.parse(out.payload)).toMatchObject({ errorType: 'Error', errorMessage: 'init boom' });
    const tail = tailOf(out);
    expect(tail).toMatch(/\tundefined\tINFO\tloading\n/);
    expect(tail).toMatch(/\tundefined\tERROR\tInit Error \t\{"errorType":"Error","errorMessage":"init boom","stack":\["Error: init boom",/);
    expect(tail).toMatch(/INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: init\tStatus: error\tError Type: Error\n/);
    expect(tail).toMatch(/\tStatus: error\tError Type: Error\t\n$/);
    expect(runtime.environmentCount).toBe(0);
    expect(tailOf(await invoke(fn))).toContain('INIT_REPORT'); // no environment was kept: Init runs again
  });

  it('replaces an environment that died while idle, instead of failing the next invocation', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = async (e) => { if (e.later) setTimeout(() => { throw new Error('after the response'); }, 10); return process.pid; };" });
    const first = await invoke(fn, { later: true });
    await new Promise((r) => setTimeout(r, 200));
    const second = await invoke(fn);
    expect(second.functionError).toBeUndefined();
    expect(JSON.parse(second.payload)).not.toBe(JSON.parse(first.payload));
    await shipper.flush();
    expect(logs.messages(fn.logGroup)).toContainEqual(expect.stringMatching(/\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"after the response"/));
  });

  it('leaves no worker process behind after close()', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = async () => process.pid;' });
    const pids = (await Promise.all([invoke(fn), invoke(fn)])).map((o) => JSON.parse(o.payload));
    await runtime.close();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('gives each environment its own private /tmp (TMPDIR), kept while warm and removed when it stops', async () => {
    // Prepare
    const fn = await fnOf({
      'index.js': "const fs = require('fs'); exports.handler = async (e) => { const f = require('os').tmpdir() + '/n'; const n = fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) + 1 : 1; fs.writeFileSync(f, String(n)); await new Promise((r) => setTimeout(r, e.wait)); return [process.env.TMPDIR, n]; };",
    });
    // Act: two at once (two environments), then one more (a warm one)
    const [a, b] = (await Promise.all([invoke(fn, { wait: 300 }), invoke(fn, { wait: 300 })])).map((o) => JSON.parse(o.payload));
    const [again, count] = JSON.parse((await invoke(fn, { wait: 0 })).payload);
    // Assess
    expect(a[0]).not.toBe(b[0]);
    expect([a[0], b[0]]).toContain(again);
    expect(count).toBe(2);
    for (const dir of [a[0], b[0]]) expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    await runtime.close();
    for (const dir of [a[0], b[0]]) expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('log output', () => {
  it('writes Text lines: START, app lines with request id and level, END, REPORT', async () => {
    // Prepare
    const fn = await fnOf({
      'index.js': `console.log('init line');
        exports.handler = async () => { console.log('hello %s', 'world'); console.warn('careful'); console.error({ a: 1 });
          console.info('multi\\nline'); process.stdout.write('raw out\\n'); return 1; };`,
    });
    // Act
    const out = await invoke(fn);
    const id = out.requestId;
    // Assess
    const tail = tailOf(out);
    expect(tail).toMatch(/^INIT_START /);
    expect(tail).toMatch(/\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tINFO\tinit line\n/);
    expect(tail).toContain(`START RequestId: ${id} Version: $LATEST\n`);
    expect(tail).toMatch(new RegExp(`Z\\t${id}\\tINFO\\thello world\\n`));
    expect(tail).toMatch(new RegExp(`Z\\t${id}\\tWARN\\tcareful\\n`));
    expect(tail).toMatch(new RegExp(`Z\\t${id}\\tERROR\\t\\{ a: 1 \\}\\n`));
    expect(tail).toContain('raw out\n');
    expect(tail).toContain(`END RequestId: ${id}\n`);
    expect(tail).toMatch(new RegExp(`REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t\\n$`));
    // a multi-line message stays one event
    await shipper.flush();
    const events = logs.messages(fn.logGroup);
    expect(events).toContainEqual(expect.stringMatching(/\tINFO\tmulti\nline\n$/));
    expect(events.findIndex((m) => m.startsWith('START'))).toBeLessThan(events.findIndex((m) => m.includes('hello world')));
  });

  it('writes JSON lines: app records, platform records, and filters by ApplicationLogLevel', async () => {
    // Prepare
    const fn = await fnOf(
      {
        'index.js': `exports.handler = async () => {
          console.debug('hidden'); console.info('shown', 42); console.log({ nested: true }); console.error(new Error('as value'));
          console.warn('with error', new TypeError('tt'));
          process.stdout.write(JSON.stringify({ level: 'DEBUG', message: 'structured debug' }) + '\\n');
          process.stdout.write(JSON.stringify({ level: 'INFO', message: 'structured info', service: 's' }) + '\\n');
          return 1; };`,
      },
      { logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' },
    );
    // Act
    const out = await invoke(fn);
    const lines = jsonLines(out);
    const id = out.requestId;
    // Assess
    expect(lines.map((l) => l.type ?? l.message)).toEqual([
      'platform.initStart',
      'platform.start',
      'shown 42',
      { nested: true },
      { errorType: 'Error', errorMessage: 'as value', stackTrace: expect.arrayContaining(['Error: as value']) },
      expect.stringMatching(/^with error TypeError: tt\n    at /),
      'structured info',
      'platform.report',
    ]);
    expect(lines[0].record).toMatchObject({ initializationType: 'on-demand', phase: 'init', functionName: fn.functionName, functionVersion: '$LATEST' });
    expect(lines[1]).toEqual({ time: expect.stringMatching(/Z$/), type: 'platform.start', record: { requestId: id, functionArn: fn.functionArn, version: '$LATEST' } });
    expect(lines[2]).toEqual({ timestamp: expect.stringMatching(/^\d{4}-.*Z$/), level: 'INFO', requestId: id, message: 'shown 42' });
    expect(lines[4].level).toBe('ERROR');
    expect(lines[5]).toMatchObject({ level: 'WARN', errorType: 'TypeError', errorMessage: 'tt' });
    // a structured line is passed through as written, not wrapped
    expect(lines[6]).toEqual({ level: 'INFO', message: 'structured info', service: 's' });
    expect(lines[7].record).toMatchObject({
      requestId: id,
      status: 'success',
      metrics: { memorySizeMB: 128, durationMs: expect.any(Number), billedDurationMs: expect.any(Number), maxMemoryUsedMB: expect.any(Number), initDurationMs: expect.any(Number) },
    });
    expect(tailOf(out)).not.toContain('START RequestId');
    expect(tailOf(out)).not.toContain('END RequestId');
    // warm: no initStart, no initDurationMs
    const warm = jsonLines(await invoke(fn));
    expect(warm.map((l) => l.type).filter(Boolean)).toEqual(['platform.start', 'platform.report']);
    expect(warm[warm.length - 1].record.metrics.initDurationMs).toBeUndefined();
  });

  it('drops platform lines when SystemLogLevel is WARN', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = async () => { console.warn('w'); return 1; };" }, { logFormat: 'JSON', systemLogLevel: 'WARN' });
    const lines = jsonLines(await invoke(fn));
    expect(lines.map((l) => l.message)).toEqual(['w']);
  });

  it('passes @aws-lambda-powertools/logger output through as one JSON event per line', async () => {
    // Prepare: bundle a function with powertools, as the project's handler is bundled
    const esbuild = await import('esbuild');
    const built = await esbuild.build({
      stdin: {
        contents: `import { Logger } from '@aws-lambda-powertools/logger';
          const logger = new Logger({ serviceName: 'svc' });
          export const handler = async (event, context) => { logger.addContext(context); logger.debug('dbg'); logger.info('hello', { k: 1 }); return 'ok'; };`,
        resolveDir: process.cwd(),
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    const fn = await fnOf({ 'index.js': built.outputFiles[0].text }, { logFormat: 'JSON', applicationLogLevel: 'INFO' });
    // Act
    const out = await invoke(fn);
    // Assess
    expect(out.payload).toBe('"ok"');
    const app = jsonLines(out).filter((l) => !l.type);
    expect(app).toHaveLength(1);
    expect(app[0]).toMatchObject({ level: 'INFO', message: 'hello', service: 'svc', k: 1, function_request_id: out.requestId, function_name: fn.functionName });
  });

  it('delivers events to the function’s log group, one stream per environment', async () => {
    // Prepare
    const fn = await fnOf({ 'index.js': "exports.handler = async () => { console.log('delivered'); return 1; };" });
    // Act
    await invoke(fn, {}, false);
    await invoke(fn, {}, false);
    await shipper.flush();
    // Assess: the default group was created, as Lambda does
    const group = logs.groups.get(fn.logGroup)!;
    expect([...group.keys()]).toHaveLength(1);
    expect([...group.keys()][0]).toMatch(STREAM);
    const messages = logs.messages(fn.logGroup);
    expect(messages.filter((m) => m.includes('\tINFO\tdelivered\n'))).toHaveLength(2);
    expect(messages.filter((m) => m.startsWith('REPORT'))).toHaveLength(2);
  });

  it('ships what a worker logs after its response', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = async () => { setTimeout(() => console.log('late line'), 20); return 1; };" });
    await invoke(fn, {}, false);
    await new Promise((r) => setTimeout(r, 150));
    await shipper.flush();
    expect(logs.messages(fn.logGroup)).toContainEqual(expect.stringContaining('\tundefined\tINFO\tlate line\n'));
  });

  it('drops the events of a custom log group that does not exist, and records why', async () => {
    const fn = await fnOf({ 'index.js': 'exports.handler = async () => 1;' }, { logGroup: '/custom/missing' });
    const out = await invoke(fn, {}, false);
    await shipper.flush();
    expect(out.payload).toBe('1');
    expect(logs.groups.has('/custom/missing')).toBe(false);
    expect(shipper.failures[0]).toMatchObject({ logGroupName: '/custom/missing', code: 'ResourceNotFoundException' });
    expect(serverLog[0]).toContain('/custom/missing');
  });

  it('keeps the tail to the last 4 KB', async () => {
    const fn = await fnOf({ 'index.js': "exports.handler = async () => { for (let i = 0; i < 200; i++) console.log('line ' + i + ' ' + 'x'.repeat(40)); return 1; };" });
    const out = await invoke(fn);
    const raw = Buffer.from(out.logResult!, 'base64');
    expect(raw.length).toBe(4096);
    expect(raw.toString()).toMatch(/REPORT RequestId: .*\n$/);
  });
});
