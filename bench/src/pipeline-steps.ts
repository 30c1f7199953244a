// The request pipeline's own steps in one process, without HTTP or load (not part of bench:all): CPU microseconds per
// call of the validation step (`validateInput`) on a 1,000-event PutLogEvents and on a one-member DescribeKey, and of the
// authorization step (`authorizeCall`) for logs:PutLogEvents as the account root and as a cdk bootstrap role. Steps of a
// few microseconds are lost in a loaded server's noise; here they are measured alone, on this build or another
// (BENCH_LOCAL_CLOUD_DIR) that has them (f87ce3a, before validation and authorization ran on every call, has neither).
// Usage: node bench/pipeline-steps.js   → one line per step
import * as path from 'node:path';
import { LOCAL_CLOUD_DIR } from './lib/local-cloud-dir';
import { median, round } from './lib/util';

/** What is used here of local-cloud's built server and services (loaded from lib/ at run time: the bench measures the build). */
interface Service { signingName: string; protocol: string }
interface Server {
  url: string;
  services: Array<Service & { authorizer?: { authorizeCall(service: Service, operation: string, input: unknown, ctx: object): Promise<void> } }>;
  close(): Promise<void>;
}
const { startServer } = require(path.join(LOCAL_CLOUD_DIR, 'lib', 'server.js')) as { startServer(o: { port: number; dbFile: string }): Promise<Server> };
const { validateInput } = require(path.join(LOCAL_CLOUD_DIR, 'lib', 'core', 'validation')) as {
  validateInput(service: Service, operation: string, input: Record<string, unknown>): unknown;
};

/**
 * CPU µs (user + system) per call of `fn`: after a warm-up of a fifth as many calls, the median of 5 rounds of `calls`
 * (a shared machine's load moves single rounds by ±20 %).
 */
async function perCall(calls: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < calls / 5; i++) await fn();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) await fn();
    const c = process.cpuUsage(c0);
    rounds.push((c.user + c.system) / calls);
  }
  return round(median(rounds) ?? NaN, 2);
}

async function main() {
  const server = await startServer({ port: 0, dbFile: ':memory:' });
  try {
    const service = (name: string) => server.services.find((s) => s.signingName === name)!;
    const logs = service('logs');
    const t0 = Date.now();
    const put = {
      logGroupName: '/bench/log-store', logStreamName: 's1',
      logEvents: Array.from({ length: 1000 }, (_, n) => ({ timestamp: t0 + n, message: JSON.stringify({ level: 'INFO', message: 'request', requestId: `req-${n}`, status: 200 }) })),
    };
    const lines: Array<[string, number]> = [];
    lines.push(['validateInput logs.PutLogEvents (1,000 events)', await perCall(2000, () => validateInput(logs, 'PutLogEvents', put))]);
    lines.push(['validateInput kms.DescribeKey', await perCall(100_000, () => validateInput(service('kms'), 'DescribeKey', { KeyId: 'alias/aws/logs' }))]);
    const authorizer = service('iam').authorizer!;
    const base = { requestId: 'r', accountId: '000000000000', region: 'ap-southeast-1', endpoint: server.url };
    const root = 'arn:aws:iam::000000000000:root';
    const role = 'cdk-hnb659fds-cfn-exec-role-000000000000-ap-southeast-1';
    const callers: Array<[string, object]> = [
      ['the account root', { ...base, accessKeyId: 'test', principalArn: root, callerArn: root }],
      ['a cdk bootstrap role', { ...base, accessKeyId: 'ASIABENCH', principalArn: `arn:aws:iam::000000000000:role/${role}`, callerArn: `arn:aws:sts::000000000000:assumed-role/${role}/bench` }],
    ];
    for (const [who, ctx] of callers) {
      const input = { logGroupName: '/bench/log-store', logStreamName: 's1' };
      lines.push([`authorizeCall logs.PutLogEvents as ${who}`, await perCall(50_000, () => authorizer.authorizeCall(logs, 'PutLogEvents', input, ctx))]);
    }
    console.log(`local-cloud: ${LOCAL_CLOUD_DIR}`);
    for (const [step, us] of lines) console.log(`${String(us).padStart(8)} µs CPU per call  ${step}`);
  } finally {
    await server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
