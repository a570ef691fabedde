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
import { trainEpochs } from "../fast/mod.ts";
import { describe } from "../core/_internal.ts";
import { lossCurve, type LossCurveOptions } from "./loss_curve.ts";

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
  /** Milliseconds between redraws (default 250). */
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

function stopIfInterrupted(epoch: number, epochs: number): void {
  if (!interruptRequested()) return;
  throw new InterruptedError(
    `Kernel → Interrupt stopped the training after epoch ${epoch} of ${epochs}; ` +
      `the model keeps the weights it had then, and every variable its value`,
  );
}

/**
 * Trains like {@link fit} (the same loop, {@link trainEpochs}) and draws the
 * loss curve while it runs: the chart appears once, is redrawn at most every
 * `every` milliseconds, and shows the final losses at the end. Between
 * redraws it gives the kernel a moment to send the chart, so the learner sees
 * it grow. A training shorter than `every` draws once, at the end. Kernel →
 * Interrupt stops it at its next redraw with an {@link InterruptedError}.
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
  let drawn = redraw !== undefined;
  const draw = async (losses: number[], epochs: number, done = false) => {
    const last = losses.at(-1)!;
    const progress = `epoch ${losses.length} of ${epochs}, loss ${last.toExponential(3)}`;
    const figure = lossCurve(alongside ? { ...alongside, [label]: losses } : losses, {
      ...chart,
      // With curves alongside, the finished chart is about all of them: only its own title.
      title: alongside
        ? (done ? title : `${title ? `${title}: ` : ""}${label}, ${progress}`)
        : `${title ? `${title}: ` : ""}${progress}`,
    });
    await display(figure[DISPLAY](), { raw: true, display_id: id, update: drawn });
    drawn = true;
    // A macrotask turn, so the kernel sends the message before training goes on.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!done) stopIfInterrupted(losses.length, epochs);
  };
  const training = trainEpochs(model, X, y, options);
  const losses: number[] = [];
  let shownAt = performance.now();
  for (const { loss } of training) {
    losses.push(loss);
    if (performance.now() - shownAt >= every) {
      await draw(losses, options.epochs);
      shownAt = performance.now();
    }
  }
  await draw(losses, options.epochs, true);
  return { losses, backend: training.backend, displayId: id };
}
