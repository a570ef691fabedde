/**
 * The whole library in one import, for notebooks: `import { … } from "nn"`.
 * It is four parts, each with its own entry, by what they depend on:
 *
 * - `nn/core`: tensors, ops with their backward passes, activations, layers,
 *   losses, SGD, training, initialisation, randomness, gradient checks,
 *   least squares, datasets. No dependency at all; runs in a browser.
 * - `nn/fast`: blocked matrix products with a WebAssembly SIMD kernel, the
 *   allocation-free training backend and the `fit` that uses it (the one
 *   this module exports); imports only the core.
 * - `nn/excel`: workbooks in which a network trains in live formulas (uses
 *   the `exceljs` package to write them).
 * - `nn/notebook`: display bundles, figures, tables, a live loss chart and
 *   saving files into the site (uses Observable Plot, linkedom and vega).
 *
 * Names follow one glossary: X (inputs, samples × features), y (targets),
 * yHat (predictions), W1/b1 (first layer), Z1 = X·W1 + b1, A1 = f(Z1),
 * dW1 = ∂loss/∂W1, nHidden, lr, epochs.
 *
 * @example Solve XOR with a two-layer ReLU network
 * ```ts
 * import { fit, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 3 });
 * fit(net, X, y, { lr: 0.1, epochs: 2000 });
 * const yHat = net.forward(X).toArray().flat().map(Math.round);
 * assert.deepEqual(yHat, [0, 1, 1, 0]);
 * ```
 *
 * @module
 */
export * from "./core/mod.ts";
export * from "./fast/mod.ts";
// The fast path's fit, trainEpochs and trainSteps (fast backend first, then the reference) win
// over the core's.
export { fit, trainEpochs, trainSteps } from "./fast/mod.ts";
export * from "./excel/mod.ts";
export * from "./notebook/mod.ts";
