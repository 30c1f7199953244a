import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';

/** What a deployment package holds, read from its central directory. */
export interface ZipSummary {
  readonly entries: number;
  readonly unzippedBytes: number;
}

function openZip(zip: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, zipfile) => {
      if (error || !zipfile) reject(error ?? new Error('not a zip file'));
      else resolve(zipfile);
    });
  });
}

/** Reads a zip's directory (no decompression); rejects when the bytes are not a readable zip. */
export async function summarizeZip(zip: Buffer): Promise<ZipSummary> {
  const zipfile = await openZip(zip);
  return new Promise((resolve, reject) => {
    let entries = 0;
    let unzippedBytes = 0;
    zipfile.on('entry', (entry: yauzl.Entry) => {
      entries++;
      unzippedBytes += entry.uncompressedSize;
      zipfile.readEntry();
    });
    zipfile.on('end', () => resolve({ entries, unzippedBytes }));
    zipfile.on('error', reject);
    zipfile.readEntry();
  });
}

/** Unpacks a zip into `dir` (which must not exist yet); yauzl refuses absolute and `..` entry names. */
async function unzip(zip: Buffer, dir: string): Promise<void> {
  const zipfile = await openZip(zip);
  // owner only, like the state directory it lives in (0700 on every directory this creates)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  await new Promise<void>((resolve, reject) => {
    zipfile.on('error', reject);
    zipfile.on('end', () => resolve());
    zipfile.on('entry', (entry: yauzl.Entry) => {
      const target = path.join(dir, entry.fileName);
      if (entry.fileName.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true, mode: 0o700 });
        zipfile.readEntry();
        return;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      zipfile.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          reject(error ?? new Error(`cannot read ${entry.fileName}`));
          return;
        }
        // keep the owner's permission bits a Unix zip records (executables), for the owner only; default rw-------
        const mode = ((entry.externalFileAttributes >>> 16) & 0o700) || 0o600;
        const out = fs.createWriteStream(target, { mode });
        stream.on('error', reject);
        out.on('error', reject);
        out.on('finish', () => zipfile.readEntry());
        stream.pipe(out);
      });
    });
    zipfile.readEntry();
  });
}

const COMPLETE = '.local-cloud-extracted';

/**
 * Each code version is unpacked once, into its own directory, and shared by every execution environment
 * of that version. Concurrent cold starts wait for the same extraction; a half-written directory (a crash
 * mid-extraction) is never used: it is unpacked beside it and renamed into place.
 */
export class CodeDirectory {
  private readonly extracting = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  /** `<root>/<account>/<region>/<function>/<sha256 hex>` */
  public dirFor(accountId: string, region: string, functionName: string, sha256Hex: string): string {
    return path.join(this.root, accountId, region, functionName, sha256Hex);
  }

  /** The directory with the code unpacked; `load` is asked for the zip only when it is not there yet. */
  public ensure(dir: string, load: () => Buffer): Promise<string> {
    if (fs.existsSync(path.join(dir, COMPLETE))) return Promise.resolve(dir);
    let pending = this.extracting.get(dir);
    if (!pending) {
      pending = (async () => {
        const temp = `${dir}.${process.pid}.${Date.now()}.tmp`;
        try {
          await unzip(load(), temp);
          fs.writeFileSync(path.join(temp, COMPLETE), '', { mode: 0o600 });
          fs.rmSync(dir, { recursive: true, force: true });
          fs.renameSync(temp, dir);
          return dir;
        } catch (error) {
          fs.rmSync(temp, { recursive: true, force: true });
          throw error;
        }
      })().finally(() => this.extracting.delete(dir));
      this.extracting.set(dir, pending);
    }
    return pending;
  }

  /** Removes a function's unpacked code versions, except those `keep` names (still in use). */
  public remove(accountId: string, region: string, functionName: string, keep: (dir: string) => boolean = () => false): void {
    const fnDir = path.join(this.root, accountId, region, functionName);
    if (!fs.existsSync(fnDir)) return;
    for (const name of fs.readdirSync(fnDir)) {
      const dir = path.join(fnDir, name);
      if (!keep(dir) && !this.extracting.has(dir)) fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Removes everything under the root (a temporary root of an in-memory store). */
  public removeAll(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
