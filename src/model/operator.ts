/**
 * Operators on a composite space: a sparse matrix that knows which space it acts on, so that sums and
 * products of operators from different spaces are caught where the user writes them.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, describe } from '../errors.ts';
import { Space, checkSpace } from './space.ts';
import { localOperator, type LocalArgs } from './local-operators.ts';

export class Operator {
  readonly space: Space;
  readonly matrix: CsrMatrix;

  constructor(space: Space, matrix: CsrMatrix) {
    checkSpace(space);
    if (!(matrix instanceof CsrMatrix)) throw new LindbladError('invalid-input', `expected a CsrMatrix, got ${describe(matrix)}`, 'operator');
    if (matrix.rows !== space.dim || matrix.cols !== space.dim) {
      throw new LindbladError('dimension-mismatch', `a ${matrix.rows}×${matrix.cols} matrix is not an operator on a space of dimension ${space.dim}`, 'operator');
    }
    this.space = space;
    this.matrix = matrix;
  }

  private same(o: Operator, op: string): void {
    if (!this.space.equals(o.space)) {
      throw new LindbladError('dimension-mismatch', `${op} of operators on different spaces ([${this.space.names}] dims [${this.space.dims}] vs [${o.space.names}] dims [${o.space.dims}])`, 'operator');
    }
  }

  /** A + B. */
  plus(o: Operator): Operator {
    this.same(o, 'sum');
    return new Operator(this.space, this.matrix.add(o.matrix));
  }

  /** A − B. */
  minus(o: Operator): Operator {
    this.same(o, 'difference');
    return new Operator(this.space, this.matrix.add(o.matrix, -1));
  }

  /** Operator product A·B. */
  times(o: Operator): Operator {
    this.same(o, 'product');
    return new Operator(this.space, this.matrix.mul(o.matrix));
  }

  /** (re + i·im)·A. */
  scale(re: number, im = 0): Operator {
    return new Operator(this.space, this.matrix.scale(re, im));
  }

  /** Hermitian conjugate A†. */
  dag(): Operator {
    return new Operator(this.space, this.matrix.adjoint());
  }

  toDense(): DenseMatrix {
    return this.matrix.toDense();
  }

  /** max |A − A†| entry-wise. */
  hermiticityError(): number {
    const d = this.matrix.add(this.matrix.adjoint(), -1);
    let e = 0;
    for (let k = 0; k < d.nnz; k++) e = Math.max(e, Math.hypot(d.values[2 * k], d.values[2 * k + 1]));
    return e;
  }

  /** True if the operator has no non-zero entries. */
  isZero(): boolean {
    return this.matrix.nnz === 0;
  }
}

/** The local operator `name` of subsystem `subsystem`, embedded in the full space (I ⊗ … ⊗ o ⊗ … ⊗ I). */
export function op(sp: Space, subsystem: string, name: string, args?: LocalArgs): Operator {
  checkSpace(sp);
  const k = sp.index(subsystem);
  return new Operator(sp, sp.embed(subsystem, localOperator(sp.specs[k], name, args, `operator(${subsystem}.${name})`)));
}

/** The identity on the full space. */
export function identity(sp: Space): Operator {
  checkSpace(sp);
  return new Operator(sp, CsrMatrix.identity(sp.dim));
}

/** The zero operator on the full space. */
export function zero(sp: Space): Operator {
  checkSpace(sp);
  return new Operator(sp, CsrMatrix.zeros(sp.dim));
}

/** Σ_k A_k (the zero operator for an empty list needs the space). */
export function sum(sp: Space, terms: ReadonlyArray<Operator>): Operator {
  check(Array.isArray(terms), 'terms', `expected an array of Operators, got ${describe(terms)}`);
  checkSpace(sp);
  if (terms.length === 0) return zero(sp);
  for (const t of terms) {
    if (!t.space.equals(sp)) throw new LindbladError('dimension-mismatch', 'sum of operators on different spaces', 'operator');
  }
  return new Operator(sp, CsrMatrix.sum(terms.map((t) => t.matrix)));
}

/** An operator from an explicit matrix on the full space. */
export function fromMatrix(sp: Space, m: DenseMatrix | CsrMatrix): Operator {
  checkSpace(sp);
  return new Operator(sp, m instanceof DenseMatrix ? CsrMatrix.fromDense(m) : m);
}
