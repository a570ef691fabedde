// Drawing on canvases: colours, the decision-boundary heatmap with its
// points, the loss chart, the hidden space and the gradient bars. Plain
// canvas 2-D calls, no library: the page loads nothing from the network.
import type { Domain } from "./session.ts";

/**
 * Class 0 and class 1, as in TensorFlow Playground: orange and blue; then green, purple and
 * crimson for the classes 2 to 4 of data with more classes.
 */
export const CLASS_RGB: readonly [number, number, number][] = [
  [245, 147, 34],
  [8, 119, 189],
  [46, 160, 67],
  [148, 103, 189],
  [190, 30, 60],
];
/** The colours' names, for the page's texts. */
export const CLASS_NAMES = ["orange", "blue", "green", "purple", "crimson"];
export const CLASS_CSS = CLASS_RGB.map(([r, g, b]) => `rgb(${r},${g},${b})`);
const WHITE = [248, 249, 250];

/**
 * Writes the colour for t in [−1, 1] into `out` at `at` (RGBA): orange below
 * 0, white at 0, blue above, grey for NaN. Nothing is allocated: it runs for
 * every pixel of every view in every frame.
 */
export function paint(out: Uint8ClampedArray, at: number, t: number, strength = 1): void {
  if (!Number.isFinite(t)) {
    out[at] = out[at + 1] = out[at + 2] = 160;
  } else {
    const c = CLASS_RGB[t < 0 ? 0 : 1], k = Math.min(1, Math.abs(t)) * strength;
    out[at] = WHITE[0] + (c[0] - WHITE[0]) * k;
    out[at + 1] = WHITE[1] + (c[1] - WHITE[1]) * k;
    out[at + 2] = WHITE[2] + (c[2] - WHITE[2]) * k;
  }
  out[at + 3] = 255;
}

/** Sizes a canvas for its CSS box and the screen's pixel ratio; returns its context in CSS pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number) {
  const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(width)), h = Math.max(1, Math.round(height));
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  if (canvas.style.width !== `${w}px`) canvas.style.width = `${w}px`;
  if (canvas.style.height !== `${h}px`) canvas.style.height = `${h}px`;
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

const images = new Map<number, ImageData>();

/**
 * Paints g×g values (row by row from the top) into a small canvas, one
 * pixel each, to be scaled up with drawImage: `value(i)` gives t in [−1, 1].
 */
export function paintGrid(
  target: HTMLCanvasElement,
  g: number,
  value: (i: number) => number,
  strength: number,
): HTMLCanvasElement {
  const { ctx, image } = gridImage(target, g);
  for (let i = 0; i < g * g; i++) paint(image.data, 4 * i, value(i), strength);
  ctx.putImageData(image, 0, 0);
  return target;
}

/** A small canvas sized g×g, its context, and an image of its size to paint into (one per size). */
export function gridImage(target: HTMLCanvasElement, g: number) {
  if (target.width !== g) target.width = g;
  if (target.height !== g) target.height = g;
  const ctx = target.getContext("2d")!;
  let image = images.get(g);
  if (!image) images.set(g, image = ctx.createImageData(g, g));
  return { ctx, image };
}

/** Maps data coordinates to a square canvas of `size` CSS pixels and back. */
export class Square {
  constructor(readonly domain: Domain, readonly size: number) {}
  px(v: number): number {
    return ((v - this.domain.lo) / (this.domain.hi - this.domain.lo)) * this.size;
  }
  py(v: number): number {
    return ((this.domain.hi - v) / (this.domain.hi - this.domain.lo)) * this.size;
  }
  fromPx(x: number, y: number): [number, number] {
    const { lo, hi } = this.domain;
    return [lo + (x / this.size) * (hi - lo), hi - (y / this.size) * (hi - lo)];
  }
}

/** Points as dots: training points filled, test points as rings. */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  xy: (i: number) => [number, number],
  labels: ArrayLike<number>,
  test: boolean,
  radius = 3.2,
): void {
  for (let i = 0; i < labels.length; i++) {
    const [x, y] = xy(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    if (test) {
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill();
      ctx.lineWidth = 1.8;
      ctx.strokeStyle = CLASS_CSS[labels[i]];
      ctx.stroke();
    } else {
      ctx.fillStyle = CLASS_CSS[labels[i]];
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = "white";
      ctx.stroke();
    }
  }
}

/** Tick labels along the bottom and left edges of a square view, and the axes' names. */
export function drawTicks(ctx: CanvasRenderingContext2D, sq: Square): void {
  const { lo, hi } = sq.domain;
  ctx.font = "10px system-ui, sans-serif";
  ctx.fillStyle = "rgba(0,0,0,0.55)";
  for (const v of [lo, (lo + hi) / 2, hi]) {
    const label = String(Number(v.toFixed(2)));
    ctx.textAlign = v === lo ? "left" : v === hi ? "right" : "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(label, sq.px(v) + (v === lo ? 2 : v === hi ? -2 : 0), sq.size - 2);
    if (v !== lo) {
      ctx.textAlign = "left";
      ctx.textBaseline = v === hi ? "top" : "middle";
      ctx.fillText(label, 2, sq.py(v) + (v === hi ? 2 : 0));
    }
  }
  ctx.font = "italic 11px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  ctx.fillText("x₁ →", sq.size - 4, sq.size - 13);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText("↑ x₂", 30, 2);
}

/** Nice round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo || 1;
  const raw = span / count, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** Short text of a number for labels: 3 significant digits, exponent when tiny or huge. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

export interface Series {
  label: string;
  colour: string;
  dash: number[];
  values: (i: number) => number;
}

/** Geometry of a line chart, to find the point under the pointer. */
export interface ChartLayout {
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: (epoch: number) => number;
}

/** The smallest and largest positive finite values of some series. */
export function extent(series: Series[], n: number): [number, number] {
  let min = Infinity, max = 0;
  for (const s of series) {
    for (let i = 0; i < n; i++) {
      const v = s.values(i);
      if (Number.isFinite(v) && v > 0) min = Math.min(min, v), max = Math.max(max, v);
    }
  }
  return max > 0 ? [min, max] : [1, 1];
}

/**
 * A line chart of several series over epochs, with axes, on a canvas of
 * width × height CSS pixels, with a linear or a logarithmic value axis.
 * Returns its layout.
 */
export function drawChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  epochs: number[],
  series: Series[],
  options: { highlight?: number; log?: boolean } = {},
): ChartLayout {
  const { highlight, log } = options;
  ctx.clearRect(0, 0, width, height);
  const left = 44, right = width - 8, top = 8, bottom = height - 22;
  const n = epochs.length;
  const [min, max] = extent(series, n);
  // Linear: from 0 to a little above the largest loss. Logarithmic: whole decades around them all.
  const lo = log ? Math.floor(Math.log10(min)) : 0;
  const hi = log ? Math.max(Math.ceil(Math.log10(max)), lo + 1) : max * 1.05;
  const scale = (v: number) => (log ? Math.log10(v) : v);
  const e0 = epochs[0] ?? 0, e1 = Math.max(epochs[n - 1] ?? 1, e0 + 1);
  const x = (e: number) => left + ((e - e0) / (e1 - e0)) * (right - left);
  const y = (v: number) => bottom - ((scale(v) - lo) / (hi - lo)) * (bottom - top);
  ctx.font = "10px system-ui, sans-serif";
  ctx.strokeStyle = "#ddd";
  ctx.fillStyle = "#666";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  const values = log
    ? Array.from({ length: hi - lo + 1 }, (_, k) => 10 ** (lo + k)).filter((_, k, all) =>
      all.length <= 6 || k % Math.ceil(all.length / 6) === 0
    )
    : ticks(0, hi);
  for (const t of values) {
    ctx.beginPath();
    ctx.moveTo(left, y(t));
    ctx.lineTo(right, y(t));
    ctx.stroke();
    ctx.fillText(short(t), left - 4, y(t));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(e0, e1, 5).filter((t) => Number.isInteger(t))) {
    ctx.fillText(String(t), x(t), bottom + 4);
  }
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.setLineDash(s.dash);
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = s.values(i);
      if (!Number.isFinite(v) || (log && v <= 0)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(x(epochs[i]), y(v));
      else ctx.moveTo(x(epochs[i]), y(v));
      pen = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  if (highlight !== undefined && highlight < n) {
    ctx.strokeStyle = "rgba(0,0,0,0.35)";
    ctx.beginPath();
    ctx.moveTo(x(epochs[highlight]), top);
    ctx.lineTo(x(epochs[highlight]), bottom);
    ctx.stroke();
    for (const s of series) {
      const v = s.values(highlight);
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      ctx.fillStyle = s.colour;
      ctx.beginPath();
      ctx.arc(x(epochs[highlight]), y(v), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  return { left, right, top, bottom, x };
}
