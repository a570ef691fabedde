/**
 * The part of `nn/excel` that needs no package at all: planning the
 * workbooks (every block and formula of the training, activations and
 * softmax twins) and evaluating their formulas. A browser page imports this
 * entry (the playground does) so as not to bundle `exceljs`, which only
 * writing an `.xlsx` file needs; `nn/excel` is this plus the writers.
 *
 * @example Plan the XOR workbook without writing a file
 * ```ts
 * import { planWorkbook } from "nn/excel/planning";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 2 });
 * assert.ok(plan.sheets.length > 0);
 * ```
 *
 * @module
 */
export {
  blockRange,
  cellAddress,
  COLOR_SCALE,
  colorScaleFill,
  planWorkbook,
  WORKBOOK_LIMITS,
  type WorkbookBlock,
  type WorkbookOptions,
  type WorkbookPlan,
} from "./plan.ts";
export { planActivationsWorkbook } from "./activations_workbook.ts";
export { planSoftmaxWorkbook } from "./softmax_workbook.ts";
export { evaluateArrayFormula, evaluateFormula, type FormulaCells } from "./formula.ts";
export { evaluateWorkbook, type EvaluateWorkbookOptions } from "./evaluate_workbook.ts";
