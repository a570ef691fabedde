/**
 * Excel twins: a workbook in which a small network's forward pass, loss,
 * backward pass and SGD updates are all live spreadsheet formulas, one sheet
 * per training step. Change a weight or the learning rate in it and every
 * later number follows.
 *
 * Layout: a `README` sheet on how to read it; a `data` sheet with X, y and lr
 * as values; sheets `step0` … `stepN`. Each step sheet holds the parameters
 * (values on step0, links to the previous step's updated parameters after
 * that), the forward pass, the loss, every gradient and the update. Every
 * block has a defined name from the glossary with the step as suffix:
 * `W1_s0`, `Z1_s0`, `A1_s0`, `yHat_s0`, `loss_s0`, `dW1_s0`, `W1_new_s0`, ….
 *
 * Formulas are portable between Excel and LibreOffice: per-cell MMULT of a
 * row by a column, SUMPRODUCT, SUM, SUMXMY2, IF, EXP, TANH; no dynamic
 * arrays and no LET.
 *
 * @module
 */
import type { Tensor } from "./tensor.ts";
import { ActivationLayer, Linear, type Sequential } from "./layers.ts";
import { type ActivationName, ACTIVATIONS, excelFormula, getActivation } from "./activations.ts";
import { checkPositive, checkPositiveInt, checkTensor, shapeOf } from "./_validate.ts";

/**
 * Limits that keep a workbook readable: larger networks are refused.
 *
 * @example
 * ```ts
 * import { WORKBOOK_LIMITS } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(WORKBOOK_LIMITS.units, 16);
 * ```
 */
export const WORKBOOK_LIMITS = { samples: 64, units: 16, layers: 4, steps: 100 } as const;

/**
 * Options for {@link planWorkbook} and {@link exportWorkbook}.
 *
 * @example
 * ```ts
 * import { mlp, planWorkbook, type WorkbookOptions, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const options: WorkbookOptions = { X, y, lr: 0.1, steps: 2 };
 * assert.ok(planWorkbook(mlp([2, 2, 1]), options).blocks.has("W1_s2"));
 * ```
 */
export interface WorkbookOptions {
  /** Inputs, samples × features. */
  X: Tensor;
  /** Targets, samples × outputs. */
  y: Tensor;
  /** Learning rate of the SGD updates. */
  lr: number;
  /** Number of SGD steps (sheets step0 … step{steps}). */
  steps: number;
}

/**
 * One rectangular block of cells with a defined name.
 *
 * @example
 * ```ts
 * import { mlp, planWorkbook, type WorkbookBlock, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const block: WorkbookBlock = planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 }).blocks.get("loss_s1")!;
 * assert.equal(block.kind, "formula");
 * ```
 */
export interface WorkbookBlock {
  /** The defined name, e.g. `W1_s0` (or `X`, `y`, `lr` on the data sheet). */
  name: string;
  /** The glossary name without the step, e.g. `W1`. */
  base: string;
  /** The sheet it lives on. */
  sheet: string;
  /** The top-left cell's row (1-based). */
  row: number;
  /** The top-left cell's column (1-based; column B is 2). */
  col: number;
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  cols: number;
  /** The maths, e.g. `Z1 = X·W1 + b1`. */
  maths: string;
  /** A short note in plain words. */
  note: string;
  /** Values (inputs) or formulas (computed). */
  kind: "input" | "formula";
  /** The value of each cell, for inputs. */
  value?: (i: number, j: number) => number;
  /** The formula of each cell (without `=`), for computed blocks. */
  formula?: (i: number, j: number) => string;
}

/**
 * A planned workbook: sheets of blocks.
 *
 * @example
 * ```ts
 * import { mlp, planWorkbook, type WorkbookPlan, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan: WorkbookPlan = planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 });
 * assert.deepEqual(plan.sheets.map((s) => s.name), ["data", "step0", "step1"]);
 * ```
 */
export interface WorkbookPlan {
  /** The sheets in order (a README sheet is written before them). */
  sheets: { name: string; title: string; blocks: WorkbookBlock[]; layout?: "rows" | "columns" }[];
  /** Every block by defined name. */
  blocks: Map<string, WorkbookBlock>;
}

/** A formula as a factor of a product: bracketed unless it is one function call such as IF(…). */
function factor(formula: string): string {
  return /^[A-Z]+\([^()]*\)$/.test(formula) ? formula : `(${formula})`;
}

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
function columnName(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) {
    s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  }
  return s;
}

/**
 * The address of cell (i, j) of a block, as seen from `fromSheet`.
 *
 * @example
 * ```ts
 * import { cellAddress, type WorkbookBlock } from "nn";
 * import assert from "node:assert/strict";
 *
 * const b = { sheet: "step0", row: 5, col: 2 } as WorkbookBlock;
 * assert.equal(cellAddress(b, 1, 2, "step0"), "D6");
 * assert.equal(cellAddress(b, 0, 0, "step1"), "step0!B5");
 * ```
 */
export function cellAddress(block: WorkbookBlock, i: number, j: number, fromSheet: string): string {
  const a = `${columnName(block.col + j)}${block.row + i}`;
  return block.sheet === fromSheet ? a : `${block.sheet}!${a}`;
}

function rangeOf(
  block: WorkbookBlock,
  fromSheet: string,
  r0 = 0,
  c0 = 0,
  r1 = block.rows - 1,
  c1 = block.cols - 1,
) {
  const a = `${columnName(block.col + c0)}${block.row + r0}:${columnName(block.col + c1)}${
    block.row + r1
  }`;
  return block.sheet === fromSheet ? a : `${block.sheet}!${a}`;
}

/**
 * The absolute range of a block, e.g. `step0!$B$5:$E$8`, for a defined name.
 *
 * @example
 * ```ts
 * import { blockRange, mlp, planWorkbook, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 });
 * assert.equal(blockRange(plan.blocks.get("y")!), "data!$B$10:$B$13");
 * ```
 */
export function blockRange(block: WorkbookBlock): string {
  const abs = (r: number, c: number) => `$${columnName(block.col + c)}$${block.row + r}`;
  return `${block.sheet}!${abs(0, 0)}:${abs(block.rows - 1, block.cols - 1)}`;
}

interface LayerSpec {
  W: Tensor;
  b: Tensor;
  activation: ActivationName;
}

/** Reads a Sequential of Linear and activation layers into layer specs; refuses what a workbook cannot express. */
function layerSpecs(net: Sequential): LayerSpec[] {
  const specs: LayerSpec[] = [];
  for (const layer of net.layers) {
    if (layer instanceof Linear) {
      specs.push({ W: layer.W, b: layer.b, activation: "identity" });
    } else if (layer instanceof ActivationLayer) {
      const last = specs.at(-1);
      if (!last || last.activation !== "identity") {
        throw new RangeError("A workbook needs each activation to follow a Linear layer");
      }
      last.activation = getActivation(layer.activation).name;
    } else {
      throw new RangeError(
        `A workbook can express Linear and activation layers only, got ${
          layer?.constructor?.name ?? typeof layer
        }`,
      );
    }
  }
  if (specs.length === 0) throw new RangeError("A workbook needs at least one Linear layer");
  return specs;
}

/**
 * Plans the workbook of a network (Linear layers, each optionally followed by
 * an activation) trained with MSE and plain SGD: where every block goes, its
 * defined name, and the formula of every cell. {@link exportWorkbook} writes
 * this plan; notebooks show its formulas.
 *
 * @example The XOR network's first hidden cell
 * ```ts
 * import { mlp, planWorkbook, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 3, 1], { seed: 1 }), { X, y, lr: 0.1, steps: 2 });
 * const A1 = plan.blocks.get("A1_s0")!;
 * assert.match(A1.formula!(0, 0), /^IF\(B\d+>0,B\d+,0\)$/);
 * assert.ok(plan.blocks.has("dW1_s2"));
 * ```
 */
export function planWorkbook(net: Sequential, options: WorkbookOptions): WorkbookPlan {
  const specs = layerSpecs(net);
  const { X, y } = options;
  checkTensor(X, "The workbook's X");
  checkTensor(y, "The workbook's y");
  const lr = checkPositive(options.lr, "The learning rate lr");
  const steps = checkPositiveInt(options.steps, "steps");
  const L = specs.length;
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  if (X.cols !== specs[0].W.rows) {
    throw new RangeError(
      `The network takes ${specs[0].W.rows} inputs per sample but X is ${shapeOf(X)}`,
    );
  }
  if (y.cols !== specs[L - 1].W.cols) {
    throw new RangeError(
      `The network predicts ${specs[L - 1].W.cols} outputs per sample but y is ${shapeOf(y)}`,
    );
  }
  const tooBig = X.rows > WORKBOOK_LIMITS.samples
    ? `${X.rows} samples (at most ${WORKBOOK_LIMITS.samples})`
    : L > WORKBOOK_LIMITS.layers
    ? `${L} layers (at most ${WORKBOOK_LIMITS.layers})`
    : steps > WORKBOOK_LIMITS.steps
    ? `${steps} steps (at most ${WORKBOOK_LIMITS.steps})`
    : specs.some((s) => s.W.rows > WORKBOOK_LIMITS.units || s.W.cols > WORKBOOK_LIMITS.units)
    ? `a layer wider than ${WORKBOOK_LIMITS.units} units`
    : undefined;
  if (tooBig) throw new RangeError(`This network is too large for a readable workbook: ${tooBig}`);

  const blocks = new Map<string, WorkbookBlock>();
  const sheets: WorkbookPlan["sheets"] = [];
  let sheet = "";
  let nextRow = 0;
  const add = (b: Omit<WorkbookBlock, "sheet" | "row" | "col">): WorkbookBlock => {
    const block = { ...b, sheet, row: nextRow + 1, col: 2 } as WorkbookBlock;
    nextRow += b.rows + 2;
    blocks.set(block.name, block);
    sheets.at(-1)!.blocks.push(block);
    return block;
  };
  const startSheet = (name: string, title: string) => {
    sheet = name;
    nextRow = 3;
    sheets.push({ name, title, blocks: [] });
  };

  startSheet("data", "The data and the learning rate (inputs: change them and every step follows)");
  const Xb = add({
    name: "X",
    base: "X",
    rows: X.rows,
    cols: X.cols,
    maths: `X (${shapeOf(X)})`,
    note: "Inputs: one row per sample, one column per feature.",
    kind: "input",
    value: (i, j) => X.get(i, j),
  });
  const yb = add({
    name: "y",
    base: "y",
    rows: y.rows,
    cols: y.cols,
    maths: `y (${shapeOf(y)})`,
    note: "Targets: the answer the network should give for each sample.",
    kind: "input",
    value: (i, j) => y.get(i, j),
  });
  add({
    name: "lr",
    base: "lr",
    rows: 1,
    cols: 1,
    maths: "lr",
    note: "Learning rate: how far each SGD step moves the parameters against their gradient.",
    kind: "input",
    value: () => lr,
  });
  const n = X.rows, nOut = y.cols;

  for (let k = 0; k <= steps; k++) {
    const s = `_s${k}`;
    startSheet(
      `step${k}`,
      k === 0
        ? "Step 0: the initial parameters, forward pass, loss, backward pass and SGD update"
        : `Step ${k}: parameters from step ${
          k - 1
        }'s update, then forward, loss, backward and update`,
    );
    const here = `step${k}`;
    const at = (b: WorkbookBlock, i: number, j: number) => cellAddress(b, i, j, here);
    const W: WorkbookBlock[] = [], b: WorkbookBlock[] = [];
    specs.forEach((spec, l) => {
      const prevW = blocks.get(`W${l + 1}_new_s${k - 1}`),
        prevB = blocks.get(`b${l + 1}_new_s${k - 1}`);
      W.push(add({
        name: `W${l + 1}${s}`,
        base: `W${l + 1}`,
        rows: spec.W.rows,
        cols: spec.W.cols,
        maths: `W${l + 1} (${shapeOf(spec.W)})`,
        note: k === 0
          ? `Weights of layer ${
            l + 1
          }: one row per input, one column per unit. Initial values: change them to start elsewhere.`
          : `Weights of layer ${l + 1}, taken from step ${k - 1}'s update.`,
        ...(k === 0
          ? { kind: "input" as const, value: (i: number, j: number) => spec.W.get(i, j) }
          : {
            kind: "formula" as const,
            formula: (i: number, j: number) => cellAddress(prevW!, i, j, here),
          }),
      }));
      b.push(add({
        name: `b${l + 1}${s}`,
        base: `b${l + 1}`,
        rows: 1,
        cols: spec.b.cols,
        maths: `b${l + 1} (${shapeOf(spec.b)})`,
        note: k === 0
          ? `Bias of layer ${l + 1}: one value per unit, added to every sample.`
          : `Bias of layer ${l + 1}, taken from step ${k - 1}'s update.`,
        ...(k === 0
          ? { kind: "input" as const, value: (_i: number, j: number) => spec.b.get(0, j) }
          : {
            kind: "formula" as const,
            formula: (_i: number, j: number) => cellAddress(prevB!, 0, j, here),
          }),
      }));
    });

    // Forward pass.
    const Z: WorkbookBlock[] = [], A: WorkbookBlock[] = [];
    let input = Xb;
    let inputName = "X";
    specs.forEach((spec, l) => {
      const last = l === L - 1;
      const zName = last && spec.activation === "identity" ? "yHat" : `Z${l + 1}`;
      const from = input;
      const z = add({
        name: `${zName}${s}`,
        base: zName,
        rows: n,
        cols: spec.W.cols,
        maths: `${zName} = ${inputName}·W${l + 1} + b${l + 1}`,
        note: `Pre-activations of layer ${
          l + 1
        }: each sample's inputs times each unit's weights, plus the bias.`,
        kind: "formula",
        formula: (i, j) =>
          `MMULT(${rangeOf(from, here, i, 0, i, from.cols - 1)},${
            rangeOf(W[l], here, 0, j, W[l].rows - 1, j)
          })+${at(b[l], 0, j)}`,
      });
      Z.push(z);
      if (last && spec.activation === "identity") {
        A.push(z);
      } else {
        const aName = last ? "yHat" : `A${l + 1}`;
        A.push(add({
          name: `${aName}${s}`,
          base: aName,
          rows: n,
          cols: spec.W.cols,
          maths: `${aName} = ${spec.activation}(Z${l + 1})`,
          note: `Activations of layer ${
            l + 1
          }: ${spec.activation} applied to every pre-activation.`,
          kind: "formula",
          formula: (i, j) => excelFormula(spec.activation, at(z, i, j)),
        }));
      }
      input = A[l];
      inputName = A[l].base;
    });
    const yHat = A[L - 1];
    add({
      name: `loss${s}`,
      base: "loss",
      rows: 1,
      cols: 1,
      maths: "loss = mean of (yHat − y)²",
      note: "Mean squared error over every sample and output.",
      kind: "formula",
      formula: () => `SUMXMY2(${rangeOf(yHat, here)},${rangeOf(yb, here)})/${n * nOut}`,
    });

    // Backward pass.
    const dYHat = add({
      name: `dYHat${s}`,
      base: "dYHat",
      rows: n,
      cols: nOut,
      maths: `dYHat = 2·(yHat − y) / ${n * nOut}`,
      note: "Gradient of the loss with respect to each prediction.",
      kind: "formula",
      formula: (i, j) => `2*(${at(yHat, i, j)}-${at(yb, i, j)})/${n * nOut}`,
    });
    let dA = dYHat;
    for (let l = L - 1; l >= 0; l--) {
      const spec = specs[l];
      let dZ = dA;
      if (spec.activation !== "identity") {
        const upstream = dA, z = Z[l];
        const mask = spec.activation === "relu" ? " (the ReLU mask IF(Z>0,1,0))" : "";
        dZ = add({
          name: `dZ${l + 1}${s}`,
          base: `dZ${l + 1}`,
          rows: n,
          cols: spec.W.cols,
          maths: `dZ${l + 1} = ${upstream.base} ⊙ ${spec.activation}′(Z${l + 1})`,
          note: `Gradient with respect to layer ${
            l + 1
          }'s pre-activations: the incoming gradient times the activation's derivative${mask}.`,
          kind: "formula",
          formula: (i, j) =>
            `${at(upstream, i, j)}*${
              factor(excelFormula(spec.activation, at(z, i, j), { derivative: true }))
            }`,
        });
      }
      const prev = l === 0 ? Xb : A[l - 1];
      const prevName = l === 0 ? "X" : `A${l}`;
      const g = dZ;
      add({
        name: `dW${l + 1}${s}`,
        base: `dW${l + 1}`,
        rows: spec.W.rows,
        cols: spec.W.cols,
        maths: `dW${l + 1} = ${prevName}ᵀ·${g.base}`,
        note: `Gradient of the loss with respect to W${
          l + 1
        }: for each weight, the sum over samples of its input times the gradient at its unit.`,
        kind: "formula",
        formula: (i, j) =>
          `SUMPRODUCT(${rangeOf(prev, here, 0, i, n - 1, i)},${rangeOf(g, here, 0, j, n - 1, j)})`,
      });
      add({
        name: `db${l + 1}${s}`,
        base: `db${l + 1}`,
        rows: 1,
        cols: spec.W.cols,
        maths: `db${l + 1} = sum over samples of ${g.base}`,
        note: `Gradient of the loss with respect to b${l + 1}: the column sums of ${g.base}.`,
        kind: "formula",
        formula: (_i, j) => `SUM(${rangeOf(g, here, 0, j, n - 1, j)})`,
      });
      if (l > 0) {
        const w = W[l];
        dA = add({
          name: `dA${l}${s}`,
          base: `dA${l}`,
          rows: n,
          cols: spec.W.rows,
          maths: `dA${l} = ${g.base}·W${l + 1}ᵀ`,
          note: `Gradient with respect to layer ${l}'s activations: sent back through W${l + 1}.`,
          kind: "formula",
          formula: (i, j) =>
            `SUMPRODUCT(${rangeOf(g, here, i, 0, i, g.cols - 1)},${
              rangeOf(w, here, j, 0, j, w.cols - 1)
            })`,
        });
      }
    }

    // SGD update.
    specs.forEach((_spec, l) => {
      for (const [p, block] of [["W", W[l]], ["b", b[l]]] as const) {
        const grad = blocks.get(`d${p}${l + 1}${s}`)!;
        add({
          name: `${p}${l + 1}_new${s}`,
          base: `${p}${l + 1}_new`,
          rows: block.rows,
          cols: block.cols,
          maths: `${p}${l + 1} − lr·d${p}${l + 1}`,
          note: `Updated ${p}${
            l + 1
          }: one step of gradient descent. The next step starts from these.`,
          kind: "formula",
          formula: (i, j) => `${at(block, i, j)}-lr*${at(grad, i, j)}`,
        });
      }
    });
  }
  return { sheets, blocks };
}

const TRAINING_README = [
  "This workbook trains a small neural network with live formulas. Nothing in it is a pasted result:",
  "every number after the first parameters is computed by the spreadsheet from the cells it refers to.",
  "",
  "Sheets",
  "  data        X (inputs), y (targets) and lr (learning rate), as values.",
  "  step0       the initial weights and biases, the forward pass, the loss, every gradient and the SGD update.",
  "  step1, …    the same, starting from the previous step's updated parameters.",
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
 * import { exportWorkbook, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const bytes = await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 10 });
 * assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK"); // an .xlsx is a zip archive
 * // await Deno.writeFile("xor.xlsx", bytes);
 * ```
 */
export function exportWorkbook(net: Sequential, options: WorkbookOptions): Promise<Uint8Array> {
  return writeWorkbook(planWorkbook(net, options), TRAINING_README);
}

/** Writes a planned workbook: a README sheet from the given lines, then every planned sheet. */
async function writeWorkbook(plan: WorkbookPlan, readme: string[]): Promise<Uint8Array> {
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
    for (const block of sheetPlan.blocks) {
      // The title sits above the block: in column A for stacked blocks, over the column otherwise.
      const title = ws.getCell(block.row - 1, columns ? block.col : 1);
      title.value = columns ? block.maths : `${block.name}: ${block.maths}`;
      title.font = { bold: true };
      title.note = block.note;
      for (let i = 0; i < block.rows; i++) {
        if (!columns) {
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
            cell.value = { formula: block.formula!(i, j) } as never;
            cell.fill = formulaFill;
          }
          cell.numFmt = "0.000000";
        }
      }
      wb.definedNames.add(blockRange(block), block.name);
    }
    for (let c = 2; c <= 24; c++) ws.getColumn(c).width = columns ? 16 : 13;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const ACTIVATIONS_README = [
  "Each activation function and its derivative as a live formula of the input in column B.",
  "Column x holds the inputs (yellow): change any of them and every formula in its row follows.",
  "Each column has a defined name: x, then f_relu, f_relu_max, df_relu, f_sigmoid, df_sigmoid,",
  "f_tanh, df_tanh, f_identity, df_identity, f_leakyRelu, df_leakyRelu. These are the formulas",
  "the training workbooks use for the forward pass (f) and for backpropagation (df, for ReLU the",
  "mask IF(Z>0,1,0)). Hover over a column's title for its formula.",
];

/**
 * Plans the activations workbook: a column of inputs x and, beside it, every
 * activation and its derivative as a formula of x (the formulas of
 * {@link ACTIVATIONS}, plus ReLU written as MAX(0,x)).
 *
 * @example
 * ```ts
 * import { planActivationsWorkbook } from "nn";
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

/**
 * Writes the activations workbook (see {@link planActivationsWorkbook}) as
 * `.xlsx` bytes. Needs `--allow-env --allow-sys`, like {@link exportWorkbook}.
 *
 * @example
 * ```ts
 * import { exportActivationsWorkbook } from "nn";
 * import assert from "node:assert/strict";
 *
 * const bytes = await exportActivationsWorkbook();
 * assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK");
 * ```
 */
export function exportActivationsWorkbook(grid?: number[]): Promise<Uint8Array> {
  return writeWorkbook(planActivationsWorkbook(grid), ACTIVATIONS_README);
}
