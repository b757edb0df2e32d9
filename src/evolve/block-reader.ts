/**
 * Reading the evolved block vectors of evolve.ts / propagate.ts (entries ρ_ij at vec index i + n·j of the
 * invariant block) back into lab-frame matrices, traces and expectation values Tr(A·X).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { Operator } from '../model/operator.ts';

/** Σ_k w_k y_k (complex, interleaved): with w = traceWeights(A), Tr(A·X) of the block vector y. */
export function dot(w: Float64Array, y: Float64Array): [number, number] {
  let re = 0, im = 0;
  for (let k = 0; k < w.length; k += 2) {
    re += w[k] * y[k] - w[k + 1] * y[k + 1];
    im += w[k] * y[k + 1] + w[k + 1] * y[k];
  }
  return [re, im];
}

/** Reads block vectors (entries ρ_ij, vec index i + n·j) back into lab-frame matrices and traces. */
export class BlockReader {
  private readonly rows: Int32Array;
  private readonly cols: Int32Array;
  /** Block position of the transposed entry (j, i), or −1. */
  private readonly partner: Int32Array;

  constructor(private readonly n: number, block: Int32Array, private readonly frequencies: Float64Array | null) {
    const m = block.length;
    this.rows = new Int32Array(m);
    this.cols = new Int32Array(m);
    const pos = new Map<number, number>();
    block.forEach((v, k) => { this.rows[k] = v % n; this.cols[k] = Math.floor(v / n); pos.set(v, k); });
    this.partner = Int32Array.from({ length: m }, (_, k) => pos.get(this.cols[k] + n * this.rows[k]) ?? -1);
  }

  /** Rotating → lab frame in place: y_ij ← y_ij·e^{−i(r_i − r_j)t}. */
  toLab(y: Float64Array, t: number): void {
    const r = this.frequencies;
    if (!r) return;
    for (let k = 0; k < this.rows.length; k++) {
      const nu = r[this.rows[k]] - r[this.cols[k]];
      if (nu === 0) continue;
      const c = Math.cos(nu * t), s = -Math.sin(nu * t), a = y[2 * k], b = y[2 * k + 1];
      y[2 * k] = a * c - b * s;
      y[2 * k + 1] = a * s + b * c;
    }
  }

  /** ρ ← (ρ + ρ†)/2 in place (the block is closed under transposition for Hermitian ρ0). */
  symmetrise(y: Float64Array): void {
    for (let k = 0; k < this.rows.length; k++) {
      const p = this.partner[k];
      if (p < k) continue; // handled with its partner (or unpaired: left as is)
      const re = (y[2 * k] + y[2 * p]) / 2, im = (y[2 * k + 1] - y[2 * p + 1]) / 2;
      y[2 * k] = re; y[2 * k + 1] = im;
      y[2 * p] = re; y[2 * p + 1] = -im;
    }
  }

  /** True when the block holds a diagonal entry ρ_ii (else every trace of it is 0 identically). */
  hasDiagonal(): boolean {
    for (let k = 0; k < this.rows.length; k++) if (this.rows[k] === this.cols[k]) return true;
    return false;
  }

  /** Visits (i, Re ρ_ii) for every diagonal entry of the block (the populations it holds). */
  eachPopulation(y: Float64Array, visit: (i: number, population: number) => void): void {
    for (let k = 0; k < this.rows.length; k++) if (this.rows[k] === this.cols[k]) visit(this.rows[k], y[2 * k]);
  }

  trace(y: Float64Array): [number, number] {
    let re = 0, im = 0;
    for (let k = 0; k < this.rows.length; k++) if (this.rows[k] === this.cols[k]) { re += y[2 * k]; im += y[2 * k + 1]; }
    return [re, im];
  }

  /** Weights w with Tr(Aρ) = Σ_ij A_ji ρ_ij = Σ_k w_k y_k. */
  traceWeights(o: Operator): Float64Array {
    const w = new Float64Array(2 * this.rows.length);
    for (let k = 0; k < this.rows.length; k++) {
      const [re, im] = o.matrix.get(this.cols[k], this.rows[k]);
      w[2 * k] = re; w[2 * k + 1] = im;
    }
    return w;
  }

  toMatrix(y: Float64Array): DenseMatrix {
    const rho = new DenseMatrix(this.n, this.n);
    for (let k = 0; k < this.rows.length; k++) rho.set(this.rows[k], this.cols[k], y[2 * k], y[2 * k + 1]);
    return rho;
  }
}

/** Sets an own enumerable property (also for names such as "__proto__", which plain assignment would not store). */
export function own<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { enumerable: true, writable: true, configurable: true, value });
}
