/**
 * Losses: a number saying how wrong the predictions are, and its gradient
 * with respect to the predictions.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { checkSameShape, checkTensor, describe } from "./_validate.ts";

/**
 * A loss: its value and its gradient with respect to the predictions yHat.
 *
 * @example
 * ```ts
 * import { getLoss, type Loss, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const loss: Loss = getLoss("mse");
 * assert.equal(loss.value(Tensor.ones(1, 1), Tensor.zeros(1, 1)), 1);
 * ```
 */
export interface Loss {
  /** Its name. */
  readonly name: LossName;
  /** The loss of predictions yHat against targets y. */
  value(yHat: Tensor, y: Tensor): number;
  /** ∂loss/∂yHat, the same shape as yHat. */
  grad(yHat: Tensor, y: Tensor): Tensor;
}

/**
 * The loss names the library knows.
 *
 * @example
 * ```ts
 * import { fit, type LossName, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const loss: LossName = "mse";
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, loss }).losses.length, 1);
 * ```
 */
export type LossName = "mse" | "bce";

function check(yHat: Tensor, y: Tensor, name: string): void {
  checkTensor(yHat, `${name}'s predictions yHat`);
  checkTensor(y, `${name}'s targets y`);
  checkSameShape(yHat, y, name);
}

/**
 * Mean squared error: the mean over all n·k values of (yHat − y)².
 *
 * @example The best constant guess for XOR
 * ```ts
 * import { mse, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const y = Tensor.column([0, 1, 1, 0]);
 * assert.equal(mse(Tensor.fill(4, 1, 0.5), y), 0.25);
 * ```
 */
export function mse(yHat: Tensor, y: Tensor): number {
  check(yHat, y, "mse");
  let s = 0;
  for (let i = 0; i < y.data.length; i++) {
    const d = yHat.data[i] - y.data[i];
    s += d * d;
  }
  return s / y.data.length;
}

/**
 * ∂MSE/∂yHat = 2(yHat − y) / (n·k). The 2 and the division by the number of
 * values both come from the definition; dropping either is a common bug.
 *
 * @example
 * ```ts
 * import { mseGrad, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const g = mseGrad(Tensor.column([1, 0]), Tensor.column([0, 0]));
 * assert.deepEqual(g.toArray(), [[1], [0]]);
 * ```
 */
export function mseGrad(yHat: Tensor, y: Tensor): Tensor {
  check(yHat, y, "mseGrad");
  const out = new Tensor(y.rows, y.cols);
  const k = 2 / y.data.length;
  for (let i = 0; i < y.data.length; i++) {
    out.data[i] = k * (yHat.data[i] - y.data[i]);
  }
  return out;
}

function checkProbabilities(p: Tensor, y: Tensor, name: string): void {
  for (let i = 0; i < p.data.length; i++) {
    const v = p.data[i];
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(
        `${name} needs probabilities in [0, 1] (apply a sigmoid first), got ${v} at index ${i}`,
      );
    }
    const t = y.data[i];
    if (!(t >= 0 && t <= 1)) {
      throw new RangeError(
        `${name} needs targets in [0, 1], got ${t} at index ${i}`,
      );
    }
  }
}

/**
 * Binary cross-entropy of probabilities p against targets y in [0, 1]:
 * the mean of −[y·ln p + (1−y)·ln(1−p)]. A confident wrong answer costs
 * Infinity, honestly, rather than NaN.
 *
 * @example
 * ```ts
 * import { bce, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(bce(Tensor.column([0.5]), Tensor.column([1])), Math.LN2);
 * assert.equal(bce(Tensor.column([1]), Tensor.column([1])), 0);
 * ```
 */
export function bce(p: Tensor, y: Tensor): number {
  check(p, y, "bce");
  checkProbabilities(p, y, "bce");
  let s = 0;
  for (let i = 0; i < y.data.length; i++) {
    const t = y.data[i], q = p.data[i];
    if (t > 0) s -= t * Math.log(q);
    if (t < 1) s -= (1 - t) * Math.log(1 - q);
  }
  return s / y.data.length;
}

/**
 * ∂BCE/∂p = (−y/p + (1−y)/(1−p)) / n.
 *
 * @example
 * ```ts
 * import { bceGrad, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(bceGrad(Tensor.column([0.5]), Tensor.column([1])).toArray(), [[-2]]);
 * ```
 */
export function bceGrad(p: Tensor, y: Tensor): Tensor {
  check(p, y, "bceGrad");
  checkProbabilities(p, y, "bceGrad");
  const out = new Tensor(y.rows, y.cols);
  const n = y.data.length;
  for (let i = 0; i < n; i++) {
    const t = y.data[i], q = p.data[i];
    let g = 0;
    if (t > 0) g -= t / q;
    if (t < 1) g += (1 - t) / (1 - q);
    out.data[i] = g / n;
  }
  return out;
}

/**
 * The losses by name.
 *
 * @example
 * ```ts
 * import { LOSSES, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(LOSSES.mse.value(Tensor.ones(2, 1), Tensor.ones(2, 1)), 0);
 * ```
 */
export const LOSSES: Readonly<Record<LossName, Loss>> = {
  mse: { name: "mse", value: mse, grad: mseGrad },
  bce: { name: "bce", value: bce, grad: bceGrad },
};

/**
 * Looks up a loss by name; an unknown name is an error listing the known ones.
 *
 * @example
 * ```ts
 * import { getLoss } from "nn";
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
