// The frame loop: each frame draws what is due and then asks for one short
// training slice, which runs as its own task right after it, so that neither
// the drawing nor the training blocks the page for long.
import type { Messages } from "./messages.ts";
import type { PageState, ViewName } from "./state.ts";

/** Time for training in one frame: with the drawing, a frame stays well under 50 ms. */
const SLICE_MS = 8;
/** Drawing time a frame may spend, in ms; the most overdue view is drawn whatever it costs. */
const FRAME_BUDGET = 10;

/** Something the frame loop draws. */
export interface View {
  draw(): void;
  /** Measures the view's box when the page is laid out anew (not in every frame). */
  measure?(): void;
}

interface Timed {
  view: View;
  /** How often it should be redrawn, in ms; a view that is slow to draw is redrawn less often. */
  every: number;
  last: number;
  /** Its measured cost, in ms (a moving average). */
  cost: number;
}

/**
 * Decides which views a frame draws. Views `before` and `after` are drawn in
 * every frame; the timed views, when paused, all; while training, each when
 * it is due, most overdue first, while the frame has time left. A view is
 * due again after its interval or four times its cost, whichever is longer,
 * so that a large network makes the views update less often, never the page
 * stall.
 */
export class Scheduler {
  readonly #timed: Record<ViewName, Timed>;

  constructor(
    readonly state: PageState,
    readonly views: {
      before: View[];
      timed: Record<ViewName, [View, number]>;
      after: View[];
    },
    /** The clock that times the views, in ms (a test gives its own). */
    readonly clock: () => number = () => performance.now(),
  ) {
    this.#timed = Object.fromEntries(
      Object.entries(views.timed).map(([name, [view, every]]) => [
        name,
        { view, every, last: 0, cost: 0 },
      ]),
    ) as Record<ViewName, Timed>;
  }

  /** Draws a frame at time `now` (ms). */
  render(now: number): void {
    const start = this.clock();
    const playing = this.state.playing;
    for (const name of this.state.takeStale()) this.#timed[name].last = 0;
    for (const v of this.views.before) v.draw();
    const wait = (v: Timed) => Math.max(v.every, 4 * v.cost);
    const due = Object.values(this.#timed).filter((v) => !playing || now - v.last >= wait(v))
      .sort((a, b) => (now - b.last - wait(b)) - (now - a.last - wait(a)));
    let drawn = 0;
    for (const v of due) {
      if (playing && drawn > 0 && this.clock() - start + v.cost > FRAME_BUDGET) break;
      const t0 = this.clock();
      v.view.draw();
      v.cost = 0.7 * v.cost + 0.3 * (this.clock() - t0);
      v.last = now;
      drawn++;
    }
    for (const v of this.views.after) v.draw();
  }

  /** Measures every view's box. */
  measure(): void {
    const all = [...this.views.before, ...Object.values(this.#timed).map((t) => t.view)];
    for (const v of [...all, ...this.views.after]) v.measure?.();
  }
}

/** Runs the page: frames while something changed or training runs, and the training slices. */
export class FrameLoop {
  readonly #speed = { epochs: 0, steps: 0, busy: 0, since: performance.now() };
  readonly #trainer = new MessageChannel();

  constructor(
    readonly state: PageState,
    readonly scheduler: Scheduler,
    readonly messages: Messages,
    /** Where the training speed is shown. */
    readonly speedBox: HTMLElement,
  ) {
    // A new network, or the same one afresh, has not diverged.
    state.on("session", () => messages.unsay("diverged"));
    state.on("reset", () => messages.unsay("diverged"));
    state.on("playing", () => {
      this.#speed.epochs = this.#speed.steps = this.#speed.busy = 0;
      this.#speed.since = performance.now();
      // The speed is of training as it runs: paused (a reset pauses too), there is none to show.
      if (!state.playing) speedBox.textContent = "";
    });
    this.#trainer.port1.onmessage = () => {
      if (!state.playing) return;
      const pace = state.session.config.pace;
      this.train(pace === 0 ? Infinity : pace, SLICE_MS);
    };
  }

  /** Starts drawing frames. */
  start(): void {
    requestAnimationFrame(this.#frame);
  }

  /** Trains one epoch, paused. */
  step(): void {
    this.state.setPlaying(false);
    this.train(1, Infinity);
    this.state.markDirty();
  }

  /** Trains at most `epochs` epochs within `budget` ms; stops with a message when it diverges. */
  train(epochs: number, budget: number): void {
    const { session } = this.state;
    const t0 = performance.now();
    const done = session.run(epochs, budget);
    this.#speed.busy += performance.now() - t0;
    this.#speed.epochs += done;
    this.#speed.steps += done * session.stepsPerEpoch;
    if (session.diverged) {
      this.state.setPlaying(false);
      this.messages.unsay("diverged");
      this.messages.say(
        `${session.diverged}. Training stopped; press Reset to start again.`,
        "error",
        "diverged",
      );
    }
  }

  #frame = (now: number): void => {
    if (this.state.takeDirty() || this.state.playing) this.scheduler.render(now);
    if (this.state.playing) {
      this.#showSpeed(now);
      this.#trainer.port2.postMessage(0);
    }
    requestAnimationFrame(this.#frame);
  };

  #showSpeed(now: number): void {
    const speed = this.#speed;
    const wall = now - speed.since;
    if (wall < 600) return;
    const perSecond = (v: number) => Math.round((v / wall) * 1000).toLocaleString("en");
    this.speedBox.textContent =
      `${perSecond(speed.epochs)} epochs/s · ${perSecond(speed.steps)} steps/s · ` +
      `training ${
        Math.round((speed.busy / wall) * 100)
      }% of the time · ${this.state.session.engine}`;
    speed.epochs = speed.steps = speed.busy = 0;
    speed.since = now;
  }
}
