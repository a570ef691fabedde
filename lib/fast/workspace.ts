/**
 * The fast backend of `fit`: the same forward pass, loss gradient, backward
 * pass and SGD update as the layer classes, computed in preallocated
 * workspaces with the blocked matrix products, so that a training step
 * allocates nothing. The passes are the core's one pass over stages
 * ({@link stagesOf}) run with {@link fastProducts}; each activation's f and f′
 * come from the activation table, the loss's array maths from the loss
 * table, the update from the core's optimisers: none of the maths is written here a
 * second time. Everything is checked once, when the workspace is made; a
 * step checks only its own arguments. The tests prove both backends give the
 * same losses and weights.
 *
 * @module
 */
import {
  Dropout,
  type Layer,
  type Loss,
  type LossName,
  resolveLoss,
  type Stage,
  stageProblem,
  stagesOf,
  type StepResult,
  type Trainer,
  type TrainingBackend,
  type TrainingPlan,
} from "../core/mod.ts";
import {
  allocatePass,
  checkOptions,
  checkPositiveInt,
  firstNonFiniteStage,
  OPTIMIZER_OPTIONS,
  optimizerOptionsOf,
  OptimizerState,
  type PassBuffers,
  planSettings,
  runBackward,
  runForward,
  setTraining,
} from "../core/_internal.ts";
import { checkOptimizerOptions, type OptimizerOptions } from "../core/mod.ts";
import { fastProducts } from "./gemm.ts";

// The most values one buffer may hold, as for a tensor: 2²⁸ doubles, 2 GiB.
const MAX_BUFFER = 2 ** 28;

/**
 * Whether the fast backend can train this model: a network of stages
 * ({@link stagesOf}).
 *
 * @example
 * ```ts
 * import { canTrainFast } from "nn/fast";
 * import { mlp } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.ok(canTrainFast(mlp([2, 4, 1])));
 * ```
 */
export function canTrainFast(model: unknown): boolean {
  return stageProblem(model) === undefined;
}

/**
 * Options for a {@link TrainingWorkspace}: the largest batch, the loss and
 * the optimiser's settings (see the core's `OptimizerOptions`), all checked
 * once when the workspace is made.
 *
 * @example
 * ```ts
 * import type { WorkspaceOptions } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * const options: WorkspaceOptions = { batch: 32, lr: 0.1, loss: "mse" };
 * assert.equal(options.batch, 32);
 * ```
 */
export interface WorkspaceOptions extends OptimizerOptions {
  /** The largest batch, in rows (≥ 1). */
  batch: number;
  /** The loss (default `mse`). */
  loss?: LossName | Loss;
}

/**
 * Preallocated buffers for training one network with mini-batches of up to
 * `batch` rows. The network's own weight, bias and gradient tensors are
 * updated in place.
 *
 * @example One SGD step on XOR
 * ```ts
 * import { TrainingWorkspace } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 3 });
 * const result = new TrainingWorkspace(net, { batch: 4, lr: 0.1 }).step(X.data, y.data, 4);
 * assert.equal(result.diverged, undefined);
 * assert.ok(result.loss > 0);
 * ```
 */
export class TrainingWorkspace {
  readonly #stages: Stage[];
  readonly #batch: number;
  readonly #nIn: number;
  readonly #nOut: number;
  readonly #loss: Loss;
  readonly #pass: PassBuffers;
  readonly #dA: Float64Array[];
  readonly #dZ: Float64Array[];
  readonly #optimizer: OptimizerState;
  readonly #dropouts: Dropout[];
  readonly #result: StepResult = { loss: 0.5, diverged: undefined, stage: 0 };
  readonly #lossValue = new Float64Array(1);

  /** Buffers for `net` and batches of up to `options.batch` samples. */
  constructor(net: Layer, options: WorkspaceOptions) {
    const stages = stagesOf(net);
    checkOptions(
      options,
      ["batch", "loss", ...OPTIMIZER_OPTIONS],
      "TrainingWorkspace",
      "{ batch: 32, lr: 0.1 }",
    );
    const { batch: rows, loss, ...optimizerOptions } = options;
    const batch = checkPositiveInt(rows, "The workspace's batch size");
    const settings = checkOptimizerOptions(optimizerOptions, "TrainingWorkspace");
    const widest = Math.max(...stages.map((s) => s.layer.outWidth));
    if (batch * widest > MAX_BUFFER) {
      throw new RangeError(
        `A batch of ${batch} rows through a layer of ${widest} units needs ${
          batch * widest
        } values per buffer, more than the ${MAX_BUFFER} a workspace allocates`,
      );
    }
    this.#stages = stages;
    this.#batch = batch;
    this.#nIn = stages[0].layer.inWidth;
    this.#nOut = stages[stages.length - 1].layer.outWidth;
    this.#loss = resolveLoss(loss);
    this.#pass = allocatePass(stages, batch);
    this.#dA = stages.map((s) => new Float64Array(batch * s.layer.outWidth));
    this.#dZ = stages.map((s) => new Float64Array(batch * s.layer.outWidth));
    // Every parameter once, in the reference's order: the penalties on the weights only.
    this.#optimizer = new OptimizerState(settings, stages.flatMap((s) => s.layer.parameters()));
    this.#dropouts = stages.flatMap((s) => s.layer instanceof Dropout ? [s.layer] : []);
  }

  // The loss of a batch into lossValue[0], and its gradient into dOut when the loss is finite: in
  // one pass where the loss offers one (the same numbers). It writes the loss rather than
  // returning it, because a number returned from a call that is not inlined is allocated.
  #lossInto(yHat: Float64Array, y: Float64Array, dOut: Float64Array, rows: number): void {
    const loss = this.#loss, nOut = this.#nOut, box = this.#lossValue;
    if (loss.valueAndGradInto !== undefined) {
      box[0] = loss.valueAndGradInto(yHat, y, dOut, rows, nOut);
      return;
    }
    box[0] = loss.valueOf(yHat, y, rows, nOut);
    if (Number.isFinite(box[0])) loss.gradInto(yHat, y, dOut, rows, nOut);
  }

  /**
   * One SGD step on `rows` samples (X row-major rows × nIn, y rows × nOut):
   * forward, loss, backward, update. When a prediction or the loss is not
   * finite, nothing is updated and the result says what diverged and where.
   * The result is the same object at every step: read it before the next.
   */
  step(X: Float64Array, y: Float64Array, rows: number): StepResult {
    // Plain comparisons and no template unless it fails: this runs on every step.
    if (!(rows >= 1 && rows <= this.#batch && rows % 1 === 0)) {
      throw new RangeError(`This workspace takes 1 to ${this.#batch} rows, got ${rows}`);
    }
    if (!(X instanceof Float64Array) || !(y instanceof Float64Array)) {
      throw new TypeError("A workspace step needs X and y as Float64Arrays (a tensor's data)");
    }
    const nIn = this.#nIn, nOut = this.#nOut;
    if (X.length < rows * nIn || y.length < rows * nOut) {
      throw new RangeError(
        `${rows} rows need ${rows * nIn} inputs and ${
          rows * nOut
        } targets, got ${X.length} and ${y.length}`,
      );
    }
    const stages = this.#stages, pass = this.#pass, result = this.#result;
    const last = stages.length - 1;
    // Dropout drops values in this pass only (no closure, so that a step allocates nothing).
    const dropouts = this.#dropouts;
    if (dropouts.length === 0) runForward(stages, X, rows, pass, fastProducts);
    else {
      setTraining(dropouts, true);
      try {
        runForward(stages, X, rows, pass, fastProducts);
      } finally {
        setTraining(dropouts, false);
      }
    }
    const yHat = pass.A[last], dOut = this.#dA[last];
    for (let i = 0, n = rows * nOut; i < n; i++) {
      if (!Number.isFinite(yHat[i])) {
        result.loss = NaN;
        result.diverged = "predictions";
        result.stage = firstNonFiniteStage(stages, pass, rows);
        return result;
      }
    }
    // Like the reference, a non-finite loss stops the step before any update.
    this.#lossInto(yHat, y, dOut, rows);
    const value = this.#lossValue[0];
    result.loss = value;
    result.stage = 0;
    if (!Number.isFinite(value)) {
      result.diverged = "loss";
      return result;
    }
    result.diverged = undefined;
    runBackward(stages, X, rows, pass, this.#dA, this.#dZ, fastProducts);
    this.#optimizer.step();
    return result;
  }
}

/**
 * The fast backend: `backend: "fast"` in the `fit` of `nn/fast` (and `nn`),
 * where `auto` tries it first. It trains any network of stages with any loss
 * of the loss table.
 *
 * @example
 * ```ts
 * import { fastBackend, fit } from "nn/fast";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }).backend, fastBackend.name);
 * ```
 */
export const fastBackend: TrainingBackend = Object.freeze({
  name: "fast",
  unsupported(model: Layer, plan: Pick<TrainingPlan, "stages" | "loss">): string | undefined {
    if (plan.stages === undefined) return stageProblem(model);
    // bce's check that predictions are probabilities runs on the reference path.
    if (plan.loss.takes === "probabilities" && plan.stages.at(-1)!.activation.name !== "sigmoid") {
      return `${plan.loss.name} takes probabilities, and the network does not end with a sigmoid`;
    }
    return undefined;
  },
  prepare(model: Layer, plan: TrainingPlan): Trainer {
    return new TrainingWorkspace(model, {
      batch: plan.batch,
      loss: plan.loss,
      ...optimizerOptionsOf(planSettings(plan)),
    });
  },
});
