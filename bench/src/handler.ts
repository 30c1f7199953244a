// 4. Handler: bundle size (bytes, gzip), cold init time in local-cloud's runtime (Init Duration of the REPORT
// line after a configuration change forces a new execution environment), and direct Lambda Invoke throughput
// with 16 concurrent callers (real SDK v3 LambdaClient over HTTP).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { LambdaClient, InvokeCommand, GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { REPO_ROOT, log, median, round, sleep } from './lib/util';
import * as lcl from './lib/local-cloud';
import { ensureStack, runStandalone, type BenchContext, type Figures } from './lib/context';
import { cannon } from './lib/load';
import * as http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';

const CALLERS = 16;
const INVOKE_S = 5;
const INVOKE_RUNS = 3;
const COLD_RUNS = 3;

const event = JSON.stringify({
  resource: '/{proxy+}', path: '/health', httpMethod: 'GET', headers: {}, multiValueHeaders: null,
  queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: { proxy: 'health' },
  stageVariables: null, requestContext: { requestId: 'bench', stage: 'v1', httpMethod: 'GET', path: '/v1/health', resourcePath: '/{proxy+}' },
  body: null, isBase64Encoded: false,
});

/** What one load run of Invoke measured: invocations per second, successes and errors. */
export interface InvokeLoad {
  perSec: number;
  ok: number;
  errors: number;
}

export async function invokeLoad(client: LambdaClient, fn: string, seconds: number): Promise<InvokeLoad> {
  let n = 0;
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (Date.now() < end) {
      try {
        const r = await client.send(new InvokeCommand({ FunctionName: fn, Payload: event }));
        if (r.FunctionError || r.StatusCode !== 200) errors++; else n++;
      } catch { errors++; }
    }
  }));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSec: n / s, ok: n, errors };
}

/**
 * The server's capacity without the SDK's per-call cost: one Invoke request SigV4-signed once with
 * @smithy/signature-v4 (what the SDK uses) and replayed by autocannon on 16 connections for `seconds`
 * (the signature stays valid for 15 minutes; each replay is verified by local-cloud as usual).
 */
export async function presignedInvokeLoad(url: string, fn: string, seconds: number): Promise<InvokeLoad> {
  const u = new URL(url);
  const reqPath = `/2015-03-31/functions/${encodeURIComponent(fn)}/invocations`;
  const signer = new SignatureV4({ service: 'lambda', region: lcl.REGION, credentials: lcl.CREDENTIALS, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: reqPath, query: {},
    headers: { host: u.host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(event)) }, body: event,
  });
  const probe = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
    const q = http.request(`${url}${reqPath}`, { method: 'POST', headers: signed.headers }, (res) => {
      let b = '';
      res.on('data', (d: Buffer) => { b += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: b }));
    });
    q.on('error', reject);
    q.end(event);
  });
  if (probe.status !== 200) throw new Error(`pre-signed Invoke answered ${probe.status}: ${probe.body.slice(0, 300)}`);
  // autocannon writes its own content-length
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
  const target = { url: `${url}${reqPath}`, method: 'POST' as const, headers, body: event, connections: CALLERS };
  await cannon({ ...target, duration: 3 }); // warm-up, 3 s as in the request path
  const r = await cannon({ ...target, duration: seconds });
  return { perSec: r.requests.average, ok: r['2xx'], errors: r.errors + r.non2xx + r.timeouts };
}

async function waitUpdated(client: LambdaClient, fn: string) {
  for (let i = 0; i < 100; i++) {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    if (c.LastUpdateStatus !== 'InProgress' && c.State !== 'Pending') return c;
    await sleep(50);
  }
  throw new Error('function update did not finish');
}

export async function run(ctx: BenchContext): Promise<void> {
  const out: Figures = {};
  const bundle = fs.readFileSync(path.join(REPO_ROOT, 'packages', 'handler', 'dist', 'index.js'));
  out.bundleBytes = bundle.length;
  out.bundleGzipBytes = zlib.gzipSync(bundle).length; // level 6, as `gzip -c`

  const stack = await ensureStack(ctx);
  const fn = stack.outputs.FunctionName;
  const client = new LambdaClient({ ...lcl.clientConfig(ctx.lc!.url) });

  // cold init: a configuration change retires the warm environments; the next Invoke starts a new one
  const cold: Array<{ initMs: number | null; firstInvokeWallMs: number }> = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const conf = await client.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    await client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: fn, Environment: { Variables: { ...(conf.Environment?.Variables || {}), BENCH_COLD: String(Date.now()) } },
    }));
    await waitUpdated(client, fn);
    const t0 = process.hrtime.bigint();
    const r = await client.send(new InvokeCommand({ FunctionName: fn, Payload: event, LogType: 'Tail' }));
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const tail = Buffer.from(r.LogResult || '', 'base64').toString('utf8');
    const m = /Init Duration: ([\d.]+) ms/.exec(tail);
    const d = /"initDurationMs":\s*([\d.]+)/.exec(tail);
    cold.push({ initMs: m ? Number(m[1]) : d ? Number(d[1]) : null, firstInvokeWallMs: round(wallMs, 1) });
  }
  out.coldInit = { initMs: median(cold.map((c) => c.initMs)), firstInvokeWallMs: median(cold.map((c) => c.firstInvokeWallMs)), runs: cold };
  log(`handler: cold init ${out.coldInit.initMs} ms (first invoke ${out.coldInit.firstInvokeWallMs} ms wall)`);

  await invokeLoad(client, fn, 3); // warm-up, 3 s as in the request path: environments started, both sides JIT-compiled
  // SDK callers (16 concurrent LambdaClient.send loops) and, alternating with them, the same Invoke with the
  // SDK's per-call cost taken out of the client: one pre-signed request replayed by autocannon on 16 connections
  const runs: InvokeLoad[] = [];
  const pre: InvokeLoad[] = [];
  for (let i = 0; i < INVOKE_RUNS; i++) {
    const r = await invokeLoad(client, fn, INVOKE_S);
    runs.push(r);
    log(`handler: SDK Invoke run ${i + 1}: ${round(r.perSec)} invocations/s (${r.errors} errors)`);
    const p = await presignedInvokeLoad(ctx.lc!.url, fn, INVOKE_S);
    pre.push(p);
    log(`handler: pre-signed Invoke run ${i + 1}: ${round(p.perSec)} invocations/s (${p.errors} errors)`);
  }
  out.invoke = { callers: CALLERS, seconds: INVOKE_S, perSec: round(median(runs.map((r) => r.perSec))), errors: runs.reduce((s, r) => s + r.errors, 0), runs: runs.map((r) => round(r.perSec)) };
  out.invokePresigned = { connections: CALLERS, seconds: INVOKE_S, perSec: round(median(pre.map((r) => r.perSec))), errors: pre.reduce((s, r) => s + r.errors, 0), runs: pre.map((r) => round(r.perSec)) };
  ctx.results.handler = out;
}

if (require.main === module) runStandalone({ run });
