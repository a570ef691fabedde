/**
 * The fast backend of `fit`: the same forward pass, loss gradient, backward
 * pass and SGD update as the layer classes, computed in preallocated
 * workspaces with the blocked matrix products, so that a training step
 * allocates nothing. It reads the network's stages ({@link stagesOf}), each
 * activation's f and f′ from the activation table, the loss's array maths
 * from the loss table, and the update from {@link sgdUpdate}: none of the
 * maths is written here a second time. The tests prove both backends give the
 * same losses and weights.
 *
 * @module
 */
import {
  type Layer,
  type Loss,
  LOSSES,
  registerBackend,
  resolveLoss,
  sgdUpdate,
  type Stage,
  stageProblem,
  stagesOf,
  type Trainer,
  type TrainerSettings,
  type TrainingBackend,
} from "../core/mod.ts";
import { gemm, gemmNT, gemmTN } from "./gemm.ts";

const LOSS_MSE: Loss = LOSSES.mse;
// The most values one buffer may hold, as for a tensor: 2²⁸ doubles, 2 GiB.
const MAX_BUFFER = 2 ** 28;

interface Buffers {
  stage: Stage;
  nIn: number;
  nOut: number;
  f: (x: number) => number;
  df: (x: number) => number;
  identity: boolean;
  Z: Float64Array;
  A: Float64Array;
  dA: Float64Array;
  dZ: Float64Array;
  vW: Float64Array;
  vb: Float64Array;
}

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

function checkNumber(value: number, ok: boolean, what: string): void {
  // Plain comparisons and no template unless it fails: this runs on every step.
  if (!ok) throw new RangeError(`${what}, got ${value}`);
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
 * const loss = new TrainingWorkspace(net, 4).step(X.data, y.data, 4, 0.1, 0);
 * assert.ok(loss > 0);
 * ```
 */
export class TrainingWorkspace {
  readonly #stages: Buffers[];
  readonly #batch: number;
  readonly #loss: Loss;
  readonly #fused: Loss["valueAndGradInto"];

  /** Buffers for `net` and batches of up to `batch` samples, trained with `loss` (default MSE). */
  constructor(net: Layer, batch: number, loss?: Loss) {
    const stages = stagesOf(net);
    if (!Number.isInteger(batch) || batch < 1) {
      throw new RangeError(`The workspace's batch size must be a whole number ≥ 1, got ${batch}`);
    }
    const widest = Math.max(...stages.map((s) => s.linear.W.cols));
    if (batch * widest > MAX_BUFFER) {
      throw new RangeError(
        `A batch of ${batch} rows through a layer of ${widest} units needs ${
          batch * widest
        } values per buffer, more than the ${MAX_BUFFER} a workspace allocates`,
      );
    }
    this.#batch = batch;
    this.#loss = loss === undefined ? LOSS_MSE : resolveLoss(loss);
    this.#fused = this.#loss.valueAndGradInto;
    this.#stages = stages.map((stage) => {
      const nIn = stage.linear.W.rows, nOut = stage.linear.W.cols;
      const identity = stage.activation.name === "identity";
      const Z = new Float64Array(batch * nOut);
      return {
        stage,
        nIn,
        nOut,
        f: stage.activation.f,
        df: stage.activation.df,
        identity,
        Z,
        A: identity ? Z : new Float64Array(batch * nOut),
        dA: new Float64Array(batch * nOut),
        dZ: new Float64Array(batch * nOut),
        vW: new Float64Array(nIn * nOut),
        vb: new Float64Array(nOut),
      };
    });
  }

  /**
   * One SGD step on `rows` samples (X row-major rows × nIn, y rows × nOut):
   * forward, loss, backward, update. Returns the loss before the update; when
   * a prediction is not finite it returns NaN, and when the loss is not
   * finite it returns it, in both cases without updating anything.
   */
  step(
    X: Float64Array,
    y: Float64Array,
    rows: number,
    lr: number,
    momentum: number,
    weightDecay = 0,
  ): number {
    this.run(X, y, rows, lr, momentum, weightDecay);
    return this.loss[0];
  }

  /**
   * The loss of the last {@link TrainingWorkspace.run} (or step), kept in an
   * array so that reading it allocates nothing.
   */
  readonly loss: Float64Array = new Float64Array(1);

  /** {@link TrainingWorkspace.step} without returning the loss: it lands in `loss[0]`, and nothing is allocated. */
  run(
    X: Float64Array,
    y: Float64Array,
    rows: number,
    lr: number,
    momentum: number,
    weightDecay = 0,
  ): void {
    const stages = this.#stages;
    if (!Number.isInteger(rows) || rows < 1 || rows > this.#batch) {
      throw new RangeError(`This workspace takes 1 to ${this.#batch} rows, got ${rows}`);
    }
    if (!(X instanceof Float64Array) || !(y instanceof Float64Array)) {
      throw new TypeError("A workspace step needs X and y as Float64Arrays (a tensor's data)");
    }
    const nIn = stages[0].nIn, nOut = stages[stages.length - 1].nOut;
    if (X.length < rows * nIn || y.length < rows * nOut) {
      throw new RangeError(
        `${rows} rows need ${rows * nIn} inputs and ${
          rows * nOut
        } targets, got ${X.length} and ${y.length}`,
      );
    }
    checkNumber(lr, lr > 0 && lr < Infinity, "The learning rate lr must be a finite number > 0");
    checkNumber(momentum, momentum >= 0 && momentum < 1, "Momentum must be in [0, 1)");
    checkNumber(
      weightDecay,
      weightDecay >= 0 && weightDecay < Infinity,
      "weightDecay must be a finite number ≥ 0",
    );
    // Forward: Z = In·W, then + b (the reference's order), then A = f(Z).
    let input = X;
    for (const s of stages) {
      const { nIn, nOut, Z, A, f } = s;
      const W = s.stage.linear.W.data, b = s.stage.linear.b.data;
      gemm(input, W, Z, rows, nIn, nOut);
      for (let i = 0; i < rows; i++) {
        const r = i * nOut;
        for (let j = 0; j < nOut; j++) Z[r + j] += b[j];
      }
      if (!s.identity) { for (let i = 0, n = rows * nOut; i < n; i++) A[i] = f(Z[i]); }
      input = A;
    }
    const last = stages[stages.length - 1];
    const yHat = last.A, size = rows * last.nOut;
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(yHat[i])) {
        this.loss[0] = NaN;
        return;
      }
    }
    // The loss, and its gradient into last.dA; in one pass where the loss offers one (the same
    // numbers). Like the reference, a non-finite loss stops the step before any update.
    if (this.#fused === undefined) {
      const loss = this.#loss.valueOf(yHat, y, rows, last.nOut);
      this.loss[0] = loss;
      if (!Number.isFinite(loss)) return;
      this.#loss.gradInto(yHat, y, last.dA, rows, last.nOut);
    } else {
      const loss = this.#fused(yHat, y, last.dA, rows, last.nOut);
      this.loss[0] = loss;
      if (!Number.isFinite(loss)) return;
    }
    // Backward: layer by layer dZ = dA ⊙ f′(Z).
    for (let l = stages.length - 1; l >= 0; l--) {
      const s = stages[l];
      const { nIn, nOut, dA, dZ, Z, df } = s;
      const n = rows * nOut;
      if (s.identity) { for (let i = 0; i < n; i++) dZ[i] = dA[i]; }
      else for (let i = 0; i < n; i++) dZ[i] = dA[i] * df(Z[i]);
      const prev = l === 0 ? X : stages[l - 1].A;
      const linear = s.stage.linear;
      const dW = linear.dW.data, db = linear.db.data;
      gemmTN(prev, dZ, dW, nIn, rows, nOut);
      db.fill(0);
      for (let i = 0; i < rows; i++) {
        const r = i * nOut;
        for (let j = 0; j < nOut; j++) db[j] += dZ[r + j];
      }
      if (l > 0) gemmNT(dZ, linear.W.data, stages[l - 1].dA, rows, nOut, nIn);
    }
    // The SGD update: weight decay on the weights only, as the reference does.
    for (const s of stages) {
      const linear = s.stage.linear;
      sgdUpdate(linear.W.data, linear.dW.data, s.vW, lr, momentum, weightDecay);
      sgdUpdate(linear.b.data, linear.db.data, s.vb, lr, momentum, 0);
    }
  }
}

/**
 * The fast backend: fit's `backend: "fast"`, registered when this module
 * loads. It trains any network of stages with any loss of the loss table.
 *
 * @example
 * ```ts
 * import { fastBackend } from "nn/fast";
 * import { fit, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, backend: "fast" }).backend, fastBackend.name);
 * ```
 */
export const fastBackend: TrainingBackend = Object.freeze({
  name: "fast",
  unsupported(model: Layer, loss: Loss): string | undefined {
    const problem = stageProblem(model);
    if (problem !== undefined) return problem;
    // bce's check that predictions are probabilities runs on the reference path.
    if (loss.takes === "probabilities" && stagesOf(model).at(-1)!.activation.name !== "sigmoid") {
      return `${loss.name} takes probabilities, and the network does not end with a sigmoid`;
    }
    return undefined;
  },
  prepare(model: Layer, loss: Loss, s: TrainerSettings): Trainer {
    const stages = stagesOf(model);
    const first = stages[0].linear.W, last = stages[stages.length - 1].linear.W;
    // The messages the reference gives on its first batch.
    if (first.rows !== s.nIn) {
      throw new RangeError(
        `This Linear layer takes ${first.rows} inputs per sample but X is ${s.batch}×${s.nIn}`,
      );
    }
    if (last.cols !== s.nOut) {
      throw new RangeError(
        `The model predicts ${s.batch}×${last.cols} but y is ${s.batch}×${s.nOut}`,
      );
    }
    const workspace = new TrainingWorkspace(model, s.batch, loss);
    return {
      step(X: Float64Array, y: Float64Array, rows: number): number {
        workspace.run(X, y, rows, s.lr, s.momentum, s.weightDecay);
        return workspace.loss[0];
      },
    };
  },
});

registerBackend(fastBackend);
