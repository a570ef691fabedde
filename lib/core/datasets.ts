/**
 * Datasets: the four XOR points, and 2-D classification sets in the style of
 * TensorFlow Playground (noisy XOR by quadrants, circles, two Gaussians,
 * spiral, moons), all seeded, sets of more than two classes (blobs,
 * spiral arms), and two regression sets (a noisy sine, a saddle).
 * Targets are class labels (0/1, or 0 … k − 1) or, for regression, values, in
 * an n×1 column.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import { gatherRows } from "./ops.ts";
import {
  checkFiniteTensor,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";

/**
 * Inputs X (samples × features) and targets y (samples × outputs).
 *
 * @example
 * ```ts
 * import { type Dataset, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const data: Dataset = xor();
 * assert.equal(data.X.rows, data.y.rows);
 * ```
 */
export interface Dataset {
  /** Inputs, one row per sample. */
  X: Tensor;
  /** Targets, one row per sample. */
  y: Tensor;
}

/**
 * The XOR truth table: X = [[0,0],[0,1],[1,0],[1,1]], y = [0,1,1,0].
 *
 * @example
 * ```ts
 * import { xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * assert.deepEqual(y.toArray(), [[0], [1], [1], [0]]);
 * ```
 */
export function xor(): Dataset {
  return {
    X: Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]),
    y: Tensor.column([0, 1, 1, 0]),
  };
}

/**
 * Many noisy XOR points, one cloud per quadrant of the square [−1, 1]²: a
 * point whose two coordinates have the same sign is class 0 (like the truth
 * table's (0, 0) and (1, 1)), a point whose signs differ is class 1. Each
 * coordinate's size is drawn from [0.05, 1] (a small gap along the axes, as
 * in TensorFlow Playground), its sign at random, and the label is set before
 * Gaussian noise of standard deviation `noise` is added, so noise can carry a
 * point across an axis.
 *
 * @example Without noise every point sits in its own quadrant
 * ```ts
 * import { xorQuadrants } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xorQuadrants({ n: 100, noise: 0, seed: 1 });
 * for (let i = 0; i < 100; i++) {
 *   const differ = Math.sign(X.get(i, 0)) !== Math.sign(X.get(i, 1));
 *   assert.equal(y.get(i, 0), differ ? 1 : 0);
 * }
 * ```
 */
export function xorQuadrants(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  for (let i = 0; i < n; i++) {
    // Alternate the classes, as the other generators do; pick one of the class's two quadrants.
    const c = i % 2;
    const sx = rng.next() < 0.5 ? -1 : 1;
    const sy = c === 1 ? -sx : sx;
    X.data[2 * i] = sx * rng.uniform(0.05, 1) + rng.normal(0, noise);
    X.data[2 * i + 1] = sy * rng.uniform(0.05, 1) + rng.normal(0, noise);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * Options for the generated 2-D datasets.
 *
 * @example
 * ```ts
 * import { circles, type GenerateOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: GenerateOptions = { n: 50, noise: 0.05, seed: 3 };
 * assert.equal(circles(options).X.rows, 50);
 * ```
 */
export interface GenerateOptions {
  /** Number of points (default 200). */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0.1; 0 for none). */
  noise?: number;
  /** Seed (default 0). */
  seed?: number;
}

/**
 * The 2-D dataset generators by name.
 *
 * @example
 * ```ts
 * import { generate, type GeneratorName } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const name: GeneratorName = "spiral";
 * assert.equal(generate(name, { n: 10 }).y.rows, 10);
 * ```
 */
export type GeneratorName = "circles" | "gaussians" | "spiral" | "moons";

function setup(options: GenerateOptions) {
  checkOptions(
    options,
    ["n", "noise", "seed"],
    "A dataset generator",
    "{ n: 200, noise: 0.1, seed: 1 }",
  );
  const n = checkPositiveInt(options.n ?? 200, "n");
  const noise = options.noise ?? 0.1;
  if (typeof noise !== "number" || !(noise >= 0) || !Number.isFinite(noise)) {
    throw new RangeError(
      `noise must be a finite number ≥ 0, got ${describe(noise)}`,
    );
  }
  return {
    n,
    noise,
    rng: new Rng(options.seed ?? 0),
    X: new Tensor(n, 2),
    y: new Tensor(n, 1),
  };
}

/**
 * Two rings: class 1 inside radius 0.5, class 0 between radii 0.7 and 1.
 *
 * @example
 * ```ts
 * import { circles } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(circles({ n: 10, seed: 1 }).X.shape, [10, 2]);
 * ```
 */
export function circles(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 0;
    const r = inner ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1);
    const angle = rng.uniform(0, 2 * Math.PI);
    X.data[2 * i] = r * Math.cos(angle) + rng.normal(0, noise);
    X.data[2 * i + 1] = r * Math.sin(angle) + rng.normal(0, noise);
    y.data[i] = inner ? 1 : 0;
  }
  return { X, y };
}

/**
 * Two Gaussian blobs centred at (−0.5, −0.5) (class 0) and (0.5, 0.5)
 * (class 1), spread by `noise` plus a base deviation of 0.2.
 *
 * @example
 * ```ts
 * import { gaussians } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(gaussians({ n: 8 }).y.shape, [8, 1]);
 * ```
 */
export function gaussians(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  const std = 0.2 + noise;
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const centre = c === 1 ? 0.5 : -0.5;
    X.data[2 * i] = rng.normal(centre, std);
    X.data[2 * i + 1] = rng.normal(centre, std);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * Two interleaved spirals, each turning 1.75 times around the origin.
 *
 * @example
 * ```ts
 * import { spiral } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(spiral({ n: 6, noise: 0 }).X.shape, [6, 2]);
 * ```
 */
export function spiral(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  const half = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.floor(i / 2) / half; // 0 … 1 along the arm
    const r = 0.05 + 0.95 * t;
    const angle = 1.75 * 2 * Math.PI * t + c * Math.PI;
    X.data[2 * i] = r * Math.sin(angle) + rng.normal(0, noise);
    X.data[2 * i + 1] = r * Math.cos(angle) + rng.normal(0, noise);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * Two interleaving half-moons (as in scikit-learn's make_moons).
 *
 * @example
 * ```ts
 * import { moons } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(moons({ n: 4, noise: 0 }).y.get(1, 0), 1);
 * ```
 */
export function moons(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.PI * rng.next();
    const x0 = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const x1 = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    X.data[2 * i] = x0 + rng.normal(0, noise);
    X.data[2 * i + 1] = x1 + rng.normal(0, noise);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * Options for the generators of more than two classes: those of
 * {@link GenerateOptions} and the number of classes.
 *
 * @example
 * ```ts
 * import { blobs, type ClassesOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: ClassesOptions = { n: 30, classes: 3, seed: 2 };
 * assert.equal(blobs(options).X.rows, 30);
 * ```
 */
export interface ClassesOptions extends GenerateOptions {
  /** Number of classes, a whole number from 2 (default 3). */
  classes?: number;
}

function setupClasses(options: ClassesOptions, fn: string) {
  checkOptions(
    options,
    ["n", "noise", "seed", "classes"],
    fn,
    "{ n: 300, noise: 0.1, seed: 1, classes: 3 }",
  );
  const { classes = 3, ...rest } = options;
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`${fn}'s classes must be a whole number ≥ 2, got ${describe(classes)}`);
  }
  return { classes, ...setup(rest) };
}

/**
 * k Gaussian blobs, one per class, their centres evenly spaced on a circle of
 * radius 0.75 around the origin (class 0 at the angle 225°, the others
 * counter-clockwise), each spread by `noise` plus a base deviation of 0.2, as
 * {@link gaussians}'s two. Point i is of class i mod k, so the classes are
 * balanced. Labels are 0 … k − 1 in an n×1 column (see `oneHot`).
 *
 * @example
 * ```ts
 * import { blobs } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { y } = blobs({ n: 6, classes: 3, seed: 1 });
 * assert.deepEqual(Array.from(y.data), [0, 1, 2, 0, 1, 2]);
 * ```
 */
export function blobs(options: ClassesOptions = {}): Dataset {
  const { classes, n, noise, rng, X, y } = setupClasses(options, "blobs");
  const std = 0.2 + noise;
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const angle = 1.25 * Math.PI + (2 * Math.PI * c) / classes;
    X.data[2 * i] = rng.normal(0.75 * Math.cos(angle), std);
    X.data[2 * i + 1] = rng.normal(0.75 * Math.sin(angle), std);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * k interleaved spiral arms, one per class, the arms 2π/k apart, each
 * turning 3.5/k times around the origin, so that neighbouring arms lie as far
 * apart (about 0.27) for every k; with 2 classes exactly {@link spiral}.
 * Point i is of class i mod k. Labels are 0 … k − 1 in an n×1 column.
 *
 * @example
 * ```ts
 * import { spiral, spiralArms } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const two = spiralArms({ n: 20, classes: 2, seed: 1 });
 * assert.deepEqual(two.X.toArray(), spiral({ n: 20, seed: 1 }).X.toArray());
 * assert.equal(spiralArms({ n: 9, classes: 3 }).y.get(8, 0), 2);
 * ```
 */
export function spiralArms(options: ClassesOptions = {}): Dataset {
  const { classes, n, noise, rng, X, y } = setupClasses(options, "spiralArms");
  const perArm = Math.ceil(n / classes), turns = 3.5 / classes;
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const t = Math.floor(i / classes) / perArm; // 0 … 1 along the arm
    const r = 0.05 + 0.95 * t;
    const angle = turns * 2 * Math.PI * t + (c * 2 * Math.PI) / classes;
    X.data[2 * i] = r * Math.sin(angle) + rng.normal(0, noise);
    X.data[2 * i + 1] = r * Math.cos(angle) + rng.normal(0, noise);
    y.data[i] = c;
  }
  return { X, y };
}

/**
 * A 1-D regression set: x uniform in [−1, 1] and the target y = sin(πx) with
 * Gaussian noise of standard deviation `noise` added to it. X and y are n×1.
 *
 * @example
 * ```ts
 * import { noisySine } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = noisySine({ n: 5, noise: 0, seed: 1 });
 * assert.deepEqual(X.shape, [5, 1]);
 * assert.ok(Math.abs(y.get(0, 0) - Math.sin(Math.PI * X.get(0, 0))) < 1e-15);
 * ```
 */
export function noisySine(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng } = setup(options);
  const X = new Tensor(n, 1), y = new Tensor(n, 1);
  for (let i = 0; i < n; i++) {
    X.data[i] = rng.uniform(-1, 1);
    y.data[i] = Math.sin(Math.PI * X.data[i]) + rng.normal(0, noise);
  }
  return { X, y };
}

/**
 * A 2-D regression set: points uniform in the square [−1, 1]² and the target
 * y = x₁² − x₂² (a saddle) with Gaussian noise of standard deviation `noise`
 * added to it. X is n×2, y n×1.
 *
 * @example
 * ```ts
 * import { saddle } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = saddle({ n: 5, noise: 0, seed: 1 });
 * const [a, b] = [X.get(2, 0), X.get(2, 1)];
 * assert.ok(Math.abs(y.get(2, 0) - (a * a - b * b)) < 1e-15);
 * ```
 */
export function saddle(options: GenerateOptions = {}): Dataset {
  const { n, noise, rng, X, y } = setup(options);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
    X.data[2 * i] = a;
    X.data[2 * i + 1] = b;
    y.data[i] = a * a - b * b + rng.normal(0, noise);
  }
  return { X, y };
}

/**
 * A generator by name, for sweeps over datasets.
 *
 * @example
 * ```ts
 * import { generate } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(generate("moons", { n: 10 }).X.shape, [10, 2]);
 * assert.throws(() => generate("checkerboard" as "moons"), /Unknown dataset/);
 * ```
 */
export function generate(
  name: GeneratorName,
  options: GenerateOptions = {},
): Dataset {
  const generators = { circles, gaussians, spiral, moons };
  if (!Object.hasOwn(generators, name)) {
    throw new RangeError(
      `Unknown dataset ${describe(name)}: use one of ${Object.keys(generators).join(", ")}`,
    );
  }
  return generators[name](options);
}

/**
 * Splits a dataset at random (seeded) into a training and a test part.
 *
 * @example
 * ```ts
 * import { moons, trainTestSplit } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { train, test } = trainTestSplit(moons({ n: 100 }), { testFraction: 0.2, seed: 1 });
 * assert.equal(train.X.rows, 80);
 * assert.equal(test.X.rows, 20);
 * ```
 */
export function trainTestSplit(
  data: Dataset,
  options: { testFraction?: number; seed?: number } = {},
): { train: Dataset; test: Dataset } {
  checkTensor(data?.X, "The dataset's X");
  checkTensor(data?.y, "The dataset's y");
  checkOptions(
    options,
    ["testFraction", "seed"],
    "trainTestSplit",
    "{ testFraction: 0.25, seed: 1 }",
  );
  if (data.X.rows !== data.y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(data.X)} and y ${shapeOf(data.y)}`,
    );
  }
  const fraction = options.testFraction ?? 0.25;
  const n = data.X.rows;
  const nTest = Math.round(n * fraction);
  if (!(fraction > 0 && fraction < 1) || nTest < 1 || nTest >= n) {
    throw new RangeError(
      `testFraction ${fraction} of ${n} samples leaves an empty part: need 0 < fraction < 1 and at least one sample each side`,
    );
  }
  const order = new Rng(options.seed ?? 0).permutation(n);
  const testIdx = order.subarray(0, nTest), trainIdx = order.subarray(nTest);
  return {
    train: { X: gatherRows(data.X, trainIdx), y: gatherRows(data.y, trainIdx) },
    test: { X: gatherRows(data.X, testIdx), y: gatherRows(data.y, testIdx) },
  };
}

/**
 * Per-column mean and standard deviation, to standardise new data the same way.
 *
 * @example
 * ```ts
 * import { fitStandardizer, type Standardizer, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const s: Standardizer = fitStandardizer(Tensor.from([[0], [2]]));
 * assert.deepEqual(s.apply(Tensor.from([[4]])).toArray(), [[3]]);
 * ```
 */
export interface Standardizer {
  /** 1×features means. */
  mean: Tensor;
  /** 1×features standard deviations (1 where a column is constant). */
  std: Tensor;
  /** (X − mean) / std. */
  apply(X: Tensor): Tensor;
}

/**
 * Learns per-column mean and standard deviation from X. Apply it to the test
 * set too, with the training set's statistics.
 *
 * @example
 * ```ts
 * import { fitStandardizer, mean, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.from([[1, 10], [3, 30]]);
 * const s = fitStandardizer(X);
 * assert.deepEqual(s.apply(X).toArray(), [[-1, -1], [1, 1]]);
 * ```
 */
export function fitStandardizer(X: Tensor): Standardizer {
  checkFiniteTensor(X, "fitStandardizer's X");
  const mean = new Tensor(1, X.cols), std = new Tensor(1, X.cols);
  for (let j = 0; j < X.cols; j++) {
    let s = 0;
    for (let i = 0; i < X.rows; i++) s += X.data[i * X.cols + j];
    const m = s / X.rows;
    let v = 0;
    for (let i = 0; i < X.rows; i++) v += (X.data[i * X.cols + j] - m) ** 2;
    const sd = Math.sqrt(v / X.rows);
    mean.data[j] = m;
    std.data[j] = sd > 0 ? sd : 1;
  }
  return {
    mean,
    std,
    apply(Z: Tensor): Tensor {
      checkFiniteTensor(Z, "The data to standardise");
      if (Z.cols !== X.cols) {
        throw new RangeError(
          `This standardiser was fitted on ${X.cols} columns, got ${shapeOf(Z)}`,
        );
      }
      const out = new Tensor(Z.rows, Z.cols);
      for (let i = 0; i < Z.data.length; i++) {
        const j = i % Z.cols;
        out.data[i] = (Z.data[i] - mean.data[j]) / std.data[j];
      }
      return out;
    },
  };
}
