/**
 * The fast path, built on the core and nothing else: cache-blocked, packed
 * matrix products with a WebAssembly SIMD kernel (and a TypeScript one where
 * SIMD is missing), the allocation-free training workspace behind fit's
 * `fast` backend, and fast predictions for evaluating on many samples.
 * Importing this module registers that backend, so `fit` uses it by default
 * for networks of Linear and activation layers. The tests prove every result
 * equal to the core's readable reference.
 *
 * @example fit uses the fast backend once this module is loaded
 * ```ts
 * import "nn/fast";
 * import { fit, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 10 }).backend, "fast");
 * ```
 *
 * @module
 */
export { gemm, gemmKernel, gemmNT, gemmTN, matmulInto, setGemmKernel } from "./gemm.ts";
export { canTrainFast, fastBackend, TrainingWorkspace } from "./workspace.ts";
export { predict } from "./predict.ts";
