// Files of a store folder besides the payload segments: the index snapshot and the single-writer lock.
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** The index snapshot (schema 3). */
export const INDEX_FILE = 'index.sqlite';
/** The whole-database snapshot of a schema 2 store (converted once on open). */
export const V2_SNAPSHOT_FILE = 'snapshot.sqlite';
const LOCK_FILE = 'writer.lock';

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}

/** The numbers of the files in `dir` whose name matches `pattern` (its first group), ascending. */
export function numberedFiles(dir: string, pattern: RegExp): number[] {
  const numbers: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = pattern.exec(name);
    if (match) numbers.push(Number(match[1]));
  }
  return numbers.sort((a, b) => a - b);
}

/** Node refuses single reads and writes above 2 GiB, and a database can grow past that: go in chunks. */
const IO_CHUNK_BYTES = 256 * 1024 * 1024;

function readWhole(fd: number, size: number): Uint8Array {
  const data = new Uint8Array(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, data, read, Math.min(IO_CHUNK_BYTES, size - read), read);
    if (n === 0) return data.subarray(0, read);
    read += n;
  }
  return data;
}

/** The whole file, or null when there is none. */
export function readSnapshot(dir: string, name = INDEX_FILE): Uint8Array | null {
  let fd: number;
  try {
    fd = fs.openSync(path.join(dir, name), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return readWhole(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/** Temp file + fsync + atomic rename, so readers see either the old or the new snapshot. */
export function writeSnapshot(dir: string, data: Uint8Array, name = INDEX_FILE): void {
  const temp = path.join(dir, `${name}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      let written = 0;
      while (written < data.byteLength) {
        written += fs.writeSync(fd, data, written, Math.min(IO_CHUNK_BYTES, data.byteLength - written));
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(dir, name));
  } catch (error) {
    // A partial temp file on a full disk would keep its space taken until the next snapshot.
    try { fs.rmSync(temp, { force: true }); } catch { /* not ours to clean (e.g. a directory) */ }
    throw error;
  }
  fsyncDir(dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Thrown when another live process writes to the same store folder. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(readonly dir: string, readonly ownerPid: number) {
    super(`The trace store in ${dir} is in use by process ${ownerPid}; open it read-only instead.`);
  }
}

/**
 * Take the writer lock (a pid file); a lock left by a dead process is taken over. Returns the release function.
 * The file appears with its pid already written (hard link of a finished temp file), so a competitor never reads
 * an empty lock; a stale lock is moved aside before it is deleted, so two takers cannot delete each other's lock.
 */
export function acquireWriterLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const unique = `${process.pid}-${threadId}-${Date.now().toString(36)}`;
  const draft = `${file}.${unique}.tmp`;
  fs.writeFileSync(draft, String(process.pid));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createLockFile(draft, file)) return () => releaseWriterLock(file);
      const owner = readLockOwner(file);
      if (owner === undefined) continue; // removed meanwhile: try again
      if (owner !== process.pid && processAlive(owner)) throw new StoreLockedError(dir, owner);
      moveAsideStaleLock(dir, file, owner, `${file}.${unique}.stale`);
    }
  } finally {
    fs.rmSync(draft, { force: true });
  }
  throw new Error(`Could not take the writer lock in ${dir}`);
}

/** Error codes of file systems that cannot make hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Creates the lock from the finished draft; false when a lock exists already. */
function createLockFile(draft: string, file: string): boolean {
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  // Without hard links: exclusive create, then the pid (a competitor may briefly read an empty lock here).
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readLockOwner(file: string): number | undefined {
  try {
    const owner = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(owner) && owner > 0 ? owner : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Renames the lock away, then checks it was the stale one; a live lock taken over meanwhile goes back. */
function moveAsideStaleLock(dir: string, file: string, staleOwner: number, aside: string): void {
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLockOwner(aside);
  if (moved === staleOwner || moved === undefined) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
  throw new StoreLockedError(dir, moved);
}

function releaseWriterLock(file: string): void {
  try {
    if (readLockOwner(file) === process.pid) fs.unlinkSync(file);
  } catch {
    // already gone
  }
}
