/**
 * A recurrent layer: the Elman cell, as PyTorch's `nn.RNN` defines it with
 * `batch_first=True` and one layer, as a stage of a network.
 *
 * For each sample, with h₀ = 0 and t = 1…T:
 *
 * h_t = f(x_t·Wx + h_{t−1}·Wh + b)
 *
 * with the same Wx, Wh and b at every step, and f an activation from the
 * library's table (tanh by default, as PyTorch's; relu or identity, or any
 * other row of `ACTIVATIONS`).
 *
 * Layout, so that a result can be compared with PyTorch's for the same
 * numbers: a sample is one row of T·inputSize values, the time steps one
 * after another (PyTorch's N×T×inputSize input reshaped to N × (T·inputSize)).
 * The layer gives every hidden state, T·hiddenSize values per sample, step
 * after step (PyTorch's output reshaped to N × (T·hiddenSize)), or with
 * `output: "last"` only h_T, hiddenSize values (PyTorch's h_n). The weights
 * are stored the way a Linear layer's are, inputs down and outputs across:
 * Wx (inputSize × hiddenSize) is PyTorch's `weight_ih_l0` transposed, Wh
 * (hiddenSize × hiddenSize) is `weight_hh_l0` transposed, and the one bias b
 * is PyTorch's two added, `bias_ih_l0 + bias_hh_l0` (only their sum enters
 * the formula).
 *
 * Backward is backpropagation through time: the chain rule of a Linear layer
 * applied at each step of the unrolled graph, last step first, where the
 * gradient reaching h_{t−1} is what step t sends back through Wh added to
 * what the output sends to h_{t−1} directly. The readable forward and
 * backward on tensors are plain loops; the stage forms (`forwardInto`,
 * `backwardInto`) do the same with the matrix products, one product per
 * step for the recurrence and one over every step at once for the rest. The
 * tests prove the two equal.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { defaultRng, Rng } from "./random.ts";
import { type InitName, initWeights } from "./init.ts";
import { type Activation, type ActivationName, ACTIVATIONS } from "./activations.ts";
import type { Parameter } from "./layers.ts";
import type { Products, StageLayer } from "./stage.ts";
import { checkStageBuffer as checkBuffer, checkStageRows as checkRows } from "./_pass.ts";
import {
  checkInstance,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";

/**
 * Options for {@link RNN}.
 *
 * @example
 * ```ts
 * import type { RNNOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: RNNOptions = { steps: 8, activation: "relu", output: "last", seed: 1 };
 * assert.equal(options.steps, 8);
 * ```
 */
export interface RNNOptions {
  /** The number of time steps T in a sample. Required: a stage's widths are fixed. */
  steps: number;
  /** The activation f of the cell (default `tanh`, as PyTorch's). */
  activation?: ActivationName;
  /** `all` (default): every hidden state, T·hiddenSize values; `last`: h_T only. */
  output?: "all" | "last";
  /** Generator for the initial weights (else `seed`, else the shared default). */
  rng?: Rng;
  /** Seed for the initial weights. */
  seed?: number;
  /** Initialisation of Wx and Wh (default: the activation's, `xavier` for tanh). Bias starts at 0. */
  init?: InitName;
}

/**
 * A recurrent layer (Elman cell): h_t = f(x_t·Wx + h_{t−1}·Wh + b) with
 * h₀ = 0, the same weights at every step. See the module's note on the
 * layout and on PyTorch's names for the weights.
 *
 * Backward (through time), for dH_t = ∂loss/∂h_t from the output and
 * g = 0 carried from the step after: going from t = T down to 1,
 * dz_t = (dH_t + g) ⊙ f′(z_t); dWx += x_tᵀ·dz_t; dWh += h_{t−1}ᵀ·dz_t;
 * db += dz_t; dx_t = dz_t·Wxᵀ; and g = dz_t·Whᵀ goes to step t − 1.
 *
 * @example A running sum, by hand
 * ```ts
 * import { RNN, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * // One input, one hidden unit, no activation: h_t = x_t + h_{t−1}, the sum so far.
 * const rnn = new RNN(1, 1, { steps: 4, activation: "identity" });
 * rnn.Wx.data[0] = 1;
 * rnn.Wh.data[0] = 1;
 * assert.deepEqual(rnn.forward(Tensor.from([[1, 2, 3, 4]])).toArray(), [[1, 3, 6, 10]]);
 * ```
 */
export class RNN implements StageLayer {
  /** Input-to-hidden weights, inputSize × hiddenSize (PyTorch's weight_ih_l0 transposed). */
  readonly Wx: Tensor;
  /** Hidden-to-hidden weights, hiddenSize × hiddenSize (PyTorch's weight_hh_l0 transposed). */
  readonly Wh: Tensor;
  /** Bias, 1 × hiddenSize (PyTorch's bias_ih_l0 + bias_hh_l0). */
  readonly b: Tensor;
  /** ∂loss/∂Wx. */
  readonly dWx: Tensor;
  /** ∂loss/∂Wh. */
  readonly dWh: Tensor;
  /** ∂loss/∂b. */
  readonly db: Tensor;
  /** Values per time step in. */
  readonly inputSize: number;
  /** Hidden units. */
  readonly hiddenSize: number;
  /** Time steps per sample. */
  readonly steps: number;
  /** The cell's activation. */
  readonly activation: ActivationName;
  /** Whether the layer gives every hidden state or the last one. */
  readonly output: "all" | "last";
  readonly #f: Activation;
  // What the readable backward needs from forward: a copy of X, and every step's z and h, each
  // (samples·T) × hiddenSize, row n·T + t for step t of sample n.
  #X: Tensor | undefined;
  #Zs = new Float64Array(0);
  #Hs = new Float64Array(0);
  // Scratch for the stage forms, (rows·T) × hiddenSize: input·Wx, z, h, h_{t−1} and dz of every
  // step; and rows × hiddenSize: one step's h_{t−1}, its product with Wh, its dz and the gradient
  // carried back. Which input they were computed from, for backwardInto to reuse them.
  #xw = new Float64Array(0);
  #z = new Float64Array(0);
  #h = new Float64Array(0);
  #prev = new Float64Array(0);
  #dz = new Float64Array(0);
  #step = new Float64Array(0);
  #stepWh = new Float64Array(0);
  #stepDz = new Float64Array(0);
  #carry = new Float64Array(0);
  #of: Float64Array | undefined;
  #ofRows = 0;

  /** A recurrent layer from inputSize values per step to hiddenSize hidden units. */
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions) {
    const nIn = checkPositiveInt(inputSize, "RNN's inputSize");
    const nHidden = checkPositiveInt(hiddenSize, "RNN's hiddenSize");
    if (options === null || typeof options !== "object" || options.steps === undefined) {
      throw new TypeError(
        `RNN needs options with the number of time steps, such as { steps: 10 }, got ${
          describe(options)
        }`,
      );
    }
    checkOptions(
      options,
      ["steps", "activation", "output", "rng", "seed", "init"],
      "RNN",
      '{ steps: 10, output: "last" }',
    );
    const steps = checkPositiveInt(options.steps, "RNN's steps");
    const name = options.activation ?? "tanh";
    if (typeof name !== "string" || !Object.hasOwn(ACTIVATIONS, name)) {
      throw new RangeError(
        `RNN's activation must be one of ${Object.keys(ACTIVATIONS).join(", ")}, got ${
          describe(name)
        }`,
      );
    }
    const output = options.output ?? "all";
    if (output !== "all" && output !== "last") {
      throw new RangeError(
        `RNN's output must be "all" (every hidden state) or "last" (h_T only), got ${
          describe(output)
        }`,
      );
    }
    if (options.rng !== undefined) checkInstance(options.rng, Rng, "RNN's rng");
    const f = ACTIVATIONS[name];
    const rng = options.rng ?? (options.seed === undefined ? defaultRng() : new Rng(options.seed));
    const init = options.init ?? f.init;
    const Wx = initWeights(init, nIn, nHidden, rng);
    const Wh = initWeights(init, nHidden, nHidden, rng);
    this.inputSize = nIn;
    this.hiddenSize = nHidden;
    this.steps = steps;
    this.activation = name;
    this.output = output;
    this.#f = f;
    this.Wx = Wx;
    this.Wh = Wh;
    this.b = new Tensor(1, nHidden);
    this.dWx = new Tensor(nIn, nHidden);
    this.dWh = new Tensor(nHidden, nHidden);
    this.db = new Tensor(1, nHidden);
  }

  /** Values per sample in: steps × inputSize. */
  get inWidth(): number {
    return this.steps * this.inputSize;
  }

  /** Values per sample out: steps × hiddenSize, or hiddenSize with `output: "last"`. */
  get outWidth(): number {
    return this.output === "all" ? this.steps * this.hiddenSize : this.hiddenSize;
  }

  #checkInput(X: unknown, who: string): Tensor {
    const t = checkTensor(X, `${who}'s input X`);
    if (t.cols !== this.inWidth) {
      const why = t.cols % this.inputSize === 0
        ? `${t.cols / this.inputSize} time steps`
        : `${t.cols} is not a multiple of the input size ${this.inputSize}`;
      throw new RangeError(
        `${who} takes ${this.steps} time steps of ${this.inputSize} values (${this.inWidth} per sample), but X is ${
          shapeOf(t)
        }: ${why}`,
      );
    }
    return t;
  }

  /**
   * The readable forward pass: for each sample, each step in turn, z_t =
   * x_t·Wx + h_{t−1}·Wh + b (each product summed in order, then added in
   * that order) and h_t = f(z_t). Keeps a copy of X and every z_t and h_t.
   */
  forward(X: Tensor): Tensor {
    const x = this.#checkInput(X, "RNN.forward");
    const N = x.rows, T = this.steps, I = this.inputSize, H = this.hiddenSize;
    const Wx = this.Wx.data, Wh = this.Wh.data, b = this.b.data, f = this.#f.f;
    const Zs = new Float64Array(N * T * H), Hs = new Float64Array(N * T * H);
    for (let n = 0; n < N; n++) {
      for (let t = 0; t < T; t++) {
        const xt = n * T * I + t * I, row = (n * T + t) * H, prev = row - H;
        for (let j = 0; j < H; j++) {
          let sx = 0;
          for (let p = 0; p < I; p++) sx += x.data[xt + p] * Wx[p * H + j];
          let sh = 0;
          for (let q = 0; q < H; q++) sh += (t === 0 ? 0 : Hs[prev + q]) * Wh[q * H + j];
          const z = sx + sh + b[j];
          Zs[row + j] = z;
          Hs[row + j] = f(z);
        }
      }
    }
    this.#X = x.clone();
    this.#Zs = Zs;
    this.#Hs = Hs;
    const out = new Tensor(N, this.outWidth);
    this.#emit(Hs, N, out.data);
    return out;
  }

  // The layer's output from every step's h: all of them (the same layout), or h_T of each sample.
  #emit(Hs: Float64Array, rows: number, out: Float64Array): void {
    const T = this.steps, H = this.hiddenSize;
    if (this.output === "all") {
      out.set(Hs.subarray(0, rows * T * H));
      return;
    }
    for (let n = 0; n < rows; n++) {
      const from = (n * T + T - 1) * H;
      out.set(Hs.subarray(from, from + H), n * H);
    }
  }

  // ∂loss/∂h_t from the layer's output, for sample n and step t, at index j.
  #fromOutput(dOut: Float64Array, n: number, t: number, j: number): number {
    const T = this.steps, H = this.hiddenSize;
    if (this.output === "all") return dOut[(n * T + t) * H + j];
    return t === T - 1 ? dOut[n * H + j] : 0;
  }

  /**
   * The readable backward pass, backpropagation through time: for each
   * sample, from the last step to the first, the formulas in the class's
   * note. Adds to dWx, dWh and db; returns dX.
   */
  backward(dOut: Tensor): Tensor {
    const X = this.#X;
    if (X === undefined) throw new Error("RNN.backward was called before forward");
    checkTensor(dOut, "RNN.backward's gradient dOut");
    if (dOut.rows !== X.rows || dOut.cols !== this.outWidth) {
      throw new RangeError(
        `RNN.backward expected a ${X.rows}×${this.outWidth} gradient, got ${shapeOf(dOut)}`,
      );
    }
    const N = X.rows, T = this.steps, I = this.inputSize, H = this.hiddenSize;
    const Wx = this.Wx.data, Wh = this.Wh.data, df = this.#f.df;
    const dWx = this.dWx.data, dWh = this.dWh.data, db = this.db.data;
    const Zs = this.#Zs, Hs = this.#Hs;
    const dX = new Tensor(N, this.inWidth);
    const g = new Float64Array(H), dz = new Float64Array(H);
    for (let n = 0; n < N; n++) {
      g.fill(0);
      for (let t = T - 1; t >= 0; t--) {
        const xt = n * T * I + t * I, row = (n * T + t) * H, prev = row - H;
        for (let j = 0; j < H; j++) {
          dz[j] = (this.#fromOutput(dOut.data, n, t, j) + g[j]) * df(Zs[row + j]);
        }
        for (let j = 0; j < H; j++) {
          db[j] += dz[j];
          for (let p = 0; p < I; p++) dWx[p * H + j] += X.data[xt + p] * dz[j];
          if (t > 0) { for (let q = 0; q < H; q++) dWh[q * H + j] += Hs[prev + q] * dz[j]; }
        }
        for (let p = 0; p < I; p++) {
          let s = 0;
          for (let j = 0; j < H; j++) s += dz[j] * Wx[p * H + j];
          dX.data[xt + p] = s;
        }
        for (let q = 0; q < H; q++) {
          let s = 0;
          for (let j = 0; j < H; j++) s += dz[j] * Wh[q * H + j];
          g[q] = s;
        }
      }
    }
    return dX;
  }

  #scratch(rows: number): void {
    const all = rows * this.steps * this.hiddenSize, one = rows * this.hiddenSize;
    if (this.#z.length < all) {
      this.#xw = new Float64Array(all);
      this.#z = new Float64Array(all);
      this.#h = new Float64Array(all);
      this.#prev = new Float64Array(all);
      this.#dz = new Float64Array(all);
      this.#step = new Float64Array(one);
      this.#stepWh = new Float64Array(one);
      this.#stepDz = new Float64Array(one);
      this.#carry = new Float64Array(one);
    }
  }

  // Every step of `rows` samples into the scratch: input·Wx for all steps at once (the input is
  // (rows·T) × inputSize as it lies), then step by step h_{t−1}·Wh, z and h.
  #run(input: Float64Array, rows: number, products: Products): void {
    const T = this.steps, I = this.inputSize, H = this.hiddenSize;
    const xw = this.#xw, z = this.#z, h = this.#h, prev = this.#prev;
    const step = this.#step, stepWh = this.#stepWh, b = this.b.data, f = this.#f.f;
    products.product(input, this.Wx.data, xw, rows * T, I, H);
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < rows; n++) {
        const row = (n * T + t) * H;
        for (let j = 0; j < H; j++) {
          const v = t === 0 ? 0 : h[row - H + j];
          step[n * H + j] = v;
          prev[row + j] = v;
        }
      }
      products.product(step, this.Wh.data, stepWh, rows, H, H);
      for (let n = 0; n < rows; n++) {
        const row = (n * T + t) * H;
        for (let j = 0; j < H; j++) {
          const v = xw[row + j] + stepWh[n * H + j] + b[j];
          z[row + j] = v;
          h[row + j] = f(v);
        }
      }
    }
    this.#of = input;
    this.#ofRows = rows;
  }

  /**
   * The stage form of {@link RNN.forward}: the same numbers (exactly, with
   * the readable products) into Z. Allocates only when the batch grows.
   */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void {
    checkRows("RNN.forwardInto", rows, products);
    checkBuffer("RNN.forwardInto", "input", input, rows, this.inWidth);
    checkBuffer("RNN.forwardInto", "Z", Z, rows, this.outWidth);
    this.#scratch(rows);
    this.#run(input, rows, products);
    this.#emit(this.#h, rows, Z);
  }

  /**
   * The stage form of {@link RNN.backward}: SETS dWx, dWh and db and writes
   * dInput when asked. Each step's dz comes from the step after it (one
   * product with Whᵀ per step); then dWx = inputᵀ·dz, dWh = h_{t−1}ᵀ·dz and
   * dInput = dz·Wxᵀ over every step at once. After forwardInto on the same
   * batch it reuses that pass's states (input and rows are compared by
   * identity: do not change input in between); otherwise it runs it again.
   */
  backwardInto(
    input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void {
    checkRows("RNN.backwardInto", rows, products);
    checkBuffer("RNN.backwardInto", "input", input, rows, this.inWidth);
    checkBuffer("RNN.backwardInto", "dZ", dZ, rows, this.outWidth);
    if (dInput !== undefined) checkBuffer("RNN.backwardInto", "dInput", dInput, rows, this.inWidth);
    this.#scratch(rows);
    if (this.#of !== input || this.#ofRows !== rows) this.#run(input, rows, products);
    const T = this.steps, I = this.inputSize, H = this.hiddenSize, df = this.#f.df;
    const z = this.#z, dz = this.#dz, stepDz = this.#stepDz, carry = this.#carry;
    carry.fill(0, 0, rows * H);
    for (let t = T - 1; t >= 0; t--) {
      for (let n = 0; n < rows; n++) {
        const row = (n * T + t) * H;
        for (let j = 0; j < H; j++) {
          const v = (this.#fromOutput(dZ, n, t, j) + carry[n * H + j]) * df(z[row + j]);
          dz[row + j] = v;
          stepDz[n * H + j] = v;
        }
      }
      if (t > 0) products.productNT(stepDz, this.Wh.data, carry, rows, H, H);
    }
    const db = this.db.data;
    db.fill(0);
    for (let r = 0; r < rows * T; r++) {
      for (let j = 0; j < H; j++) db[j] += dz[r * H + j];
    }
    products.productTN(input, dz, this.dWx.data, I, rows * T, H);
    products.productTN(this.#prev, dz, this.dWh.data, H, rows * T, H);
    if (dInput !== undefined) products.productNT(dz, this.Wx.data, dInput, rows * T, H, I);
  }

  /** [Wx, Wh, b] with their gradients; weight decay applies to Wx and Wh. */
  parameters(): Parameter[] {
    return [
      { name: "Wx", value: this.Wx, grad: this.dWx, decay: true },
      { name: "Wh", value: this.Wh, grad: this.dWh, decay: true },
      { name: "b", value: this.b, grad: this.db, decay: false },
    ];
  }

  /** Zeroes dWx, dWh and db. */
  zeroGrad(): void {
    this.dWx.data.fill(0);
    this.dWh.data.fill(0);
    this.db.data.fill(0);
  }
}
