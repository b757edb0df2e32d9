/**
 * The model flags that commands working on `cavity` or `diamond` (or a model file) share: registered once
 * here, parsed by cli/model-target.ts. Options only (no engine code), so `--help` stays light.
 */
import type { Command } from 'commander';

/** --g, --kappa, --gamma, --pump, --cutoff, --frame: the paper's cavity model (rates in units of g). */
export function cavityFlags(cmd: Command): Command {
  return cmd
    .option('--g <g>', 'cavity: emitter–cavity coupling (default 1, the unit of rates)')
    .option('--kappa <κ>', 'cavity: cavity loss rate')
    .option('--gamma <γ>', 'cavity: emitter decay rate')
    .option('--pump <p>', 'cavity: incoherent pump rate')
    .option('--cutoff <N>', 'cavity: Fock cutoff (default 4)')
    .option('--frame <frame>', 'cavity: rotating (default) or lab (ω0 = 1000 g)');
}

/** --beta-a, --beta-s, --gamma-plus: the paper's diamond model (β in units of 1/ω0). */
export function diamondFlags(cmd: Command): Command {
  return cmd
    .option('--beta-a <β>', 'diamond: inverse temperature of the antisymmetric bath')
    .option('--beta-s <β>', 'diamond: inverse temperature of the symmetric bath')
    .option('--gamma-plus <Γ>', 'diamond: pump rate Γ⁺ (default 1)');
}
