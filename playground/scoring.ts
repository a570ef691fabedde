// Scoring a network in pieces: the loss and the accuracy on the training and
// the test points, and the size of each layer's gradient over the training
// points, computed a chunk of rows at a time on a copy of the weights of one
// epoch, so that scoring a large network never blocks the page for long and
// training can go on meanwhile. The numbers are those of the copied weights,
// and say which epoch they are of.
import {
  type Dataset,
  forwardStages,
  type Layer,
  type Linear,
  linearStagesOf,
  type Loss,
  type Sequential,
  type Stage,
  Tensor,
} from "../lib/core/mod.ts";
import { fastProducts } from "../lib/fast/mod.ts";
import { argmaxRow } from "./task.ts";

/** Loss and accuracy of the network on a set of points. */
export interface Score {
  loss: number;
  accuracy: number;
}

/** Rows of the forward pass per chunk, and of the gradient's forward and backward pass. */
const FORWARD_ROWS = 256, GRADIENT_ROWS = 64;

/** What a scoring needs to know about the task: the loss, and which output is which class. */
export interface Scoring {
  loss: Loss;
  /** The output above which a point counts as class 1 (with one output). */
  threshold: number;
  /** A regression: the targets are values, and there is no accuracy (NaN). */
  regression: boolean;
}

/**
 * The network's outputs for the rows of X from `from` on, `rows` of them,
 * written into `out` (whatever they are: an overflowed network gives
 * infinities rather than an error).
 */
export function forwardRows(
  stages: readonly Stage[],
  X: Tensor,
  from: number,
  rows: number,
  out: Float64Array,
): void {
  const cols = X.cols, nOut = stages.at(-1)!.layer.outWidth;
  const chunk = new Tensor(rows, cols, X.data.slice(from * cols, (from + rows) * cols));
  const into = new Tensor(rows, nOut);
  forwardStages(stages, chunk, { products: fastProducts, into });
  out.set(into.data, from * nOut);
}

/**
 * Loss and accuracy of the outputs `yHat` (a flat array, one row per point) of
 * a set whose targets are a label per row, or one-hot rows for more than two
 * classes (then a point's class is its largest output).
 */
export function scoreOutputs(yHat: Float64Array, set: Dataset, scoring: Scoring): Score {
  const n = set.y.rows, k = set.y.cols;
  let right = scoring.regression ? NaN : 0;
  for (let i = 0; i < n; i++) {
    const guess = k > 1 ? argmaxRow(yHat, i, k) : yHat[i] > scoring.threshold ? 1 : 0;
    if (guess === (k > 1 ? argmaxRow(set.y.data, i, k) : set.y.data[i])) right++;
  }
  const finite = yHat.every(Number.isFinite);
  return {
    loss: finite ? scoring.loss.value(new Tensor(n, set.y.cols, yHat), set.y) : NaN,
    accuracy: right / n,
  };
}

/** The score of `stages` on a whole set at once. */
export function scoreSet(stages: readonly Stage[], set: Dataset, scoring: Scoring): Score {
  const yHat = new Float64Array(set.y.size);
  forwardRows(stages, set.X, 0, set.X.rows, yHat);
  return scoreOutputs(yHat, set, scoring);
}

/**
 * ‖dW‖ of each layer of `net` for the training loss over the rows of `set`
 * from `from` on, `rows` of them, added into the layers' gradients: each
 * chunk's gradient weighed by its share of the rows, so that the chunks sum
 * to the gradient of the mean over the whole set. Returns false when the
 * outputs are not finite.
 */
function addGradient(net: Layer, set: Dataset, from: number, rows: number, loss: Loss): boolean {
  const cols = set.X.cols, nOut = set.y.cols;
  const X = new Tensor(rows, cols, set.X.data.slice(from * cols, (from + rows) * cols));
  const y = new Tensor(rows, nOut, set.y.data.slice(from * nOut, (from + rows) * nOut));
  const yHat = net.forward(X);
  if (!yHat.data.every(Number.isFinite)) return false;
  const grad = loss.grad(yHat, y);
  const share = rows / set.X.rows;
  for (let i = 0; i < grad.data.length; i++) grad.data[i] *= share;
  net.backward(grad);
  return true;
}

/** What a finished {@link ScoreJob} found, and for which epoch's weights. */
export interface Scored {
  epoch: number;
  train: Score;
  test: Score;
  /** ‖dW‖ of each layer over the training points; NaN where the outputs overflowed. */
  norms: number[];
}

/**
 * The scores of one epoch's weights, computed a chunk at a time. The job owns
 * a copy of the network, so that the weights it scores stay those of its
 * epoch while training goes on.
 */
export class ScoreJob {
  readonly #stages: Stage<Linear>[];
  readonly #train: Float64Array;
  readonly #test: Float64Array;
  /** The phase (0: training outputs, 1: test outputs, 2: gradients) and the next row. */
  #phase = 0;
  #row = 0;
  #finite = true;
  /** CPU time spent so far, in ms. */
  cost = 0;
  result: Scored | undefined;

  constructor(
    readonly net: Sequential,
    readonly epoch: number,
    readonly sets: { train: Dataset; test: Dataset },
    readonly scoring: Scoring,
  ) {
    this.#stages = linearStagesOf(net, "The playground");
    this.#train = new Float64Array(sets.train.y.size);
    this.#test = new Float64Array(sets.test.y.size);
    net.zeroGrad();
  }

  /** Works on for about `budgetMs`; true once the scores are ready (then in `result`). */
  advance(budgetMs: number, now: () => number = () => performance.now()): boolean {
    const start = now();
    const { train, test } = this.sets;
    while (this.result === undefined) {
      if (this.#phase < 2) {
        const set = this.#phase === 0 ? train : test;
        const rows = Math.min(FORWARD_ROWS, set.X.rows - this.#row);
        forwardRows(
          this.#stages,
          set.X,
          this.#row,
          rows,
          this.#phase === 0 ? this.#train : this.#test,
        );
        this.#next(rows, set.X.rows);
      } else {
        const rows = Math.min(GRADIENT_ROWS, train.X.rows - this.#row);
        if (this.#finite) {
          this.#finite = addGradient(this.net, train, this.#row, rows, this.scoring.loss);
        }
        this.#next(rows, train.X.rows);
      }
      if (now() - start >= budgetMs) break;
    }
    this.cost += now() - start;
    return this.result !== undefined;
  }

  #next(rows: number, of: number): void {
    this.#row += rows;
    if (this.#row < of) return;
    this.#row = 0;
    if (++this.#phase < 3) return;
    const { train, test } = this.sets;
    this.result = {
      epoch: this.epoch,
      train: scoreOutputs(this.#train, train, this.scoring),
      test: scoreOutputs(this.#test, test, this.scoring),
      norms: this.#stages.map((s) =>
        this.#finite ? Math.sqrt(s.layer.dW.data.reduce((t, v) => t + v * v, 0)) : NaN
      ),
    };
  }
}
