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
import {
  checkFinite,
  checkFiniteTensor,
  checkOptions,
  checkPositiveInt,
  checkTensor,
  describe,
} from "../core/_internal.ts";
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
  checkSize(options.width, "plot's width");
  checkSize(options.height, "plot's height");
  let el: Element;
  try {
    el = Plot.plot({ ...options, document: document() }) as unknown as Element;
  } catch (e) {
    // The server-side document has no canvas: say so instead of the engine's null-property message.
    const message = (e as Error).message;
    if (/fillStyle|getContext|createImageData|canvas/i.test(message)) {
      throw new Error(
        "This figure needs a canvas, which figures drawn for a notebook do not have: " +
          "use cell or rect marks instead of raster, and a discrete colour scale or no colour legend " +
          `(Observable Plot said: ${message})`,
      );
    }
    throw e;
  }
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
    if (!Array.isArray(options.rules) || !options.rules.every(Number.isFinite)) {
      throw new RangeError(
        `lossCurve's rules must be an array of finite numbers, got ${describe(options.rules)}`,
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
  const named = !Array.isArray(losses);
  const maxEpoch = Math.max(...rows.map((r) => r.epoch));
  const fewEpochs = !options.logX && maxEpoch <= 10;
  const logY = options.logY ?? options.yDomain === undefined;
  if (logY && options.yDomain !== undefined && !(options.yDomain[0] > 0)) {
    throw new RangeError(
      `lossCurve's yDomain must be above 0 on a logarithmic axis, got [${options.yDomain}]`,
    );
  }
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
    // In the order given, so that a curve keeps its colour when later ones join it (fitLive).
    color: named ? { legend: true, domain: Object.keys(series) } : undefined,
    marks: [
      Plot.lineY(rows, {
        x: "epoch",
        y: "loss",
        stroke: named ? "run" : "steelblue",
        strokeWidth: 2,
        clip: true,
      }),
      // On top: a curve that runs along a reference line must not hide it.
      Plot.ruleY(options.rules ?? [], { stroke: "#555", strokeDasharray: "5,4" }),
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
  /**
   * What the two classes are called in the colour key under the plot
   * (default `["y = 0", "y = 1"]`); `false` leaves the key out.
   */
  key?: [string, string] | false;
}

/**
 * A 2-D classifier's decision regions: a grid of cells coloured by the
 * model's output, the threshold contour, and the data points coloured by
 * class, with a colour key under the plot saying which colour is which class.
 *
 * @example The boundary of a fixed rule
 * ```ts
 * import { decisionBoundary, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = decisionBoundary((X) => X, xor(), { resolution: 10 });
 * assert.match(fig.html, /<svg/);
 * assert.match(fig.html, /y = 0.*y = 1/);
 * ```
 */
export function decisionBoundary(
  predict: (X: Tensor) => Tensor,
  data: Dataset,
  options: BoundaryOptions = {},
): Figure {
  if (typeof predict !== "function") {
    throw new TypeError(`decisionBoundary needs a predict function, got ${describe(predict)}`);
  }
  checkFiniteTensor(data?.X, "The dataset's X");
  checkFiniteTensor(data?.y, "The dataset's y");
  if (data.X.cols !== 2) {
    throw new RangeError(`decisionBoundary draws 2-D inputs, got X ${data.X.rows}×${data.X.cols}`);
  }
  if (data.y.rows !== data.X.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${data.X.rows}×2 and y ${data.y.rows}×${data.y.cols}`,
    );
  }
  checkOptions(
    options,
    ["resolution", "domain", "threshold", "title", "width", "height", "key"],
    "decisionBoundary",
    "{ resolution: 40, threshold: 0.5 }",
  );
  const key = options.key;
  if (
    key !== undefined && key !== false &&
    !(Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === "string"))
  ) {
    throw new TypeError(
      `decisionBoundary's key must be two class names such as ["inner", "outer"], or false, got ${
        describe(key)
      }`,
    );
  }
  const res = checkPositiveInt(options.resolution ?? 40, "resolution");
  const threshold = checkFinite(options.threshold ?? 0.5, "decisionBoundary's threshold");
  checkSize(options.width, "decisionBoundary's width");
  checkSize(options.height, "decisionBoundary's height");
  if (options.domain !== undefined) {
    if (!Array.isArray(options.domain) || options.domain.length !== 2) {
      throw new RangeError(
        `decisionBoundary's domain must be [[xMin, xMax], [yMin, yMax]], got ${
          describe(options.domain)
        }`,
      );
    }
    checkInterval(options.domain[0], "decisionBoundary's x domain");
    checkInterval(options.domain[1], "decisionBoundary's y domain");
  }
  // Points are drawn as class 0 or class 1; any other label would silently vanish from the plot.
  for (let i = 0; i < data.y.rows; i++) {
    const label = data.y.data[i * data.y.cols];
    if (label !== 0 && label !== 1) {
      throw new RangeError(
        `decisionBoundary draws labels 0 and 1, but sample ${i} has label ${label}`,
      );
    }
  }
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
  for (const [label, colour] of CLASS_COLOURS) {
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
  const width = options.width ?? 320;
  const drawn = plot({
    title: options.title,
    width,
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
  if (options.key === false) return drawn;
  const [name0, name1] = options.key ?? ["y = 0", "y = 1"];
  const dot = (colour: string) => `<span style="color:${colour};font-size:15px">●</span>`;
  const shade = (colour: string) =>
    `<span style="display:inline-block;width:10px;height:10px;background:${colour};vertical-align:-1px"></span>`;
  const t = String(threshold);
  return figure(
    `<div style="width:${width}px">${drawn.html}<div class="nn-key" style="font:12px/1.4 sans-serif;color:#333;padding-left:8px">` +
      `${dot(CLASS_COLOURS[0][1])} ${escapeHtml(name0)} &nbsp; ${dot(CLASS_COLOURS[1][1])} ${
        escapeHtml(name1)
      }<br>${shade("#e48066")} output &lt; ${t} &nbsp; ${shade("#6aaed6")} output &gt; ${t}` +
      `</div></div>`,
  );
}

const CLASS_COLOURS: [string, string][] = [["0", "#b2182b"], ["1", "#2166ac"]];

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
    throw new RangeError(`figureRow needs at least one figure, got ${describe(figures)}`);
  }
  figures.forEach((f, i) => {
    if (f === null || typeof f !== "object" || typeof f.html !== "string") {
      throw new TypeError(`figureRow's figure ${i} is ${describe(f)}, not a figure`);
    }
  });
  checkOptions(options, ["captions"], "figureRow", '{ captions: ["a", "b"] }');
  const captions = options.captions;
  if (
    captions !== undefined &&
    (!Array.isArray(captions) || captions.length !== figures.length ||
      !captions.every((c) => typeof c === "string"))
  ) {
    throw new RangeError(
      `figureRow's captions must be ${figures.length} strings, one per figure, got ${
        describe(captions)
      }`,
    );
  }
  const cells = figures.map((f, i) => {
    const caption = options.captions?.[i];
    // A figure with a title or legend is a <figure>, whose default margins would push the
    // panels apart and onto a second line.
    const html = f.html.replace(/^<figure\b/, '<figure style="margin:0"');
    return `<div style="flex:0 0 auto">${html}${
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

/** A width or height in pixels: absent, or a finite number > 0. */
function checkSize(value: unknown, what: string): void {
  if (value !== undefined && !(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${what} must be a number of pixels > 0, got ${describe(value)}`);
  }
}

/** An axis range [lo, hi] of finite numbers with lo < hi. */
function checkInterval(value: unknown, what: string): void {
  const pair = value as [number, number];
  if (
    !Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isFinite) ||
    !(pair[0] < pair[1])
  ) {
    throw new RangeError(
      `${what} must be [low, high] with finite low < high, got ${describe(value)}`,
    );
  }
}
