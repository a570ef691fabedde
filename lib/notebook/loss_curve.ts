/**
 * The loss per epoch as a line chart, for one run or several named runs.
 *
 * @module
 */
import { checkOptions, describe } from "../core/_internal.ts";
import { checkInterval, checkSize } from "./_figure.ts";
import type { Figure } from "./plot.ts";
import { drawLossCurve } from "./_loss_chart.ts";

/**
 * A named horizontal reference line of a loss chart.
 *
 * @example A line at the loss of always predicting 0.5 on XOR
 * ```ts
 * import { lossCurve, type LossRule } from "nn";
 * import assert from "node:assert/strict";
 *
 * const rule: LossRule = { y: 0.25, label: "always 0.5" };
 * assert.match(lossCurve([0.5, 0.3, 0.26], { rules: [rule] }).html, /always 0\.5/);
 * ```
 */
export interface LossRule {
  /** Where the line is. */
  y: number;
  /** What it marks, written above its right end. */
  label: string;
}

/**
 * Options for {@link lossCurve}.
 *
 * @example
 * ```ts
 * import { lossCurve, type LossCurveOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: LossCurveOptions = { title: "MSE", logX: true, rules: [0.25] };
 * assert.match(lossCurve([0.3, 0.2], options).html, /MSE/);
 * ```
 */
export interface LossCurveOptions {
  /** A title above the chart. */
  title?: string;
  /** Use a logarithmic y axis (default true, or false when `yDomain` is given). */
  logY?: boolean;
  /** Width in pixels (default 480). */
  width?: number;
  /** Height in pixels (default 260). */
  height?: number;
  /** Use a logarithmic epoch axis (default false), to see the first epochs and the last. */
  logX?: boolean;
  /** The y axis range, e.g. [0, 0.5]; default: the data's range. */
  yDomain?: [number, number];
  /**
   * Horizontal dashed reference lines, e.g. [0.25] for the loss of always predicting 0.5 on XOR,
   * or `{ y: 0.25, label: "always 0.5" }` to name one on the chart.
   */
  rules?: (number | LossRule)[];
}

/**
 * The loss per epoch, for one run or several named runs.
 *
 * @example Two runs
 * ```ts
 * import { lossCurve } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = lossCurve({ linear: [0.3, 0.25, 0.25], relu: [0.3, 0.1, 0.01] });
 * assert.match(fig.html, /relu/);
 *
 * // A dashed reference line at 0.25, on a fixed y range and a logarithmic epoch axis.
 * const marked = lossCurve([0.5, 0.3, 0.26], { rules: [0.25], yDomain: [0, 0.6], logX: true });
 * assert.match(marked.html, /stroke-dasharray="5,4"/);
 *
 * // A named reference line says what it marks.
 * const named = lossCurve([0.5, 0.3, 0.26], { rules: [{ y: 0.25, label: "always 0.5" }] });
 * assert.match(named.html, /always 0\.5/);
 * ```
 */
export function lossCurve(
  losses: number[] | Record<string, number[]>,
  options: LossCurveOptions = {},
): Figure {
  if (losses === null || typeof losses !== "object") {
    throw new TypeError(
      `lossCurve needs an array of losses or { name: losses }, got ${describe(losses)}`,
    );
  }
  checkOptions(
    options,
    ["title", "logY", "width", "height", "logX", "yDomain", "rules"],
    "lossCurve",
    '{ title: "Training loss" }',
  );
  checkSize(options.width, "lossCurve's width");
  checkSize(options.height, "lossCurve's height");
  if (options.yDomain !== undefined) checkInterval(options.yDomain, "lossCurve's yDomain");
  if (options.rules !== undefined) {
    const isRule = (r: unknown) =>
      Number.isFinite(r) ||
      (typeof r === "object" && r !== null && Number.isFinite((r as LossRule).y) &&
        typeof (r as LossRule).label === "string" && Object.keys(r).length === 2);
    if (!Array.isArray(options.rules) || !options.rules.every(isRule)) {
      throw new RangeError(
        `lossCurve's rules must be an array of finite numbers or { y, label } objects, got ${
          describe(options.rules)
        }`,
      );
    }
  }
  const series = Array.isArray(losses) ? { loss: losses } : losses;
  if (Object.keys(series).length === 0) {
    throw new RangeError("lossCurve needs at least one series of losses, got an empty object");
  }
  const rows: { epoch: number; loss: number; run: string }[] = [];
  for (const [run, values] of Object.entries(series)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(`lossCurve needs a non-empty array of losses for "${run}"`);
    }
    values.forEach((loss, i) => {
      if (!Number.isFinite(loss)) throw new RangeError(`Loss ${i + 1} of "${run}" is ${loss}`);
      rows.push({ epoch: i + 1, loss, run });
    });
  }
  const logY = options.logY ?? options.yDomain === undefined;
  if (logY && options.yDomain !== undefined && !(options.yDomain[0] > 0)) {
    throw new RangeError(
      `lossCurve's yDomain must be above 0 on a logarithmic axis, got [${options.yDomain}]`,
    );
  }
  return drawLossCurve(Object.keys(series), !Array.isArray(losses), rows, options);
}
