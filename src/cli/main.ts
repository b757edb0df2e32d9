/**
 * The `lindblad` command line. Each sub-command lives in its own module and registers itself here.
 * Exit codes and stderr:
 *  - 0: done.
 *  - 2: a user mistake — a LindbladError (bad input, an option commander could not parse, a refused output
 *    path, a file-system error such as a missing or read-only directory or a full disk): one line
 *    `lindblad: error: FIELD: what was expected`.
 *  - 1: a defect of the engine — a LindbladError with code 'internal' (e.g. a LinalgError) or any other
 *    exception: one line `lindblad: internal error: …`; the stack only when LINDBLAD_DEBUG=1.
 * `run(argv)` returns the exit code; `runCaptured(args)` also captures stdout and stderr (tests).
 */
import { Command, CommanderError } from 'commander';
import { LindbladError } from '../errors.ts';
import { userFsError } from '../io/fs-errors.ts';
import { LIBRARY_REMEDY } from '../steady/remedy.ts';
import { registerSteady } from './steady.ts';
import { registerPhysics } from './physics.ts';
import { registerPaper } from './paper.ts';
import { extraCommands } from './registry.ts';

export function buildProgram(): Command {
  const program = new Command('lindblad')
    .description('Open-quantum-systems engine: Lindblad models, certified steady states, dynamics and thermodynamics')
    .version('0.1.0')
    .exitOverride()
    // Commander's own messages are replaced by reportError's one line (help and version go to stdout).
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    .showHelpAfterError(false);
  registerSteady(program);
  registerPhysics(program);
  registerPaper(program);
  for (const register of extraCommands) register(program);
  for (const c of program.commands) {
    c.exitOverride().configureOutput({ writeErr: () => {}, outputError: () => {} });
    refuseRepeats(c);
  }
  return program;
}

/**
 * An option given twice is an error (commander would keep the last value silently: in
 * `--beta-a --json --beta-a 4`, the first --beta-a took "--json" as its value).
 */
function refuseRepeats(cmd: Command): void {
  const seen = new Set<string>();
  for (const o of cmd.options) {
    const name = o.name();
    if ((o as { repeatable?: boolean }).repeatable) continue; // options that collect a list (e.g. --observe)
    cmd.on(`option:${name}`, () => {
      if (seen.has(name)) throw new LindbladError('invalid-input', 'given twice', o.long ?? name);
      seen.add(name);
    });
  }
}

/** Runs the CLI on an argv array (as process.argv: node, script, args…) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err, program);
  }
}

/** Runs the CLI and sets process.exitCode (the entry point of bin/lindblad.mjs). */
export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  process.exitCode = await run(argv);
}

let pipeGuarded = false;
/**
 * A reader that stops early (`lindblad … --help | head`) closes the pipe: stop quietly, as Unix tools do,
 * instead of an unhandled EPIPE stack trace. Any other failure to write the output (a full disk: `> /dev/full`,
 * an I/O error) is the one-line error of a user's file-system failure on stderr, exit code 2. Installed once
 * per process (main may run many times in tests).
 */
function quietOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      if (stream === process.stdout) {
        const why = String(e.message ?? e).split(',')[0].replace(/\s+/g, ' ');
        try { process.stderr.write(`lindblad: error: stdout: cannot write the output (${why})\n`); } catch { /* stderr unusable too */ }
      }
      process.exit(2);
    });
  }
}

/**
 * Runs the CLI in this thread on `args` (without node and script) with process.stdout and process.stderr
 * captured, and returns the exit code and the captured text. For tests: one at a time (the streams are
 * thread-wide), and nothing else may write meanwhile — under node's test runner, whose reporting goes
 * through the main thread's stdout, call it from a worker thread (test/hostile/cli-thread.ts).
 */
export async function runCaptured(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write };
  const capture = (sink: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (cb) queueMicrotask(cb);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await run(['node', 'lindblad', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

/** A message on one line (control characters escaped) of bounded length. */
export function oneLine(s: string, max = 2000): string {
  const flat = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The long flag of commander's "'-o, --out <file>'" or "'--foo'" quotes in a message. */
function quotedFlag(message: string): string | undefined {
  const q = /'([^']+)'/.exec(message)?.[1];
  if (q === undefined) return undefined;
  const tokens = q.split(/[ ,|]+/).filter((t) => t.startsWith('-'));
  return tokens.find((t) => t.startsWith('--')) ?? tokens[0] ?? q;
}

/** Commander's parse errors as FIELD: message (without its "error: " prefix and help suggestions). */
function commanderMessage(err: CommanderError, program?: Command): string {
  const text = err.message.replace(/^error:\s*/, '');
  const suggestion = /\(Did you mean ([^)]+)\?\)/.exec(text)?.[1];
  const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
  const names = program ? program.commands.map((c) => c.name()).filter((n) => n !== 'help').join(', ') : '';
  switch (err.code) {
    case 'commander.unknownOption': return `${quotedFlag(text)}: unknown option${hint}`;
    case 'commander.optionMissingArgument': return `${quotedFlag(text)}: missing its value`;
    case 'commander.missingMandatoryOptionValue': return `${quotedFlag(text)}: required`;
    case 'commander.missingArgument': return `${quotedFlag(text)}: missing (a required argument)`;
    case 'commander.unknownCommand': return `${quotedFlag(text)}: unknown command${hint}${names ? ` (expected one of ${names})` : ''}`;
    case 'commander.excessArguments': {
      const m = /for '([^']+)'\. Expected (\d+) arguments? but got (\d+)/.exec(text);
      return m ? `${m[1]}: too many arguments (expected ${m[2]}, got ${m[3]})` : `arguments: ${text}`;
    }
    case 'commander.help': {
      const asked = program?.args[0] === 'help' ? program.args[1] : undefined; // `lindblad help NAME` of an unknown NAME
      return `${asked ?? 'command'}: ${asked ? 'unknown command' : 'missing'}${names ? ` (expected one of ${names}; see lindblad --help)` : ''}`;
    }
    default: return `${quotedFlag(text) ?? 'arguments'}: ${text.split('\n')[0]}`;
  }
}

/** Prints one line for an error and returns the exit code (see the module comment). */
export function reportError(err: unknown, program?: Command): number {
  const write = (s: string) => process.stderr.write(s);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    write(`lindblad: error: ${oneLine(commanderMessage(err, program))}\n`);
    return 2;
  }
  const fs = err instanceof LindbladError ? err : userFsError(err, String((err as NodeJS.ErrnoException | null)?.path ?? 'file'), 'cannot use');
  if (fs instanceof LindbladError && fs.code !== 'internal') {
    // the library's advice names an API option; on the command line the flag of `lindblad steady` does it
    const message = fs.message.replace(LIBRARY_REMEDY, 'run `lindblad steady MODEL.json --on-degenerate basis` to see the stationary states');
    write(`lindblad: error: ${oneLine(message)}\n`);
    return 2;
  }
  const e = err as Error | null;
  const what = err instanceof LindbladError ? err.message : e instanceof Error ? `${e.name}: ${e.message}` : String(err);
  const debug = process.env.LINDBLAD_DEBUG === '1';
  write(`lindblad: internal error: ${oneLine(what)}${debug ? '' : ' (a defect of lindblad; LINDBLAD_DEBUG=1 shows where)'}\n`);
  if (debug && e instanceof Error && e.stack) write(`${e.stack}\n`);
  return 1;
}
