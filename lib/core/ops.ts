/**
 * Matrix operations: the readable reference implementations. Each returns a
 * new tensor and checks its arguments, naming both shapes when they do not
 * fit. The primitives with a gradient have their backward pass right below
 * the forward: given G = ∂L/∂out, it returns the gradients with respect to
 * the inputs. The layers are built from these backward functions.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { checkFinite, checkFiniteTensor, checkTensor, describe, shapeOf } from "./_validate.ts";

/**
 * The matrix product A·B of an m×k and a k×n tensor (an m×n tensor).
 *
 * @example A 2×2 product, and a mismatch named by both shapes
 * ```ts
 * import { matmul, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const A = Tensor.from([[1, 2], [3, 4]]);
 * const B = Tensor.from([[5], [6]]);
 * assert.deepEqual(matmul(A, B).toArray(), [[17], [39]]);
 * assert.throws(() => matmul(B, A), /Cannot multiply 2×1 by 2×2/);
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "matmul's first argument");
  checkTensor(b, "matmul's second argument");
  if (a.cols !== b.rows) {
    throw new RangeError(
      `Cannot multiply ${shapeOf(a)} by ${shapeOf(b)}: inner sizes ${a.cols} and ${b.rows} differ`,
    );
  }
  const m = a.rows, k = a.cols, n = b.cols;
  const out = new Tensor(m, n);
  const A = a.data, B = b.data, C = out.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
      C[i * n + j] = s;
    }
  }
  return out;
}

/**
 * Backward of C = A·B: dA = G·Bᵀ and dB = Aᵀ·G.
 *
 * @example
 * ```ts
 * import { matmulBackward, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const A = Tensor.from([[1, 2]]), B = Tensor.from([[3], [4]]);
 * const { dA, dB } = matmulBackward(A, B, Tensor.from([[1]]));
 * assert.deepEqual(dA.toArray(), [[3, 4]]);
 * assert.deepEqual(dB.toArray(), [[1], [2]]);
 * ```
 */
export function matmulBackward(a: Tensor, b: Tensor, G: Tensor): { dA: Tensor; dB: Tensor } {
  checkTensor(a, "matmulBackward's first argument");
  checkTensor(b, "matmulBackward's second argument");
  if (a.cols !== b.rows) {
    throw new RangeError(
      `Cannot multiply ${shapeOf(a)} by ${shapeOf(b)}: inner sizes ${a.cols} and ${b.rows} differ`,
    );
  }
  checkGradientShape(G, a.rows, b.cols, "matmulBackward");
  return { dA: matmul(G, transpose(b)), dB: matmul(transpose(a), G) };
}

/**
 * The transpose Aᵀ: rows become columns.
 *
 * @example
 * ```ts
 * import { Tensor, transpose } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(transpose(Tensor.from([[1, 2, 3]])).toArray(), [[1], [2], [3]]);
 * ```
 */
export function transpose(a: Tensor): Tensor {
  checkTensor(a, "transpose's argument");
  const out = new Tensor(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out.data[j * a.rows + i] = a.data[i * a.cols + j];
    }
  }
  return out;
}

type Broadcast = "same" | "row" | "scalar";

/** How B broadcasts over A in an element-wise op, or an error naming both shapes. */
function broadcastOf(a: Tensor, b: Tensor, op: string): Broadcast {
  checkTensor(a, `${op}'s first argument`);
  checkTensor(b, `${op}'s second argument`);
  if (a.rows === b.rows && a.cols === b.cols) return "same";
  if (b.rows === 1 && b.cols === a.cols) return "row";
  if (b.rows === 1 && b.cols === 1) return "scalar";
  throw new RangeError(
    `Cannot ${op} ${shapeOf(a)} and ${shapeOf(b)}: the second must be ${shapeOf(a)}, ` +
      `a 1×${a.cols} row (broadcast over rows) or 1×1`,
  );
}

function elementwise(
  a: Tensor,
  b: Tensor,
  op: string,
  f: (x: number, y: number) => number,
): Tensor {
  const how = broadcastOf(a, b, op);
  const out = new Tensor(a.rows, a.cols);
  const A = a.data, B = b.data, C = out.data, cols = a.cols;
  for (let i = 0; i < A.length; i++) {
    C[i] = f(A[i], how === "same" ? B[i] : how === "scalar" ? B[0] : B[i % cols]);
  }
  return out;
}

/** The gradient arriving at a backward pass must have the forward output's shape. */
function checkGradientShape(G: Tensor, rows: number, cols: number, op: string): void {
  checkTensor(G, `${op}'s gradient G`);
  if (G.rows !== rows || G.cols !== cols) {
    throw new RangeError(
      `${op} expected a ${rows}×${cols} gradient (the forward output's shape), got ${shapeOf(G)}`,
    );
  }
}

/** Sums G (shaped like A) down to B's shape: the backward of broadcasting B over A. */
function reduceTo(G: Tensor, how: Broadcast): Tensor {
  if (how === "same") return G.clone();
  if (how === "row") return sum(G, 0);
  return Tensor.fill(1, 1, sum(G));
}

/**
 * A + B, element by element. B may also be a 1×cols row, added to every row
 * of A (this is how a bias is added), or a 1×1 tensor.
 *
 * @example Adding a bias row to every sample
 * ```ts
 * import { add, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const Z = add(Tensor.from([[1, 2], [3, 4]]), Tensor.row([10, 20]));
 * assert.deepEqual(Z.toArray(), [[11, 22], [13, 24]]);
 * ```
 */
export function add(a: Tensor, b: Tensor): Tensor {
  return elementwise(a, b, "add", (x, y) => x + y);
}

/**
 * Backward of C = A + B (B possibly broadcast): dA = G, and dB = G summed over
 * the rows it was broadcast to (for a bias row: the column sums of G).
 *
 * @example The bias gradient is the column sum
 * ```ts
 * import { addBackward, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const G = Tensor.from([[1, 2], [3, 4]]);
 * const { dB } = addBackward(Tensor.zeros(2, 2), Tensor.zeros(1, 2), G);
 * assert.deepEqual(dB.toArray(), [[4, 6]]);
 * ```
 */
export function addBackward(a: Tensor, b: Tensor, G: Tensor): { dA: Tensor; dB: Tensor } {
  const how = broadcastOf(a, b, "add");
  checkGradientShape(G, a.rows, a.cols, "addBackward");
  return { dA: G.clone(), dB: reduceTo(G, how) };
}

/**
 * A − B, element by element, broadcasting B like {@link add}.
 *
 * @example
 * ```ts
 * import { sub, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sub(Tensor.from([[3, 4]]), Tensor.from([[1, 1]])).toArray(), [[2, 3]]);
 * ```
 */
export function sub(a: Tensor, b: Tensor): Tensor {
  return elementwise(a, b, "subtract", (x, y) => x - y);
}

/**
 * A ⊙ B, the element-by-element (Hadamard) product, broadcasting B like
 * {@link add}.
 *
 * @example A ReLU mask applied to a gradient
 * ```ts
 * import { mul, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mul(Tensor.from([[5, 6]]), Tensor.from([[1, 0]])).toArray(), [[5, 0]]);
 * ```
 */
export function mul(a: Tensor, b: Tensor): Tensor {
  return elementwise(a, b, "multiply element-wise", (x, y) => x * y);
}

/**
 * Backward of C = A ⊙ B (B possibly broadcast): dA = G ⊙ B, dB = G ⊙ A reduced
 * to B's shape.
 *
 * @example
 * ```ts
 * import { mulBackward, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { dA, dB } = mulBackward(Tensor.from([[2]]), Tensor.from([[5]]), Tensor.from([[1]]));
 * assert.equal(dA.get(0, 0), 5);
 * assert.equal(dB.get(0, 0), 2);
 * ```
 */
export function mulBackward(a: Tensor, b: Tensor, G: Tensor): { dA: Tensor; dB: Tensor } {
  const how = broadcastOf(a, b, "multiply element-wise");
  checkGradientShape(G, a.rows, a.cols, "mulBackward");
  return { dA: mul(G, b), dB: reduceTo(mul(G, a), how) };
}

/**
 * k·A: every value multiplied by the number k.
 *
 * @example
 * ```ts
 * import { scale, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(scale(Tensor.from([[1, -2]]), 3).toArray(), [[3, -6]]);
 * ```
 */
export function scale(a: Tensor, k: number): Tensor {
  checkTensor(a, "scale's first argument");
  checkFinite(k, "scale's factor");
  return map(a, (x) => k * x);
}

/**
 * f applied to every value.
 *
 * @example
 * ```ts
 * import { map, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(map(Tensor.from([[1, 4]]), Math.sqrt).toArray(), [[1, 2]]);
 * ```
 */
export function map(a: Tensor, f: (x: number) => number): Tensor {
  checkTensor(a, "map's first argument");
  if (typeof f !== "function") {
    throw new TypeError(`map needs a function, got ${describe(f)}`);
  }
  const out = new Tensor(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) {
    const v = f(a.data[i]);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(
        `map's function gave ${describe(v)} for ${a.data[i]} (row ${
          Math.floor(i / a.cols)
        }, column ${i % a.cols}): it must return finite numbers`,
      );
    }
    out.data[i] = v;
  }
  return out;
}

/**
 * Which way to reduce: 0 sums down the rows (one value per column), 1 across the columns (one per row).
 *
 * @example
 * ```ts
 * import { type Axis, sum, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const down: Axis = 0;
 * assert.deepEqual(sum(Tensor.ones(3, 2), down).toArray(), [[3, 3]]);
 * ```
 */
export type Axis = 0 | 1;

function checkAxis(axis: unknown, op: string): void {
  if (axis !== undefined && axis !== 0 && axis !== 1) {
    throw new RangeError(
      `${op} takes axis 0 (down the rows) or 1 (across columns), got ${describe(axis)}`,
    );
  }
}

/**
 * The sum of all values (a number), or along an axis: axis 0 gives a 1×cols
 * row (the shape of a bias gradient), axis 1 gives a rows×1 column.
 *
 * @example
 * ```ts
 * import { sum, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const t = Tensor.from([[1, 2], [3, 4]]);
 * assert.equal(sum(t), 10);
 * assert.deepEqual(sum(t, 0).toArray(), [[4, 6]]);
 * assert.deepEqual(sum(t, 1).toArray(), [[3], [7]]);
 * ```
 */
export function sum(a: Tensor): number;
/** The sums along an axis: a 1×cols row (axis 0) or a rows×1 column (axis 1). */
export function sum(a: Tensor, axis: Axis): Tensor;
export function sum(a: Tensor, axis?: Axis): number | Tensor {
  checkTensor(a, "sum's argument");
  checkAxis(axis, "sum");
  if (axis === undefined) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i];
    return s;
  }
  const out = axis === 0 ? new Tensor(1, a.cols) : new Tensor(a.rows, 1);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out.data[axis === 0 ? j : i] += a.data[i * a.cols + j];
    }
  }
  return out;
}

/**
 * The mean of all values, or along an axis (see {@link sum}).
 *
 * @example
 * ```ts
 * import { mean, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(mean(Tensor.from([[1, 2], [3, 6]])), 3);
 * assert.deepEqual(mean(Tensor.from([[1, 2], [3, 6]]), 0).toArray(), [[2, 4]]);
 * ```
 */
export function mean(a: Tensor): number;
/** The means along an axis: a 1×cols row (axis 0) or a rows×1 column (axis 1). */
export function mean(a: Tensor, axis: Axis): Tensor;
export function mean(a: Tensor, axis?: Axis): number | Tensor {
  if (axis === undefined) {
    return sum(a) / checkTensor(a, "mean's argument").size;
  }
  const s = sum(a, axis);
  return scale(s, 1 / (axis === 0 ? a.rows : a.cols));
}

/**
 * The index of the largest value in each row (axis 1, the default: a class
 * prediction per sample) or in each column (axis 0). Ties go to the first.
 *
 * @example
 * ```ts
 * import { argmax, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(argmax(Tensor.from([[0.1, 0.9], [0.7, 0.3]])), [1, 0]);
 * ```
 */
export function argmax(a: Tensor, axis: Axis = 1): number[] {
  // A NaN never compares greater, so it would silently lose: refuse it instead.
  checkFiniteTensor(a, "argmax's argument");
  checkAxis(axis, "argmax");
  const outer = axis === 1 ? a.rows : a.cols;
  const inner = axis === 1 ? a.cols : a.rows;
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < inner; k++) {
      const v = axis === 1 ? a.data[o * a.cols + k] : a.data[k * a.cols + o];
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    out.push(best);
  }
  return out;
}

/**
 * Rows `start` (inclusive) to `end` (exclusive), like Array.prototype.slice.
 *
 * @example The first two samples
 * ```ts
 * import { sliceRows, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.from([[1], [2], [3]]);
 * assert.deepEqual(sliceRows(X, 0, 2).toArray(), [[1], [2]]);
 * ```
 */
export function sliceRows(
  a: Tensor,
  start: number,
  end?: number,
): Tensor {
  checkTensor(a, "sliceRows's first argument");
  end ??= a.rows;
  if (
    !Number.isInteger(start) || !Number.isInteger(end) || start < 0 ||
    end > a.rows || start >= end
  ) {
    throw new RangeError(
      `Cannot slice rows [${start}, ${end}) of a ${
        shapeOf(a)
      } tensor: need 0 ≤ start < end ≤ ${a.rows}`,
    );
  }
  const out = new Tensor(end - start, a.cols);
  out.data.set(a.data.subarray(start * a.cols, end * a.cols));
  return out;
}

/**
 * The rows at the given indices, in that order (a mini-batch).
 *
 * @example
 * ```ts
 * import { gatherRows, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.from([[1], [2], [3]]);
 * assert.deepEqual(gatherRows(X, [2, 0]).toArray(), [[3], [1]]);
 * ```
 */
export function gatherRows(a: Tensor, indices: ArrayLike<number>): Tensor {
  checkTensor(a, "gatherRows's first argument");
  if (indices === null || typeof indices !== "object" || !Number.isInteger(indices.length)) {
    throw new TypeError(`gatherRows needs an array of row indices, got ${describe(indices)}`);
  }
  if (indices.length === 0) {
    throw new RangeError("gatherRows needs at least one index");
  }
  const out = new Tensor(indices.length, a.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= a.rows) {
      throw new RangeError(
        `Row index ${i} is out of range for a ${shapeOf(a)} tensor`,
      );
    }
    out.data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), r * a.cols);
  }
  return out;
}

/**
 * Places B to the right of A (both with the same number of rows).
 *
 * @example Adding a column of ones
 * ```ts
 * import { concatColumns, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X1 = concatColumns(Tensor.from([[2], [3]]), Tensor.ones(2, 1));
 * assert.deepEqual(X1.toArray(), [[2, 1], [3, 1]]);
 * ```
 */
export function concatColumns(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "concatColumns's first argument");
  checkTensor(b, "concatColumns's second argument");
  if (a.rows !== b.rows) {
    throw new RangeError(
      `Cannot place ${shapeOf(b)} beside ${shapeOf(a)}: row counts differ`,
    );
  }
  const out = new Tensor(a.rows, a.cols + b.cols);
  for (let i = 0; i < a.rows; i++) {
    out.data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * out.cols);
    out.data.set(
      b.data.subarray(i * b.cols, (i + 1) * b.cols),
      i * out.cols + a.cols,
    );
  }
  return out;
}
