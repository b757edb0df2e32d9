/**
 * Browser stand-in for src/figures/png.ts (node:zlib + Buffer). Encodes 8-bit RGBA as a PNG whose
 * zlib stream uses stored (uncompressed) deflate blocks, which every decoder accepts; maps are small
 * enough that compression does not matter. The result mimics the one Buffer method heatmap.ts calls,
 * `toString('base64')`.
 */

/** The 8-byte signature every PNG file starts with. */
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

/** zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4), at most 65535 bytes each. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  const dv = new DataView(out.buffer);
  out[0] = 0x78; out[1] = 0x01; // deflate, 32 KiB window, no dictionary, fastest level; (0x7801 % 31 == 0)
  let o = 2;
  for (let k = 0; k < blocks; k++) {
    const start = k * 65535, len = Math.min(65535, raw.length - start);
    out[o] = k === blocks - 1 ? 1 : 0; // BFINAL, BTYPE = 00 (stored)
    dv.setUint16(o + 1, len, true);
    dv.setUint16(o + 3, ~len & 0xffff, true);
    out.set(raw.subarray(start, start + len), o + 5);
    o += 5 + len;
  }
  dv.setUint32(o, adler32(raw));
  return out;
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
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const stride = width * 4, raw = new Uint8Array((stride + 1) * height);
  for (let r = 0; r < height; r++) raw.set(rgba.subarray(r * stride, (r + 1) * stride), r * (stride + 1) + 1);
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
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
