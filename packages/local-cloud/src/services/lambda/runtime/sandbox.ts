import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeFoldersOfDeadProcesses } from '../../../core/process';

/**
 * The sandbox of a Lambda worker process: Node's permission model (`--permission`, `--experimental-permission`
 * on Node 20, chosen per the worker's Node version) with reads of the function's code, its own /tmp, the runtime's script and the AWS SDK only;
 * writes to its own /tmp only; no child processes, worker threads, native addons, WASI or inspector. What it
 * does and does not stop is written down in the Lambda README ("Sandbox").
 */

/**
 * The permission-model flag of the Node version that runs the worker (not necessarily this process's: see
 * `node-binaries.ts`): `--permission` since 22.13 / 23.5 (stable there; 23.5+ dropped the old name),
 * `--experimental-permission` on 20.0–22.12 and 23.0–23.4, none before 20 (Node.js docs, permissions.md history).
 */
export function permissionFlag(nodeVersion: string = process.versions.node): '--permission' | '--experimental-permission' | undefined {
  const [major, minor] = nodeVersion.split('.').map((n) => Number(n) || 0);
  if (major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)) return '--permission';
  if (major >= 20) return '--experimental-permission';
  return undefined;
}

let privateDir: string | undefined;

/**
 * A directory only this user can enter, for the runtime's own files (the transpiled worker, the SDK's module
 * directory, functions' /tmp): `<tmpdir>/local-cloud-<uid>`, used only when it is a real directory owned by
 * this user with mode 0700, else a fresh `mkdtemp` directory for this process. Another local user can then
 * neither plant a file the workers would run nor read what functions write.
 */
export function runtimeDir(): string {
  if (privateDir && isPrivateDir(privateDir)) return privateDir;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined) {
    const shared = path.join(os.tmpdir(), `local-cloud-${uid}`);
    try {
      fs.mkdirSync(shared, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isPrivateDir(shared)) return (privateDir = shared);
  }
  // someone else's or a too-open directory of that name: one of our own, for this process only
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-'));
  fs.chmodSync(own, 0o700);
  process.once('exit', () => fs.rmSync(own, { recursive: true, force: true }));
  return (privateDir = own);
}

/** A directory (not a symlink), owned by this user, that no one else may read, write or enter. */
export function isPrivateDir(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * Writes `content` to `file` in the private directory without following or trusting anything already there:
 * a temporary file created exclusively (O_EXCL, 0600), then renamed over the target.
 */
export function writePrivateFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
  fs.renameSync(temp, file);
}

/** The AWS SDK as functions see it: a module directory holding only the SDK and what it depends on. */
export interface SdkModules {
  /** `NODE_PATH` of the functions: a directory of links to the SDK's packages, nothing else. */
  readonly nodePath: string;
  /** Real directories of those packages (the workers may read them). */
  readonly packageDirs: readonly string[];
}

const sdkCache = new Map<string, SdkModules | undefined>();

/**
 * The SDK's packages in `nodeModules` (every `@aws-sdk/*` package, as Lambda's Node.js runtimes ship the SDK v3)
 * and everything they depend on, linked into `<runtimeDir>/sdk-<hash>/node_modules`. Nothing else of that
 * `node_modules` (local-cloud itself, `better-sqlite3`) is on a function's module path or readable by it.
 */
export function sdkModules(nodeModules: string | undefined): SdkModules | undefined {
  if (!nodeModules) return undefined;
  if (sdkCache.has(nodeModules)) return sdkCache.get(nodeModules);
  let result: SdkModules | undefined;
  try {
    result = buildSdkModules(nodeModules);
  } catch {
    result = undefined;
  }
  sdkCache.set(nodeModules, result);
  return result;
}

function buildSdkModules(nodeModules: string): SdkModules | undefined {
  const scope = path.join(nodeModules, '@aws-sdk');
  if (!fs.existsSync(scope)) return undefined;
  /** package name -> real directory, for the top-level names the functions resolve */
  const top = new Map<string, string>();
  const dirs = new Set<string>();
  const queue: string[] = fs
    .readdirSync(scope)
    .filter((n) => !n.startsWith('.'))
    .map((n) => path.join(scope, n));
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      continue;
    }
    if (dirs.has(real)) continue;
    let manifest: { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(real, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    dirs.add(real);
    const deps = { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
    for (const dep of Object.keys(deps)) {
      const found = resolvePackageDir(dep, real);
      if (found) queue.push(found);
    }
  }
  // the names a function can require: the packages installed at the top of that node_modules
  for (const real of dirs) {
    const name = packageName(real);
    if (name && !top.has(name) && fs.existsSync(path.join(nodeModules, name)) && fs.realpathSync(path.join(nodeModules, name)) === real) top.set(name, real);
  }
  const names = [...top.keys()].sort();
  const id = createHash('sha256').update(nodeModules).update('\0').update(names.map((n) => `${n}=${top.get(n)}`).join('\n')).digest('hex').slice(0, 16);
  const root = path.join(runtimeDir(), `sdk-${id}`);
  const nodePath = path.join(root, 'node_modules');
  if (!linksComplete(nodePath, top)) {
    const building = `${root}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    for (const [name, real] of top) {
      const link = path.join(building, 'node_modules', name);
      fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o700 });
      fs.symlinkSync(real, link, 'dir');
    }
    fs.rmSync(root, { recursive: true, force: true });
    try {
      fs.renameSync(building, root);
    } catch {
      // another process built the same directory meanwhile
      fs.rmSync(building, { recursive: true, force: true });
    }
    if (!linksComplete(nodePath, top)) return undefined;
  }
  return { nodePath, packageDirs: [...dirs].sort() };
}

/** The directory a `require(name)` from `from` would load, walking up its node_modules folders. */
function resolvePackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function packageName(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function linksComplete(nodePath: string, top: ReadonlyMap<string, string>): boolean {
  try {
    if (!isPrivateDir(path.dirname(nodePath))) return false;
    for (const [name, real] of top) if (fs.readlinkSync(path.join(nodePath, name)) !== real) return false;
    return true;
  } catch {
    return false;
  }
}

/** What one worker may touch. */
export interface SandboxPaths {
  /** The function's code (read). */
  readonly taskRoot: string;
  /** The environment's own /tmp (read and write). */
  readonly tmpDir: string;
  /** The worker script (read). */
  readonly workerScript: string;
  /** The SDK (read). */
  readonly sdk?: SdkModules;
}

/**
 * The node flags that confine one worker. Paths are given as written and as resolved (a path through a
 * symlink, such as macOS's /tmp, is checked by Node under the name it is opened with).
 */
export function sandboxArgs(paths: SandboxPaths, nodeVersion: string = process.versions.node): string[] {
  const flag = permissionFlag(nodeVersion);
  if (!flag) throw new Error(`Node.js v${nodeVersion} has no permission model (--permission, Node.js 20+): Lambda functions cannot be sandboxed`);
  const read = new Set<string>();
  const write = new Set<string>();
  const both = (set: Set<string>, p: string) => {
    set.add(p);
    try {
      set.add(fs.realpathSync(p));
    } catch {
      // not there yet: as written
    }
  };
  both(read, paths.taskRoot);
  both(read, paths.tmpDir);
  both(read, paths.workerScript);
  both(write, paths.tmpDir);
  if (paths.sdk) {
    both(read, paths.sdk.nodePath);
    for (const dir of paths.sdk.packageDirs) read.add(dir);
  }
  const args: string[] = [flag];
  // on Node 20 the flag is experimental: its start-up warning is not the function's output
  if (flag === '--experimental-permission') args.push('--disable-warning=ExperimentalWarning');
  for (const p of read) args.push(`--allow-fs-read=${p}`);
  for (const p of write) args.push(`--allow-fs-write=${p}`);
  return args;
}

/**
 * A fresh /tmp for one execution environment (as each Lambda environment has its own 512 MB /tmp):
 * `<runtimeDir>/tmp-<pid>-<random>`, 0700. Directories left by a local-cloud that was killed are removed.
 */
export function createTmpDir(): string {
  const base = runtimeDir();
  sweepTmpDirs(base);
  return fs.mkdtempSync(path.join(base, `tmp-${process.pid}-`));
}

/** Synchronous: local-cloud may exit right after its last environment stopped. */
export function removeTmpDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // swept by the next local-cloud (sweepTmpDirs)
  }
}

let swept = false;

function sweepTmpDirs(base: string): void {
  if (swept) return;
  swept = true;
  removeFoldersOfDeadProcesses(base, /^tmp-(\d+)-/);
}

/**
 * Variables the worker process is started with. Everything else a function's configuration sets (its own
 * variables, `NODE_OPTIONS`, `LD_PRELOAD`, `OPENSSL_CONF`, …) is handed over in `_LOCAL_CLOUD_FUNCTION_ENV`
 * and put into `process.env` by the worker before the handler loads: the dynamic loader, OpenSSL and Node's
 * option parser never see them, so none of them can load native code or widen the permissions at start-up.
 */
const STARTUP_ENV = /^(AWS_|LAMBDA_|_HANDLER$|_X_AMZN_TRACE_ID$|PATH$|LANG$|TZ$|NODE_PATH$|TMPDIR$)/;

export const FUNCTION_ENV_VARIABLE = '_LOCAL_CLOUD_FUNCTION_ENV';

/** Splits a function's complete environment into what the process starts with and what the worker applies. */
export function startupEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  const startup: Record<string, string> = {};
  const deferred: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (STARTUP_ENV.test(name)) startup[name] = value;
    else deferred[name] = value;
  }
  if (Object.keys(deferred).length > 0) startup[FUNCTION_ENV_VARIABLE] = JSON.stringify(deferred);
  return startup;
}
