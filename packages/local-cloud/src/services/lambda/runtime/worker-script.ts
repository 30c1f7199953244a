import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runtimeDir, writePrivateFile } from './sandbox';

let cached: string | undefined;

/**
 * The JavaScript file a worker process runs.
 *
 * From the compiled package that is `worker.js` next to this file. Running from TypeScript sources (ts-jest,
 * ts-node) there is only `worker.ts`: it imports nothing but Node built-ins, so it is transpiled once, on its
 * own, and forked as plain JavaScript. That keeps worker start-up as fast as from `lib/` (no TypeScript
 * compiler loaded in every worker). The transpiled file lives in the runtime's private directory (0700,
 * this user's: `sandbox.ts`), written through an exclusive temporary file: a file another local user placed
 * under a predictable name in the shared temp directory is never run.
 */
export function workerScript(): string {
  if (cached && fs.existsSync(cached)) return cached;
  const compiled = path.join(__dirname, 'worker.js');
  if (fs.existsSync(compiled)) return (cached = compiled);

  const source = fs.readFileSync(path.join(__dirname, 'worker.ts'), 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = path.join(runtimeDir(), `lambda-worker-${hash}.js`);
  if (!fs.existsSync(target)) {
    // typescript is a dev dependency: only needed when running from sources
    const ts = require('typescript') as typeof import('typescript');
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
      fileName: 'worker.ts',
    });
    writePrivateFile(target, output.outputText);
  }
  return (cached = target);
}
