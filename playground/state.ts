// What the page holds between frames, in one object: the training session,
// whether it trains, what the pointer points at, and the views' options. It
// touches no DOM: the controls write it, the views read it, and a change
// that needs a redraw says so with `markDirty` (or `invalidate`, for a view
// that must be redrawn in the next frame even while training).
import type { Config } from "./config.ts";
import type { UnitRef, WeightRef } from "./network_view.ts";
import { Session } from "./session.ts";

/** The views that the frame loop draws when they are due. */
export const VIEW_NAMES = [
  "boundary",
  "network",
  "chart",
  "hidden",
  "gradients",
  "formula",
] as const;
export type ViewName = typeof VIEW_NAMES[number];

/** A weight or a bias of stage l (0-based): W[i][j], or b[j] (then i is 0). */
export interface WeightTarget {
  kind: "W" | "b";
  l: number;
  i: number;
  j: number;
}

/** How the views show things: the reader sets these with the checkboxes and menus. */
export interface ViewOptions {
  /** Test points drawn as rings beside the training points. */
  showTest: boolean;
  /** The boundary as two flat colours rather than a shading of the probability. */
  discretize: boolean;
  /** The loss chart's value axis as the reader chose it; undefined until they choose. */
  logScale: boolean | undefined;
  /** The hidden space shown: layer (1-based) and the units on its axes (1-based). */
  hidden: { layer: number; u: number; v: number };
  /** What a click on the boundary does: add a point of that class, or pin the probe. */
  clickAdds: number | undefined;
  /** Full-batch steps the exported workbook takes. */
  workbookSteps: number;
}

/** What the page tells its parts about: a new session, a retuned one, play or pause, a reset. */
export type PageEvent = "session" | "config" | "playing" | "reset";

export class PageState {
  #session: Session | undefined;
  /** Whether training runs, a slice after every frame. */
  playing = false;
  /** The input whose formula is shown, and whether a click pinned it. */
  probe: [number, number] = [0, 0];
  probePinned = false;
  /** The unit whose formula is shown: stage l (0-based; the last is the output), unit j. */
  focus = { l: 0, j: 0 };
  /** The weight under the pointer on the network. */
  hoverWeight: WeightRef | undefined;
  /** The unit under the pointer on the network, whose output the big plot shows meanwhile. */
  preview: UnitRef | undefined;
  /** The weight or bias being typed in the editor. */
  editing: WeightTarget | undefined;
  /** The point of the loss chart under the pointer, as an index into the history. */
  chartHover: number | undefined;
  /** Counts changes of the weights other than training (a new network, a reset, an edit by hand). */
  edits = 0;
  readonly options: ViewOptions = {
    showTest: true,
    discretize: false,
    logScale: undefined,
    hidden: { layer: 1, u: 1, v: 2 },
    clickAdds: undefined,
    workbookSteps: 20,
  };
  #dirty = true;
  #stale = new Set<ViewName>();
  #listeners = new Map<PageEvent, (() => void)[]>();

  /** The session trained and shown; there is one from the first `setSession` on. */
  get session(): Session {
    if (!this.#session) throw new Error("The page has no session yet: call setSession first");
    return this.#session;
  }

  /** Calls `listener` after every `event`, in the order the listeners were added. */
  on(event: PageEvent, listener: () => void): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
  }

  #emit(event: PageEvent): void {
    for (const f of this.#listeners.get(event) ?? []) f();
  }

  /** Asks for a redraw in the next frame. */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Asks for a redraw of one view, or of all, in the next frame, even while training. */
  invalidate(view?: ViewName): void {
    for (const v of view ? [view] : VIEW_NAMES) this.#stale.add(v);
    this.#dirty = true;
  }

  /** Whether a redraw was asked for since the last call; clears the request. */
  takeDirty(): boolean {
    const dirty = this.#dirty;
    this.#dirty = false;
    return dirty;
  }

  /** The views invalidated since the last call; clears them. */
  takeStale(): ViewName[] {
    const stale = [...this.#stale];
    this.#stale.clear();
    return stale;
  }

  /** Shows a new session: the probe, the focus and the pointer's targets start afresh. */
  setSession(next: Session, options: { keepPlaying?: boolean } = {}): void {
    this.#session = next;
    this.edits++;
    if (!options.keepPlaying) this.setPlaying(false);
    this.probe = [next.train.X.data[0], next.train.X.data[1]];
    this.probePinned = false;
    this.focus = { l: next.stages.length - 1, j: 0 };
    this.editing = undefined;
    this.hoverWeight = undefined;
    this.#emit("session");
    this.invalidate();
  }

  /** A new session for a changed configuration, keeping the current own points. */
  rebuild(changes: Partial<Config>, points = this.session.points): void {
    const config = { ...this.session.config, ...changes };
    if (config.data !== "own") points = undefined;
    this.setSession(new Session(config, points));
  }

  /** Changes what training does from now on, keeping the weights. */
  retune(changes: Parameters<Session["retune"]>[0]): void {
    this.session.retune(changes);
    this.#emit("config");
    this.markDirty();
  }

  /** Pauses and starts the network afresh from its initial weights. */
  reset(): void {
    this.setPlaying(false);
    this.session.reset();
    this.edits++;
    this.#emit("reset");
    this.markDirty();
  }

  /** Pauses and goes back to the weights the session kept at `epoch` (see Session.rewind). */
  rewind(epoch: number): void {
    this.setPlaying(false);
    this.session.rewind(epoch);
    this.edits++;
    this.#emit("reset");
    this.invalidate();
  }

  /** Records a weight changed by hand. */
  weightsEdited(): void {
    this.session.record();
    this.edits++;
    this.markDirty();
  }

  /** Starts or pauses training; a diverged session does not start. */
  setPlaying(on: boolean): void {
    this.playing = on && !this.#session?.diverged;
    this.#emit("playing");
    this.markDirty();
  }

  /** The unit whose formula is shown, moved to the output's when the network no longer has it. */
  focusedUnit(): { l: number; j: number } {
    const { stages } = this.session;
    if (this.focus.l >= stages.length || this.focus.j >= stages[this.focus.l].layer.W.cols) {
      this.focus = { l: stages.length - 1, j: 0 };
    }
    return this.focus;
  }
}
