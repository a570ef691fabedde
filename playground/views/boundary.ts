// The big plot: the network's output over the input square (or, while the
// pointer is on a unit of the network, that unit's output), the data points
// and the probe whose formula is shown. Moving over it moves the probe; a
// click pins the probe, or adds a point when the reader chose a class.
import type { Tensor } from "../../lib/core/mod.ts";
import { setText } from "../_dom.ts";
import { drawPoints, drawTicks, fitCanvas, paintGrid, Square } from "../canvas.ts";
import { announcer, moveOnPlot } from "../keyboard.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";
import type { GridPass } from "./grid.ts";
import { pointReadout } from "../formula.ts";
import { FEATURE_LABELS } from "../features.ts";
import { paintClassGrid } from "./classes.ts";
import { drawCurve, drawValuePoints } from "./regression.ts";
import { isRegression, oneInput } from "../task.ts";

export interface BoundaryElements {
  canvas: HTMLCanvasElement;
  /** Where the point under the pointer and the network's output there are written. */
  readout: HTMLElement;
}

export class BoundaryView implements View {
  #size = 360;
  readonly #small = document.createElement("canvas");
  /** The input the readout describes (under the pointer, or the keyboard's cross). */
  #at: [number, number] | undefined;

  constructor(
    readonly state: PageState,
    readonly grid: GridPass,
    readonly els: BoundaryElements,
    /** Called for a click when the reader chose to add points of a class. */
    addPoint: (x1: number, x2: number, label: number) => void,
  ) {
    const { canvas, readout } = els;
    const toData = (e: PointerEvent | MouseEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      const [x1, x2] = new Square(state.session.domain, r.width).fromPx(
        e.clientX - r.left,
        e.clientY - r.top,
      );
      // With the one input x₁, the plot's height is the target: the point is (x₁, 0).
      return oneInput(state.session.config) ? [x1, 0] : [x1, x2];
    };
    canvas.addEventListener("pointermove", (e) => {
      const [x1, x2] = toData(e);
      this.#at = [x1, x2];
      readout.textContent = pointReadout(state.session, x1, x2);
      if (!state.probePinned) {
        state.probe = [x1, x2];
        state.invalidate("formula");
      }
    });
    const click = (x1: number, x2: number) => {
      const label = state.options.clickAdds;
      // Own points have classes: a regression's plot only pins the probe.
      if (label !== undefined && !isRegression(state.session.config)) {
        addPoint(x1, x2, label);
        return;
      }
      state.probe = [x1, x2];
      state.probePinned = !state.probePinned;
      state.markDirty();
    };
    canvas.addEventListener("click", (e) => click(...toData(e)));
    // The keyboard moves the probe's cross and acts where it is as a click would.
    const say = announcer(readout);
    canvas.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const at = state.probe;
      // On one input (the sine) the plot's vertical is the output: ↑ and ↓ move nothing.
      const vertical = e.key === "ArrowUp" || e.key === "ArrowDown";
      if (vertical && oneInput(state.session.config)) {
        e.preventDefault();
        return;
      }
      const moved = moveOnPlot(at, e.key, e.shiftKey, state.session.domain);
      if (moved) {
        e.preventDefault();
        state.probe = this.#at = moved;
        state.invalidate("formula");
        say(pointReadout(state.session, ...moved));
        return;
      }
      const add = e.key === "1" ? 1 : e.key === "0" ? 0 : undefined;
      if (add === undefined && e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      if (add !== undefined && isRegression(state.session.config)) {
        say(
          "A regression's points have numbers, not classes, as targets: 1 and 0 add points only to classification data.",
        );
        return;
      }
      const [x1, x2] = at, pinned = state.probePinned;
      if (add === undefined) click(x1, x2);
      else addPoint(x1, x2, add);
      // A point added makes a new session, which moves the probe back to the first point.
      if (state.probe[0] !== x1 || state.probe[1] !== x2) {
        state.probe = [x1, x2];
        state.probePinned = pinned;
        state.invalidate("formula");
      }
    });
  }

  measure(): void {
    const width = Math.floor(this.els.canvas.parentElement!.getBoundingClientRect().width);
    this.#size = Math.max(200, Math.min(360, width));
  }

  draw(): void {
    const { session, preview, probe, probePinned, options } = this.state;
    // The output at the readout's input changes as the network trains or is edited.
    if (this.#at) setText(this.els.readout, pointReadout(session, ...this.#at));
    const { g, X, outs } = this.grid.outputs();
    const size = this.#size;
    const ctx = fitCanvas(this.els.canvas, size, size);
    const small = this.#small;
    const last = outs.length;
    const previewing = preview !== undefined && preview.c < last;
    if (oneInput(session.config) && !previewing) {
      drawCurve(ctx, session, size, {
        showTest: options.showTest,
        probe: probe[0],
        pinned: probePinned,
      });
      return;
    }
    if (preview && preview.c < last) {
      // The output of the unit under the pointer on the network, scaled as its thumbnail is.
      const { data, cols } = preview.c === 0 ? X : outs[preview.c - 1].A;
      const u = preview.u;
      let max = 0;
      for (let i = 0; i < g * g; i++) max = Math.max(max, Math.abs(data[i * cols + u]));
      paintGrid(small, g, (i) => (max > 0 ? data[i * cols + u] / max : 0), 0.85);
    } else if (session.config.classes > 2) {
      paintClassGrid(small, g, outs.at(-1)!.A, options.discretize);
    } else if (isRegression(session.config)) {
      const out = outs.at(-1)!.A.data;
      paintGrid(small, g, (i) => session.shade(out[i]), 0.8);
    } else {
      const out = outs.at(-1)!.A.data;
      const discrete = options.discretize;
      paintGrid(small, g, (i) => {
        const p = session.probability(out[i]);
        return discrete ? (p > 0.5 ? 1 : -1) : 2 * p - 1;
      }, discrete ? 0.45 : 0.7);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, size, size);
    if (preview && preview.c < last) {
      const title = preview.c === 0
        ? `input ${FEATURE_LABELS[session.config.features[preview.u]]}`
        : `layer ${preview.c}, unit ${preview.u + 1}`;
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fillRect(0, 16, size, 20);
      ctx.fillStyle = "#111";
      ctx.font = "12px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(`showing ${title}; off the network: the output`, size / 2, 26);
    }
    const sq = new Square(session.domain, size);
    drawTicks(ctx, sq);
    const at = (X: Tensor) => (i: number): [number, number] => [
      sq.px(X.data[2 * i]),
      sq.py(X.data[2 * i + 1]),
    ];
    if (isRegression(session.config)) {
      const { train, test } = session;
      drawValuePoints(ctx, at(train.X), session, train.y.data, false);
      if (options.showTest) drawValuePoints(ctx, at(test.X), session, test.y.data, true);
    } else {
      drawPoints(ctx, at(session.train.X), session.train.y.data, false);
      if (options.showTest) drawPoints(ctx, at(session.test.X), session.test.y.data, true);
    }
    // The input whose formula is shown.
    const [px, py] = [sq.px(probe[0]), sq.py(probe[1])];
    ctx.strokeStyle = "#111";
    ctx.lineWidth = probePinned ? 2 : 1.2;
    ctx.beginPath();
    ctx.moveTo(px - 6, py);
    ctx.lineTo(px + 6, py);
    ctx.moveTo(px, py - 6);
    ctx.lineTo(px, py + 6);
    ctx.stroke();
  }
}
