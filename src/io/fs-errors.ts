/**
 * File-system failures a user causes (a missing or read-only directory, a full disk, a path that is a
 * directory) as one-line LindbladErrors naming the path: "PATH: cannot write (ENOSPC: no space left on
 * device)". Other failures are not the user's and pass through unchanged.
 */
import type { Stats } from 'node:fs';
import { LindbladError } from '../errors.ts';

const USER_CODES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied', EPERM: 'operation not permitted', ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory', EISDIR: 'is a directory', ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded', EROFS: 'read-only file system', EEXIST: 'already exists', ELOOP: 'is a symbolic link',
  ENAMETOOLONG: 'file name too long', EFBIG: 'file too large', EBUSY: 'busy', ETXTBSY: 'busy', EMFILE: 'too many open files',
  ENFILE: 'too many open files', EIO: 'input/output error', ENXIO: 'no such device', ENODEV: 'no such device',
};

/** The errno code of a Node file-system error, or undefined. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `err` as a LindbladError "PATH: ACTION (CODE: reason)" when its errno is one a user causes; otherwise
 * `err` itself (to be rethrown). `action` is e.g. "cannot write".
 */
export function userFsError(err: unknown, path: string, action: string): unknown {
  if (err instanceof LindbladError) return err;
  const code = errnoCode(err);
  if (code === undefined || !Object.hasOwn(USER_CODES, code)) return err;
  return new LindbladError('invalid-input', `${action} (${code}: ${USER_CODES[code]})`, path);
}

/** "a directory", "a FIFO", "a character device", … for a non-regular file's stats. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
