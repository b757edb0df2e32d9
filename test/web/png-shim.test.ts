/**
 * The browser PNG stand-in (web/src/shims/png.ts, deflate.ts): decoded with Node's own zlib, every
 * pixel comes back exactly (indexed and RGBA paths), and a 401 × 401 colour map — the raster embedded
 * in each map's SVG export — is small (issue 19: it was 874 KB of base64 with stored blocks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { deflateRaw } from '../../web/src/shims/deflate.ts';
import { encodePngRgba } from '../../web/src/shims/png.ts';

/** Decodes the PNGs this encoder writes (8-bit, colour type 3 or 6, filter 0) back to RGBA. */
function decode(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let o = 8, width = 0, height = 0, type = 0, plte: Uint8Array = new Uint8Array(0), trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (o < png.length) {
    const len = dv.getUint32(o), name = String.fromCharCode(...png.subarray(o + 4, o + 8)), data = png.subarray(o + 8, o + 8 + len);
    if (name === 'IHDR') { width = dv.getUint32(o + 8); height = dv.getUint32(o + 12); type = data[9]; }
    if (name === 'PLTE') plte = data;
    if (name === 'tRNS') trns = data;
    if (name === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = type === 3 ? 1 : 4, rgba = new Uint8Array(width * height * 4);
  for (let r = 0; r < height; r++) {
    assert.equal(raw[r * (width * bpp + 1)], 0, 'filter type None');
    for (let c = 0; c < width; c++) {
      const at = r * (width * bpp + 1) + 1 + c * bpp, p = 4 * (r * width + c);
      if (type === 6) rgba.set(raw.subarray(at, at + 4), p);
      else { const k = raw[at]; rgba.set(plte.subarray(3 * k, 3 * k + 3), p); rgba[p + 3] = trns ? trns[k] : 255; }
    }
  }
  return { width, height, rgba };
}

test('deflateRaw round-trips through zlib (empty, short, repetitive, random)', () => {
  const rand = new Uint8Array(40_000);
  let s = 12345;
  for (let i = 0; i < rand.length; i++) { s = (s * 1103515245 + 12345) >>> 0; rand[i] = s >>> 24; }
  const runs = new Uint8Array(100_000).map((_, i) => (i >> 9) & 255);
  for (const d of [new Uint8Array(0), Uint8Array.of(7), Uint8Array.of(1, 2, 3, 1, 2, 3, 1, 2, 3), runs, rand]) {
    assert.deepEqual(new Uint8Array(inflateRawSync(deflateRaw(d))), d);
  }
  assert.ok(deflateRaw(runs).length < runs.length / 50, 'runs compress');
});

test('PNG stand-in: indexed and RGBA images decode to the same pixels', () => {
  const w = 37, h = 23;
  const few = new Uint8Array(w * h * 4), many = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    few.set([(p % 5) * 50, 255 - (p % 3) * 80, 9, p % 7 === 0 ? 0 : 255], 4 * p);
    many.set([p & 255, (p >> 8) & 255, (p * 7) & 255, 255], 4 * p);
  }
  for (const img of [few, many]) {
    const d = decode(encodePngRgba(w, h, img));
    assert.equal(d.width, w); assert.equal(d.height, h);
    assert.deepEqual(d.rgba, img);
  }
});

test('a 401 × 401 colour-map raster is far below the 874 KB of stored blocks', () => {
  const n = 401, rgba = new Uint8Array(n * n * 4);
  for (let iy = 0; iy < n; iy++) {
    for (let ix = 0; ix < n; ix++) {
      const z = Math.exp(-((ix - 200) ** 2 + (iy - 150) ** 2) / 8000), k = Math.round(255 * z); // a smooth map through a 256-entry LUT
      rgba.set([k, 255 - k, (k * 3) & 255, 255], 4 * (iy * n + ix));
    }
  }
  const png = encodePngRgba(n, n, rgba);
  const b64 = png.toString('base64').length;
  console.log(`# 401 × 401 map raster: ${png.length} bytes PNG, ${b64} chars base64 (stored blocks: ~${Math.round(n * (4 * n + 1) * 4 / 3 / 1000)} KB)`);
  assert.deepEqual(decode(png).rgba, rgba);
  assert.ok(b64 < 120_000, `base64 raster ${b64} chars`);
});
