/**
 * The model editor: a plain <textarea> with a line-number gutter (no editor dependency: JSON model files
 * are short, and a textarea keeps undo, paste, mobile keyboards and accessibility for free). An error is
 * shown at its place: the gutter marks the line and the parser's message floats just below that line;
 * clicking it selects the offending field.
 */
import { el } from '../ui/controls.ts';
import type { TextSpot } from './json-locate.ts';

const LINE_HEIGHT = 18; // px, must match .model-editor textarea line-height in style.css

export class ModelEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly gutter: HTMLElement;
  private readonly message: HTMLElement;
  private spot: TextSpot | null = null;

  constructor(text: string, onEdit: (text: string) => void) {
    this.textarea = el('textarea', { id: 'model-text', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', wrap: 'off', 'aria-label': 'model file (JSON)', 'aria-describedby': 'model-error' });
    this.textarea.value = text;
    this.gutter = el('div', { class: 'gutter', 'aria-hidden': 'true' });
    this.message = el('div', { id: 'model-error', class: 'editor-error', role: 'alert' });
    this.message.hidden = true;
    this.message.addEventListener('click', () => this.selectSpot());
    this.element = el('div', { class: 'model-editor' }, this.gutter, this.textarea, this.message);
    this.textarea.addEventListener('input', () => { this.renumber(); onEdit(this.textarea.value); });
    this.textarea.addEventListener('scroll', () => { this.gutter.scrollTop = this.textarea.scrollTop; this.place(); });
    this.renumber();
  }

  get text(): string { return this.textarea.value; }

  /** Replaces the text (gallery, URL) without firing the edit callback. */
  setText(text: string): void {
    this.textarea.value = text;
    this.renumber();
  }

  /** Shows the parser's message at `spot` (or above the text when the place is unknown); null clears it. */
  showError(message: string | null, spot: TextSpot | null = null): void {
    this.spot = spot;
    this.message.hidden = message === null;
    this.message.textContent = message === null ? '' : spot ? `line ${spot.line}, column ${spot.column} — ${message}` : message;
    if (spot) this.message.dataset.line = String(spot.line); else delete this.message.dataset.line;
    this.textarea.setAttribute('aria-invalid', String(message !== null));
    this.renumber();
    if (spot) { // bring the offending line into view
      const y = (spot.line - 1) * LINE_HEIGHT, h = this.textarea.clientHeight;
      if (y < this.textarea.scrollTop || y > this.textarea.scrollTop + h - 3 * LINE_HEIGHT) this.textarea.scrollTop = Math.max(0, y - h / 3);
    }
    this.place();
  }

  private shown = { lines: -1, bad: -1 as number | undefined };

  /**
   * Line numbers: rebuilt only when the line count or the marked line changes (an edit inside a line
   * costs nothing), and the gutter's scroll is synced in the next frame, so typing forces no layout.
   */
  private renumber(): void {
    const lines = this.textarea.value.split('\n').length;
    const bad = this.spot?.line;
    if (lines === this.shown.lines && bad === this.shown.bad) return;
    this.shown = { lines, bad };
    this.gutter.replaceChildren(...Array.from({ length: lines }, (_, k) => el('div', k + 1 === bad ? { class: 'bad' } : {}, String(k + 1))));
    requestAnimationFrame(() => { this.gutter.scrollTop = this.textarea.scrollTop; });
  }

  /** Puts the message just under the offending line (clamped into the editor). */
  private place(): void {
    if (this.message.hidden) return;
    const top = this.spot ? this.spot.line * LINE_HEIGHT + 6 - this.textarea.scrollTop : 6;
    this.message.style.top = `${Math.max(4, Math.min(this.textarea.clientHeight - 30, top))}px`;
  }

  private selectSpot(): void {
    if (!this.spot) return;
    this.textarea.focus();
    const end = this.textarea.value.slice(this.spot.offset).search(/[,\n}\]]/);
    this.textarea.setSelectionRange(this.spot.offset, this.spot.offset + Math.max(1, end < 0 ? 1 : end));
  }
}
