import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { TargetKind } from './target';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The command line of infra's deploy script (what `nx run infra:deploy[:aws]` and `infra:destroy` run), for a
 * test that deploys a stack of its own (ENVIRONMENT_SUFFIX) or with extra CDK CLI arguments: infra's build
 * compiles it (scripts/deploy.ts → lib/scripts/deploy.js), and these suites run after infra:deploy.
 */
export function infraDeployCommand(action: 'deploy' | 'destroy', kind: TargetKind, cdkArgs: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: [path.join(REPO_ROOT, 'packages', 'infra', 'lib', 'scripts', 'deploy.js'), action, kind, ...cdkArgs] };
}

/**
 * Runs infra's deploy script to its end; its exit status and all it printed. Asynchronously: a test's event loop
 * keeps running meanwhile, so the HTTP client sees the server close its idle keep-alive connections during a long
 * deploy (blocked in spawnSync, it reused a closed one afterwards: "fetch failed: other side closed").
 */
export function runInfraDeploy(
  action: 'deploy' | 'destroy',
  kind: TargetKind,
  cdkArgs: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; output: string }> {
  const { command, args } = infraDeployCommand(action, kind, cdkArgs);
  return runToEnd(command, args, env);
}

/**
 * The workspace's CDK CLI with `cdkArgs`, for a test that deploys a CDK app of its own: locally under
 * `local-cloud cdk --` (its endpoint, keys and region), on AWS with the ambient credentials. Run from the repository root.
 */
export function runCdk(kind: TargetKind, cdkArgs: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const { command, args } =
    kind === 'local' ? localCloudCommand('cdk', '--', ...cdkArgs) : { command: process.execPath, args: [path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk'), ...cdkArgs] };
  return runToEnd(command, args, env, REPO_ROOT);
}

/** `ts-node` running a TypeScript file, as a CDK app's command line (`cdk --app`; the CLI splits it on spaces). */
export function tsNodeApp(file: string): string {
  const words = [process.execPath, path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node'), '--transpile-only', file];
  if (words.some((w) => /\s/.test(w))) throw new Error(`a CDK app's command line cannot hold a path with spaces: ${words.join(' ')}`);
  return words.join(' ');
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ status: number | null; output: string }> {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ status: null, output: `${stdout}\n${stderr}\n${e.message}` }));
    child.on('close', (status) => resolve({ status, output: `${stdout}\n${stderr}` }));
  });
}

/** Starts infra's deploy script in the background (output piped), for a test that interrupts it. */
export function spawnInfraDeploy(action: 'deploy' | 'destroy', kind: TargetKind, env: NodeJS.ProcessEnv, options: { cwd?: string; detached?: boolean } = {}) {
  const { command, args } = infraDeployCommand(action, kind);
  return spawn(command, args, { ...options, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `local-cloud <args>`: the workspace's local-cloud CLI, as a command line for spawn. */
export function localCloudCommand(...args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [path.join(REPO_ROOT, 'node_modules', '.bin', 'local-cloud'), ...args] };
}
