/**
 * Counting fields: how much each jump of each channel adds to the counted quantity N_t (PHYSICS.md §9).
 *
 *  - heat with one bath: a jump of channel c of that bath adds its Bohr energy ΔE_c, the number with
 *    [H0, o_c] = ΔE_c·o_c for the bare Hamiltonian H0 (absorption from the bath +ω, emission −ω; model
 *    energy units). A channel whose operator is not an eigenoperator of [H0, ·] moves no definite energy
 *    per jump: it is refused (LindbladError 'unsupported' naming the channel) — split it into
 *    eigenoperator channels to count its heat;
 *  - entropy flow: a jump of a thermal bath's channel adds s_c = −β_i ΔE_c/ω_ref (k_B = 1). A bath at
 *    β = ±∞ whose channel moves energy would add ∓∞ per jump: refused ('unsupported'); so is an
 *    energy-moving channel of a non-thermal bath (β = null);
 *  - user weights: any finite real number per channel (model order).
 * Channels that never fire (rate 0 or zero operator) count 0.
 */
import { LindbladError, check, checkKeys, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { channelEnergyShift, channelEntropyIncrements } from './fluctuation.ts';
import { checkModel } from '../model/check-model.ts';

export type CountingField =
  | { kind: 'heat'; bath: string }
  | { kind: 'entropy' }
  | { kind: 'weights'; weights: ArrayLike<number> };

/** Weight of one jump of each channel (model order) for a counting field; units: see the module comment. */
export function countingWeights(model: LindbladModel, field: CountingField): Float64Array {
  if (typeof field !== 'object' || field === null) throw new LindbladError('invalid-input', `expected { kind: "heat", bath } | { kind: "entropy" } | { kind: "weights", weights }, got ${describe(field)}`, 'field');
  checkModel(model);
  const active = (i: number) => model.channels[i].rate !== 0 && !model.channels[i].operator.isZero();
  switch (field.kind) {
    case 'heat': {
      checkKeys(field, ['kind', 'bath'], 'field');
      check(typeof field.bath === 'string', 'bath', `expected a bath name, got ${describe(field.bath)}`);
      if (!model.baths.has(field.bath)) {
        throw new LindbladError('unknown-name', `no bath named ${JSON.stringify(field.bath)} (the model has ${[...model.baths.keys()].map((b) => JSON.stringify(b)).join(', ') || 'none'})`, 'bath');
      }
      return Float64Array.from(model.channels, (c, i) => {
        if (c.bath !== field.bath || !active(i)) return 0;
        try {
          return channelEnergyShift(model, i);
        } catch (e) {
          if (e instanceof LindbladError && e.code === 'unsupported') {
            throw new LindbladError('unsupported', 'the jump operator does not move the bare energy by a definite amount ([H0, o] ≠ ΔE·o), so a jump carries no definite heat; split it into eigenoperators of [H0, ·] or count it with --weights', `channels[${i}].operator`);
          }
          throw e;
        }
      });
    }
    case 'entropy':
      checkKeys(field, ['kind'], 'field');
      return channelEntropyIncrements(model);
    case 'weights': {
      checkKeys(field, ['kind', 'weights'], 'field');
      const w = field.weights; // undefined or null was a TypeError, a number "got undefined weights"
      check(Array.isArray(w) || (ArrayBuffer.isView(w) && !(w instanceof DataView)), 'weights', `expected an array of one weight per channel, got ${describe(w)}`);
      if (w.length !== model.channels.length) {
        throw new LindbladError('dimension-mismatch', `expected one weight per channel (${model.channels.length}), got ${w.length}`, 'weights');
      }
      return Float64Array.from(model.channels, (_, i) => {
        const v = w[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new LindbladError('invalid-input', `expected a finite number, got ${String(v)}`, `weights[${i}]`);
        return active(i) ? v : 0;
      });
    }
    default:
      throw new LindbladError('invalid-input', `unknown counting field ${JSON.stringify((field as { kind: unknown }).kind)}`, 'field.kind');
  }
}
