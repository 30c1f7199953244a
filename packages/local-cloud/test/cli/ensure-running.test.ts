import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../helpers/local-cloud-process';
import { cliRun, withCliStateDir } from './cli-process';

const health = (endpoint: string) => fetch(`${endpoint}/_local-cloud/health`).then((r) => r.status, () => 0);

describe('local-cloud ensure-running', () => {
  let stateDir: string;
  let port: number;
  withCliStateDir('local-cloud-ensure-', (dir, free) => {
    stateDir = dir;
    port = free;
  });

  it('--json: starts a server when none runs, then reports the same one (started: false)', async () => {
    // Act
    const first = await cliRun(['ensure-running', '--json', '--port', String(port), '--state-dir', stateDir]);
    const second = await cliRun(['ensure-running', '--json', '--port', String(port), '--state-dir', stateDir]);

    // Assess: stdout is the JSON alone
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const started = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(started).toEqual({
      endpoint: `http://127.0.0.1:${port}`,
      pid: expect.any(Number),
      logFile: path.join(stateDir, 'local-cloud.log'),
      stateDir,
      started: true,
    });
    expect(await health(started.endpoint as string)).toBe(200);
    expect(fs.existsSync(started.logFile as string)).toBe(true);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ ...started, started: false });
  }, 120_000);

  it('refuses a running server on another port than the one asked for, naming both', async () => {
    // Prepare
    const running = JSON.parse((await cliRun(['ensure-running', '--json', '--port', String(port), '--state-dir', stateDir])).stdout) as { pid: number };
    const other = await freePort();

    // Act
    const res = await cliRun(['ensure-running', '--json', '--port', String(other), '--state-dir', stateDir]);

    // Assess
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`local-cloud is already running on http://127.0.0.1:${port} (pid ${running.pid}`);
    expect(res.stderr).toContain(`not on port ${other}`);
  }, 120_000);

  it('when the server cannot start: exit 1 and the last lines of its log', async () => {
    // Prepare: a database file that is not SQLite, so the server fails as it opens it
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(path.join(stateDir, 'local-cloud.db'), 'not a database, '.repeat(512), { mode: 0o600 });

    // Act
    const res = await cliRun(['ensure-running', '--json', '--port', String(port), '--state-dir', stateDir]);

    // Assess
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`local-cloud exited while starting (exit code 1); see ${path.join(stateDir, 'local-cloud.log')}:`);
    expect(res.stderr).toMatch(/not a database/i);
    expect(fs.existsSync(path.join(stateDir, 'local-cloud.pid'))).toBe(false);
  }, 120_000);
});
