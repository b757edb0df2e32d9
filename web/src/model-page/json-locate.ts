/**
 * Where a model-file field (the `field` of a LindbladError: "channels[2].rate", "baths.hot.beta",
 * 'subsystems["a b"]', "(root)") sits in the JSON text, so the parser's message is shown at that place.
 * A small JSON scanner records the start offset of every value by its path (same spelling as
 * src/io/model-file.ts `child`); for a field that is absent (a missing key) the nearest present parent is used.
 */

export interface TextSpot { offset: number; line: number; column: number; /** The path actually found (a parent when the field itself is absent). */ path: string }

const childPath = (field: string, key: string) => {
  const k = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (field === '(root)') return k;
  return k.startsWith('"') ? `${field}[${k}]` : `${field}.${k}`;
};

/** Start offsets of every value in `text`, by path; the scan stops quietly at a syntax error. */
export function valueOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const str = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    out.set(path, i);
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Error('key');
        const keyAt = i, key = str();
        ws(); if (text[i] !== ':') throw new Error(':'); i++;
        const p = childPath(path, key);
        value(p);
        if (!out.has(`${p}#key`)) out.set(`${p}#key`, keyAt);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        throw new Error('}');
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (let k = 0; ; k++) {
        value(`${path}[${k}]`);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        throw new Error(']');
      }
    } else if (c === '"') str();
    else { while (i < text.length && /[^\s,\]}]/.test(text[i])) i++; }
  };
  try { value('(root)'); } catch { /* partial map up to the syntax error */ }
  return out;
}

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The spot of `field` in `text` (its key when it has one, else its value), or of its nearest present parent. */
export function locateField(text: string, field: string): TextSpot | null {
  const offsets = valueOffsets(text);
  let path = field;
  while (path) {
    const at = offsets.get(`${path}#key`) ?? offsets.get(path);
    if (at !== undefined) return { offset: at, path, ...lineColumn(text, at) };
    const m = /^(.*)(\[[^\]]*\]|\.[^.[\]]+)$/.exec(path);
    path = m ? m[1] : path === '(root)' ? '' : '(root)';
  }
  return null;
}

/** The spot of a JSON.parse syntax error ("… at position N" or "(line L column C)"), or null. */
export function locateSyntaxError(text: string, message: string): TextSpot | null {
  const pos = /position (\d+)/.exec(message);
  if (pos) return { offset: Number(pos[1]), path: '(json)', ...lineColumn(text, Number(pos[1])) };
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const line = Number(lc[1]), column = Number(lc[2]);
    const offset = text.split('\n').slice(0, line - 1).reduce((s, l) => s + l.length + 1, 0) + column - 1;
    return { offset, line, column, path: '(json)' };
  }
  return null;
}
