/** Error raised by the numerical kernels (shape mismatches, singular systems, non-convergence). */
export class LinalgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinalgError';
  }
}
