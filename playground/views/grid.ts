// The forward pass over a grid of the input square that the boundary and the
// network share: made by whichever view draws first after the weights
// change, at the finest resolution whose pass stays quick.
import type { Tensor } from "../../lib/core/mod.ts";
import type { StageOutput } from "../../lib/core/mod.ts";
import { gridInputs, viewOutputs } from "../session.ts";
import type { PageState } from "../state.ts";

/** The grid's resolutions, finest first; the page takes the finest whose forward pass stays quick. */
export const GRIDS = [40, 32, 24, 20, 16];
/** The time a grid's forward pass should take, in ms. */
const GRID_MS = 4;

/**
 * The finest grid whose pass is expected to take at most `budget` ms, at
 * `msPerRow` ms per row of the last pass; a finer grid than `current` only
 * when it would take at most half the budget, so that the resolution does
 * not flicker between two.
 */
export function chooseGrid(msPerRow: number, current: number, budget = GRID_MS): number {
  return GRIDS.find((g) => g * g * msPerRow <= (g > current ? budget / 2 : budget)) ??
    GRIDS.at(-1)!;
}

/**
 * A g×g grid of points, row by row from the top, as the network's inputs (a row of features
 * each), and every stage's output for it.
 */
export interface Grid {
  g: number;
  X: Tensor;
  outs: StageOutput[];
}

export class GridPass {
  #inputs: { key: string; X: Tensor } | undefined;
  #made: { grid: Grid; steps: number; edits: number } | undefined;
  #g = GRIDS[0];
  /** The last pass's time per grid row, in ms. */
  #msPerRow = 0;

  constructor(readonly state: PageState) {}

  /** The grid's outputs for the current weights, computed at most once per change. */
  outputs(): Grid {
    const { session, edits } = this.state;
    const made = this.#made;
    // Training changes the weights at every step, which may stop within an epoch.
    if (
      made?.steps === session.steps && made.edits === edits &&
      made.grid.outs.length === session.stages.length
    ) {
      return made.grid;
    }
    const g = this.#g;
    const key = `${session.domain.lo}:${session.domain.hi}:${g}:${session.config.features}`;
    if (this.#inputs?.key !== key) {
      this.#inputs = { key, X: session.inputs(gridInputs(session.domain, g)) };
    }
    const t0 = performance.now();
    const outs = viewOutputs(session.stages, this.#inputs.X);
    // A large network makes the grid's forward pass slow: the next pass takes a coarser grid.
    this.#msPerRow = (performance.now() - t0) / (g * g);
    this.#g = chooseGrid(this.#msPerRow, g);
    this.#made = { grid: { g, X: this.#inputs.X, outs }, steps: session.steps, edits };
    return this.#made.grid;
  }
}
