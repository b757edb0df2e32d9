/**
 * Atomic file writes: data goes to a temporary file in the destination's own directory (so the
 * final rename never crosses a file system), is flushed to disk, and is then renamed over the
 * destination. Readers therefore see either the old file or the complete new one, never a
 * half-written file, and a failed write leaves no temporary file behind. Only a regular file (or
 * nothing) is ever replaced: a directory, FIFO, device node or symbolic link at the destination is an
 * error (checked just before the rename), and failures a user causes (missing or read-only directory, full
 * disk) are one-line errors naming the path (fs-errors.ts).
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LindbladError } from '../errors.ts';
import { errnoCode, fileKind, userFsError } from './fs-errors.ts';
import { uniqueTag } from './unique-tag.ts';

/** Suffix carried by every temporary file this module creates (useful for clean-up checks). */
export const TEMP_SUFFIX = '.tmp';

/** Name of a fresh temporary sibling of `path`: hidden, unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${uniqueTag()}${TEMP_SUFFIX}`);
}

/**
 * Removes the temporary siblings of `path` (tempPathFor's names, regular files only) that a writer killed
 * between creating and renaming one left behind; returns how many. Call it only while holding the output's
 * lock (io/lock.ts): no live writer of `path` exists then, on any host. Without the lock, pass
 * `createdBefore` (ms since the epoch, e.g. the start of the calling run): only temporaries whose name
 * dates from before it are removed — a write takes milliseconds, so one begun before a run that has since
 * written its own files is a dead writer's (a later writer's temporary is left alone). An unreadable
 * directory or a file that cannot be removed is left as it is.
 */
export function removeLeftoverTemps(path: string, createdBefore = Infinity): number {
  const dir = dirname(path), prefix = `.${basename(path)}.`;
  const tag = /^\d+-[0-9a-z]+-([0-9a-z]+)-[0-9a-f]{12}$/;
  let names: string[];
  try { names = readdirSync(dir); } catch { return 0; }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const m = tag.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (!m || !(parseInt(m[1], 36) < createdBefore)) continue;
    const file = join(dir, name);
    try {
      if (!lstatSync(file).isFile()) continue;
      unlinkSync(file);
      removed++;
    } catch { /* gone meanwhile, or not ours to remove */ }
  }
  return removed;
}

/**
 * Writes `data` to `path` atomically (temp file in the same directory, fsync, rename).
 * Strings are written as UTF-8. The parent directory must already exist.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    refuseNonRegular(path);
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) {
      try { closeSync(fd); } catch { /* already failing; keep the original error */ }
    }
    try { unlinkSync(tmp); } catch { /* temp file may never have been created */ }
    throw userFsError(err, path, 'cannot write');
  }
}

/** Throws when something other than a regular file is at `path` (nothing there is fine). */
function refuseNonRegular(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return;
    throw e;
  }
  if (!st.isFile()) throw new LindbladError('invalid-input', `is ${fileKind(st)}; refusing to replace it with a regular file`, path);
}
