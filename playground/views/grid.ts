// The forward pass over a grid of the input square that the boundary and the
// network share: made by whichever view draws first after the weights
// change, at the finest resolution whose pass stays quick.
import type { Tensor } from "../../lib/core/mod.ts";
import type { StageOutput } from "../../lib/core/mod.ts";
import { gridInputs, viewOutputs } from "../session.ts";
import type { PageState } from "../state.ts";

/** The grid's resolutions, finest first; the page takes the finest whose forward pass stays quick. */
const GRIDS = [40, 32, 24, 20, 16];

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
  #made: { grid: Grid; epoch: number; edits: number } | undefined;
  #level = 0;
  #cost = 0;

  constructor(readonly state: PageState) {}

  /** The grid's outputs for the current weights, computed at most once per change. */
  outputs(): Grid {
    const { session, edits } = this.state;
    const made = this.#made;
    if (
      made?.epoch === session.epoch && made.edits === edits &&
      made.grid.outs.length === session.stages.length
    ) {
      return made.grid;
    }
    const g = GRIDS[this.#level];
    const key = `${session.domain.lo}:${session.domain.hi}:${g}:${session.config.features}`;
    if (this.#inputs?.key !== key) {
      this.#inputs = { key, X: session.inputs(gridInputs(session.domain, g)) };
    }
    const t0 = performance.now();
    const outs = viewOutputs(session.stages, this.#inputs.X);
    // A large network makes the grid's forward pass slow: use a coarser grid while it is.
    this.#cost = 0.8 * this.#cost + 0.2 * (performance.now() - t0);
    if (this.#cost > 5 && this.#level < GRIDS.length - 1) this.#level++, this.#cost = 0;
    else if (this.#cost < 1.2 && this.#level > 0) this.#level--, this.#cost = 2;
    this.#made = { grid: { g, X: this.#inputs.X, outs }, epoch: session.epoch, edits };
    return this.#made.grid;
  }
}
