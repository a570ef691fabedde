/**
 * Plotting helpers. Observable Plot draws SVG into a document supplied by
 * linkedom (no browser needed); Vega-Lite specs are rendered to a static SVG
 * with Vega. Every helper returns a value that Jupyter displays (see
 * {@link DISPLAY}) and that plain `deno test` can inspect; none of them calls
 * `Deno.jupyter`.
 *
 * linkedom has no canvas, so continuous colour legends and raster marks are
 * not available: decision boundaries are drawn as grids of rectangles with a
 * contour line.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";

/**
 * The options of Observable Plot's `Plot.plot`, accepted by {@link plot}.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { plot, type PlotOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: PlotOptions = { marks: [Plot.dot([[1, 2]])] };
 * assert.match(plot(options).html, /circle/);
 * ```
 */
export type PlotOptions = Plot.PlotOptions;
import { parseHTML } from "linkedom";
import { type Dataset, type Displayable, Tensor } from "../core/mod.ts";
import { checkPositiveInt, checkTensor, describe } from "../core/_validate.ts";
import { escapeHtml } from "./_html.ts";
import { figure } from "./_figure.ts";

/**
 * A rendered figure: its HTML (SVG inside) and a display bundle.
 *
 * @example
 * ```ts
 * import { type Figure, lossCurve } from "nn";
 * import assert from "node:assert/strict";
 *
 * const figure: Figure = lossCurve([0.5, 0.25, 0.1]);
 * assert.match(figure.html, /<svg/);
 * ```
 */
export interface Figure extends Displayable {
  /** The figure as HTML (an `<svg>` or a `<figure>` holding one). */
  readonly html: string;
}

let sharedDocument: Document | undefined;
function document(): Document {
  sharedDocument ??= parseHTML("<!DOCTYPE html><html><body></body></html>")
    .document as unknown as Document;
  return sharedDocument;
}

/**
 * Renders an Observable Plot specification (the options of `Plot.plot`).
 *
 * @example A line
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { plot } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = plot({ marks: [Plot.lineY([1, 3, 2])] });
 * assert.match(fig.html, /^<svg/);
 * ```
 */
export function plot(options: PlotOptions): Figure {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`plot needs Observable Plot options, got ${describe(options)}`);
  }
  const el = Plot.plot({ ...options, document: document() }) as unknown as Element;
  return figure(el.outerHTML);
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
  /** Use a logarithmic y axis (default true). */
  logY?: boolean;
  /** Width in pixels (default 480). */
  width?: number;
  /** Height in pixels (default 260). */
  height?: number;
  /** Use a logarithmic epoch axis (default false), to see the first epochs and the last. */
  logX?: boolean;
  /** The y axis range, e.g. [0, 0.5]; default: the data's range. */
  yDomain?: [number, number];
  /** Horizontal reference lines, e.g. [0.25] for the loss of always predicting 0.5 on XOR. */
  rules?: number[];
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
 * ```
 */
export function lossCurve(
  losses: number[] | Record<string, number[]>,
  options: LossCurveOptions = {},
): Figure {
  const series = Array.isArray(losses) ? { loss: losses } : losses;
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
  const named = !Array.isArray(losses);
  const maxEpoch = Math.max(...rows.map((r) => r.epoch));
  const fewEpochs = !options.logX && maxEpoch <= 10;
  const logY = (options.logY ?? true) && options.yDomain === undefined;
  return plot({
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 260,
    marginLeft: 56,
    y: {
      type: logY && rows.every((r) => r.loss > 0) ? "log" : "linear",
      // Powers of ten as 1e-6 rather than SI prefixes (µ, p, f) that read as units.
      tickFormat: logY ? "~e" : undefined,
      label: "loss",
      grid: true,
      domain: options.yDomain,
    },
    x: {
      label: "epoch",
      type: options.logX ? "log" : "linear",
      // A short run gets one tick per epoch rather than ticks at half epochs.
      ticks: fewEpochs ? Array.from({ length: maxEpoch }, (_, i) => i + 1) : undefined,
      tickFormat: fewEpochs ? "d" : undefined,
    },
    color: named ? { legend: true } : undefined,
    marks: [
      Plot.ruleY(options.rules ?? [], { stroke: "#555", strokeDasharray: "5,4" }),
      Plot.lineY(rows, {
        x: "epoch",
        y: "loss",
        stroke: named ? "run" : "steelblue",
        strokeWidth: 2,
        clip: true,
      }),
    ],
  });
}

/**
 * Options for {@link decisionBoundary}.
 *
 * @example
 * ```ts
 * import { type BoundaryOptions, decisionBoundary, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: BoundaryOptions = { resolution: 8, domain: [[0, 1], [0, 1]], threshold: 0.5 };
 * assert.match(decisionBoundary((X) => X, xor(), options).html, /<svg/);
 * ```
 */
export interface BoundaryOptions {
  /** Cells per side of the background grid (default 40). */
  resolution?: number;
  /** [[xMin, xMax], [yMin, yMax]]; default: the data's range plus a margin. */
  domain?: [[number, number], [number, number]];
  /** The prediction value that separates the classes (default 0.5). */
  threshold?: number;
  /** A title. */
  title?: string;
  /** Width in pixels (default 320). */
  width?: number;
  /** Height in pixels (default 300). */
  height?: number;
}

/**
 * A 2-D classifier's decision regions: a grid of cells coloured by the
 * model's output, the threshold contour, and the data points coloured by
 * class.
 *
 * @example The boundary of a fixed rule
 * ```ts
 * import { decisionBoundary, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = decisionBoundary((X) => X, xor(), { resolution: 10 });
 * assert.match(fig.html, /<svg/);
 * ```
 */
export function decisionBoundary(
  predict: (X: Tensor) => Tensor,
  data: Dataset,
  options: BoundaryOptions = {},
): Figure {
  if (typeof predict !== "function") {
    throw new TypeError("decisionBoundary needs a predict function");
  }
  checkTensor(data?.X, "The dataset's X");
  checkTensor(data?.y, "The dataset's y");
  if (data.X.cols !== 2) {
    throw new RangeError(`decisionBoundary draws 2-D inputs, got X ${data.X.rows}×${data.X.cols}`);
  }
  const res = checkPositiveInt(options.resolution ?? 40, "resolution");
  const threshold = options.threshold ?? 0.5;
  const domain = options.domain ?? paddedDomain(data.X);
  const [[x0, x1], [y0, y1]] = domain;
  const dx = (x1 - x0) / res, dy = (y1 - y0) / res;
  const grid = new Tensor(res * res, 2);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      grid.data[2 * (j * res + i)] = x0 + (i + 0.5) * dx;
      grid.data[2 * (j * res + i) + 1] = y0 + (j + 0.5) * dy;
    }
  }
  const out = predict(grid);
  checkTensor(out, "predict's result");
  if (out.rows !== res * res) {
    throw new RangeError(`predict returned ${out.rows} rows for ${res * res} grid points`);
  }
  const values = Array.from({ length: res * res }, (_, k) => out.data[k * out.cols]);
  if (!values.every(Number.isFinite)) {
    throw new RangeError("predict returned a non-finite value on the grid");
  }
  const cells = values.map((v, k) => {
    const i = k % res, j = Math.floor(k / res);
    return { x1: x0 + i * dx, x2: x0 + (i + 1) * dx, y1: y0 + j * dy, y2: y0 + (j + 1) * dy, v };
  });
  const points = Array.from({ length: data.X.rows }, (_, k) => ({
    x: data.X.data[2 * k],
    y: data.X.data[2 * k + 1],
    label: String(data.y.data[k * data.y.cols]),
  }));
  const lo = Math.min(...values, threshold - 1e-9), hi = Math.max(...values, threshold + 1e-9);
  // At least ±0.5 around the threshold, so that rounding noise in a flat
  // prediction is not stretched into colours.
  const spread = Math.max(threshold - lo, hi - threshold, 0.5);
  const marks: Plot.Markish[] = [
    Plot.rect(cells, {
      x1: "x1",
      x2: "x2",
      y1: "y1",
      y2: "y2",
      fill: "v",
      inset: 0,
      shapeRendering: "crispEdges",
    }),
  ];
  if (lo < threshold - 1e-6 && hi > threshold + 1e-6) {
    marks.push(
      Plot.contour(values, {
        x1: x0,
        x2: x1,
        y1: y0,
        y2: y1,
        width: res,
        height: res,
        thresholds: [threshold],
        stroke: "black",
        strokeWidth: 1.5,
        fill: "none",
      }),
    );
  }
  // Class 0 in red and class 1 in blue, the ends of the background's colour scale.
  for (const [label, colour] of [["0", "#b2182b"], ["1", "#2166ac"]]) {
    marks.push(
      Plot.dot(points.filter((p) => p.label === label), {
        x: "x",
        y: "y",
        r: 4.5,
        fill: colour,
        stroke: "white",
        strokeWidth: 1.5,
      }),
    );
  }
  return plot({
    title: options.title,
    width: options.width ?? 320,
    height: options.height ?? 300,
    x: { domain: [x0, x1], label: "x₁" },
    y: { domain: [y0, y1], label: "x₂" },
    color: {
      type: "diverging",
      scheme: "RdBu",
      domain: [threshold - spread, threshold + spread],
      pivot: threshold,
    },
    marks: [
      ...marks,
    ],
  } as Plot.PlotOptions);
}

function paddedDomain(X: Tensor): [[number, number], [number, number]] {
  const axis = (c: number): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < X.rows; i++) {
      lo = Math.min(lo, X.data[i * 2 + c]);
      hi = Math.max(hi, X.data[i * 2 + c]);
    }
    const pad = Math.max((hi - lo) * 0.15, 0.25);
    return [lo - pad, hi + pad];
  };
  return [axis(0), axis(1)];
}

/**
 * Figures side by side (small multiples), each with an optional caption.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { figureRow, plot } from "nn";
 * import assert from "node:assert/strict";
 *
 * const a = plot({ marks: [Plot.lineY([1, 2])] });
 * const row = figureRow([a, a], { captions: ["epoch 1", "epoch 2"] });
 * assert.match(row.html, /epoch 2/);
 * ```
 */
export function figureRow(figures: Figure[], options: { captions?: string[] } = {}): Figure {
  if (!Array.isArray(figures) || figures.length === 0) {
    throw new RangeError("figureRow needs at least one figure");
  }
  const cells = figures.map((f, i) => {
    const caption = options.captions?.[i];
    return `<div style="flex:0 0 auto">${f.html}${
      caption
        ? `<div style="text-align:center;font:13px sans-serif">${escapeHtml(caption)}</div>`
        : ""
    }</div>`;
  });
  return figure(
    `<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end">${
      cells.join("")
    }</div>`,
  );
}
