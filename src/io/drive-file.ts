/**
 * Time-dependent parts of a model file (README "Time-dependent models"):
 *   "parameters": {"name": number, …}        named constants for expressions,
 *   "drives": [{"coefficient": C, "operator": OP}, …]   terms c(t)·OP added to the Hamiltonian,
 *   a channel "rate" may be C as well (a rate that must stay ≥ 0),
 * with C one of: a number; an expression string in t and the parameters (model/expression.ts); or
 * {"table": {"t": [...], "values": [...], "interpolation"?: "constant" | "linear", "period"?: T}}.
 * Errors name the field (and, for expressions, the character position).
 */
import { check, checkKeys, describe, isPlainObject } from '../errors.ts';
import { checkParameters } from '../model/expression.ts';
import { fromExpression, fromTable, toTimeFunction, type TimeFunction } from '../model/coefficient.ts';

/** The "parameters" object (or {} when absent). */
export function parseParameters(data: Record<string, unknown>): Record<string, number> {
  return Object.hasOwn(data, 'parameters') ? checkParameters(data.parameters, 'parameters') : {};
}

/** True when a channel's "rate" value is a time-dependent coefficient (an expression or a table), not a number or "inf". */
export function isCoefficientRate(x: unknown): boolean {
  return (typeof x === 'string' && !['inf', '+inf', 'infinity', '+infinity'].includes(x.trim().toLowerCase())) || isPlainObject(x);
}

/** A coefficient C (see module comment). */
export function parseCoefficient(x: unknown, field: string, parameters: Readonly<Record<string, number>>): TimeFunction {
  if (typeof x === 'number') return toTimeFunction(x, field);
  if (typeof x === 'string') return fromExpression(x, parameters, field);
  check(isPlainObject(x), field, `expected a number, an expression string or {"table": {...}}, got ${describe(x)}`);
  checkKeys(x, ['table'], field);
  const tf = `${field}.table`, tab = x.table;
  check(isPlainObject(tab), tf, `expected {"t": [...], "values": [...], "interpolation"?, "period"?}, got ${describe(tab)}`);
  checkKeys(tab, ['t', 'values', 'interpolation', 'period'], tf);
  check(Array.isArray(tab.t), `${tf}.t`, `expected an array of times, got ${describe(tab.t)}`);
  check(Array.isArray(tab.values), `${tf}.values`, `expected an array of numbers, got ${describe(tab.values)}`);
  return fromTable({ t: tab.t as number[], values: tab.values as number[], interpolation: tab.interpolation as 'linear' | undefined, period: tab.period as number | undefined }, tf);
}
