/**
 * Writing workbooks as `.xlsx` bytes, with the `exceljs` package: the plans
 * of `plan.ts` and `activations_workbook.ts` become sheets with coloured
 * input and formula cells, a note on every block and a defined name for it.
 *
 * @module
 */
import {
  ActivationLayer,
  type ActivationName,
  ACTIVATIONS,
  fit,
  type Layer,
  Linear,
  linearStagesOf,
  Sequential,
  type Tensor,
  TrainingDivergedError,
} from "../core/mod.ts";
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
import { checkOptions, describe } from "../core/_internal.ts";

/**
 * The training workbook's README: how to read it, and what its loss does with the values it was
 * written with (a sentence about the loss must be true of this workbook, not of training in general).
 */
function trainingReadme(
  plan: WorkbookPlan,
  values: Map<string, number[][]>,
  options: WorkbookOptions,
  net: Layer,
): string[] {
  const steps = plan.sheets.filter((s) => /^step\d+$/.test(s.name)).length - 1;
  const losses = Array.from({ length: steps + 1 }, (_, k) => values.get(`loss_s${k}`)![0][0]);
  const shown = (k: number) => `loss_s${k} = ${formatLoss(losses[k])}`;
  const listed = steps <= 20
    ? losses.map((_, k) => shown(k))
    : [0, 1, 2, 3, 4].map(shown).concat("…", shown(steps));
  const diverged = losses.findIndex((v) => !Number.isFinite(v));
  const rises = losses.flatMap((v, k) => (k > 0 && v > losses[k - 1] ? [k] : []));
  const trend = diverged >= 0
    ? `From step ${diverged} on the loss is not a finite number (the spreadsheet shows an error): training diverged.`
    : rises.length === 0
    ? "It falls at every step."
    : losses[steps] < losses[0]
    ? `It ends lower than it started, but not at every step: it rises at step${
      rises.length > 1 ? "s" : ""
    } ${rises.join(", ")}.`
    : `It ends no lower than it started: it rises at step${rises.length > 1 ? "s" : ""} ${
      rises.join(", ")
    }.`;
  // The README points to the gradients sheet's sentence about kinks only when that sheet has one.
  const kinked =
    plan.sheets.find((s) => s.name === "gradients")?.lines?.some((l) => l.includes("kink")) ??
      false;
  const y = options.y;
  // Under MSE, the best prediction that ignores the input is the mean of y: its loss is y's variance.
  const baseline = (options.loss ?? "mse") !== "mse" ? [] : [
    `Predicting the mean of y for every sample, whatever its input, gives a loss of ${
      formatLoss(meanVariance(y))
    }: a loss near that means the predictions are little better than that constant.`,
  ];
  return [
    "This workbook trains a small neural network in live formulas, one sheet per SGD step. Apart from the",
    "inputs (X, y, lr and the starting weights and biases), every number is a formula that the spreadsheet",
    "computes.",
    "",
    "Sheets",
    "  data        X (inputs), y (targets) and lr (learning rate), as values.",
    "  step0       the starting weights and biases, the forward pass, the loss, every gradient and the SGD update.",
    "  gradients   every weight and bias of step0 beside its gradient, coloured by sign, and the nudge test:",
    "              change one weight on step0 a little, and loss_s0 changes by about its gradient times the change" +
    (kinked ? "" : "."),
    ...(kinked
      ? ["              (away from a kink at 0, where the sheet says it can differ)."]
      : []),
    "  step1, …    the same as step0, starting from the previous step's updated parameters.",
    "",
    "Colours",
    "  yellow      inputs: values you may change (on data, and the weights and biases on step0).",
    "  light blue  formulas: computed from other cells. Change an input and every formula that depends on it follows.",
    "  red, blue   on the gradients sheet, the gradients: red below 0, white at 0, blue above 0.",
    "",
    "Names (Excel: Formulas > Name Manager; LibreOffice: Sheet > Named Ranges and Expressions > Manage;",
    "or the Name Box at the top left in either)",
    "  Every block has a defined name. On data: X, y, lr. On each step sheet, the code's glossary name with",
    "  the step as suffix; on step0:",
    ...blockNames(plan, options.loss ?? "mse").map((line) => `    ${line}`),
    "  On gradients: map_ and the name without the suffix (map_W1, map_dW1, …), and map_loss.",
    "",
    "Shapes follow the code: X is samples × inputs, W1 is inputs × the first layer's units, b1 is one row.",
    "Each block's title says its maths; hover over it for a note in plain words.",
    "",
    "The loss, as this workbook was written (change an input and it changes too):",
    // Six to a line, so that the list reads without scrolling sideways.
    ...Array.from(
      { length: Math.ceil(listed.length / 6) },
      (_, r) =>
        `  ${listed.slice(6 * r, 6 * r + 6).join(", ")}${6 * r + 6 >= listed.length ? "." : ","}`,
    ),
    trend,
    ...baseline,
    ...classification(net, values, options, steps),
  ];
}

/** The names of step0's blocks, grouped by what they hold, as the plan has them. */
function blockNames(plan: WorkbookPlan, loss: string): string[] {
  const groups: [RegExp, string][] = [
    [/^[Wb]\d+$/, "parameters"],
    [/^Z\d+$/, "pre-activations"],
    [/^A\d+$/, "activations"],
    [/^yHat$/, loss === "mse" ? "predictions" : "logits"],
    [/^loss$/, "the loss"],
    [/^d/, "gradients"],
    [/_new$/, "after the SGD update"],
  ];
  const blocks = [...plan.blocks.values()].filter((b) => b.sheet === "step0");
  return groups.flatMap(([pattern, what]) => {
    const names = blocks.filter((b) => pattern.test(b.base)).map((b) => b.name);
    return names.length === 0 ? [] : [`${names.join(", ")} (${what})`];
  });
}

/** The most SGD steps {@link classification} trains to find when every sample is classified. */
const SEPARATION_STEPS = 1000;

/**
 * For a binary classifier (one output, labels 0 and 1): how many samples the last step's
 * predictions put on their label's side, and, when not all, the first step at which the same
 * training (full-batch SGD at the workbook's lr, the library's, on a copy of the network) puts
 * every one there.
 */
function classification(
  net: Layer,
  values: Map<string, number[][]>,
  options: WorkbookOptions,
  steps: number,
): string[] {
  const { X, y, lr } = options;
  const loss = options.loss ?? "mse";
  if (y.cols !== 1 || !y.data.every((v) => v === 0 || v === 1)) return [];
  // Under MSE the output is a prediction, class 1 above 0.5; under cross-entropy a logit, above 0.
  const [threshold, output] = loss === "mse" ? [0.5, "prediction"] : [0, "logit"];
  const right = (yHat: ArrayLike<number>) =>
    y.data.filter((label, i) => (yHat[i] > threshold) === (label === 1)).length;
  const last = values.get(`yHat_s${steps}`)!.map((row) => row[0]);
  const n = y.rows, correct = right(last);
  const side = [
    `After step ${steps} (sheet step${steps}), the ${output} yHat is on its label's side of ${threshold} (class 1 above it)`,
    `for ${correct === n ? "all" : correct} of the ${n} samples`,
  ];
  if (correct === n) return [side[0], `${side[1]}.`];
  if (!last.every(Number.isFinite)) return [side[0], `${side[1]}: training diverged.`];
  // A copy trains on, so that the caller's network (weights, gradients, cached inputs) is untouched.
  const copy = new Sequential(
    linearStagesOf(net, "exportWorkbook").flatMap(({ layer, activation }) => {
      const linear = new Linear(layer.W.rows, layer.W.cols);
      linear.W.data.set(layer.W.data);
      linear.b.data.set(layer.b.data);
      return [linear, new ActivationLayer(activation.name as ActivationName)];
    }),
  );
  let first: number | undefined, diverged = false;
  try {
    fit(copy, X, y, {
      lr,
      epochs: SEPARATION_STEPS,
      loss,
      onEpoch: (epoch) => {
        if (right(copy.forward(X).data) < n) return;
        first = epoch;
        return false;
      },
    });
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    diverged = true;
  }
  return [
    side[0],
    `${side[1]}: it does not yet classify them all. Trained on in the same way`,
    `(full-batch SGD at this lr), ${
      first !== undefined
        ? `it first classifies all ${n} after step ${first}`
        : diverged
        ? `it diverges before it classifies all ${n}`
        : `it still does not classify all ${n} within ${SEPARATION_STEPS} steps`
    }.`,
  ];
}

/** A loss to 4 significant digits, or what a spreadsheet cell would show instead. */
function formatLoss(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : "not a number";
}

/** The mean over y's columns of each column's variance (dividing by the number of rows). */
function meanVariance(y: Tensor): number {
  let total = 0;
  for (let j = 0; j < y.cols; j++) {
    let mean = 0;
    for (let i = 0; i < y.rows; i++) mean += y.get(i, j) / y.rows;
    for (let i = 0; i < y.rows; i++) total += (y.get(i, j) - mean) ** 2 / (y.rows * y.cols);
  }
  return total;
}

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
  const plan = planWorkbook(net, options);
  return await writeWorkbook(plan, (values) => trainingReadme(plan, values, options, net));
}

/**
 * Writes a planned workbook: a README sheet from the given lines (or from the workbook's values), then every planned sheet. Each
 * formula cell also carries its value, computed by the library's own evaluator, so that a viewer
 * that computes nothing (a file preview, a mail attachment, a learning platform) shows numbers;
 * a spreadsheet program still recalculates everything when it opens the file.
 */
async function writeWorkbook(
  plan: WorkbookPlan,
  readmeOf: string[] | ((values: Map<string, number[][]>) => string[]),
): Promise<Uint8Array> {
  const values = evaluateWorkbook(plan);
  const readme = typeof readmeOf === "function" ? readmeOf(values) : readmeOf;
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
  intro.pageSetup = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
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
    "The training workbooks use the same formulas, with a layer's pre-activation Z in place of x: f in the",
    "forward pass, df in backpropagation (for ReLU, the mask IF(Z>0,1,0); identity's derivative is 1 and needs",
    "no cell there). f_relu_max is ReLU written as MAX(0, x), with the same values as f_relu.",
    `For x below about −${
      Math.floor(Math.log(Number.MAX_VALUE) * 100) / 100
    }, EXP(−x) is larger than any number a spreadsheet holds, so the sigmoid cells (f and df)`,
    "show #NUM!, where the library's sigmoid and its derivative give values below 1e-308 (and 0 below about",
    "−745); a training workbook whose pre-activations go that low shows the same error.",
    "Hover over a column's title for its formula.",
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
  options: SoftmaxWorkbookOptions = {},
): Promise<Uint8Array> {
  checkOptions(options, ["about"], "exportSoftmaxWorkbook", '{ about: "a network\'s scores" }');
  const { about } = options;
  if (about !== undefined && (typeof about !== "string" || about.trim() === "")) {
    throw new TypeError(
      `about must be a sentence saying whose scores Z holds, got ${describe(about)}`,
    );
  }
  const plan = planSoftmaxWorkbook(Z, labels);
  return await writeWorkbook(plan, (values) => [
    "A classifier's last step, in live formulas: one sample per row.",
    "Z (yellow) holds the model's scores, one column per class; Y (yellow) the one-hot labels.",
    ...(about === undefined ? [] : [`The scores: ${about}`]),
    `As written, the labels of the ${Z.rows} rows are ${
      Array.from(labels).join(", ")
    }; predicted matches the`,
    `label in ${
      values.get("predicted")!.filter((row, i) => row[0] === labels[i]).length
    } of them, and meanLoss = ${formatLoss(values.get("meanLoss")![0][0])}.`,
    "P = softmax(Z): e^(z − max) over the row's sum of e^(z − max), so each entry lies between 0 and 1 and",
    "each row adds up to 1.",
    "loss: the cross-entropy −ln p of the label, written max + ln Σ e^(z − max) − Σ y·z, which stays finite",
    "for scores so large that e^z would overflow (e^(z − max) is at most 1).",
    "predicted: the class with the largest score (the first of equal ones), counted from 0. meanLoss: the mean",
    "of the loss column.",
    "Each block has a defined name: Z, Y, P, loss, predicted, meanLoss. Change a score and P, loss,",
    "predicted and meanLoss follow.",
  ]);
}

/**
 * Options for {@link exportSoftmaxWorkbook}.
 *
 * @example Saying whose scores the workbook holds
 * ```ts
 * import { exportSoftmaxWorkbook, type SoftmaxWorkbookOptions } from "nn/excel";
 * import { Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: SoftmaxWorkbookOptions = { about: "a made-up model's scores for two samples." };
 * const bytes = await exportSoftmaxWorkbook(Tensor.from([[2, 1, 0], [0, 0, 3]]), [0, 2], options);
 * assert.ok(bytes.length > 0);
 * ```
 */
export interface SoftmaxWorkbookOptions {
  /** A sentence for the README saying whose scores Z holds, for which samples. */
  about?: string;
}
