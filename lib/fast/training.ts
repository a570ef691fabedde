/**
 * Training with the fast path: the core's training loop built with the fast
 * backend first and the reference one after it, so `backend: "auto"` trains
 * a network of stages on the fast path and any other model on the reference.
 * `nn` exports these.
 *
 * @module
 */
import {
  createTraining,
  type FitOptions,
  type FitResult,
  type Layer,
  referenceBackend,
  type StepTraining,
  type Tensor,
  type Training,
  type TrainOptions,
} from "../core/mod.ts";
import { fastBackend } from "./workspace.ts";

const fastTraining = createTraining([fastBackend, referenceBackend]);

/**
 * The core's `fit` with the fast backend: the same loop, losses and
 * weights; `auto` (the default) steps on the fast path whenever the model is
 * a network of stages.
 *
 * @example XOR on the fast path
 * ```ts
 * import { fit } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const result = fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 2000 });
 * assert.equal(result.backend, "fast");
 * assert.ok(result.losses.at(-1)! < 0.01);
 * ```
 */
export function fit(model: Layer, X: Tensor, y: Tensor, options: FitOptions): FitResult {
  return fastTraining.fit(model, X, y, options);
}

/**
 * The core's `trainEpochs` with the fast backend (see {@link fit}).
 *
 * @example
 * ```ts
 * import { trainEpochs } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const training = trainEpochs(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 3 });
 * assert.equal(training.backend, "fast");
 * assert.equal([...training].length, 3);
 * ```
 */
export function trainEpochs(model: Layer, X: Tensor, y: Tensor, options: TrainOptions): Training {
  return fastTraining.trainEpochs(model, X, y, options);
}

/**
 * The core's `trainSteps` with the fast backend: the steps of
 * {@link trainEpochs}, one batch at a time (see {@link fit}).
 *
 * @example
 * ```ts
 * import { trainSteps } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const training = trainSteps(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 3, batchSize: 2 });
 * assert.equal(training.backend, "fast");
 * assert.equal([...training].length, 6);
 * ```
 */
export function trainSteps(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
): StepTraining {
  return fastTraining.trainSteps(model, X, y, options);
}
