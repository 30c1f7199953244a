/**
 * Synthesizes, deploys or destroys the stack with the unmodified CDK CLI, for one of two targets:
 *   local  the embedded local-cloud: the CLI runs under `local-cloud cdk`, which starts local-cloud when it is
 *          not running, points the CLI at it, stops the CLI at once if local-cloud stops, and prints where the
 *          API is served. This script knows nothing else of the emulator.
 *   aws    the AWS account and region of the ambient credentials
 * Usage: node lib/scripts/deploy.js synth [extra CDK CLI args]
 *        node lib/scripts/deploy.js <deploy|destroy> <local|aws> [extra CDK CLI args]
 * (Nx: infra:synth, infra:deploy[:aws], infra:destroy[:aws]; infra:build compiles this file to lib/scripts/)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Target = 'local' | 'aws';
type Action = 'synth' | 'deploy' | 'destroy';

/** infra's folder: this file runs compiled, from lib/scripts/. */
const INFRA_DIR = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(INFRA_DIR, '..', '..');
const BIN = path.join(REPO_ROOT, 'node_modules', '.bin');
/** The region synth assumes (the app's own default); a deploy's region comes from its target. */
const SYNTH_REGION = 'ap-southeast-1';

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

/**
 * Runs the CDK CLI with `args` for the target, output streamed; its exit code. Locally through the workspace's
 * `local-cloud cdk` command, which owns everything about reaching the emulator.
 */
function cdk(target: Target, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const [command, commandArgs] =
    target === 'local' ? [path.join(BIN, 'local-cloud'), ['cdk', '--', ...args]] : [path.join(BIN, 'cdk'), args];
  // run by this Node.js (both are Node scripts), so the CLI runs on the Node the caller chose
  const r = spawnSync(process.execPath, [command, ...commandArgs], { cwd: INFRA_DIR, stdio: 'inherit', env });
  if (r.error) fail(`could not run ${command}: ${r.error.message}`);
  return r.status ?? 1;
}

/**
 * The environment of infra:synth: no credentials and no endpoint, so the CLI looks up no account
 * (the assembly is account-agnostic, the same for every machine, and Nx can cache it) and calls nothing.
 */
function synthEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_DEFAULT_')));
  return {
    ...env,
    AWS_REGION: SYNTH_REGION,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Fails fast, before the CDK CLI starts, when no AWS credentials can be found. */
function ensureAwsCredentials(): void {
  const e = process.env;
  const home = os.homedir();
  const hasFiles = [e.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), e.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')].some(
    (f) => fs.existsSync(f),
  );
  const has =
    (e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY) ||
    e.AWS_PROFILE ||
    e.AWS_WEB_IDENTITY_TOKEN_FILE ||
    e.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    hasFiles;
  if (!has) {
    fail(
      'No AWS credentials found. The :aws configurations deploy to the account of the ambient credentials:\n' +
        '  set AWS_PROFILE (aws configure / aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,\n' +
        '  and AWS_REGION; in GitHub Actions use aws-actions/configure-aws-credentials (see deploy-aws.yml).\n' +
        'To deploy locally instead, run: npx nx run infra:deploy',
    );
  }
  if (e.AWS_ENDPOINT_URL) fail(`AWS_ENDPOINT_URL is set (${e.AWS_ENDPOINT_URL}); unset it for a real AWS deploy.`);
}

/**
 * Which cloud assembly the CLI deploys. Locally, the one infra:synth just wrote (Nx runs and caches it)
 * when it holds this stack and no extra arguments change the app; otherwise the CLI synthesizes into an
 * assembly of its own, so a test-only or AWS synth never overwrites the cached cdk.out.
 */
function assemblyArgs(stackName: string, target: Target, suffix: string, extra: string[]): string[] {
  const manifest = path.join(INFRA_DIR, 'cdk.out', 'manifest.json');
  const cached =
    target === 'local' &&
    extra.length === 0 &&
    fs.existsSync(manifest) &&
    Object.keys((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { artifacts?: object }).artifacts ?? {}).includes(stackName);
  return cached ? ['--app', 'cdk.out'] : ['--output', `cdk.out.${target}-${suffix}`];
}

type OutputsFile = Record<string, Record<string, string>>;

/** Rewrites the outputs file (`{ <stackName>: { <output>: value } }`); an empty one is removed. */
function updateOutputs(file: string, change: (all: OutputsFile) => OutputsFile): void {
  const all = change(fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as OutputsFile) : {});
  if (Object.keys(all).length === 0) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

function main(argv: string[]): void {
  const action = argv[0] as Action;
  const target = (action === 'synth' ? 'local' : argv[1]) as Target;
  if (!['synth', 'deploy', 'destroy'].includes(action) || !['local', 'aws'].includes(target)) {
    fail('usage: node lib/scripts/deploy.js synth | <deploy|destroy> <local|aws>  [extra CDK CLI args]');
  }
  const suffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
  const stackName = `KmsLogsApi-${suffix}`;
  const outputsFile = path.join(INFRA_DIR, `cdk-outputs.${target}.json`);
  const common = ['--no-notices', '--context', `environmentSuffix=${suffix}`];
  // extra CDK CLI arguments (e.g. test-only --context flags) pass through
  const extra = argv.slice(action === 'synth' ? 1 : 2);

  if (action === 'synth') {
    const r = spawnSync(process.execPath, [path.join(BIN, 'cdk'), 'synth', '--quiet', ...common, ...extra], { cwd: INFRA_DIR, stdio: 'inherit', env: synthEnv() });
    process.exit(r.status ?? 1);
  }
  if (target === 'aws') ensureAwsCredentials();

  if (action === 'deploy') {
    // the CLI writes only the stack it deployed; merge it into the target's file, keyed by stack name,
    // so deploying another stack (a test's, say) never drops KmsLogsApi-dev's outputs
    const cliOutputs = path.join(INFRA_DIR, `cdk-outputs.${target}.${process.pid}.json`);
    const args = ['deploy', stackName, ...common, '--require-approval', 'never', '--outputs-file', cliOutputs];
    const status = cdk(target, [...args, ...assemblyArgs(stackName, target, suffix, extra), ...extra]);
    if (fs.existsSync(cliOutputs)) {
      updateOutputs(outputsFile, (all) => Object.assign(all, JSON.parse(fs.readFileSync(cliOutputs, 'utf8')) as OutputsFile));
      fs.rmSync(cliOutputs);
    }
    process.exit(status);
  }
  const status = cdk(target, ['destroy', stackName, ...common, '--force', ...assemblyArgs(stackName, target, suffix, extra), ...extra]);
  if (status !== 0) process.exit(status);
  updateOutputs(outputsFile, (all) => {
    delete all[stackName];
    return all;
  });
}

main(process.argv.slice(2));
