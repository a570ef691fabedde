// The loss chart: training and test loss over the epochs, on a linear or a
// logarithmic axis, with the epoch under the pointer read out.
import { fmt } from "../_dom.ts";
import { type ChartLayout, drawChart, extent, fitCanvas } from "../canvas.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";
import { epochLabel } from "../session.ts";

const HEIGHT = 150;

export interface ChartElements {
  canvas: HTMLCanvasElement;
  /** Where the losses of the epoch under the pointer are written. */
  readout: HTMLElement;
  /** The log-scale checkbox: ticked here while the axis is chosen automatically. */
  logScale: HTMLInputElement;
}

export class ChartView implements View {
  #width = 360;
  #layout: ChartLayout | undefined;

  constructor(readonly state: PageState, readonly els: ChartElements) {
    const { canvas } = els;
    canvas.addEventListener("pointermove", (e) => {
      const layout = this.#layout, history = state.session.history;
      if (!layout || history.length === 0) return;
      const x = e.clientX - canvas.getBoundingClientRect().left;
      let best = 0;
      history.forEach((p, i) => {
        if (Math.abs(layout.x(p.at) - x) < Math.abs(layout.x(history[best].at) - x)) best = i;
      });
      state.chartHover = best;
      state.markDirty();
    });
    canvas.addEventListener("pointerleave", () => {
      state.chartHover = undefined;
      state.markDirty();
    });
  }

  measure(): void {
    this.#width = Math.floor(this.els.canvas.parentElement!.getBoundingClientRect().width);
  }

  draw(): void {
    const { session, chartHover, options } = this.state;
    const width = this.#width;
    const ctx = fitCanvas(this.els.canvas, width, HEIGHT);
    const h = session.history;
    const series = [
      { label: "training", colour: "#222", dash: [], values: (i: number) => h[i].train },
      { label: "test", colour: "#888", dash: [5, 3], values: (i: number) => h[i].test },
    ];
    // Until the reader chooses, the value axis turns logarithmic once the losses span a factor of 30.
    let log = options.logScale;
    if (log === undefined) {
      const [min, max] = extent(series, h.length);
      log = this.els.logScale.checked = max / min > 30;
    }
    this.#layout = drawChart(ctx, width, HEIGHT, h.map((p) => p.at), series, {
      highlight: chartHover,
      log,
    });
    if (chartHover !== undefined && h[chartHover]) {
      const p = h[chartHover];
      this.els.readout.textContent = `${epochLabel(p.epoch, p.steps)}: training loss ${
        fmt(p.train, 5)
      }, test loss ${fmt(p.test, 5)}`;
    }
  }
}
