/** Number formatting of the `diamond` and `cavity` reports (text output). */

/** x with 6 decimals, in exponent form below 1e-3, and NaN and ±∞ spelled out. */
export const fmt = (x: number) => (Number.isNaN(x) ? 'undefined (NaN)' : Number.isFinite(x) ? (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(6) : x.toExponential(4)) : x > 0 ? '+∞' : '−∞');
