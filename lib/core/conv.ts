/**
 * Convolution and max pooling, as stages of a network.
 *
 * Layout, as PyTorch's `conv2d` and `max_pool2d` define it, so that a result
 * can be compared with PyTorch's for the same numbers: a batch is a tensor
 * of one row per sample, and a sample's row holds its channels one after
 * another, each channel's rows one after another (channels × height × width,
 * flattened; PyTorch's N×C×H×W tensor reshaped to N × (C·H·W)). A
 * convolution's weights are a tensor of outChannels rows, each holding
 * inChannels × kH × kW values in the same order (PyTorch's
 * outChannels×inChannels×kH×kW weight reshaped), and one bias per output
 * channel. Like PyTorch, a "convolution" is a cross-correlation: the kernel
 * is not flipped.
 *
 * Each layer has the readable forward and backward on tensors (plain loops
 * over every index, for teaching) and the stage forms used by the one pass
 * over stages (`forwardInto`, `backwardInto`), which unfold the input into
 * columns (im2col) and use the matrix products, so that the fast path runs
 * a convolution on its blocked kernel. The tests prove the two equal.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { defaultRng, Rng } from "./random.ts";
import { type InitName, initWeights } from "./init.ts";
import type { Parameter } from "./layers.ts";
import type { Products, StageLayer } from "./stage.ts";
import { checkStageBuffer as checkBuffer, checkStageRows as checkRows } from "./_pass.ts";
import {
  checkInstance,
  checkIntInRange,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";

// The most values a convolution's unfolded columns hold at once (8 MiB): enough for a training
// batch of 64 MNIST-sized images, while a forward pass over a whole test set goes chunk by chunk.
const CHUNK_VALUES = 2 ** 20;

/**
 * The output columns j (from jLo up to, not including, jHi) of a row of `outW` windows whose
 * input column j·stride + offset lies inside 0…inW − 1.
 */
function insideRange(offset: number, stride: number, inW: number, outW: number): [number, number] {
  const lo = Math.min(outW, Math.max(0, Math.ceil(-offset / stride)));
  const hi = Math.min(outW, Math.floor((inW - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * The geometry of a 2-D sliding window: input channels and size, window
 * size, stride and zero padding, and the output size they give.
 */
interface Window {
  channels: number;
  inH: number;
  inW: number;
  kH: number;
  kW: number;
  stride: number;
  padding: number;
  outH: number;
  outW: number;
}

function windowOf(
  who: string,
  channels: number,
  input: readonly [number, number],
  kernel: readonly [number, number],
  stride: number,
  padding: number,
): Window {
  const [inH, inW] = input, [kH, kW] = kernel;
  const outOf = (n: number, k: number, what: string) => {
    const span = n + 2 * padding - k;
    if (span < 0) {
      throw new RangeError(
        `${who}'s ${what} kernel size ${k} is larger than the padded input (${n} + 2 × ${padding} = ${
          n + 2 * padding
        })`,
      );
    }
    if (span % stride !== 0) {
      throw new RangeError(
        `${who}'s output ${what} is not a whole number: (${n} + 2 × ${padding} − ${k}) / ${stride} + 1 = ${
          span / stride + 1
        }; choose a stride, padding or input size that divides evenly`,
      );
    }
    return span / stride + 1;
  };
  return {
    channels,
    inH,
    inW,
    kH,
    kW,
    stride,
    padding,
    outH: outOf(inH, kH, "height"),
    outW: outOf(inW, kW, "width"),
  };
}

function pair(value: unknown, what: string): [number, number] {
  if (typeof value === "number") {
    const n = checkPositiveInt(value, what);
    return [n, n];
  }
  if (
    Array.isArray(value) && value.length === 2 &&
    value.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 1)
  ) {
    return [value[0], value[1]];
  }
  throw new TypeError(
    `${what} must be a whole number ≥ 1 or a pair [height, width] of them, got ${describe(value)}`,
  );
}

function checkBatch(who: string, X: unknown, width: number, w: Window): Tensor {
  const t = checkTensor(X, `${who}'s input X`);
  if (t.cols !== width) {
    throw new RangeError(
      `${who} takes ${w.channels} channel(s) of ${w.inH}×${w.inW} = ${width} values per sample, but X is ${
        shapeOf(t)
      }`,
    );
  }
  return t;
}

/**
 * Options for {@link Conv2d}.
 *
 * @example
 * ```ts
 * import type { Conv2dOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: Conv2dOptions = { input: [28, 28], padding: 2, seed: 1 };
 * assert.equal(options.padding, 2);
 * ```
 */
export interface Conv2dOptions {
  /** The input's height and width (a number for a square). Required: a stage's widths are fixed. */
  input: number | [number, number];
  /** The step between windows (default 1). */
  stride?: number;
  /** Zeros added on every side (default 0). */
  padding?: number;
  /** Generator for the initial weights (else `seed`, else the shared default). */
  rng?: Rng;
  /** Seed for the initial weights. */
  seed?: number;
  /** Initialisation by the fan-in inChannels·kH·kW (default `he`, for a ReLU after it). */
  init?: InitName;
}

/**
 * A 2-D convolution (cross-correlation, as PyTorch's `conv2d`): for each
 * sample, output channel o and position (i, j),
 *
 * Z[o, i, j] = b[o] + Σ_c Σ_p Σ_q X[c, i·stride + p − padding, j·stride + q − padding] · W[o, c, p, q]
 *
 * with X zero outside the input. Backward, for dZ = ∂loss/∂Z: dW[o, c, p, q]
 * adds dZ[o, i, j]·X[c, …] over every sample and position, db[o] adds the
 * sum of dZ[o, ·, ·], and dX adds W[o, c, p, q]·dZ[o, i, j] at every input
 * position a window covered. See the module's note on the layout.
 *
 * @example A vertical-edge detector, by hand
 * ```ts
 * import { Conv2d, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * // One 3×3 image, dark left column, bright elsewhere; one 2×2 kernel [[-1, 1], [-1, 1]].
 * const conv = new Conv2d(1, 1, 2, { input: 3 });
 * conv.W.data.set([-1, 1, -1, 1]);
 * const X = Tensor.from([[0, 1, 1, 0, 1, 1, 0, 1, 1]]);
 * // The edge is between columns 0 and 1: the left windows see it (2), the right ones do not (0).
 * assert.deepEqual(conv.forward(X).toArray(), [[2, 0, 2, 0]]);
 * ```
 */
export class Conv2d implements StageLayer {
  /** Weights, outChannels × (inChannels·kH·kW). */
  readonly W: Tensor;
  /** One bias per output channel, 1 × outChannels. */
  readonly b: Tensor;
  /** ∂loss/∂W. */
  readonly dW: Tensor;
  /** ∂loss/∂b. */
  readonly db: Tensor;
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  readonly #w: Window;
  // For each kernel column q, the output columns jLo[q] ≤ j < jHi[q] whose input column
  // j·stride + q − padding lies inside the input (the others read the zero padding).
  readonly #jLo: Int32Array;
  readonly #jHi: Int32Array;
  #X: Tensor | undefined;
  // Scratch for the stage forms (see #chunk): a chunk's columns, W·cols or dZ in the columns'
  // order, the columns' gradient, one chunk's dW; and which input the columns were unfolded from.
  #cols = new Float64Array(0);
  #wide = new Float64Array(0);
  #dCols = new Float64Array(0);
  #dWChunk = new Float64Array(0);
  #colsOf: Float64Array | undefined;
  #colsRows = 0;

  /** A convolution from inChannels to outChannels with a kernel of the given size. */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | [number, number],
    options: Conv2dOptions,
  ) {
    this.inChannels = checkPositiveInt(inChannels, "Conv2d's inChannels");
    this.outChannels = checkPositiveInt(outChannels, "Conv2d's outChannels");
    const kernel = pair(kernelSize, "Conv2d's kernelSize");
    if (options === null || typeof options !== "object" || options.input === undefined) {
      throw new TypeError(
        `Conv2d needs options with the input's size, such as { input: [28, 28] }, got ${
          describe(options)
        }`,
      );
    }
    checkOptions(
      options,
      ["input", "stride", "padding", "rng", "seed", "init"],
      "Conv2d",
      "{ input: [28, 28], padding: 2 }",
    );
    const input = pair(options.input, "Conv2d's input");
    const stride = checkPositiveInt(options.stride ?? 1, "Conv2d's stride");
    const padding = checkIntInRange(options.padding ?? 0, 0, 1e6, "Conv2d's padding");
    if (options.rng !== undefined) checkInstance(options.rng, Rng, "Conv2d's rng");
    this.#w = windowOf("Conv2d", this.inChannels, input, kernel, stride, padding);
    this.#jLo = new Int32Array(kernel[1]);
    this.#jHi = new Int32Array(kernel[1]);
    for (let q = 0; q < kernel[1]; q++) {
      [this.#jLo[q], this.#jHi[q]] = insideRange(q - padding, stride, input[1], this.#w.outW);
    }
    const fanIn = this.inChannels * kernel[0] * kernel[1];
    const rng = options.rng ?? (options.seed === undefined ? defaultRng() : new Rng(options.seed));
    const init = initWeights(options.init ?? "he", fanIn, this.outChannels, rng);
    this.W = new Tensor(this.outChannels, fanIn);
    for (let k = 0; k < fanIn; k++) {
      for (let o = 0; o < this.outChannels; o++) {
        this.W.data[o * fanIn + k] = init.data[k * this.outChannels + o];
      }
    }
    this.b = new Tensor(1, this.outChannels);
    this.dW = new Tensor(this.outChannels, fanIn);
    this.db = new Tensor(1, this.outChannels);
  }

  /** Values per sample in: inChannels × height × width. */
  get inWidth(): number {
    return this.inChannels * this.#w.inH * this.#w.inW;
  }

  /** Values per sample out: outChannels × outHeight × outWidth. */
  get outWidth(): number {
    return this.outChannels * this.#w.outH * this.#w.outW;
  }

  /** The output's [height, width]. */
  get outputSize(): [number, number] {
    return [this.#w.outH, this.#w.outW];
  }

  /** The readable forward pass: the formula above, one index at a time. Keeps a copy of X. */
  forward(X: Tensor): Tensor {
    const x = checkBatch("Conv2d.forward", X, this.inWidth, this.#w);
    this.#X = x.clone();
    const { inH, inW, kH, kW, stride, padding, outH, outW } = this.#w;
    const C = this.inChannels, O = this.outChannels, K = C * kH * kW;
    const Z = new Tensor(x.rows, this.outWidth);
    for (let n = 0; n < x.rows; n++) {
      for (let o = 0; o < O; o++) {
        for (let i = 0; i < outH; i++) {
          for (let j = 0; j < outW; j++) {
            let s = 0;
            for (let c = 0; c < C; c++) {
              for (let p = 0; p < kH; p++) {
                const r = i * stride + p - padding;
                if (r < 0 || r >= inH) continue;
                for (let q = 0; q < kW; q++) {
                  const col = j * stride + q - padding;
                  if (col < 0 || col >= inW) continue;
                  s += x.data[n * C * inH * inW + (c * inH + r) * inW + col] *
                    this.W.data[o * K + (c * kH + p) * kW + q];
                }
              }
            }
            Z.data[n * O * outH * outW + (o * outH + i) * outW + j] = s + this.b.data[o];
          }
        }
      }
    }
    return Z;
  }

  /** The readable backward pass: adds to dW and db, returns dX. */
  backward(dZ: Tensor): Tensor {
    const X = this.#X;
    if (X === undefined) throw new Error("Conv2d.backward was called before forward");
    checkTensor(dZ, "Conv2d.backward's gradient dZ");
    if (dZ.rows !== X.rows || dZ.cols !== this.outWidth) {
      throw new RangeError(
        `Conv2d.backward expected a ${X.rows}×${this.outWidth} gradient, got ${shapeOf(dZ)}`,
      );
    }
    const { inH, inW, kH, kW, stride, padding, outH, outW } = this.#w;
    const C = this.inChannels, O = this.outChannels, K = C * kH * kW;
    const dX = new Tensor(X.rows, this.inWidth);
    for (let n = 0; n < X.rows; n++) {
      for (let o = 0; o < O; o++) {
        for (let i = 0; i < outH; i++) {
          for (let j = 0; j < outW; j++) {
            const g = dZ.data[n * O * outH * outW + (o * outH + i) * outW + j];
            this.db.data[o] += g;
            for (let c = 0; c < C; c++) {
              for (let p = 0; p < kH; p++) {
                const r = i * stride + p - padding;
                if (r < 0 || r >= inH) continue;
                for (let q = 0; q < kW; q++) {
                  const col = j * stride + q - padding;
                  if (col < 0 || col >= inW) continue;
                  const xi = n * C * inH * inW + (c * inH + r) * inW + col;
                  const wi = o * K + (c * kH + p) * kW + q;
                  this.dW.data[wi] += g * X.data[xi];
                  dX.data[xi] += g * this.W.data[wi];
                }
              }
            }
          }
        }
      }
    }
    return dX;
  }

  // The stage forms work on a chunk of samples at a time: the chunk's columns (im2col) are
  // K × chunk·T, row k = kernel position (c, p, q), column n·T + t = output position t = (i, j)
  // of sample n, so that one product W·cols covers the whole chunk. A chunk holds at most
  // CHUNK_VALUES columns' values (a training batch fits in one, so backward reuses forward's).
  #chunk(): number {
    return Math.max(1, Math.floor(CHUNK_VALUES / (this.W.cols * this.#w.outH * this.#w.outW)));
  }

  #scratch(rows: number, withDCols: boolean): void {
    const T = this.#w.outH * this.#w.outW, K = this.W.cols;
    const N = Math.min(rows, this.#chunk()) * T;
    if (this.#cols.length < K * N) {
      this.#cols = new Float64Array(K * N);
      this.#wide = new Float64Array(this.outChannels * N);
      this.#colsOf = undefined;
      if (this.#dCols.length > 0) this.#dCols = new Float64Array(K * N);
    }
    if (withDCols && this.#dCols.length < K * N) this.#dCols = new Float64Array(K * N);
    if (this.#dWChunk.length === 0) this.#dWChunk = new Float64Array(this.W.size);
  }

  // The columns of samples from…from+count of input, into cols (K × count·T). Zero where a
  // window hangs over the padding; jLo…jHi are the output columns whose input column is inside.
  #im2col(input: Float64Array, from: number, count: number, cols: Float64Array): void {
    const { inH, inW, kH, kW, stride, padding, outH, outW } = this.#w;
    const T = outH * outW, N = count * T, inSize = this.inWidth;
    for (let c = 0; c < this.inChannels; c++) {
      for (let p = 0; p < kH; p++) {
        for (let q = 0; q < kW; q++) {
          const row = ((c * kH + p) * kW + q) * N;
          const jLo = this.#jLo[q], jHi = this.#jHi[q];
          for (let n = 0; n < count; n++) {
            const channel = (from + n) * inSize + c * inH * inW;
            for (let i = 0; i < outH; i++) {
              const dst = row + n * T + i * outW, r = i * stride + p - padding;
              if (r < 0 || r >= inH) {
                for (let j = 0; j < outW; j++) cols[dst + j] = 0;
                continue;
              }
              const src = channel + r * inW + q - padding; // input column of output column j: src + j·stride
              for (let j = 0; j < jLo; j++) cols[dst + j] = 0;
              if (stride === 1) { for (let j = jLo; j < jHi; j++) cols[dst + j] = input[src + j]; }
              else for (let j = jLo; j < jHi; j++) cols[dst + j] = input[src + j * stride];
              for (let j = jHi; j < outW; j++) cols[dst + j] = 0;
            }
          }
        }
      }
    }
  }

  /**
   * The stage form of {@link Conv2d.forward}: for each chunk of samples,
   * W·cols (outChannels × samples·outH·outW), then + b, laid out sample by
   * sample. Allocates only when the batch grows.
   */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void {
    checkRows("Conv2d.forwardInto", rows, products);
    checkBuffer("Conv2d.forwardInto", "input", input, rows, this.inWidth);
    checkBuffer("Conv2d.forwardInto", "Z", Z, rows, this.outWidth);
    this.#scratch(rows, false);
    const T = this.#w.outH * this.#w.outW, K = this.W.cols, O = this.outChannels;
    const cols = this.#cols, wide = this.#wide, b = this.b.data, chunk = this.#chunk();
    for (let from = 0; from < rows; from += chunk) {
      const count = Math.min(chunk, rows - from), N = count * T;
      this.#im2col(input, from, count, cols);
      products.product(this.W.data, cols, wide, O, K, N);
      // wide holds channel o of sample n at o·N + n·T; Z holds it at (n·O + o)·T.
      for (let n = 0; n < count; n++) {
        for (let o = 0; o < O; o++) {
          const src = o * N + n * T, dst = ((from + n) * O + o) * T, bo = b[o];
          for (let t = 0; t < T; t++) Z[dst + t] = wide[src + t] + bo;
        }
      }
    }
    // The columns of a batch that fits one chunk serve its backward pass.
    this.#colsOf = rows <= chunk ? input : undefined;
    this.#colsRows = rows;
  }

  /**
   * The stage form of {@link Conv2d.backward}: SETS dW = dZ·colsᵀ and db, and
   * writes dInput (col2im of Wᵀ·dZ) when asked. After forwardInto on the same
   * batch it reuses the columns unfolded there (input and rows are compared
   * by identity: do not change input in between); otherwise it unfolds them again.
   */
  backwardInto(
    input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void {
    checkRows("Conv2d.backwardInto", rows, products);
    checkBuffer("Conv2d.backwardInto", "input", input, rows, this.inWidth);
    checkBuffer("Conv2d.backwardInto", "dZ", dZ, rows, this.outWidth);
    if (dInput !== undefined) {
      checkBuffer("Conv2d.backwardInto", "dInput", dInput, rows, this.inWidth);
    }
    this.#scratch(rows, dInput !== undefined);
    const { inH, inW, kH, kW, stride, padding, outH, outW } = this.#w;
    const T = outH * outW, K = this.W.cols, O = this.outChannels, inSize = this.inWidth;
    const cols = this.#cols, wide = this.#wide, dCols = this.#dCols, chunk = this.#chunk();
    const dW = this.dW.data, db = this.db.data, dWChunk = this.#dWChunk;
    const reuse = this.#colsOf === input && this.#colsRows === rows;
    this.#colsOf = undefined;
    db.fill(0);
    if (dInput !== undefined) dInput.fill(0, 0, rows * inSize);
    for (let from = 0; from < rows; from += chunk) {
      const count = Math.min(chunk, rows - from), N = count * T;
      if (!reuse) this.#im2col(input, from, count, cols);
      // dZ in the columns' channel-major order, and db in the readable loops' order.
      for (let o = 0; o < O; o++) {
        let s = db[o];
        for (let n = 0; n < count; n++) {
          const src = ((from + n) * O + o) * T, dst = o * N + n * T;
          for (let t = 0; t < T; t++) {
            const g = dZ[src + t];
            wide[dst + t] = g;
            s += g;
          }
        }
        db[o] = s;
      }
      products.productNT(wide, cols, from === 0 ? dW : dWChunk, O, N, K);
      if (from > 0) { for (let i = 0; i < dW.length; i++) dW[i] += dWChunk[i]; }
      if (dInput === undefined) continue;
      products.productTN(this.W.data, wide, dCols, K, O, N);
      // col2im: every column value goes back to the input position it was read from.
      for (let c = 0; c < this.inChannels; c++) {
        for (let p = 0; p < kH; p++) {
          for (let q = 0; q < kW; q++) {
            const row = ((c * kH + p) * kW + q) * N;
            const jLo = this.#jLo[q], jHi = this.#jHi[q];
            for (let n = 0; n < count; n++) {
              const channel = (from + n) * inSize + c * inH * inW;
              for (let i = 0; i < outH; i++) {
                const r = i * stride + p - padding;
                if (r < 0 || r >= inH) continue;
                const src = row + n * T + i * outW, dst = channel + r * inW + q - padding;
                if (stride === 1) {
                  for (let j = jLo; j < jHi; j++) dInput[dst + j] += dCols[src + j];
                } else {
                  for (let j = jLo; j < jHi; j++) dInput[dst + j * stride] += dCols[src + j];
                }
              }
            }
          }
        }
      }
    }
  }

  /** [W, b] with their gradients; weight decay applies to W only. */
  parameters(): Parameter[] {
    return [
      { name: "W", value: this.W, grad: this.dW, decay: true },
      { name: "b", value: this.b, grad: this.db, decay: false },
    ];
  }

  /** Zeroes dW and db. */
  zeroGrad(): void {
    this.dW.data.fill(0);
    this.db.data.fill(0);
  }
}

/**
 * Options for {@link MaxPool2d}.
 *
 * @example
 * ```ts
 * import type { MaxPool2dOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: MaxPool2dOptions = { input: [28, 28], channels: 8 };
 * assert.equal(options.channels, 8);
 * ```
 */
export interface MaxPool2dOptions {
  /** The input's height and width (a number for a square). */
  input: number | [number, number];
  /** Channels of the input (default 1). */
  channels?: number;
  /** The step between windows (default: the window size, so windows do not overlap). */
  stride?: number;
}

/**
 * Max pooling: each output is the largest input in its window, per channel.
 * Backward sends each output's gradient to the input that was the maximum.
 * Ties: the FIRST maximum in the window, scanning its rows top to bottom
 * and each row left to right, gets the whole gradient (the others get 0),
 * as ReLU's kink is given a stated convention.
 *
 * @example
 * ```ts
 * import { MaxPool2d, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const pool = new MaxPool2d(2, { input: [2, 4] });
 * const X = Tensor.from([[1, 5, 2, 2, 3, 0, 2, 1]]); // rows [1 5 2 2] and [3 0 2 1]
 * assert.deepEqual(pool.forward(X).toArray(), [[5, 2]]);
 * // The tie in the right window (2, 2, 2): its first 2 takes the gradient.
 * assert.deepEqual(pool.backward(Tensor.from([[10, 20]])).toArray(), [[0, 10, 20, 0, 0, 0, 0, 0]]);
 * ```
 */
export class MaxPool2d implements StageLayer {
  readonly #w: Window;
  #argmax = new Int32Array(0);
  #X: Tensor | undefined;

  /** Pooling over windows of the given size. */
  constructor(kernelSize: number | [number, number], options: MaxPool2dOptions) {
    const kernel = pair(kernelSize, "MaxPool2d's kernelSize");
    if (options === null || typeof options !== "object" || options.input === undefined) {
      throw new TypeError(
        `MaxPool2d needs options with the input's size, such as { input: [24, 24] }, got ${
          describe(options)
        }`,
      );
    }
    checkOptions(options, ["input", "channels", "stride"], "MaxPool2d", "{ input: [24, 24] }");
    const input = pair(options.input, "MaxPool2d's input");
    const channels = checkPositiveInt(options.channels ?? 1, "MaxPool2d's channels");
    const stride = checkPositiveInt(options.stride ?? kernel[0], "MaxPool2d's stride");
    this.#w = windowOf("MaxPool2d", channels, input, kernel, stride, 0);
  }

  /** Values per sample in: channels × height × width. */
  get inWidth(): number {
    return this.#w.channels * this.#w.inH * this.#w.inW;
  }

  /** Values per sample out: channels × outHeight × outWidth. */
  get outWidth(): number {
    return this.#w.channels * this.#w.outH * this.#w.outW;
  }

  /** The output's [height, width]. */
  get outputSize(): [number, number] {
    return [this.#w.outH, this.#w.outW];
  }

  // The index (within the sample) of each output's maximum: a scan of the window row by row that
  // moves to a value only when it is larger, so the first maximum wins a tie. The scan is written
  // without branches (the comparison's 0 or 1 moves the index), which random data would mispredict.
  #pool(input: Float64Array, rows: number, out: Float64Array, argmax: Int32Array): void {
    const { channels, inH, inW, kH, kW, stride, outH, outW } = this.#w;
    const inSize = this.inWidth, outSize = this.outWidth;
    const twoByTwo = kH === 2 && kW === 2;
    for (let n = 0; n < rows; n++) {
      const x = n * inSize;
      let o = n * outSize;
      for (let c = 0; c < channels; c++) {
        for (let i = 0; i < outH; i++) {
          const top = (c * inH + i * stride) * inW; // the window row's first input, in the sample
          for (let j = 0; j < outW; j++, o++) {
            const corner = top + j * stride;
            let at = corner;
            if (twoByTwo) {
              // The same scan, unrolled: top left, top right, bottom left, bottom right.
              const below = corner + inW;
              at += +(input[x + corner + 1] > input[x + at]);
              at += +(input[x + below] > input[x + at]) * (below - at);
              at += +(input[x + below + 1] > input[x + at]) * (below + 1 - at);
            } else {
              for (let p = 0; p < kH; p++) {
                for (let k = corner + p * inW, end = k + kW; k < end; k++) {
                  at += +(input[x + k] > input[x + at]) * (k - at);
                }
              }
            }
            out[o] = input[x + at];
            argmax[o] = at;
          }
        }
      }
    }
  }

  #route(dOut: Float64Array, rows: number, dInput: Float64Array, argmax: Int32Array): void {
    const inSize = this.inWidth, outSize = this.outWidth;
    dInput.fill(0, 0, rows * inSize);
    for (let n = 0; n < rows; n++) {
      for (let o = 0; o < outSize; o++) {
        dInput[n * inSize + argmax[n * outSize + o]] += dOut[n * outSize + o];
      }
    }
  }

  /** The largest value of each window. Keeps where each was, for backward. */
  forward(X: Tensor): Tensor {
    const x = checkBatch("MaxPool2d.forward", X, this.inWidth, this.#w);
    this.#X = x;
    const out = new Tensor(x.rows, this.outWidth);
    this.#argmax = new Int32Array(x.rows * this.outWidth);
    this.#pool(x.data, x.rows, out.data, this.#argmax);
    return out;
  }

  /** Each output's gradient, sent to its window's (first) maximum. */
  backward(dOut: Tensor): Tensor {
    const X = this.#X;
    if (X === undefined) throw new Error("MaxPool2d.backward was called before forward");
    checkTensor(dOut, "MaxPool2d.backward's gradient");
    if (dOut.rows !== X.rows || dOut.cols !== this.outWidth) {
      throw new RangeError(
        `MaxPool2d.backward expected a ${X.rows}×${this.outWidth} gradient, got ${shapeOf(dOut)}`,
      );
    }
    const dX = new Tensor(X.rows, this.inWidth);
    this.#route(dOut.data, X.rows, dX.data, this.#argmax);
    return dX;
  }

  /** The stage form of {@link MaxPool2d.forward}; allocates only when the batch grows. */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void {
    checkRows("MaxPool2d.forwardInto", rows, products);
    checkBuffer("MaxPool2d.forwardInto", "input", input, rows, this.inWidth);
    checkBuffer("MaxPool2d.forwardInto", "Z", Z, rows, this.outWidth);
    if (this.#argmax.length < rows * this.outWidth) {
      this.#argmax = new Int32Array(rows * this.outWidth);
    }
    this.#pool(input, rows, Z, this.#argmax);
  }

  /** The stage form of {@link MaxPool2d.backward}, after forwardInto on the same batch. */
  backwardInto(
    _input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void {
    checkRows("MaxPool2d.backwardInto", rows, products);
    checkBuffer("MaxPool2d.backwardInto", "dZ", dZ, rows, this.outWidth);
    if (this.#argmax.length < rows * this.outWidth) {
      throw new Error("MaxPool2d.backwardInto was called before forwardInto on this batch");
    }
    if (dInput === undefined) return;
    checkBuffer("MaxPool2d.backwardInto", "dInput", dInput, rows, this.inWidth);
    this.#route(dZ, rows, dInput, this.#argmax);
  }

  /** None. */
  parameters(): Parameter[] {
    return [];
  }

  /** Nothing to zero. */
  zeroGrad(): void {}
}
