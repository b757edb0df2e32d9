/**
 * Seeded, portable pseudo-random numbers: xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47 (2021)) with its state seeded by SplitMix64 (Steele, Lea & Flood, OOPSLA
 * 2014). Every 64-bit word is held as two unsigned 32-bit halves and updated with 32-bit integer
 * operations only (Math.imul, shifts, xor, and exact products below 2^53), so a seed gives the same
 * numbers in Node and in every browser. No physics lives here.
 *
 * Independent streams: `streamFor(seed, k)` derives the state of stream k by hashing (seed, k) with the
 * SplitMix64 finaliser, so stream k's numbers depend only on (seed, k) — never on how many streams were
 * made before it or on which worker makes it.
 */
import { LindbladError } from '../errors.ts';

const TWO32 = 4294967296;
/** The SplitMix64 increment γ = 0x9e3779b97f4a7c15 (odd; 2^64 / golden ratio). */
const GAMMA_HI = 0x9e3779b9, GAMMA_LO = 0x7f4a7c15;

/** A 64-bit word as unsigned 32-bit halves. */
interface U64 { hi: number; lo: number }

/** (a + b) mod 2^64. */
function add64(a: U64, bHi: number, bLo: number): U64 {
  const lo = a.lo + bLo; // < 2^33, exact
  return { hi: (a.hi + bHi + (lo >= TWO32 ? 1 : 0)) >>> 0, lo: lo >>> 0 };
}

/** (a · b) mod 2^64 for a full 64-bit constant b, from 16-bit partial products (all exact in doubles). */
function mul64(a: U64, bHi: number, bLo: number): U64 {
  const a0 = a.lo & 0xffff, a1 = a.lo >>> 16, b0 = bLo & 0xffff, b1 = bLo >>> 16;
  const mid = a1 * b0 + a0 * b1; // < 2^33
  const low = a0 * b0 + (mid % 65536) * 65536; // < 2^33
  const carry = Math.floor(low / TWO32);
  const hiOfLoLo = (a1 * b1 + Math.floor(mid / 65536) + carry) % TWO32;
  const hi = (hiOfLoLo + (Math.imul(a.lo, bHi) >>> 0) + (Math.imul(a.hi, bLo) >>> 0)) % TWO32;
  return { hi: hi >>> 0, lo: low >>> 0 };
}

/** x ^ (x >>> s) for 0 < s < 32. */
function xorShiftRight(x: U64, s: number): U64 {
  return { hi: (x.hi ^ (x.hi >>> s)) >>> 0, lo: (x.lo ^ ((x.lo >>> s) | (x.hi << (32 - s)))) >>> 0 };
}

/** The SplitMix64 finaliser z ↦ mix(z) (a bijection of 64-bit words). */
function mix64(z: U64): U64 {
  z = mul64(xorShiftRight(z, 30), 0xbf58476d, 0x1ce4e5b9);
  z = mul64(xorShiftRight(z, 27), 0x94d049bb, 0x133111eb);
  return xorShiftRight(z, 31);
}

/** A seed as a 64-bit word; seeds are integers in [0, 2^53). */
function seedWord(seed: number, field: string): U64 {
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new LindbladError('invalid-input', `expected an integer seed in [0, 2^53), got ${seed}`, field);
  }
  return { hi: Math.floor(seed / TWO32) >>> 0, lo: seed >>> 0 };
}

/**
 * SplitMix64 sequence generator: x ← x + γ (mod 2^64), output mix(x). Used to fill xoshiro states.
 * `next()` returns the 64-bit output as [hi, lo] unsigned 32-bit halves.
 */
export class SplitMix64 {
  private x: U64;

  constructor(hi: number, lo: number) {
    this.x = { hi: hi >>> 0, lo: lo >>> 0 };
  }

  next(): [number, number] {
    this.x = add64(this.x, GAMMA_HI, GAMMA_LO);
    const z = mix64(this.x);
    return [z.hi, z.lo];
  }
}

/**
 * xoshiro256** generator (period 2^256 − 1). Output of one step, with 64-bit words s0…s3:
 *   result = rotl(s1·5, 7)·9;  t = s1 << 17;  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).
 * Doubles are the top 53 bits of an output times 2^−53 (uniform on [0, 1) in steps of 2^−53).
 */
export class Xoshiro256 {
  // The eight 32-bit halves as plain int32 fields (fastest in V8); read them as unsigned with >>> 0.
  private s0h: number; private s0l: number; private s1h: number; private s1l: number;
  private s2h: number; private s2l: number; private s3h: number; private s3l: number;
  /** Low half of the last output of nextUint64 (the high half is its return value). */
  lastLo = 0;

  /** State from four 64-bit words given as [hi, lo] pairs; the all-zero state is refused. */
  constructor(words: ReadonlyArray<readonly [number, number]>) {
    if (words.length !== 4) throw new RangeError('xoshiro256** needs four 64-bit state words');
    if (words.every(([h, l]) => (h | l) === 0)) throw new RangeError('xoshiro256** state must not be all zero');
    this.s0h = words[0][0] | 0; this.s0l = words[0][1] | 0;
    this.s1h = words[1][0] | 0; this.s1l = words[1][1] | 0;
    this.s2h = words[2][0] | 0; this.s2l = words[2][1] | 0;
    this.s3h = words[3][0] | 0; this.s3l = words[3][1] | 0;
  }

  /** Next 64-bit output: returns the high 32 bits (unsigned) and leaves the low 32 bits in `lastLo`. */
  nextUint64(): number {
    const s1h = this.s1h, s1l = this.s1l;
    // x = s1·5 and y = rotl(x, 7)·9, with the carries of the low-half products done in exact doubles.
    const p5 = (s1l >>> 0) * 5;
    const xh = (Math.imul(s1h, 5) + Math.floor(p5 / TWO32)) | 0, xl = p5 | 0;
    const rh = (xh << 7) | (xl >>> 25), rl = (xl << 7) | (xh >>> 25);
    const p9 = (rl >>> 0) * 9;
    const outHi = (Math.imul(rh, 9) + Math.floor(p9 / TWO32)) >>> 0;
    this.lastLo = p9 >>> 0;
    const th = (s1h << 17) | (s1l >>> 15), tl = s1l << 17;
    this.s2h ^= this.s0h; this.s2l ^= this.s0l;
    this.s3h ^= s1h; this.s3l ^= s1l;
    this.s1h ^= this.s2h; this.s1l ^= this.s2l;
    this.s0h ^= this.s3h; this.s0l ^= this.s3l;
    this.s2h ^= th; this.s2l ^= tl;
    // rotl(s3, 45) = rotl(swap halves, 13).
    const h = this.s3h, l = this.s3l;
    this.s3h = (l << 13) | (h >>> 19);
    this.s3l = (h << 13) | (l >>> 19);
    return outHi;
  }

  /** Uniform double in [0, 1): (output >>> 11)·2^−53. */
  nextDouble(): number {
    const hi = this.nextUint64();
    return (hi * 2097152 + (this.lastLo >>> 11)) * 1.1102230246251565e-16;
  }

  /** Uniform double in the open interval (0, 1): ((output >>> 11) + ½)·2^−53. */
  nextOpenDouble(): number {
    const hi = this.nextUint64();
    return (hi * 2097152 + (this.lastLo >>> 11) + 0.5) * 1.1102230246251565e-16;
  }
}

/** A generator whose four state words are the first four SplitMix64 outputs from the 64-bit value `x`. */
export function xoshiroFromSplitMix(hi: number, lo: number): Xoshiro256 {
  const sm = new SplitMix64(hi, lo);
  return new Xoshiro256([sm.next(), sm.next(), sm.next(), sm.next()]);
}

/** A generator seeded from one integer seed ∈ [0, 2^53) through SplitMix64. */
export function seeded(seed: number): Xoshiro256 {
  const s = seedWord(seed, 'seed');
  return xoshiroFromSplitMix(s.hi, s.lo);
}

/**
 * The generator of stream (trajectory) k for a seed: its SplitMix64 start value is
 *   x_k = mix(seed) XOR k   (k as a 64-bit word, 0 ≤ k < 2^53),
 * and its state is the next four SplitMix64 outputs from x_k. Distinct k give distinct x_k (mix is a
 * bijection and XOR with k is injective), and the finaliser decorrelates neighbouring k.
 */
export function streamFor(seed: number, k: number): Xoshiro256 {
  const key = mix64(seedWord(seed, 'seed'));
  const idx = seedWord(k, 'trajectoryIndex');
  return xoshiroFromSplitMix((key.hi ^ idx.hi) >>> 0, (key.lo ^ idx.lo) >>> 0);
}
