// One playground run: the data of a configuration, split into training and
// test points, the network, and its training in short slices (as many SGD
// steps of the library's own `trainSteps` as fit in a time budget, stopping
// within an epoch when it must, so that the page stays responsive), its
// scores computed in pieces, and the checkpoints it can rewind to.
// Everything here is the library's code; nothing draws, so the tests can
// drive a session without a browser.
import {
  ACTIVATIONS,
  blobs,
  circles,
  type Dataset,
  gaussians,
  getLoss,
  type Linear,
  linearStagesOf,
  type Loss,
  moons,
  noisySine,
  oneHot,
  saddle,
  type Sequential,
  spiral,
  spiralArms,
  type Stage,
  type StageOutput,
  stageOutputs,
  type StepTraining,
  Tensor,
  TrainingDivergedError,
  trainTestSplit,
  xorQuadrants,
} from "../lib/core/mod.ts";
import { fastProducts, fit, gemmKernel, trainSteps } from "../lib/fast/mod.ts";
import { WORKBOOK_LIMITS } from "../lib/excel/planning.ts";
import { type Config, type GeneratedName, type Point, toHash } from "./config.ts";
import { FEATURE_LABELS, featureInputs, plainFeatures } from "./features.ts";
import { isRegression } from "./task.ts";
import {
  buildNetwork,
  cloneNetwork,
  lossName,
  type NetworkJson,
  networkToJson,
  type PlaygroundLoss,
} from "./network.ts";
import { optimizerOptions, trainingNetwork } from "./training_options.ts";
import { type Score, ScoreJob, scoreSet, type Scoring } from "./scoring.ts";
export type { Score } from "./scoring.ts";

const GENERATORS: Record<
  GeneratedName,
  (o: { n: number; noise: number; seed: number }) => Dataset
> = { xor: xorQuadrants, circles, gaussians, spiral, moons };

/** The square of input space the views show: [lo, hi] on both axes. */
export interface Domain {
  lo: number;
  hi: number;
}

/** The data of a configuration: generated from its seed, or the reader's own points. */
export function makeData(config: Config, points?: readonly Point[]): Dataset {
  if (config.data === "own") {
    if (!points || points.length === 0) throw new RangeError("Own data needs points");
    return {
      X: Tensor.from(points.map((p) => [p.x1, p.x2])),
      y: Tensor.column(points.map((p) => p.label)),
    };
  }
  const options = { n: config.points, noise: config.noise, seed: config.seed };
  if (config.data === "sine") {
    // The one input x₁, as points on the line x₂ = 0 of the plane the views show.
    const { X, y } = noisySine(options);
    return { X: Tensor.from(Array.from(X.data, (x) => [x, 0])), y };
  }
  if (config.data === "saddle") return saddle(options);
  if (config.classes > 2) {
    const make = config.data === "gaussians" ? blobs : config.data === "spiral" ? spiralArms : null;
    if (!make) {
      throw new RangeError(`The ${config.data} dataset has 2 classes, not ${config.classes}`);
    }
    return make({
      n: config.points,
      noise: config.noise,
      seed: config.seed,
      classes: config.classes,
    });
  }
  return GENERATORS[config.data](options);
}

/** A square around the data with a margin, so that every view shows the same region. */
export function domainOf(X: Tensor): Domain {
  let lo = Infinity, hi = -Infinity, cx = 0, cy = 0;
  const xs = [Infinity, -Infinity], ys = [Infinity, -Infinity];
  for (let i = 0; i < X.rows; i++) {
    const a = X.data[2 * i], b = X.data[2 * i + 1];
    xs[0] = Math.min(xs[0], a), xs[1] = Math.max(xs[1], a);
    ys[0] = Math.min(ys[0], b), ys[1] = Math.max(ys[1], b);
  }
  cx = (xs[0] + xs[1]) / 2, cy = (ys[0] + ys[1]) / 2;
  const half = Math.max(xs[1] - xs[0], ys[1] - ys[0], 1e-9) / 2 * 1.15;
  // One scale for both axes keeps circles round; the square is centred on the data.
  lo = Math.min(cx, cy) - half;
  hi = Math.max(cx, cy) + half;
  const step = niceStep((hi - lo) / 8);
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step };
}

function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= x)!;
}

/** A grid of g×g points over the domain, row by row from the top (x2 = hi) down. */
export function gridInputs(domain: Domain, g: number): Tensor {
  const X = new Tensor(g * g, 2);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      const i = r * g + c;
      X.data[2 * i] = domain.lo + (domain.hi - domain.lo) * (c + 0.5) / g;
      X.data[2 * i + 1] = domain.hi - (domain.hi - domain.lo) * (r + 0.5) / g;
    }
  }
  return X;
}

/**
 * Every stage's output for a batch: the library's one forward pass over
 * stages (X·W, then + b, then f, as the layers compute it) with the fast
 * path's matrix products, so that views of a large grid stay quick. Nothing
 * is cached in the layers, so training is not disturbed.
 */
export function viewOutputs(stages: readonly Stage[], X: Tensor): StageOutput[] {
  return stageOutputs(stages, X, { products: fastProducts });
}

/** One point of the loss chart: after `epoch` epochs and `steps` steps of the next. */
export interface HistoryPoint {
  epoch: number;
  steps: number;
  /** Where on the chart's axis of epochs: `epoch` plus the share of the next epoch's steps. */
  at: number;
  train: number;
  test: number;
}

/**
 * "epoch 1,200", or "epoch 1,200 + 37 steps" for weights taken part-way
 * through the next epoch (training had stopped within it).
 */
export function epochLabel(epoch: number, steps = 0): string {
  const at = `epoch ${epoch.toLocaleString("en")}`;
  return steps === 0 ? at : `${at} + ${steps.toLocaleString("en")} step${steps === 1 ? "" : "s"}`;
}

/** What a workbook export holds and the losses the library computes for it. */
export interface WorkbookExport {
  X: Tensor;
  y: Tensor;
  lr: number;
  steps: number;
  loss: PlaygroundLoss;
  /** The loss of the current weights on the sample: the workbook's loss_s0. */
  first: number;
  /** The loss after `steps` full-batch SGD steps: the workbook's loss_s{steps}. */
  last: number;
  network: NetworkJson;
}

/** The weights and the step count at the start of an epoch, to rewind to. */
export interface Snapshot {
  epoch: number;
  steps: number;
  weights: Float64Array[];
}

/**
 * Whether training starts afresh at the start of `epoch` and keeps a
 * snapshot there: epoch 0, every 10th epoch up to 100, every 100th up to
 * 1000, and so on, about nine per tenfold, so that the snapshots of a long
 * run stay few.
 */
export function isCheckpoint(epoch: number): boolean {
  let spacing = 10;
  while (spacing * 10 <= epoch) spacing *= 10;
  return epoch % spacing === 0;
}

/** Snapshots kept at most; past that, the oldest after epoch 0 is dropped. */
const MAX_SNAPSHOTS = 60;

/** Why the workbook exporter cannot take this network, or undefined when it can. */
export function workbookProblem(config: Config): string | undefined {
  const { units, layers } = WORKBOOK_LIMITS;
  const wide = config.hidden.find((n) => n > units);
  if (config.hidden.length + 1 > layers) {
    return `a workbook holds at most ${layers} layers (${layers - 1} hidden); this network has ${
      config.hidden.length + 1
    }`;
  }
  if (wide !== undefined) {
    return `a workbook holds layers of at most ${units} units; this network has one of ${wide}`;
  }
  if (!plainFeatures(config.features)) {
    return `a workbook takes the inputs x₁, x₂; this network takes ${
      config.features.map((f) => FEATURE_LABELS[f]).join(", ")
    }`;
  }
  if (isRegression(config)) {
    return "a workbook describes a classifier's output (class 1 above a threshold); this network predicts a value";
  }
  if (config.classes > 2) {
    return `a workbook trains one output; this network has ${config.classes}, a logit per class, under softmax cross-entropy`;
  }
  return undefined;
}

export class Session {
  readonly config: Config;
  readonly points?: readonly Point[];
  readonly data: Dataset;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly domain: Domain;
  /** The least and the greatest target of the data. */
  readonly targetRange: { lo: number; hi: number };
  net!: Sequential;
  stages!: Stage<Linear>[];
  epoch = 0;
  /** SGD steps taken. */
  steps = 0;
  history: HistoryPoint[] = [];
  /** The message of the divergence that stopped training, if it did. */
  diverged?: string;
  /** The weights at the checkpoints training passed ({@link isCheckpoint}), oldest first. */
  snapshots: Snapshot[] = [];
  #training?: StepTraining;
  #loss: Loss;
  /** The network's inputs and targets for each set of points, made once per set. */
  readonly #prepared = new WeakMap<Dataset, Dataset>();
  /** SGD steps taken in the current epoch: 0 between epochs. */
  #stepInEpoch = 0;
  /** A retune waiting for the current epoch to end before the loop takes its settings. */
  #retuned = false;
  /** Counts changes of the weights (every step, every edit), so that scores know what they are of. */
  #version = 0;
  #scoredVersion = -1;
  #normsVersion = -1;
  /** The scoring under way, on its own copy of the weights. */
  #job: { job: ScoreJob; version: number; steps: number } | undefined;
  /** The network the scoring copies the weights into, made once. */
  #scoreNet: Sequential | undefined;
  /** The network {@link viewCopy} copies the weights into, made once. */
  #viewNet: { net: Sequential; stages: Stage<Linear>[] } | undefined;

  constructor(config: Config, points?: readonly Point[]) {
    this.config = config;
    this.points = points;
    this.data = makeData(config, points);
    const split = trainTestSplit(this.data, {
      testFraction: 1 - config.trainShare,
      seed: config.seed,
    });
    this.train = split.train;
    this.test = split.test;
    this.domain = domainOf(this.data.X);
    let lo = Infinity, hi = -Infinity;
    for (const v of this.data.y.data) lo = Math.min(lo, v), hi = Math.max(hi, v);
    this.targetRange = { lo, hi };
    this.#loss = getLoss(lossName(config));
    this.reset();
  }

  /** The network's inputs for points given as rows (x1, x2): a row of the chosen features each. */
  inputs(X: Tensor): Tensor {
    return featureInputs(X, this.config.features);
  }

  /**
   * What the network trains on for a set of points: its features, and its
   * labels (as one-hot rows when there are more than two classes).
   */
  prepared(set: Dataset): Dataset {
    let p = this.#prepared.get(set);
    if (!p) {
      const k = this.config.classes;
      p = { X: this.inputs(set.X), y: k > 2 ? oneHot(set.y.data, k) : set.y };
      this.#prepared.set(set, p);
    }
    return p;
  }

  /** The library's backend and matrix kernel that run the steps. */
  get engine(): string {
    return `${this.#training?.backend ?? "fast"} backend, ${gemmKernel()} kernel`;
  }

  /** The configuration's link. */
  get link(): string {
    return toHash(this.config, this.points);
  }

  get lossName(): PlaygroundLoss {
    return lossName(this.config);
  }

  /** SGD steps in one epoch. */
  get stepsPerEpoch(): number {
    const n = this.train.X.rows, b = this.config.batch;
    return b === 0 || b >= n ? 1 : Math.ceil(n / b);
  }

  /** Back to the initial weights of the seed (the same every time), epoch 0. */
  reset(): void {
    this.net = buildNetwork(this.config);
    this.stages = linearStagesOf(this.net, "The playground");
    this.epoch = 0;
    this.steps = 0;
    this.#stepInEpoch = 0;
    this.#retuned = false;
    this.diverged = undefined;
    this.#training = undefined;
    this.history = [];
    this.snapshots = [];
    this.record();
  }

  /**
   * Changes the learning rate, batch size, L2, loss or pace and goes on
   * training from the current weights. The library starts a new loop for new
   * training settings: between epochs at once, within an epoch once it ends
   * (the rest of the epoch keeps the settings it began with). The pace only
   * says how fast the page trains, so it changes no step.
   */
  retune(
    changes: Partial<
      Pick<Config, "lr" | "batch" | "l2" | "loss" | "pace" | "optimizer" | "l1" | "dropout">
    >,
  ): void {
    const before = { ...this.config };
    Object.assign(this.config, changes);
    this.#loss = getLoss(lossName(this.config));
    const training = (["lr", "batch", "l2", "loss", "optimizer", "l1", "dropout"] as const).some((
      k,
    ) => before[k] !== this.config[k]);
    if (!training) return;
    if (this.#stepInEpoch === 0) this.#training = undefined;
    else this.#retuned = true;
  }

  /**
   * Drops the running loop, so that the next step starts a new one (after a
   * weight is edited, say). An epoch cut short this way counts as one.
   */
  restartLoop(): void {
    this.#training = undefined;
    this.#retuned = false;
    if (this.#stepInEpoch > 0) this.epoch++, this.#stepInEpoch = 0;
  }

  /** Whether training stands within an epoch: some of its steps are done, not all. */
  get midEpoch(): boolean {
    return this.#stepInEpoch > 0;
  }

  /** The steps done of the epoch under way (0 between epochs). */
  get stepsIntoEpoch(): number {
    return this.#stepInEpoch;
  }

  /**
   * Counts on from weights trained elsewhere (another session's, or a saved
   * file's) after `epoch` epochs and `stepsIntoEpoch` steps of the next, at
   * `steps` steps in all. Training from them starts a new loop, at an epoch's
   * start: an epoch cut short counts as one, as {@link restartLoop} counts it.
   */
  continueAt(epoch: number, steps: number, stepsIntoEpoch = 0): void {
    this.epoch = stepsIntoEpoch > 0 ? epoch + 1 : epoch;
    this.steps = steps;
    this.#stepInEpoch = 0;
    this.#retuned = false;
    this.#training = undefined;
  }

  /** The kept epochs Rewind can go back to: those before the weights now, latest last. */
  get rewindable(): number[] {
    return this.snapshots.map((s) => s.epoch).filter((e) => e < this.epoch || this.midEpoch);
  }

  /** The page's epoch when the running loop started (the loop counts its epochs from 1). */
  #loopStart = 0;

  #loop(): StepTraining {
    const c = this.config;
    if (this.#stepInEpoch === 0) {
      const checkpoint = isCheckpoint(this.epoch);
      // A loop starts afresh at every checkpoint, so that training on from a snapshot takes the
      // same steps as the first time: the same shuffles, and an optimiser with nothing carried over.
      if (this.#retuned || (checkpoint && this.#loopStart !== this.epoch)) {
        this.#training = undefined;
        this.#retuned = false;
      }
      if (checkpoint && this.snapshots.at(-1)?.epoch !== this.epoch) this.#snapshot();
    }
    if (!this.#training) this.#loopStart = this.epoch;
    // Each new loop gets its own shuffles, so that restarting does not replay the same batches.
    const train = this.prepared(this.train);
    const seed = c.seed * 1000003 + this.epoch;
    return this.#training ??= trainSteps(trainingNetwork(this.net, c, seed), train.X, train.y, {
      lr: c.lr,
      epochs: Number.MAX_SAFE_INTEGER,
      loss: this.lossName,
      batchSize: c.batch === 0 ? undefined : c.batch,
      weightDecay: c.l2,
      ...optimizerOptions(c),
      seed,
    });
  }

  #snapshot(): void {
    const weights = this.net.parameters().map((p) => p.value.data.slice());
    this.snapshots.push({ epoch: this.epoch, steps: this.steps, weights });
    if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.splice(1, 1);
  }

  /**
   * Back to the weights of the snapshot of `epoch`, as they were when
   * training passed it: training on from there with the same settings takes
   * exactly the same steps as the first time. The later snapshots and the
   * history after it are dropped.
   */
  rewind(epoch: number): void {
    const snap = this.snapshots.find((s) => s.epoch === epoch);
    if (!snap) {
      throw new RangeError(
        `There is no snapshot of epoch ${epoch} to rewind to; there are snapshots of epochs ${
          this.snapshots.map((s) => s.epoch).join(", ") || "none yet"
        }`,
      );
    }
    this.net.parameters().forEach((p, k) => p.value.data.set(snap.weights[k]));
    this.epoch = snap.epoch;
    this.steps = snap.steps;
    this.#stepInEpoch = 0;
    this.#retuned = false;
    this.#training = undefined;
    this.diverged = undefined;
    this.snapshots = this.snapshots.filter((s) => s.epoch <= epoch);
    // The points up to the snapshot; those part-way into its next epoch were of the run left.
    this.history = this.history.filter((p) =>
      p.epoch < epoch || (p.epoch === epoch && p.steps === 0)
    );
    this.record();
  }

  /**
   * Trains up to `maxEpochs` epochs, stopping once `budgetMs` have passed,
   * within an epoch if need be (the next call goes on where this one
   * stopped); returns the epochs finished. It takes at least one step. A
   * diverging network stops training and leaves its message in `diverged`.
   */
  run(maxEpochs: number, budgetMs = Infinity, now: () => number = () => performance.now()): number {
    if (this.diverged) return 0;
    const start = now();
    let done = 0, first = true;
    try {
      while (done < maxEpochs && (first || now() - start < budgetMs)) {
        first = false;
        const report = this.#loop().next().value!;
        this.steps++;
        this.#version++;
        this.#stepInEpoch++;
        if (report.epochLoss !== undefined) {
          this.epoch++;
          this.#stepInEpoch = 0;
          done++;
        }
      }
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      // The library counts the epochs of its own loop, which restarts after every retune;
      // the page counts from its reset, so the message names the page's epoch.
      this.diverged = e.message.replace(
        /^Training diverged in epoch \d+/,
        `Training diverged in epoch ${this.#loopStart + e.epoch}`,
      );
      this.#training = undefined;
      // Training stops here, with the weights of the steps before the one that diverged (their
      // labels say how far into the epoch); a reset or a rewind starts it again from an epoch's start.
    }
    return done;
  }

  /** Loss and accuracy on the training and the test points, of the weights of `scoredEpoch`. */
  scores!: { train: Score; test: Score };
  /** The epoch whose weights `scores` are of: after `scoredEpoch` epochs and `scoredSteps` steps of the next. */
  scoredEpoch = 0;
  scoredSteps = 0;
  /** ‖dW‖ of each layer over the training points (see {@link gradientNorms}), of `normsEpoch`. */
  norms: number[] = [];
  /** The epoch whose weights `norms` are of; undefined until they are first computed. */
  normsEpoch: number | undefined;
  /** The steps into the epoch after `normsEpoch` of the weights `norms` are of. */
  normsSteps = 0;
  /** CPU time the last scoring in pieces took, in ms. */
  scoringCost = 0;

  /** The loss and the threshold that scoring uses. */
  get scoring(): Scoring {
    return { loss: this.#loss, threshold: this.threshold, regression: isRegression(this.config) };
  }

  /**
   * Scores the current weights at once and adds their training and test loss
   * to the history (after a reset or an edit, say); the gradient sizes follow
   * in pieces ({@link scoreSome}).
   */
  record(): void {
    this.#version++;
    this.#job = undefined;
    this.#publish(this.epoch, this.#stepInEpoch, this.score(this.train), this.score(this.test));
    this.#scoredVersion = this.#version;
  }

  #publish(epoch: number, steps: number, train: Score, test: Score): void {
    this.scores = { train, test };
    this.scoredEpoch = epoch;
    this.scoredSteps = steps;
    const last = this.history.at(-1);
    if (last && last.epoch === epoch && last.steps === steps) {
      Object.assign(last, { train: train.loss, test: test.loss });
    } else {
      const at = epoch + steps / this.stepsPerEpoch;
      this.history.push({ epoch, steps, at, train: train.loss, test: test.loss });
    }
    // Keep the chart light: past 600 points, drop every other one of the older half.
    if (this.history.length > 600) {
      this.history = this.history.filter((_, i) => i % 2 === 0 || i >= 300);
    }
  }

  /** Whether a scoring in pieces is under way. */
  get scoringUnderWay(): boolean {
    return this.#job !== undefined;
  }

  /** Whether the current weights have scores and gradient sizes still to be computed. */
  get unscored(): boolean {
    return this.#scoredVersion !== this.#version || this.#normsVersion !== this.#version;
  }

  /**
   * Scores in pieces: starts on a copy of the current weights when no
   * scoring is under way and they are unscored, and works on it for about
   * `budgetMs`. Returns true when a scoring finished: then `scores`,
   * `norms` and the history hold the numbers of its epoch.
   */
  scoreSome(budgetMs: number, now: () => number = () => performance.now()): boolean {
    if (!this.#job) {
      if (!this.unscored) return false;
      const copy = this.#scoreNet ??= buildNetwork(this.config);
      copy.parameters().forEach((p, k) => p.value.data.set(this.net.parameters()[k].value.data));
      const job = new ScoreJob(
        copy,
        this.epoch,
        { train: this.prepared(this.train), test: this.prepared(this.test) },
        this.scoring,
      );
      this.#job = { job, version: this.#version, steps: this.#stepInEpoch };
    }
    const { job, version, steps } = this.#job;
    if (!job.advance(budgetMs, now)) return false;
    this.#job = undefined;
    const { epoch, train, test, norms } = job.result!;
    this.scoringCost = job.cost;
    this.#publish(epoch, steps, train, test);
    this.norms = norms;
    this.normsEpoch = epoch;
    this.normsSteps = steps;
    this.#scoredVersion = version;
    this.#normsVersion = version;
    return true;
  }

  /**
   * The current weights copied into a network of the same shape, for a view
   * that computes in pieces while training changes the weights. There is one
   * such copy: the next call overwrites it.
   */
  viewCopy(): Stage<Linear>[] {
    const copy = this.#viewNet ??= (() => {
      const net = buildNetwork(this.config);
      return { net, stages: linearStagesOf(net, "The playground") };
    })();
    copy.net.parameters().forEach((p, k) => p.value.data.set(this.net.parameters()[k].value.data));
    return copy.stages;
  }

  /**
   * The network's output for each row (x1, x2) of X: a value for MSE, a logit
   * for cross-entropy, a row of logits for more than two classes.
   */
  output(X: Tensor): Tensor {
    return viewOutputs(this.stages, this.inputs(X)).at(-1)!.A;
  }

  /** The probability of class 1 that an output stands for: the value clipped to [0, 1], or σ(logit). */
  probability(yHat: number): number {
    return this.config.loss === "ce" ? ACTIVATIONS.sigmoid.f(yHat) : Math.min(1, Math.max(0, yHat));
  }

  /**
   * The shade of a single output on the plots, in [−1, 1]: 2p − 1 for a class's probability p;
   * for a regression, the value's place in the range of the targets (−1 at the least, 1 at the
   * greatest), beyond which it is clipped.
   */
  shade(yHat: number): number {
    if (!isRegression(this.config)) return 2 * this.probability(yHat) - 1;
    const { lo, hi } = this.targetRange;
    return Math.max(-1, Math.min(1, (2 * (yHat - lo)) / (hi - lo || 1) - 1));
  }

  /** The output that marks the boundary between the classes: 0.5 for MSE, a logit of 0 for cross-entropy. */
  get threshold(): number {
    return this.config.loss === "ce" ? 0 : 0.5;
  }

  /** Loss (the library's loss table) and accuracy on a set of points; a regression's accuracy is NaN. */
  score(set: Dataset): Score {
    return scoreSet(this.stages, this.prepared(set), this.scoring);
  }

  /**
   * The size ‖dW‖ (Frobenius norm) of each layer's weight gradient of the
   * training loss over the whole training set, from the layers' own
   * backward pass.
   */
  gradientNorms(): number[] {
    const { net } = this;
    net.zeroGrad();
    const train = this.prepared(this.train);
    const yHat = net.forward(train.X);
    if (!yHat.data.every(Number.isFinite)) return this.stages.map(() => NaN);
    net.backward(this.#loss.grad(yHat, train.y));
    const norms = this.stages.map((s) => Math.sqrt(s.layer.dW.data.reduce((t, v) => t + v * v, 0)));
    net.zeroGrad();
    return norms;
  }

  /** The weights as JSON, with the link that made them. */
  toJson(): NetworkJson {
    const steps = this.#stepInEpoch > 0 ? { steps: this.#stepInEpoch } : {};
    return networkToJson(this.net, {
      link: this.link,
      epoch: this.epoch,
      ...steps,
      loss: this.lossName,
    });
  }

  /**
   * What a workbook of the current network holds: the first (at most 64)
   * training points, the current weights, `steps` full-batch SGD steps at the
   * current learning rate (a workbook has no L2 and no mini-batches), and the
   * losses the library computes for its first and last step.
   */
  workbookExport(steps: number): WorkbookExport {
    const problem = workbookProblem(this.config);
    if (problem) throw new RangeError(`This network cannot be exported as a workbook: ${problem}`);
    const n = Math.min(WORKBOOK_LIMITS.samples, this.train.X.rows);
    const X = new Tensor(n, 2, this.train.X.data.slice(0, 2 * n));
    const y = new Tensor(n, 1, this.train.y.data.slice(0, n));
    const network = this.toJson();
    const copy = cloneNetwork(this.net);
    const { losses } = fit(copy, X, y, {
      lr: this.config.lr,
      epochs: steps,
      loss: this.lossName,
      backend: "reference",
    });
    const last = this.#loss.value(copy.forward(X), y);
    return {
      X,
      y,
      lr: this.config.lr,
      steps,
      loss: this.lossName,
      first: losses[0],
      last,
      network,
    };
  }
}
