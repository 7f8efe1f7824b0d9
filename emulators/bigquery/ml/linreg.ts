/**
 * LINEAR_REG by the normal equations, `(XᵀX + λ·I₀) β = Xᵀy`, solved with ml-matrix (λ = l2_reg,
 * the intercept not penalised). Exact least squares, which is what BigQuery's NORMAL_EQUATION
 * strategy computes.
 */
import { Matrix, solve } from 'ml-matrix';

/** A fitted model: intercept first, then one weight per feature column. */
export interface LinearFit {
  readonly intercept: number;
  readonly weights: number[];
}

/** Fits `y ≈ intercept + X·w`; `rows` are feature vectors. */
export function fitLinear(rows: number[][], y: number[], l2 = 0): LinearFit {
  const n = rows.length;
  if (n === 0) throw new Error('LINEAR_REG training query returned no rows');
  const X = new Matrix(rows.map((r) => [1, ...r]));
  const Xt = X.transpose();
  const A = Xt.mmul(X);
  for (let j = 1; j < A.columns; j++) A.set(j, j, A.get(j, j) + l2);
  const b = Xt.mmul(Matrix.columnVector(y));
  const beta = solve(A, b).getColumn(0);
  return { intercept: beta[0], weights: beta.slice(1) };
}
