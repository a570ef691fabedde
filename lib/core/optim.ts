/**
 * Stochastic gradient descent, with momentum and weight decay (L2). The
 * update is written once, in {@link sgdUpdate}, and both {@link SGD} and the
 * fast path call it.
 *
 * @module
 */
import type { Parameter } from "./layers.ts";
import { Tensor } from "./tensor.ts";
import { checkOptions, checkPositive, describe } from "./_validate.ts";
import { sgdUpdateTrusted } from "./_sgd.ts";

/**
 * Options for {@link SGD}.
 *
 * @example
 * ```ts
 * import { mlp, SGD, type SgdOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: SgdOptions = { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 };
 * assert.equal(new SGD(mlp([2, 2, 1]).parameters(), options).momentum, 0.9);
 * ```
 */
export interface SgdOptions {
  /** The learning rate lr > 0. */
  lr: number;
  /** Momentum in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /**
   * Weight decay λ ≥ 0 (default 0): adds λ·W to the gradient of every weight
   * (not the biases), which is the gradient of the L2 penalty (λ/2)·‖W‖².
   */
  weightDecay?: number;
}

/**
 * Checks the three SGD settings, naming the one that is wrong.
 *
 * @example
 * ```ts
 * import { checkSgdOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(checkSgdOptions({ lr: 0.1 }), { lr: 0.1, momentum: 0, weightDecay: 0 });
 * assert.throws(() => checkSgdOptions({ lr: 0.1, weightDecay: -1 }), /weightDecay must be/);
 * ```
 */
export function checkSgdOptions(options: SgdOptions): Required<SgdOptions> {
  checkOptions(options, ["lr", "momentum", "weightDecay"], "SGD", "{ lr: 0.1 }");
  const lr = checkPositive(options.lr, "The learning rate lr");
  const momentum = options.momentum ?? 0;
  if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) {
    throw new RangeError(`Momentum must be in [0, 1), got ${describe(momentum)}`);
  }
  const weightDecay = options.weightDecay ?? 0;
  if (typeof weightDecay !== "number" || !(weightDecay >= 0) || !Number.isFinite(weightDecay)) {
    throw new RangeError(`weightDecay must be a finite number ≥ 0, got ${describe(weightDecay)}`);
  }
  return { lr, momentum, weightDecay };
}

/**
 * One SGD update of a parameter's values `w`, in place, from its gradient `g`:
 * with weight decay λ the gradient is g + λ·w; with momentum μ the velocity
 * `v` becomes μ·v + gradient and the step is lr·v; without, the step is
 * lr·gradient. Nothing is allocated.
 *
 * @example
 * ```ts
 * import { sgdUpdate } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const w = new Float64Array([1]), v = new Float64Array(1);
 * sgdUpdate(w, new Float64Array([2]), v, 0.1, 0, 0);
 * assert.equal(w[0], 0.8);
 * ```
 */
export function sgdUpdate(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  momentum: number,
  weightDecay: number,
): void {
  if (!(w instanceof Float64Array && g instanceof Float64Array && v instanceof Float64Array)) {
    throw new TypeError("sgdUpdate needs the values, gradient and velocity as Float64Arrays");
  }
  const n = w.length;
  // Plain comparisons: this runs for every parameter at every step, so it must not allocate.
  if (g.length !== n || (momentum > 0 && v.length < n)) {
    throw new RangeError(
      `sgdUpdate needs a gradient as long as the ${n} values${
        momentum > 0 ? " and a velocity at least as long" : ""
      }, got ${g.length} and ${v.length}`,
    );
  }
  sgdUpdateTrusted(w, g, v, lr, momentum, weightDecay);
}

/**
 * The L2 penalty (λ/2)·Σ‖W‖² over the parameters that decay (the weights):
 * the term whose gradient weight decay adds. Add it to a loss to check the
 * decayed gradient by finite differences.
 *
 * @example
 * ```ts
 * import { l2Penalty, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = Linear.fromWeights(Tensor.from([[3], [4]]), Tensor.row([10]));
 * assert.equal(l2Penalty(layer.parameters(), 0.1), 0.05 * 25); // the bias is not penalised
 * ```
 */
export function l2Penalty(params: readonly Parameter[], weightDecay: number): number {
  if (!Array.isArray(params)) {
    throw new TypeError(`l2Penalty needs an array of parameters, got ${describe(params)}`);
  }
  if (typeof weightDecay !== "number" || !(weightDecay >= 0) || !Number.isFinite(weightDecay)) {
    throw new RangeError(`weightDecay must be a finite number ≥ 0, got ${describe(weightDecay)}`);
  }
  let s = 0;
  for (const p of params) {
    if (!p.decay) continue;
    for (const w of p.value.data) s += w * w;
  }
  return (weightDecay / 2) * s;
}

/**
 * Updates every parameter in place: W ← W − lr·dW. With momentum μ it keeps a
 * velocity v ← μ·v + dW and steps W ← W − lr·v; with weight decay λ each
 * weight's gradient is dW + λ·W. A new SGD starts with zero velocity.
 *
 * @example One step on one parameter
 * ```ts
 * import { SGD, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "w", value: Tensor.from([[1]]), grad: Tensor.from([[2]]), decay: true };
 * new SGD([p], { lr: 0.1 }).step();
 * assert.equal(p.value.get(0, 0), 0.8);
 * assert.throws(() => new SGD([p], { lr: 0 }), /learning rate/);
 * ```
 */
export class SGD {
  /** The learning rate. */
  readonly lr: number;
  /** The momentum. */
  readonly momentum: number;
  /** The weight decay λ. */
  readonly weightDecay: number;
  readonly #params: Parameter[];
  readonly #velocity: Float64Array[];

  /** An optimiser for the given parameters. */
  constructor(params: Parameter[], options: SgdOptions) {
    if (!Array.isArray(params)) {
      throw new TypeError(
        `SGD needs an array of parameters, got ${describe(params)}`,
      );
    }
    params.forEach((p, i) => {
      if (
        p === null || typeof p !== "object" || !(p.value instanceof Tensor) ||
        !(p.grad instanceof Tensor) || p.value.size !== p.grad.size
      ) {
        throw new TypeError(
          `SGD's parameter ${i} must be { name, value, grad } with value and grad Tensors of one size, got ${
            describe(p)
          }`,
        );
      }
    });
    const { lr, momentum, weightDecay } = checkSgdOptions(options);
    this.lr = lr;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.#params = params;
    this.#velocity = params.map((p) => new Float64Array(p.value.size));
  }

  /** One update of every parameter from its current gradient. */
  step(): void {
    this.#params.forEach((p, k) => {
      sgdUpdate(
        p.value.data,
        p.grad.data,
        this.#velocity[k],
        this.lr,
        this.momentum,
        p.decay ? this.weightDecay : 0,
      );
    });
  }

  /**
   * The parameters this optimiser updates, in order (a new array of the same
   * objects), so that a caller can check which network a step will change.
   */
  parameters(): Parameter[] {
    return [...this.#params];
  }

  /** Zeroes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.#params) p.grad.data.fill(0);
  }
}
