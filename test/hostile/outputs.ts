/**
 * What a successful (exit 0) run of each command must satisfy, checked from its printed output alone:
 * certificates that hold (small relative residual and trace error, unique, smallest eigenvalue above the
 * stated tolerance, "unique" only below the ill-conditioning threshold), populations that are probabilities
 * summing to 1, concurrences in [0, 1], the diamond's numeric concurrence equal to its closed form, evolved
 * states that keep trace 1, sweep CSVs whose every row carries such a certificate. Returns null or a reason.
 */
import { ILL_CONDITIONED } from '../../src/steady/certificate.ts'; // the documented threshold, not a computation

type Rec = Record<string, unknown>;
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The certificate contract of a printed steady state. */
export function certificateProblem(c: unknown): string | null {
  if (typeof c !== 'object' || c === null) return 'no certificate';
  const r = c as Rec;
  if (r.unique !== true) return `unique = ${String(r.unique)}`;
  if (!num(r.relativeResidual) || !(r.relativeResidual <= 1e-10)) return `relativeResidual ${String(r.relativeResidual)}`;
  if (!num(r.traceError) || !(r.traceError <= 1e-10)) return `traceError ${String(r.traceError)}`;
  const tol = num(r.positivityTolerance) ? r.positivityTolerance : 1e-12;
  if (!num(r.minEigenvalue) || !(r.minEigenvalue >= -(tol + 1e-12))) return `minEigenvalue ${String(r.minEigenvalue)} below −${tol}`;
  const cond = r.conditioning as Rec | undefined;
  if (r.status === 'unique' && cond && !(Number(cond.errorBound) <= ILL_CONDITIONED)) return `status unique with errorBound ${String(cond.errorBound)}`;
  return null;
}

function probabilities(p: unknown, keys: readonly string[] | null, tol = 1e-9): string | null {
  if (typeof p !== 'object' || p === null) return 'no populations';
  const values = (keys ?? Object.keys(p)).map((k) => (p as Rec)[k]);
  if (!values.every(num)) return `populations not all numbers: ${JSON.stringify(p)}`;
  const xs = values as number[];
  if (xs.some((x) => x < -tol || x > 1 + tol)) return `a population outside [0, 1]: ${JSON.stringify(p)}`;
  const sum = xs.reduce((a, b) => a + b, 0);
  return Math.abs(sum - 1) <= tol * Math.max(1, xs.length) ? null : `populations sum to ${sum}`;
}

const inUnit = (x: unknown) => num(x) && x >= -1e-12 && x <= 1 + 1e-12;
const GSAE = ['G', 'S', 'A', 'E'];

export function diamondProblem(o: Rec): string | null {
  const c = certificateProblem(o.certificate);
  if (c) return `certificate: ${c}`;
  const p = probabilities(o.populations, GSAE);
  if (p) return p;
  if (!inUnit(o.concurrence)) return `concurrence ${String(o.concurrence)}`;
  if (!num(o.concurrenceAnalytic)) return `closed-form concurrence ${String(o.concurrenceAnalytic)}`;
  if (!(Math.abs(o.concurrence as number - o.concurrenceAnalytic) <= 1e-6)) return `concurrence ${String(o.concurrence)} ≠ closed form ${o.concurrenceAnalytic}`;
  return null;
}

export function cavityProblem(o: Rec): string | null {
  const c = certificateProblem(o.certificate);
  if (c) return `certificate: ${c}`;
  const p = probabilities(o.populations, GSAE);
  if (p) return p;
  if (!inUnit(o.concurrence)) return `concurrence ${String(o.concurrence)}`;
  if (!inUnit(o.topFockPopulation)) return `topFockPopulation ${String(o.topFockPopulation)}`;
  if (!num(o.meanPhotons) || !(o.meanPhotons >= -1e-12 && o.meanPhotons <= (o.cutoff as number) + 1e-9)) return `meanPhotons ${String(o.meanPhotons)}`;
  return null;
}

/** evolve --json: every output time a state of trace 1 with populations in [0, 1]. */
export function evolveProblem(o: Rec, target: string): string | null {
  const cols = o.columns as Record<string, unknown[]> | undefined;
  if (!cols || !Array.isArray(cols.t)) return 'no columns';
  const t = cols.t;
  if (!t.every(num) || t[0] !== 0 || !t.every((x, k) => k === 0 || (x as number) > (t[k - 1] as number))) return `times ${JSON.stringify(t.slice(0, 5))}…`;
  const popKeys = target === 'diamond' || target === 'cavity' ? GSAE : Object.keys(cols).filter((k) => k.startsWith('p_'));
  for (let k = 0; k < t.length; k++) {
    const p = probabilities(Object.fromEntries(popKeys.map((c) => [c, cols[c]?.[k]])), popKeys, 1e-6);
    if (p) return `t = ${String(t[k])}: ${p}`;
    if (cols.concurrence && !inUnit(cols.concurrence[k])) return `t = ${String(t[k])}: concurrence ${String(cols.concurrence[k])}`;
    if (cols.purity && !(num(cols.purity[k]) && cols.purity[k] as number <= 1 + 1e-6 && cols.purity[k] as number > 0)) return `t = ${String(t[k])}: purity ${String(cols.purity[k])}`;
  }
  return null;
}

/** trajectories --json: ensemble populations are probabilities summing to 1, error bars ≥ 0. */
export function trajectoriesProblem(o: Rec): string | null {
  const p = probabilities(o.populations, null);
  if (p) return p;
  const e = o.populationErrors as Rec | undefined;
  if (!e || !Object.values(e).every((x) => num(x) && x >= 0)) return `populationErrors ${JSON.stringify(e)}`;
  return null;
}

/** A sweep's CSV: rectangular, and every row's certificate columns and populations as above. */
export function sweepCsvProblem(csv: string): string | null {
  const lines = csv.trim().split('\n');
  if (lines.length < 2) return 'no rows';
  const header = lines[0].split(','), col = (name: string) => header.indexOf(name);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells.length !== header.length) return `a row with ${cells.length} cells, header ${header.length} (quoted commas are not expected here)`;
    const v = (name: string) => Number(cells[col(name)]);
    if (col('unique') >= 0 && v('unique') !== 1) return `unique ${cells[col('unique')]}`;
    if (col('relativeResidual') >= 0 && !(v('relativeResidual') <= 1e-10)) return `relativeResidual ${cells[col('relativeResidual')]}`;
    if (col('traceError') >= 0 && !(v('traceError') <= 1e-10)) return `traceError ${cells[col('traceError')]}`;
    if (col('minEigenvalue') >= 0 && !(v('minEigenvalue') >= -1e-6)) return `minEigenvalue ${cells[col('minEigenvalue')]}`;
    for (const h of header) if (/^(population\.\d+|p[GSAE]|concurrence|purity)$/.test(h) && !(v(h) >= -1e-9 && v(h) <= 1 + 1e-9)) return `${h} = ${cells[col(h)]}`;
    if (['pG', 'pS', 'pA', 'pE'].every((h) => col(h) >= 0)) {
      const s = v('pG') + v('pS') + v('pA') + v('pE');
      if (!(Math.abs(s - 1) <= 1e-9)) return `pG + pS + pA + pE = ${s}`;
    }
  }
  return null;
}
