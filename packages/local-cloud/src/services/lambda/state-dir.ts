import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeFoldersOfDeadProcesses } from '../../core/process';
import type { Store } from '../../store/store';

/** Where Lambda unpacks code: `<stateDir>/lambda/`; `temporary` when it is removed again by `close()` (in-memory store). */
export interface LambdaStateDir {
  readonly path: string;
  readonly temporary: boolean;
  /** Removes a temporary directory (nothing for a lasting one). */
  remove(): void;
}

/**
 * The state directory: the one given, else the directory of the store's database file, else (in-memory store) a
 * temporary directory, created on first use (a server that never runs a function leaves nothing behind).
 */
export function lambdaStateDir(store: Store, given?: string): LambdaStateDir {
  const temporary = given === undefined && (store.db.memory || store.db.name === ':memory:');
  const dir = given ?? (temporary ? path.join(os.tmpdir(), `local-cloud-lambda-${process.pid}-${randomUUID().slice(0, 8)}`) : path.dirname(store.db.name));
  if (temporary) removeAtExit(dir);
  return {
    path: dir,
    temporary,
    remove() {
      if (!temporary) return;
      fs.rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    },
  };
}

/** Temporary state directories (in-memory stores) still in use, removed at exit if `close()` never ran. */
const temporaryDirs = new Set<string>();
let exitHookInstalled = false;

const TEMPORARY_DIR = /^local-cloud-lambda-(\d+)-[0-9a-f]{8}$/;

function removeAtExit(dir: string): void {
  temporaryDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of temporaryDirs) fs.rmSync(d, { recursive: true, force: true });
  });
  // a process that was killed (or whose exit hook never ran) left its directory: remove those of dead processes
  removeFoldersOfDeadProcesses(os.tmpdir(), TEMPORARY_DIR);
}

/**
 * `NODE_PATH` for functions: the node_modules that holds the AWS SDK v3 local-cloud itself uses, as the
 * real Node.js runtimes ship the SDK (bundles built for Lambda leave `@aws-sdk/*` out).
 */
export function sdkNodePath(): string | undefined {
  try {
    const entry = require.resolve('@aws-sdk/client-lambda');
    const marker = `${path.sep}node_modules${path.sep}`;
    const at = entry.lastIndexOf(marker);
    return at < 0 ? undefined : entry.slice(0, at + marker.length - 1);
  } catch {
    return undefined;
  }
}
