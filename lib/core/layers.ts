/**
 * Layers with a forward pass and a hand-written backward pass beside it.
 * Backward passes ADD into the gradients (`dW += …`), like micrograd and
 * PyTorch: call `zeroGrad()` before each backward pass, or the gradients of
 * two passes are summed.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { defaultRng, Rng } from "./random.ts";
import { add, addBackward, matmul, matmulBackward } from "./ops.ts";
import { activate, activationBackward, type ActivationName, getActivation } from "./activations.ts";
import { type InitName, initWeights } from "./init.ts";
import type { Products, StageLayer } from "./stage.ts";
import { checkStageBuffer as checkBuffer, checkStageRows as checkRows } from "./_pass.ts";
import {
  checkFiniteTensor,
  checkInstance,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";

/**
 * A trainable tensor and the gradient of the loss with respect to it.
 *
 * @example
 * ```ts
 * import { mlp, type Parameter } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const [W1]: Parameter[] = mlp([2, 3, 1]).parameters();
 * assert.deepEqual(W1.grad.shape, W1.value.shape);
 * ```
 */
export interface Parameter {
  /** A name such as `W1` or `b2`. */
  readonly name: string;
  /** The values, updated in place by an optimiser. */
  readonly value: Tensor;
  /** ∂loss/∂value, the same shape, accumulated by backward passes. */
  readonly grad: Tensor;
  /** Whether weight decay (L2) applies: true for weights, false (the default) for biases. */
  readonly decay?: boolean;
}

/**
 * What every layer offers.
 *
 * @example
 * ```ts
 * import { type Layer, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer: Layer = new Linear(2, 1);
 * assert.deepEqual(layer.forward(Tensor.ones(3, 2)).shape, [3, 1]);
 * ```
 */
export interface Layer {
  /** Computes the output for a batch X (rows are samples) and caches what backward needs. */
  forward(X: Tensor): Tensor;
  /** Given ∂loss/∂output, adds the parameter gradients and returns ∂loss/∂input. */
  backward(dOut: Tensor): Tensor;
  /** The trainable parameters (none for an activation layer). */
  parameters(): Parameter[];
  /** Sets every gradient to zero. */
  zeroGrad(): void;
}

/**
 * Options for a {@link Linear} layer.
 *
 * @example
 * ```ts
 * import { Linear, type LinearOptions, Rng } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: LinearOptions = { rng: new Rng(1), init: "he", names: ["W1", "b1"] };
 * assert.equal(new Linear(2, 4, options).parameters()[0].name, "W1");
 * ```
 */
export interface LinearOptions {
  /** The generator for the initial weights (default: {@link defaultRng}, unless `seed` is given). */
  rng?: Rng;
  /** A seed for the initial weights, when no `rng` is given. */
  seed?: number;
  /** The initialisation scheme (default `uniform`). Biases start at zero. */
  init?: InitName;
  /** Names for the parameters, e.g. ["W1", "b1"]. */
  names?: [string, string];
}

/**
 * A fully connected layer: Z = X·W + b, with W of shape nIn × nOut and b a
 * 1 × nOut row added to every sample.
 *
 * Backward, for dZ = ∂loss/∂Z:
 * - dW += Xᵀ·dZ  (nIn × nOut)
 * - db += the column sums of dZ  (1 × nOut)
 * - returns dX = dZ·Wᵀ  (samples × nIn)
 *
 * @example One layer forward and backward
 * ```ts
 * import { Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = new Linear(2, 1);
 * layer.W.set(0, 0, 2);
 * layer.W.set(1, 0, -1);
 * const Z = layer.forward(Tensor.from([[1, 1]]));
 * assert.deepEqual(Z.toArray(), [[1]]);
 * layer.backward(Tensor.from([[1]]));
 * assert.deepEqual(layer.dW.toArray(), [[1], [1]]);
 * ```
 */
export class Linear implements StageLayer {
  /** Weights, nIn × nOut. */
  readonly W: Tensor;
  /** Bias, 1 × nOut. */
  readonly b: Tensor;
  /** ∂loss/∂W. */
  readonly dW: Tensor;
  /** ∂loss/∂b. */
  readonly db: Tensor;
  readonly #names: [string, string];
  // What backward needs from forward: a copy of X, and X·W (for its shape).
  #X: Tensor | undefined;
  #XW: Tensor | undefined;

  /**
   * A layer from nIn inputs to nOut outputs with seeded initial weights
   * (from `rng`, else from `seed`, else from the shared {@link defaultRng}).
   */
  constructor(nIn: number, nOut: number, options: LinearOptions = {}) {
    checkPositiveInt(nIn, "A Linear layer's input size nIn");
    checkPositiveInt(nOut, "A Linear layer's output size nOut");
    checkOptions(options, ["rng", "seed", "init", "names"], "Linear", '{ seed: 1, init: "he" }');
    if (options.rng !== undefined) checkInstance(options.rng, Rng, "A Linear layer's rng");
    const names = options.names ?? ["W", "b"];
    if (
      !Array.isArray(names) || names.length !== 2 ||
      !names.every((n) => typeof n === "string" && n !== "")
    ) {
      throw new TypeError(
        `A Linear layer's names must be two names such as ["W1", "b1"], got ${describe(names)}`,
      );
    }
    const rng = options.rng ?? (options.seed === undefined ? defaultRng() : new Rng(options.seed));
    this.W = initWeights(options.init ?? "uniform", nIn, nOut, rng);
    this.b = new Tensor(1, nOut);
    this.dW = new Tensor(nIn, nOut);
    this.db = new Tensor(1, nOut);
    this.#names = [names[0], names[1]];
  }

  /**
   * A layer holding the given weights and bias (copied).
   *
   * @example
   * ```ts
   * import { Linear, Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const layer = Linear.fromWeights(Tensor.from([[1], [1]]), Tensor.row([0.5]));
   * assert.deepEqual(layer.forward(Tensor.from([[1, 2]])).toArray(), [[3.5]]);
   * ```
   */
  static fromWeights(W: Tensor, b: Tensor, names?: [string, string]): Linear {
    checkFiniteTensor(W, "W");
    checkFiniteTensor(b, "b");
    if (b.rows !== 1 || b.cols !== W.cols) {
      throw new RangeError(
        `The bias of a ${shapeOf(W)} layer must be 1×${W.cols}, got ${shapeOf(b)}`,
      );
    }
    // Its own generator, so that copying weights draws nothing from the shared one.
    const layer = new Linear(
      W.rows,
      W.cols,
      names ? { names, rng: new Rng(0) } : { rng: new Rng(0) },
    );
    layer.W.data.set(W.data);
    layer.b.data.set(b.data);
    return layer;
  }

  /** Z = X·W + b. Keeps a copy of X, so changing X afterwards cannot change the gradients. */
  forward(X: Tensor): Tensor {
    checkTensor(X, "Linear.forward's input X");
    if (X.cols !== this.W.rows) {
      throw new RangeError(
        `This Linear layer takes ${this.W.rows} inputs per sample but X is ${shapeOf(X)}`,
      );
    }
    this.#X = X.clone();
    this.#XW = matmul(X, this.W);
    return add(this.#XW, this.b);
  }

  /**
   * The backward pass of Z = X·W + b, through the ops' own backward functions:
   * addBackward gives ∂/∂(X·W) and db (the column sums of dZ), matmulBackward
   * gives dX = dZ·Wᵀ and dW = Xᵀ·dZ. Adds to dW and db; returns dX.
   */
  backward(dZ: Tensor): Tensor {
    const X = this.#X, XW = this.#XW;
    if (X === undefined || XW === undefined) {
      throw new Error("Linear.backward was called before forward");
    }
    checkTensor(dZ, "Linear.backward's gradient dZ");
    if (dZ.rows !== X.rows || dZ.cols !== this.W.cols) {
      throw new RangeError(
        `Linear.backward expected a ${X.rows}×${this.W.cols} gradient, got ${shapeOf(dZ)}`,
      );
    }
    const { dA: dXW, dB: db } = addBackward(XW, this.b, dZ);
    const { dA: dX, dB: dW } = matmulBackward(X, this.W, dXW);
    accumulate(this.dW, dW);
    accumulate(this.db, db);
    return dX;
  }

  /** Inputs per sample: W's rows. */
  get inWidth(): number {
    return this.W.rows;
  }

  /** Outputs per sample: W's columns. */
  get outWidth(): number {
    return this.W.cols;
  }

  /**
   * Z = input·W, then + b, into a buffer of rows × nOut: the stage form of
   * {@link Linear.forward}, for the one pass over stages. Keeps nothing.
   */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void {
    const nIn = this.W.rows, nOut = this.W.cols, b = this.b.data;
    checkRows("Linear.forwardInto", rows, products);
    checkBuffer("Linear.forwardInto", "input", input, rows, nIn);
    checkBuffer("Linear.forwardInto", "Z", Z, rows, nOut);
    products.product(input, this.W.data, Z, rows, nIn, nOut);
    for (let i = 0; i < rows; i++) {
      const r = i * nOut;
      for (let j = 0; j < nOut; j++) Z[r + j] += b[j];
    }
  }

  /**
   * The stage form of {@link Linear.backward}: SETS dW = inputᵀ·dZ and db =
   * the column sums of dZ, and writes dInput = dZ·Wᵀ when asked.
   */
  backwardInto(
    input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void {
    const nIn = this.W.rows, nOut = this.W.cols, db = this.db.data;
    checkRows("Linear.backwardInto", rows, products);
    checkBuffer("Linear.backwardInto", "input", input, rows, nIn);
    checkBuffer("Linear.backwardInto", "dZ", dZ, rows, nOut);
    if (dInput !== undefined) checkBuffer("Linear.backwardInto", "dInput", dInput, rows, nIn);
    products.productTN(input, dZ, this.dW.data, nIn, rows, nOut);
    db.fill(0);
    for (let i = 0; i < rows; i++) {
      const r = i * nOut;
      for (let j = 0; j < nOut; j++) db[j] += dZ[r + j];
    }
    if (dInput !== undefined) products.productNT(dZ, this.W.data, dInput, rows, nOut, nIn);
  }

  /** [W, b] with their gradients; weight decay applies to W only. */
  parameters(): Parameter[] {
    return [
      { name: this.#names[0], value: this.W, grad: this.dW, decay: true },
      { name: this.#names[1], value: this.b, grad: this.db, decay: false },
    ];
  }

  /** Zeroes dW and db. */
  zeroGrad(): void {
    this.dW.data.fill(0);
    this.db.data.fill(0);
  }
}

function accumulate(target: Tensor, delta: Tensor): void {
  for (let i = 0; i < target.data.length; i++) target.data[i] += delta.data[i];
}

/**
 * An activation applied element by element: A = f(Z). Backward multiplies the
 * incoming gradient by f′(Z): dZ = dA ⊙ f′(Z).
 *
 * @example ReLU as a layer
 * ```ts
 * import { ActivationLayer, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = new ActivationLayer("relu");
 * assert.deepEqual(layer.forward(Tensor.from([[-1, 2]])).toArray(), [[0, 2]]);
 * assert.deepEqual(layer.backward(Tensor.from([[5, 5]])).toArray(), [[0, 5]]);
 * ```
 */
export class ActivationLayer implements Layer {
  /** Which activation. */
  readonly activation: ActivationName;
  #Z: Tensor | undefined;

  /** A layer for a named activation; an unknown name is an error. */
  constructor(activation: ActivationName) {
    this.activation = getActivation(activation).name as ActivationName;
  }

  /** A = f(Z). Keeps a copy of Z for the backward pass. */
  forward(Z: Tensor): Tensor {
    this.#Z = checkTensor(Z, `The ${this.activation} layer's input`).clone();
    return activate(this.activation, Z);
  }

  /** dZ = dA ⊙ f′(Z), by {@link activationBackward}. */
  backward(dA: Tensor): Tensor {
    if (this.#Z === undefined) {
      throw new Error(
        `The ${this.activation} layer's backward was called before forward`,
      );
    }
    return activationBackward(this.activation, this.#Z, dA);
  }

  /** None. */
  parameters(): Parameter[] {
    return [];
  }

  /** Nothing to zero. */
  zeroGrad(): void {}
}

/**
 * Layers applied one after another; backward runs them in reverse.
 *
 * @example A 2-2-1 network by hand
 * ```ts
 * import { ActivationLayer, Linear, Sequential, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential([new Linear(2, 2), new ActivationLayer("relu"), new Linear(2, 1)]);
 * assert.deepEqual(net.forward(Tensor.from([[0, 1]])).shape, [1, 1]);
 * assert.equal(net.parameters().length, 4);
 * ```
 */
export class Sequential implements Layer {
  /** The layers, first to last. */
  readonly layers: Layer[];

  /** A network of the given layers. */
  constructor(layers: Layer[]) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new RangeError(`Sequential needs a non-empty array of layers, got ${describe(layers)}`);
    }
    layers.forEach((layer, i) => {
      const l = layer as Partial<Layer> | null;
      const missing = ["forward", "backward", "parameters", "zeroGrad"].filter((k) =>
        typeof l?.[k as keyof Layer] !== "function"
      );
      if (missing.length > 0) {
        throw new TypeError(
          `Sequential's layer ${i + 1} is ${describe(layer)}, not a layer: it has no ${
            missing.join(", ")
          }`,
        );
      }
    });
    this.layers = [...layers];
  }

  /** Runs every layer forward. */
  forward(X: Tensor): Tensor {
    let out = X;
    for (const layer of this.layers) out = layer.forward(out);
    return out;
  }

  /** Runs every layer backward, last first; returns ∂loss/∂X. */
  backward(dOut: Tensor): Tensor {
    let g = dOut;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      g = this.layers[i].backward(g);
    }
    return g;
  }

  /** Every layer's parameters, in order. */
  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Zeroes every gradient. */
  zeroGrad(): void {
    for (const layer of this.layers) layer.zeroGrad();
  }

  /** The Linear layers, in order. */
  linears(): Linear[] {
    return this.layers.filter((l): l is Linear => l instanceof Linear);
  }
}

/**
 * Options for {@link mlp}.
 *
 * @example
 * ```ts
 * import { mlp, type MlpOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: MlpOptions = { activation: "tanh", outputActivation: "sigmoid", seed: 2 };
 * assert.equal(mlp([2, 3, 1], options).layers.length, 4);
 * ```
 */
export interface MlpOptions {
  /** Activation after every hidden layer (default `relu`). */
  activation?: ActivationName;
  /** Activation after the last layer (default `identity`: none). */
  outputActivation?: ActivationName;
  /** Initialisation (default: the activation's own, `he` for ReLU-like, `xavier` otherwise). */
  init?: InitName;
  /** The seed for the weights (default 0); ignored when `rng` is given. */
  seed?: number;
  /** A generator to draw the weights from. */
  rng?: Rng;
}

/**
 * A multi-layer perceptron from layer sizes: `mlp([2, 4, 1])` is
 * Linear(2→4) → ReLU → Linear(4→1), with parameters named W1, b1, W2, b2.
 *
 * @example The XOR network
 * ```ts
 * import { mlp } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 4, 1], { seed: 1 });
 * assert.deepEqual(net.parameters().map((p) => p.name), ["W1", "b1", "W2", "b2"]);
 * assert.throws(() => mlp([2, 0, 1]), /size/);
 * ```
 */
export function mlp(sizes: number[], options: MlpOptions = {}): Sequential {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(
      `mlp needs at least two layer sizes (inputs and outputs), got ${describe(sizes)}`,
    );
  }
  sizes.forEach((n, i) => checkPositiveInt(n, `Layer size ${i} of [${sizes.join(", ")}]`));
  checkOptions(
    options,
    ["activation", "outputActivation", "init", "seed", "rng"],
    "mlp",
    '{ activation: "relu", seed: 1 }',
  );
  if (options.rng !== undefined) checkInstance(options.rng, Rng, "mlp's rng");
  const activation = getActivation(options.activation ?? "relu").name as ActivationName;
  const outputActivation = getActivation(options.outputActivation ?? "identity")
    .name as ActivationName;
  const init = options.init ?? getActivation(activation).init;
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const layers: Layer[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(
      new Linear(sizes[i], sizes[i + 1], {
        rng,
        init,
        names: [`W${i + 1}`, `b${i + 1}`],
      }),
    );
    const last = i === sizes.length - 2;
    const f = last ? outputActivation : activation;
    if (f !== "identity" || !last) layers.push(new ActivationLayer(f));
  }
  return new Sequential(layers);
}

/**
 * Options for a {@link Dropout} layer.
 *
 * @example
 * ```ts
 * import { Dropout, type DropoutOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: DropoutOptions = { seed: 7 };
 * assert.equal(new Dropout(4, 0.5, options).rate, 0.5);
 * ```
 */
export interface DropoutOptions {
  /** The generator for the masks (default: a new one seeded with `seed`). */
  rng?: Rng;
  /** A seed for the masks, when no `rng` is given (default 0). */
  seed?: number;
}

/**
 * Inverted dropout on `width` values per sample with rate p: while
 * {@link Dropout.training} is true, each forward pass draws a mask from the
 * layer's seeded generator that keeps each value with probability 1 − p and
 * scales the kept ones by 1/(1 − p) (so each value's expected output is its
 * input), and backward multiplies the gradient by the same mask. Otherwise,
 * as at prediction, it is the identity. The training loop of `fit` turns
 * `training` on for its forward passes only, so predictions, `forwardStages`
 * and the views see the identity. It is a stage layer with no parameters,
 * so the one pass over stages and the fast backend run it as they run a
 * Linear layer; each draws the masks in the same order, so both backends give
 * the same weights.
 *
 * @example Half the values dropped while training, none at prediction
 * ```ts
 * import { Dropout, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = new Dropout(4, 0.5, { seed: 1 });
 * const X = Tensor.ones(1, 4);
 * assert.deepEqual(layer.forward(X).data, X.data); // not training: the identity
 * layer.training = true;
 * const out = layer.forward(X);
 * assert.ok(out.data.every((v) => v === 0 || v === 2)); // each kept value scaled by 1/(1 − 0.5)
 * ```
 */
export class Dropout implements StageLayer {
  /** The share p of values dropped while training, in [0, 1). */
  readonly rate: number;
  /** Whether forward passes drop values (true) or are the identity (false, the default). */
  training = false;
  readonly #width: number;
  readonly #rng: Rng;
  // The last forward pass's mask (0 or 1/(1 − p) per value), over `#masked` values; none when
  // that pass was the identity.
  #mask = new Float64Array(0);
  #masked: number | undefined;

  /** A dropout layer on `width` values per sample, dropping a share `rate` of them while training. */
  constructor(width: number, rate: number, options: DropoutOptions = {}) {
    checkPositiveInt(width, "A Dropout layer's width");
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      throw new RangeError(
        `A Dropout layer's rate must be a number in [0, 1), got ${describe(rate)}`,
      );
    }
    checkOptions(options, ["rng", "seed"], "Dropout", "{ seed: 1 }");
    if (options.rng !== undefined) checkInstance(options.rng, Rng, "A Dropout layer's rng");
    this.rate = rate;
    this.#width = width;
    this.#rng = options.rng ?? new Rng(options.seed ?? 0);
  }

  /** Values per sample in: the width. */
  get inWidth(): number {
    return this.#width;
  }

  /** Values per sample out: the width. */
  get outWidth(): number {
    return this.#width;
  }

  // Draws the mask for n values when training at a rate above 0; otherwise marks the pass as
  // the identity. Allocates only when n is larger than any before.
  #drawMask(n: number): Float64Array | undefined {
    if (!this.training || this.rate === 0) {
      this.#masked = undefined;
      return undefined;
    }
    if (this.#mask.length < n) this.#mask = new Float64Array(n);
    const mask = this.#mask, p = this.rate, keep = 1 / (1 - p), rng = this.#rng;
    for (let i = 0; i < n; i++) mask[i] = rng.next() < p ? 0 : keep;
    this.#masked = n;
    return mask;
  }

  /** The input times a new mask while training; a copy of the input otherwise. */
  forward(X: Tensor): Tensor {
    checkTensor(X, "Dropout.forward's input X");
    if (X.cols !== this.#width) {
      throw new RangeError(
        `This Dropout layer takes ${this.#width} values per sample but X is ${shapeOf(X)}`,
      );
    }
    const out = X.clone();
    const mask = this.#drawMask(X.size);
    if (mask !== undefined) { for (let i = 0; i < X.size; i++) out.data[i] *= mask[i]; }
    return out;
  }

  /** The gradient times the last forward pass's mask (a copy of it after an identity pass). */
  backward(dOut: Tensor): Tensor {
    checkTensor(dOut, "Dropout.backward's gradient");
    const masked = this.#masked;
    if (masked !== undefined && dOut.size !== masked) {
      throw new RangeError(
        `Dropout.backward expected the ${masked} values of the last forward pass, got ${
          shapeOf(dOut)
        }`,
      );
    }
    const dX = dOut.clone();
    if (masked !== undefined) { for (let i = 0; i < masked; i++) dX.data[i] *= this.#mask[i]; }
    return dX;
  }

  /** The stage form of {@link Dropout.forward}: Z = input ⊙ mask (a new mask while training). */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void {
    const n = rows * this.#width;
    checkRows("Dropout.forwardInto", rows, products);
    checkBuffer("Dropout.forwardInto", "input", input, rows, this.#width);
    checkBuffer("Dropout.forwardInto", "Z", Z, rows, this.#width);
    const mask = this.#drawMask(n);
    if (mask === undefined) { for (let i = 0; i < n; i++) Z[i] = input[i]; }
    else for (let i = 0; i < n; i++) Z[i] = input[i] * mask[i];
  }

  /** The stage form of {@link Dropout.backward}: dInput = dZ ⊙ the last pass's mask, when asked. */
  backwardInto(
    _input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void {
    const n = rows * this.#width, masked = this.#masked;
    checkRows("Dropout.backwardInto", rows, products);
    checkBuffer("Dropout.backwardInto", "dZ", dZ, rows, this.#width);
    if (masked !== undefined && masked !== n) {
      throw new RangeError(
        `Dropout.backwardInto expected the ${masked} values of the last forward pass, got ${rows} rows of ${this.#width}`,
      );
    }
    if (dInput === undefined) return;
    checkBuffer("Dropout.backwardInto", "dInput", dInput, rows, this.#width);
    if (masked === undefined) { for (let i = 0; i < n; i++) dInput[i] = dZ[i]; }
    else for (let i = 0; i < n; i++) dInput[i] = dZ[i] * this.#mask[i];
  }

  /** None. */
  parameters(): Parameter[] {
    return [];
  }

  /** Nothing to zero. */
  zeroGrad(): void {}
}
