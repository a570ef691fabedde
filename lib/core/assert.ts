/**
 * A tensor-aware closeness assertion for tests and notebook checks.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";

/**
 * Tolerances for {@link assertAllClose}: |actual − expected| ≤ atol + rtol·|expected|.
 *
 * @example
 * ```ts
 * import { assertAllClose, type CloseOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: CloseOptions = { atol: 1e-9, message: "tiny" };
 * assertAllClose(1e-12, 0, options);
 * ```
 */
export interface CloseOptions {
  /** Relative tolerance (default 1e-7). */
  rtol?: number;
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** A message prefix naming what is compared. */
  message?: string;
}

/**
 * What {@link assertAllClose} compares: a tensor, a number, or (nested) arrays of numbers.
 *
 * @example
 * ```ts
 * import { assertAllClose, type Numeric, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const values: Numeric[] = [Tensor.ones(1, 2), [[1, 1]], [1, 1]];
 * for (const v of values) assertAllClose(v, [[1, 1]]);
 * ```
 */
export type Numeric =
  | Tensor
  | number
  | readonly number[]
  | readonly (readonly number[])[];

function flatten(
  x: Numeric,
  what: string,
): { shape: string; values: number[] } {
  if (x instanceof Tensor) {
    return { shape: `${x.rows}×${x.cols}`, values: Array.from(x.data) };
  }
  if (typeof x === "number") return { shape: "scalar", values: [x] };
  if (Array.isArray(x)) {
    if (x.every((v) => typeof v === "number")) {
      return { shape: `[${x.length}]`, values: x as number[] };
    }
    if (x.every(Array.isArray)) {
      const rows = x as number[][];
      const cols = rows[0]?.length ?? 0;
      if (rows.some((r) => r.length !== cols)) {
        throw new RangeError(`${what} has ragged rows`);
      }
      return { shape: `${rows.length}×${cols}`, values: rows.flat() };
    }
  }
  throw new TypeError(
    `${what} must be a Tensor, a number or an array of numbers`,
  );
}

/**
 * Asserts that two tensors (or numbers, or arrays) have the same shape and are
 * close everywhere: |actual − expected| ≤ atol + rtol·|expected|, as numpy's
 * assert_allclose. NaN never passes. The error names the worst element.
 *
 * @example
 * ```ts
 * import { assertAllClose, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assertAllClose(Tensor.from([[1, 2]]), [[1, 2 + 1e-12]], { rtol: 1e-10 });
 * assert.throws(() => assertAllClose(Tensor.from([[1, 2]]), [[1, 3]]), /index 1/);
 * ```
 */
export function assertAllClose(
  actual: Numeric,
  expected: Numeric,
  options: CloseOptions = {},
): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`assertAllClose's options must be an object such as { rtol: 1e-12 }`);
  }
  for (const key of Object.keys(options)) {
    if (!["rtol", "atol", "message"].includes(key)) {
      throw new RangeError(
        `assertAllClose has no option ${JSON.stringify(key)}: it takes rtol, atol, message`,
      );
    }
  }
  const rtol = options.rtol ?? 1e-7;
  const atol = options.atol ?? 0;
  for (const [name, tol] of [["rtol", rtol], ["atol", atol]] as const) {
    if (typeof tol !== "number" || !(tol >= 0) || !Number.isFinite(tol)) {
      throw new RangeError(`assertAllClose's ${name} must be a finite number ≥ 0, got ${tol}`);
    }
  }
  const prefix = options.message ? `${options.message}: ` : "";
  const a = flatten(actual, "actual"), e = flatten(expected, "expected");
  const sameShape = a.shape === e.shape ||
    (a.values.length === e.values.length &&
      [a.shape, e.shape].some((s) => s.startsWith("[")));
  if (!sameShape) {
    throw new Error(
      `${prefix}shapes differ: actual ${a.shape}, expected ${e.shape}`,
    );
  }
  let worst = -1, worstExcess = 0, bad = 0;
  for (let i = 0; i < a.values.length; i++) {
    const diff = Math.abs(a.values[i] - e.values[i]);
    const allowed = atol + rtol * Math.abs(e.values[i]);
    const ok = diff <= allowed || (a.values[i] === e.values[i]);
    if (!ok) {
      bad++;
      const excess = Number.isNaN(diff) ? Infinity : diff - allowed;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (bad > 0) {
    throw new Error(
      `${prefix}${bad} of ${a.values.length} values differ (rtol ${rtol}, atol ${atol}); ` +
        `worst at index ${worst}: actual ${a.values[worst]}, expected ${e.values[worst]}`,
    );
  }
}
