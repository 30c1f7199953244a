import * as fs from 'node:fs';
import * as path from 'node:path';

/** Whether a process exists (one owned by another user counts: kill(0) then fails with EPERM). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders in `base` that a process now gone left behind: those whose name `owner` matches, with the
 * owning pid as its first group (a process killed before its exit hook ran). Best effort: never throws.
 */
export function removeFoldersOfDeadProcesses(base: string, owner: RegExp): void {
  try {
    for (const name of fs.readdirSync(base)) {
      const pid = Number(owner.exec(name)?.[1]);
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      fs.rmSync(path.join(base, name), { recursive: true, force: true });
    }
  } catch {
    // best effort
  }
}
