// The small sheet builder that the workbook planners share: blocks stacked
// down a sheet, two rows apart, each registered under its defined name, and
// the cell and range addresses that formulas use to refer to them.
import type { WorkbookBlock, WorkbookPlan } from "./plan.ts";

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnName(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) {
    s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  }
  return s;
}

/** Cell (i, j) of a block, as written in a formula on `fromSheet`. */
export function cellOf(block: WorkbookBlock, i: number, j: number, fromSheet: string): string {
  const a = `${columnName(block.col + j)}${block.row + i}`;
  return block.sheet === fromSheet ? a : `${block.sheet}!${a}`;
}

/** Rows r0…r1 and columns c0…c1 of a block (default: all of it), as written on `fromSheet`. */
export function rangeOf(
  block: WorkbookBlock,
  fromSheet: string,
  r0 = 0,
  c0 = 0,
  r1 = block.rows - 1,
  c1 = block.cols - 1,
): string {
  const a = `${columnName(block.col + c0)}${block.row + r0}:${columnName(block.col + c1)}${
    block.row + r1
  }`;
  return block.sheet === fromSheet ? a : `${block.sheet}!${a}`;
}

/** What a planner says about a block; the builder decides where it goes. */
export type BlockSpec = Omit<WorkbookBlock, "sheet" | "row" | "col">;

/** Stacks blocks down sheets, column B onwards, with a title row above each. */
export class SheetBuilder {
  readonly sheets: WorkbookPlan["sheets"] = [];
  readonly blocks = new Map<string, WorkbookBlock>();
  #sheet = "";
  #nextRow = 0;

  /** The sheet blocks are being added to. */
  get sheet(): string {
    return this.#sheet;
  }

  /**
   * Starts a new sheet; its title goes in A1, the lines of text below it from row 3 on, and its
   * first block's title in the row after them (row 3 when there are none).
   */
  startSheet(name: string, title: string, lines: string[] = []): void {
    this.#sheet = name;
    this.#nextRow = 3 + (lines.length > 0 ? lines.length + 1 : 0);
    this.sheets.push({ name, title, blocks: [], ...(lines.length > 0 ? { lines } : {}) });
  }

  /** Places a block below the previous one and registers it under its name. */
  add(spec: BlockSpec): WorkbookBlock {
    const block: WorkbookBlock = { ...spec, sheet: this.#sheet, row: this.#nextRow + 1, col: 2 };
    this.#nextRow += spec.rows + 2;
    this.blocks.set(block.name, block);
    this.sheets.at(-1)!.blocks.push(block);
    return block;
  }

  /**
   * Places a block to the right of `left`, one empty column between them, on the same rows; its
   * title goes above it. It may not be taller than `left`, whose rows it shares.
   */
  addBeside(spec: BlockSpec, left: WorkbookBlock): WorkbookBlock {
    if (left.sheet !== this.#sheet || spec.rows > left.rows) {
      throw new RangeError(`${spec.name} cannot go beside ${left.name}`);
    }
    const block: WorkbookBlock = {
      ...spec,
      sheet: this.#sheet,
      row: left.row,
      col: left.col + left.cols + 1,
    };
    this.blocks.set(block.name, block);
    this.sheets.at(-1)!.blocks.push(block);
    return block;
  }

  /** A block added earlier, by name. */
  get(name: string): WorkbookBlock | undefined {
    return this.blocks.get(name);
  }

  /** The finished plan. */
  plan(): WorkbookPlan {
    return { sheets: this.sheets, blocks: this.blocks };
  }
}
