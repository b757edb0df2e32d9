/** Shared test models for correlations and spectra. */
import { space, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';

/** Thermal damped cavity with H = Δ a†a: channels a at κ(n̄+1), a† at κn̄ (cutoff high enough that truncation is ~1e-30). */
export function thermalCavity(delta: number, kappa: number, nbar: number, cutoff = 40) {
  const sp = space({ c: fock(cutoff) });
  return {
    sp,
    model: lindbladModel(sp, {
      hamiltonian: op(sp, 'c', 'n').scale(delta),
      channels: [{ operator: op(sp, 'c', 'a'), rate: kappa * (nbar + 1) }, { operator: op(sp, 'c', 'a_dag'), rate: kappa * nbar }],
    }),
  };
}
