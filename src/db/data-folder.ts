import { accessSync, constants, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database belongs to one process at a time: two PGlite instances on one folder
 * would corrupt it. A lock file records which process holds the folder and where it serves.
 */
export class DataFolderError extends Error {}

interface LockRecord {
  pid: number;
  url?: string;
}

export interface DataFolderLock {
  /** Records where the holding server can be reached, for the message other commands print. */
  announce(url: string): void;
  release(): void;
}

export function prepareDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new DataFolderError(`Cannot write to the data folder ${dir} (${code}): choose another with --data DIR.`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

export function lockDataFolder(dir: string): DataFolderLock {
  const path = join(dir, 'formative.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, JSON.stringify({ pid: process.pid } satisfies LockRecord));
      closeSync(fd);
      return {
        announce(url) {
          writeFileSync(path, JSON.stringify({ pid: process.pid, url } satisfies LockRecord));
        },
        release() {
          if (readLock(path)?.pid === process.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        const where = holder.url ? ` serving ${holder.url}` : '';
        throw new DataFolderError(
          `The data folder ${dir} is in use by another Formative process (pid ${holder.pid}${where}); stop it, or use its web pages or API.`,
        );
      }
      // The holder died without releasing the folder: the lock is stale.
      unlinkSync(path);
    }
  }
  throw new DataFolderError(`Could not lock the data folder ${dir}.`);
}
