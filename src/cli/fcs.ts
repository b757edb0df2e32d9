/** `lindblad` command registration for fcs-run.ts (options only; the work is loaded when the command runs). */
import type { Command } from 'commander';
import type { FcsOpts } from './fcs-run.ts';
import { cavityFlags, diamondFlags } from './model-flags.ts';

export function registerFcs(program: Command): void {
  diamondFlags(cavityFlags(program.command('fcs')
    .description('counting statistics of a heat or entropy current: cumulants, noise, TUR ratio, SCGF θ(s) and rate function')
    .argument('<target>', 'a JSON model file, "diamond" or "cavity"')
    .option('--bath <name>', 'count the heat exchanged with this bath (each jump: its Bohr energy ±ω)')
    .option('--entropy', 'count the entropy flow (each jump: −β·ΔE/ω_ref)')
    .option('--weights <list>', 'count jumps with these weights, one per channel in model order (comma-separated)')
    .option('--order <N>', 'highest cumulant (default 4, at most 16)')
    .option('--scgf <range>', 'θ(s) at S0:S1:COUNT values of s (at most 10001)')
    .option('--json', 'print one JSON object')))
    .action(async (target: string, opts: FcsOpts) => (await import('./fcs-run.ts')).runFcs(target, opts));
}
