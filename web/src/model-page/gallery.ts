/**
 * The model page's gallery: the repository's example model files (examples/, imported as text so the
 * page shows exactly what the CLI reads) and a three-level maser written here.
 * - N emitters: the library's emittersInCavity works in the permutation-invariant Dicke basis (any N),
 *   which has no model-file form; the gallery has N = 3 written in the tensor-product basis
 *   (examples/three-emitters-cavity.json, dimension 40; the paper tab's N control goes to N = 20).
 * - Time-dependent files (drives, rate tables): no steady state (the page says so); the time-evolution
 *   view evolves them and the periodic card solves their periodic steady state (Otto engine: period 22
 *   declared by its tables; Rabi qubit: enter T = 2π/ω ≈ 0.6283).
 */
import thermalQubit from '../../../examples/thermal-qubit.json?raw';
import drivenQubit from '../../../examples/driven-qubit-matrix.json?raw';
import diamond from '../../../examples/diamond.json?raw';
import cavity from '../../../examples/cavity.json?raw';
import rabi from '../../../examples/rabi-qubit.json?raw';
import otto from '../../../examples/otto-qubit.json?raw';
import threeEmitters from '../../../examples/three-emitters-cavity.json?raw';

/** Scovil–Schulz-DuBois three-level maser: detailed-balance rates γ(1 + n̄) down, γ n̄ up, n̄ = 1/(e^{βω} − 1). */
function maser(): string {
  const wh = 3, wc = 1, bh = 0.2, bc = 2, gh = 0.1, gc = 1, gs = 0.05;
  const nh = 1 / Math.expm1(bh * wh), nc = 1 / Math.expm1(bc * wc);
  const t = (from: number, to: number) => ({ op: 'transition', on: 'm', from, to });
  return JSON.stringify({
    description: `Three-level maser (Scovil & Schulz-DuBois 1959): levels 0, 1, 2 at energies 0, ${wc}, ${wh}. A hot bath (β = ${bh}) pumps 0 ↔ 2, a cold bath (β = ${bc}) empties 1 → 0, and the maser transition 2 → 1 emits into a zero-temperature output bath; population inversion p₂ > p₁ when β_c ω_c > β_h ω_h.`,
    subsystems: { m: { kind: 'levels', n: 3 } },
    hamiltonian: { sum: [{ scale: wc, of: { op: 'projector', on: 'm', level: 1 } }, { scale: wh, of: { op: 'projector', on: 'm', level: 2 } }] },
    channels: [
      { label: 'hot emission', bath: 'hot', rate: gh * (1 + nh), operator: t(2, 0) },
      { label: 'hot absorption', bath: 'hot', rate: gh * nh, operator: t(0, 2) },
      { label: 'cold emission', bath: 'cold', rate: gc * (1 + nc), operator: t(1, 0) },
      { label: 'cold absorption', bath: 'cold', rate: gc * nc, operator: t(0, 1) },
      { label: 'maser emission', bath: 'out', rate: gs, operator: t(2, 1) },
    ],
    baths: { hot: { beta: bh }, cold: { beta: bc }, out: { beta: 'inf' } },
    initialState: { levels: { m: 0 } },
  }, null, 2);
}

export interface GalleryEntry { key: string; title: string; text: string }

export const GALLERY: readonly GalleryEntry[] = [
  { key: 'thermal-qubit', title: 'Thermal qubit', text: thermalQubit },
  { key: 'driven-qubit', title: 'Driven qubit (explicit matrices)', text: drivenQubit },
  { key: 'maser', title: 'Three-level maser', text: maser() },
  { key: 'diamond', title: 'Diamond model (paper, Eqs. 1–3)', text: diamond },
  { key: 'cavity', title: 'Two emitters in a cavity (paper)', text: cavity },
  { key: 'three-emitters', title: 'Three emitters in a cavity (tensor-product form)', text: threeEmitters },
  { key: 'rabi', title: 'Rabi-driven qubit (time-dependent)', text: rabi },
  { key: 'otto', title: 'Quantum Otto engine on a qubit (periodic)', text: otto },
];
