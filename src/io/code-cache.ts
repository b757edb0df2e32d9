/**
 * A V8 code cache for the CLI bundle (dist/bundle/, CommonJS). `npm run build` runs representative work
 * (scripts/code-cache.cjs) and writes, for the bundle files it loaded, `NAME.js.cache`: V8's compiled
 * bytecode of that file taken after the run (`vm.Script#createCachedData`), so that it also holds the
 * functions V8 compiled lazily while the commands ran. At run time the cache is only read: the bin and each
 * worker-thread bootstrap call `installCodeCache()` before they require the bundle, and every bundle file
 * with a valid cache compiles from it instead of from source. Nothing is ever written at run time.
 *
 * A cache is used only when it is intact and made from this very file. V8 checks its own version, its
 * flags and the source's *length* — not its content (a same-length edit would run the old bytecode) and,
 * in release builds, not the payload (a damaged payload crashes the process). So each cache file carries
 * CRC-32s of the source file's bytes and of V8's data, checked here; any mismatch, a missing or unreadable
 * cache, a source that is not pure ASCII (the build makes the bundle ASCII), or V8 rejecting the data
 * (another node version, other flags) compiles from source exactly as without the cache.
 * `LINDBLAD_CODE_CACHE=0` turns it off (benchmarks).
 *
 * Bundle files load through `require.extensions['.js']` replaced for this folder only: the file is read as
 * bytes (the CRC needs them; a CRC of node's decoded string would transcode it again, ≈ 2 ms per call on
 * this machine, where fresh memory costs ≈ 17 µs a page), and ASCII bytes are the same text as latin1.
 * And a bundle file's `require("./NAME.js")` of another bundle file resolves to that file in this folder
 * directly: node's resolution stats and realpaths each request (19 for diamond, ≈ 5 ms on a busy machine),
 * and this folder is already a real path (node resolved this module's own path) holding plain files.
 *
 * Cache file layout (little-endian): 'LBCC' | u32 format version | u32 CRC-32 of the source file |
 * u32 its length in bytes | u32 CRC-32 of the V8 data | V8 data.
 */
import Module from 'node:module';
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as vmConstants, Script } from 'node:vm';

const MAGIC = 0x4343424c; // 'LBCC' read as a little-endian u32
const FORMAT = 2;
const HEADER = 20;

type Crc32 = (data: Uint8Array) => number;
/** The parts of node's CommonJS loader (node ≥ 20) this file uses for bundle files. */
interface CjsModule {
  exports: unknown;
  filename?: string | null;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
type Loader = (module: CjsModule, filename: string) => void;
interface ModuleStatics {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CjsModule | undefined, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: Record<string, Loader>;
  _cache: unknown;
}
const M = Module as unknown as ModuleStatics;
let installed = false;

/** zlib's CRC-32 (node ≥ 20.16: process.getBuiltinModule, zlib.crc32), or null (then no cache is used). */
function crc32(): Crc32 | null {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const f = typeof getBuiltin === 'function' ? (getBuiltin('node:zlib') as { crc32?: Crc32 }).crc32 : undefined;
  return typeof f === 'function' && typeof isAscii === 'function' ? f : null;
}

/** The cache file's bytes for the source file's bytes `source` and V8's `data`; build time only. */
export function encodeCodeCache(source: Uint8Array, data: Uint8Array): Buffer {
  const crc = crc32();
  if (crc === null) throw new Error('code cache: this node has no zlib.crc32 (node ≥ 20.16 needed to build it)');
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(FORMAT, 4);
  head.writeUInt32LE(crc(source), 8);
  head.writeUInt32LE(source.length, 12);
  head.writeUInt32LE(crc(data), 16);
  return Buffer.concat([head, data]);
}

/** V8's data in cache file `file` when it is intact and made from `source` (the file's bytes); null otherwise. */
function cachedDataFor(file: Buffer, source: Uint8Array, crc: Crc32): Buffer | null {
  if (file.length <= HEADER || file.readUInt32LE(0) !== MAGIC || file.readUInt32LE(4) !== FORMAT) return null;
  if (file.readUInt32LE(12) !== source.length) return null;
  const data = file.subarray(HEADER);
  if (crc(data) !== file.readUInt32LE(16) || crc(source) !== file.readUInt32LE(8)) return null;
  return data;
}

/** Where a bundle file's code came from: a valid cache, source after V8 refused the cache, or source (no valid cache). */
export type CompiledFrom = 'cache' | 'rejected' | 'source';
/** What `installCodeCache` reports per compiled bundle file (the build's cache writer uses it). */
export interface CompiledFile {
  readonly filename: string;
  /** The file's bytes. */
  readonly source: Uint8Array;
  readonly script: Script;
  readonly from: CompiledFrom;
}
const compiledFrom = new Map<string, CompiledFrom>();
/** The bundle files this thread loaded since `installCodeCache`, and where their code came from (tests, diagnostics). */
export const codeCacheReport = (): ReadonlyMap<string, CompiledFrom> => compiledFrom;

/**
 * Makes node compile the bundle files beside this module (`dir`, default: this file's folder) from their
 * `NAME.js.cache` when it is valid (see the head comment), and from source otherwise, and resolves their
 * requires of each other directly (a missing bundle file then fails on reading it, ENOENT, rather than in
 * node's resolution). Once per thread; a no-op with LINDBLAD_CODE_CACHE=0, under a node policy manifest,
 * or without zlib.crc32. `onCompile` (build time) sees every bundle file compiled, with its vm.Script, to
 * write its cache.
 */
export function installCodeCache(options: { dir?: string; onCompile?: (file: CompiledFile) => void } = {}): void {
  if (process.env.LINDBLAD_CODE_CACHE === '0' || installed) return;
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--experimental-policy'))) return;
  const crc = crc32();
  if (crc === null) return;
  installed = true;
  const dir = options.dir ?? dirname(fileURLToPath(import.meta.url));
  const onCompile = options.onCompile;
  const resolve = M._resolveFilename;
  M._resolveFilename = function resolveInBundle(request: string, parent: CjsModule | undefined, isMain: boolean, opts?: unknown): string {
    if (opts === undefined && typeof parent?.filename === 'string' && request.startsWith('./') && request.endsWith('.js')
      && !request.includes('/', 2) && dirname(parent.filename) === dir) return dir + sep + request.slice(2);
    return resolve.call(this, request, parent, isMain, opts);
  };
  const original = M._extensions['.js']!;
  M._extensions['.js'] = function loadWithCodeCache(module: CjsModule, filename: string): void {
    if (dirname(filename) !== dir) return original(module, filename);
    const bytes = readFileSync(filename);
    if (!isAscii(bytes)) {
      compiledFrom.set(filename, 'source');
      return original(module, filename);
    }
    const content = bytes.toString('latin1');
    let data: Buffer | null = null;
    try { data = cachedDataFor(readFileSync(`${filename}.cache`), bytes, crc); } catch { data = null; }
    if (data === null && onCompile === undefined) {
      compiledFrom.set(filename, 'source');
      module._compile(content, filename);
      return;
    }
    const script = new Script(M.wrap(content), {
      filename,
      ...(data === null ? {} : { cachedData: data }),
      ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER as never } : {}),
    });
    const from: CompiledFrom = data === null ? 'source' : script.cachedDataRejected === true ? 'rejected' : 'cache';
    compiledFrom.set(filename, from);
    onCompile?.({ filename, source: bytes, script, from });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    wrapper.call(module.exports, module.exports, requireFor(module), module, filename, dirname(filename));
  };
}

/** The `require` node gives a CommonJS module (lib/internal/modules/helpers.js makeRequireFunction). */
function requireFor(mod: CjsModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as unknown as NodeJS.Require['extensions'];
  require.cache = M._cache as NodeJS.Require['cache'];
  return require;
}
