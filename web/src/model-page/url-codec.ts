/**
 * The model in the page address: `#model=` + base64url(deflate-raw(UTF-8 text)), with the browser's own
 * CompressionStream (no dependency). A typical model file shrinks to a few hundred characters.
 */

const PREFIX = 'model=';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** The hash fragment (without '#') holding `text`. */
export async function encodeModelHash(text: string): Promise<string> {
  return PREFIX + toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** The model text of a hash fragment, null when it holds none; throws with a readable message when it is damaged. */
export async function decodeModelHash(hash: string): Promise<string | null> {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith(PREFIX)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(h.slice(PREFIX.length)), new DecompressionStream('deflate-raw')));
  } catch {
    throw new Error('the model in this link is damaged (it does not decompress); the link was probably cut short');
  }
}
