/**
 * The best linear model in closed form: least squares via the normal
 * equations, solved by Gaussian elimination with partial pivoting; and, for
 * systems with more unknowns than equations (or nearly singular ones), the
 * singular value decomposition, the minimum-norm least-squares solution and
 * ridge regression.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { concatColumns, matmul, transpose } from "./ops.ts";
import { checkFiniteTensor, checkOptions, describe, shapeOf } from "./_validate.ts";

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

/**
 * The thin singular value decomposition A = U·diag(S)·Vᵀ of an m×n tensor,
 * with k = min(m, n): U is m×k and V is n×k, both with orthonormal columns,
 * and S holds the k singular values, largest first. Computed by one-sided
 * Jacobi rotations (accurate even for tiny singular values), after a
 * Householder QR factorisation when A is taller than it is wide.
 *
 * @example Rebuild A from its factors
 * ```ts
 * import { assertAllClose, matmul, mul, svd, Tensor, transpose } from "nn/core";
 *
 * const A = Tensor.from([[3, 0], [4, 5], [0, 1]]);
 * const { U, S, V } = svd(A);
 * assertAllClose(matmul(mul(U, Tensor.row(S)), transpose(V)), A, { atol: 1e-12 });
 * ```
 */
export function svd(A: Tensor): { U: Tensor; S: number[]; V: Tensor } {
  checkFiniteTensor(A, "svd's argument A");
  if (A.rows < A.cols) {
    const { U, S, V } = svd(transpose(A));
    return { U: V, S, V: U };
  }
  const m = A.rows, n = A.cols;
  const columns = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) columns[j][i] = A.data[i * n + j];
  }
  // A = Q·R: Householder reflections Hₖ = I − 2·vₖvₖᵀ turn the columns into R (n×n, upper triangular).
  const reflectors: Float64Array[] = [];
  const reflect = (v: Float64Array, k: number, col: Float64Array) => {
    let dot = 0;
    for (let i = k; i < m; i++) dot += v[i] * col[i];
    for (let i = k; i < m; i++) col[i] -= 2 * dot * v[i];
  };
  for (let k = 0; k < n && m > n; k++) {
    const x = columns[k];
    let norm = 0;
    for (let i = k; i < m; i++) norm += x[i] * x[i];
    norm = Math.sqrt(norm);
    const v = new Float64Array(m);
    const alpha = x[k] > 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = x[i];
    v[k] -= alpha;
    const vNorm = Math.sqrt(norm * norm - x[k] * x[k] + v[k] * v[k]);
    if (vNorm > 0) { for (let i = k; i < m; i++) v[i] /= vNorm; }
    reflectors.push(v);
    for (let j = k; j < n; j++) reflect(v, k, columns[j]);
  }
  const rows = m > n ? n : m;
  const u = columns.map((col) => col.slice(0, rows));
  const { S, order, v } = jacobi(u, rows);
  const U = new Tensor(m, n), V = new Tensor(n, n);
  order.forEach((j, k) => {
    // U's column: R's left singular vector, sent back through the reflections.
    const col = new Float64Array(m);
    for (let i = 0; i < rows; i++) col[i] = S[j] > 0 ? u[j][i] / S[j] : 0;
    for (let r = reflectors.length - 1; r >= 0; r--) reflect(reflectors[r], r, col);
    for (let i = 0; i < m; i++) U.data[i * n + k] = col[i];
    for (let i = 0; i < n; i++) V.data[i * n + k] = v[j][i];
  });
  return { U, S: order.map((j) => S[j]), V };
}

/**
 * One-sided Jacobi: rotates pairs of the columns u (each of `rows` values)
 * until they are orthogonal, applying the same rotations to V = I. Returns
 * the column norms (the singular values), their order largest first, and V.
 */
function jacobi(u: Float64Array[], rows: number) {
  const n = u.length;
  const v = Array.from({ length: n }, (_, j) => {
    const col = new Float64Array(n);
    col[j] = 1;
    return col;
  });
  const rotate = (x: Float64Array, y: Float64Array, c: number, s: number) => {
    for (let i = 0; i < x.length; i++) {
      const a = x[i], b = y[i];
      x[i] = c * a - s * b;
      y[i] = s * a + c * b;
    }
  };
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const up = u[p], uq = u[q];
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < rows; i++) {
          alpha += up[i] * up[i];
          beta += uq[i] * uq[i];
          gamma += up[i] * uq[i];
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotate(up, uq, c, s);
        rotate(v[p], v[q], c, s);
      }
    }
    if (!rotated) break;
  }
  const S = u.map((col) => Math.sqrt(col.reduce((s, x) => s + x * x, 0)));
  const order = S.map((_, j) => j).sort((a, b) => S[b] - S[a]);
  return { S, order, v };
}

/** W = V·diag(f(σ))·Uᵀ·y for a filter f of the singular values. */
function filtered(
  X: Tensor,
  y: Tensor,
  caller: string,
  f: (s: number, largest: number) => number,
): Tensor {
  checkFiniteTensor(X, `${caller}'s X`);
  checkFiniteTensor(y, `${caller}'s y`);
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  const { U, S, V } = svd(X);
  const Uty = matmul(transpose(U), y); // k × outputs
  for (let j = 0; j < S.length; j++) {
    const factor = f(S[j], S[0]);
    for (let c = 0; c < y.cols; c++) Uty.data[j * y.cols + c] *= factor;
  }
  return matmul(V, Uty);
}

/**
 * The W (features × outputs) with the smallest norm ‖W‖ among those that
 * minimise ‖X·W − y‖²: the pseudo-inverse X⁺·y, from the singular value
 * decomposition (singular values below max(rows, cols)·ε·σ₁ count as zero).
 * When X has more columns than rows and full row rank, X·W = y exactly, and
 * of all the exact fits this is the one gradient descent from W = 0 reaches.
 * There is no bias: add a column of ones to X for one.
 *
 * @example More unknowns than equations: the shortest exact fit
 * ```ts
 * import { assertAllClose, minimumNormLeastSquares, Tensor } from "nn/core";
 *
 * // x₁ + x₂ = 2 has many solutions; the shortest is (1, 1).
 * const W = minimumNormLeastSquares(Tensor.from([[1, 1]]), Tensor.from([[2]]));
 * assertAllClose(W, [[1], [1]], { rtol: 1e-12 });
 * ```
 */
export function minimumNormLeastSquares(X: Tensor, y: Tensor): Tensor {
  const tolerance = Math.max(X?.rows ?? 0, X?.cols ?? 0) * Number.EPSILON;
  return filtered(
    X,
    y,
    "minimumNormLeastSquares",
    (s, largest) => s > tolerance * largest ? 1 / s : 0,
  );
}

/**
 * Ridge regression: the W (features × outputs) that minimises
 * ‖X·W − y‖² + λ·‖W‖² (squared errors summed over samples, not averaged),
 * (XᵀX + λI)⁻¹·Xᵀy, computed from the singular value decomposition as
 * V·diag(σ / (σ² + λ))·Uᵀ·y. As λ → 0 it tends to the minimum-norm
 * least-squares solution. There is no bias: add a column of ones to X for
 * one (its weight is then penalised too).
 *
 * @example A little λ shrinks the weights
 * ```ts
 * import { ridge, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.from([[1, 0], [0, 1]]), y = Tensor.column([2, 4]);
 * // Each weight is y / (1 + λ): with λ = 1, half of the exact fit.
 * assert.deepEqual(ridge(X, y, { lambda: 1 }).toArray(), [[1], [2]]);
 * assert.throws(() => ridge(X, y, { lambda: -1 }), /lambda must be a finite number ≥ 0/);
 * ```
 */
export function ridge(X: Tensor, y: Tensor, options: { lambda: number }): Tensor {
  checkOptions(options, ["lambda"], "ridge", "{ lambda: 0.01 }");
  const lambda = options.lambda;
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || lambda < 0) {
    throw new RangeError(`ridge's lambda must be a finite number ≥ 0, got ${describe(lambda)}`);
  }
  if (lambda === 0) return minimumNormLeastSquares(X, y);
  return filtered(X, y, "ridge", (s) => s / (s * s + lambda));
}
