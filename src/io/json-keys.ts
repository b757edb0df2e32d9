/**
 * Duplicate keys in JSON text. JSON.parse keeps the last of two equal keys in one object silently
 * ({"rate": 1, "rate": 100} is a rate of 100), so a strict format (model-file.ts) looks for them in the
 * text itself: one linear pass over text JSON.parse has accepted.
 */

/** Where the first key given twice in one object is: the object's path (keys and array indices) and the key. */
export interface DuplicateKey {
  path: Array<string | number>;
  key: string;
}

interface Frame {
  /** null: an array. */
  keys: Set<string> | null;
  /** The key of the value being read (objects), or the index of the next element (arrays). */
  at: string | number;
  /** True in an object where the next string is a key. */
  expectKey: boolean;
}

/** The first duplicate key of valid JSON `text`, or null (text that is not valid JSON gives an unspecified answer). */
export function firstDuplicateKey(text: string): DuplicateKey | null {
  const stack: Frame[] = [];
  const path = (): Array<string | number> => stack.slice(0, -1).map((f) => f.at);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const top = stack.length > 0 ? stack[stack.length - 1] : null;
    if (c === 0x7b || c === 0x5b) { // { [
      stack.push({ keys: c === 0x7b ? new Set() : null, at: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d || c === 0x5d) { // } ]
      stack.pop();
    } else if (c === 0x2c) { // ,
      if (top && top.keys) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    } else if (c === 0x22) { // a string: to its closing quote, escapes skipped
      let end = k + 1, escaped = false;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (d === 0x5c) { escaped = true; end++; } else if (d === 0x22) break;
      }
      if (top && top.keys && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(k, end + 1)) as string) : text.slice(k + 1, end);
        if (top.keys.has(key)) return { path: path(), key };
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      k = end;
    }
  }
  return null;
}
