/**
 * Sub-commands beyond `steady` register here (one import + one entry per command module), so that
 * command modules stay independent of each other.
 */
import type { Command } from 'commander';
import { registerEvolve } from './evolve.ts';
import { registerTrajectories } from './trajectories.ts';
import { registerSweep } from './sweep.ts';
import { registerWorker } from './worker.ts';
import { registerMerge } from './merge.ts';
import { registerFcs } from './fcs.ts';
import { registerCorrelate } from './correlate.ts';
import { registerSpectrum } from './spectrum.ts';
import { registerPeriodic } from './periodic.ts';
import { registerModel } from './model.ts';

export const extraCommands: Array<(program: Command) => void> = [registerEvolve, registerTrajectories, registerSweep, registerWorker, registerMerge, registerFcs, registerCorrelate, registerSpectrum, registerPeriodic, registerModel];
