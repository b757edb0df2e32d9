/**
 * Reading input files (model files) with a size cap: the file is opened without blocking (a FIFO would
 * otherwise wait for a writer), checked by fstat to be a regular file (not /dev/zero, a FIFO or a
 * directory) of at most `maxBytes`, and read in chunks that stop at the cap even if the file grows.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LindbladError } from '../errors.ts';
import { MAX_MODEL_TEXT } from './model-file.ts';
import { fileKind, userFsError } from './fs-errors.ts';
import { formatBytes } from './limits.ts';

/** The UTF-8 text of the regular file `path` (a leading byte-order mark dropped); `what` names it in errors. */
export function readInputText(path: string, what = 'model file', maxBytes = MAX_MODEL_TEXT): string {
  // the path names the field of every other error: an empty one would leave the message without a field
  if (path === '') throw new LindbladError('invalid-input', `expected the path of the ${what}, got ""`, what.replace(/ \(.*$/, ''));
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw userFsError(e, path, `cannot read the ${what}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LindbladError('invalid-input', `is ${fileKind(st)}; the ${what} must be a regular file`, path);
    if (st.size > maxBytes) throw new LindbladError('invalid-input', `is ${formatBytes(st.size)}; a ${what} may have at most ${formatBytes(maxBytes)}`, path);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      chunks.push(buf.subarray(0, got));
      total += got;
      if (total > maxBytes) throw new LindbladError('invalid-input', `grew beyond ${formatBytes(maxBytes)} while being read; a ${what} may have at most that`, path);
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    throw userFsError(e, path, `cannot read the ${what}`);
  } finally {
    closeSync(fd);
  }
}
