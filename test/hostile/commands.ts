/**
 * The output check of a successful run, by command (outputs.ts; for steady, the certificate recomputed from
 * the model file by the reference, check.ts), shared by the in-process and the subprocess tests.
 */
import { readFileSync } from 'node:fs';
import { interpret } from './reference.ts';
import { checkSteady, type CliResult } from './check.ts';
import { cavityProblem, diamondProblem, evolveProblem, sweepCsvProblem, trajectoriesProblem } from './outputs.ts';

/** Whether `flag` is in effect: present, before any "--", and not the value of the option before it. */
export function given(args: string[], flag: string): boolean {
  const end = args.indexOf('--');
  return args.some((a, i) => a === flag && (end < 0 || i < end) && !(i > 0 && /^--(?!json$|csv$|force-workers$)[a-z-]+$/.test(args[i - 1])));
}

export function outputProblem(args: string[], r: CliResult, file: string, out: string): string | null {
  const json = given(args, '--json');
  const parse = (): Record<string, unknown> => JSON.parse(r.stdout);
  switch (args[0]) {
    case 'diamond': return json ? diamondProblem(parse()) : null;
    case 'cavity': return json ? cavityProblem(parse()) : null;
    case 'steady': {
      if (!json) return null;
      const v = interpret(readFileSync(file, 'utf8'));
      if (v.kind !== 'valid' || !v.model) return `steady solved a file the reference finds ${v.kind}`;
      const res = checkSteady(parse(), v.model);
      return res.ok ? null : res.reason;
    }
    case 'evolve': return json && !given(args, '--csv') ? evolveProblem(parse(), args[1] === file ? 'file' : args[1]) : null;
    case 'trajectories': return json ? trajectoriesProblem(parse()) : null;
    case 'sweep': return sweepCsvProblem(r.stdout.startsWith('sweep ') ? readFileSync(out, 'utf8') : r.stdout);
  }
  return `unexpected command ${args[0]}`;
}

