/**
 * Predictions on the fast path: the core's one forward pass over a
 * network's stages, run with the blocked matrix products, for evaluating on
 * many samples (a test set of 10,000 images, say) without the reference
 * loops.
 *
 * @module
 */
import { forwardStages, type Layer, type Tensor } from "../core/mod.ts";
import { checkTensor } from "../core/_internal.ts";
import { fastProducts } from "./gemm.ts";

/**
 * The output of a network of stages for every row of X: `forwardStages`
 * with {@link fastProducts}, the same values as `net.forward(X)` to
 * rounding. Unlike `forward`, it keeps nothing for a backward pass, so it
 * does not disturb training.
 *
 * @example The same predictions as the reference forward pass
 * ```ts
 * import { predict } from "nn/fast";
 * import { assertAllClose, mlp, Rng, Tensor } from "nn/core";
 *
 * const net = mlp([20, 64, 3], { seed: 1 });
 * const X = Tensor.normal(100, 20, new Rng(2));
 * assertAllClose(predict(net, X), net.forward(X), { rtol: 1e-12, atol: 1e-12 });
 * ```
 */
export function predict(net: Layer, X: Tensor): Tensor {
  checkTensor(X, "predict's inputs X");
  return forwardStages(net, X, { products: fastProducts });
}
