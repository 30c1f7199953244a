import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { zipFiles } from '../helpers/zip';
import { startServer } from '../../src/server';
import { CodeDirectory } from '../../src/services/lambda/runtime/code-archive';
import { freePort, runCli } from '../helpers/local-cloud-process';
import { withTempDir } from '../helpers/temp-dir';

/**
 * Threat: another local user reads the state directory (KMS key material, STS secrets, every log line) and
 * decrypts the stored logs offline. Everything local-cloud keeps there is owner-only.
 */
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** Every file and directory under `dir` with a group or other permission bit set. */
function exposed(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath, entry.name);
    if (!entry.isSymbolicLink() && modeOf(p) & 0o077) found.push(`${path.relative(dir, p)} ${modeOf(p).toString(8)}`);
  }
  return found;
}

describe('state directory permissions', () => {
  let base: string;
  withTempDir('local-cloud-perms-', (dir) => {
    base = dir;
  });

  it('a new state directory is 0700, the database and its -wal/-shm 0600', async () => {
    // Prepare
    const stateDir = path.join(base, 'state');
    // Act: start, and write something so that the WAL and shared-memory files exist
    const server = await startServer({ port: 0, stateDir });
    const ssm = new SSMClient({ endpoint: server.url, region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      await ssm.send(new PutParameterCommand({ Name: '/perm/test', Value: 'x', Type: 'String' }));
      // Assess
      expect(modeOf(stateDir)).toBe(0o700);
      for (const file of ['local-cloud.db', 'local-cloud.db-wal', 'local-cloud.db-shm']) {
        expect([file, modeOf(path.join(stateDir, file)).toString(8)]).toEqual([file, '600']);
      }
      expect(exposed(stateDir)).toEqual([]);
    } finally {
      ssm.destroy();
      await server.close();
    }
  });

  it('on start, tightens a directory an older version left open (0755 directories, 0644 files)', async () => {
    // Prepare: a state directory as older versions left it, with a database, a log and unpacked Lambda code
    const stateDir = path.join(base, 'old');
    const first = await startServer({ port: 0, stateDir });
    await first.close();
    const code = path.join(stateDir, 'lambda', '000000000000', 'ap-southeast-1', 'fn', 'abc123');
    fs.mkdirSync(code, { recursive: true });
    fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => 1;');
    fs.writeFileSync(path.join(code, 'bootstrap'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(stateDir, 'local-cloud.log'), 'old log\n');
    fs.writeFileSync(path.join(stateDir, 'local-cloud.db-wal'), '');
    for (const entry of fs.readdirSync(stateDir, { withFileTypes: true, recursive: true })) {
      const p = path.join(entry.parentPath, entry.name);
      fs.chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
    }
    fs.chmodSync(stateDir, 0o755);
    fs.chmodSync(path.join(code, 'bootstrap'), 0o755);
    expect(exposed(stateDir).length).toBeGreaterThan(5);
    // Act
    const server = await startServer({ port: 0, stateDir });
    await server.close();
    // Assess: directories 0700, files 0600, an executable keeps its owner x bit only
    expect(exposed(stateDir)).toEqual([]);
    expect(modeOf(stateDir)).toBe(0o700);
    expect(modeOf(path.join(stateDir, 'local-cloud.db'))).toBe(0o600);
    expect(modeOf(path.join(stateDir, 'local-cloud.log'))).toBe(0o600);
    expect(modeOf(path.join(stateDir, 'lambda', '000000000000'))).toBe(0o700);
    expect(modeOf(code)).toBe(0o700);
    expect(modeOf(path.join(code, 'index.js'))).toBe(0o600);
    expect(modeOf(path.join(code, 'bootstrap'))).toBe(0o700);
  });

  it('Lambda code is unpacked owner-only (directories 0700, files 0600)', async () => {
    const root = path.join(base, 'lambda');
    const code = new CodeDirectory(root);
    const zip = await zipFiles({ 'index.js': 'exports.handler = 1;', 'lib/util.js': '' });
    const dir = await code.ensure(code.dirFor('000000000000', 'ap-southeast-1', 'fn', 'abc'), () => zip);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(root, '000000000000'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'index.js'))).toBe(0o600);
    expect(exposed(root)).toEqual([]);
  });

  it('the CLI writes its pid file and log 0600 in a 0700 directory', async () => {
    // Prepare
    const stateDir = path.join(base, 'cli');
    const port = await freePort();
    const cli = (args: string[]) => runCli([...args, '--state-dir', stateDir], { startTimeoutMs: 60_000, timeoutMs: 80_000 });
    // Act
    const started = await cli(['start', '--detach', '--port', String(port)]);
    try {
      // Assess
      expect(started.code).toBe(0);
      expect(modeOf(stateDir)).toBe(0o700);
      expect(modeOf(path.join(stateDir, 'local-cloud.pid'))).toBe(0o600);
      expect(modeOf(path.join(stateDir, 'local-cloud.log'))).toBe(0o600);
      expect(modeOf(path.join(stateDir, 'local-cloud.db'))).toBe(0o600);
      expect(exposed(stateDir)).toEqual([]);
    } finally {
      await cli(['stop']);
    }
  }, 180_000);
});
