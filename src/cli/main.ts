/**
 * The `lindblad` command line. Each sub-command lives in its own module and registers itself here.
 * User mistakes (LindbladError, bad options) print one line `lindblad: error: …` and exit with code 2.
 */
import { Command, CommanderError } from 'commander';
import { LindbladError } from '../errors.ts';
import { registerSteady } from './steady.ts';
import { registerPhysics } from './physics.ts';
import { registerPaper } from './paper.ts';
import { extraCommands } from './registry.ts';

export function buildProgram(): Command {
  const program = new Command('lindblad')
    .description('Open-quantum-systems engine: Lindblad models, certified steady states, dynamics and thermodynamics')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  registerSteady(program);
  registerPhysics(program);
  registerPaper(program);
  for (const register of extraCommands) register(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI on an argv array (as process.argv: node, script, args…). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Prints an error without a stack trace when it is the user's, and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version exit with code 0; commander already printed the message for usage errors.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof LindbladError) {
    process.stderr.write(`lindblad: error: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`lindblad: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}
