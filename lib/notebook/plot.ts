/**
 * Observable Plot figures for notebook cells. Plot draws SVG into a document
 * supplied by linkedom (no browser needed), and the figure it returns is a
 * value that Jupyter displays (see {@link DISPLAY}) and that plain
 * `deno test` can inspect; nothing here calls `Deno.jupyter`. The figures
 * built on it live one per file beside it: `lossCurve` in `loss_curve.ts`,
 * `decisionBoundary` in `decision_boundary.ts`, `figureRow` in
 * `figure_row.ts`.
 *
 * linkedom has no canvas, so continuous colour legends and raster marks are
 * not available.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Displayable } from "../core/mod.ts";
import { describe } from "../core/_internal.ts";
import { checkSize, figure } from "./_figure.ts";

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
