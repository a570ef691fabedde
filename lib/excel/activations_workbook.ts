/**
 * The activations workbook: every activation of the activation table and its
 * derivative as live formulas of a column of inputs.
 *
 * @module
 */
import { type ActivationName, ACTIVATIONS } from "../core/mod.ts";
import { cellAddress, type WorkbookBlock, type WorkbookPlan } from "./plan.ts";

/**
 * Plans the activations workbook: a column of inputs x and, beside it, every
 * activation and its derivative as a formula of x (the formulas of
 * {@link ACTIVATIONS}, plus ReLU written as MAX(0,x)).
 *
 * @example
 * ```ts
 * import { planActivationsWorkbook } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * const plan = planActivationsWorkbook([-1, 0, 1]);
 * assert.equal(plan.blocks.get("f_relu")!.formula!(0, 0), "IF(B4>0,B4,0)");
 * assert.equal(plan.blocks.get("df_relu")!.formula!(2, 0), "IF(B6>0,1,0)");
 * ```
 */
export function planActivationsWorkbook(
  grid: number[] = [-4, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 4],
): WorkbookPlan {
  if (
    !Array.isArray(grid) || grid.length === 0 || grid.length > 200 || !grid.every(Number.isFinite)
  ) {
    throw new RangeError("The activations workbook needs 1 to 200 finite inputs");
  }
  const sheet = "activations";
  const blocks = new Map<string, WorkbookBlock>();
  const x: WorkbookBlock = {
    name: "x",
    base: "x",
    sheet,
    row: 4,
    col: 2,
    rows: grid.length,
    cols: 1,
    maths: "x",
    note: "Inputs: change them freely.",
    kind: "input",
    value: (i) => grid[i],
  };
  blocks.set("x", x);
  const columns: [string, string, string][] = [];
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    columns.push([`f_${name}`, `${name}(x)`, ACTIVATIONS[name].excel]);
    if (name === "relu") columns.push(["f_relu_max", "relu(x) as MAX", "MAX(0,A1)"]);
    columns.push([`df_${name}`, `${name}′(x)`, ACTIVATIONS[name].excelDerivative]);
  }
  columns.forEach(([name, maths, formula], c) => {
    blocks.set(name, {
      name,
      base: name,
      sheet,
      row: 4,
      col: 3 + c,
      rows: grid.length,
      cols: 1,
      maths,
      note: `=${formula.replaceAll("A1", "x")} in every row`,
      kind: "formula",
      formula: (i) => formula.replaceAll("A1", cellAddress(x, i, 0, sheet)),
    });
  });
  return {
    sheets: [{
      name: sheet,
      title: "Activation functions and their derivatives",
      blocks: [...blocks.values()],
      layout: "columns",
    }],
    blocks,
  };
}
