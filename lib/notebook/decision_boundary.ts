/**
 * A 2-D classifier's decision regions. linkedom, the document figures are
 * drawn in, has no canvas, so the regions are a grid of rectangles with a
 * contour line rather than a raster with a continuous colour legend.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Dataset, Tensor } from "../core/mod.ts";
import {
  checkFinite,
  checkFiniteTensor,
  checkOptions,
  checkPositive,
  checkPositiveInt,
  checkTensor,
  describe,
} from "../core/_internal.ts";
import { escapeHtml } from "./_html.ts";
import { checkInterval, checkSize, figure } from "./_figure.ts";
import { type Figure, plot } from "./plot.ts";

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
  /**
   * How far from the threshold the colours reach their deepest shade (default: the output's
   * largest distance from the threshold on the grid, at least 0.5). Give several plots the same
   * spread to make their shades comparable.
   */
  spread?: number;
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
    ["resolution", "domain", "threshold", "title", "width", "height", "key", "spread"],
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
  if (options.spread !== undefined) checkPositive(options.spread, "decisionBoundary's spread");
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
  const spread = options.spread ?? Math.max(threshold - lo, hi - threshold, 0.5);
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
    // The contour's polygons close along the edge of their grid; a grid one cell wider on every
    // side (its edge values repeated), clipped to the frame, keeps those edges out of sight, so
    // that the black line is drawn only where the output crosses the threshold.
    const padded: number[] = [];
    for (let j = -1; j <= res; j++) {
      for (let i = -1; i <= res; i++) {
        const jj = Math.min(res - 1, Math.max(0, j)), ii = Math.min(res - 1, Math.max(0, i));
        padded.push(values[jj * res + ii]);
      }
    }
    marks.push(
      Plot.contour(padded, {
        x1: x0 - dx,
        x2: x1 + dx,
        y1: y0 - dy,
        y2: y1 + dy,
        width: res + 2,
        height: res + 2,
        clip: true,
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
  const fmt = (v: number) => String(Number(v.toPrecision(2)));
  // The background's scale, from threshold − spread to threshold + spread: this panel's own range.
  const bar = `<span style="display:inline-block;width:90px;height:9px;vertical-align:-1px;` +
    `background:linear-gradient(to right,${RDBU.join(",")})"></span>`;
  const line = `<span style="display:inline-block;width:16px;border-top:2px solid black;` +
    `vertical-align:3px"></span>`;
  return figure(
    `<div style="width:${width}px">${drawn.html}<div class="nn-key" style="font:12px/1.4 sans-serif;color:#333;padding-left:8px">` +
      `${dot(CLASS_COLOURS[0][1])} ${escapeHtml(name0)} &nbsp; ${dot(CLASS_COLOURS[1][1])} ${
        escapeHtml(name1)
      }<br>${shade("#e48066")} output &lt; ${t} &nbsp; ${shade("#6aaed6")} output &gt; ${t}` +
      `<br>output ${fmt(threshold - spread)} ${bar} ${fmt(threshold + spread)}` +
      (lo < threshold - 1e-6 && hi > threshold + 1e-6 ? ` &nbsp; ${line} output = ${t}` : "") +
      `</div></div>`,
  );
}

const CLASS_COLOURS: [string, string][] = [["0", "#b2182b"], ["1", "#2166ac"]];
/** The background's RdBu scale at seven points, low to high, for the key's colour bar. */
const RDBU = (() => {
  const scale = Plot.scale({ color: { type: "diverging", scheme: "RdBu", domain: [-1, 1] } });
  return [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1].map((v) => String(scale.apply(v)));
})();

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
