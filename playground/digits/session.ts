// One run of the digits page: the shipped images, the network (notebook 07's
// one hidden layer or notebook 08's small convolutional network), its SGD
// steps on the library's fast path, one mini-batch at a time, and its scores
// on the shipped test images, computed a few images at a time. `work` does as
// much of that as fits in a time budget, so that the page can train in short
// slices and stay responsive. Nothing here draws.
import {
  ActivationLayer,
  argmax,
  Conv2d,
  Linear,
  MaxPool2d,
  mlp,
  oneHot,
  Rng,
  Sequential,
  softmax,
  softmaxCrossEntropy,
  type StageOutput,
  stageOutputs,
  type StepTraining,
  Tensor,
  TrainingDivergedError,
} from "../../lib/core/mod.ts";
import { fastProducts, gemmKernel, predict, trainSteps } from "../../lib/fast/mod.ts";
import type { DigitsConfig } from "./config.ts";
import { type DigitSubset, imagesOf } from "./data.ts";

/** Both networks train with notebook 07's and 08's momentum. */
export const MOMENTUM = 0.9;
/** Training images seen between two scorings on the test images. */
export const SCORE_EVERY = 2000;

/** Notebook 08's network: two convolutions with ReLU and max-pooling, then two Linear layers. */
export function makeCnn(rng: Rng): Sequential {
  return new Sequential([
    new Conv2d(1, 8, 5, { input: 28, rng }),
    new ActivationLayer("relu"),
    new MaxPool2d(2, { input: 24, channels: 8 }),
    new Conv2d(8, 16, 5, { input: 12, rng }),
    new ActivationLayer("relu"),
    new MaxPool2d(2, { input: 8, channels: 16 }),
    new Linear(256, 64, { rng }),
    new ActivationLayer("relu"),
    new Linear(64, 10, { rng, init: "xavier" }),
  ]);
}

/** The network of a configuration, with the initial weights of its seed. */
export function makeNetwork(c: DigitsConfig): Sequential {
  return c.model === "cnn" ? makeCnn(new Rng(c.seed)) : mlp([784, c.hidden, 10], { seed: c.seed });
}

/** A few test images, scored in one piece of work. */
interface TestChunk {
  X: Tensor;
  Y: Tensor;
  labels: Uint8Array;
}

/** The subset's images as the library's tensors, made once for every session that uses them. */
const made = new WeakMap<DigitSubset, {
  trainX: Tensor;
  trainY: Tensor;
  small: TestChunk[];
  large: TestChunk[];
}>();
function tensorsOf(data: DigitSubset) {
  let tensors = made.get(data);
  if (!tensors) {
    const testX = imagesOf(data.test);
    const chunks = (size: number) =>
      Array.from({ length: Math.ceil(testX.rows / size) }, (_, k) => {
        const at = k * size, n = Math.min(size, testX.rows - at);
        const labels = data.test.labels.slice(at, at + n);
        return {
          X: new Tensor(n, 784, testX.data.slice(at * 784, (at + n) * 784)),
          Y: oneHot(labels, 10),
          labels,
        };
      });
    tensors = {
      trainX: imagesOf(data.train),
      trainY: oneHot(data.train.labels, 10),
      small: chunks(10),
      large: chunks(100),
    };
    made.set(data, tensors);
  }
  return tensors;
}

/** One point of the progress chart. */
export interface Score {
  /** Training images seen, in epochs of the shipped training set. */
  epoch: number;
  /** The mean loss of the mini-batches since the previous score (NaN before the first step). */
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
}

/** What the network makes of one image: the ten probabilities and every stage's output. */
export interface Probe {
  probabilities: number[];
  outputs: StageOutput[];
}

export class DigitsSession {
  readonly net: Sequential;
  readonly trainX: Tensor;
  readonly trainY: Tensor;
  /** The test images in chunks, each scored in one piece of work. */
  readonly #chunks: readonly TestChunk[];
  readonly #steps: StepTraining;
  readonly testCount: number;
  steps = 0;
  samples = 0;
  history: Score[] = [];
  diverged?: string;
  /** The batch losses since the last score: their sum weighted by rows, and the rows. */
  #loss = { sum: 0, rows: 0 };
  /** The test pass under way: the next chunk, and the sums so far. */
  #scoring?: { chunk: number; right: number; loss: number };
  #nextScore = 0;
  /**
   * Steps on a throwaway copy of the network, on a few images in batches
   * that double up to half the real batch, taken before the first real step:
   * they make the browser compile the layers' code while a step is cheap, so
   * that the first real steps are not several times slower than the rest.
   * They change nothing of this run.
   */
  #warmup: { net?: Sequential; steps?: StepTraining; batch: number; taken: number } = {
    batch: 1,
    taken: 0,
  };

  constructor(readonly config: DigitsConfig, data: DigitSubset) {
    this.net = makeNetwork(config);
    const tensors = tensorsOf(data);
    this.trainX = tensors.trainX;
    this.trainY = tensors.trainY;
    this.testCount = data.test.labels.length;
    // A convolutional forward pass costs more per image: smaller chunks keep each piece short.
    this.#chunks = config.model === "cnn" ? tensors.small : tensors.large;
    this.#steps = trainSteps(this.net, this.trainX, this.trainY, {
      lr: config.lr,
      epochs: Number.MAX_SAFE_INTEGER,
      loss: "softmaxCrossEntropy",
      batchSize: config.batch,
      momentum: MOMENTUM,
      seed: config.seed,
    });
  }

  /** The library's backend and matrix kernel that run the steps. */
  get engine(): string {
    return `${this.#steps.backend} backend, ${gemmKernel()} kernel`;
  }

  /** Training images seen, in epochs. */
  get epoch(): number {
    return this.samples / this.trainX.rows;
  }

  /** Whether a test pass is under way (the weights do not change until it is done). */
  get scoring(): boolean {
    return this.#scoring !== undefined || this.samples >= this.#nextScore;
  }

  /**
   * Scores or trains, a chunk of test images or a mini-batch at a time, until
   * `budgetMs` have passed (at least one piece); with `train` false, only
   * finishes a test pass; with `untilScore`, stops when a test pass is done.
   * Returns the SGD steps taken.
   */
  work(
    budgetMs: number,
    { train = true, untilScore = false } = {},
    now: () => number = () => performance.now(),
  ): number {
    const start = now();
    let steps = 0, pieces = 0;
    while (!this.diverged && (pieces === 0 || now() - start < budgetMs)) {
      if (this.scoring) {
        this.#scoreChunk();
        if (untilScore && !this.scoring) break;
      } else if (!train) break;
      else if (!this.#warmUp()) {
        this.#step();
        steps++;
      }
      pieces++;
    }
    return steps;
  }

  /**
   * Takes one warm-up step, making the throwaway network in a piece of its
   * own; false once they are all done.
   */
  #warmUp(): boolean {
    const w = this.#warmup;
    if (!w.net) {
      w.net = makeNetwork({ ...this.config, seed: 0 });
      return true;
    }
    // Batches of 1, 2, 4, … up to half the real one, two steps of each, on the first images.
    while (2 * w.batch <= this.config.batch) {
      const n = this.config.batch;
      w.steps ??= trainSteps(
        w.net,
        new Tensor(n, 784, this.trainX.data.slice(0, n * 784)),
        new Tensor(n, 10, this.trainY.data.slice(0, n * 10)),
        { lr: 0.01, epochs: 2, loss: "softmaxCrossEntropy", batchSize: w.batch },
      );
      if (w.taken++ < 2 && !w.steps.next().done) return true;
      w.steps = undefined;
      w.taken = 0;
      w.batch *= 2;
    }
    return false;
  }

  #step(): void {
    try {
      const report = this.#steps.next().value!;
      this.#loss.sum += report.loss * report.rows;
      this.#loss.rows += report.rows;
      this.steps++;
      this.samples += report.rows;
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      this.diverged = `${e.message.replace(/ in epoch \d+/, ` after ${this.steps} steps`)}`;
    }
  }

  #scoreChunk(): void {
    const s = this.#scoring ??= { chunk: 0, right: 0, loss: 0 };
    const { X, Y, labels } = this.#chunks[s.chunk++];
    const Z = predict(this.net, X);
    s.loss += softmaxCrossEntropy(Z, Y) * X.rows;
    // A diverged network's scores may not be finite: none of its answers counts as right.
    if (Z.data.every(Number.isFinite)) {
      s.right += argmax(Z).filter((d, i) => d === labels[i]).length;
    }
    if (s.chunk < this.#chunks.length) return;
    this.history.push({
      epoch: this.epoch,
      trainLoss: this.#loss.rows === 0 ? NaN : this.#loss.sum / this.#loss.rows,
      testLoss: s.loss / this.testCount,
      testAccuracy: s.right / this.testCount,
    });
    this.#loss = { sum: 0, rows: 0 };
    this.#scoring = undefined;
    this.#nextScore = this.samples + SCORE_EVERY;
  }

  /** The network's ten probabilities for one image (784 values in [0, 1]) and every stage's output. */
  probe(image: Float64Array): Probe {
    const outputs = stageOutputs(this.net, new Tensor(1, 784, image), { products: fastProducts });
    return { probabilities: [...softmax(outputs.at(-1)!.A).data], outputs };
  }
}
