// The peer: serverless@3.40.0 + serverless-offline@13.10.1, installed on demand into bench/.peer (git-ignored),
// run offline with no login against a minimal serverless.yml that points at a copy of the same handler bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, BENCH_DIR, log, spawnTracked, waitForHttp, tmpDir } from './util';

const PEER = path.join(BENCH_DIR, '.peer');
const SLS = path.join(PEER, 'node_modules', 'serverless', 'bin', 'serverless.js');
export const VERSIONS = { serverless: '3.40.0', 'serverless-offline': '13.10.1' };

function installedVersion(name: string): string | null {
  try { return JSON.parse(fs.readFileSync(path.join(PEER, 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return null; }
}

/** Installs the peer into bench/.peer unless the exact versions are there; returns the versions. */
export function ensureInstalled() {
  const ok = Object.entries(VERSIONS).every(([n, v]) => installedVersion(n) === v);
  if (!ok) {
    log(`installing ${Object.entries(VERSIONS).map(([n, v]) => `${n}@${v}`).join(' ')} into bench/.peer (one-off, ~30-60 s) …`);
    fs.mkdirSync(PEER, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', PEER, '--no-audit', '--no-fund', '--save-exact',
      ...Object.entries(VERSIONS).map(([n, v]) => `${n}@${v}`)], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
    if (r.status !== 0) throw new Error(`npm install of the peer failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
  }
  return Object.fromEntries(Object.keys(VERSIONS).map((n) => [n, installedVersion(n)]));
}

/** A service dir: serverless.yml + a copy of the handler bundle. */
export function serviceDir() {
  const dir = tmpDir('sls');
  fs.cpSync(path.join(REPO_ROOT, 'packages', 'handler', 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'serverless.yml'), [
    'service: kms-logs-api-bench',
    'frameworkVersion: "3"',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: ap-southeast-1',
    '  stage: dev',
    '  timeout: 10',
    '  memorySize: 256',
    'functions:',
    '  api:',
    '    handler: dist/index.handler',
    '    events:',
    '      - http: { path: /, method: ANY }',
    '      - http: { path: "/{proxy+}", method: ANY }',
    'plugins:',
    '  - serverless-offline',
    '',
  ].join('\n'));
  // the plugin is resolved from the service's node_modules
  fs.symlinkSync(path.join(PEER, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Starts `serverless offline start`; fast = --useInProcess --noTimeout. Resolves { child, url } once it answers. */
export async function start({ dir, httpPort, lambdaPort, fast }: { dir: string; httpPort: number; lambdaPort: number; fast: boolean }) {
  const args = [SLS, 'offline', 'start', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--host', '127.0.0.1', '--noPrependStageInUrl'];
  if (fast) args.push('--useInProcess', '--noTimeout');
  const child = spawnTracked(process.execPath, args, {
    cwd: dir,
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*',
      SLS_INTERACTIVE_SETUP_DISABLE: '1', CI: '1',
      AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'ap-southeast-1',
      AWS_ENDPOINT_URL: '', AWS_PROFILE: '',
    },
  });
  const url = `http://127.0.0.1:${httpPort}/`;
  await waitForHttp(`${url}health`, { child, timeoutMs: 60_000, everyMs: 200 });
  return { child, url };
}

