import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * local-cloud's state directory holds KMS key material, STS session secrets and every stored log line: only its
 * owner may read it. Another local user must not be able to copy the database and decrypt it offline.
 */

/** The state directory and every directory in it: owner only (`rwx------`). */
export const STATE_DIR_MODE = 0o700;
/** The database, its `-wal`/`-shm`, the pid file and the log: owner read/write only (`rw-------`). */
export const STATE_FILE_MODE = 0o600;

/**
 * Creates the state directory owner-only, or tightens an existing one and everything in it (directories from
 * older versions were `0755`, files `0644`): directories become `0700`, files lose every group and other bit
 * (`0644` → `0600`; an unpacked Lambda executable `0755` → `0700`). Symbolic links are neither followed nor changed.
 *
 * @example
 * secureStateDir('/home/me/project/.local-cloud');
 */
export function secureStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: STATE_DIR_MODE });
  fs.chmodSync(dir, STATE_DIR_MODE);
  tighten(dir);
}

function tighten(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    try {
      if (entry.isDirectory()) {
        fs.chmodSync(target, STATE_DIR_MODE);
        tighten(target);
      } else if (entry.isFile()) {
        const mode = fs.statSync(target).mode & 0o777;
        if (mode & 0o077) fs.chmodSync(target, mode & 0o700);
      }
    } catch (e) {
      // a file removed meanwhile (a Lambda temp directory) is no longer exposed; anything else is an error
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/**
 * Creates `file` owner read/write only if it does not exist, and makes an existing one so. The mode is set at
 * creation (no moment where it is readable by others), then enforced with chmod for files of older versions.
 */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_WRONLY | fs.constants.O_APPEND, STATE_FILE_MODE));
  fs.chmodSync(file, STATE_FILE_MODE);
}

/** Opens `file` for appending, owner read/write only (see `ensurePrivateFile`). */
export function openPrivateFileForAppend(file: string): number {
  const fd = fs.openSync(file, 'a', STATE_FILE_MODE);
  fs.fchmodSync(fd, STATE_FILE_MODE);
  return fd;
}
