/**
 * Time-dependent evolution against QuTiP 4.7 mesolve with time-dependent lists (reference numbers in
 * test/evolve/data/driven-qutip.json, written by bench/qutip/driven.py with atol 1e-13, rtol 1e-11):
 * the same models written as lindblad model files (expressions in t), ρ(t) entry-wise to 1e-7 with both
 * integrators.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAnyModel } from '../../src/io/model-file.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { DrivenModel } from '../../src/model/driven.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';

const ref = JSON.parse(readFileSync(new URL('./data/driven-qutip.json', import.meta.url), 'utf8'));

const files: Record<string, unknown> = {
  rabi: {
    subsystems: { q: 'qubit' }, parameters: { w: ref.rabi.params.w, g0: ref.rabi.params.g0, Omega: ref.rabi.params.Omega },
    hamiltonian: { scale: ref.rabi.params.w0 / 2, of: 'q.sigma_z' },
    drives: [{ coefficient: 'Omega*cos(w*t)', operator: 'q.sigma_x' }],
    channels: [{ operator: 'q.sigma_minus', rate: 'g0*(1 + 0.5*sin(0.7*t))' }],
  },
  cavity: {
    subsystems: { c: { kind: 'fock', cutoff: ref.cavity.params.cutoff } }, parameters: { w: ref.cavity.params.w, eps: ref.cavity.params.eps },
    hamiltonian: { scale: ref.cavity.params.delta, of: 'c.n' },
    drives: [{ coefficient: 'eps*sin(w*t)', operator: { sum: ['c.a', 'c.a_dag'] } }, { coefficient: '0.3*exp(-(t-3)^2)', operator: 'c.n' }],
    channels: [{ operator: 'c.a', rate: ref.cavity.params.kappa }],
    initialState: { levels: { c: 1 } },
  },
};

for (const name of ['rabi', 'cavity'] as const) {
  for (const kind of ['dopri5', 'implicit'] as const) {
    test(`QuTiP mesolve with time-dependent lists, ${name}, ${kind}: ρ(t) to 1e-7`, () => {
      const model = parseAnyModel(files[name]);
      assert.ok(model instanceof DrivenModel);
      const sp = model.space;
      const rho0 = ketToDensity(basisKet(sp, name === 'cavity' ? { c: 1 } : {}));
      const r = evolve(model, rho0, ref[name].times, { method: { kind } });
      const n = sp.dim;
      let worst = 0;
      r.states!.forEach((rho, k) => {
        const q = ref[name].states[k];
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          worst = Math.max(worst, Math.abs(rho.re(i, j) - q.re[i * n + j]), Math.abs(rho.im(i, j) - q.im[i * n + j]));
        }
      });
      assert.ok(worst <= 1e-7, `max |Δρ_ij| = ${worst}`);
      console.log(`# ${name} ${kind}: max |Δρ_ij| vs QuTiP = ${worst.toExponential(2)}`);
    });
  }
}
