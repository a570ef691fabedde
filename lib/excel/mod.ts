/**
 * Excel twins: workbooks in which a network trains in live formulas, planned
 * from the same stages and activation table as the code and written with the
 * `exceljs` package, and a small evaluator for the formulas this library
 * writes. Planning needs nothing; writing needs `--allow-env --allow-sys`
 * (exceljs reads the environment when it loads).
 *
 * @example Plan the XOR network's workbook and read one formula
 * ```ts
 * import { planWorkbook } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 1 });
 * assert.match(plan.blocks.get("dZ1_s0")!.formula!(0, 0), /IF\(/);
 * ```
 *
 * @module
 */
export * from "./planning.ts";
export {
  exportActivationsWorkbook,
  exportSoftmaxWorkbook,
  exportWorkbook,
  type SoftmaxWorkbookOptions,
} from "./write.ts";
