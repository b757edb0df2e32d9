/**
 * Sub-commands beyond `steady` register here (one import + one entry per command module), so that
 * command modules stay independent of each other.
 */
import type { Command } from 'commander';

export const extraCommands: Array<(program: Command) => void> = [];
