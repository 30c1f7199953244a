// Running the local-cloud CLI as a child process (from src/ through ts-node) and the bits its tests need: a free port, the pid file.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** The CLI entry the tests run: src/cli.ts through ts-node (see local-cloud-cli.js), no build of lib/ needed. */
export const CLI = path.join(__dirname, 'local-cloud-cli.js');

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** the script to run with node (default: CLI) */
  script?: string;
  /** LOCAL_CLOUD_START_TIMEOUT_MS: a loaded machine can take long to transpile the server through ts-node */
  startTimeoutMs: number;
  /** how long the CLI command itself may take */
  timeoutMs: number;
}

/** Runs `node <script> ...args` without the caller's LOCAL_CLOUD_PORT / LOCAL_CLOUD_STATE_DIR; never rejects on an exit code. */
export async function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_CLOUD_START_TIMEOUT_MS: String(opts.startTimeoutMs) };
  delete env.LOCAL_CLOUD_PORT;
  delete env.LOCAL_CLOUD_STATE_DIR;
  try {
    const { stdout, stderr } = await run(process.execPath, [opts.script ?? CLI, ...args], { env, timeout: opts.timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The pid a detached local-cloud wrote to `<stateDir>/local-cloud.pid`. */
export function pidOf(stateDir: string): number {
  return Number(fs.readFileSync(path.join(stateDir, 'local-cloud.pid'), 'utf8').split('\n')[0]);
}
