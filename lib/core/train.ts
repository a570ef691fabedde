/**
 * The training loop: one epoch loop for every backend. A backend turns a
 * model into a {@link Trainer} that does one SGD step on a batch; `fit`
 * shuffles, batches, sums the losses and stops on divergence, the same way
 * whichever backend steps. The core has the readable `reference` backend
 * (the layer classes and the SGD object); importing `nn/fast` adds `fast`.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import { type Layer, stageProblem, stagesOf } from "./layers.ts";
import { type Loss, type LossName, resolveLoss } from "./losses.ts";
import { checkSgdOptions, SGD } from "./optim.ts";
import {
  checkAllFinite,
  checkLayerLike,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";

/**
 * Options for {@link fit}. An option name fit does not know is an error, so
 * a typo such as `batchsize` cannot silently train full-batch.
 *
 * @example
 * ```ts
 * import { fit, type FitOptions, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: FitOptions = { lr: 0.1, epochs: 3, batchSize: 2, seed: 1 };
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, options).losses.length, 3);
 * ```
 */
export interface FitOptions extends TrainOptions {
  /** Called after each epoch with the epoch (1-based) and its mean loss; return `false` to stop early. */
  onEpoch?: (epoch: number, loss: number) => void | boolean;
}

/**
 * Options for {@link trainEpochs}: those of {@link fit} except the callback.
 *
 * @example
 * ```ts
 * import { mlp, type TrainOptions, trainEpochs, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: TrainOptions = { lr: 0.1, epochs: 2 };
 * const { X, y } = xor();
 * assert.equal([...trainEpochs(mlp([2, 4, 1]), X, y, options)].length, 2);
 * ```
 */
export interface TrainOptions {
  /** Learning rate (> 0). */
  lr: number;
  /** Number of passes over the data (≥ 1). */
  epochs: number;
  /** `mse` (default), `bce`, `sigmoidCrossEntropy`, `softmaxCrossEntropy`, or a loss object. */
  loss?: LossName | Loss;
  /** Samples per update; omitted or ≥ the number of samples means full batch. */
  batchSize?: number;
  /** SGD momentum in [0, 1) (default 0). Every call of fit starts with zero velocity. */
  momentum?: number;
  /** Weight decay λ ≥ 0 on the weights, not the biases (default 0): see {@link SgdOptions}. */
  weightDecay?: number;
  /** Seed for the mini-batch shuffles (default 0). */
  seed?: number;
  /**
   * Which backend does the steps: `reference` (the readable layer classes
   * and SGD object, allocating new tensors at every op), `fast` (preallocated
   * workspaces, loaded by `nn/fast`), or `auto` (the default: a faster
   * registered backend when one can train the model, else `reference`).
   * All give the same losses and weights.
   */
  backend?: string;
}

const TRAIN_OPTIONS = [
  "lr",
  "epochs",
  "loss",
  "batchSize",
  "momentum",
  "weightDecay",
  "seed",
  "backend",
] as const;

/**
 * What {@link fit} returns.
 *
 * @example
 * ```ts
 * import { fit, type FitResult, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const result: FitResult = fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 2 });
 * assert.equal(result.losses.length, 2);
 * assert.equal(result.backend, "reference");
 * ```
 */
export interface FitResult {
  /** The mean training loss of every epoch, in order. */
  losses: number[];
  /** The backend that did the steps. */
  backend: string;
}

/**
 * Thrown when training stops being finite. The message says what diverged
 * (the predictions, or the loss of finite predictions) and what to change.
 * The model keeps the weights of the last finite step.
 *
 * @example
 * ```ts
 * import { fit, mlp, Tensor, TrainingDivergedError, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { y } = xor();
 * const X = Tensor.fill(4, 2, 1e6);
 * assert.throws(() => fit(mlp([2, 8, 1], { activation: "identity" }), X, y, { lr: 10, epochs: 50 }), TrainingDivergedError);
 * ```
 */
export class TrainingDivergedError extends Error {
  /** The epoch (1-based) in which training stopped being finite. */
  readonly epoch: number;
  /** What went non-finite: the network's predictions, or the loss of finite predictions. */
  readonly what: "predictions" | "loss";
  /** Creates the error for a step whose loss was `loss` (NaN when the predictions were not finite). */
  constructor(epoch: number, loss: number, lr: number, lossName: string) {
    const predictions = Number.isNaN(loss);
    const tooLarge =
      `the steps of lr = ${lr} are too large for this network and data: try a smaller learning rate than ${lr}`;
    const why = predictions
      ? `the predictions became NaN or infinite, so the weights grew without bound; ${tooLarge}`
      : lossName === "bce"
      ? `the loss became ${loss}: a prediction reached exactly 0 or 1 on the wrong side, where bce is infinite; ` +
        `train on logits with sigmoidCrossEntropy, or try a smaller learning rate than ${lr}`
      : `the ${lossName} loss of finite predictions overflowed to ${loss}; ${tooLarge}`;
    super(`Training diverged in epoch ${epoch}: ${why}`);
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
    this.what = predictions ? "predictions" : "loss";
  }
}

/**
 * The settings a backend prepares a trainer with.
 *
 * @example
 * ```ts
 * import type { TrainerSettings } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const s: TrainerSettings = { batch: 4, nIn: 2, nOut: 1, lr: 0.1, momentum: 0, weightDecay: 0 };
 * assert.equal(s.batch, 4);
 * ```
 */
export interface TrainerSettings {
  /** The largest batch, in rows. */
  batch: number;
  /** Inputs per sample (columns of X). */
  nIn: number;
  /** Outputs per sample (columns of y). */
  nOut: number;
  /** Learning rate. */
  lr: number;
  /** Momentum. */
  momentum: number;
  /** Weight decay. */
  weightDecay: number;
}

/**
 * Does one SGD step at a time for one model.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, referenceBackend, type Trainer, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const settings = { batch: 4, nIn: 2, nOut: 1, lr: 0.1, momentum: 0, weightDecay: 0 };
 * const trainer: Trainer = referenceBackend.prepare(mlp([2, 4, 1]), getLoss("mse"), settings);
 * assert.ok(trainer.step(X.data, y.data, 4) > 0);
 * ```
 */
export interface Trainer {
  /**
   * One step on `rows` samples (X row-major rows × nIn, y rows × nOut):
   * forward, loss, backward, update. Returns the loss before the update.
   * When a prediction is not finite it returns NaN, and when the loss is
   * not finite it returns it, in both cases without updating anything.
   */
  step(X: Float64Array, y: Float64Array, rows: number): number;
}

/**
 * A way of running training steps: the readable `reference`, the `fast`
 * path, or later another (a GPU, say) registered with {@link registerBackend}.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, referenceBackend, type TrainingBackend } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const backend: TrainingBackend = referenceBackend;
 * assert.equal(backend.unsupported(mlp([2, 1]), getLoss("mse")), undefined);
 * ```
 */
export interface TrainingBackend {
  /** Its name, the value of fit's `backend` option. */
  readonly name: string;
  /** Why it cannot train this model with this loss, or undefined when it can. */
  unsupported(model: Layer, loss: Loss): string | undefined;
  /** A trainer for the model, or an error naming what does not fit (the data's widths, say). */
  prepare(model: Layer, loss: Loss, settings: TrainerSettings): Trainer;
}

/**
 * The readable backend: each step runs the layer classes' forward and
 * backward passes, allocating new tensors at every op, and an {@link SGD}.
 *
 * @example
 * ```ts
 * import { fit, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, backend: "reference" }).backend, "reference");
 * ```
 */
export const referenceBackend: TrainingBackend = Object.freeze({
  name: "reference",
  unsupported: () => undefined,
  prepare(model: Layer, loss: Loss, s: TrainerSettings): Trainer {
    const opt = new SGD(model.parameters(), {
      lr: s.lr,
      momentum: s.momentum,
      weightDecay: s.weightDecay,
    });
    return {
      step(X: Float64Array, y: Float64Array, rows: number): number {
        const Xb = new Tensor(rows, s.nIn, X.subarray(0, rows * s.nIn));
        const yb = new Tensor(rows, s.nOut, y.subarray(0, rows * s.nOut));
        const yHat = model.forward(Xb);
        if (yHat.rows !== yb.rows || yHat.cols !== yb.cols) {
          throw new RangeError(`The model predicts ${shapeOf(yHat)} but y is ${shapeOf(yb)}`);
        }
        if (!yHat.data.every(Number.isFinite)) return NaN;
        const value = loss.value(yHat, yb);
        if (!Number.isFinite(value)) return value;
        opt.zeroGrad();
        model.backward(loss.grad(yHat, yb));
        opt.step();
        return value;
      },
    };
  },
});

const backends = new Map<string, TrainingBackend>([["reference", referenceBackend]]);

/**
 * Adds a backend that fit's `backend` option can name (`nn/fast` registers
 * `fast` when it loads). A name already taken is an error.
 *
 * @example
 * ```ts
 * import { referenceBackend, registerBackend, trainingBackends } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => registerBackend(referenceBackend), /already registered/);
 * assert.ok(trainingBackends().includes("reference"));
 * ```
 */
export function registerBackend(backend: TrainingBackend): void {
  if (
    backend === null || typeof backend !== "object" || typeof backend.name !== "string" ||
    typeof backend.prepare !== "function" || typeof backend.unsupported !== "function"
  ) {
    throw new TypeError(`registerBackend needs a TrainingBackend, got ${describe(backend)}`);
  }
  if (backends.has(backend.name) || backend.name === "auto") {
    throw new RangeError(`A backend named ${JSON.stringify(backend.name)} is already registered`);
  }
  backends.set(backend.name, Object.freeze(backend));
}

/**
 * The names of the registered backends, in the order they were added.
 *
 * @example
 * ```ts
 * import { trainingBackends } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(trainingBackends()[0], "reference");
 * ```
 */
export function trainingBackends(): string[] {
  return [...backends.keys()];
}

function chooseBackend(name: string, model: Layer, loss: Loss): TrainingBackend {
  if (name === "auto") {
    for (const backend of backends.values()) {
      if (backend !== referenceBackend && backend.unsupported(model, loss) === undefined) {
        return backend;
      }
    }
    return referenceBackend;
  }
  const backend = backends.get(name);
  if (backend === undefined) {
    throw new RangeError(
      `Unknown backend ${describe(name)}: use "auto" or one of ${
        trainingBackends().map((b) => JSON.stringify(b)).join(", ")
      }${name === "fast" ? ' (import "nn/fast" to load the fast backend)' : ""}`,
    );
  }
  const why = backend.unsupported(model, loss);
  if (why !== undefined) {
    throw new RangeError(`The ${name} backend cannot train this model: ${why}`);
  }
  return backend;
}

/**
 * One epoch's report from {@link trainEpochs}.
 *
 * @example
 * ```ts
 * import { type EpochReport, mlp, trainEpochs, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const [first]: EpochReport[] = [...trainEpochs(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 })];
 * assert.equal(first.epoch, 1);
 * ```
 */
export interface EpochReport {
  /** The epoch, from 1. */
  epoch: number;
  /** Its mean training loss. */
  loss: number;
}

/**
 * Training that runs one epoch each time it is asked for the next: the
 * epochs of {@link fit}, for a caller that wants to do something between
 * them (draw progress, stop on a condition). `backend` names the backend.
 *
 * @example
 * ```ts
 * import { mlp, type Training, trainEpochs, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const training: Training = trainEpochs(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 3 });
 * assert.equal(training.next().value!.epoch, 1);
 * ```
 */
export interface Training extends Generator<EpochReport, void, undefined> {
  /** The backend that does the steps. */
  readonly backend: string;
}

/**
 * The training loop, one epoch per step of the returned generator: each
 * epoch shuffles the samples (seeded; none when full-batch) and, for each
 * batch, the backend runs forward → loss → zeroGrad → backward → step. When a
 * prediction or the loss stops being finite it throws a
 * {@link TrainingDivergedError}. Every argument is checked here, before the
 * first step, so bad input leaves the model as it was. {@link fit} runs it
 * to the end.
 *
 * @example Stop when the loss is small enough
 * ```ts
 * import { mlp, trainEpochs, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * let last = 0;
 * for (const { epoch, loss } of trainEpochs(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 5000 })) {
 *   last = epoch;
 *   if (loss < 0.01) break;
 * }
 * assert.ok(last < 5000);
 * ```
 */
export function trainEpochs(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
): Training {
  return startTraining(model, X, y, options, "trainEpochs");
}

function startTraining(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
  caller: string,
): Training {
  checkOptions(options, TRAIN_OPTIONS, caller, "{ lr: 0.1, epochs: 100 }");
  checkLayerLike(model, `${caller}'s model`);
  checkTensor(X, `${caller}'s inputs X`);
  checkTensor(y, `${caller}'s targets y`);
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  checkAllFinite(X, `${caller}'s inputs X`);
  checkAllFinite(y, `${caller}'s targets y`);
  const epochs = checkPositiveInt(options.epochs, "epochs");
  const { lr, momentum, weightDecay } = checkSgdOptions({
    lr: options.lr,
    momentum: options.momentum,
    weightDecay: options.weightDecay,
  });
  const loss = resolveLoss(options.loss);
  loss.checkTargets(y);
  // A loss of probabilities on a network whose outputs can leave [0, 1] would fail some
  // epochs in, after changing the weights: refuse it before the first step.
  if (loss.takes === "probabilities" && stageProblem(model) === undefined) {
    const last = stagesOf(model).at(-1)!.activation.name;
    if (last !== "sigmoid") {
      throw new RangeError(
        `${loss.name} takes probabilities, but the network ends with ${last}, whose outputs can leave [0, 1]: ` +
          `end it with a sigmoid (mlp's outputActivation: "sigmoid"), or train its logits with sigmoidCrossEntropy`,
      );
    }
  }
  const n = X.rows, nIn = X.cols, nOut = y.cols;
  const batch = options.batchSize === undefined
    ? n
    : Math.min(checkPositiveInt(options.batchSize, "batchSize"), n);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a whole number, got ${describe(seed)}`);
  }
  const backendName = options.backend ?? "auto";
  if (typeof backendName !== "string") {
    throw new TypeError(`backend must be a name such as "fast", got ${describe(backendName)}`);
  }
  const backend = chooseBackend(backendName, model, loss);
  const trainer = backend.prepare(model, loss, { batch, nIn, nOut, lr, momentum, weightDecay });

  function* run(): Generator<EpochReport, void, undefined> {
    const rng = new Rng(seed);
    const full = batch === n;
    const order = new Int32Array(n);
    const Xb = full ? X.data : new Float64Array(batch * nIn);
    const yb = full ? y.data : new Float64Array(batch * nOut);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let total = 0;
      if (!full) {
        for (let i = 0; i < n; i++) order[i] = i;
        rng.shuffle(order);
      }
      for (let start = 0; start < n; start += batch) {
        const rows = Math.min(batch, n - start);
        if (!full) {
          for (let r = 0; r < rows; r++) {
            const src = order[start + r];
            for (let c = 0; c < nIn; c++) Xb[r * nIn + c] = X.data[src * nIn + c];
            for (let c = 0; c < nOut; c++) yb[r * nOut + c] = y.data[src * nOut + c];
          }
        }
        const value = trainer.step(Xb, yb, rows);
        if (!Number.isFinite(value)) throw new TrainingDivergedError(epoch, value, lr, loss.name);
        total += value * rows;
      }
      yield { epoch, loss: total / n };
    }
  }
  return Object.assign(run(), { backend: backend.name });
}

/**
 * Trains a model with SGD for `epochs` epochs (see {@link trainEpochs} for
 * the loop) and returns the loss of every epoch. `onEpoch` sees each epoch's
 * loss and can stop early by returning `false`.
 *
 * Every call starts a new optimiser, so momentum's velocity starts at zero:
 * two calls of one epoch each equal one call of two epochs without momentum,
 * but not with it.
 *
 * @example XOR, learned
 * ```ts
 * import { fit, mlp, xor } from "nn/core";
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
  if (options === null || typeof options !== "object") {
    checkOptions(options, [], "fit", "{ lr: 0.1, epochs: 100 }");
  }
  const { onEpoch, ...rest } = options;
  if (onEpoch !== undefined && typeof onEpoch !== "function") {
    throw new TypeError(`onEpoch must be a function, got ${describe(onEpoch)}`);
  }
  const training = startTraining(model, X, y, rest, "fit");
  const losses: number[] = [];
  for (const { epoch, loss } of training) {
    losses.push(loss);
    if (onEpoch?.(epoch, loss) === false) break;
  }
  return { losses, backend: training.backend };
}
