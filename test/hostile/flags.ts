/**
 * Hostile command lines for steady, diamond, cavity, evolve, trajectories and sweep: every option drawn from
 * a pool of good values and bad ones (non-numbers, NaN, ±inf, 1e308, negative, fractional where integers
 * are due, empty strings, ranges where numbers are due), options dropped, repeated or unknown, stray
 * arguments, times up to 1e308. Sizes stay small or far beyond the limits: the pools contain no value that
 * is valid and slow (a cavity cutoff in the hundreds, 10⁶ sweep points). Valid but slow counts — 10⁵ and 10⁶
 * output times, 10⁶ and 10⁸ trajectories (seconds each) — are used only when LINDBLAD_FUZZ_EXTREME=1.
 */
import fc from 'fast-check';

export const EXTREME_MODE = process.env.LINDBLAD_FUZZ_EXTREME === '1';

const BAD_NUMBERS = ['', ' ', 'abc', 'nan', 'NaN', '1e400', '-1e400', '0x10', '1_000', '--', '1:2:3', '[1]', '1,5', '1e308', '-1e308', 'inf', '-inf', 'Infinity', '-1', '-0'];
/** Mostly good values (weight 4), sometimes bad ones (weight 1). */
const pool = (good: fc.Arbitrary<string>, bad: readonly string[]) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const BETA = pool(fc.oneof(fc.constantFrom('1', '0', '-1', '4', '-2', '700', '-700', '709', '710', '40', '-40', '1e16', '1e300', 'inf', '-inf', '5e-324'),
  fc.double({ min: -750, max: 750, noNaN: true }).map(String)), BAD_NUMBERS.filter((x) => !['inf', '-inf', 'Infinity', '-1', '-0', '1e308', '-1e308'].includes(x)));
const RATE = pool(fc.oneof(fc.constantFrom('0', '1e-3', '5e-3', '0.1', '1', '2.33', '10', '1e6', '1e300', '1e-300'), fc.double({ min: 0, max: 100, noNaN: true }).map(String)), BAD_NUMBERS);
const CUTOFF = pool(fc.constantFrom('1', '2', '3', '4'), ['0', '-1', '2.5', '4096', '5000', '1e9', 'abc', '', 'inf']);
const T_MAX = pool(fc.constantFrom('1', '5', '0.5', '20', '1e-300'), ['0', '-1', 'nan', 'inf', 'abc', '', '1e10', '1e20', '1e300', '1e308']);
const STEPS = pool(fc.constantFrom('2', '3', '11', '51'), ['1', '0', '-3', '2.5', 'abc', '1e7', '', ...(EXTREME_MODE ? ['1e5', '1000000'] : [])]);
const COUNT = pool(fc.constantFrom('1', '10', '40'), ['0', '-1', '1.5', 'abc', '1e12', '', ...(EXTREME_MODE ? ['1e6', '1e8'] : [])]);
const SEED_VALUE = pool(fc.constantFrom('1', '0', '42', '4294967295'), ['-1', 'abc', '1e20', '1.5', '']);
const WORKERS = fc.constantFrom('0', '0', '0', '1', '-1', 'abc', '1000', '1e6', '');
const JUNK = fc.constantFrom('--bogus', '--json=1', '-x', 'extra', '--', '--help-me', '--out', '--beta-a', '--kappa');

/** One option with its value: dropped (weight 1), given once (weight 6), or twice. */
function option(flag: string, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  return fc.oneof(
    { arbitrary: fc.constant([] as string[]), weight: 1 },
    { arbitrary: value.map((v) => [flag, v]), weight: 16 },
    { arbitrary: value.map((v) => [`${flag}=${v}`]), weight: 1 },
    { arbitrary: fc.tuple(value, value).map(([a, b]) => [flag, a, flag, b]), weight: 1 },
  );
}
const maybe = (flag: string, p = 0.5): fc.Arbitrary<string[]> => fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (x < p ? [flag] : []));
const junk = fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 12 }, { arbitrary: fc.array(JUNK, { minLength: 1, maxLength: 2 }), weight: 1 });

/** Shuffles option groups (the order of options does not matter to a correct parser). */
function line(head: string[], groups: fc.Arbitrary<string[]>[]): fc.Arbitrary<string[]> {
  return fc.tuple(fc.tuple(...groups), junk).chain(([gs, j]) => fc.shuffledSubarray([...gs, j], { minLength: gs.length + 1, maxLength: gs.length + 1 })
    .map((order) => [...head, ...order.flat()]));
}

export const diamondArgs = line(['diamond'], [option('--beta-a', BETA), option('--beta-s', BETA), maybe('--json', 0.8)]);

export const cavityArgs = line(['cavity'], [
  option('--kappa', RATE), option('--gamma', RATE), option('--pump', RATE), fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 3 }, { arbitrary: option('--g', RATE), weight: 1 }),
  option('--cutoff', CUTOFF), fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 4 }, { arbitrary: option('--frame', fc.constantFrom('rotating', 'lab', 'Lab', '')), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 6 }, { arbitrary: option('--auto-cutoff', fc.constantFrom('0', '-1', 'nan', 'abc', '')), weight: 1 }),
  maybe('--json', 0.8),
]);

/** `steady FILE` options (the file is written by the test). */
export const steadyArgs = (file: string) => line(['steady', file], [
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 2 }, { arbitrary: option('--solver', fc.constantFrom('auto', 'dense', 'sparse', 'gmres', 'bicgstab', 'lu', '')), weight: 1 }),
  maybe('--json', 0.8),
]);

const METHOD = fc.constantFrom('auto', 'dopri5', 'implicit', 'expm', 'rk4', '');
const TOL = fc.constantFrom('1e-6', '1e-9', '0', '-1', 'abc', '1');

/** `evolve TARGET` (diamond, cavity or FILE). */
export const evolveArgs = (file: string) => fc.constantFrom('diamond', 'cavity', file).chain((target) => line(['evolve', target], [
  option('--t-max', T_MAX), fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 1 }, { arbitrary: option('--steps', STEPS), weight: 2 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 2 }, { arbitrary: option('--method', METHOD), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 4 }, { arbitrary: fc.tuple(option('--rtol', TOL), option('--atol', TOL)).map(([a, b]) => [...a, ...b]), weight: 1 }),
  ...(target === 'diamond' ? [option('--beta-a', BETA), option('--beta-s', BETA)] : target === 'cavity'
    ? [option('--kappa', RATE), option('--gamma', RATE), option('--pump', RATE), option('--cutoff', pool(fc.constantFrom('1', '2', '3'), ['0', '2.5', '5000', 'abc']))]
    : [fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 6 }, { arbitrary: option('--beta-a', BETA), weight: 1 })]),
  fc.constantFrom<string[]>([], ['--json'], ['--json'], ['--csv'], ['--json', '--csv']),
]));

/** `trajectories TARGET` (diamond or FILE). */
export const trajectoriesArgs = (file: string) => fc.constantFrom('diamond', file).chain((target) => line(['trajectories', target], [
  option('--t-max', T_MAX), option('--count', COUNT), option('--seed', SEED_VALUE),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 3 }, { arbitrary: option('--workers', WORKERS), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 3 }, { arbitrary: option('--initial', pool(fc.constantFrom('steady', 'G', 'S', 'A', 'E', 'file'), ['X', ''])), weight: 1 }),
  ...(target === 'diamond' ? [option('--beta-a', BETA), option('--beta-s', BETA)] : []),
  maybe('--json', 0.8),
]));

const RANGE = pool(fc.constantFrom('1', '0:1:3', '1:10:4:log', '0.5:2:2', '-2:2:5', '5:1:3', '1e-320', '2.5', '1e308:1e308:2'),
  ['0:1:3:log', '1:2:0', '1:2:1e7', 'a:b:c', '1:2:3:lin', '1:inf:3', '-1e308:1e308:3', '1:2', '1:2:3:log:x', 'inf', '-inf', '']);

/** `sweep MODEL` (diamond, cavity or FILE); `out` is a fresh .csv path in a scratch directory. */
export const sweepArgs = (file: string, out: string) => fc.constantFrom('diamond', 'cavity', file).chain((target) => line(['sweep', target], [
  ...(target === 'diamond' ? [option('--beta-a', RANGE), option('--beta-s', RANGE), fc.constantFrom<string[]>([], [], ['--gamma-plus', '0:1:2'])]
    : target === 'cavity' ? [option('--kappa', RANGE), option('--gamma', RANGE), option('--pump', RANGE), fc.constantFrom<string[]>([], ['--cutoff', '1:3:3'], ['--cutoff', '2.5'], ['--cutoff', '1:5000:2'])]
      : [option('--hamiltonian-scale', RANGE), fc.constantFrom<string[]>([], ['--rate.0', '0.5:1:2'], ['--rate.loss', '1'], ['--rate.__proto__', '1'], ['--rate.constructor', '1:2:2'], ['--rate.99', '1'])]),
  fc.oneof({ arbitrary: fc.constant(['--workers', '0'] as string[]), weight: 8 }, { arbitrary: option('--workers', WORKERS), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 3 }, { arbitrary: option('--out', pool(fc.constant(out), [out.replace(/\.csv$/, '.txt'), '/tmp', '/dev/null', `${out}/x.csv`])), weight: 2 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 4 }, { arbitrary: option('--outputs', pool(fc.constantFrom('residual,unique', 'purity', 'population.0', 'concurrence,relativeResidual'), ['nonsense', 'heat.toString', 'toString', '__proto__', '', 'residual,residual'])), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 4 }, { arbitrary: option('--chunk', pool(fc.constantFrom('1', '7', '1e9'), ['0', '-1', 'abc'])), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant(['--progress', 'none'] as string[]), weight: 6 }, { arbitrary: fc.constantFrom<string[]>(['--progress', 'plain'], ['--progress', 'bogus'], []), weight: 1 }),
  fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 10 }, { arbitrary: fc.constantFrom<string[]>(['--force-workers'], ['--__proto__', '1'], ['--constructor', '2'], ['--toString=3'], ['stray']), weight: 1 }),
]));
