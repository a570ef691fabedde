/**
 * Training with a loss chart that redraws while it runs. Library code does
 * not call the kernel: the notebook passes `Deno.jupyter.display` in, and the
 * chart is redrawn under one display id at most a few times a second.
 *
 * @module
 */
import {
  DISPLAY,
  type FitResult,
  type Layer,
  type MimeBundle,
  type Tensor,
  type TrainOptions,
} from "../core/mod.ts";
import { trainSteps } from "../fast/mod.ts";
import { describe } from "../core/_internal.ts";
import { lossCurve, type LossCurveOptions } from "./loss_curve.ts";
import { type BatchCurve, drawLossCurve } from "./_loss_chart.ts";

/**
 * The kernel's display function, `Deno.jupyter.display`, or a stand-in with
 * the same shape.
 *
 * @example
 * ```ts
 * import type { DisplayFunction } from "nn";
 * import assert from "node:assert/strict";
 *
 * const shown: unknown[] = [];
 * const display: DisplayFunction = async (bundle) => void shown.push(bundle);
 * await display({ "text/plain": "hi" }, { raw: true });
 * assert.equal(shown.length, 1);
 * ```
 */
export type DisplayFunction = (
  bundle: MimeBundle,
  options: { raw: true; display_id?: string; update?: boolean },
) => Promise<void>;

/**
 * Options for {@link fitLive}: where to draw, how often, and the chart's.
 *
 * @example
 * ```ts
 * import type { LiveOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: LiveOptions = { display: async () => {}, every: 500, title: "XOR" };
 * assert.equal(options.every, 500);
 * ```
 */
export interface LiveOptions extends Omit<LossCurveOptions, "title"> {
  /** `Deno.jupyter.display`. */
  display: DisplayFunction;
  /** Milliseconds between redraws (default 250); 0 redraws after every batch. */
  every?: number;
  /** The chart's title; the epoch and the loss are added to it. */
  title?: string;
  /**
   * Loss curves drawn beside this training's, `{ name: losses }`: earlier
   * trainings, so that a cell training several networks one after another
   * shows them all in one chart.
   */
  alongside?: Record<string, number[]>;
  /** This training's name in the chart's legend when there are curves alongside (default "loss"). */
  label?: string;
  /**
   * The `displayId` an earlier fitLive returned: redraw that chart rather
   * than draw a new one, so that a cell training networks in turn shows one chart.
   */
  redraw?: string;
}

/**
 * What {@link fitLive} returns: {@link FitResult} and the display id of its chart.
 *
 * @example
 * ```ts
 * import { fitLive, type LiveResult, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const display = async () => {};
 * const run: LiveResult = await fitLive(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 5 }, {
 *   display,
 * });
 * assert.match(run.displayId, /^nn-live-/);
 * ```
 */
export interface LiveResult extends FitResult {
  /** The display id the chart was drawn under; give it as `redraw` to draw into it again. */
  displayId: string;
  /** The mean loss of every batch, in the order trained, each taken before its update. */
  batchLosses: number[];
}

let nextId = 0;

/**
 * The error a training loop throws when Kernel → Interrupt asks it to stop: its name,
 * "Interrupted", is what the notebook shows, as Python shows KeyboardInterrupt.
 *
 * @example
 * ```ts
 * import { InterruptedError } from "nn";
 * import assert from "node:assert/strict";
 *
 * const error = new InterruptedError("the training stopped after epoch 3 of 10");
 * assert.equal(error.name, "Interrupted");
 * ```
 */
export class InterruptedError extends Error {
  /** The error, with a message saying where the training stopped. */
  constructor(message: string) {
    super(message);
    this.name = "Interrupted";
  }
}

/**
 * Whether Kernel → Interrupt has asked the running cell to stop. The project's kernel
 * (tools/kernel/proxy.py) sets this flag when an interrupt comes while a cell awaits, and
 * clears it when the next cell starts; outside that kernel it is always false.
 *
 * @example
 * ```ts
 * import { interruptRequested } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(interruptRequested(), false);
 * ```
 */
export function interruptRequested(): boolean {
  const kernel = (globalThis as Record<symbol, unknown>)[Symbol.for("nn.kernel")] as
    | { interrupted?: unknown }
    | undefined;
  return kernel?.interrupted === true;
}

/**
 * Where a training stands: after `step` of the `steps` batches of epoch `epoch`.
 */
interface Place {
  epoch: number;
  step: number;
  steps: number;
}

/** What an interrupt at `at` says: where the training stopped, and what is kept. */
function interruption({ epoch, step, steps }: Place, epochs: number): string {
  const where = step === steps
    ? `after epoch ${epoch} of ${epochs}`
    : `in epoch ${epoch} of ${epochs}, after batch ${step} of ${steps}`;
  return `Kernel → Interrupt stopped the training ${where}; ` +
    `the model keeps the weights it had then, and every variable its value`;
}

/** Batches whose mean loss the live chart draws between the epochs' points. */
const RECENT = 20;
/** At most about this many points of that curve are kept for the chart. */
const RECENT_POINTS = 500;
/** Milliseconds of training between two turns given to the event loop, where an interrupt arrives. */
const SLICE = 100;

/**
 * Trains like {@link fit} (the same loop, one batch at a time with
 * {@link trainSteps}: the same losses and weights) and draws the loss curve
 * while it runs: the chart appears once, is redrawn at most every `every`
 * milliseconds, and shows the final losses at the end. Between redraws it
 * gives the kernel a moment to send the chart, so the learner sees it grow.
 *
 * With mini-batches (more than one step per epoch) the chart has two curves:
 * the mean loss of each epoch, a dot at each epoch's end (the numbers
 * `losses` returns), and a thinner one, the mean loss of the last 20 batches
 * (or of an epoch's batches, when it has fewer), which moves from the first
 * batches on. They differ: an epoch's mean covers every batch of it, taken
 * while the weights changed, the thin curve only the latest. The epoch axis
 * spans the whole training from the start.
 *
 * Kernel → Interrupt stops it between two batches, within about a tenth of a
 * second: the chart is drawn once more, its title saying where the training
 * was interrupted, then an {@link InterruptedError} is thrown; the model
 * keeps the weights of the last step.
 *
 * @example With a stand-in for the kernel's display
 * ```ts
 * import { fitLive, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const shown: boolean[] = [];
 * const display = async (_bundle: unknown, o: { update?: boolean }) => void shown.push(!!o.update);
 * const { X, y } = xor();
 * const { losses } = await fitLive(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 500 }, { display });
 * assert.equal(losses.length, 500);
 * assert.equal(shown[0], false); // drawn first, then only updated
 * ```
 *
 * @example Mini-batches: drawn from the first batches on, and the epochs' losses as fit's
 * ```ts
 * import { fit, fitLive, mlp, moons } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = moons({ n: 200, seed: 1 });
 * const options = { lr: 0.1, epochs: 2, batchSize: 10 };
 * const titles: string[] = [];
 * const display = async (bundle: Record<string, unknown>) => void titles.push(/<h2>(.*?)<\/h2>/.exec(String(bundle["text/html"]))![1]);
 * const live = await fitLive(mlp([2, 8, 1], { seed: 1 }), X, y, options, { display, every: 0 });
 * assert.equal(titles[0], "epoch 1 of 2, batch 1 of 20");
 * assert.deepEqual(live.losses, fit(mlp([2, 8, 1], { seed: 1 }), X, y, options).losses);
 * ```
 */
export async function fitLive(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: TrainOptions,
  live: LiveOptions,
): Promise<LiveResult> {
  if (live === null || typeof live !== "object" || typeof live.display !== "function") {
    throw new TypeError(
      `fitLive needs { display: Deno.jupyter.display } as its last argument, got ${describe(live)}`,
    );
  }
  const every = live.every ?? 250;
  if (typeof every !== "number" || !(every >= 0) || !Number.isFinite(every)) {
    throw new RangeError(`every must be a number of milliseconds ≥ 0, got ${describe(every)}`);
  }
  const { display, every: _every, title, alongside, label = "loss", redraw, ...chart } = live;
  if (redraw !== undefined && (typeof redraw !== "string" || !redraw.startsWith("nn-live-"))) {
    throw new TypeError(
      `fitLive's redraw must be the displayId an earlier fitLive returned, got ${describe(redraw)}`,
    );
  }
  if (typeof label !== "string" || label === "") {
    throw new TypeError(`fitLive's label must be a non-empty string, got ${describe(label)}`);
  }
  if (alongside !== undefined) {
    if (alongside === null || typeof alongside !== "object" || Array.isArray(alongside)) {
      throw new TypeError(
        `fitLive's alongside must be { name: losses }, got ${describe(alongside)}`,
      );
    }
    if (Object.hasOwn(alongside, label)) {
      throw new RangeError(
        `fitLive's label "${label}" is also a curve alongside it: give this training another label`,
      );
    }
  }
  // The chart's options and the curves alongside are checked before training changes the model.
  lossCurve(alongside ? { ...alongside, [label]: [1] } : [1], { ...chart, title });
  const id = redraw ?? `nn-live-${++nextId}`;
  const epochs = options.epochs;
  const name = alongside ? label : "mean loss of each epoch";
  let drawn = redraw !== undefined;
  const losses: number[] = [], batchLosses: number[] = [];
  // A mini-batch training's recent batches: their mean loss (weighed by rows, as an epoch's is),
  // a point every `stride` batches once RECENT have run.
  const recentLoss = new Float64Array(RECENT), recentRows = new Float64Array(RECENT);
  let recent: BatchCurve | undefined;
  let stride = 1, stepped = 0;
  const draw = async (at: Place, state: "running" | "interrupted" | "done") => {
    const done = state === "done";
    const last = losses.at(-1);
    const progress =
      (at.step === at.steps
        ? `epoch ${at.epoch} of ${epochs}, loss ${last!.toExponential(3)}`
        : `epoch ${at.epoch} of ${epochs}, batch ${at.step} of ${at.steps}`) +
      (state === "interrupted" ? ", interrupted" : "");
    const heading = alongside
      // With curves alongside, the finished chart is about all of them: only its own title.
      ? (done ? title : `${title ? `${title}: ` : ""}${label}, ${progress}`)
      : `${title ? `${title}: ` : ""}${progress}`;
    const series: Record<string, number[]> = { ...alongside, [name]: losses };
    const rows = Object.entries(series).flatMap(([run, values]) =>
      values.map((loss, i) => ({ epoch: i + 1, loss, run }))
    );
    const figure = recent
      ? drawLossCurve(Object.keys(series), true, rows, { ...chart, title: heading }, recent)
      : lossCurve(alongside ? series : losses, { ...chart, title: heading });
    await display(figure[DISPLAY](), { raw: true, display_id: id, update: drawn });
    drawn = true;
    await pause();
  };
  // Kernel → Interrupt: the chart shows where the training stopped, then the cell says so.
  const stopIfInterrupted = async (at: Place) => {
    if (!interruptRequested()) return;
    await draw(at, "interrupted");
    throw new InterruptedError(interruption(at, epochs));
  };
  const training = trainSteps(model, X, y, options);
  let at: Place = { epoch: 1, step: 0, steps: 1 };
  let shownAt = performance.now(), pausedAt = shownAt;
  for (const report of training) {
    at = report;
    batchLosses.push(report.loss);
    if (report.epochLoss !== undefined) losses.push(report.epochLoss);
    if (report.steps > 1) {
      if (recent === undefined) {
        const k = Math.min(RECENT, report.steps);
        recent = { points: [], label: `mean loss of the last ${k} batches`, epochs };
        stride = Math.max(1, Math.ceil((report.steps * epochs) / RECENT_POINTS));
      }
      const k = Math.min(RECENT, report.steps);
      recentLoss[stepped % k] = report.loss * report.rows;
      recentRows[stepped % k] = report.rows;
      stepped++;
      if (stepped >= k && stepped % stride === 0) {
        let sum = 0, rows = 0;
        for (let i = 0; i < k; i++) sum += recentLoss[i], rows += recentRows[i];
        recent.points.push({
          epoch: report.epoch - 1 + report.step / report.steps,
          loss: sum / rows,
          run: recent.label,
        });
      }
    }
    const now = performance.now();
    if (now - shownAt >= every) {
      await draw(at, "running");
      await stopIfInterrupted(at);
      shownAt = pausedAt = performance.now();
    } else if (now - pausedAt >= SLICE) {
      await pause();
      await stopIfInterrupted(at);
      pausedAt = performance.now();
    }
  }
  await draw(at, "done");
  return { losses, backend: training.backend, displayId: id, batchLosses };
}

/** A macrotask turn: the kernel sends what was displayed, and a signal's listener runs. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
