/**
 * Stochastic gradient descent.
 *
 * @module
 */
import type { Parameter } from "./layers.ts";
import { checkPositive, describe } from "./_validate.ts";

/**
 * Options for {@link SGD}.
 *
 * @example
 * ```ts
 * import { mlp, SGD, type SgdOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: SgdOptions = { lr: 0.1, momentum: 0.9 };
 * assert.equal(new SGD(mlp([2, 2, 1]).parameters(), options).momentum, 0.9);
 * ```
 */
export interface SgdOptions {
  /** The learning rate lr > 0. */
  lr: number;
  /** Momentum in [0, 1) (default 0: plain SGD). */
  momentum?: number;
}

/**
 * Updates every parameter in place: W ← W − lr·dW. With momentum μ it keeps a
 * velocity v ← μ·v + dW and steps W ← W − lr·v.
 *
 * @example One step on one parameter
 * ```ts
 * import { SGD, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "w", value: Tensor.from([[1]]), grad: Tensor.from([[2]]) };
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
  readonly #params: Parameter[];
  readonly #velocity: Float64Array[];

  /** An optimiser for the given parameters. */
  constructor(params: Parameter[], options: SgdOptions) {
    if (!Array.isArray(params)) {
      throw new TypeError(
        `SGD needs an array of parameters, got ${describe(params)}`,
      );
    }
    this.lr = checkPositive(options?.lr, "The learning rate lr");
    const momentum = options.momentum ?? 0;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) {
      throw new RangeError(
        `Momentum must be in [0, 1), got ${describe(momentum)}`,
      );
    }
    this.momentum = momentum;
    this.#params = params;
    this.#velocity = params.map((p) => new Float64Array(p.value.size));
  }

  /** One update of every parameter from its current gradient. */
  step(): void {
    const { lr, momentum } = this;
    this.#params.forEach((p, k) => {
      const w = p.value.data, g = p.grad.data, v = this.#velocity[k];
      for (let i = 0; i < w.length; i++) {
        if (momentum > 0) {
          v[i] = momentum * v[i] + g[i];
          w[i] -= lr * v[i];
        } else {
          w[i] -= lr * g[i];
        }
      }
    });
  }

  /** Zeroes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.#params) p.grad.data.fill(0);
  }
}
