/**
 * The fast path of {@link fit}: the same forward pass, MSE gradient, backward
 * pass and SGD update as the layer classes, computed in preallocated
 * workspaces with in-place kernels, so that a training step allocates
 * nothing. The layer classes stay the readable reference; the tests prove
 * both paths give the same losses and weights.
 *
 * @module
 */
import { ActivationLayer, Linear, Sequential } from "./layers.ts";
import { ACTIVATIONS, LEAKY_SLOPE } from "./activations.ts";

// The same scalar function as the layer classes, so both paths round alike.
const sigmoid = ACTIVATIONS.sigmoid.f;
import { gemm, gemmNT, gemmTN } from "./gemm.ts";
import { checkPositiveInt } from "./_validate.ts";

const IDENTITY = 0, RELU = 1, SIGMOID = 2, TANH = 3, LEAKY = 4;
const CODES = {
  identity: IDENTITY,
  relu: RELU,
  sigmoid: SIGMOID,
  tanh: TANH,
  leakyRelu: LEAKY,
} as const;

interface Stage {
  layer: Linear;
  nIn: number;
  nOut: number;
  act: number;
  Z: Float64Array;
  A: Float64Array;
  dA: Float64Array;
  dZ: Float64Array;
  vW: Float64Array;
  vb: Float64Array;
}

/**
 * Whether {@link fit} can train this model on the fast path: a Sequential of
 * Linear layers, each optionally followed by one activation.
 *
 * @example
 * ```ts
 * import { canTrainFast, mlp } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.ok(canTrainFast(mlp([2, 4, 1])));
 * ```
 */
export function canTrainFast(model: unknown): model is Sequential {
  if (!(model instanceof Sequential)) return false;
  let previous: "linear" | "activation" | "none" = "none";
  for (const layer of model.layers) {
    if (layer instanceof Linear) previous = "linear";
    else if (layer instanceof ActivationLayer && previous === "linear") previous = "activation";
    else return false;
  }
  return model.layers[0] instanceof Linear;
}

/**
 * Preallocated buffers for training one network with mini-batches of up to
 * `batch` rows. The network's own weight, bias and gradient tensors are
 * updated in place.
 *
 * @example One SGD step on XOR
 * ```ts
 * import { mlp, TrainingWorkspace, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 3 });
 * const loss = new TrainingWorkspace(net, 4).step(X.data, y.data, 4, 0.1, 0);
 * assert.ok(loss > 0);
 * ```
 */
export class TrainingWorkspace {
  readonly #stages: Stage[];
  readonly #batch: number;

  /** Buffers for `net` and batches of up to `batch` samples. */
  constructor(net: Sequential, batch: number) {
    if (!canTrainFast(net)) {
      throw new RangeError("The fast path trains Sequentials of Linear and activation layers");
    }
    checkPositiveInt(batch, "The workspace's batch size");
    this.#batch = batch;
    const stages: Stage[] = [];
    for (const layer of net.layers) {
      if (layer instanceof Linear) {
        const nIn = layer.W.rows, nOut = layer.W.cols;
        const Z = new Float64Array(batch * nOut);
        stages.push({
          layer,
          nIn,
          nOut,
          act: IDENTITY,
          Z,
          A: Z,
          dA: new Float64Array(batch * nOut),
          dZ: new Float64Array(batch * nOut),
          vW: new Float64Array(nIn * nOut),
          vb: new Float64Array(nOut),
        });
      } else {
        const stage = stages[stages.length - 1];
        stage.act = CODES[(layer as ActivationLayer).activation];
        stage.A = new Float64Array(batch * stage.nOut);
      }
    }
    this.#stages = stages;
  }

  /**
   * One SGD step on `rows` samples (X row-major rows × nIn, y rows × nOut):
   * forward, MSE, backward, update. Returns the loss before the update; when
   * a prediction is not finite it returns NaN, and when the loss is not
   * finite it returns it, in both cases without updating anything.
   */
  step(X: Float64Array, y: Float64Array, rows: number, lr: number, momentum: number): number {
    this.run(X, y, rows, lr, momentum);
    return this.loss[0];
  }

  /**
   * The loss of the last {@link TrainingWorkspace.run} (or step), kept in an
   * array so that reading it allocates nothing.
   */
  readonly loss: Float64Array = new Float64Array(1);

  /** {@link TrainingWorkspace.step} without returning the loss: it lands in `loss[0]`, and nothing is allocated. */
  run(X: Float64Array, y: Float64Array, rows: number, lr: number, momentum: number): void {
    const stages = this.#stages;
    if (!Number.isInteger(rows) || rows < 1 || rows > this.#batch) {
      throw new RangeError(`This workspace takes 1 to ${this.#batch} rows, got ${rows}`);
    }
    const nIn = stages[0].nIn, nOut = stages[stages.length - 1].nOut;
    if (X.length < rows * nIn || y.length < rows * nOut) {
      throw new RangeError(
        `${rows} rows need ${rows * nIn} inputs and ${
          rows * nOut
        } targets, got ${X.length} and ${y.length}`,
      );
    }
    if (!(lr > 0 && lr < Infinity)) {
      throw new RangeError(`The learning rate lr must be a finite number > 0, got ${lr}`);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new RangeError(`Momentum must be in [0, 1), got ${momentum}`);
    }
    // Forward: Z = In·W, then + b (the reference's order), then A = f(Z).
    let input = X;
    for (const s of stages) {
      const { nIn, nOut, Z, A } = s;
      gemm(input, s.layer.W.data, Z, rows, nIn, nOut);
      const b = s.layer.b.data;
      for (let i = 0; i < rows; i++) {
        const r = i * nOut;
        for (let j = 0; j < nOut; j++) Z[r + j] += b[j];
      }
      activate(s.act, Z, A, rows * nOut);
      input = A;
    }
    const last = stages[stages.length - 1];
    const yHat = last.A, size = rows * last.nOut;
    let loss = 0;
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(yHat[i])) {
        this.loss[0] = NaN;
        return;
      }
      const d = yHat[i] - y[i];
      loss += d * d;
    }
    loss /= size;
    this.loss[0] = loss;
    // Like the reference: a non-finite loss stops the step before any update.
    if (!Number.isFinite(loss)) return;
    // Backward: dYHat = 2(yHat − y)/size, then layer by layer.
    const k = 2 / size;
    for (let i = 0; i < size; i++) last.dA[i] = k * (yHat[i] - y[i]);
    for (let l = stages.length - 1; l >= 0; l--) {
      const s = stages[l];
      const { nIn, nOut, dA, dZ } = s;
      const n = rows * nOut;
      derivative(s.act, s.Z, dA, dZ, n);
      const prev = l === 0 ? X : stages[l - 1].A;
      const dW = s.layer.dW.data, db = s.layer.db.data;
      gemmTN(prev, dZ, dW, nIn, rows, nOut);
      db.fill(0);
      for (let i = 0; i < rows; i++) {
        const r = i * nOut;
        for (let j = 0; j < nOut; j++) db[j] += dZ[r + j];
      }
      if (l > 0) gemmNT(dZ, s.layer.W.data, stages[l - 1].dA, rows, nOut, nIn);
    }
    // SGD update, with momentum when asked.
    for (const s of stages) {
      update(s.layer.W.data, s.layer.dW.data, s.vW, lr, momentum);
      update(s.layer.b.data, s.layer.db.data, s.vb, lr, momentum);
    }
  }
}

function activate(act: number, Z: Float64Array, A: Float64Array, n: number): void {
  switch (act) {
    case IDENTITY:
      if (A !== Z) { for (let i = 0; i < n; i++) A[i] = Z[i]; }
      return;
    case RELU:
      for (let i = 0; i < n; i++) A[i] = Z[i] > 0 ? Z[i] : 0;
      return;
    case SIGMOID:
      for (let i = 0; i < n; i++) A[i] = sigmoid(Z[i]);
      return;
    case TANH:
      for (let i = 0; i < n; i++) A[i] = Math.tanh(Z[i]);
      return;
    case LEAKY:
      for (let i = 0; i < n; i++) A[i] = Z[i] > 0 ? Z[i] : LEAKY_SLOPE * Z[i];
      return;
  }
}

// dZ = dA ⊙ f′(Z), multiplying exactly as the reference does (dA·f′, with f′ = 1 for identity).
function derivative(
  act: number,
  Z: Float64Array,
  dA: Float64Array,
  dZ: Float64Array,
  n: number,
): void {
  switch (act) {
    case IDENTITY:
      for (let i = 0; i < n; i++) dZ[i] = dA[i];
      return;
    case RELU:
      for (let i = 0; i < n; i++) dZ[i] = dA[i] * (Z[i] > 0 ? 1 : 0);
      return;
    case SIGMOID:
      for (let i = 0; i < n; i++) {
        const s = sigmoid(Z[i]);
        dZ[i] = dA[i] * (s * (1 - s));
      }
      return;
    case TANH:
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(Z[i]);
        dZ[i] = dA[i] * (1 - t * t);
      }
      return;
    case LEAKY:
      for (let i = 0; i < n; i++) dZ[i] = dA[i] * (Z[i] > 0 ? 1 : LEAKY_SLOPE);
      return;
  }
}

function update(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  momentum: number,
): void {
  if (momentum > 0) {
    for (let i = 0; i < w.length; i++) {
      v[i] = momentum * v[i] + g[i];
      w[i] -= lr * v[i];
    }
  } else {
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
  }
}
