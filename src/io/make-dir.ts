/**
 * `mkdir -p` for output directories. Node 20's mkdirSync(path, { recursive: true }) loops forever when
 * mkdir answers ENOENT under a parent that exists (e.g. `lindblad paper --out /proc/x`: the process spun at
 * 100 % CPU); here the missing components are created one at a time, so every failure is one attempt and a
 * one-line error naming the path (fs-errors.ts).
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LindbladError } from '../errors.ts';
import { errnoCode, fileKind, userFsError } from './fs-errors.ts';

/** stat, or null when nothing is there; other failures as one-line errors naming `shown`. */
function statOrNull(path: string, shown: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw userFsError(e, shown, 'cannot use as the output directory');
  }
}

/**
 * Makes directory `path` and its missing parents (links the user named are followed); a no-op when it is a
 * directory already. Throws LindbladError 'invalid-input' on `path` when a component is not a directory or
 * cannot be created.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    const st = statOrNull(p, path);
    if (st !== null) {
      if (!st.isDirectory()) throw new LindbladError('invalid-input', `cannot use as the output directory: ${p} is ${fileKind(st)}`, path);
      break;
    }
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (let k = missing.length - 1; k >= 0; k--) {
    const dir = missing[k]!;
    try {
      mkdirSync(dir);
    } catch (e) {
      if (errnoCode(e) === 'EEXIST' && statOrNull(dir, path)?.isDirectory()) continue; // made meanwhile by another process
      throw userFsError(e, path, `cannot create the output directory ${dir}`);
    }
  }
}
