/**
 * Where output may go. An output file is a regular file or absent — never a directory, a FIFO, a device
 * node or a symbolic link (a link is refused rather than followed, so nothing is written outside the
 * directory the path names) — it is not one of the inputs (compared by device and inode, so other spellings
 * and hard links of the input are caught), and its directory exists. An output directory is a directory or
 * absent (then it is created); the files written into it obey the file rules (io/atomic.ts re-checks them
 * just before each rename).
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LindbladError } from '../errors.ts';
import { errnoCode, fileKind, userFsError } from './fs-errors.ts';

/** lstat, or null when nothing is at `path`; other failures as one-line errors naming the path. */
function lstatOrNull(path: string, action: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw userFsError(e, path, action);
  }
}

/**
 * Checks that `path` may be created or replaced by a regular file: absent or a regular file (not a
 * symbolic link), not the same file as any of `inputs`, with an existing directory.
 */
export function checkOutputFile(path: string, inputs: readonly string[] = []): void {
  const st = lstatOrNull(path, 'cannot write');
  if (st === null) {
    const dir = dirname(resolve(path));
    let d: Stats;
    try {
      d = statSync(dir);
    } catch (e) {
      throw userFsError(e, path, `cannot write: its directory ${dir} is missing or unreadable`);
    }
    if (!d.isDirectory()) throw new LindbladError('invalid-input', `cannot write: ${dir} is ${fileKind(d)}, not a directory`, path);
    return;
  }
  if (!st.isFile()) {
    throw new LindbladError('invalid-input', `is ${fileKind(st)}; an output must be a regular file or a new one${st.isSymbolicLink() ? ' (links are not followed: give the real path)' : ''}`, path);
  }
  for (const input of inputs) {
    let s: Stats;
    try { s = statSync(input); } catch { continue; } // an input that does not exist cannot be overwritten
    if (s.dev === st.dev && s.ino === st.ino) throw new LindbladError('invalid-input', `is the input file ${input}; choose another output`, path);
  }
}

/** Checks that `path` is a directory (possibly through a link the user named) or absent. */
export function checkOutputDir(path: string): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return; // created when the output is written
    throw userFsError(e, path, 'cannot use as the output directory');
  }
  if (!st.isDirectory()) throw new LindbladError('invalid-input', `is ${fileKind(st)}; the output must be a directory (or a new one)`, path);
}
