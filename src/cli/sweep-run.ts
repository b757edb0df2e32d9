/**
 * `lindblad sweep MODEL [--PARAM RANGE]… [--out k.csv] [--workers N]`: steady-state sweeps of the cavity
 * model, the diamond model or a JSON model file over a 1-D, 2-D (or larger) grid, written to CSV and JSONL
 * with resume after interruption (src/sweep/). RANGE is START:STOP:COUNT[:log] or one value.
 */
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { parseNumber } from './io.ts';
import { readInputText } from '../io/input-file.ts';
import { runSweep, defaultWorkers } from '../sweep/run.ts';
import { sweepOutputPaths } from '../sweep/store.ts';
import { paperFamilies, type SweepRequest } from '../paper/families.ts';
import type { ProgressMode } from '../sweep/progress.ts';
import { parseShard } from '../sweep/shard.ts';

export interface SweepCliOptions { out?: string; workers?: string; forceWorkers?: boolean; chunk?: string; outputs?: string; progress: string; queue?: string; shard?: string }

/** The sweep command's options that take no value. */
const FLAGS = ['force-workers'];

/** --name value / --name=value pairs from the arguments commander did not consume (own keys only). */
function parameterArgs(rest: string[]): Record<string, string> {
  const args = new Map<string, string>();
  for (let k = 0; k < rest.length; k++) {
    const tok = rest[k];
    if (!tok.startsWith('--') || tok.length < 3) throw new LindbladError('invalid-input', `unexpected argument ${JSON.stringify(tok)} (parameters are given as --name RANGE)`, 'sweep');
    const eq = tok.indexOf('=');
    const name = eq > 0 ? tok.slice(2, eq) : tok.slice(2);
    // commander leaves `--force-workers=1` here (a flag takes no value); it is not a model parameter
    if (FLAGS.includes(name)) throw new LindbladError('invalid-input', `takes no value (a flag), got ${JSON.stringify(tok)}`, `--${name}`);
    const value = eq > 0 ? tok.slice(eq + 1) : rest[++k];
    // a value is never an option: in `--beta-a --beta-s 1`, --beta-a lacks its value (not "1" stray)
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new LindbladError('invalid-input', 'missing value (START:STOP:COUNT[:log] or a number)', `--${name}`);
    if (args.has(name)) throw new LindbladError('invalid-input', 'given twice', `--${name}`);
    args.set(name, value);
  }
  return Object.fromEntries(args); // own properties: a parameter named "__proto__" stays a (refused) name
}

export async function runSweepCommand(model: string, opts: SweepCliOptions, cmd: Command): Promise<void> {
      const args = parameterArgs(cmd.args.slice(1));
      const modes = ['auto', 'bar', 'plain', 'none'];
      if (!modes.includes(opts.progress)) throw new LindbladError('invalid-input', `expected ${modes.join(', ')}, got ${JSON.stringify(opts.progress)}`, '--progress');
      const paths = opts.out === undefined ? null : sweepOutputPaths(opts.out, '--out');
      const isFile = model !== 'cavity' && model !== 'diamond';
      const auto = opts.workers === undefined || opts.workers === 'auto'; // --workers auto: the default, spelled out
      const request: SweepRequest = isFile
        ? { model: 'file', args, fileText: readInputText(model, 'model file (the model is "cavity", "diamond" or a JSON model file)'), source: model }
        : { model, args };
      if (opts.outputs !== undefined) {
        request.outputs = opts.outputs.split(',').map((s) => s.trim()).filter((s) => s !== '');
        // an empty list (--outputs "$UNSET") would sweep with no output column at all
        if (request.outputs.length === 0) throw new LindbladError('invalid-input', `expected one or more output names separated by commas, got ${JSON.stringify(opts.outputs.slice(0, 40))}`, '--outputs');
      }
      const res = await runSweep(request, {
        families: paperFamilies,
        out: opts.out,
        inputs: isFile ? [model] : [],
        forceWorkers: opts.forceWorkers === true,
        workers: auto ? undefined : parseNumber(opts.workers!, '--workers', { integer: true, min: 0 }),
        chunk: opts.chunk === undefined ? undefined : parseNumber(opts.chunk, '--chunk', { integer: true, min: 1 }),
        progress: opts.progress as ProgressMode,
        queue: opts.queue,
        shard: opts.shard === undefined ? undefined : parseShard(opts.shard, '--shard'),
      });
      if (res.csv !== undefined) { process.stdout.write(res.csv); return; }
      process.stdout.write(`sweep ${model}: ${res.total} points (${res.computed} computed, ${res.resumed} resumed) in ${res.seconds.toFixed(2)} s, ${opts.queue !== undefined ? 'by queue workers' : res.workers === 0 ? 'in this thread' : `${res.workers} worker thread${res.workers === 1 ? '' : 's'}${auto ? ' beside this one' : ''}`} → ${paths!.csv}, ${paths!.jsonl}\n`);
    }
