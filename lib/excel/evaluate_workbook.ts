/**
 * Recalculates a planned workbook the way a spreadsheet does when a cell
 * changes: every formula, block by block in the order of the plan, with the
 * library's formula evaluator. A notebook can then change an input cell (a
 * weight, the learning rate) and read what every later cell becomes, without
 * a spreadsheet program; the test suite checks the result against LibreOffice
 * Calc.
 *
 * @module
 */
import { checkOptions, describe } from "../core/_internal.ts";
import { evaluateArrayFormula } from "./formula.ts";
import type { WorkbookPlan } from "./plan.ts";
import { columnName } from "./_sheet.ts";

/**
 * Options for {@link evaluateWorkbook}.
 *
 * @example
 * ```ts
 * import type { EvaluateWorkbookOptions } from "nn/excel";
 *
 * const options: EvaluateWorkbookOptions = { inputs: { lr: [[0]] } };
 * ```
 */
export interface EvaluateWorkbookOptions {
  /** New values for input blocks, by defined name, e.g. `{ W1_s0: [[…], […]] }`. */
  inputs?: Record<string, number[][]>;
}

/**
 * Every block of a workbook plan, recalculated: its defined name → its rows
 * of values.
 *
 * @example Set the learning rate to 0: training stands still
 * ```ts
 * import { evaluateWorkbook, planWorkbook } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 2, 1], { seed: 1 }), { X, y, lr: 0.1, steps: 2 });
 * const still = evaluateWorkbook(plan, { inputs: { lr: [[0]] } });
 * assert.deepEqual(still.get("loss_s2"), still.get("loss_s0"));
 * ```
 */
export function evaluateWorkbook(
  plan: WorkbookPlan,
  options: EvaluateWorkbookOptions = {},
): Map<string, number[][]> {
  if (!(plan?.blocks instanceof Map) || !Array.isArray(plan?.sheets)) {
    throw new TypeError(`evaluateWorkbook needs a plan from planWorkbook, got ${describe(plan)}`);
  }
  checkOptions(options, ["inputs"], "evaluateWorkbook", "{ inputs: { W1_s0: [[…]] } }");
  const inputs = options.inputs ?? {};
  for (const [name, rows] of Object.entries(inputs)) {
    const block = plan.blocks.get(name);
    if (block?.kind !== "input") {
      throw new RangeError(`${name} is not an input block of the workbook`);
    }
    const fits = Array.isArray(rows) && rows.length === block.rows &&
      rows.every((r) => Array.isArray(r) && r.length === block.cols && r.every(Number.isFinite));
    if (!fits) {
      throw new RangeError(
        `The new value of ${name} must be ${block.rows}×${block.cols} finite numbers, got ${
          describe(rows)
        }`,
      );
    }
  }
  const cells = new Map<string, number>(); // "STEP0!B20" → value
  const names = new Map<string, string>(); // "LR" → its first cell
  const values = new Map<string, number[][]>();
  for (const { name: sheet, blocks } of plan.sheets) {
    const here = sheet.toUpperCase();
    const lookup = (ref: string) =>
      cells.get(ref.includes("!") ? ref : `${here}!${ref}`) ??
        (names.has(ref) ? cells.get(names.get(ref)!) : undefined);
    for (const block of blocks) {
      const rows = Array.from(
        { length: block.rows },
        (_, i) =>
          Array.from({ length: block.cols }, (_, j) => {
            if (block.kind === "input") return inputs[block.name]?.[i][j] ?? block.value!(i, j);
            const v = evaluateArrayFormula(block.formula!(i, j), lookup);
            if (v.length !== 1 || v[0].length !== 1) {
              throw new RangeError(`${block.name}: a cell's formula gives an array`);
            }
            return v[0][0];
          }),
      );
      rows.forEach((row, i) =>
        row.forEach((v, j) => cells.set(`${here}!${columnName(block.col + j)}${block.row + i}`, v))
      );
      if (block.rows === 1 && block.cols === 1) {
        names.set(block.name.toUpperCase(), `${here}!${columnName(block.col)}${block.row}`);
      }
      values.set(block.name, rows);
    }
  }
  return values;
}
