import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// From sources (ts-jest) the Lambda worker is transpiled into a temporary directory and every function runs it.
// Another local user must not be able to put a file there that the workers would run instead.

const WORKER_SOURCE = path.resolve(__dirname, '..', '..', '..', '..', 'src', 'services', 'lambda', 'runtime', 'worker.ts');
const hash = createHash('sha256').update(fs.readFileSync(WORKER_SOURCE, 'utf8')).digest('hex').slice(0, 16);
const PLANTED = "process.send({ t: 'ready', initMs: 0, logs: [], maxMemMb: 0 }); // planted by another user\n";
const uid = process.getuid!();

let tmp: string;
let savedTmpdir: string | undefined;

/** workerScript() of a fresh module instance, with os.tmpdir() pointing at the test's directory. */
function freshWorkerScript(): string {
  let script = '';
  jest.isolateModules(() => {
    const { workerScript } = require('../../../../src/services/lambda/runtime/worker-script') as typeof import('../../../../src/services/lambda/runtime/worker-script');
    script = workerScript();
  });
  return script;
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-script-test-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});

afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  fs.rmSync(tmp, { recursive: true, force: true });
});

(process.platform === 'win32' ? describe.skip : describe)('the transpiled worker script', () => {
  it('is written to a private directory (0700, this user) as a 0600 file, never a file planted under the old shared name', () => {
    // Prepare: the name the worker used to have in the shared temp directory, taken by someone else's file
    const oldName = path.join(tmp, `local-cloud-lambda-worker-${hash}.js`);
    fs.writeFileSync(oldName, PLANTED);
    // Act
    const script = freshWorkerScript();
    // Assess
    expect(script).not.toBe(oldName);
    const dir = fs.lstatSync(path.dirname(script));
    expect(dir.isDirectory()).toBe(true);
    expect(dir.uid).toBe(uid);
    expect(dir.mode & 0o777).toBe(0o700);
    expect(fs.statSync(script).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(script, 'utf8')).toContain('_LOCAL_CLOUD_FUNCTION_ENV');
  });

  it('does not use a directory of the expected name that others may write to, nor one that is a symlink', () => {
    for (const prepare of [
      // a world-writable directory with a planted worker in it
      (dir: string) => {
        fs.mkdirSync(dir, { mode: 0o777 });
        fs.chmodSync(dir, 0o777);
        fs.writeFileSync(path.join(dir, `lambda-worker-${hash}.js`), PLANTED);
      },
      // a symlink to a directory holding a planted worker
      (dir: string) => {
        const elsewhere = fs.mkdtempSync(path.join(tmp, 'elsewhere-'));
        fs.chmodSync(elsewhere, 0o700);
        fs.writeFileSync(path.join(elsewhere, `lambda-worker-${hash}.js`), PLANTED);
        fs.symlinkSync(elsewhere, dir);
      },
    ]) {
      // Prepare
      const expected = path.join(tmp, `local-cloud-${uid}`);
      fs.rmSync(expected, { recursive: true, force: true });
      prepare(expected);
      // Act
      const script = freshWorkerScript();
      // Assess: a fresh private directory of this process instead, holding the real worker
      expect(path.dirname(script)).not.toBe(expected);
      expect(fs.realpathSync(script).startsWith(fs.realpathSync(expected))).toBe(false);
      expect(fs.lstatSync(path.dirname(script)).mode & 0o777).toBe(0o700);
      expect(fs.readFileSync(script, 'utf8')).not.toBe(PLANTED);
      expect(fs.readFileSync(script, 'utf8')).toContain('_LOCAL_CLOUD_FUNCTION_ENV');
    }
  });
});
