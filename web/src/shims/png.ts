/**
 * Browser stand-in for src/figures/png.ts (node:zlib + Buffer). Encodes 8-bit RGBA as a PNG: an
 * indexed-colour PNG (PLTE + tRNS) when the image has at most 256 colours (colour maps from a lookup
 * table always do), else RGBA; the pixel stream is deflated (deflate.ts). Stored blocks made a
 * 401 × 401 map an 874 KB base64 raster inside every SVG export (issue 19). The result mimics the one
 * Buffer method heatmap.ts calls, `toString('base64')`.
 */

/** The 8-byte signature every PNG file starts with. */
import { deflateRaw } from './deflate.ts';

/** zlib stream (RFC 1950) of compressed deflate data. */
function zlibDeflate(raw: Uint8Array): Uint8Array {
  const body = deflateRaw(raw);
  const out = new Uint8Array(2 + body.length + 4);
  out[0] = 0x78; out[1] = 0x01;
  out.set(body, 2);
  new DataView(out.buffer).setUint32(2 + body.length, adler32(raw));
  return out;
}

/** Palette of an RGBA image and each pixel's index, or null above 256 colours. */
function palette(rgba: Uint8Array): { colors: number[]; index: Uint8Array } | null {
  const dv = new DataView(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const seen = new Map<number, number>(), colors: number[] = [], index = new Uint8Array(rgba.length / 4);
  for (let p = 0; p < index.length; p++) {
    const c = dv.getUint32(4 * p);
    let k = seen.get(c);
    if (k === undefined) { if (colors.length === 256) return null; k = colors.length; seen.set(c, k); colors.push(c); }
    index[p] = k;
  }
  return { colors, index };
}

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1, b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** PNG bytes that also answer `toString('base64')`, the only Buffer call made on them. */
export interface PngBytes extends Uint8Array { toString(encoding?: string): string }

/** Encodes an RGBA image (row-major from the top row) as a PNG file. */
export function encodePngRgba(width: number, height: number, rgba: Uint8Array): PngBytes {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError(`RGBA buffer has ${rgba.length} bytes, expected ${width * height * 4}`);
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width); dv.setUint32(4, height);
  const pal = palette(rgba);
  ihdr[8] = 8; ihdr[9] = pal ? 3 : 6; // 8-bit indexed colour, or 8-bit RGBA
  const bpp = pal ? 1 : 4, pixels = pal ? pal.index : rgba;
  const stride = width * bpp, raw = new Uint8Array((stride + 1) * height); // filter byte 0 (None) per row
  for (let r = 0; r < height; r++) raw.set(pixels.subarray(r * stride, (r + 1) * stride), r * (stride + 1) + 1);
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr)];
  if (pal) {
    const plte = new Uint8Array(3 * pal.colors.length), trns = new Uint8Array(pal.colors.length);
    pal.colors.forEach((c, k) => { plte[3 * k] = c >>> 24; plte[3 * k + 1] = (c >>> 16) & 0xff; plte[3 * k + 2] = (c >>> 8) & 0xff; trns[k] = c & 0xff; });
    parts.push(chunk('PLTE', plte));
    if (trns.some((a) => a !== 255)) parts.push(chunk('tRNS', trns));
  }
  parts.push(chunk('IDAT', zlibDeflate(raw)), chunk('IEND', new Uint8Array(0)));
  const png = new Uint8Array(parts.reduce((s, p) => s + p.length, 0)) as PngBytes;
  let o = 0;
  for (const p of parts) { png.set(p, o); o += p.length; }
  png.toString = (encoding?: string) => {
    if (encoding !== 'base64') throw new Error('browser PNG shim only supports toString("base64")');
    let bin = '';
    for (let i = 0; i < png.length; i += 0x8000) bin += String.fromCharCode(...png.subarray(i, i + 0x8000));
    return btoa(bin);
  };
  return png;
}
