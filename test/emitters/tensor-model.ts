/**
 * The N-emitter cavity physics written as an ordinary tensor-product model (2^N emitter states ⊗ Fock) with
 * the public model API, as a user would: the independent reference for the Dicke-block route.
 */
import { space, qubit, fock, op, lindbladModel, type LindbladModel, type Operator, type Space } from '../../src/index.ts';
import type { EmittersInCavityParams } from '../../src/model/emitters-cavity.ts';

export interface TensorCavity {
  model: LindbladModel;
  space: Space;
  names: string[];
  jz: Operator;
  jPlus: Operator;
  jMinus: Operator;
  a: Operator;
}

export function tensorCavity(p: EmittersInCavityParams): TensorCavity {
  const N = p.emitters, g = p.g ?? 1, nth = p.cavityThermal ?? 0, w0 = p.omega0 ?? 1000;
  const names = Array.from({ length: N }, (_, i) => `q${i + 1}`);
  const sp = space({ ...Object.fromEntries(names.map((n) => [n, qubit()])), cav: fock(p.cutoff) });
  const a = op(sp, 'cav', 'a');
  const sm = names.map((n) => op(sp, n, 'sigma_minus')), sz = names.map((n) => op(sp, n, 'sigma_z'));
  const sum = (xs: Operator[]) => xs.reduce((s, x) => s.plus(x));
  const jMinus = sum(sm), jPlus = jMinus.dag(), jz = sum(sz).scale(0.5);
  const coupling = jPlus.times(a);
  const h0 = sum(names.map((n) => op(sp, n, 'n'))).plus(op(sp, 'cav', 'n')).scale(w0);
  const channels = [
    ...sm.map((s, i) => ({ operator: s.dag(), rate: p.pump, bath: 'pump', label: `pump ${i}` })),
    ...sm.map((s, i) => ({ operator: s, rate: p.gamma, bath: 'emitters', label: `decay ${i}` })),
    ...sz.map((s, i) => ({ operator: s, rate: p.dephasing ?? 0, bath: 'dephasing', label: `dephasing ${i}` })),
    { operator: jMinus, rate: p.collectiveDecay ?? 0, bath: 'emitters', label: 'collective decay' },
    { operator: jPlus, rate: p.collectivePump ?? 0, bath: 'pump', label: 'collective pump' },
    { operator: a, rate: p.kappa * (nth + 1), bath: 'cavity', label: 'cavity loss' },
    { operator: a.dag(), rate: p.kappa * nth, bath: 'cavity', label: 'cavity gain' },
  ];
  const model = lindbladModel(sp, {
    hamiltonian: coupling.plus(coupling.dag()).scale(g),
    bareHamiltonian: h0,
    referenceEnergy: w0,
    channels,
    baths: { pump: { beta: -Infinity }, emitters: { beta: Infinity }, cavity: { beta: nth > 0 ? Math.log1p(1 / nth) : Infinity }, dephasing: { beta: null } },
  });
  return { model, space: sp, names, jz, jPlus, jMinus, a };
}
