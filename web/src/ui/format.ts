/** Number formatting for the readouts. */

/** A number with `digits` significant digits; exponent form for very small or large magnitudes; ±∞ as symbols. */
export function fmt(v: number, digits = 6): string {
  if (Number.isNaN(v)) return '—';
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e6 ? trimZeros(v.toPrecision(digits)) : expo(v, digits);
  return s.replace(/^-/, '−');
}

function trimZeros(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function expo(v: number, digits: number): string {
  const [m, e] = v.toExponential(digits - 1).split('e');
  return `${trimZeros(m)}×10${superscript(Number(e))}`;
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10ⁿ-style superscript digits. */
export function superscript(n: number): string {
  return String(n).split('').map((c) => SUP[c] ?? c).join('');
}

/** Compact value for an input field (round-trips through parseFloat within 4 significant digits). */
export function fmtInput(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/** Milliseconds, e.g. "312 ms" or "2.4 s". */
export function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
