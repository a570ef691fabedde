// A figure: HTML to show, as a display bundle (with extra MIME types when given).
import { DISPLAY, type MimeBundle } from "../core/mod.ts";
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
