// The network drawn on a canvas: a column of units per layer, each unit a
// thumbnail of its output over the plane, and every weight a line whose
// width is its size and whose colour is its sign. It also finds the unit or
// the weight under the pointer.
import type { Linear, Stage } from "../lib/core/mod.ts";
import { CLASS_RGB } from "./canvas.ts";

export interface NetworkLayout {
  width: number;
  height: number;
  /** The side of a unit's square. */
  size: number;
  /** Each column's left edge: inputs, hidden layers, output. */
  xs: number[];
  /** The top edge of each unit, per column. */
  ys: number[][];
}

const TOP = 18;

/** Where everything goes for columns of the given widths, on a canvas `width` pixels wide. */
export function layoutNetwork(widths: number[], width: number): NetworkLayout {
  const most = Math.max(...widths);
  const columns = widths.length;
  const spacing = (width - 12) / Math.max(1, columns - 1);
  // Squares as large as fit a column about 360 pixels tall (at most 44 pixels), smaller when crowded.
  let size = Math.max(5, Math.min(44, Math.floor(360 / most * (most <= 8 ? 0.72 : 1)) - 2));
  size = Math.max(5, Math.min(size, Math.floor(spacing * 0.55)));
  const gap = size <= 10 ? 2 : size <= 20 ? 5 : 9;
  const height = TOP + most * (size + gap) - gap + 10;
  const xs = widths.map((_, c) =>
    columns === 1 ? width / 2 - size / 2 : 6 + c * (width - 12 - size) / (columns - 1)
  );
  const ys = widths.map((n) => {
    const total = n * (size + gap) - gap;
    const top = TOP + (height - TOP - 10 - total) / 2;
    return Array.from({ length: n }, (_, i) => top + i * (size + gap));
  });
  return { width, height, size, xs, ys };
}

/** A weight: stage l (0-based) from unit i of its input to unit j of its output. */
export interface WeightRef {
  l: number;
  i: number;
  j: number;
}

/** A unit: column c (0 = the inputs) and its index. */
export interface UnitRef {
  c: number;
  u: number;
}

function ends(layout: NetworkLayout, { l, i, j }: WeightRef): [number, number, number, number] {
  const { xs, ys, size } = layout;
  return [xs[l] + size, ys[l][i] + size / 2, xs[l + 1], ys[l + 1][j] + size / 2];
}

/**
 * The most weights drawn between two layers: beyond it, only the largest are drawn, so that
 * wide layers show their strongest connections rather than a mesh (64 × 64 units have 4,096).
 */
export const MOST_LINES = 64;

/** The weights drawn for a stage, as indices into W's data: all, or the MOST_LINES largest. */
export function drawnWeights(stage: Stage<Linear>): number[] {
  const W = stage.layer.W.data;
  const all = Array.from(W, (_, k) => k);
  if (W.length <= MOST_LINES) return all;
  return all.sort((a, b) => Math.abs(W[b]) - Math.abs(W[a])).slice(0, MOST_LINES);
}

/** What the lines show, in words: empty when every weight is drawn. */
export function linesNote(stages: readonly Stage<Linear>[]): string {
  const sizes = stages.map((s) => s.layer.W.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const drawn = sizes.reduce((a, b) => a + Math.min(MOST_LINES, b), 0);
  if (drawn === total) return "";
  const en = (n: number) => n.toLocaleString("en");
  return `Lines drawn: ${en(drawn)} of the ${en(total)} weights. Between two layers with more ` +
    `than ${MOST_LINES} weights only the ${MOST_LINES} largest are drawn; the keyboard reaches ` +
    `every weight.`;
}

/** Draws the weights, grouped by colour and width so that large networks draw quickly. */
export function drawWeights(
  ctx: CanvasRenderingContext2D,
  layout: NetworkLayout,
  stages: readonly Stage<Linear>[],
  highlight?: WeightRef,
): void {
  const buckets = new Map<string, Path2D>();
  let count = 0;
  for (const s of stages) count += Math.min(MOST_LINES, s.layer.W.size);
  const alpha = count > 1000 ? 0.45 : count > 300 ? 0.6 : 0.8;
  // Small units in a compact column get thinner lines, so that their ends stay apart.
  const widest = layout.size < 12 ? 3 : 6;
  stages.forEach((stage, l) => {
    const W = stage.layer.W;
    for (const k of drawnWeights(stage)) {
      const i = Math.floor(k / W.cols), j = k % W.cols;
      const w = W.data[k];
      const width = Number.isFinite(w) ? Math.min(widest, Math.max(0.4, Math.abs(w) * 2.2)) : 1;
      const key = `${w < 0 ? 0 : 1}:${Math.round(width * 2) / 2}`;
      let path = buckets.get(key);
      if (!path) buckets.set(key, path = new Path2D());
      const [x0, y0, x1, y1] = ends(layout, { l, i, j });
      path.moveTo(x0, y0);
      path.lineTo(x1, y1);
    }
  });
  for (const [key, path] of buckets) {
    const [sign, width] = key.split(":").map(Number);
    const [r, g, b] = CLASS_RGB[sign];
    // Among many small units, the faint lines of small weights let the large ones stand out.
    const a = layout.size < 12 ? 0.15 + 0.75 * width / widest : alpha;
    ctx.strokeStyle = `rgba(${r},${g},${b},${a})`;
    ctx.lineWidth = width;
    ctx.stroke(path);
  }
  if (highlight && stages[highlight.l]) {
    const [x0, y0, x1, y1] = ends(layout, highlight);
    ctx.strokeStyle = "rgba(0,0,0,0.8)";
    ctx.lineWidth = 2.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** Column titles above the units. */
export function drawTitles(
  ctx: CanvasRenderingContext2D,
  layout: NetworkLayout,
  titles: string[],
): void {
  ctx.font = "10px system-ui, sans-serif";
  ctx.fillStyle = "#555";
  ctx.textBaseline = "top";
  titles.forEach((t, c) => {
    const x = layout.xs[c] + layout.size / 2;
    ctx.textAlign = c === 0 ? "left" : c === titles.length - 1 ? "right" : "center";
    const at = c === 0 ? layout.xs[c] : c === titles.length - 1 ? layout.xs[c] + layout.size : x;
    ctx.fillText(t, at, 2);
  });
}

/** The unit under (x, y), if any. */
export function unitAt(layout: NetworkLayout, x: number, y: number): UnitRef | undefined {
  const { xs, ys, size } = layout;
  const slack = Math.max(0, (12 - size) / 2);
  for (let c = 0; c < xs.length; c++) {
    if (x < xs[c] - slack || x > xs[c] + size + slack) continue;
    for (let u = 0; u < ys[c].length; u++) {
      if (y >= ys[c][u] - slack && y <= ys[c][u] + size + slack) return { c, u };
    }
  }
  return undefined;
}

/** The weight whose line passes nearest (x, y), within `reach` pixels. */
export function weightAt(
  layout: NetworkLayout,
  stages: readonly Stage<Linear>[],
  x: number,
  y: number,
  reach = 6,
): WeightRef | undefined {
  let best: WeightRef | undefined, bestD = reach;
  stages.forEach((stage, l) => {
    if (x < layout.xs[l] + layout.size || x > layout.xs[l + 1]) return;
    const cols = stage.layer.W.cols;
    for (const k of drawnWeights(stage)) {
      const i = Math.floor(k / cols), j = k % cols;
      const [x0, y0, x1, y1] = ends(layout, { l, i, j });
      const dx = x1 - x0, dy = y1 - y0;
      const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
      const d = Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
      if (d < bestD) {
        bestD = d;
        best = { l, i, j };
      }
    }
  });
  return best;
}
