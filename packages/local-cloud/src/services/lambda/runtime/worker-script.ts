import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The JavaScript file a worker process runs.
 *
 * From the compiled package that is `worker.js` next to this file. Running from TypeScript sources (ts-jest,
 * ts-node) there is only `worker.ts`: it imports nothing but Node built-ins, so it is transpiled once, on its
 * own, into the temp directory (named by its content hash) and forked as plain JavaScript. That keeps worker
 * start-up as fast as from `lib/` (no TypeScript compiler loaded in every worker).
 */
export function workerScript(): string {
  if (cached && fs.existsSync(cached)) return cached;
  const compiled = path.join(__dirname, 'worker.js');
  if (fs.existsSync(compiled)) return (cached = compiled);

  const source = fs.readFileSync(path.join(__dirname, 'worker.ts'), 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = path.join(os.tmpdir(), `local-cloud-lambda-worker-${hash}.js`);
  if (!fs.existsSync(target)) {
    // typescript is a dev dependency: only needed when running from sources
    const ts = require('typescript') as typeof import('typescript');
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
      fileName: 'worker.ts',
    });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, output.outputText);
    fs.renameSync(temp, target);
  }
  return (cached = target);
}
