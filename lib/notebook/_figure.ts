// What the figures share: a figure from its HTML, as a display bundle (with
// extra MIME types when given), and the checks of their sizes and axis ranges.
import { DISPLAY, type MimeBundle } from "../core/mod.ts";
import { describe } from "../core/_internal.ts";
import type { Figure } from "./plot.ts";

/**
 * The class MathJax skips (its tex2jax_ignore, which Jupyter Notebook 6 keeps): a figure's
 * text is not maths, though an Excel formula's `$B4:$K4` looks like it, and scanning big
 * figures for maths delays the typesetting of the notebook's own formulas.
 */
export const NOT_MATHS = "tex2jax_ignore";

export function figure(html: string, extra: MimeBundle = {}): Figure {
  return {
    html,
    [DISPLAY]: () => ({ "text/html": `<div class="${NOT_MATHS}">${html}</div>`, ...extra }),
  };
}

/** A width or height in pixels: absent, or a finite number > 0. */
export function checkSize(value: unknown, what: string): void {
  if (value !== undefined && !(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${what} must be a number of pixels > 0, got ${describe(value)}`);
  }
}

/** An axis range [lo, hi] of finite numbers with lo < hi. */
export function checkInterval(value: unknown, what: string): void {
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
