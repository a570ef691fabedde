// Painting a plot by predicted class, for data of more than two classes:
// each point of the grid in the colour of the class with the largest logit,
// the stronger the more probable softmax makes that class.
import type { Tensor } from "../../lib/core/mod.ts";
import { CLASS_RGB, gridImage } from "../canvas.ts";
import { argmaxRow, topProbability } from "../task.ts";

const WHITE = [248, 249, 250];

/**
 * Paints a g×g grid (row by row from the top) into a small canvas, one pixel per point, from the
 * k logits of each row of `logits`: the predicted class's colour, from white at a probability of
 * 1/k (no preference) to full at 1; with `discrete`, every point at one strength.
 */
export function paintClassGrid(
  target: HTMLCanvasElement,
  g: number,
  logits: Tensor,
  discrete: boolean,
): void {
  const { ctx, image } = gridImage(target, g);
  const k = logits.cols, data = logits.data;
  for (let i = 0; i < g * g; i++) {
    const p = topProbability(data, i, k);
    const strength = discrete ? 0.45 : 0.75 * (p - 1 / k) / (1 - 1 / k);
    paintClass(image.data, 4 * i, argmaxRow(data, i, k), strength);
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * Writes class c's colour at `strength` (0 white, 1 full) into `out` at `at` (RGBA); grey when
 * the strength is not a number, as a diverged network's output is.
 */
export function paintClass(out: Uint8ClampedArray, at: number, c: number, strength: number): void {
  out[at + 3] = 255;
  if (!Number.isFinite(strength)) {
    out[at] = out[at + 1] = out[at + 2] = 160;
    return;
  }
  const rgb = CLASS_RGB[c];
  for (let ch = 0; ch < 3; ch++) out[at + ch] = WHITE[ch] + (rgb[ch] - WHITE[ch]) * strength;
}
