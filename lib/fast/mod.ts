/**
 * The fast path, built on the core and nothing else: cache-blocked, packed
 * matrix products with a WebAssembly SIMD kernel (and a TypeScript one where
 * SIMD is missing) and `fastProducts`, which hand them to the core's one
 * forward pass; the allocation-free training workspace behind the `fast`
 * backend; a `fit`, `trainEpochs` and `trainSteps` that try that backend first (the ones
 * `nn` exports); and fast predictions for evaluating on many samples.
 * Importing this module changes nothing elsewhere: the core's `fit` stays
 * the reference one. The tests prove every result equal to the core's
 * readable reference.
 *
 * @example This module's fit uses the fast backend
 * ```ts
 * import { fit } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 10 }).backend, "fast");
 * ```
 *
 * @module
 */
export {
  fastProducts,
  gemm,
  gemmKernel,
  gemmNT,
  gemmTN,
  matmulInto,
  setGemmKernel,
} from "./gemm.ts";
export {
  canTrainFast,
  fastBackend,
  TrainingWorkspace,
  type WorkspaceOptions,
} from "./workspace.ts";
export { fit, trainEpochs, trainSteps } from "./training.ts";
export { predict } from "./predict.ts";
