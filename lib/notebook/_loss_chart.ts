// The loss chart behind lossCurve and fitLive: epoch losses as lines, and for
// fitLive's mini-batch trainings a thinner curve of recent batches' losses at
// fractional epochs, with the epochs' own losses as dots on their lines.
import * as Plot from "@observablehq/plot";
import type { LossCurveOptions } from "./loss_curve.ts";
import { type Figure, plot } from "./plot.ts";

/** A point of a chart: an epoch (fractional for a point inside one), a loss, the curve's name. */
export interface LossPoint {
  epoch: number;
  loss: number;
  run: string;
}

/** A curve of batch losses drawn under the epochs' curves, on an epoch axis from 0 to `epochs`. */
export interface BatchCurve {
  /** Its points, their `run` its name in the legend. */
  points: LossPoint[];
  /** Its name in the legend. */
  label: string;
  /** The epochs of the whole training, the end of the epoch axis. */
  epochs: number;
}

/**
 * The chart of `rows` (checked by the caller: finite losses, whole epochs from 1) for the
 * curves named `names`, in that order in the legend when `named`; with `batches`, their curve
 * too (the legend then names every curve). The options are checked by the caller.
 */
export function drawLossCurve(
  names: string[],
  named: boolean,
  rows: LossPoint[],
  options: LossCurveOptions,
  batches?: BatchCurve,
): Figure {
  const legend = named || batches !== undefined;
  const all = batches ? [...batches.points, ...rows] : rows;
  const maxEpoch = batches ? batches.epochs : Math.max(...rows.map((r) => r.epoch));
  const fewEpochs = !options.logX && maxEpoch <= 10;
  const logY = options.logY ?? options.yDomain === undefined;
  const first = batches ? 0 : 1;
  const stroke = legend ? "run" : "steelblue";
  const rules = options.rules ?? [];
  const ruleValues = rules.map((r) => typeof r === "number" ? r : r.y);
  const labelled = rules.filter((r) => typeof r !== "number");
  return plot({
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 260,
    marginLeft: 56,
    y: {
      type: logY && all.every((r) => r.loss > 0) ? "log" : "linear",
      // Powers of ten as 1e-6 rather than SI prefixes (µ, p, f) that read as units.
      tickFormat: logY ? "~e" : undefined,
      // Say it: equal steps on a logarithmic axis are equal ratios, not equal differences.
      label: logY && all.every((r) => r.loss > 0) ? "loss (log scale)" : "loss",
      grid: true,
      domain: options.yDomain,
    },
    x: {
      label: "epoch",
      type: options.logX ? "log" : "linear",
      // A live chart's axis spans the whole training, so that it stays put while the curve grows.
      domain: batches && !options.logX ? [0, maxEpoch] : undefined,
      // A short run gets one tick per epoch rather than ticks at half epochs.
      ticks: fewEpochs
        ? Array.from({ length: maxEpoch - first + 1 }, (_, i) => i + first)
        : undefined,
      tickFormat: fewEpochs ? "d" : undefined,
    },
    // In the order given, so that a curve keeps its colour when later ones join it (fitLive).
    color: legend
      ? { legend: true, domain: batches ? [...names, batches.label] : names }
      : undefined,
    marks: [
      ...(batches
        ? [
          Plot.lineY(batches.points, { x: "epoch", y: "loss", stroke, strokeWidth: 1, clip: true }),
        ]
        : []),
      Plot.lineY(rows, { x: "epoch", y: "loss", stroke, strokeWidth: 2, clip: true }),
      // A mini-batch training's epochs are few: each is a dot too, so that the first shows alone.
      ...(batches
        ? [Plot.dot(rows, { x: "epoch", y: "loss", fill: stroke, r: 3, clip: true })]
        : []),
      // On top: a curve that runs along a reference line must not hide it.
      Plot.ruleY(ruleValues, { stroke: "#555", strokeDasharray: "5,4" }),
      // A named rule says what it marks, above its right end.
      Plot.text(labelled, {
        x: () => maxEpoch,
        y: "y",
        text: "label",
        textAnchor: "end",
        dy: -6,
        fill: "#333",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
  });
}
