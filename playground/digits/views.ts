// What the digits page draws: small images (grey levels, or weights in blue
// and red), the progress chart, the ten probabilities as bars, and the units
// of the network that respond most to the reader's drawing.
import type { ModelName } from "./config.ts";
import type { Probe, Score } from "./session.ts";

/** Draws a `side`×`side` image into a canvas of that size: ink dark on white, 1 the darkest. */
export function drawGrey(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  side: number,
  top = 1,
) {
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const g = 255 - Math.round(255 * Math.min(1, Math.max(0, values[i] / top)));
    img.data.set([g, g, g, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
}

/** Draws weights as a `side`×`side` image: blue positive, red negative, scaled to their largest |weight|. */
export function drawWeights(canvas: HTMLCanvasElement, values: ArrayLike<number>, side: number) {
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(side, side);
  let top = 1e-12;
  for (let i = 0; i < side * side; i++) top = Math.max(top, Math.abs(values[i]));
  for (let i = 0; i < side * side; i++) {
    const t = Math.round(255 * Math.abs(values[i]) / top);
    img.data.set(
      values[i] >= 0 ? [255 - t, 255 - t * 0.6, 255, 255] : [255, 255 - t, 255 - t, 255],
      4 * i,
    );
  }
  ctx.putImageData(img, 0, 0);
}

/** The progress chart: test accuracy above, the training and test loss below, against epochs. */
export function drawChart(canvas: HTMLCanvasElement, history: readonly Score[]): void {
  const w = canvas.clientWidth || 360, h = canvas.clientHeight || 260, dpr = devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
  const left = 44, right = w - 10, half = (h - 44) / 2;
  const maxEpoch = Math.max(1, ...history.map((s) => s.epoch));
  const x = (e: number) => left + (right - left) * e / maxEpoch;
  const losses = history.flatMap((s) => [s.trainLoss, s.testLoss]).filter(Number.isFinite);
  const maxLoss = Math.max(0.5, ...losses.map((l) => Math.min(l, 5)));
  const panels = [
    {
      top: 8,
      label: "test accuracy",
      lo: 0,
      hi: 1,
      ticks: [0, 0.5, 1],
      show: (v: number) => `${v * 100}%`,
    },
    {
      top: 22 + half,
      label: "loss",
      lo: 0,
      hi: maxLoss,
      ticks: [0, maxLoss / 2, maxLoss],
      show: (v: number) => v.toFixed(2),
    },
  ];
  const y = (p: typeof panels[number], v: number) =>
    p.top + half - half * (Math.min(v, p.hi) - p.lo) / (p.hi - p.lo);
  ctx.lineWidth = 1;
  for (const p of panels) {
    ctx.strokeStyle = "#ddd";
    ctx.fillStyle = "#666";
    ctx.textAlign = "right";
    for (const t of p.ticks) {
      ctx.beginPath();
      ctx.moveTo(left, y(p, t));
      ctx.lineTo(right, y(p, t));
      ctx.stroke();
      ctx.fillText(p.show(t), left - 4, y(p, t) + 4);
    }
    ctx.textAlign = "left";
    ctx.fillText(p.label, left + 4, p.top + 10);
  }
  ctx.textAlign = "left";
  ctx.fillText("0", left, h - 2);
  ctx.textAlign = "right";
  ctx.fillText(`${maxEpoch.toFixed(maxEpoch < 10 ? 1 : 0)} epochs`, right, h - 2);
  const line = (p: typeof panels[number], pick: (s: Score) => number, colour: string) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    for (const s of history) {
      const v = pick(s);
      if (!Number.isFinite(v)) continue;
      if (started) ctx.lineTo(x(s.epoch), y(p, v));
      else ctx.moveTo(x(s.epoch), y(p, v)), started = true;
    }
    ctx.stroke();
  };
  line(panels[0], (s) => s.testAccuracy, "#1a5fb4");
  line(panels[1], (s) => s.trainLoss, "#e66100");
  line(panels[1], (s) => s.testLoss, "#1a5fb4");
}

/** The ten probabilities as bars, in rows made once. */
export class Bars {
  readonly #rows: { bar: HTMLElement; value: HTMLElement }[] = [];

  constructor(readonly box: HTMLElement) {
    for (let d = 0; d < 10; d++) {
      const row = document.createElement("div");
      row.className = "prob";
      row.innerHTML =
        `<span class="digit">${d}</span><span class="track"><span class="fill"></span></span><span class="p" id="prob-${d}"></span>`;
      box.append(row);
      this.#rows.push({ bar: row.querySelector(".fill")!, value: row.querySelector(".p")! });
    }
  }

  show(probabilities: readonly number[] | undefined): void {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    this.#rows.forEach(({ bar, value }, d) => {
      const p = probabilities?.[d] ?? 0;
      bar.style.width = `${(100 * p).toFixed(1)}%`;
      bar.classList.toggle("best", d === best);
      value.textContent = probabilities ? `${(100 * p).toFixed(1)}%` : "";
      value.dataset.p = String(p);
    });
  }
}

/**
 * The units that respond most to the image: for the one-hidden-layer
 * network, the hidden units with the largest outputs, each drawn as its 784
 * incoming weights; for the convolutional network, the first convolution's
 * eight feature maps of the image, most active first.
 */
export function showUnits(
  box: HTMLElement,
  note: HTMLElement,
  model: ModelName,
  probe: Probe | undefined,
  firstWeights: { data: Float64Array; cols: number },
): void {
  box.textContent = "";
  if (!probe) {
    note.textContent = "Draw a digit, or take a test image, to see the units that respond to it.";
    return;
  }
  const A = probe.outputs[0].A.data;
  const figure = (caption: string) => {
    const f = document.createElement("figure");
    const c = document.createElement("canvas");
    const cap = document.createElement("figcaption");
    cap.textContent = caption;
    f.append(c, cap);
    box.append(f);
    return c;
  };
  if (model === "mlp") {
    const n = A.length;
    const top = Array.from({ length: n }, (_, k) => k).sort((a, b) => A[b] - A[a]).slice(0, 8)
      .filter((k) => A[k] > 0);
    note.textContent = top.length === 0
      ? "No hidden unit responds to this image (every output is 0 after ReLU)."
      : `The ${top.length} hidden units (of ${n}) with the largest outputs for this image, each drawn as its 784 ` +
        "incoming weights (blue positive, red negative, each scaled to its own largest |weight|): " +
        "ink on blue pixels raises the unit's output, ink on red lowers it.";
    for (const k of top) {
      const w = Float64Array.from(
        { length: 784 },
        (_, p) => firstWeights.data[p * firstWeights.cols + k],
      );
      drawWeights(figure(`unit ${k + 1}: ${A[k].toFixed(2)}`), w, 28);
    }
  } else {
    const maps = Array.from({ length: 8 }, (_, m) => A.subarray(m * 576, (m + 1) * 576));
    const sums = maps.map((m) => m.reduce((s, v) => s + v, 0));
    const order = maps.map((_, m) => m).sort((a, b) => sums[b] - sums[a]);
    note.textContent =
      "The first convolution's 8 feature maps of this image after ReLU (each 24×24, " +
      "white 0, black its own largest value), with the sum of each map, most active first.";
    for (const m of order) {
      drawGrey(
        figure(`map ${m + 1}: ${sums[m].toFixed(1)}`),
        maps[m],
        24,
        Math.max(1e-12, ...maps[m]),
      );
    }
  }
}
