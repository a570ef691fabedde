// The network: a column of units per layer, each a thumbnail of its output
// over the input square, and the weights between them. The pointer on a unit
// shows that unit's output on the big plot and its formula; on a weight, its
// value; a click opens the editor for that bias or weight.
import { ACTIVATION_LABELS } from "../config.ts";
import { FEATURE_LABELS } from "../features.ts";
import { ioSizes } from "../network.ts";
import { softmaxAt } from "../task.ts";
import { paintClass } from "./classes.ts";
import { fmt, setText } from "../_dom.ts";
import { fitCanvas, paint } from "../canvas.ts";
import { announcer, moveOnNetwork, type NetworkCursor } from "../keyboard.ts";
import type { View } from "../loop.ts";
import {
  drawTitles,
  drawWeights,
  layoutNetwork,
  linesNote,
  type NetworkLayout,
  unitAt,
  weightAt,
} from "../network_view.ts";
import type { PageState } from "../state.ts";
import type { GridPass } from "./grid.ts";
import type { WeightEditor } from "./weight_editor.ts";

export interface NetworkElements {
  canvas: HTMLCanvasElement;
  /** The box the canvas fills: its width is the drawing's. */
  box: HTMLElement;
  /** Where the unit or the weight under the pointer is described. */
  readout: HTMLElement;
}

/** What the readout under the network describes: a unit (its bias) or a weight. */
type Described = NetworkCursor;

export class NetworkView implements View {
  #width = 600;
  #layout: NetworkLayout | undefined;
  readonly #atlas = document.createElement("canvas");
  #atlasImage: ImageData | undefined;
  /** The bias or weight the readout names; its value is read again in every frame drawn. */
  #described: Described | undefined;
  /** Where the keyboard is on the network. */
  #cursor: NetworkCursor | undefined;
  /** How many of the weights the lines show, under the network. */
  readonly #lines = document.createElement("p");
  /** Says where the keyboard went, to a screen reader. */
  readonly #say: (text: string) => void;

  constructor(
    readonly state: PageState,
    readonly grid: GridPass,
    readonly els: NetworkElements,
    readonly editor: WeightEditor,
  ) {
    const { canvas, readout } = els;
    this.#lines.className = "hint";
    els.box.after(this.#lines);
    this.#say = announcer(readout);
    // The layout describes the network drawn last; until the new one is drawn, the pointer finds nothing.
    state.on("session", () => {
      this.#layout = undefined;
      this.#described = this.#cursor = undefined;
      readout.textContent = "";
    });
    const local = (e: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top] as const;
    };
    canvas.addEventListener("pointermove", (e) => {
      const layout = this.#layout;
      if (!layout) return;
      const { session } = state;
      const [x, y] = local(e);
      const unit = unitAt(layout, x, y);
      if (unit?.c !== state.preview?.c || unit?.u !== state.preview?.u) {
        state.preview = unit;
        state.markDirty();
      }
      if (unit && unit.c > 0) {
        state.focus = { l: unit.c - 1, j: unit.u };
        state.hoverWeight = undefined;
        this.#describe({ unit });
        state.invalidate("formula");
        return;
      }
      const w = weightAt(layout, session.stages, x, y);
      const hover = state.hoverWeight;
      if (w?.l !== hover?.l || w?.i !== hover?.i || w?.j !== hover?.j) state.markDirty();
      state.hoverWeight = w;
      this.#describe(w && { weight: w });
    });
    canvas.addEventListener("pointerleave", () => {
      state.preview = undefined;
      state.markDirty();
    });
    canvas.addEventListener("keydown", (e) => this.#key(e));
    canvas.addEventListener("blur", () => {
      if (!this.#cursor) return;
      // The keyboard's unit or weight is shown only while the network has the focus.
      state.preview = undefined;
      if ("weight" in this.#cursor) state.hoverWeight = undefined;
      state.markDirty();
    });
    canvas.addEventListener("focus", () => {
      if (this.#cursor) this.#goTo(this.#cursor);
    });
    canvas.addEventListener("click", (e) => {
      const layout = this.#layout;
      if (!layout) return;
      const [x, y] = local(e);
      const unit = unitAt(layout, x, y);
      if (unit && unit.c > 0) editor.open({ kind: "b", l: unit.c - 1, i: 0, j: unit.u }, x, y);
      else {
        const w = weightAt(layout, state.session.stages, x, y);
        if (w) editor.open({ kind: "W", ...w }, x, y);
      }
    });
  }

  /** The keys: arrows move the cursor, Enter or Space opens the editor, Escape leaves. */
  #key(e: KeyboardEvent): void {
    const layout = this.#layout;
    if (!layout || e.altKey || e.ctrlKey || e.metaKey) return;
    const widths = layout.ys.map((ys) => ys.length);
    const cursor = this.#cursor;
    if (e.key === "Enter" || e.key === " ") {
      if (!cursor) return;
      e.preventDefault();
      const { xs, ys, size } = layout;
      if ("unit" in cursor) {
        const { c, u } = cursor.unit;
        if (c > 0) this.editor.open({ kind: "b", l: c - 1, i: 0, j: u }, xs[c] + size, ys[c][u]);
      } else {
        const { l, i, j } = cursor.weight;
        const x = (xs[l] + size + xs[l + 1]) / 2, y = (ys[l][i] + ys[l + 1][j]) / 2 + size / 2;
        this.editor.open({ kind: "W", l, i, j }, x, y);
      }
      return;
    }
    if (e.key === "Escape") {
      if (!cursor) return;
      this.#cursor = undefined;
      this.state.preview = this.state.hoverWeight = undefined;
      this.#describe(undefined);
      this.state.markDirty();
      return;
    }
    const next = moveOnNetwork(cursor, e.key, widths);
    if (!next) return;
    e.preventDefault();
    this.#goTo(next);
  }

  /** Puts the keyboard's cursor on a unit or a weight: what the pointer there would show. */
  #goTo(cursor: NetworkCursor): void {
    const { state } = this;
    this.#cursor = cursor;
    if ("unit" in cursor) {
      state.preview = cursor.unit;
      state.hoverWeight = undefined;
      if (cursor.unit.c > 0) {
        state.focus = { l: cursor.unit.c - 1, j: cursor.unit.u };
        state.invalidate("formula");
      }
    } else {
      state.preview = undefined;
      state.hoverWeight = cursor.weight;
    }
    this.#describe(cursor);
    this.#say(this.els.readout.textContent ?? "");
    state.markDirty();
  }

  /** Names a bias or a weight with its current value in the readout, or nothing. */
  #describe(what: Described | undefined): void {
    this.#described = what;
    this.#showReadout();
  }

  #showReadout(): void {
    const what = this.#described, { stages } = this.state.session;
    let text = "";
    if (what && "unit" in what) {
      const { c, u } = what.unit;
      const b = stages[c - 1]?.layer.b;
      const { features } = this.state.session.config;
      if (c === 0 && u < features.length) {
        text = `input ${FEATURE_LABELS[features[u]]}: it has no bias or weights into it to edit`;
      } else if (b && u < b.cols) {
        text = `${
          c === stages.length
            ? (b.cols > 1 ? `output unit ${u + 1}` : "output")
            : `layer ${c}, unit ${u + 1}`
        }: bias b${c}[${u}] = ${fmt(b.get(0, u))} (click to edit)`;
      }
    } else if (what) {
      const { l, i, j } = what.weight;
      const W = stages[l]?.layer.W;
      if (W && i < W.rows && j < W.cols) {
        text = `W${l + 1}[${i}][${j}] = ${fmt(W.get(i, j))}: from ${
          l === 0
            ? `input ${FEATURE_LABELS[this.state.session.config.features[i]]}`
            : `layer ${l}, unit ${i + 1}`
        } to ${
          l === stages.length - 1
            ? (W.cols > 1 ? `output unit ${j + 1}` : "the output")
            : `layer ${l + 1}, unit ${j + 1}`
        } (click to edit)`;
      }
    }
    setText(this.els.readout, text);
  }

  measure(): void {
    // The layout stays that of the drawing on the canvas until the next draw, which makes a new
    // one for a new width: a change of the page's height alone (a hint shown) keeps it.
    this.#width = Math.floor(this.els.box.getBoundingClientRect().width);
  }

  #titles(): string[] {
    const { hidden, activations } = this.state.session.config;
    const wide = this.#width / (hidden.length + 2) > 70;
    return [
      "inputs",
      ...hidden.map((n, l) => (wide ? `${n} ${ACTIVATION_LABELS[activations[l]]}` : `L${l + 1}`)),
      "output",
    ];
  }

  draw(): void {
    const { session, editing, hoverWeight, focus } = this.state;
    const { g, X, outs } = this.grid.outputs();
    const width = this.#width;
    const { inputs, outputs } = ioSizes(session.config);
    const widths = [inputs, ...session.config.hidden, outputs];
    const old = this.#layout;
    if (
      !old || old.width !== width || old.ys.length !== widths.length ||
      old.ys.some((ys, c) => ys.length !== widths[c])
    ) {
      this.#layout = layoutNetwork(widths, width);
    }
    const layout = this.#layout!;
    const ctx = fitCanvas(this.els.canvas, layout.width, layout.height);
    ctx.clearRect(0, 0, layout.width, layout.height);
    drawWeights(ctx, layout, session.stages, editing?.kind === "W" ? editing : hoverWeight);
    // Every unit's thumbnail: the inputs themselves, then each stage's activations.
    const columns: { data: Float64Array; cols: number }[][] = [
      Array.from({ length: X.cols }, () => ({ data: X.data, cols: X.cols })),
      ...outs.map((o) =>
        Array.from({ length: o.A.cols }, () => ({ data: o.A.data, cols: o.A.cols }))
      ),
    ];
    const total = columns.reduce((s, c) => s + c.length, 0);
    const last = columns.length - 1;
    const s = layout.size;
    // A thumbnail needs no more pixels than its square has: take every stride-th grid point.
    const stride = Math.max(1, Math.floor(g / Math.max(8, s)));
    const t = Math.ceil(g / stride);
    let k = 0;
    const atlas = this.#atlas;
    if (this.#atlasImage?.width !== t * total || this.#atlasImage.height !== t) {
      this.#atlasImage = new ImageData(t * total, t);
      atlas.width = t * total;
      atlas.height = t;
    }
    const image = this.#atlasImage;
    columns.forEach((units, c) => {
      units.forEach(({ data, cols }, u) => {
        let max = 0;
        for (let i = 0; i < g * g; i++) max = Math.max(max, Math.abs(data[i * cols + u]));
        for (let r = 0; r < t; r++) {
          for (let q = 0; q < t; q++) {
            const v = data[(r * stride * g + q * stride) * cols + u];
            const at = 4 * (r * t * total + k * t + q);
            if (c === last && outputs === 1) {
              paint(image.data, at, session.shade(v), 0.8);
            } else if (c === last) {
              // With k classes, output u's square is the softmax probability of class u.
              const p = softmaxAt(data, r * stride * g + q * stride, cols, u);
              paintClass(image.data, at, u, 0.8 * p);
            } else paint(image.data, at, max > 0 ? v / max : 0);
          }
        }
        k++;
      });
    });
    atlas.getContext("2d")!.putImageData(image, 0, 0);
    k = 0;
    ctx.imageSmoothingEnabled = true;
    columns.forEach((units, c) => {
      units.forEach((_, u) => {
        const x = layout.xs[c], y = layout.ys[c][u];
        ctx.drawImage(atlas, k * t, 0, t, t, x, y, s, s);
        const focused = c > 0 && focus.l === c - 1 && focus.j === u;
        ctx.lineWidth = focused ? 2.5 : 1;
        ctx.strokeStyle = focused ? "#111" : "rgba(0,0,0,0.35)";
        ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
        if (c === 0 && s >= 16) {
          ctx.fillStyle = "#111";
          const name = FEATURE_LABELS[session.config.features[u]];
          // A longer name (sin x₁) in a smaller font, so that it fits its square.
          let font = 10;
          ctx.font = `bold ${font}px system-ui, sans-serif`;
          while (font > 7 && ctx.measureText(name).width > s - 3) {
            ctx.font = `bold ${--font}px system-ui, sans-serif`;
          }
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          ctx.fillText(name, x + s / 2, y + s / 2);
        }
        k++;
      });
    });
    drawTitles(ctx, layout, this.#titles());
    setText(this.#lines, linesNote(session.stages));
    const cursor = this.#cursor;
    if (cursor && "unit" in cursor && document.activeElement === this.els.canvas) {
      // The keyboard's unit, ringed so that it is seen while the canvas has the focus.
      const { c, u } = cursor.unit;
      const x = layout.xs[c], y = layout.ys[c]?.[u];
      if (y !== undefined) {
        ctx.strokeStyle = "#1a5fb4";
        ctx.lineWidth = 2;
        ctx.setLineDash([3, 2]);
        ctx.strokeRect(x - 3, y - 3, s + 6, s + 6);
        ctx.setLineDash([]);
      }
    }
    // Training and edits change the weights under the readout and the editor: show them as they are.
    this.#showReadout();
    this.editor.refresh();
  }
}
