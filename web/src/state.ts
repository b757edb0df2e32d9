/**
 * The explorer's state (every parameter of both panels), its validation rules, and its encoding in
 * the page URL's query string, so that a view can be shared and restored on load.
 */

export interface State {
  /** Map range of β_A (x axis) and β_S (y axis), in units of 1/ω0, and points per axis. */
  aMin: number; aMax: number; sMin: number; sMax: number; n: number;
  /** The pinned point of the (β_A, β_S) plane. */
  ptA: number; ptS: number;
  /** Cavity QED, rates in units of g: pump p, emitter decay γ, the selected cavity loss κ, Fock cutoff. */
  pump: number; gamma: number; kappa: number; cutoff: number;
  /** Number of emitters N in the cavity (2: the paper's model). */
  emitters: number;
}

export const DEFAULTS: Readonly<State> = {
  aMin: -10, aMax: 10, sMin: -10, sMax: 10, n: 161, ptA: 5, ptS: 0,
  pump: 5e-3, gamma: 1e-3, kappa: 2.3, cutoff: 4, emitters: 2,
};

/**
 * Largest N of the N control: the largest N of the paper's N-emitter figure. At N = 20 and cutoff 4 one steady
 * state takes ~0.2–0.5 s, so the 100-point κ curve takes ~10–25 s on two workers; beyond, a redraw would
 * no longer feel interactive.
 */
export const MAX_EMITTERS = 20;

/** κ/g range of the cavity sweep and its number of (log-spaced) points. */
export const KAPPA_RANGE: readonly [number, number] = [1e-2, 1e3];
export const KAPPA_POINTS = 100;

/** Validation rule of one numeric field. */
export interface FieldRule {
  key: keyof State;
  /** Name shown in messages, e.g. "p/g". */
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  /** For log-scale quantities: the value must be > 0, except exactly 0 when allowZero. */
  positive?: boolean;
  allowZero?: boolean;
}

const beta = (key: keyof State, label: string): FieldRule => ({ key, label, min: -60, max: 60 });
export const RULES: Record<keyof State, FieldRule> = {
  aMin: beta('aMin', 'β_A min'), aMax: beta('aMax', 'β_A max'),
  sMin: beta('sMin', 'β_S min'), sMax: beta('sMax', 'β_S max'),
  n: { key: 'n', label: 'resolution', min: 11, max: 401, integer: true },
  ptA: beta('ptA', 'β_A'), ptS: beta('ptS', 'β_S'),
  pump: { key: 'pump', label: 'p/g', min: 1e-8, max: 10, positive: true },
  gamma: { key: 'gamma', label: 'γ/g', min: 1e-8, max: 10, positive: true, allowZero: true },
  kappa: { key: 'kappa', label: 'κ/g', min: KAPPA_RANGE[0], max: KAPPA_RANGE[1], positive: true },
  cutoff: { key: 'cutoff', label: 'Fock cutoff', min: 1, max: 8, integer: true },
  emitters: { key: 'emitters', label: 'N (emitters)', min: 1, max: MAX_EMITTERS, integer: true },
};

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses and checks the text typed for a field; the message says what is expected. */
export function parseField(rule: FieldRule, text: string): Parsed {
  const t = text.trim().replace(/\u2212/g, '-'); // accept the typographic minus sign
  if (t === '') return { ok: false, message: `${rule.label}: enter a number` };
  if (!NUMBER.test(t)) return { ok: false, message: `${rule.label}: "${text.trim().slice(0, 24)}" is not a number` };
  return checkValue(rule, Number(t));
}

/** Checks a number against a rule. */
export function checkValue(rule: FieldRule, v: number): Parsed {
  const range = `${fmtBound(rule.min)} … ${fmtBound(rule.max)}`;
  if (!Number.isFinite(v)) return { ok: false, message: `${rule.label} must be a finite number` };
  if (rule.integer && !Number.isInteger(v)) return { ok: false, message: `${rule.label} must be a whole number from ${range} (got ${v})` };
  if (rule.positive && v === 0 && rule.allowZero) return { ok: true, value: 0 };
  if (rule.positive && v < 0) return { ok: false, message: `${rule.label} is a rate and cannot be negative (got ${v})` };
  if (rule.positive && v === 0) return { ok: false, message: `${rule.label} must be > 0 (it is on a log scale)` };
  if (v < rule.min || v > rule.max) {
    return { ok: false, message: `${rule.label} must lie in ${rule.allowZero ? `0 or ${range}` : range} (got ${v})` };
  }
  return { ok: true, value: v };
}

function fmtBound(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(v) : v.toExponential().replace('e+', 'e');
}

/** Problems that involve two fields (empty map ranges); [] when the state is consistent. */
export function crossCheck(s: State): Array<{ keys: Array<keyof State>; message: string }> {
  const out: Array<{ keys: Array<keyof State>; message: string }> = [];
  if (!(s.aMin < s.aMax)) out.push({ keys: ['aMin', 'aMax'], message: `β_A range is empty: min (${s.aMin}) must be below max (${s.aMax})` });
  if (!(s.sMin < s.sMax)) out.push({ keys: ['sMin', 'sMax'], message: `β_S range is empty: min (${s.sMin}) must be below max (${s.sMax})` });
  return out;
}

/** Query string of the state (short keys, shortest round-trip numbers). */
export function toQuery(s: State): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(DEFAULTS) as Array<keyof State>) q.set(k, String(s[k]));
  return q.toString();
}

/** State from a query string: missing keys take defaults; invalid ones too, with a warning each. */
export function fromQuery(search: string): { state: State; warnings: string[] } {
  const q = new URLSearchParams(search);
  const state: State = { ...DEFAULTS };
  const warnings: string[] = [];
  for (const k of Object.keys(DEFAULTS) as Array<keyof State>) {
    const text = q.get(k);
    if (text === null) continue;
    const r = parseField(RULES[k], text);
    if (r.ok) state[k] = r.value;
    else warnings.push(`URL parameter ${k} ignored — ${r.message}`);
  }
  for (const c of crossCheck(state)) {
    warnings.push(`URL parameters ignored — ${c.message}`);
    for (const k of c.keys) state[k] = DEFAULTS[k];
  }
  return { state, warnings };
}
