/**
 * The best linear model in closed form: least squares via the normal
 * equations, solved by Gaussian elimination with partial pivoting.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { concatColumns, matmul, transpose } from "./ops.ts";
import { checkFiniteTensor, shapeOf } from "./_validate.ts";

/**
 * The W (features × outputs) and b (1 × outputs) that minimise the mean
 * squared error of X·W + b against y: no linear model does better on this data.
 *
 * @example The best line through XOR predicts 0.5 everywhere
 * ```ts
 * import { add, leastSquares, matmul, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const { W, b } = leastSquares(X, y);
 * const yHat = add(matmul(X, W), b);
 * assert.ok(yHat.data.every((v) => Math.abs(v - 0.5) < 1e-12));
 * ```
 */
export function leastSquares(X: Tensor, y: Tensor): { W: Tensor; b: Tensor } {
  checkFiniteTensor(X, "leastSquares's X");
  checkFiniteTensor(y, "leastSquares's y");
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  const X1 = concatColumns(X, Tensor.ones(X.rows, 1));
  const Xt = transpose(X1);
  const theta = solve(matmul(Xt, X1), matmul(Xt, y));
  const W = new Tensor(X.cols, y.cols, theta.data.slice(0, X.cols * y.cols));
  const b = new Tensor(1, y.cols, theta.data.slice(X.cols * y.cols));
  return { W, b };
}

/**
 * Solves A·x = B for x (A square), by Gaussian elimination with partial
 * pivoting. A singular A is an error.
 *
 * @example
 * ```ts
 * import { solve, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const x = solve(Tensor.from([[2, 0], [0, 4]]), Tensor.column([2, 2]));
 * assert.deepEqual(x.toArray(), [[1], [0.5]]);
 * ```
 */
export function solve(A: Tensor, B: Tensor): Tensor {
  checkFiniteTensor(A, "solve's A");
  checkFiniteTensor(B, "solve's B");
  const n = A.rows;
  if (A.cols !== n || B.rows !== n) {
    throw new RangeError(
      `solve needs a square A and B with as many rows, got A ${shapeOf(A)} and B ${shapeOf(B)}`,
    );
  }
  const a = A.clone().data, b = B.clone().data, m = B.cols;
  const scaleOf = Math.max(...a.map(Math.abs)) || 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    }
    if (Math.abs(a[pivot * n + col]) <= 1e-12 * scaleOf) {
      throw new RangeError(
        "The system is singular: some features are linear combinations of others",
      );
    }
    for (let k = 0; k < n; k++) {
      [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
    }
    for (let k = 0; k < m; k++) {
      [b[col * m + k], b[pivot * m + k]] = [b[pivot * m + k], b[col * m + k]];
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col] / a[col * n + col];
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
      for (let k = 0; k < m; k++) b[r * m + k] -= f * b[col * m + k];
    }
  }
  const x = new Tensor(n, m);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < m; k++) {
      x.data[r * m + k] = b[r * m + k] / a[r * n + r];
    }
  }
  return x;
}
