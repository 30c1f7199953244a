#!/usr/bin/env node
// Synthesizes, deploys or destroys the stack with the unmodified CDK CLI, for one of two targets:
//   local  the embedded local-cloud on 127.0.0.1 (started here if it is not running), test/test keys
//   aws    the AWS account and region of the ambient credentials
// Usage: node scripts/deploy.js synth [extra CDK CLI args]
//        node scripts/deploy.js <deploy|destroy> <local|aws> [extra CDK CLI args]
// (Nx: infra:synth, infra:deploy[:aws], infra:destroy[:aws])
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const INFRA_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(INFRA_DIR, '..', '..');
const LOCAL_REGION = 'ap-southeast-1';
const LOCAL_ACCOUNT = '000000000000';

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: INFRA_DIR, stdio: 'inherit', env });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

/** The environment that points the CDK CLI (AWS SDK v3 underneath) at local-cloud. */
function localEnv() {
  const port = process.env.LOCAL_CLOUD_PORT || '4566';
  return {
    ...process.env,
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    CDK_DEFAULT_ACCOUNT: LOCAL_ACCOUNT,
    CDK_DEFAULT_REGION: LOCAL_REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    // a per-repository CDK cache, so local runs never touch ~/.cdk of real deployments
    CDK_HOME: path.join(REPO_ROOT, '.local-cloud', 'cdk-home'),
    // no profile or session of a real account may leak into a local run
    AWS_PROFILE: '',
    AWS_SESSION_TOKEN: '',
  };
}

const LOCAL_CLOUD_CLI = path.join(REPO_ROOT, 'packages', 'local-cloud', 'bin', 'local-cloud.js');

/** Runs a local-cloud CLI command (`start --detach`, `status`) on the configured port; its exit code. */
function localCloud(command, env, stdio = 'inherit') {
  const args = [LOCAL_CLOUD_CLI, ...command];
  if (process.env.LOCAL_CLOUD_PORT) args.push('--port', process.env.LOCAL_CLOUD_PORT);
  const r = spawnSync(process.execPath, args, { cwd: INFRA_DIR, stdio, env });
  return r.status ?? 1;
}

function ensureLocalCloud(env) {
  const lib = path.join(REPO_ROOT, 'packages', 'local-cloud', 'lib', 'cli.js');
  if (!fs.existsSync(lib)) fail('local-cloud is not built. Run: npx nx run local-cloud:build');
  if (localCloud(['start', '--detach'], env) !== 0) fail('local-cloud did not start; see the message above.');
}

/** local-cloud's state directory, as its CLI resolves it when run from here (default .local-cloud/ at the repository root). */
function localCloudStateDir() {
  return path.resolve(INFRA_DIR, process.env.LOCAL_CLOUD_STATE_DIR || path.join(REPO_ROOT, '.local-cloud'));
}

/** The running local-cloud's pid, from its pid file; undefined if there is none. */
function localCloudPid() {
  try {
    const pid = Number(fs.readFileSync(path.join(localCloudStateDir(), 'local-cloud.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process exists and is not a zombie (a container's init may be slow to reap one). */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(0) is all there is
  }
}

/**
 * Runs the CDK CLI against local-cloud and watches local-cloud's process meanwhile. If local-cloud exits
 * (crash, kill, stop), the CLI would retry for about 35 s and then fail with a bare ECONNREFUSED: instead it is
 * ended at once, and the user is told what happened and what to do. Resolves the CLI's exit code.
 */
function runAgainstLocalCloud(cmd, args, env, action) {
  const pid = localCloudPid();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: INFRA_DIR, stdio: 'inherit', env });
    let stopped = false;
    const watch = setInterval(() => {
      if (pid === undefined || alive(pid)) return;
      stopped = true;
      clearInterval(watch);
      child.kill('SIGTERM');
    }, 250);
    child.on('error', (e) => fail(`could not run ${cmd}: ${e.message}`));
    child.on('exit', (code) => {
      clearInterval(watch);
      if (code !== 0 && (stopped || localCloud(['status'], env, 'ignore') !== 0)) {
        const log = path.relative(process.cwd(), path.join(localCloudStateDir(), 'local-cloud.log'));
        console.error(
          `\n✖ local-cloud stopped during the ${action} (its log: ${log}).\n` +
            `  Run the ${action} again: it starts local-cloud, which rolls back the stack operation the stop cut short.\n`,
        );
      }
      resolve(code ?? 1);
    });
  });
}

/**
 * The environment of infra:synth: no credentials and no endpoint, so the CLI looks up no account
 * (the assembly is account-agnostic, the same for every machine, and Nx can cache it) and calls nothing.
 */
function synthEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_DEFAULT_')));
  return {
    ...env,
    AWS_REGION: LOCAL_REGION,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Fails fast, before the CDK CLI starts, when no AWS credentials can be found. */
function ensureAwsCredentials() {
  const e = process.env;
  const home = require('node:os').homedir();
  const hasFiles = ['credentials', 'config'].some((f) =>
    fs.existsSync(e[f === 'credentials' ? 'AWS_SHARED_CREDENTIALS_FILE' : 'AWS_CONFIG_FILE'] || path.join(home, '.aws', f)),
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
function assemblyArgs(stackName, target, suffix, extra) {
  const manifest = path.join(INFRA_DIR, 'cdk.out', 'manifest.json');
  const cached =
    target === 'local' &&
    extra.length === 0 &&
    fs.existsSync(manifest) &&
    Object.keys(JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts || {}).includes(stackName);
  return cached ? ['--app', 'cdk.out'] : ['--output', `cdk.out.${target}-${suffix}`];
}

function printLocalUrl(outputsFile, stackName, env) {
  const outputs = JSON.parse(fs.readFileSync(outputsFile, 'utf8'))[stackName] || {};
  const m = /^https:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)\/?$/.exec(outputs.ApiUrl || '');
  if (!m) return;
  const url = `${env.AWS_ENDPOINT_URL}/_aws/execute-api/${m[1]}/${m[2]}/`;
  console.log(`\n✔ ${stackName} is deployed to local-cloud.\n  API: ${url}\n  try: curl ${url}health\n`);
}

async function main(argv) {
  const [action] = argv;
  const target = action === 'synth' ? 'local' : argv[1];
  if (!['synth', 'deploy', 'destroy'].includes(action) || !['local', 'aws'].includes(target)) {
    fail('usage: node scripts/deploy.js synth | <deploy|destroy> <local|aws>  [extra CDK CLI args]');
  }
  const suffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
  const stackName = `KmsLogsApi-${suffix}`;
  const outputsFile = path.join(INFRA_DIR, `cdk-outputs.${target}.json`);
  const cdk = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  const common = ['--no-notices', '--context', `environmentSuffix=${suffix}`];
  // extra CDK CLI arguments (e.g. test-only --context flags) pass through
  const extra = argv.slice(action === 'synth' ? 1 : 2);

  if (action === 'synth') process.exit(run(cdk, ['synth', '--quiet', ...common, ...extra], synthEnv()));

  let env = process.env;
  if (target === 'local') {
    env = localEnv();
    ensureLocalCloud(env);
  } else {
    ensureAwsCredentials();
  }

  if (action === 'deploy') {
    // the CLI writes only the stack it deployed; merge it into the target's file, keyed by stack name,
    // so deploying another stack (a test's, say) never drops KmsLogsApi-dev's outputs
    const cliOutputs = path.join(INFRA_DIR, `cdk-outputs.${target}.${process.pid}.json`);
    const args = ['deploy', stackName, ...common, '--require-approval', 'never', '--outputs-file', cliOutputs];
    args.push(...assemblyArgs(stackName, target, suffix, extra));
    const status = target === 'local' ? await runAgainstLocalCloud(cdk, [...args, ...extra], env, action) : run(cdk, [...args, ...extra], env);
    if (fs.existsSync(cliOutputs)) {
      updateOutputs(outputsFile, (all) => Object.assign(all, JSON.parse(fs.readFileSync(cliOutputs, 'utf8'))));
      fs.rmSync(cliOutputs);
    }
    if (status !== 0) process.exit(status);
    if (target === 'local') printLocalUrl(outputsFile, stackName, env);
  } else {
    const args = ['destroy', stackName, ...common, '--force', ...assemblyArgs(stackName, target, suffix, extra), ...extra];
    const status = target === 'local' ? await runAgainstLocalCloud(cdk, args, env, action) : run(cdk, args, env);
    if (status !== 0) process.exit(status);
    updateOutputs(outputsFile, (all) => {
      delete all[stackName];
      return all;
    });
  }
}

/** Rewrites the outputs file (`{ <stackName>: { <output>: value } }`); an empty one is removed. */
function updateOutputs(file, change) {
  const all = change(fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {});
  if (Object.keys(all).length === 0) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

if (require.main === module) void main(process.argv.slice(2));
// for tests that run the CDK CLI against local-cloud themselves (cdk watch): the same environment as a local deploy
module.exports = { localEnv };
