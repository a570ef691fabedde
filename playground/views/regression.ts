// Drawing a regression: for the one input x₁, the data as points (x₁, y) and
// the network's output as a curve over x₁; over the plane, points coloured by
// their target on the shading of the network's output (see the boundary view).
import { Tensor } from "../../lib/core/mod.ts";
import { paint, short, ticks } from "../canvas.ts";
import type { Session } from "../session.ts";

/** Points of a regression in the colour of their target, on the scale the plots shade with. */
export function drawValuePoints(
  ctx: CanvasRenderingContext2D,
  xy: (i: number) => [number, number],
  session: Session,
  targets: ArrayLike<number>,
  test: boolean,
  radius = 3.2,
): void {
  const rgba = new Uint8ClampedArray(4);
  for (let i = 0; i < targets.length; i++) {
    const [x, y] = xy(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    paint(rgba, 0, session.shade(targets[i]));
    const colour = `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = test ? "rgba(255,255,255,0.85)" : colour;
    ctx.fill();
    ctx.lineWidth = test ? 1.8 : 1;
    ctx.strokeStyle = test ? colour : "#333";
    ctx.stroke();
  }
}

/** Where the curve plot puts x₁ and y, on a square of `size` pixels. */
export interface CurveFrame {
  px: (x1: number) => number;
  py: (y: number) => number;
  /** x₁ of a pixel's column. */
  x1Of: (px: number) => number;
}

/** The samples of x₁ at which the curve is drawn. */
const SAMPLES = 200;

/**
 * The 1-D regression: the data as points (x₁, y), training points filled and test points as
 * rings, the network's output as a curve over x₁, and the probe's x₁ as a vertical line.
 */
export function drawCurve(
  ctx: CanvasRenderingContext2D,
  session: Session,
  size: number,
  options: { showTest: boolean; probe: number; pinned: boolean },
): CurveFrame {
  const { lo, hi } = session.domain;
  const X = new Tensor(SAMPLES, 2);
  for (let s = 0; s < SAMPLES; s++) X.data[2 * s] = lo + ((hi - lo) * s) / (SAMPLES - 1);
  const out = session.output(X).data;
  // The value axis covers the targets with a margin; a curve beyond it is clipped at the edge.
  const t = session.targetRange, pad = (t.hi - t.lo || 1) * 0.15;
  const ylo = t.lo - pad, yhi = t.hi + pad;
  const px = (v: number) => ((v - lo) / (hi - lo)) * size;
  const py = (v: number) => size - ((v - ylo) / (yhi - ylo)) * size;
  ctx.fillStyle = "#fbfbfc";
  ctx.fillRect(0, 0, size, size);
  ctx.font = "10px system-ui, sans-serif";
  ctx.strokeStyle = "#e3e3e3";
  ctx.fillStyle = "rgba(0,0,0,0.55)";
  ctx.lineWidth = 1;
  for (const v of ticks(ylo, yhi, 4)) {
    ctx.beginPath();
    ctx.moveTo(0, py(v));
    ctx.lineTo(size, py(v));
    ctx.stroke();
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(short(v), 2, py(v));
  }
  for (const v of ticks(lo, hi, 4)) {
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(short(v), px(v), size - 2);
  }
  ctx.font = "italic 11px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.fillText("x₁ →", size - 4, size - 13);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText("↑ y", 30, 2);
  const at = (T: Tensor, y: Tensor) => (i: number): [number, number] => [
    px(T.data[2 * i]),
    py(y.data[i]),
  ];
  const { train, test } = session;
  drawValuePoints(ctx, at(train.X, train.y), session, train.y.data, false);
  if (options.showTest) drawValuePoints(ctx, at(test.X, test.y), session, test.y.data, true);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, size, size);
  ctx.clip();
  ctx.strokeStyle = "#111";
  ctx.lineWidth = 2.2;
  ctx.beginPath();
  let pen = false;
  for (let s = 0; s < SAMPLES; s++) {
    const y = Math.max(ylo - 1e3 * pad, Math.min(yhi + 1e3 * pad, out[s]));
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(px(X.data[2 * s]), py(y));
    else ctx.moveTo(px(X.data[2 * s]), py(y));
    pen = true;
  }
  ctx.stroke();
  ctx.restore();
  ctx.strokeStyle = "rgba(0,0,0,0.5)";
  ctx.lineWidth = options.pinned ? 2 : 1;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(px(options.probe), 0);
  ctx.lineTo(px(options.probe), size);
  ctx.stroke();
  ctx.setLineDash([]);
  return { px, py, x1Of: (p: number) => lo + (p / size) * (hi - lo) };
}
