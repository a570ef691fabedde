/**
 * Writing workbooks as `.xlsx` bytes, with the `exceljs` package: the plans
 * of `plan.ts` and `activations_workbook.ts` become sheets with coloured
 * input and formula cells, a note on every block and a defined name for it.
 *
 * @module
 */
import { ACTIVATIONS, type Layer, type Tensor } from "../core/mod.ts";
import {
  blockRange,
  COLOR_SCALE,
  planWorkbook,
  type WorkbookOptions,
  type WorkbookPlan,
} from "./plan.ts";
import { planActivationsWorkbook } from "./activations_workbook.ts";
import { planSoftmaxWorkbook } from "./softmax_workbook.ts";
import { evaluateWorkbook } from "./evaluate_workbook.ts";

const TRAINING_README = [
  "This workbook trains a small neural network with live formulas. Nothing in it is a pasted result:",
  "every number after the first parameters is computed by the spreadsheet from the cells it refers to.",
  "",
  "Sheets",
  "  data        X (inputs), y (targets) and lr (learning rate), as values.",
  "  step0       the initial weights and biases, the forward pass, the loss, every gradient and the SGD update.",
  "  gradients   every weight and bias of step0 beside its gradient, coloured by sign, and the nudge test:",
  "              change one weight on step0 a little, and loss_s0 changes by about its gradient times the change.",
  "  step1, …    the same as step0, starting from the previous step's updated parameters.",
  "",
  "Colours",
  "  yellow      inputs: values you may change (data, and the parameters on step0).",
  "  blue        formulas: computed from other cells. Change an input and all of them follow.",
  "",
  "Names (Formulas > Name Manager, or the Name Box at the top left)",
  "  Every block has a defined name from the code's glossary with the step as suffix:",
  "  X, y, lr; W1_s0, b1_s0 (parameters); Z1_s0 (pre-activations); A1_s0 (activations);",
  "  yHat_s0 (predictions); loss_s0; dYHat_s0, dZ1_s0, dA1_s0, dW1_s0, db1_s0 (gradients);",
  "  W1_new_s0, b1_new_s0 (after the SGD update). Deeper networks continue with W3, b3, ….",
  "",
  "Shapes follow the code: X is samples × inputs, W1 is inputs × hidden units, b1 is one row.",
  "Each block's title row says its maths; hover over it for a note in plain words.",
  "Watch loss_s0, loss_s1, … fall: that is the network learning.",
];

/**
 * Writes the workbook of a network as `.xlsx` bytes (see {@link planWorkbook}).
 * Needs the `exceljs` package, which reads the environment when it loads, so
 * the calling program needs `--allow-env --allow-sys`.
 *
 * @example The XOR network, 10 steps
 * ```ts
 * import { exportWorkbook } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const bytes = await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 10 });
 * assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK"); // an .xlsx is a zip archive
 * // await Deno.writeFile("xor.xlsx", bytes);
 * ```
 */
export async function exportWorkbook(net: Layer, options: WorkbookOptions): Promise<Uint8Array> {
  // async, so that a refusal of the plan rejects the promise instead of throwing before it exists.
  return await writeWorkbook(planWorkbook(net, options), TRAINING_README);
}

/**
 * Writes a planned workbook: a README sheet from the given lines, then every planned sheet. Each
 * formula cell also carries its value, computed by the library's own evaluator, so that a viewer
 * that computes nothing (a file preview, a mail attachment, a learning platform) shows numbers;
 * a spreadsheet program still recalculates everything when it opens the file.
 */
async function writeWorkbook(plan: WorkbookPlan, readme: string[]): Promise<Uint8Array> {
  const values = evaluateWorkbook(plan);
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "nn";
  wb.calcProperties.fullCalcOnLoad = true;
  const inputFill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } } as const;
  const formulaFill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;
  const intro = wb.addWorksheet("README");
  intro.getCell("A1").value = "How to read this workbook";
  intro.getCell("A1").font = { bold: true, size: 14 };
  readme.forEach((line, i) => (intro.getCell(`A${i + 3}`).value = line));
  intro.getColumn(1).width = 110;
  for (const sheetPlan of plan.sheets) {
    const ws = wb.addWorksheet(sheetPlan.name);
    const columns = sheetPlan.layout === "columns";
    ws.getColumn(1).width = columns ? 4 : 34;
    ws.getCell("A1").value = sheetPlan.title;
    ws.getCell("A1").font = { bold: true, size: 14 };
    (sheetPlan.lines ?? []).forEach((line, i) => (ws.getCell(3 + i, 1).value = line));
    const first = Math.min(...sheetPlan.blocks.map((b) => b.col));
    for (const block of sheetPlan.blocks) {
      // The title sits above the block: in column A for stacked blocks, over the block for a
      // column or a block placed beside another.
      const above = columns || block.col > first;
      const title = ws.getCell(block.row - 1, above ? block.col : 1);
      title.value = columns ? block.maths : `${block.name}: ${block.maths}`;
      title.font = { bold: true };
      title.note = block.note;
      for (let i = 0; i < block.rows; i++) {
        if (!above) {
          const label = ws.getCell(block.row + i, 1);
          label.value = block.rows > 1 ? `${block.base} row ${i + 1}` : block.base;
          label.font = { color: { argb: "FF777777" } };
        }
        for (let j = 0; j < block.cols; j++) {
          const cell = ws.getCell(block.row + i, block.col + j);
          if (block.kind === "input") {
            cell.value = block.value!(i, j);
            cell.fill = inputFill;
          } else {
            const result = values.get(block.name)![i][j];
            // A non-finite value has no cell value in a file: such a cell is left to the program.
            cell.value = (Number.isFinite(result)
              ? { formula: block.formula!(i, j), result }
              : { formula: block.formula!(i, j) }) as never;
            cell.fill = formulaFill;
          }
          cell.numFmt = "0.000000";
        }
      }
      wb.definedNames.add(blockRange(block), block.name);
    }
    if (sheetPlan.colorScale?.length) {
      addColorScale(ws, plan, sheetPlan.colorScale);
      // A map to see whole: printed (or saved as PDF) one page wide.
      ws.pageSetup = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
    }
    for (let c = 2; c <= 24; c++) ws.getColumn(c).width = columns ? 16 : 13;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * One three-colour scale over the named blocks of a sheet: red at −m, white at 0, blue at +m, where
 * m is the largest absolute value among them, recomputed by the spreadsheet (a formula, not a
 * number) so that the colours follow the values.
 */
function addColorScale(
  ws: { addConditionalFormatting(cf: unknown): void },
  plan: WorkbookPlan,
  names: string[],
): void {
  // Each block's range on its own sheet, one cell written as one cell: $D$30 rather than $D$30:$D$30.
  const ranges = names.map((n) =>
    blockRange(plan.blocks.get(n)!).split("!")[1].replace(/^([^:]+):\1$/, "$1")
  );
  const m = `MAX(MAX(${ranges.join(",")}),-MIN(${ranges.join(",")}))`;
  ws.addConditionalFormatting({
    ref: ranges.map((r) => r.replaceAll("$", "")).join(" "),
    rules: [{
      type: "colorScale",
      priority: 1,
      cfvo: [{ type: "formula", value: `-${m}` }, { type: "num", value: 0 }, {
        type: "formula",
        value: m,
      }],
      color: [COLOR_SCALE.negative, COLOR_SCALE.zero, COLOR_SCALE.positive].map((c) => ({
        argb: `FF${c}`,
      })),
    }],
  });
}

/** The activations workbook's README lines, naming the columns from the activation table. */
function activationsReadme(): string[] {
  const names = Object.keys(ACTIVATIONS).flatMap((n) =>
    n === "relu" ? [`f_${n}`, `f_${n}_max`, `df_${n}`] : [`f_${n}`, `df_${n}`]
  );
  return [
    "Each activation function and its derivative as a live formula of the input in column B.",
    "Column x holds the inputs (yellow): change any of them and every formula in its row follows.",
    `Each column has a defined name: x, then ${names.join(", ")}.`,
    "These are the formulas the training workbooks use for the forward pass (f) and for",
    "backpropagation (df, for ReLU the mask IF(Z>0,1,0)). Hover over a column's title for its formula.",
  ];
}

/**
 * Writes the activations workbook (see {@link planActivationsWorkbook}) as
 * `.xlsx` bytes. Needs `--allow-env --allow-sys`, like {@link exportWorkbook}.
 *
 * @example
 * ```ts
 * import { exportActivationsWorkbook } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * const bytes = await exportActivationsWorkbook();
 * assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK");
 * ```
 */
export async function exportActivationsWorkbook(grid?: number[]): Promise<Uint8Array> {
  return await writeWorkbook(planActivationsWorkbook(grid), activationsReadme());
}

/**
 * Writes the softmax workbook (see {@link planSoftmaxWorkbook}) as `.xlsx`
 * bytes: scores and one-hot labels as values, softmax, the cross-entropy and
 * the predicted class as live formulas. Needs `--allow-env --allow-sys`, like
 * {@link exportWorkbook}.
 *
 * @example
 * ```ts
 * import { exportSoftmaxWorkbook } from "nn/excel";
 * import { Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const bytes = await exportSoftmaxWorkbook(Tensor.from([[2, 1, 0], [0, 0, 3]]), [0, 2]);
 * assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK");
 * ```
 */
export async function exportSoftmaxWorkbook(
  Z: Tensor,
  labels: ArrayLike<number>,
): Promise<Uint8Array> {
  const plan = planSoftmaxWorkbook(Z, labels);
  return await writeWorkbook(plan, [
    "A classifier's last step, in live formulas: one sample per row.",
    "Z (yellow) holds the model's scores, one column per class; Y (yellow) the one-hot labels.",
    "P = softmax(Z): e^(z − max) over the row's sum of e^(z − max), so each row is positive and adds up to 1.",
    "loss: the cross-entropy −ln p of the label, written max + ln Σ e^(z − max) − Σ y·z, which never overflows.",
    "predicted: the class with the largest score, counted from 0. meanLoss: the mean of the loss column.",
    "Each block has a defined name: Z, Y, P, loss, predicted, meanLoss. Change a score and watch them follow.",
  ]);
}
