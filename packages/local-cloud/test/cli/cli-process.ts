// The CLI as a child process for the tests of its commands: started from src/ through ts-node, with the
// environment and working directory a test chooses, its output collected as it comes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, freePort, runCli } from '../helpers/local-cloud-process';

export class CliRun {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_CLOUD_START_TIMEOUT_MS: '60000', ...opts.env };
    if (!opts.env || !('LOCAL_CLOUD_PORT' in opts.env)) delete env.LOCAL_CLOUD_PORT;
    delete env.LOCAL_CLOUD_STATE_DIR;
    this.child = spawn(process.execPath, [CLI, ...args], { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once `test` holds for the output so far; rejects after `ms` or when the process ended first. */
  async until(test: (run: CliRun) => boolean, ms = 90_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this)) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`condition not met (exit ${this.child.exitCode}):\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Runs the CLI to its end. */
export async function cliRun(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = new CliRun(args, opts);
  const { code } = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Stops the local-cloud of `stateDir` (fine when none runs). */
export const stopCli = (stateDir: string) => runCli(['stop', '--state-dir', stateDir], { startTimeoutMs: 60_000, timeoutMs: 80_000 });

/**
 * For each test, a new state dir and a free port to start local-cloud with through the CLI; after the test, whatever
 * server it left running there is stopped and the directory removed.
 */
export function withCliStateDir(prefix: string, use: (stateDir: string, port: number) => void): void {
  let stateDir: string | undefined;
  beforeEach(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    use(stateDir, await freePort());
  });
  afterEach(async () => {
    if (!stateDir) return;
    await stopCli(stateDir);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 90_000);
}
