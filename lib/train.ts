/**
 * The training loop.
 *
 * @module
 */
import type { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import { gatherRows } from "./ops.ts";
import type { Layer } from "./layers.ts";
import { getLoss, type Loss, LOSSES, type LossName } from "./losses.ts";
import { canTrainFast, TrainingWorkspace } from "./fast_train.ts";
import type { Sequential } from "./layers.ts";
import { SGD } from "./optim.ts";
import { checkPositiveInt, checkTensor, shapeOf } from "./_validate.ts";

/**
 * Options for {@link fit}.
 *
 * @example
 * ```ts
 * import { fit, type FitOptions, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: FitOptions = { lr: 0.1, epochs: 3, batchSize: 2, seed: 1 };
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, options).losses.length, 3);
 * ```
 */
export interface FitOptions {
  /** Learning rate (> 0). */
  lr: number;
  /** Number of passes over the data (≥ 1). */
  epochs: number;
  /** `mse` (default), `bce`, or a loss object. */
  loss?: LossName | Loss;
  /** Samples per update; omitted or ≥ the number of samples means full batch. */
  batchSize?: number;
  /** SGD momentum in [0, 1) (default 0). */
  momentum?: number;
  /** Seed for the mini-batch shuffles (default 0). */
  seed?: number;
  /** Called after each epoch with the epoch (1-based) and its mean loss; return `false` to stop early. */
  onEpoch?: (epoch: number, loss: number) => void | boolean;
  /**
   * Train with the readable layer classes (forward, backward and SGD objects,
   * allocating new tensors at every op) instead of the fast path. Both give
   * the same losses and weights; the fast path is used by default whenever
   * the model is a Sequential of Linear and activation layers and the loss is MSE.
   */
  reference?: boolean;
}

/**
 * What {@link fit} returns.
 *
 * @example
 * ```ts
 * import { fit, type FitResult, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const result: FitResult = fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 2 });
 * assert.equal(result.losses.length, 2);
 * ```
 */
export interface FitResult {
  /** The mean training loss of every epoch, in order. */
  losses: number[];
}

/**
 * Thrown when the loss stops being a finite number.
 *
 * @example
 * ```ts
 * import { fit, mlp, Tensor, TrainingDivergedError, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { y } = xor();
 * const X = Tensor.fill(4, 2, 1e6);
 * assert.throws(() => fit(mlp([2, 8, 1], { activation: "identity" }), X, y, { lr: 10, epochs: 50 }), TrainingDivergedError);
 * ```
 */
export class TrainingDivergedError extends Error {
  /** The epoch (1-based) in which the loss became non-finite. */
  readonly epoch: number;
  /** Creates the error. */
  constructor(epoch: number, loss: number, lr: number) {
    super(
      `Training diverged in epoch ${epoch}: the loss became ${loss}. ` +
        `Try a smaller learning rate than ${lr}`,
    );
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
  }
}

/**
 * Trains a model with SGD: for each batch, forward → loss → zeroGrad →
 * backward → step. Mini-batches are drawn from a seeded shuffle. When the
 * loss becomes NaN or infinite the loop stops with a {@link TrainingDivergedError}.
 *
 * A Sequential of Linear and activation layers trained with MSE runs on the
 * fast path ({@link TrainingWorkspace}: preallocated buffers, nothing
 * allocated per step), which gives the same losses and weights as the layer
 * classes; `reference: true` runs the layer classes themselves.
 *
 * @example XOR, learned
 * ```ts
 * import { fit, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 3 });
 * const { losses } = fit(net, X, y, { lr: 0.1, epochs: 2000 });
 * assert.ok(losses.at(-1)! < 0.01);
 * ```
 */
export function fit(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: FitOptions,
): FitResult {
  checkTensor(X, "fit's inputs X");
  checkTensor(y, "fit's targets y");
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  const epochs = checkPositiveInt(options.epochs, "epochs");
  const loss = typeof options.loss === "object" ? options.loss : getLoss(options.loss ?? "mse");
  const opt = new SGD(model.parameters(), {
    lr: options.lr,
    momentum: options.momentum,
  });
  const n = X.rows;
  const batchSize = options.batchSize === undefined
    ? n
    : Math.min(checkPositiveInt(options.batchSize, "batchSize"), n);
  const rng = new Rng(options.seed ?? 0);
  if (!options.reference && loss === LOSSES.mse && canTrainFast(model)) {
    return fitFast(model, X, y, {
      epochs,
      batchSize,
      rng,
      lr: opt.lr,
      momentum: opt.momentum,
      onEpoch: options.onEpoch,
    });
  }
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    if (batchSize === n) {
      total = step(model, opt, loss, X, y) * n;
    } else {
      const order = rng.permutation(n);
      for (let start = 0; start < n; start += batchSize) {
        const idx = order.subarray(start, Math.min(start + batchSize, n));
        total += step(model, opt, loss, gatherRows(X, idx), gatherRows(y, idx)) *
          idx.length;
      }
    }
    const epochLoss = total / n;
    if (!Number.isFinite(epochLoss)) {
      throw new TrainingDivergedError(epoch, epochLoss, opt.lr);
    }
    losses.push(epochLoss);
    if (options.onEpoch?.(epoch, epochLoss) === false) break;
  }
  return { losses };
}

function step(
  model: Layer,
  opt: SGD,
  loss: Loss,
  X: Tensor,
  y: Tensor,
): number {
  const yHat = model.forward(X);
  if (yHat.rows !== y.rows || yHat.cols !== y.cols) {
    throw new RangeError(
      `The model predicts ${shapeOf(yHat)} but y is ${shapeOf(y)}`,
    );
  }
  if (!yHat.data.every(Number.isFinite)) return NaN;
  const value = loss.value(yHat, y);
  if (!Number.isFinite(value)) return value;
  opt.zeroGrad();
  model.backward(loss.grad(yHat, y));
  opt.step();
  return value;
}

function fitFast(
  model: Sequential,
  X: Tensor,
  y: Tensor,
  o: {
    epochs: number;
    batchSize: number;
    rng: Rng;
    lr: number;
    momentum: number;
    onEpoch?: (epoch: number, loss: number) => void | boolean;
  },
): FitResult {
  const n = X.rows, nIn = X.cols, nOut = y.cols;
  if (model.linears().at(-1)!.W.cols !== nOut) {
    throw new RangeError(
      `The model predicts ${n}×${model.linears().at(-1)!.W.cols} but y is ${n}×${nOut}`,
    );
  }
  if (model.linears()[0].W.rows !== nIn) {
    throw new RangeError(
      `This Linear layer takes ${model.linears()[0].W.rows} inputs per sample but X is ${n}×${nIn}`,
    );
  }
  const workspace = new TrainingWorkspace(model, o.batchSize);
  const full = o.batchSize === n;
  const order = new Int32Array(n);
  const Xb = full ? X.data : new Float64Array(o.batchSize * nIn);
  const yb = full ? y.data : new Float64Array(o.batchSize * nOut);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    let total = 0;
    if (full) {
      workspace.run(X.data, y.data, n, o.lr, o.momentum);
      total = workspace.loss[0] * n;
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      o.rng.shuffle(order);
      for (let start = 0; start < n; start += o.batchSize) {
        const rows = Math.min(o.batchSize, n - start);
        for (let r = 0; r < rows; r++) {
          const src = order[start + r];
          for (let c = 0; c < nIn; c++) Xb[r * nIn + c] = X.data[src * nIn + c];
          for (let c = 0; c < nOut; c++) yb[r * nOut + c] = y.data[src * nOut + c];
        }
        workspace.run(Xb, yb, rows, o.lr, o.momentum);
        total += workspace.loss[0] * rows;
      }
    }
    const epochLoss = total / n;
    if (!Number.isFinite(epochLoss)) throw new TrainingDivergedError(epoch, epochLoss, o.lr);
    losses.push(epochLoss);
    if (o.onEpoch?.(epoch, epochLoss) === false) break;
  }
  return { losses };
}
