/**
 * Small helpers shared by CLI commands: reading model files, printing JSON, parsing numeric options. The
 * last two live in import-light modules (json-out.ts, parse-number.ts) that commands needing no model file
 * (`diamond`) import directly; they are re-exported here.
 */
import { parseModelJson, parseModelText } from '../io/model-file.ts';
import { readInputText } from '../io/input-file.ts';
import { checkSteadyMemory } from '../io/limits.ts';
import type { LindbladModel } from '../model/model.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
export { toJson } from './json-out.ts';
export { parseNumber } from './parse-number.ts';

/**
 * Reads and parses a JSON model file for a steady-state solve: a regular file of at most 64 MiB
 * (io/input-file.ts; a missing, unreadable or non-regular file is a user error naming the path) whose
 * steady state fits the memory budget (at least 64·n² bytes for dimension n, io/limits.ts), unless
 * `checkMemory` is false.
 */
export function readModelFile(path: string, options: { checkMemory?: boolean } = {}): LindbladModel {
  const model = parseModelText(readInputText(path, 'model file'), path);
  if (options.checkMemory ?? true) checkSteadyMemory(model.space.dim, path);
  return model;
}

/** The JSON value of a model file (read as readModelFile does), for commands that also read its initialState. */
export function readModelJson(path: string): unknown {
  return parseModelJson(readInputText(path, 'model file'), path);
}

/** ρ as rows of [re, im] pairs. */
export function matrixRows(m: DenseMatrix): Array<Array<[number, number]>> {
  return m.toRows();
}
