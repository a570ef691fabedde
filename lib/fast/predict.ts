/**
 * Predictions on the fast path: a network's forward pass with the blocked
 * matrix products, for evaluating on many samples (a test set of 10,000
 * images, say) without the reference layers' triple loops.
 *
 * @module
 */
import { type Layer, stagesOf, Tensor } from "../core/mod.ts";
import { checkTensor, shapeOf } from "../core/_validate.ts";
import { gemm } from "./gemm.ts";

/**
 * The output of a network of stages (Linear layers, each optionally followed
 * by an activation) for every row of X: the same values as `net.forward(X)`
 * to rounding, computed with the fast matrix products. Unlike `forward`, it
 * keeps nothing for a backward pass, so it does not disturb training.
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
  const stages = stagesOf(net);
  checkTensor(X, "predict's inputs X");
  const nIn = stages[0].linear.W.rows;
  if (X.cols !== nIn) {
    throw new RangeError(`This network takes ${nIn} inputs per sample but X is ${shapeOf(X)}`);
  }
  let input = X.data;
  const rows = X.rows;
  for (const { linear, activation } of stages) {
    const k = linear.W.rows, n = linear.W.cols;
    const Z = new Float64Array(rows * n);
    gemm(input, linear.W.data, Z, rows, k, n);
    const b = linear.b.data, f = activation.f;
    const identity = activation.name === "identity";
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < n; j++) {
        const z = Z[i * n + j] + b[j];
        Z[i * n + j] = identity ? z : f(z);
      }
    }
    input = Z;
  }
  return new Tensor(rows, stages.at(-1)!.linear.W.cols, input);
}
