/**
 * Form controls with validation: a text field for a number (the typed text is checked against a
 * FieldRule and a message says what is wrong), and a log-scale slider paired with such a field.
 * Controls report only valid values; an invalid entry leaves the last valid value in force.
 */
import { parseField, type FieldRule } from '../state.ts';
import { fmtInput, superscript as sup } from './format.ts';

/** Creates an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export interface Control {
  readonly element: HTMLElement;
  /** Shows `v` without firing the change callback. */
  set(v: number): void;
  /** Shows (or clears, with null) an error that comes from outside the field, e.g. a cross-field check. */
  setError(message: string | null): void;
}

/** A labelled text field for one number. `onValue` fires on every valid edit (typing or paste). */
export function numberField(rule: FieldRule, value: number, onValue: (v: number) => void, opts: { width?: string; hint?: string } = {}): Control {
  const id = `f-${rule.key}`;
  const input = el('input', { id, type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-msg` });
  input.style.width = opts.width ?? '5.5em';
  input.value = fmtInput(value);
  const msg = el('div', { id: `${id}-msg`, class: 'field-msg', role: 'alert' });
  const label = el('label', { for: id }, rule.label);
  const element = el('div', { class: 'field' }, el('div', { class: 'field-row' }, label, input), msg);
  if (opts.hint) input.title = opts.hint;
  const show = (m: string | null) => {
    msg.textContent = m ?? '';
    input.classList.toggle('invalid', m !== null);
    input.setAttribute('aria-invalid', String(m !== null));
  };
  input.addEventListener('input', () => {
    const r = parseField(rule, input.value);
    show(r.ok ? null : r.message);
    if (r.ok) onValue(r.value);
  });
  return {
    element,
    set(v) { input.value = fmtInput(v); show(null); },
    setError: show,
  };
}

/**
 * A log-scale slider over [10^lo, 10^hi] with a paired number field (which may also take values the
 * slider cannot show, e.g. 0 when the rule allows it). `onValue` fires on every valid change.
 */
export function logSlider(rule: FieldRule, lo: number, hi: number, value: number, onValue: (v: number) => void): Control {
  const range = el('input', { id: `s-${rule.key}`, type: 'range', min: String(lo), max: String(hi), step: '0.01', 'aria-label': `${rule.label} (log scale)` });
  const setRange = (v: number) => { range.value = String(v > 0 ? Math.min(hi, Math.max(lo, Math.log10(v))) : lo); };
  setRange(value);
  const field = numberField(rule, value, (v) => { setRange(v); onValue(v); }, { width: '6.5em' });
  range.addEventListener('input', () => {
    const v = Number((10 ** Number(range.value)).toPrecision(4));
    field.set(v);
    onValue(v);
  });
  const scale = el('div', { class: 'slider-scale' }, el('span', {}, `10${sup(lo)}`), el('span', {}, `10${sup(hi)}`));
  const element = el('div', { class: 'slider' }, field.element, range, scale);
  return {
    element,
    set(v) { field.set(v); setRange(v); },
    setError: field.setError,
  };
}

/** An integer slider with a paired number field. */
export function intSlider(rule: FieldRule, value: number, onValue: (v: number) => void): Control {
  const range = el('input', { id: `s-${rule.key}`, type: 'range', min: String(rule.min), max: String(rule.max), step: '1', 'aria-label': rule.label });
  range.value = String(value);
  const field = numberField(rule, value, (v) => { range.value = String(v); onValue(v); }, { width: '3.5em' });
  range.addEventListener('input', () => {
    const v = Number(range.value);
    field.set(v);
    onValue(v);
  });
  const scale = el('div', { class: 'slider-scale' }, el('span', {}, String(rule.min)), el('span', {}, String(rule.max)));
  return { element: el('div', { class: 'slider' }, field.element, range, scale), set(v) { field.set(v); range.value = String(v); }, setError: field.setError };
}
