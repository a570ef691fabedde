/**
 * Weight initialisation. Every scheme draws from a seeded {@link Rng}.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import { checkInstance, checkPositiveInt, describe } from "./_validate.ts";

/**
 * The initialisation schemes.
 *
 * @example
 * ```ts
 * import { type InitName, initWeights, Rng } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const scheme: InitName = "xavier";
 * assert.deepEqual(initWeights(scheme, 3, 2, new Rng(0)).shape, [3, 2]);
 * ```
 */
export type InitName = "uniform" | "normal" | "xavier" | "he";

/**
 * An nIn × nOut weight matrix drawn by a named scheme:
 * - `uniform`: U(−1/√nIn, 1/√nIn) (PyTorch's default for Linear);
 * - `normal`: N(0, 1/nIn);
 * - `xavier` (Glorot): U(−√(6/(nIn+nOut)), √(6/(nIn+nOut))), for tanh and sigmoid;
 * - `he` (Kaiming): N(0, 2/nIn), for ReLU.
 *
 * @example He initialisation keeps the variance 2/nIn
 * ```ts
 * import { initWeights, Rng } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const W = initWeights("he", 2, 4, new Rng(0));
 * assert.deepEqual(W.shape, [2, 4]);
 * ```
 */
export function initWeights(
  scheme: InitName,
  nIn: number,
  nOut: number,
  rng: Rng,
): Tensor {
  checkPositiveInt(nIn, "nIn");
  checkPositiveInt(nOut, "nOut");
  checkInstance(rng, Rng, "initWeights's rng");
  switch (scheme) {
    case "uniform": {
      const a = 1 / Math.sqrt(nIn);
      return Tensor.uniform(nIn, nOut, rng, -a, a);
    }
    case "normal":
      return Tensor.normal(nIn, nOut, rng, 0, 1 / Math.sqrt(nIn));
    case "xavier": {
      const a = Math.sqrt(6 / (nIn + nOut));
      return Tensor.uniform(nIn, nOut, rng, -a, a);
    }
    case "he":
      return Tensor.normal(nIn, nOut, rng, 0, Math.sqrt(2 / nIn));
    default:
      throw new RangeError(
        `Unknown initialisation ${describe(scheme)}: use one of uniform, normal, xavier, he`,
      );
  }
}
