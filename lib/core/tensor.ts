/**
 * The 2-D tensor (a matrix of rows × cols) that every part of the library
 * computes with, stored row by row in a Float64Array.
 *
 * @module
 */
import { Rng } from "./random.ts";
import { DISPLAY } from "./display_symbol.ts";

/** The most values one tensor may hold: 2²⁸ doubles, 2 GiB. */
const MAX_VALUES = 2 ** 28;

function describeData(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v === null || v === undefined) return String(v);
  return typeof v === "object" ? `a ${v.constructor?.name ?? "object"}` : typeof v;
}

function checkRng(rng: unknown, what: string): void {
  if (!(rng instanceof Rng)) {
    throw new TypeError(
      `${what} needs a seeded generator (new Rng(seed)), got ${describeData(rng)}`,
    );
  }
}

/**
 * A tensor's shape: [rows, cols].
 *
 * @example
 * ```ts
 * import { type Shape, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const shape: Shape = Tensor.zeros(2, 3).shape;
 * assert.deepEqual(shape, [2, 3]);
 * ```
 */
export type Shape = [rows: number, cols: number];

/**
 * A rows × cols matrix of 64-bit floats, stored row-major: the element in row
 * `i` and column `j` is `data[i * cols + j]`. Rows are samples and columns are
 * features, so a batch `X` of 4 points in 2-D is 4×2.
 *
 * @example Build, read and show a tensor
 * ```ts
 * import { Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * assert.deepEqual(X.shape, [4, 2]);
 * assert.equal(X.get(3, 1), 1);
 * ```
 */
export class Tensor {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values, row by row. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (or fresh zeros) as a rows × cols tensor. The data is used,
   * not copied, and must hold rows·cols finite numbers.
   *
   * @example Zeros of a shape
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.equal(new Tensor(2, 3).data.length, 6);
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    for (const [n, what] of [[rows, "rows"], [cols, "cols"]] as const) {
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError(
          `A tensor's ${what} must be a whole number ≥ 1, got ${n}`,
        );
      }
    }
    if (data !== undefined) {
      if (!(data instanceof Float64Array)) {
        throw new TypeError(`Tensor data must be a Float64Array, got ${describeData(data)}`);
      }
      if (data.length !== rows * cols) {
        throw new RangeError(
          `A ${rows}×${cols} tensor needs ${rows * cols} values, got ${data.length}`,
        );
      }
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) {
          throw new RangeError(
            `Tensor data must hold finite numbers, but the value at row ${
              Math.floor(i / cols)
            }, column ${i % cols} is ${data[i]}`,
          );
        }
      }
    } else if (rows * cols > MAX_VALUES) {
      throw new RangeError(
        `A ${rows}×${cols} tensor would hold ${rows * cols} values, more than the ${MAX_VALUES} ` +
          `(2 GiB) one tensor may hold`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /**
   * Builds a tensor from nested arrays (one inner array per row). Ragged rows,
   * empty input and non-finite values are errors.
   *
   * @example From rows
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Tensor.from([[1, 2, 3]]).shape, [1, 3]);
   * assert.throws(() => Tensor.from([[1, 2], [3]]), /Ragged/);
   * ```
   */
  static from(rows: readonly (readonly number[])[]): Tensor {
    if (!Array.isArray(rows) || rows.length === 0) {
      throw new RangeError("Tensor.from needs a non-empty array of rows");
    }
    const first = rows[0];
    if (!Array.isArray(first) || first.length === 0) {
      throw new RangeError(
        "Tensor.from needs rows that are non-empty arrays, e.g. [[1, 2], [3, 4]]",
      );
    }
    const cols = first.length;
    const t = new Tensor(rows.length, cols);
    // Index loops, not forEach: forEach skips the holes of a sparse array, which would read as zeros.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== cols) {
        throw new RangeError(
          `Ragged rows: row 0 has ${cols} values but row ${i} has ${
            Array.isArray(row) ? row.length : "none"
          }`,
        );
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new RangeError(
            `Value at row ${i}, column ${j} is not a finite number: ${
              j in row ? describeData(v) : "a hole in the array"
            }`,
          );
        }
        t.data[i * cols + j] = v;
      }
    }
    return t;
  }

  /**
   * A column vector (n×1) from a list of numbers, the shape of targets `y`.
   *
   * @example XOR targets
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Tensor.column([0, 1, 1, 0]).shape, [4, 1]);
   * ```
   */
  static column(values: readonly number[]): Tensor {
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(
        `Tensor.column needs a non-empty array of numbers, got ${describeData(values)}`,
      );
    }
    return Tensor.from(Array.from({ length: values.length }, (_, i) => [values[i]]));
  }

  /**
   * A row vector (1×n) from a list of numbers, the shape of a bias `b`.
   *
   * @example A bias row
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Tensor.row([0.1, 0.2]).shape, [1, 2]);
   * ```
   */
  static row(values: readonly number[]): Tensor {
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(
        `Tensor.row needs a non-empty array of numbers, got ${describeData(values)}`,
      );
    }
    return Tensor.from([values]);
  }

  /**
   * A tensor of zeros.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Tensor.zeros(2, 2).get(1, 1), 0);
   * ```
   */
  static zeros(rows: number, cols: number): Tensor {
    return new Tensor(rows, cols);
  }

  /**
   * A tensor of ones.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Tensor.ones(2, 2).get(0, 1), 1);
   * ```
   */
  static ones(rows: number, cols: number): Tensor {
    return Tensor.fill(rows, cols, 1);
  }

  /**
   * A tensor with every value equal to `value`.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.equal(Tensor.fill(1, 3, 0.5).get(0, 2), 0.5);
   * ```
   */
  static fill(rows: number, cols: number, value: number): Tensor {
    if (!Number.isFinite(value)) {
      throw new RangeError(`Fill value must be finite, got ${value}`);
    }
    const t = new Tensor(rows, cols);
    t.data.fill(value);
    return t;
  }

  /**
   * Uniform random values in [low, high), drawn from a seeded generator.
   *
   * @example Seeded, so repeatable
   * ```ts
   * import { Rng, Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const a = Tensor.uniform(2, 2, new Rng(1), -1, 1);
   * const b = Tensor.uniform(2, 2, new Rng(1), -1, 1);
   * assert.deepEqual(a.toArray(), b.toArray());
   * ```
   */
  static uniform(
    rows: number,
    cols: number,
    rng: Rng,
    low = 0,
    high = 1,
  ): Tensor {
    checkRng(rng, "Tensor.uniform");
    const t = new Tensor(rows, cols);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.uniform(low, high);
    return t;
  }

  /**
   * Normally distributed random values, drawn from a seeded generator.
   *
   * @example
   * ```ts
   * import { Rng, Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Tensor.normal(3, 2, new Rng(2)).shape, [3, 2]);
   * ```
   */
  static normal(
    rows: number,
    cols: number,
    rng: Rng,
    mean = 0,
    std = 1,
  ): Tensor {
    checkRng(rng, "Tensor.normal");
    const t = new Tensor(rows, cols);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal(mean, std);
    return t;
  }

  /** The shape as [rows, cols]. */
  get shape(): Shape {
    return [this.rows, this.cols];
  }

  /** Number of values (rows × cols). */
  get size(): number {
    return this.data.length;
  }

  /**
   * The value at row `i`, column `j`; out-of-range indices are errors.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const t = Tensor.from([[1, 2], [3, 4]]);
   * assert.equal(t.get(1, 0), 3);
   * assert.throws(() => t.get(2, 0), /out of range/);
   * ```
   */
  get(i: number, j: number): number {
    return this.data[this.#index(i, j)];
  }

  /**
   * Sets the value at row `i`, column `j`.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const t = Tensor.zeros(2, 2);
   * t.set(0, 1, 5);
   * assert.equal(t.get(0, 1), 5);
   * ```
   */
  set(i: number, j: number, value: number): void {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(
        `Cannot store ${describeData(value)} at (${i}, ${j}): values must be finite numbers`,
      );
    }
    this.data[this.#index(i, j)] = value;
  }

  #index(i: number, j: number): number {
    if (
      !Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 ||
      i >= this.rows || j >= this.cols
    ) {
      throw new RangeError(
        `Index (${i}, ${j}) is out of range for a ${this.rows}×${this.cols} tensor`,
      );
    }
    return i * this.cols + j;
  }

  /**
   * The values as nested arrays, one per row.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.deepEqual(Tensor.ones(1, 2).toArray(), [[1, 1]]);
   * ```
   */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(
        Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)),
      );
    }
    return out;
  }

  /**
   * A copy that shares nothing with this tensor.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const a = Tensor.ones(1, 1);
   * const b = a.clone();
   * b.set(0, 0, 2);
   * assert.equal(a.get(0, 0), 1);
   * ```
   */
  clone(): Tensor {
    // Copied into fresh zeros rather than wrapped: a copy of a diverged (NaN) tensor is still a copy.
    const copy = new Tensor(this.rows, this.cols);
    copy.data.set(this.data);
    return copy;
  }

  /**
   * A readable rendering with the shape on the first line.
   *
   * @example
   * ```ts
   * import { Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.match(Tensor.ones(2, 2).toString(), /^Tensor 2×2/);
   * ```
   */
  toString(digits = 4): string {
    const cells = this.toArray().map((row) => row.map((v) => formatNumber(v, digits)));
    const width = Math.max(...cells.flat().map((s) => s.length));
    const lines = cells.map((row) => row.map((s) => s.padStart(width)).join("  "));
    return `Tensor ${this.rows}×${this.cols}\n` +
      lines.map((l) => `  ${l}`).join("\n");
  }

  /**
   * What Jupyter shows for a tensor: an HTML table with its shape, plus text.
   *
   * @example
   * ```ts
   * import { DISPLAY, Tensor } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const bundle = Tensor.ones(1, 2)[DISPLAY]();
   * assert.match(bundle["text/html"], /<table/);
   * ```
   */
  [DISPLAY](): Record<string, string> {
    const body = this.toArray().map((row) =>
      `<tr>${row.map((v) => `<td>${formatNumber(v, 4)}</td>`).join("")}</tr>`
    ).join("");
    return {
      "text/plain": this.toString(),
      "text/html": `<table class="nn-tensor"><caption>Tensor ${this.rows}×${this.cols}</caption>` +
        `<tbody>${body}</tbody></table>`,
    };
  }
}

/**
 * A number rounded to `digits` significant digits for display, without
 * trailing zeros ("0.5", "-1.25e-7").
 *
 * @example
 * ```ts
 * import { formatNumber } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatNumber(0.123456, 3), "0.123");
 * assert.equal(formatNumber(2, 3), "2");
 * ```
 */
export function formatNumber(value: number, digits = 4): string {
  if (typeof value !== "number") {
    throw new TypeError(`formatNumber needs a number, got ${describeData(value)}`);
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`digits must be a whole number from 1 to 17, got ${digits}`);
  }
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e6) {
    return String(Number(value.toPrecision(digits)));
  }
  return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
}
