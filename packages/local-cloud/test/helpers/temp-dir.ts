// A private temporary directory for the tests that write files (state dirs, databases, caches).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Makes a new directory under the OS temp dir, named `<prefix>…`, and hands it to `use`: before each test (`per: 'test'`)
 * or once before the block's tests (`per: 'file'`); removes it with all in it afterwards.
 */
export function withTempDir(prefix: string, use: (dir: string) => void, per: 'test' | 'file' = 'test'): void {
  let dir: string | undefined;
  const [before, after] = per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    use(dir);
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}
