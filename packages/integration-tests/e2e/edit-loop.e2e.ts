import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localCloudCommand, runInfraDeploy } from '../src/deploy';
import { callApi } from '../src/http';
import { resolveTarget, type Target } from '../src/target';

/**
 * The edit loop on the deployed stack: `cdk deploy --hotswap`, then `handler:watch` under a steady load, then a
 * plain deploy that must leave CloudFormation's record and the running code the same. It works on a stack of its
 * own (KmsLogsApi-editloop), deployed from a copy of the handler package, so the real sources, the real bundle and
 * KmsLogsApi-dev are never touched.
 */
const suffix = 'editloop';
const kind = resolveTarget().kind;
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const outputsFile = path.join(repoRoot, 'packages', 'infra', `cdk-outputs.${kind}.json`);
// inside the repository, so the copy resolves its modules (esbuild, the SDK, Powertools) from node_modules
const copy = path.join(__dirname, '..', `.edit-loop-${process.pid}`);
const bundle = path.join(copy, 'dist');
const env = { ...process.env, ENVIRONMENT_SUFFIX: suffix, CI: 'true' };

function deployScriptRun(action: 'deploy' | 'destroy', ...cdkArgs: string[]): Promise<{ status: number | null; output: string }> {
  return runInfraDeploy(action, kind, ['--context', `kmsLogsApi:handlerBundle=${bundle}`, ...cdkArgs], env);
}

/** The `status` /health answers, retried for up to `ms` until it is `expected` (undefined: once). */
async function healthStatus(target: Target, expected?: string, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = String((await callApi(target.apiBaseUrl, 'health')).json?.status);
    if (expected === undefined || status === expected || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `handler:watch`'s script, run from the copy; collects what it prints. */
class Watcher {
  readonly child: ChildProcess;
  output = '';

  constructor() {
    // as handler:watch runs it: locally under `local-cloud exec`, which gives it local-cloud's endpoint and keys
    const watch = [path.join(repoRoot, 'node_modules', '.bin', 'ts-node'), '--transpile-only', path.join(copy, 'scripts', 'watch.ts'), kind, '--outputs', outputsFile];
    const { command, args } = kind === 'local' ? localCloudCommand('exec', '--', ...watch) : { command: watch[0], args: watch.slice(1) };
    this.child = spawn(command, args, { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c) => (this.output += c));
    this.child.stderr!.on('data', (c) => (this.output += c));
  }

  /** Waits until a line matching `pattern` appears after `from` characters of output; returns that line. */
  async line(pattern: RegExp, from = 0, ms = 60_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const line = this.output.slice(from).split('\n').find((l) => pattern.test(l));
      if (line) return line;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`no line matching ${pattern} in:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stop(): Promise<unknown> {
    if (this.child.exitCode !== null) return Promise.resolve();
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    return exited;
  }
}

describe('the edit loop: cdk deploy --hotswap, handler:watch, then a plain deploy', () => {
  let target: Target;
  let watcher: Watcher | undefined;
  const healthSource = path.join(copy, 'src', 'routes', 'health.ts');

  beforeAll(async () => {
    // Prepare: the handler package's sources, its watch script and build options, and its built bundle
    const handler = path.join(repoRoot, 'packages', 'handler');
    for (const item of ['src', 'scripts', 'dist', 'bundle.json']) fs.cpSync(path.join(handler, item), path.join(copy, item), { recursive: true });
    // the copy's own TypeScript settings for ts-node (the package's extend a file two folders up)
    fs.writeFileSync(path.join(copy, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'CommonJS', esModuleInterop: true } }));
    const first = await deployScriptRun('deploy');
    if (first.status !== 0) throw new Error(`deploy of KmsLogsApi-${suffix} failed:\n${first.output}`);
    target = resolveTarget(env);
  }, 600_000);

  afterAll(async () => {
    await watcher?.stop();
    await deployScriptRun('destroy');
    fs.rmSync(copy, { recursive: true, force: true });
  }, 600_000);

  test('cdk deploy --hotswap swaps the code in place, and the API answers with it', async () => {
    // Prepare: a changed bundle
    const js = path.join(bundle, 'index.js');
    fs.writeFileSync(js, fs.readFileSync(js, 'utf8').replace('status:"ok"', 'status:"hotswapped"'));
    // Act
    const hotswap = await deployScriptRun('deploy', '--hotswap');
    // Assess
    expect({ status: hotswap.status, output: hotswap.status === 0 ? '' : hotswap.output }).toEqual({ status: 0, output: '' });
    expect(hotswap.output).toMatch(/hotswapp/i);
    expect(await healthStatus(target, 'hotswapped')).toBe('hotswapped');
  }, 600_000);

  // local only: it runs the CDK CLI itself, with the environment of a local deploy
  (kind === 'local' ? test : test.skip)('cdk watch --hotswap deploys each change of the bundle it watches', async () => {
    // Prepare: a cdk.json in the copy that runs infra's app and watches the copy's bundle
    const infra = path.join(repoRoot, 'packages', 'infra');
    fs.writeFileSync(
      path.join(copy, 'cdk.json'),
      JSON.stringify({ app: `node ${path.join(infra, 'lib', 'main.js')}`, watch: { include: ['dist/**'] }, requireApproval: 'never' }),
    );
    // `local-cloud cdk` runs the CLI against local-cloud, as infra:deploy does
    const { command, args } = localCloudCommand(
      'cdk', '--', 'watch', '--hotswap', `KmsLogsApi-${suffix}`, '--no-notices', '--output', path.join(copy, 'cdk.out'),
      '--context', `environmentSuffix=${suffix}`, '--context', `kmsLogsApi:handlerBundle=${bundle}`,
    );
    const cdk = spawn(command, args, { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    cdk.stdout!.on('data', (c) => (output += c));
    cdk.stderr!.on('data', (c) => (output += c));
    try {
      // cdk watch deploys once at start, then on each change
      const deadline = Date.now() + 120_000;
      while (!/Deployment time/.test(output) && Date.now() < deadline && cdk.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(output).toMatch(/Deployment time/);
      // Act: a changed bundle
      const js = path.join(bundle, 'index.js');
      fs.writeFileSync(js, fs.readFileSync(js, 'utf8').replace(/status:"[^"]*"/, 'status:"cdk-watch"'));
      // Assess: hotswapped, and the API answers with it
      expect(await healthStatus(target, 'cdk-watch', 120_000)).toBe('cdk-watch');
      expect(output).toMatch(/hotswapp/i);
    } finally {
      const exited = new Promise((r) => cdk.once('exit', r));
      cdk.kill('SIGINT');
      await exited;
    }
  }, 300_000);

  test('handler:watch makes each save live without dropping a request under 32 connections, and keeps the last good code on a build error', async () => {
    // Prepare: the watcher pushes the copy's sources at start (the hotswapped edit is gone)
    watcher = new Watcher();
    await watcher.line(/✔ live in \d+ ms \(start\)/);
    expect(await healthStatus(target, 'ok')).toBe('ok');
    // a steady load of 32 connections for the whole session; the stage throttles at 100 rps / burst 50: raised to
    // API Gateway's account defaults, so that a refusal can only come from the swap
    const [, restApiId, stageName] = /^https:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)\/?$/.exec(target.outputs.ApiUrl)!;
    await new APIGatewayClient(target.clientConfig).send(
      new UpdateStageCommand({
        restApiId,
        stageName,
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' },
        ],
      }),
    );
    let running = true;
    const counts = { ok: 0, failed: [] as string[] };
    const loop = async (): Promise<void> => {
      while (running) {
        try {
          const res = await callApi(target.apiBaseUrl, 'health');
          if (res.status === 200) counts.ok++;
          else counts.failed.push(`${res.status} ${res.text.slice(0, 200)}`);
        } catch (error) {
          counts.failed.push(String(error));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 32 }, loop));

    // Act: three saves, each waited for until the API answers with it
    const original = fs.readFileSync(healthSource, 'utf8');
    const liveLines: string[] = [];
    for (const n of [1, 2, 3]) {
      const from = watcher.output.length;
      fs.writeFileSync(healthSource, original.replace("status: 'ok'", `status: 'edit-${n}'`));
      liveLines.push(await watcher.line(/✔ live in \d+ ms \(src\/routes\/health\.ts/, from));
      expect(await healthStatus(target, `edit-${n}`)).toBe(`edit-${n}`);
    }
    // a save that does not build
    const from = watcher.output.length;
    fs.writeFileSync(healthSource, `${fs.readFileSync(healthSource, 'utf8')}\nexport const broken = (;\n`);
    const failedLine = await watcher.line(/✖ build failed/, from);
    running = false;
    await load;

    // Assess
    expect(liveLines).toHaveLength(3);
    for (const line of liveLines) expect(line).toMatch(new RegExp(`✔ live in \\d+ ms \\(src/routes/health\\.ts\\) · kms-logs-api-${suffix} \\$LATEST · CodeSha256 `));
    expect(failedLine).toContain('the last good code stays live');
    expect(watcher.output.slice(from)).toContain('[ERROR]'); // esbuild's own message
    expect(await healthStatus(target)).toBe('edit-3');
    expect(counts.failed).toEqual([]);
    expect(counts.ok).toBeGreaterThan(100);
    // the save that fixes the build gives the code that is live already: nothing to push
    fs.writeFileSync(healthSource, original.replace("status: 'ok'", "status: 'edit-3'"));
    await watcher.stop();
  }, 300_000);

  test("after the watch session a plain deploy leaves CloudFormation's record and the running code the same", async () => {
    // Act
    const plain = await deployScriptRun('deploy');
    // Assess: the function runs exactly the deployment package the stack's template names
    expect({ status: plain.status, output: plain.status === 0 ? '' : plain.output }).toEqual({ status: 0, output: '' });
    const template = JSON.parse(
      (await new CloudFormationClient(target.clientConfig).send(new GetTemplateCommand({ StackName: `KmsLogsApi-${suffix}` }))).TemplateBody!,
    ) as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key: string } } }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    const account = target.outputs.KmsKeyArn.split(':')[4];
    const asset = await new S3Client({ ...target.clientConfig, forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: `cdk-hnb659fds-assets-${account}-${target.region}`, Key: fn.Properties.Code!.S3Key }),
    );
    const assetSha256 = createHash('sha256').update(await asset.Body!.transformToByteArray()).digest('base64');
    const running = await new LambdaClient(target.clientConfig).send(new GetFunctionCommand({ FunctionName: target.outputs.FunctionName }));
    expect(running.Configuration?.CodeSha256).toBe(assetSha256);
    expect(await healthStatus(target)).toBe('edit-3');
  }, 600_000);
});
