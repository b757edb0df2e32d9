/**
 * A small raw-deflate encoder (RFC 1951) for the browser PNG stand-in: greedy LZ77 (3-byte hash,
 * last occurrence only, window 32 KiB) coded with the fixed Huffman tables (§3.2.6), one block.
 * Synchronous, so heatmap specs stay synchronous; compresses colour-map rasters (long runs, rows that
 * repeat the row above) by one to two orders of magnitude, where stored blocks compressed nothing.
 */

/** Bit writer, least significant bit first (deflate's bit order). */
class Bits {
  buf: Uint8Array; len = 0; acc = 0; n = 0;
  constructor(capacity: number) { this.buf = new Uint8Array(Math.max(64, capacity)); }
  put(value: number, count: number): void {
    this.acc |= value << this.n; this.n += count;
    while (this.n >= 8) { this.byte(this.acc & 0xff); this.acc >>>= 8; this.n -= 8; }
  }
  /** A Huffman code: its bits go most significant first. */
  code(code: number, count: number): void {
    let r = 0;
    for (let i = 0; i < count; i++) r |= ((code >> i) & 1) << (count - 1 - i);
    this.put(r, count);
  }
  private byte(b: number): void {
    if (this.len === this.buf.length) { const nb = new Uint8Array(this.buf.length * 2); nb.set(this.buf); this.buf = nb; }
    this.buf[this.len++] = b;
  }
  finish(): Uint8Array { if (this.n > 0) this.put(0, 8 - this.n); return this.buf.subarray(0, this.len); }
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Fixed-Huffman code of literal/length symbol s (0…287). */
function symbol(w: Bits, s: number): void {
  if (s < 144) w.code(0x30 + s, 8);
  else if (s < 256) w.code(0x190 + s - 144, 9);
  else if (s < 280) w.code(s - 256, 7);
  else w.code(0xc0 + s - 280, 8);
}

/** Largest i with table[i] ≤ v. */
function slot(table: number[], v: number): number {
  let i = table.length - 1;
  while (table[i] > v) i--;
  return i;
}

/** Raw deflate stream of `data` (inflate with any zlib: inflateRaw). */
export function deflateRaw(data: Uint8Array): Uint8Array {
  const w = new Bits(data.length / 4 + 64);
  w.put(1, 1); w.put(1, 2); // BFINAL = 1, BTYPE = 01 (fixed Huffman)
  const HASH = 1 << 15, WINDOW = 32768, MAX = 258;
  const head = new Int32Array(HASH).fill(-1);
  const hash = (i: number) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & (HASH - 1);
  let i = 0;
  while (i < data.length) {
    let best = 0, dist = 0;
    if (i + 2 < data.length) {
      const h = hash(i), j = head[h];
      head[h] = i;
      if (j >= 0 && i - j <= WINDOW) {
        const limit = Math.min(MAX, data.length - i);
        let k = 0;
        while (k < limit && data[j + k] === data[i + k]) k++;
        if (k >= 3) { best = k; dist = i - j; }
      }
    }
    if (best === 0) { symbol(w, data[i]); i++; continue; }
    const li = slot(LEN_BASE, best), di = slot(DIST_BASE, dist);
    symbol(w, 257 + li); w.put(best - LEN_BASE[li], LEN_EXTRA[li]);
    w.code(di, 5); w.put(dist - DIST_BASE[di], DIST_EXTRA[di]);
    for (let k = 1; k < best; k++) if (i + k + 2 < data.length) head[hash(i + k)] = i + k;
    i += best;
  }
  symbol(w, 256); // end of block
  return w.finish();
}
