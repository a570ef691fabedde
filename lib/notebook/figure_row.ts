/**
 * Figures side by side, each with an optional caption.
 *
 * @module
 */
import { checkOptions, describe } from "../core/_internal.ts";
import { escapeHtml } from "./_html.ts";
import { figure } from "./_figure.ts";
import type { Figure } from "./plot.ts";

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
