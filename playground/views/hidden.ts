// The hidden space: the input plane's grid lines and the data points as two
// units of a hidden layer see them; with exactly two units, shaded by what
// the rest of the network makes of each point of that plane.
import { type Stage, Tensor } from "../../lib/core/mod.ts";
import { forwardRows } from "../scoring.ts";
import type { Session } from "../session.ts";
import { setText } from "../_dom.ts";
import { drawPoints, fitCanvas, paintGrid, short } from "../canvas.ts";
import type { View } from "../loop.ts";
import { gridInputs, viewOutputs } from "../session.ts";
import type { PageState } from "../state.ts";
import { paintClassGrid } from "./classes.ts";
import { drawValuePoints } from "./regression.ts";
import { isRegression, oneInput } from "../task.ts";

/** What the grid lines are: the input plane's, or on one input, the input line x₁. */
const gridOf = (config: Parameters<typeof oneInput>[0]) =>
  oneInput(config)
    ? "the input line x₁ (every grid line of x₂ falls on it: the network ignores x₂)"
    : "the input plane's grid lines";

const capital = (text: string) => text[0].toUpperCase() + text.slice(1);

/** What the plane tells of the next layer: for classes, whether a line separates them. */
const separates = (config: Parameters<typeof isRegression>[0]) =>
  isRegression(config)
    ? "The points are coloured by their targets. The next layer adds up all of this layer's units, each times a weight, plus a bias, before its activation (the output has none)."
    : "Where a straight line separates the classes here, the next layer, linear before its activation, can separate them too.";

export interface HiddenElements {
  canvas: HTMLCanvasElement;
  /** The sentence that says what the picture shows. */
  hint: HTMLElement;
}

/** Points along grid lines of the square: `lines` lines of constant x1, then of constant x2. */
export function gridLines(lo: number, hi: number, lines: number, samples: number): Tensor {
  const data = new Float64Array(2 * lines * samples * 2);
  for (let line = 0; line < lines; line++) {
    const c = lo + ((hi - lo) * line) / (lines - 1);
    for (let s = 0; s < samples; s++) {
      const t = lo + ((hi - lo) * s) / (samples - 1);
      const i = line * samples + s, k = (lines + line) * samples + s;
      data[2 * i] = c, data[2 * i + 1] = t;
      data[2 * k] = t, data[2 * k + 1] = c;
    }
  }
  return new Tensor(2 * lines * samples, 2, data);
}

/** How the axes count units: from 1 by number, from 0 by index as in the code. */
const COUNTING = " On the axes, unit 1 of layer 1 is A1[0]: the code counts from 0.";

/** A layer's outputs for some rows, row by row. */
type Rows = { rows: number; data: Float64Array };

/** Time a draw spends on the layer's forward pass while the weights change, in ms. */
const PASS_MS = 6;

/** The layer's outputs for the grid lines, the training and the test points, one after the other. */
interface LayerPass {
  /** Which view: the session, the layer and the square. */
  view: string;
  /** Which weights: the steps and the edits. */
  weights: string;
  session: Session;
  stages: Stage[];
  X: Tensor;
  out: Float64Array;
  row: number;
}

export class HiddenView implements View {
  #size = 300;
  #lines: { key: string; X: Tensor } | undefined;
  #done: LayerPass | undefined;
  #pending: LayerPass | undefined;
  readonly #small = document.createElement("canvas");

  constructor(readonly state: PageState, readonly els: HiddenElements) {}

  measure(): void {
    const width = Math.floor(this.els.canvas.parentElement!.getBoundingClientRect().width);
    this.#size = Math.max(160, Math.min(360, width));
  }

  /**
   * Layer l's outputs for the grid lines and the points, computed on a copy
   * of the weights a chunk of rows per draw while training changes them, so
   * that a deep layer of a large network does not block the page; the picture
   * shows the last pass finished. A new network, layer or square is computed
   * at once.
   */
  #pass(l: number, view: string): LayerPass {
    const { session, edits } = this.state;
    const weights = `${session.steps}:${edits}`;
    const done = this.#done?.session === session && this.#done.view === view
      ? this.#done
      : undefined;
    if (done?.weights === weights) return done;
    let pending = this.#pending;
    if (pending?.session !== session || pending.view !== view) pending = undefined;
    if (!pending) {
      const stages = session.viewCopy().slice(0, l + 1);
      // The network's inputs (a row of features each) for the grid lines, then the points.
      const parts = [
        session.inputs(this.#lines!.X),
        session.prepared(session.train).X,
        session.prepared(session.test).X,
      ];
      const width = parts[0].cols;
      const rows = parts.reduce((t, p) => t + p.rows, 0);
      const all = new Float64Array(rows * width);
      parts.reduce((at, p) => (all.set(p.data, at), at + p.data.length), 0);
      const cols = stages.at(-1)!.layer.outWidth;
      pending = {
        view,
        weights,
        session,
        stages,
        X: new Tensor(rows, width, all),
        out: new Float64Array(rows * cols),
        row: 0,
      };
    }
    const start = performance.now();
    const budget = done ? PASS_MS : Infinity;
    while (pending.row < pending.X.rows && performance.now() - start < budget) {
      const rows = Math.min(256, pending.X.rows - pending.row);
      forwardRows(pending.stages, pending.X, pending.row, rows, pending.out);
      pending.row += rows;
    }
    if (pending.row < pending.X.rows) {
      this.#pending = pending;
      return done!;
    }
    this.#pending = undefined;
    return this.#done = pending;
  }

  draw(): void {
    const { session, options } = this.state;
    const size = this.#size;
    const ctx = fitCanvas(this.els.canvas, size, size);
    ctx.clearRect(0, 0, size, size);
    const hidden = session.config.hidden;
    if (hidden.length === 0) {
      ctx.fillStyle = "#666";
      ctx.font = "13px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.fillText("This network has no hidden layer.", size / 2, size / 2);
      setText(
        this.els.hint,
        "With no hidden layer there is no hidden space: the output layer reads the inputs directly.",
      );
      return;
    }
    const l = options.hidden.layer - 1, u = options.hidden.u - 1, v = options.hidden.v - 1;
    const upTo = session.stages.slice(0, l + 1);
    const { lo, hi } = session.domain;
    const lines = 13, samples = 40;
    const key = `${lo}:${hi}`;
    if (this.#lines?.key !== key) this.#lines = { key, X: gridLines(lo, hi, lines, samples) };
    const X = this.#lines.X;
    const pass = this.#pass(l, `${l}:${key}`);
    const cols = upTo.at(-1)!.layer.outWidth;
    const [n, m] = [X.rows, session.train.X.rows];
    // Plain rows rather than tensors: an overflowed network's outputs are drawn where finite.
    const part = (from: number, rows: number): Rows => ({
      rows,
      data: pass.out.subarray(from * cols, (from + rows) * cols),
    });
    const [A, trainA, testA] = [part(0, n), part(n, m), part(n + m, session.test.X.rows)];
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const T of [A, trainA, testA]) {
      for (let i = 0; i < T.rows; i++) {
        const a = T.data[i * cols + u], b = T.data[i * cols + v];
        if (Number.isFinite(a)) x0 = Math.min(x0, a), x1 = Math.max(x1, a);
        if (Number.isFinite(b)) y0 = Math.min(y0, b), y1 = Math.max(y1, b);
      }
    }
    const padOut = (a: number, b: number): [number, number] => {
      if (!Number.isFinite(a)) return [-1, 1];
      const m = (b - a) * 0.06 || 0.5;
      return [a - m, b + m];
    };
    [x0, x1] = padOut(x0, x1);
    [y0, y1] = padOut(y0, y1);
    const px = (a: number) => ((a - x0) / (x1 - x0)) * size;
    const py = (b: number) => size - ((b - y0) / (y1 - y0)) * size;
    // With exactly two units, the rest of the network is a function of this plane: shade it.
    if (cols === 2 && u !== v) {
      const g = 40;
      const P = gridInputs({ lo: 0, hi: 1 }, g);
      for (let i = 0; i < g * g; i++) {
        const a = x0 + P.data[2 * i] * (x1 - x0), b = y0 + P.data[2 * i + 1] * (y1 - y0);
        P.data[2 * i + u] = a;
        P.data[2 * i + v] = b;
      }
      const out = viewOutputs(session.stages.slice(l + 1), P).at(-1)!.A;
      if (session.config.classes > 2) paintClassGrid(this.#small, g, out, true);
      else paintGrid(this.#small, g, (i) => session.shade(out.data[i]), 0.45);
      ctx.drawImage(this.#small, 0, 0, size, size);
      setText(
        this.els.hint,
        "With two units, the rest of the network is a function of this plane: the shading is its output. " +
          `The lines are ${gridOf(session.config)}. ` + separates(session.config) +
          COUNTING,
      );
    } else {
      setText(
        this.els.hint,
        `${
          capital(gridOf(session.config))
        } and the points, as two units of a hidden layer see them. ` +
          separates(session.config) +
          COUNTING,
      );
    }
    ctx.lineWidth = 1;
    for (let line = 0; line < 2 * lines; line++) {
      ctx.strokeStyle = line < lines ? "rgba(60,60,60,0.35)" : "rgba(60,60,160,0.3)";
      ctx.beginPath();
      for (let s = 0; s < samples; s++) {
        const i = line * samples + s;
        const a = A.data[i * cols + u], b = A.data[i * cols + v];
        if (s === 0) ctx.moveTo(px(a), py(b));
        else ctx.lineTo(px(a), py(b));
      }
      ctx.stroke();
    }
    const at = (T: Rows) => (i: number): [number, number] => [
      px(T.data[i * cols + u]),
      py(T.data[i * cols + v]),
    ];
    const { train, test } = session;
    if (isRegression(session.config)) {
      drawValuePoints(ctx, at(trainA), session, train.y.data, false, 2.8);
      if (options.showTest) drawValuePoints(ctx, at(testA), session, test.y.data, true, 2.8);
    } else {
      drawPoints(ctx, at(trainA), train.y.data, false, 2.8);
      if (options.showTest) drawPoints(ctx, at(testA), test.y.data, true, 2.8);
    }
    ctx.fillStyle = "#333";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(
      `unit ${u + 1}, A${l + 1}[${u}]: ${short(x0)} … ${short(x1)} →`,
      size - 3,
      size - 2,
    );
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(`↑ unit ${v + 1}, A${l + 1}[${v}]: ${short(y0)} … ${short(y1)}`, 3, 2);
  }
}
