/**
 * The training loop: one epoch loop for every backend. A backend turns a
 * model into a {@link Trainer} that does one SGD step on a batch and says
 * what happened ({@link StepResult}); the loop shuffles, batches, sums the
 * losses and stops on divergence, the same way whichever backend steps.
 * Backends are chosen explicitly: {@link createTraining} builds `fit`,
 * `trainEpochs` and `trainSteps` for a list of backends. The core's `fit` has the readable
 * `reference` backend only (the layer classes and the SGD object); `nn/fast`
 * builds its `fit` with the fast backend first, and `nn` exports that one.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import type { Layer } from "./layers.ts";
import { dropoutLayersOf, planSettings, whileTraining } from "./_training.ts";
import { OPTIMIZER_OPTIONS, optimizerOptionsOf } from "./_sgd.ts";
import { referenceProducts, type Stage, stageProblem, stagesOf } from "./stage.ts";
import { allocatePass, firstNonFiniteStage, runForward } from "./_pass.ts";
import { type Loss, type LossName, resolveLoss } from "./losses.ts";
import {
  checkOptimizerOptions,
  Optimizer,
  type OptimizerName,
  type OptimizerSettings,
} from "./optim.ts";
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
  /**
   * `sgd` (the default), `momentum` or `adam`: see {@link OptimizerOptions}.
   * Every call of fit starts a new optimiser, with zero velocities and moments.
   */
  optimizer?: OptimizerName;
  /** Heavy-ball momentum in [0, 1) for `sgd` (default 0) and `momentum` (default 0.9). */
  momentum?: number;
  /** Adam's β₁ in [0, 1) (default 0.9). */
  beta1?: number;
  /** Adam's β₂ in [0, 1) (default 0.999). */
  beta2?: number;
  /** Adam's ε > 0 (default 1e-8). */
  epsilon?: number;
  /** Weight decay λ ≥ 0 on the weights, not the biases (default 0): see {@link SgdOptions}. */
  weightDecay?: number;
  /** The L1 penalty λ₁ ≥ 0 on the weights, not the biases (default 0): see {@link l1Penalty}. */
  l1?: number;
  /** Seed for the mini-batch shuffles (default 0). */
  seed?: number;
  /**
   * Which backend does the steps: `reference` (the readable layer classes
   * and SGD object, allocating new tensors at every op), `fast`
   * (preallocated workspaces; in the `fit` of `nn/fast` and `nn`), or `auto`
   * (the default: the first of this `fit`'s backends that can train the
   * model). All give the same losses and weights.
   */
  backend?: string;
}

const TRAIN_OPTIONS = [
  "epochs",
  "loss",
  "batchSize",
  "seed",
  "backend",
  ...OPTIMIZER_OPTIONS,
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
 * What one training step did: the batch's loss before the update, or what
 * stopped being finite and where, in which case nothing was updated. A
 * trainer may hand back the same object at every step (so that a step
 * allocates nothing): read it before the next step.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, referenceBackend, stagesOf, type StepResult, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 1 });
 * const plan = { stages: stagesOf(net), loss: getLoss("mse"), batch: 4, nIn: 2, nOut: 1, lr: 0.1, momentum: 0, weightDecay: 0 };
 * const result: StepResult = referenceBackend.prepare(net, plan).step(X.data, y.data, 4);
 * assert.equal(result.diverged, undefined);
 * assert.ok(result.loss > 0);
 * ```
 */
export interface StepResult {
  /** The batch's mean loss before the update; NaN when the predictions were not finite. */
  loss: number;
  /** What stopped being finite (nothing was updated), or undefined after a normal step. */
  diverged: "predictions" | "loss" | undefined;
  /** The first stage (1-based) whose output was not finite; 0 when none, or not a network of stages. */
  stage: number;
}

/**
 * Thrown when training stops being finite. The message says what diverged
 * (the predictions, or the loss of finite predictions) and what to change;
 * `stage` says in which stage the predictions first went non-finite.
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
  /** The first stage (1-based) whose output was not finite; 0 when the loss overflowed, or unknown. */
  readonly stage: number;
  /** The error for a step that diverged, in `epoch`, training with `lr` and the loss named `lossName`. */
  constructor(epoch: number, step: StepResult, lr: number, lossName: string) {
    const predictions = step.diverged !== "loss";
    const loss = step.loss;
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
    this.stage = predictions ? step.stage : 0;
  }
}

/**
 * Everything a backend prepares a trainer with, resolved and validated once
 * per `fit`: the network's stages, the loss, the batch and the widths, and
 * the SGD settings. A trainer's steps check none of it again.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, stagesOf, type TrainingPlan } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 4, 1]);
 * const plan: TrainingPlan = { stages: stagesOf(net), loss: getLoss("mse"), batch: 4, nIn: 2, nOut: 1, lr: 0.1, momentum: 0, weightDecay: 0 };
 * assert.equal(plan.stages!.length, 2);
 * ```
 */
export interface TrainingPlan {
  /** The network's stages, or undefined when the model is not a network of stages. */
  stages: Stage[] | undefined;
  /** The loss. */
  loss: Loss;
  /** The largest batch, in rows. */
  batch: number;
  /** Inputs per sample (columns of X). */
  nIn: number;
  /** Outputs per sample (columns of y). */
  nOut: number;
  /** Learning rate (> 0). */
  lr: number;
  /** Momentum in [0, 1). */
  momentum: number;
  /** Weight decay ≥ 0. */
  weightDecay: number;
  /**
   * Every setting of the optimiser (which one, its parameters, the
   * penalties); when absent, plain SGD with `lr`, `momentum` and
   * `weightDecay`. Its lr, momentum and weightDecay are the plan's.
   */
  optimizer?: OptimizerSettings;
}

/**
 * Does one SGD step at a time for one model.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, referenceBackend, stagesOf, type Trainer, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1]);
 * const plan = { stages: stagesOf(net), loss: getLoss("mse"), batch: 4, nIn: 2, nOut: 1, lr: 0.1, momentum: 0, weightDecay: 0 };
 * const trainer: Trainer = referenceBackend.prepare(net, plan);
 * assert.ok(trainer.step(X.data, y.data, 4).loss > 0);
 * ```
 */
export interface Trainer {
  /**
   * One step on `rows` samples (X row-major rows × nIn, y rows × nOut):
   * forward, loss, backward, update. When a prediction or the loss is not
   * finite, nothing is updated and the result says what diverged.
   */
  step(X: Float64Array, y: Float64Array, rows: number): StepResult;
}

/**
 * A way of running training steps: the readable `reference`, the `fast`
 * path, or later another (a GPU, say). {@link createTraining} takes a list.
 *
 * @example
 * ```ts
 * import { getLoss, mlp, referenceBackend, stagesOf, type TrainingBackend } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const backend: TrainingBackend = referenceBackend;
 * const net = mlp([2, 1]);
 * assert.equal(backend.unsupported(net, { stages: stagesOf(net), loss: getLoss("mse") }), undefined);
 * ```
 */
export interface TrainingBackend {
  /** Its name, the value of fit's `backend` option. */
  readonly name: string;
  /** Why it cannot train this model with this loss, or undefined when it can. */
  unsupported(model: Layer, plan: Pick<TrainingPlan, "stages" | "loss">): string | undefined;
  /** A trainer for the model, or an error naming what does not fit (the data's widths, say). */
  prepare(model: Layer, plan: TrainingPlan): Trainer;
}

/**
 * The readable backend: each step runs the layer classes' forward and
 * backward passes, allocating new tensors at every op, and an
 * {@link Optimizer}. Dropout layers drop values in its forward passes only.
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
  prepare(model: Layer, plan: TrainingPlan): Trainer {
    const { loss, nIn, nOut, stages } = plan;
    const opt = new Optimizer(model.parameters(), optimizerOptionsOf(planSettings(plan)));
    const dropouts = dropoutLayersOf(model);
    return {
      step(X: Float64Array, y: Float64Array, rows: number): StepResult {
        const Xb = new Tensor(rows, nIn, X.subarray(0, rows * nIn));
        const yb = new Tensor(rows, nOut, y.subarray(0, rows * nOut));
        const yHat = whileTraining(dropouts, () => model.forward(Xb));
        if (yHat.rows !== yb.rows || yHat.cols !== yb.cols) {
          throw new RangeError(`The model predicts ${shapeOf(yHat)} but y is ${shapeOf(yb)}`);
        }
        if (!yHat.data.every(Number.isFinite)) {
          // Where it went wrong, from the one pass over stages (the same sums as the layers').
          let stage = 0;
          if (stages !== undefined) {
            const pass = allocatePass(stages, rows);
            runForward(stages, Xb.data, rows, pass, referenceProducts);
            stage = firstNonFiniteStage(stages, pass, rows);
          }
          return { loss: NaN, diverged: "predictions", stage };
        }
        const value = loss.value(yHat, yb);
        if (!Number.isFinite(value)) return { loss: value, diverged: "loss", stage: 0 };
        opt.zeroGrad();
        model.backward(loss.grad(yHat, yb));
        opt.step();
        return { loss: value, diverged: undefined, stage: 0 };
      },
    };
  },
});

/**
 * `fit` and `trainEpochs` for a list of backends, as {@link createTraining}
 * returns them.
 *
 * @example
 * ```ts
 * import { createTraining, referenceBackend, type Trainers } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const training: Trainers = createTraining([referenceBackend]);
 * assert.deepEqual(training.backends, ["reference"]);
 * ```
 */
export interface Trainers {
  /** {@link fit} with these backends. */
  fit(model: Layer, X: Tensor, y: Tensor, options: FitOptions): FitResult;
  /** {@link trainEpochs} with these backends. */
  trainEpochs(model: Layer, X: Tensor, y: Tensor, options: TrainOptions): Training;
  /** {@link trainSteps} with these backends. */
  trainSteps(model: Layer, X: Tensor, y: Tensor, options: TrainOptions): StepTraining;
  /** The backends' names, in the order `auto` tries them. */
  readonly backends: readonly string[];
}

/**
 * The training loop for an explicit list of backends: `backend: "auto"`
 * takes the first that can train the model, and a name picks one. Nothing
 * registers itself anywhere: what `fit` can use is what it was built with.
 *
 * @example A fit that knows only the reference backend
 * ```ts
 * import { createTraining, mlp, referenceBackend, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { fit } = createTraining([referenceBackend]);
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 2 }).backend, "reference");
 * assert.throws(() => fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 2, backend: "fast" }), /Unknown backend "fast"/);
 * ```
 */
export function createTraining(backends: readonly TrainingBackend[]): Trainers {
  if (
    !Array.isArray(backends) || backends.length === 0 ||
    !backends.every((b) =>
      b !== null && typeof b === "object" && typeof b.name === "string" &&
      typeof b.prepare === "function" && typeof b.unsupported === "function"
    )
  ) {
    throw new TypeError(
      `createTraining needs a non-empty array of TrainingBackends, got ${describe(backends)}`,
    );
  }
  const names = backends.map((b) => b.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i || n === "auto");
  if (twice !== undefined) {
    throw new RangeError(
      `createTraining's backends need distinct names other than "auto", got ${
        JSON.stringify(twice)
      } twice`,
    );
  }
  const list = Object.freeze([...backends]);
  return Object.freeze({
    fit: (model: Layer, X: Tensor, y: Tensor, options: FitOptions) =>
      runFit(list, model, X, y, options),
    trainEpochs: (model: Layer, X: Tensor, y: Tensor, options: TrainOptions) => {
      const steps = startTraining(list, model, X, y, options, "trainEpochs");
      return Object.assign(epochsOf(steps), { backend: steps.backend });
    },
    trainSteps: (model: Layer, X: Tensor, y: Tensor, options: TrainOptions) =>
      startTraining(list, model, X, y, options, "trainSteps"),
    backends: Object.freeze(names),
  });
}

function chooseBackend(
  backends: readonly TrainingBackend[],
  name: string,
  model: Layer,
  plan: Pick<TrainingPlan, "stages" | "loss">,
): TrainingBackend {
  if (name === "auto") {
    for (const backend of backends) {
      if (backend.unsupported(model, plan) === undefined) return backend;
    }
    throw new RangeError(
      `None of this fit's backends (${
        backends.map((b) => b.name).join(", ")
      }) can train this model: ${
        backends.map((b) => `${b.name}: ${b.unsupported(model, plan)}`).join("; ")
      }`,
    );
  }
  const backend = backends.find((b) => b.name === name);
  if (backend === undefined) {
    throw new RangeError(
      `Unknown backend ${describe(name)}: use "auto" or one of ${
        backends.map((b) => JSON.stringify(b.name)).join(", ")
      }${name === "fast" ? ' (the fast backend is in the fit of "nn/fast" and "nn")' : ""}`,
    );
  }
  const why = backend.unsupported(model, plan);
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
 * One step's report from {@link trainSteps}: which batch of which epoch, the
 * batch's loss, and on an epoch's last batch the epoch's mean loss, the
 * number {@link trainEpochs} and {@link fit} report for it.
 *
 * @example
 * ```ts
 * import { mlp, type StepReport, trainSteps, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const [first, second]: StepReport[] = [
 *   ...trainSteps(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, batchSize: 2 }),
 * ];
 * assert.deepEqual([first.step, first.steps, first.epochLoss], [1, 2, undefined]);
 * assert.equal(second.epochLoss, (first.loss * first.rows + second.loss * second.rows) / 4);
 * ```
 */
export interface StepReport {
  /** The epoch, from 1. */
  epoch: number;
  /** The batch within the epoch, from 1. */
  step: number;
  /** Batches per epoch. */
  steps: number;
  /** Samples in this batch (the last batch of an epoch can be smaller). */
  rows: number;
  /** This batch's mean loss, before the update it led to. */
  loss: number;
  /**
   * On the epoch's last batch, the epoch's mean training loss (over every
   * sample, each weighed as it was when its batch was stepped); undefined on
   * the other batches.
   */
  epochLoss: number | undefined;
}

/**
 * Training that runs one SGD step each time it is asked for the next: the
 * steps of {@link trainEpochs}, for a caller that wants to do something
 * between batches. `backend` names the backend.
 *
 * @example
 * ```ts
 * import { mlp, type StepTraining, trainSteps, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const training: StepTraining = trainSteps(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 3, batchSize: 1 });
 * assert.equal(training.next().value!.step, 1);
 * assert.equal(training.backend, "reference");
 * ```
 */
export interface StepTraining extends Generator<StepReport, void, undefined> {
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
  return referenceTraining.trainEpochs(model, X, y, options);
}

/**
 * The loop of {@link trainEpochs}, one batch per step of the returned
 * generator: the same shuffles, batches, steps and checks, so the same
 * weights and the same epoch losses, reported after every SGD step. A caller
 * can show progress inside a long epoch, or stop between two batches (the
 * model then keeps the weights of the last step). Every argument is checked
 * before the first step, as trainEpochs does.
 *
 * @example The epochs' losses, as trainEpochs reports them, and the batches' in between
 * ```ts
 * import { mlp, trainEpochs, trainSteps, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const options = { lr: 0.1, epochs: 3, batchSize: 3 };
 * const reports = [...trainSteps(mlp([2, 4, 1], { seed: 3 }), X, y, options)];
 * assert.deepEqual(reports.map((r) => `${r.epoch}.${r.step}`), ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]);
 * assert.deepEqual(reports.map((r) => r.rows), [3, 1, 3, 1, 3, 1]);
 * const epochs = [...trainEpochs(mlp([2, 4, 1], { seed: 3 }), X, y, options)];
 * assert.deepEqual(reports.filter((r) => r.step === r.steps).map((r) => r.epochLoss), epochs.map((e) => e.loss));
 * ```
 */
export function trainSteps(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
): StepTraining {
  return referenceTraining.trainSteps(model, X, y, options);
}

/** The epochs of a step-by-step training: its reports on each epoch's last batch. */
function* epochsOf(steps: StepTraining): Generator<EpochReport, void, undefined> {
  for (const { epoch, epochLoss } of steps) {
    if (epochLoss !== undefined) yield { epoch, loss: epochLoss };
  }
}

function startTraining(
  backends: readonly TrainingBackend[],
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
  caller: string,
): StepTraining {
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
  const settings = checkOptimizerOptions({
    lr: options.lr,
    optimizer: options.optimizer,
    momentum: options.momentum,
    beta1: options.beta1,
    beta2: options.beta2,
    epsilon: options.epsilon,
    weightDecay: options.weightDecay,
    l1: options.l1,
  }, caller);
  const { lr, momentum, weightDecay } = settings;
  const loss = resolveLoss(options.loss);
  loss.checkTargets(y);
  // The stages, resolved once for the whole training (undefined for a model of other layers,
  // which the reference backend still trains).
  const stages = stageProblem(model) === undefined ? stagesOf(model) : undefined;
  // A loss of probabilities on a network whose outputs can leave [0, 1] would fail some
  // epochs in, after changing the weights: refuse it before the first step.
  if (loss.takes === "probabilities" && stages !== undefined) {
    const last = stages.at(-1)!.activation.name;
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
  if (stages !== undefined) {
    // The widths, checked once here for every backend (the reference would find them on its
    // first batch, with these words).
    const first = stages[0].layer, last = stages[stages.length - 1].layer;
    if (first.inWidth !== nIn) {
      throw new RangeError(
        `This ${first.constructor.name} layer takes ${first.inWidth} inputs per sample but X is ${batch}×${nIn}`,
      );
    }
    if (last.outWidth !== nOut) {
      throw new RangeError(
        `The model predicts ${batch}×${last.outWidth} but y is ${batch}×${nOut}`,
      );
    }
  }
  const backend = chooseBackend(backends, backendName, model, { stages, loss });
  const trainer = backend.prepare(model, {
    stages,
    loss,
    batch,
    nIn,
    nOut,
    lr,
    momentum,
    weightDecay,
    optimizer: settings,
  });

  function* run(): Generator<StepReport, void, undefined> {
    const rng = new Rng(seed);
    const full = batch === n;
    const steps = Math.ceil(n / batch);
    const order = new Int32Array(n);
    const Xb = full ? X.data : new Float64Array(batch * nIn);
    const yb = full ? y.data : new Float64Array(batch * nOut);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let total = 0;
      if (!full) {
        for (let i = 0; i < n; i++) order[i] = i;
        rng.shuffle(order);
      }
      for (let start = 0, step = 1; start < n; start += batch, step++) {
        const rows = Math.min(batch, n - start);
        if (!full) {
          for (let r = 0; r < rows; r++) {
            const src = order[start + r];
            for (let c = 0; c < nIn; c++) Xb[r * nIn + c] = X.data[src * nIn + c];
            for (let c = 0; c < nOut; c++) yb[r * nOut + c] = y.data[src * nOut + c];
          }
        }
        const result = trainer.step(Xb, yb, rows);
        if (result.diverged !== undefined) {
          throw new TrainingDivergedError(epoch, result, lr, loss.name);
        }
        total += result.loss * rows;
        const epochLoss = step === steps ? total / n : undefined;
        yield { epoch, step, steps, rows, loss: result.loss, epochLoss };
      }
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
  return referenceTraining.fit(model, X, y, options);
}

function runFit(
  backends: readonly TrainingBackend[],
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
  const training = startTraining(backends, model, X, y, rest, "fit");
  const losses: number[] = [];
  for (const { epoch, loss } of epochsOf(training)) {
    losses.push(loss);
    if (onEpoch?.(epoch, loss) === false) break;
  }
  return { losses, backend: training.backend };
}

// The core's own training: the reference backend only. `nn/fast` builds one with its backend first.
const referenceTraining = createTraining([referenceBackend]);
