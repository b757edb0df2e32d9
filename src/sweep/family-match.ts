/**
 * When a plain model of a library sweep may join a family prepared from another model: the Liouvillian's
 * coefficients alone (FactoredLiouvillian.coefficientsOf) say nothing of the thermodynamic description the
 * family's heat currents are computed from (its template's H0, channel baths, bath names and reference
 * energy): a model with H0 1000× the template's got the template's currents (−0.158 for −157.7), another
 * with its baths swapped got them under the wrong bath.
 */
import type { LindbladModel } from '../model/model.ts';
import { sameMatrix } from '../liouvillian/factored.ts';

/** True when `model` has the template's baths (names, in order), channel baths, reference energy and H0 (or both let H0 follow H). */
export function sameThermodynamics(template: LindbladModel, model: LindbladModel): boolean {
  if (model.referenceEnergy !== template.referenceEnergy) return false;
  const a = [...template.baths.keys()], b = [...model.baths.keys()];
  if (a.length !== b.length || a.some((name, k) => name !== b[k])) return false;
  if (model.channels.length !== template.channels.length) return false;
  for (let k = 0; k < model.channels.length; k++) if (model.channels[k].bath !== template.channels[k].bath) return false;
  if (model.bareFollowsHamiltonian !== template.bareFollowsHamiltonian) return false;
  return model.bareFollowsHamiltonian || sameMatrix(model.bareHamiltonian.matrix, template.bareHamiltonian.matrix);
}
