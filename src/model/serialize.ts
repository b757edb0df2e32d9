/**
 * Models as plain data, for worker threads (structured clone) and caches: every operator becomes its CSR
 * arrays. The format keeps numbers as numbers (±Infinity and rates of Infinity survive structured clone;
 * it is not meant to be JSON — the JSON model-file format is io/model-file.ts).
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError, check, describe } from '../errors.ts';
import { Space, type SubsystemSpec } from './space.ts';
import { Operator } from './operator.ts';
import { LindbladModel, type Bath } from './model.ts';

/** A sparse complex matrix as plain arrays (see CsrMatrix: values interleaved re, im). */
export interface CsrData {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

export interface SerializedChannel {
  operator: CsrData;
  rate: number;
  bath: string;
  label: string;
}

/** Everything a LindbladModel holds, as structured-clone-able data. */
export interface SerializedModel {
  format: 'lindblad-model/1';
  subsystems: Array<[string, SubsystemSpec]>;
  hamiltonian: CsrData;
  /** H0; absent when it is H and follows it (LindbladModel.bareFollowsHamiltonian). */
  bareHamiltonian?: CsrData;
  channels: SerializedChannel[];
  baths: Array<[string, Bath]>;
  referenceEnergy: number;
}

/** CSR arrays of a matrix (copies, so the data owns its buffers and can be transferred). */
export function csrToData(m: CsrMatrix): CsrData {
  const nnz = m.nnz;
  return { rows: m.rows, cols: m.cols, rowPtr: m.rowPtr.slice(), colIdx: m.colIdx.slice(0, nnz), values: m.values.slice(0, 2 * nnz) };
}

/** A CsrMatrix from CSR arrays, with the structural checks a foreign producer could violate. */
export function csrFromData(d: CsrData, field: string): CsrMatrix {
  check(d !== null && typeof d === 'object', field, 'expected CSR data { rows, cols, rowPtr, colIdx, values }');
  check(Number.isInteger(d.rows) && Number.isInteger(d.cols) && d.rows >= 0 && d.cols >= 0, field, 'bad shape');
  check(d.rowPtr instanceof Int32Array && d.colIdx instanceof Int32Array && d.values instanceof Float64Array, field,
    'expected Int32Array rowPtr/colIdx and Float64Array values');
  check(d.rowPtr.length === d.rows + 1 && d.rowPtr[0] === 0, field, 'rowPtr must have rows + 1 entries starting at 0');
  const nnz = d.rowPtr[d.rows];
  check(d.colIdx.length === nnz && d.values.length === 2 * nnz, field, 'colIdx/values lengths do not match rowPtr');
  for (let i = 0; i < d.rows; i++) {
    check(d.rowPtr[i + 1] >= d.rowPtr[i], field, 'rowPtr must be non-decreasing');
    for (let p = d.rowPtr[i]; p < d.rowPtr[i + 1]; p++) {
      check(d.colIdx[p] >= 0 && d.colIdx[p] < d.cols && (p === d.rowPtr[i] || d.colIdx[p] > d.colIdx[p - 1]), field,
        'column indices must be in range and strictly increasing within a row');
    }
  }
  return new CsrMatrix(d.rows, d.cols, d.rowPtr, d.colIdx, d.values);
}

/** The plain-data form of a model: subsystems, H, H0, channels (operator, rate, bath, label), baths, ω_ref. */
export function serializeModel(model: LindbladModel): SerializedModel {
  check(model instanceof LindbladModel, 'model', `expected a LindbladModel, got ${describe(model)}`);
  return {
    format: 'lindblad-model/1',
    subsystems: model.space.names.map((n, k) => [n, { ...model.space.specs[k] }]),
    hamiltonian: csrToData(model.hamiltonian.matrix),
    ...(model.bareFollowsHamiltonian ? {} : { bareHamiltonian: csrToData(model.bareHamiltonian.matrix) }),
    channels: model.channels.map((c) => ({ operator: csrToData(c.operator.matrix), rate: c.rate, bath: c.bath, label: c.label })),
    baths: [...model.baths].map(([name, b]) => [name, { beta: b.beta }]),
    referenceEnergy: model.referenceEnergy,
  };
}

/** Rebuilds (and re-validates) a model from serializeModel's output. */
export function deserializeModel(data: SerializedModel): LindbladModel {
  if (data === null || typeof data !== 'object' || data.format !== 'lindblad-model/1') {
    throw new LindbladError('invalid-input', 'expected serialized model data (format "lindblad-model/1")', 'model');
  }
  const sp = new Space(data.subsystems);
  const op = (d: CsrData, field: string) => new Operator(sp, csrFromData(d, field));
  return new LindbladModel(sp, {
    hamiltonian: op(data.hamiltonian, 'hamiltonian'),
    bareHamiltonian: data.bareHamiltonian === undefined ? undefined : op(data.bareHamiltonian, 'bareHamiltonian'),
    channels: data.channels.map((c, i) => ({ operator: op(c.operator, `channels[${i}].operator`), rate: c.rate, bath: c.bath, label: c.label })),
    baths: Object.fromEntries(data.baths),
    referenceEnergy: data.referenceEnergy,
  });
}
