/**
 * Entry point of the explorer: reads the state from the URL, starts the engine workers, builds the
 * two panels and keeps the URL in step with every parameter (history.replaceState, so a copied
 * address restores the view). Sets `data-ready` on <body> once the first maps, readouts and curve
 * are drawn.
 */
import './style.css';
import { CavityPanel } from './cavity-panel.ts';
import { WorkerPool } from './engine/pool.ts';
import { PlanePanel } from './plane-panel.ts';
import { fromQuery, toQuery, type State } from './state.ts';
import { el } from './ui/controls.ts';
import { ModelPage } from './model-page/model-page.ts';
import { GALLERY } from './model-page/gallery.ts';
import { decodeModelHash } from './model-page/url-codec.ts';

/** The two pages: the paper's models (query parameters) and any model (`#model` / `#model=…`). */
function nav(current: 'paper' | 'model'): HTMLElement {
  const link = (href: string, text: string, page: string) => el('a', { href, ...(page === current ? { 'aria-current': 'page' } : {}) }, text);
  return el('nav', { class: 'pages' }, link(`${location.pathname}${location.search}`, 'Paper models', 'paper'), link('#model', 'Any model', 'model'));
}

/** The model page: the model from the address (or the first gallery entry), solved in its own worker. */
async function modelMain(): Promise<void> {
  let text = GALLERY[0].text, problem: string | null = null;
  try { text = (await decodeModelHash(location.hash)) ?? text; } catch (e) { problem = (e as Error).message; }
  const page = new ModelPage(text, () => new Worker(new URL('./model-page/model-worker.ts', import.meta.url), { type: 'module', name: 'lindblad-model' }),
    new URLSearchParams(location.search).get('warm') !== '0');
  const banner = el('div', { class: 'banner', id: 'url-warnings', role: 'alert' }, problem ?? '');
  banner.hidden = problem === null;
  document.body.append(
    el('header', { class: 'top' }, el('div', {}, el('h1', {}, 'lindblad explorer — any model'),
      el('p', { class: 'sub' }, 'Steady states, heat flows and dynamics of a model file, computed in your browser by the ', el('code', {}, 'lindblad'), ' engine.'))),
    nav('model'), banner, page.element,
    el('footer', {}, 'Units are the model file\'s own (ħ = k_B = 1). Heat currents are positive into the system.'));
  await page.idle();
  document.body.dataset.ready = 'true';
}

/** Worker count: one per core up to 4, overridable with ?workers=N (1…8) for benchmarking. */
function workerCount(search: string): number {
  const asked = Number(new URLSearchParams(search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 8) return asked;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

function main(): void {
  window.addEventListener('hashchange', () => location.reload()); // the two pages are built once each
  if (location.hash.startsWith('#model')) { void modelMain(); return; }
  const { state: initial, warnings } = fromQuery(location.search);
  let state: State = initial;
  const pool = new WorkerPool(() => new Worker(new URL('./engine/worker.ts', import.meta.url), { type: 'module', name: 'lindblad-engine' }), workerCount(location.search));

  let urlTimer = 0;
  const update = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => {
      const extra = new URLSearchParams(location.search).get('workers');
      history.replaceState(null, '', `?${toQuery(state)}${extra ? `&workers=${extra}` : ''}${location.hash}`);
    }, 150);
  };

  const plane = new PlanePanel(pool, state, update);
  const cavity = new CavityPanel(pool, state, update, (p) => plane.setCavityPoint(p));

  const banner = el('div', { class: 'banner', id: 'url-warnings', role: 'alert' });
  banner.hidden = warnings.length === 0;
  banner.append(...warnings.map((w) => el('div', {}, w)));
  const share = el('button', { type: 'button', id: 'copy-link', title: 'The address bar always holds every parameter' }, 'Copy link to this view');
  share.addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).then(() => { share.textContent = 'Link copied'; setTimeout(() => { share.textContent = 'Copy link to this view'; }, 1500); });
  });

  document.body.append(
    el('header', { class: 'top' },
      el('div', {},
        el('h1', {}, 'Entanglement from incoherent baths — interactive explorer'),
        el('p', { class: 'sub' }, 'Steady states of the driven-dissipative diamond model and its cavity-QED realisation (Tacchino et al., PRL 120, 063604, 2018), computed in your browser by the ',
          el('code', {}, 'lindblad'), ` engine (${pool.size} Web Worker${pool.size > 1 ? 's' : ''}).`)),
      share),
    nav('paper'), banner, plane.element, cavity.element,
    el('footer', {}, 'Units: ħ = k_B = 1; β in units of 1/ω₀; diamond rates in units of Γ⁺; cavity rates in units of g. Heat currents are positive into the qubits.'),
  );

  // Ready (for tests and screenshots) once the first maps, readouts and curve are drawn.
  void Promise.all([plane.idle(), cavity.idle()]).then(() => { document.body.dataset.ready = 'true'; });
}

main();
