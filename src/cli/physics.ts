/** `lindblad diamond` and `lindblad cavity` registration: options only; the work is in diamond-run.ts and physics-run.ts, loaded when the command runs. */
import type { Command } from 'commander';

export function registerPhysics(program: Command): void {
  program.command('diamond')
    .description('steady state of the effective diamond model (Eqs. 1–6), units ω0 = Γ⁺ = 1')
    .requiredOption('--beta-a <β>', 'inverse temperature of the antisymmetric bath (number, inf or -inf)')
    .requiredOption('--beta-s <β>', 'inverse temperature of the symmetric bath (number, inf or -inf)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { betaA: string; betaS: string; json?: boolean }) => (await import('./diamond-run.ts')).runDiamond(opts));

  program.command('cavity')
    .description('steady state of the cavity-QED model (Eqs. 7–9) with N emitters (default 2), units g = 1')
    .option('--emitters <N>', 'number of emitters (N ≠ 2, or extra channels: permutation-invariant Dicke blocks)', '2')
    .option('--g <g>', 'emitter–cavity coupling (the unit of rates)', '1')
    .requiredOption('--kappa <κ>', 'cavity loss rate')
    .requiredOption('--gamma <γ>', 'emitter decay rate')
    .requiredOption('--pump <p>', 'incoherent pump rate')
    .option('--cutoff <N>', 'Fock cutoff (photon numbers 0…N)', '4')
    .option('--auto-cutoff <tol>', 'raise the cutoff until the concurrence changes by less than tol')
    .option('--frame <frame>', 'rotating (default) or lab (ω0 = 1000 g)', 'rotating')
    .option('--dephasing <γφ>', 'local dephasing rate of each emitter (channel σ_z)', '0')
    .option('--collective-decay <Γ>', 'collective decay rate (channel J⁻)', '0')
    .option('--collective-pump <Γ>', 'collective pump rate (channel J⁺)', '0')
    .option('--cavity-thermal <n>', 'thermal photon number of the cavity bath', '0')
    .option('--json', 'print one JSON object')
    .action(async (opts: Record<string, string | boolean | undefined>) => (await import('./physics-run.ts')).runCavity(opts));
}
