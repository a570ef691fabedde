/**
 * Activation functions, each with its derivative beside it and the Excel
 * formula for both. Formulas are written for the cell `A1`; use
 * {@link excelFormula} to point them at another cell.
 *
 * Convention: ReLU′(0) = 0 (and leaky ReLU′(0) = its slope). The derivative
 * has a kink at 0 and any value in [0, 1] is a valid subgradient; 0 is what
 * PyTorch and most libraries use, and the Excel twin `IF(A1>0,1,0)` agrees.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { checkTensor, describe, shapeOf } from "./_validate.ts";

/**
 * The activation names the library knows: the keys of {@link ACTIVATIONS}.
 * Adding an activation means adding its name here and its row to that table
 * (the compiler insists on both); the layers, the fast path, the workbooks
 * and the tests then all pick it up.
 *
 * @example
 * ```ts
 * import { type ActivationName, activate, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const name: ActivationName = "tanh";
 * assert.equal(activate(name, Tensor.zeros(1, 1)).get(0, 0), 0);
 * ```
 */
export type ActivationName = "relu" | "sigmoid" | "tanh" | "identity" | "leakyRelu";

/**
 * An activation: the function, its derivative, and both as Excel formulas of cell A1.
 *
 * @example
 * ```ts
 * import { type Activation, getActivation } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const relu: Activation = getActivation("relu");
 * assert.equal(relu.f(-1), 0);
 * assert.equal(relu.excel, "IF(A1>0,A1,0)");
 * ```
 */
export interface Activation {
  /** Its name, as used by {@link mlp} and the workbook exporter. */
  readonly name: string;
  /** The function of one number. */
  f(x: number): number;
  /** Its derivative, as a function of the same input x. */
  df(x: number): number;
  /** The function as an Excel formula of cell A1 (without the leading `=`). */
  readonly excel: string;
  /** The derivative as an Excel formula of cell A1. */
  readonly excelDerivative: string;
  /**
   * The initialisation that keeps signals in range through a stack of these
   * (`he` for the ReLU family, `xavier` otherwise); {@link mlp}'s default.
   */
  readonly init: "he" | "xavier";
}

function row(a: Activation): Activation {
  return Object.freeze(a);
}

/**
 * The slope of leaky ReLU for negative inputs.
 *
 * @example
 * ```ts
 * import { ACTIVATIONS, LEAKY_SLOPE } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ACTIVATIONS.leakyRelu.f(-2), -2 * LEAKY_SLOPE);
 * ```
 */
export const LEAKY_SLOPE = 0.01;

function stableSigmoid(x: number): number {
  // exp of a large positive number overflows, so use the form whose exp is ≤ 1.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const TABLE: Record<ActivationName, Activation> = {
  relu: row({
    name: "relu",
    // NaN passes through (x > 0 and x <= 0 are both false for it), so that a weight that has
    // overflowed to NaN reaches the predictions, where training notices it, instead of being
    // silenced into a 0 that looks like an ordinary off unit.
    f: (x) => (x <= 0 ? 0 : x),
    df: (x) => +(x > 0), // 1 or 0, without a branch that random signs would mispredict
    excel: "IF(A1>0,A1,0)",
    excelDerivative: "IF(A1>0,1,0)",
    init: "he",
  }),
  sigmoid: row({
    name: "sigmoid",
    f: stableSigmoid,
    df: (x) => {
      const s = stableSigmoid(x);
      return s * (1 - s);
    },
    excel: "1/(1+EXP(-A1))",
    excelDerivative: "(1/(1+EXP(-A1)))*(1-1/(1+EXP(-A1)))",
    init: "xavier",
  }),
  tanh: row({
    name: "tanh",
    f: Math.tanh,
    df: (x) => {
      const t = Math.tanh(x);
      return 1 - t * t;
    },
    excel: "TANH(A1)",
    excelDerivative: "1-TANH(A1)^2",
    init: "xavier",
  }),
  identity: row({
    name: "identity",
    f: (x) => x,
    df: () => 1,
    excel: "A1",
    excelDerivative: "1",
    init: "xavier",
  }),
  leakyRelu: row({
    name: "leakyRelu",
    f: (x) => (x > 0 ? x : LEAKY_SLOPE * x),
    df: (x) => (x > 0 ? 1 : LEAKY_SLOPE),
    excel: `IF(A1>0,A1,${LEAKY_SLOPE}*A1)`,
    excelDerivative: `IF(A1>0,1,${LEAKY_SLOPE})`,
    init: "he",
  }),
};

/**
 * All activations by name: the one table that the layers, the fast path,
 * the workbooks and the tests read. It is frozen, so no caller can change an
 * activation for everyone.
 *
 * @example
 * ```ts
 * import { ACTIVATIONS } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ACTIVATIONS.sigmoid.f(0), 0.5);
 * assert.equal(ACTIVATIONS.tanh.excelDerivative, "1-TANH(A1)^2");
 * ```
 */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = Object.freeze(TABLE);

/**
 * Looks up an activation by name; an unknown name is an error that lists the
 * known ones.
 *
 * @example
 * ```ts
 * import { getActivation } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getActivation("relu").f(-3), 0);
 * assert.throws(() => getActivation("softplus"), /Unknown activation "softplus"/);
 * ```
 */
export function getActivation(name: string): Activation {
  if (typeof name !== "string" || !Object.hasOwn(ACTIVATIONS, name)) {
    throw new RangeError(
      `Unknown activation ${describe(name)}: use one of ${Object.keys(ACTIVATIONS).join(", ")}`,
    );
  }
  return ACTIVATIONS[name as ActivationName];
}

/**
 * An activation's formula (or its derivative's) pointed at another cell.
 *
 * @example ReLU of cell C7
 * ```ts
 * import { excelFormula } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(excelFormula("relu", "C7"), "IF(C7>0,C7,0)");
 * assert.equal(excelFormula("relu", "C7", { derivative: true }), "IF(C7>0,1,0)");
 * ```
 */
export function excelFormula(
  name: ActivationName,
  cell: string,
  options: { derivative?: boolean } = {},
): string {
  if (
    !/^\$?[A-Z]{1,3}\$?[0-9]{1,7}$/.test(cell) &&
    !/^[A-Za-z_][A-Za-z0-9_.!$]*$/.test(cell)
  ) {
    throw new RangeError(`Not a cell reference: ${describe(cell)}`);
  }
  const a = getActivation(name);
  const formula = options.derivative ? a.excelDerivative : a.excel;
  return formula.replaceAll("A1", cell);
}

/**
 * Applies an activation to every value of Z.
 *
 * @example
 * ```ts
 * import { activate, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(activate("relu", Tensor.from([[-1, 0, 2]])).toArray(), [[0, 0, 2]]);
 * ```
 */
export function activate(name: ActivationName, Z: Tensor): Tensor {
  return apply(getActivation(name).f, Z, name);
}

/**
 * The activation's derivative at every value of Z.
 *
 * @example ReLU′ is the mask Z > 0 (and 0 at 0)
 * ```ts
 * import { activationDerivative, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const mask = activationDerivative("relu", Tensor.from([[-1, 0, 2]]));
 * assert.deepEqual(mask.toArray(), [[0, 0, 1]]);
 * ```
 */
export function activationDerivative(name: ActivationName, Z: Tensor): Tensor {
  return apply(getActivation(name).df, Z, name);
}

/**
 * The backward pass of A = f(Z): dZ = dA ⊙ f′(Z), for the gradient dA
 * arriving from above (the same shape as Z).
 *
 * @example Through a ReLU, the gradient passes only where Z > 0
 * ```ts
 * import { activationBackward, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const dZ = activationBackward("relu", Tensor.from([[-1, 2]]), Tensor.from([[5, 5]]));
 * assert.deepEqual(dZ.toArray(), [[0, 5]]);
 * ```
 */
export function activationBackward(name: ActivationName, Z: Tensor, dA: Tensor): Tensor {
  const { df } = getActivation(name);
  checkTensor(Z, `${name}'s input Z`);
  checkTensor(dA, `${name}'s gradient dA`);
  if (dA.rows !== Z.rows || dA.cols !== Z.cols) {
    throw new RangeError(
      `The ${name} backward pass expected a ${shapeOf(Z)} gradient (the shape of Z), got ${
        shapeOf(dA)
      }`,
    );
  }
  const out = new Tensor(Z.rows, Z.cols);
  for (let i = 0; i < Z.data.length; i++) out.data[i] = dA.data[i] * df(Z.data[i]);
  return out;
}

function apply(f: (x: number) => number, Z: Tensor, name: string): Tensor {
  checkTensor(Z, `${name}'s input`);
  const out = new Tensor(Z.rows, Z.cols);
  for (let i = 0; i < Z.data.length; i++) out.data[i] = f(Z.data[i]);
  return out;
}

/**
 * Softmax of each row: softmax(Z)ᵢⱼ = e^Zᵢⱼ / Σₖ e^Zᵢₖ, turning a row of
 * logits into probabilities that sum to 1. Unlike the activations of
 * {@link ACTIVATIONS} it acts on whole rows, not on each value alone. The
 * row's maximum is subtracted first, which changes nothing mathematically
 * and keeps e^… from overflowing.
 *
 * @example
 * ```ts
 * import { softmax, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(softmax(Tensor.from([[0, 0], [1000, 0]])).toArray(), [[0.5, 0.5], [1, 0]]);
 * ```
 */
export function softmax(Z: Tensor): Tensor {
  checkTensor(Z, "softmax's input Z");
  const out = new Tensor(Z.rows, Z.cols);
  const z = Z.data, p = out.data, cols = Z.cols;
  for (let r = 0; r < Z.rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += p[o + j] = Math.exp(z[o + j] - max);
    for (let j = 0; j < cols; j++) p[o + j] /= sum;
  }
  return out;
}

/**
 * The backward pass of P = softmax(Z), row by row: dZ = P ⊙ (dP − Σⱼ dPⱼ·Pⱼ),
 * for the gradient dP arriving from above. It takes P, the forward output.
 *
 * @example A gradient that pushes every probability equally moves nothing
 * ```ts
 * import { softmax, softmaxBackward, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const P = softmax(Tensor.from([[1, 2, 3]]));
 * const dZ = softmaxBackward(P, Tensor.from([[1, 1, 1]]));
 * assert.ok(dZ.data.every((v) => Math.abs(v) < 1e-16));
 * ```
 */
export function softmaxBackward(P: Tensor, dP: Tensor): Tensor {
  checkTensor(P, "softmaxBackward's probabilities P");
  checkTensor(dP, "softmaxBackward's gradient dP");
  if (dP.rows !== P.rows || dP.cols !== P.cols) {
    throw new RangeError(
      `softmaxBackward expected a ${shapeOf(P)} gradient (the shape of P), got ${shapeOf(dP)}`,
    );
  }
  const out = new Tensor(P.rows, P.cols);
  const cols = P.cols;
  for (let r = 0; r < P.rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dP.data[o + j] * P.data[o + j];
    for (let j = 0; j < cols; j++) out.data[o + j] = P.data[o + j] * (dP.data[o + j] - dot);
  }
  return out;
}

/**
 * ReLU(Z) = max(0, Z), element by element.
 *
 * @example
 * ```ts
 * import { relu, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(relu(Tensor.from([[-2, 3]])).toArray(), [[0, 3]]);
 * ```
 */
export function relu(Z: Tensor): Tensor {
  return activate("relu", Z);
}

/**
 * σ(Z) = 1 / (1 + e^−Z), element by element, computed without overflow.
 *
 * @example
 * ```ts
 * import { sigmoid, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sigmoid(Tensor.from([[0, -1000, 1000]])).toArray(), [[0.5, 0, 1]]);
 * ```
 */
export function sigmoid(Z: Tensor): Tensor {
  return activate("sigmoid", Z);
}

/**
 * tanh(Z), element by element.
 *
 * @example
 * ```ts
 * import { tanh, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tanh(Tensor.from([[0]])).toArray(), [[0]]);
 * ```
 */
export function tanh(Z: Tensor): Tensor {
  return activate("tanh", Z);
}
