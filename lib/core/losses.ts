/**
 * Losses: a number saying how wrong the predictions are, and its gradient
 * with respect to the predictions. Each loss is one row of {@link LOSSES}:
 * its maths is written once, on plain arrays, and both the readable
 * functions here (`mse`, `mseGrad`, …) and the fast path call that code, so
 * the two cannot drift apart.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { ACTIVATIONS, excelFormula } from "./activations.ts";
import { checkAllFinite, checkSameShape, checkTensor, describe, shapeOf } from "./_validate.ts";

// The activation table's sigmoid: the losses on logits use the same function as the layers.
const sigmoid = ACTIVATIONS.sigmoid.f;

/**
 * A loss: its value and its gradient with respect to the predictions yHat,
 * on tensors and on raw arrays.
 *
 * @example
 * ```ts
 * import { getLoss, type Loss, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const loss: Loss = getLoss("mse");
 * assert.equal(loss.value(Tensor.ones(1, 1), Tensor.zeros(1, 1)), 1);
 * ```
 */
export interface Loss {
  /** Its name. */
  readonly name: string;
  /** What the network's last layer must output for this loss. */
  readonly takes: "values" | "probabilities" | "logits";
  /** The loss of predictions yHat against targets y. */
  value(yHat: Tensor, y: Tensor): number;
  /** ∂loss/∂yHat, the same shape as yHat. */
  grad(yHat: Tensor, y: Tensor): Tensor;
  /** Refuses targets this loss cannot take, naming the first bad one. */
  checkTargets(y: Tensor): void;
  /** The loss of `rows` × `cols` predictions, row-major (no checks, nothing allocated). */
  valueOf(yHat: Float64Array, y: Float64Array, rows: number, cols: number): number;
  /** Writes ∂loss/∂yHat into `out` (no checks, nothing allocated). */
  gradInto(
    yHat: Float64Array,
    y: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): void;
  /**
   * `valueOf` and `gradInto` in one pass, for a loss whose two share work
   * (softmax cross-entropy's exponentials); the same numbers, bit for bit.
   * Absent where there is nothing to share.
   */
  valueAndGradInto?(
    yHat: Float64Array,
    y: Float64Array,
    out: Float64Array,
    rows: number,
    cols: number,
  ): number;
  /**
   * The loss and its gradient as Excel formulas, for the workbooks; absent
   * when a spreadsheet cannot express the loss in portable formulas.
   */
  readonly excel?: {
    /** The loss of a block of predictions against a block of targets, `count` values in all. */
    value(yHatRange: string, yRange: string, count: number): string;
    /** The gradient at one prediction cell. */
    grad(yHatCell: string, yCell: string, count: number): string;
  };
}

function check(yHat: Tensor, y: Tensor, name: string): void {
  checkTensor(yHat, `${name}'s predictions yHat`);
  checkTensor(y, `${name}'s targets y`);
  checkSameShape(yHat, y, name);
}

function checkFiniteTargets(y: Tensor, name: string): void {
  for (let i = 0; i < y.data.length; i++) {
    if (!Number.isFinite(y.data[i])) {
      throw new RangeError(
        `${name} needs finite targets, got ${y.data[i]} at row ${Math.floor(i / y.cols)}, column ${
          i % y.cols
        }`,
      );
    }
  }
}

function checkUnitTargets(y: Tensor, name: string): void {
  for (let i = 0; i < y.data.length; i++) {
    const t = y.data[i];
    if (!(t >= 0 && t <= 1)) {
      throw new RangeError(
        `${name} needs targets in [0, 1], got ${t} at row ${Math.floor(i / y.cols)}, column ${
          i % y.cols
        }`,
      );
    }
  }
}

/** A row of the loss table: the array maths, and the tensor functions built on it. */
function makeLoss(row: {
  name: LossName;
  takes: Loss["takes"];
  valueOf: Loss["valueOf"];
  gradInto: Loss["gradInto"];
  checkTargets: (y: Tensor) => void;
  checkPredictions?: (yHat: Tensor) => void;
  excel?: Loss["excel"];
  valueAndGradInto?: Loss["valueAndGradInto"];
}): Loss {
  const { name, valueOf, gradInto, checkTargets } = row;
  // A NaN prediction would give a NaN loss without a word: refuse it, naming where it is.
  const checkPredictions = row.checkPredictions ??
    ((yHat: Tensor) => checkAllFinite(yHat, `${name}'s predictions yHat`));
  return Object.freeze({
    name,
    takes: row.takes,
    value(yHat: Tensor, y: Tensor): number {
      check(yHat, y, name);
      checkTargets(y);
      checkPredictions(yHat);
      return valueOf(yHat.data, y.data, yHat.rows, yHat.cols);
    },
    grad(yHat: Tensor, y: Tensor): Tensor {
      check(yHat, y, `${name}'s gradient`);
      checkTargets(y);
      checkPredictions(yHat);
      const out = new Tensor(yHat.rows, yHat.cols);
      gradInto(yHat.data, y.data, out.data, yHat.rows, yHat.cols);
      return out;
    },
    checkTargets,
    valueOf,
    gradInto,
    valueAndGradInto: row.valueAndGradInto,
    excel: row.excel && Object.freeze({ ...row.excel }),
  });
}

// ---------------------------------------------------------------------------
// Mean squared error

function mseValue(yHat: Float64Array, y: Float64Array, rows: number, cols: number): number {
  const n = rows * cols;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = yHat[i] - y[i];
    s += d * d;
  }
  return s / n;
}

// ∂MSE/∂yHat = 2(yHat − y) / (n·k).
function mseGradInto(
  yHat: Float64Array,
  y: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  const n = rows * cols, k = 2 / n;
  for (let i = 0; i < n; i++) out[i] = k * (yHat[i] - y[i]);
}

const MSE = makeLoss({
  name: "mse",
  takes: "values",
  valueOf: mseValue,
  gradInto: mseGradInto,
  checkTargets: (y) => checkFiniteTargets(y, "mse"),
  excel: {
    value: (yHat, y, count) => `SUMXMY2(${yHat},${y})/${count}`,
    grad: (yHat, y, count) => `2*(${yHat}-${y})/${count}`,
  },
});

/**
 * Mean squared error: the mean over all n·k values of (yHat − y)².
 *
 * @example The best constant guess for XOR
 * ```ts
 * import { mse, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const y = Tensor.column([0, 1, 1, 0]);
 * assert.equal(mse(Tensor.fill(4, 1, 0.5), y), 0.25);
 * ```
 */
export function mse(yHat: Tensor, y: Tensor): number {
  return MSE.value(yHat, y);
}

/**
 * ∂MSE/∂yHat = 2(yHat − y) / (n·k). The 2 and the division by the number of
 * values both come from the definition; dropping either is a common bug.
 *
 * @example
 * ```ts
 * import { mseGrad, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const g = mseGrad(Tensor.column([1, 0]), Tensor.column([0, 0]));
 * assert.deepEqual(g.toArray(), [[1], [0]]);
 * ```
 */
export function mseGrad(yHat: Tensor, y: Tensor): Tensor {
  return MSE.grad(yHat, y);
}

// ---------------------------------------------------------------------------
// Binary cross-entropy of probabilities

function bceValue(p: Float64Array, y: Float64Array, rows: number, cols: number): number {
  const n = rows * cols;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = y[i], q = p[i];
    if (t > 0) s -= t * Math.log(q);
    if (t < 1) s -= (1 - t) * Math.log(1 - q);
  }
  return s / n;
}

// ∂BCE/∂p = (−y/p + (1−y)/(1−p)) / n.
function bceGradInto(
  p: Float64Array,
  y: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  const n = rows * cols;
  for (let i = 0; i < n; i++) {
    const t = y[i], q = p[i];
    let g = 0;
    if (t > 0) g -= t / q;
    if (t < 1) g += (1 - t) / (1 - q);
    out[i] = g / n;
  }
}

function checkProbabilities(p: Tensor, name: string): void {
  for (let i = 0; i < p.data.length; i++) {
    const v = p.data[i];
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(
        `${name} needs probabilities in [0, 1] (apply a sigmoid first, or use sigmoidCrossEntropy on logits), got ${v} at row ${
          Math.floor(i / p.cols)
        }, column ${i % p.cols}`,
      );
    }
  }
}

const BCE = makeLoss({
  name: "bce",
  takes: "probabilities",
  valueOf: bceValue,
  gradInto: bceGradInto,
  checkTargets: (y) => checkUnitTargets(y, "bce"),
  checkPredictions: (p) => checkProbabilities(p, "bce"),
});

/**
 * Binary cross-entropy of probabilities p against targets y in [0, 1]:
 * the mean of −[y·ln p + (1−y)·ln(1−p)]. A confident wrong answer costs
 * Infinity, honestly, rather than NaN.
 *
 * @example
 * ```ts
 * import { bce, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(bce(Tensor.column([0.5]), Tensor.column([1])), Math.LN2);
 * assert.equal(bce(Tensor.column([1]), Tensor.column([1])), 0);
 * ```
 */
export function bce(p: Tensor, y: Tensor): number {
  return BCE.value(p, y);
}

/**
 * ∂BCE/∂p = (−y/p + (1−y)/(1−p)) / n.
 *
 * @example
 * ```ts
 * import { bceGrad, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(bceGrad(Tensor.column([0.5]), Tensor.column([1])).toArray(), [[-2]]);
 * ```
 */
export function bceGrad(p: Tensor, y: Tensor): Tensor {
  return BCE.grad(p, y);
}

// ---------------------------------------------------------------------------
// Sigmoid cross-entropy of logits

// −[y·ln σ(z) + (1−y)·ln(1−σ(z))] = max(z, 0) − z·y + ln(1 + e^−|z|): no exp overflows.
function sigmoidCeValue(z: Float64Array, y: Float64Array, rows: number, cols: number): number {
  const n = rows * cols;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = z[i];
    s += (v > 0 ? v : 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return s / n;
}

// ∂/∂z = (σ(z) − y) / n.
function sigmoidCeGradInto(
  z: Float64Array,
  y: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  const n = rows * cols;
  for (let i = 0; i < n; i++) {
    out[i] = (sigmoid(z[i]) - y[i]) / n;
  }
}

const SIGMOID_CE = makeLoss({
  name: "sigmoidCrossEntropy",
  takes: "logits",
  valueOf: sigmoidCeValue,
  gradInto: sigmoidCeGradInto,
  checkTargets: (y) => checkUnitTargets(y, "sigmoidCrossEntropy"),
  excel: {
    value: (z, y, count) => `SUMPRODUCT((${z}>0)*${z}-${z}*${y}+LN(1+EXP(-ABS(${z}))))/${count}`,
    grad: (z, y, count) => `(${excelFormula("sigmoid", z)}-${y})/${count}`,
  },
});

/**
 * Binary cross-entropy computed from logits z (the network's raw output,
 * before any sigmoid): the mean of −[y·ln σ(z) + (1−y)·ln(1−σ(z))], in the
 * stable form max(z, 0) − z·y + ln(1 + e^−|z|), so a confident wrong answer
 * costs a large finite number instead of Infinity.
 *
 * @example Equal to bce of the sigmoid, without its overflow
 * ```ts
 * import { bce, sigmoid, sigmoidCrossEntropy, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const z = Tensor.column([-2, 0.5]), y = Tensor.column([0, 1]);
 * assert.ok(Math.abs(sigmoidCrossEntropy(z, y) - bce(sigmoid(z), y)) < 1e-15);
 * assert.equal(sigmoidCrossEntropy(Tensor.column([-1000]), Tensor.column([1])), 1000);
 * ```
 */
export function sigmoidCrossEntropy(z: Tensor, y: Tensor): number {
  return SIGMOID_CE.value(z, y);
}

/**
 * ∂sigmoidCrossEntropy/∂z = (σ(z) − y) / n.
 *
 * @example
 * ```ts
 * import { sigmoidCrossEntropyGrad, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sigmoidCrossEntropyGrad(Tensor.column([0]), Tensor.column([1])).toArray(), [[-0.5]]);
 * ```
 */
export function sigmoidCrossEntropyGrad(z: Tensor, y: Tensor): Tensor {
  return SIGMOID_CE.grad(z, y);
}

// ---------------------------------------------------------------------------
// Softmax cross-entropy of logits

// Per row: ln Σⱼ e^zⱼ − Σⱼ yⱼ·zⱼ (targets sum to 1), with the row's maximum taken
// out of the exponentials (the log-sum-exp trick), averaged over rows.
function softmaxCeValue(z: Float64Array, y: Float64Array, rows: number, cols: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sumExp = 0, dot = 0;
    for (let j = 0; j < cols; j++) {
      sumExp += Math.exp(z[o + j] - max);
      dot += y[o + j] * z[o + j];
    }
    s += max + Math.log(sumExp) - dot;
  }
  return s / rows;
}

// ∂/∂z = (softmax(z) − y) / rows.
function softmaxCeGradInto(
  z: Float64Array,
  y: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sumExp = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[o + j] - max);
      out[o + j] = e;
      sumExp += e;
    }
    for (let j = 0; j < cols; j++) out[o + j] = (out[o + j] / sumExp - y[o + j]) / rows;
  }
}

// Both at once: each exponential is computed once, in the order of the two functions above, so
// the value and the gradient are bit for bit theirs.
function softmaxCeValueAndGradInto(
  z: Float64Array,
  y: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
): number {
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sumExp = 0, dot = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[o + j] - max);
      out[o + j] = e;
      sumExp += e;
      dot += y[o + j] * z[o + j];
    }
    s += max + Math.log(sumExp) - dot;
    for (let j = 0; j < cols; j++) out[o + j] = (out[o + j] / sumExp - y[o + j]) / rows;
  }
  return s / rows;
}

function checkClassTargets(y: Tensor, name: string): void {
  if (y.cols < 2) {
    throw new RangeError(
      `${name} needs one column per class (at least 2), got targets ${shapeOf(y)}; ` +
        `for one output use sigmoidCrossEntropy`,
    );
  }
  checkUnitTargets(y, name);
  for (let r = 0; r < y.rows; r++) {
    let s = 0;
    for (let j = 0; j < y.cols; j++) s += y.data[r * y.cols + j];
    if (Math.abs(s - 1) > 1e-9) {
      throw new RangeError(
        `${name} needs each row of targets to sum to 1 (one-hot labels, see oneHot), ` +
          `but row ${r} sums to ${s}`,
      );
    }
  }
}

const SOFTMAX_CE = makeLoss({
  name: "softmaxCrossEntropy",
  takes: "logits",
  valueOf: softmaxCeValue,
  gradInto: softmaxCeGradInto,
  valueAndGradInto: softmaxCeValueAndGradInto,
  checkTargets: (y) => checkClassTargets(y, "softmaxCrossEntropy"),
});

/**
 * Cross-entropy of the softmax of logits Z (samples × classes) against
 * one-hot targets Y: the mean over samples of −Σⱼ Yⱼ·ln softmax(Z)ⱼ,
 * computed as log-sum-exp(Z) − Σⱼ Yⱼ·Zⱼ with the row maximum taken out, so
 * no exponential overflows. Each row of Y must sum to 1.
 *
 * @example Uniform logits over 4 classes cost ln 4
 * ```ts
 * import { oneHot, softmaxCrossEntropy, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const Y = oneHot([2], 4);
 * assert.ok(Math.abs(softmaxCrossEntropy(Tensor.zeros(1, 4), Y) - Math.log(4)) < 1e-15);
 * assert.equal(softmaxCrossEntropy(Tensor.from([[1000, 0, 0, 0]]), oneHot([0], 4)), 0);
 * ```
 */
export function softmaxCrossEntropy(Z: Tensor, Y: Tensor): number {
  return SOFTMAX_CE.value(Z, Y);
}

/**
 * ∂softmaxCrossEntropy/∂Z = (softmax(Z) − Y) / samples.
 *
 * @example
 * ```ts
 * import { oneHot, softmaxCrossEntropyGrad, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const g = softmaxCrossEntropyGrad(Tensor.zeros(1, 2), oneHot([1], 2));
 * assert.deepEqual(g.toArray(), [[0.5, -0.5]]);
 * ```
 */
export function softmaxCrossEntropyGrad(Z: Tensor, Y: Tensor): Tensor {
  return SOFTMAX_CE.grad(Z, Y);
}

/**
 * One-hot targets: row i has a 1 in column labels[i] and 0 elsewhere. A
 * label that is not a whole number in [0, classes) is an error naming it.
 *
 * @example Digits 3 and 0 out of 10 classes
 * ```ts
 * import { oneHot } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const Y = oneHot([3, 0], 10);
 * assert.deepEqual(Y.shape, [2, 10]);
 * assert.equal(Y.get(0, 3), 1);
 * assert.throws(() => oneHot([10], 10), /label 10 at index 0: labels must be whole numbers 0 to 9/);
 * ```
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`oneHot needs a whole number of classes ≥ 2, got ${describe(classes)}`);
  }
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new TypeError(`oneHot needs an array of labels, got ${describe(labels)}`);
  }
  if (labels.length === 0) throw new RangeError("oneHot needs at least one label");
  const Y = new Tensor(labels.length, classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new RangeError(
        `oneHot got label ${describe(c)} at index ${i}: labels must be whole numbers 0 to ${
          classes - 1
        }`,
      );
    }
    Y.data[i * classes + c] = 1;
  }
  return Y;
}

// ---------------------------------------------------------------------------
// The table

const TABLE: Record<LossName, Loss> = {
  mse: MSE,
  bce: BCE,
  sigmoidCrossEntropy: SIGMOID_CE,
  softmaxCrossEntropy: SOFTMAX_CE,
};

/**
 * The losses by name: the one table that `fit`, the fast path, the workbooks
 * and the tests read. Frozen, so no caller can change a loss for everyone.
 *
 * @example
 * ```ts
 * import { LOSSES, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(LOSSES.mse.value(Tensor.ones(2, 1), Tensor.ones(2, 1)), 0);
 * assert.deepEqual(Object.keys(LOSSES), ["mse", "bce", "sigmoidCrossEntropy", "softmaxCrossEntropy"]);
 * ```
 */
export const LOSSES: Readonly<Record<LossName, Loss>> = Object.freeze(TABLE);

/**
 * The loss names the library knows: the keys of {@link LOSSES} (the compiler
 * insists that the two agree).
 *
 * @example
 * ```ts
 * import { fit, type LossName, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const loss: LossName = "mse";
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, loss }).losses.length, 1);
 * ```
 */
export type LossName = "mse" | "bce" | "sigmoidCrossEntropy" | "softmaxCrossEntropy";

/**
 * Looks up a loss by name; an unknown name is an error listing the known ones.
 *
 * @example
 * ```ts
 * import { getLoss } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getLoss("mse").name, "mse");
 * assert.throws(() => getLoss("hinge"), /Unknown loss "hinge"/);
 * ```
 */
export function getLoss(name: string): Loss {
  if (typeof name !== "string" || !Object.hasOwn(LOSSES, name)) {
    throw new RangeError(
      `Unknown loss ${describe(name)}: use one of ${Object.keys(LOSSES).join(", ")}`,
    );
  }
  return LOSSES[name as LossName];
}

/**
 * The loss that an option names: a loss object (such as a row of
 * {@link LOSSES}), a loss name, or MSE when the option is absent. Anything
 * else, `null` included, is an error naming what was given.
 *
 * @example
 * ```ts
 * import { resolveLoss } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolveLoss(undefined).name, "mse");
 * assert.equal(resolveLoss("bce").name, "bce");
 * assert.throws(() => resolveLoss(null), /loss must be a loss name .* got null/);
 * ```
 */
export function resolveLoss(option: unknown): Loss {
  if (option === undefined) return LOSSES.mse;
  if (typeof option === "string") return getLoss(option);
  const loss = option as Partial<Loss> | null;
  if (
    loss !== null && typeof loss === "object" && typeof loss.name === "string" &&
    ["value", "grad", "checkTargets", "valueOf", "gradInto"].every((k) =>
      typeof loss[k as keyof Loss] === "function"
    )
  ) {
    return loss as Loss;
  }
  throw new TypeError(
    `loss must be a loss name (${Object.keys(LOSSES).join(", ")}) or a Loss object, got ${
      describe(option)
    }`,
  );
}
