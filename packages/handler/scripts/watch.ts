/**
 * `npx nx run handler:watch[:aws]`: edit → live without a deploy. esbuild rebuilds the bundle incrementally on
 * every save, and the new code reaches the deployed function through Lambda's own API (UpdateFunctionCode, then
 * the SDK's FunctionUpdatedV2 waiter), found from the deploy outputs. One line per change: the time from the
 * save to the code being live, and the function's version. A build error prints esbuild's message and leaves
 * the last good code live.
 *
 * The bundle is written where `handler:build` writes it, with the same options (bundle.json, from
 * .projenrc.ts), so a later `infra:deploy` synthesizes exactly the code this session left running: on
 * local-cloud CloudFormation's record and the running code agree again after it; on AWS that deploy is how the
 * drift (as with `cdk deploy --hotswap`) is reconciled.
 *
 * Usage: ts-node scripts/watch.ts [local|aws] [--outputs FILE] [--once]
 *   local (default): run under `local-cloud exec -- …` (what `handler:watch` does), which gives this script
 *     local-cloud's endpoint, keys and region in the environment the AWS SDK reads; this script knows nothing
 *     of the emulator, and refuses to run locally without that endpoint (it would reach a real account)
 *   aws: the ambient credentials and the region of the deployed stack
 *   --outputs: the CDK deploy outputs (default ../infra/cdk-outputs.<target>.json); ENVIRONMENT_SUFFIX picks the stack
 *   --once: build and push once, then exit (scripts and tests)
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LambdaClient,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClientConfig,
} from '@aws-sdk/client-lambda';
import { context, formatMessages, type BuildFailure, type BuildOptions, type Message, type OutputFile } from 'esbuild';
import * as watcher from '@parcel/watcher';
import { ZipFile } from 'yazl';

type Target = 'local' | 'aws';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const SOURCE_DIR = path.join(PACKAGE_DIR, 'src');

interface Options {
  readonly target: Target;
  readonly outputsFile: string;
  readonly once: boolean;
}

function parseArgs(argv: string[]): Options {
  let target: Target = 'local';
  let outputsFile: string | undefined;
  let once = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'local' || arg === 'aws') target = arg;
    else if (arg === '--outputs') outputsFile = path.resolve(argv[++i] ?? '');
    else if (arg === '--once') once = true;
    else fail(`unknown argument '${arg}'. Usage: watch [local|aws] [--outputs FILE] [--once]`);
  }
  return { target, outputsFile: outputsFile ?? path.resolve(PACKAGE_DIR, '..', 'infra', `cdk-outputs.${target}.json`), once };
}

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

/** The deployed function's name and region, from the deploy outputs of stack KmsLogsApi-<ENVIRONMENT_SUFFIX>. */
function deployedFunction(opts: Options): { functionName: string; region: string } {
  const stackName = `KmsLogsApi-${process.env.ENVIRONMENT_SUFFIX ?? 'dev'}`;
  const deploy = opts.target === 'aws' ? 'npx nx run infra:deploy:aws' : 'npx nx run infra:deploy (or npm run dev)';
  if (!fs.existsSync(opts.outputsFile)) fail(`no deploy outputs at ${opts.outputsFile}: deploy first with ${deploy}`);
  const outputs = (JSON.parse(fs.readFileSync(opts.outputsFile, 'utf8')) as Record<string, Record<string, string>>)[stackName];
  if (!outputs?.FunctionName || !outputs.KmsKeyArn) fail(`${opts.outputsFile} has no FunctionName for ${stackName}: deploy first with ${deploy}`);
  // the stack's region, read from its own key ARN (arn:aws:kms:<region>:…)
  return { functionName: outputs.FunctionName, region: outputs.KmsKeyArn.split(':')[3] };
}

/**
 * Lambda's client for the stack's region. Endpoint and credentials are the environment's: locally
 * `local-cloud exec` set them; without its AWS_ENDPOINT_URL a local watch would push to a real account, so it stops.
 */
function lambdaClient(target: Target, region: string): LambdaClient {
  if (target === 'local' && !process.env.AWS_ENDPOINT_URL) {
    fail('a local watch runs under local-cloud: npx nx run handler:watch (or: npx local-cloud exec -- ts-node scripts/watch.ts local)');
  }
  const config: LambdaClientConfig = { region };
  return new LambdaClient(config);
}

/** handler:build's esbuild options (bundle.json, generated from .projenrc.ts), paths made absolute. */
function bundleOptions(): BuildOptions {
  const raw = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'bundle.json'), 'utf8')) as Record<string, unknown>;
  const options = Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('//'))) as BuildOptions;
  return {
    ...options,
    absWorkingDir: PACKAGE_DIR,
    // esbuild prints nothing itself: errors are printed here, once, formatted by esbuild
    logLevel: 'silent',
    // the files are written here, and only from a build that succeeded: a failed incremental rebuild deletes
    // esbuild's previous output, which would leave nothing for the next deploy
    write: false,
  };
}

/** Writes the build's files where `handler:build` writes them (each replaced whole, never half-written). */
function writeOutputs(files: OutputFile[]): void {
  for (const file of files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(`${file.path}.tmp`, file.contents);
    fs.renameSync(`${file.path}.tmp`, file.path);
  }
}

/** The bundle as a deployment package: the build's files, at the zip's root. */
function zipOf(files: OutputFile[]): Promise<Buffer> {
  const zip = new ZipFile();
  // a fixed time: the same bundle gives the same zip, and the same CodeSha256
  const mtime = new Date('1980-01-01T00:00:00Z');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    zip.addBuffer(Buffer.from(file.contents), path.basename(file.path), { mtime, mode: 0o644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

async function printErrors(errors: Message[]): Promise<void> {
  const text = await formatMessages(errors, { kind: 'error', color: process.stderr.isTTY });
  process.stderr.write(text.join(''));
}

const clock = (): string => new Date().toTimeString().slice(0, 8);

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const { functionName, region } = deployedFunction(opts);
  const lambda = lambdaClient(opts.target, region);
  const build = await context(bundleOptions());

  if (opts.target === 'aws') {
    console.warn(
      `⚠ handler:watch:aws updates ${functionName} (${region}) outside CloudFormation: the stack drifts from the code ` +
        'it runs, as with `cdk deploy --hotswap`. Never use it on production. To reconcile, run ' +
        '`npx nx run infra:deploy:aws` (it deploys the bundle this watch built last).',
    );
  }

  /** CodeSha256 of the code this session made live. */
  let liveSha256: string | undefined;
  /** Builds and, if the build succeeds, makes the new code live; `savedAt` is when the change was saved. */
  const push = async (savedAt: number, changed: string): Promise<boolean> => {
    let files: OutputFile[];
    try {
      files = (await build.rebuild()).outputFiles ?? [];
    } catch (error) {
      await printErrors((error as BuildFailure).errors ?? []);
      console.error(`${clock()} ✖ build failed (${changed}): the last good code stays live`);
      return false;
    }
    writeOutputs(files);
    const zip = await zipOf(files);
    // an editor's temporary file, or a save that changes nothing, gives the code that is already live
    const sha256 = createHash('sha256').update(zip).digest('base64');
    if (sha256 === liveSha256) return true;
    try {
      const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: zip }));
      liveSha256 = sha256;
      // as the SDK's waiter does, polling sooner than its 1 s default where local-cloud answers at once
      await waitUntilFunctionUpdatedV2(
        { client: lambda, maxWaitTime: 120, minDelay: opts.target === 'local' ? 0.05 : 1, maxDelay: 5 },
        { FunctionName: functionName },
      );
      console.log(
        `${clock()} ✔ live in ${Date.now() - savedAt} ms (${changed}) · ${functionName} ${updated.Version} · ` +
          `CodeSha256 ${updated.CodeSha256?.slice(0, 12)}…`,
      );
      return true;
    } catch (error) {
      console.error(`${clock()} ✖ could not update ${functionName}: ${(error as Error).message}; the last good code stays live`);
      return false;
    }
  };

  if (opts.once) {
    const ok = await push(Date.now(), 'once');
    await build.dispose();
    process.exit(ok ? 0 : 1);
  }

  console.log(`${clock()} watching ${path.relative(process.cwd(), SOURCE_DIR) || SOURCE_DIR} → ${functionName} (${opts.target}); Ctrl-C stops`);
  await push(Date.now(), 'start');

  // Saves are collected for a moment (an editor writes a file in several steps; "save all" touches several
  // files), then built once; a save during a build or push starts the next one when it ends.
  let pending: { savedAt: number; files: Set<string> } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const flush = async (): Promise<void> => {
    if (busy || !pending) return;
    const { savedAt, files } = pending;
    pending = undefined;
    busy = true;
    await push(savedAt, [...files].join(', '));
    busy = false;
    if (pending) void flush();
  };
  // @parcel/watcher (Nx's own watcher) rather than fs.watch: Node 20's recursive fs.watch on Linux stops
  // reporting a file once an editor saves it by renaming a new file over it
  const subscription = await watcher.subscribe(SOURCE_DIR, (error, events) => {
    if (error) return console.error(`${clock()} ✖ watching ${SOURCE_DIR}: ${error.message}`);
    pending ??= { savedAt: Date.now(), files: new Set() };
    for (const event of events) pending.files.add(path.relative(PACKAGE_DIR, event.path));
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), 15);
  });
  const stop = (): void => {
    void subscription.unsubscribe();
    void build.dispose();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
