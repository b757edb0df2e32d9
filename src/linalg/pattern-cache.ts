/**
 * A small least-recently-used store of facts that depend on a sparsity pattern only (for the sparse
 * systems: the fill-reducing ordering and its symbolic counts), keyed by the pattern itself. A pattern
 * factorised again — the same model solved again, or a loop of one-off solves over a parameter, whose
 * systems share one pattern — then skips the ordering's graph work (AMD, RCM, symbolic Cholesky counts:
 * about a quarter of a one-off solve of a random n = 40 model), as sparse direct solvers reuse a symbolic
 * analysis. The facts are computed from the pattern alone, so a hit gives exactly what a recomputation
 * would: results are bit-identical with or without the store.
 *
 * A pattern is found by a hash of its row pointers and column indices and then compared entry by entry
 * with a private copy (never by hash alone). At most `maxEntries` patterns and `maxBytes` bytes of copies
 * are kept per thread. No physics lives here.
 */

interface Stored<V> {
  readonly hash: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly value: V;
}

export class PatternCache<V> {
  private readonly entries = new Map<number, Array<Stored<V>>>();
  /** Recency order: the oldest first (insertion order of a Map; a hit moves its entry to the end). */
  private readonly order = new Set<Stored<V>>();
  private bytes = 0;

  constructor(private readonly maxEntries: number, private readonly maxBytes: number, private readonly make: () => V) {}

  /**
   * The value kept for the n×n pattern (rowPtr, colIdx), or a new `make()` kept from now on (not kept when
   * the pattern's copy alone would exceed half of `maxBytes`: such a value lives as long as its caller
   * holds it). The caller fills the value lazily; it must depend on the pattern only.
   */
  entry(n: number, rowPtr: Int32Array, colIdx: Int32Array): V {
    const nnz = rowPtr[n], hash = patternHash(n, rowPtr, colIdx, nnz);
    const bucket = this.entries.get(hash);
    if (bucket) {
      for (const s of bucket) {
        if (samePattern(s, n, rowPtr, colIdx, nnz)) {
          this.order.delete(s);
          this.order.add(s);
          return s.value;
        }
      }
    }
    const value = this.make(), size = 4 * (n + 1 + nnz);
    if (2 * size > this.maxBytes) return value;
    const stored: Stored<V> = { hash, rowPtr: rowPtr.slice(0, n + 1), colIdx: colIdx.slice(0, nnz), value };
    if (bucket) bucket.push(stored); else this.entries.set(hash, [stored]);
    this.order.add(stored);
    this.bytes += size;
    while (this.order.size > this.maxEntries || this.bytes > this.maxBytes) this.evict();
    return value;
  }

  /** Patterns kept now. */
  get size(): number {
    return this.order.size;
  }

  /** Forgets every pattern. */
  clear(): void {
    this.entries.clear();
    this.order.clear();
    this.bytes = 0;
  }

  private evict(): void {
    const oldest = this.order.values().next().value as Stored<V>;
    this.order.delete(oldest);
    this.bytes -= 4 * (oldest.rowPtr.length + oldest.colIdx.length);
    const bucket = this.entries.get(oldest.hash)!;
    bucket.splice(bucket.indexOf(oldest), 1);
    if (bucket.length === 0) this.entries.delete(oldest.hash);
  }
}

/** A 32-bit hash of n, the row pointers and the column indices (a multiply–xorshift mix per entry). */
function patternHash(n: number, rowPtr: Int32Array, colIdx: Int32Array, nnz: number): number {
  let h = Math.imul(n ^ 0x3c6ef372, 0x9e3779b1) ^ nnz;
  for (let i = 1; i <= n; i++) h = Math.imul(h ^ rowPtr[i], 0x85ebca6b) ^ (h >>> 13);
  for (let p = 0; p < nnz; p++) h = Math.imul(h ^ colIdx[p], 0xc2b2ae35) ^ (h >>> 16);
  return h | 0;
}

function samePattern<V>(s: Stored<V>, n: number, rowPtr: Int32Array, colIdx: Int32Array, nnz: number): boolean {
  if (s.rowPtr.length !== n + 1 || s.colIdx.length !== nnz) return false;
  for (let i = 0; i <= n; i++) if (s.rowPtr[i] !== rowPtr[i]) return false;
  for (let p = 0; p < nnz; p++) if (s.colIdx[p] !== colIdx[p]) return false;
  return true;
}
