// The frame loop: each frame draws what is due and then asks for one short
// training slice, which runs as its own task right after it, so that neither
// the drawing nor the training blocks the page for long. A slice stops within
// an epoch when its time is up; scoring runs in pieces beside it, on a
// schedule rather than after every slice. Paused, the page finishes the
// epoch under way (and Step trains one), a slice at a time, and scores the
// weights it stopped at.
import type { Messages } from "./messages.ts";
import type { PageState, ViewName } from "./state.ts";

/** Time for training in one task: with the drawing, a frame stays well under 50 ms. */
const SLICE_MS = 8;
/** Time for scoring in a training task, in ms. */
const SCORE_MS = 4;
/**
 * While training, a new scoring starts this many ms after the last one ended,
 * or after four times its cost if that is longer, so that scoring takes at
 * most a fifth of the time.
 */
const SCORE_EVERY = 200;
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
  /** The epoch that training runs to while paused (after Step, or a pause within an epoch). */
  #target: number | undefined;
  /** Whether a task is asked for and has not run yet. */
  #posted = false;
  /** When the last scoring ended, in ms. */
  #scored = 0;

  constructor(
    readonly state: PageState,
    readonly scheduler: Scheduler,
    readonly messages: Messages,
    /** Where the training speed is shown. */
    readonly speedBox: HTMLElement,
  ) {
    // A new network, or the same one afresh, has not diverged, and has nothing to finish.
    for (const event of ["session", "reset"] as const) {
      state.on(event, () => {
        messages.unsay("diverged");
        this.#target = undefined;
      });
    }
    state.on("playing", () => {
      this.#speed.epochs = this.#speed.steps = this.#speed.busy = 0;
      this.#speed.since = performance.now();
      const { session } = state;
      if (state.playing) this.#target = undefined;
      else {
        // The speed is of training as it runs: paused (a reset pauses too), there is none to show.
        speedBox.textContent = "";
        // Paused within an epoch, training finishes it, so that the page rests between epochs.
        // (A diverged network stays where it stopped, within its epoch.)
        if (session.midEpoch && !session.diverged && this.#target === undefined) {
          this.#target = session.epoch + 1;
        }
        // A diverged network does not train: the page says why whenever asked to.
        if (session.diverged) this.#sayDiverged();
        this.#post();
      }
    });
    this.#trainer.port1.onmessage = () => this.#task();
  }

  /** Starts drawing frames. */
  start(): void {
    requestAnimationFrame(this.#frame);
  }

  /**
   * Pauses and trains one more epoch, a slice per task (the one under way
   * first, if pausing left one). A diverged network trains no more, and the
   * page says why.
   */
  step(): void {
    const { session } = this.state;
    this.state.setPlaying(false);
    if (session.diverged) return;
    this.#target = (this.#target ?? session.epoch) + 1;
    this.#post();
    this.state.markDirty();
  }

  /** Whether training runs to an epoch while paused (after Step, or a pause within an epoch). */
  get finishing(): boolean {
    return this.#target !== undefined;
  }

  /** Trains at most `epochs` epochs within `budget` ms; stops with a message when it diverges. */
  train(epochs: number, budget: number): void {
    const { session } = this.state;
    const t0 = performance.now(), steps = session.steps;
    const done = session.run(epochs, budget);
    this.#speed.busy += performance.now() - t0;
    this.#speed.epochs += done;
    this.#speed.steps += session.steps - steps;
    if (session.diverged) {
      this.#target = undefined;
      this.state.setPlaying(false);
      this.state.markDirty();
    }
  }

  #sayDiverged(): void {
    const { diverged, rewindable } = this.state.session;
    // Rewind offers the kept epochs before the weights that diverged; there may be none.
    const earlier = rewindable.length > 0;
    this.messages.unsay("diverged");
    this.messages.say(
      `${diverged}. Training stopped; press Reset to start again.${
        earlier ? " Rewind goes back to an epoch before it." : ""
      }`,
      "error",
      "diverged",
    );
  }

  /** Asks for a task of training or scoring, unless one is asked for already. */
  #post(): void {
    if (this.#posted) return;
    this.#posted = true;
    this.#trainer.port2.postMessage(0);
  }

  /** One task: a training slice when training runs, then a piece of scoring when one is due. */
  #task(): void {
    this.#posted = false;
    const { state } = this, { session } = state;
    if (state.playing) {
      const pace = session.config.pace;
      this.train(pace === 0 ? Infinity : pace, SLICE_MS);
    } else if (this.#target !== undefined) {
      this.train(Math.max(1, this.#target - session.epoch), SLICE_MS);
      if (this.#target !== undefined && session.epoch >= this.#target) this.#target = undefined;
      state.markDirty();
    }
    // At rest, the weights training stopped at are scored at once, a task's time at a time;
    // while training, every so often, beside the training slices.
    const resting = !state.playing && this.#target === undefined;
    const now = performance.now();
    if (
      resting || session.scoringUnderWay ||
      now - this.#scored >= Math.max(SCORE_EVERY, 4 * session.scoringCost)
    ) {
      if (session.scoreSome(resting ? SLICE_MS : SCORE_MS)) {
        this.#scored = performance.now();
        state.markDirty();
      }
    }
    // While training, each frame asks for the next task; paused, the tasks ask for each other.
    if (!state.playing && (this.#target !== undefined || session.unscored)) this.#post();
  }

  #frame = (now: number): void => {
    if (this.state.takeDirty() || this.state.playing) this.scheduler.render(now);
    if (this.state.playing) this.#showSpeed(now);
    // Training, finishing an epoch, or weights not yet scored (after an edit, say): a task for them.
    if (this.state.playing || this.#target !== undefined || this.state.session.unscored) {
      this.#post();
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
