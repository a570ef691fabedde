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
 * A `gradients` sheet after `step0` shows each of step 0's parameters beside
 * its gradient (links named `map_W1`, `map_dW1`, …, and `map_loss`), the
 * gradients coloured by sign and size.
 *
 * Formulas are portable between Excel and LibreOffice: per-cell MMULT of a
 * row by a column, SUMPRODUCT, SUM, SUMXMY2, IF, EXP, TANH; no dynamic
 * arrays and no LET.
 *
 * @module
 */
import {
  type Activation,
  type ActivationName,
  excelFormula,
  getLoss,
  type Layer,
  LEAKY_SLOPE,
  type Linear,
  linearStagesOf,
  type Loss,
  type LossName,
  type Stage,
  stageProblem,
  type Tensor,
} from "../core/mod.ts";
import {
  checkAllFinite,
  checkFinite,
  checkOptions,
  checkPositive,
  checkPositiveInt,
  checkTensor,
  describe,
  shapeOf,
} from "../core/_internal.ts";
import { type BlockSpec, cellOf, columnName, rangeOf, SheetBuilder } from "./_sheet.ts";

/**
 * Limits that keep a workbook readable: larger networks are refused. Frozen,
 * so no caller can raise them for everyone.
 *
 * @example
 * ```ts
 * import { WORKBOOK_LIMITS } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * assert.equal(WORKBOOK_LIMITS.units, 16);
 * ```
 */
export const WORKBOOK_LIMITS: Readonly<{
  samples: number;
  units: number;
  layers: number;
  steps: number;
}> = Object.freeze({ samples: 64, units: 16, layers: 4, steps: 100 });

/**
 * Options for {@link planWorkbook} and {@link exportWorkbook}.
 *
 * @example
 * ```ts
 * import { planWorkbook, type WorkbookOptions } from "nn/excel";
 * import { mlp, xor } from "nn/core";
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
  /**
   * The loss (default `mse`); it must have Excel formulas in the loss table
   * (`mse` and `sigmoidCrossEntropy` do).
   */
  loss?: LossName;
}

const WORKBOOK_OPTIONS = ["X", "y", "lr", "steps", "loss"] as const;

/**
 * One rectangular block of cells with a defined name.
 *
 * @example
 * ```ts
 * import { planWorkbook, type WorkbookBlock } from "nn/excel";
 * import { mlp, xor } from "nn/core";
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
 * import { planWorkbook, type WorkbookPlan } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan: WorkbookPlan = planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 });
 * assert.deepEqual(plan.sheets.map((s) => s.name), ["data", "step0", "gradients", "step1"]);
 * ```
 */
export interface WorkbookPlan {
  /** The sheets in order (a README sheet is written before them). */
  sheets: {
    name: string;
    title: string;
    blocks: WorkbookBlock[];
    /**
     * "rows" (the default): blocks stacked down the sheet, each titled in column A, except a
     * block placed beside another, whose title is above it; "columns": one titled column each.
     */
    layout?: "rows" | "columns";
    /** Lines of text under the sheet's title, before the first block. */
    lines?: string[];
    /**
     * Blocks coloured by one three-colour scale, symmetric about 0: red for the most negative
     * value among them, white at 0, blue for the most positive (by absolute value, the same depth
     * of colour on both sides). The colours follow the values when they change.
     */
    colorScale?: string[];
  }[];
  /** Every block by defined name. */
  blocks: Map<string, WorkbookBlock>;
}

/**
 * The address of cell (i, j) of a block, as seen from `fromSheet`.
 *
 * @example
 * ```ts
 * import { cellAddress, type WorkbookBlock } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * const b = { sheet: "step0", row: 5, col: 2 } as WorkbookBlock;
 * assert.equal(cellAddress(b, 1, 2, "step0"), "D6");
 * assert.equal(cellAddress(b, 0, 0, "step1"), "step0!B5");
 * ```
 */
export function cellAddress(block: WorkbookBlock, i: number, j: number, fromSheet: string): string {
  if (block === null || typeof block !== "object" || typeof block.sheet !== "string") {
    throw new TypeError(`cellAddress needs a workbook block, got ${describe(block)}`);
  }
  if (
    !Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 ||
    (block.rows !== undefined && i >= block.rows) || (block.cols !== undefined && j >= block.cols)
  ) {
    throw new RangeError(
      `Cell (${i}, ${j}) is outside the block ${block.name ?? ""} of ${block.rows}×${block.cols}`,
    );
  }
  return cellOf(block, i, j, fromSheet);
}

/**
 * The absolute range of a block, e.g. `step0!$B$5:$E$8`, for a defined name.
 *
 * @example
 * ```ts
 * import { blockRange, planWorkbook } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 });
 * assert.equal(blockRange(plan.blocks.get("y")!), "data!$B$10:$B$13");
 * ```
 */
export function blockRange(block: WorkbookBlock): string {
  if (
    block === null || typeof block !== "object" || typeof block.sheet !== "string" ||
    ![block.row, block.col, block.rows, block.cols].every((v) => Number.isInteger(v) && v >= 1)
  ) {
    throw new TypeError(
      `blockRange needs a workbook block (with sheet, row, col, rows and cols), got ${
        describe(block)
      }`,
    );
  }
  const abs = (r: number, c: number) => `$${columnName(block.col + c)}$${block.row + r}`;
  return `${block.sheet}!${abs(0, 0)}:${abs(block.rows - 1, block.cols - 1)}`;
}

/** A formula as a factor of a product: bracketed unless it is one function call such as IF(…). */
function factor(formula: string): string {
  return /^[A-Z]+\([^()]*\)$/.test(formula) ? formula : `(${formula})`;
}

/** Checks everything a workbook needs before any block is planned; returns the network's stages. */
function checkInputs(net: Layer, options: WorkbookOptions) {
  checkOptions(options, WORKBOOK_OPTIONS, "planWorkbook", "{ X, y, lr: 0.1, steps: 10 }");
  const problem = stageProblem(net);
  if (problem !== undefined) {
    throw new RangeError(
      `A workbook can express Linear layers, each optionally followed by an activation, but ${problem}`,
    );
  }
  const stages = linearStagesOf(net, "A workbook");
  const { X, y } = options;
  checkTensor(X, "The workbook's X");
  checkTensor(y, "The workbook's y");
  checkAllFinite(X, "The workbook's X");
  checkAllFinite(y, "The workbook's y");
  const lr = checkPositive(options.lr, "The learning rate lr");
  const steps = checkPositiveInt(options.steps, "steps");
  const loss = getLoss(options.loss ?? "mse");
  if (loss.excel === undefined) {
    throw new RangeError(
      `A workbook cannot express the ${loss.name} loss: use mse or sigmoidCrossEntropy`,
    );
  }
  loss.checkTargets(y);
  const L = stages.length;
  const first = stages[0].layer.W, last = stages[L - 1].layer.W;
  if (X.rows !== y.rows) {
    throw new RangeError(
      `X and y need one row per sample, got X ${shapeOf(X)} and y ${shapeOf(y)}`,
    );
  }
  if (X.cols !== first.rows) {
    throw new RangeError(
      `The network takes ${first.rows} inputs per sample but X is ${shapeOf(X)}`,
    );
  }
  if (y.cols !== last.cols) {
    throw new RangeError(
      `The network predicts ${last.cols} outputs per sample but y is ${shapeOf(y)}`,
    );
  }
  const wide = stages.find((s) =>
    s.layer.W.rows > WORKBOOK_LIMITS.units || s.layer.W.cols > WORKBOOK_LIMITS.units
  );
  const tooBig = X.rows > WORKBOOK_LIMITS.samples
    ? `${X.rows} samples (at most ${WORKBOOK_LIMITS.samples})`
    : L > WORKBOOK_LIMITS.layers
    ? `${L} layers (at most ${WORKBOOK_LIMITS.layers})`
    : steps > WORKBOOK_LIMITS.steps
    ? `${steps} steps (at most ${WORKBOOK_LIMITS.steps})`
    : wide
    ? `a layer wider than ${WORKBOOK_LIMITS.units} units`
    : undefined;
  if (tooBig) throw new RangeError(`This network is too large for a readable workbook: ${tooBig}`);
  return { stages, X, y, lr, steps, loss: loss as Loss & { excel: NonNullable<Loss["excel"]> } };
}

/** The data sheet: X, y and lr as values. */
function planData(sb: SheetBuilder, X: Tensor, y: Tensor, lr: number) {
  sb.startSheet(
    "data",
    "The data and the learning rate (inputs: change them and every step follows)",
  );
  const Xb = sb.add({
    name: "X",
    base: "X",
    rows: X.rows,
    cols: X.cols,
    maths: `X (${shapeOf(X)})`,
    note: "Inputs: one row per sample, one column per feature.",
    kind: "input",
    value: (i, j) => X.get(i, j),
  });
  const yb = sb.add({
    name: "y",
    base: "y",
    rows: y.rows,
    cols: y.cols,
    maths: `y (${shapeOf(y)})`,
    note: "Targets: the answer the network should give for each sample.",
    kind: "input",
    value: (i, j) => y.get(i, j),
  });
  sb.add({
    name: "lr",
    base: "lr",
    rows: 1,
    cols: 1,
    maths: "lr",
    note: "Learning rate: how far each SGD step moves the parameters against their gradient.",
    kind: "input",
    value: () => lr,
  });
  return { X: Xb, y: yb };
}

interface Params {
  W: WorkbookBlock[];
  b: WorkbookBlock[];
}

/** Step k's parameters: the initial values on step 0, links to step k−1's update after that. */
function planParameters(sb: SheetBuilder, stages: Stage<Linear>[], k: number): Params {
  const here = sb.sheet, s = `_s${k}`;
  const W: WorkbookBlock[] = [], b: WorkbookBlock[] = [];
  stages.forEach(({ layer: linear }, l) => {
    const prevW = sb.get(`W${l + 1}_new_s${k - 1}`), prevB = sb.get(`b${l + 1}_new_s${k - 1}`);
    W.push(sb.add({
      name: `W${l + 1}${s}`,
      base: `W${l + 1}`,
      rows: linear.W.rows,
      cols: linear.W.cols,
      maths: `W${l + 1} (${shapeOf(linear.W)})`,
      note: k === 0
        ? `Weights of layer ${
          l + 1
        }: one row per input, one column per unit. Initial values: change them to start elsewhere.`
        : `Weights of layer ${l + 1}, taken from step ${k - 1}'s update.`,
      ...(k === 0
        ? { kind: "input" as const, value: (i: number, j: number) => linear.W.get(i, j) }
        : {
          kind: "formula" as const,
          formula: (i: number, j: number) => cellOf(prevW!, i, j, here),
        }),
    }));
    b.push(sb.add({
      name: `b${l + 1}${s}`,
      base: `b${l + 1}`,
      rows: 1,
      cols: linear.b.cols,
      maths: `b${l + 1} (${shapeOf(linear.b)})`,
      note: k === 0
        ? `Bias of layer ${l + 1}: one value per unit, added to every sample.`
        : `Bias of layer ${l + 1}, taken from step ${k - 1}'s update.`,
      ...(k === 0
        ? { kind: "input" as const, value: (_i: number, j: number) => linear.b.get(0, j) }
        : {
          kind: "formula" as const,
          formula: (_i: number, j: number) => cellOf(prevB!, 0, j, here),
        }),
    }));
  });
  return { W, b };
}

interface Forward {
  Z: WorkbookBlock[];
  A: WorkbookBlock[];
}

/** The forward pass, stage by stage, as Linear.forward and the activation compute it. */
function planForward(
  sb: SheetBuilder,
  stages: Stage<Linear>[],
  X: WorkbookBlock,
  p: Params,
  n: number,
  k: number,
): Forward {
  const here = sb.sheet, s = `_s${k}`, L = stages.length;
  const Z: WorkbookBlock[] = [], A: WorkbookBlock[] = [];
  let input = X;
  stages.forEach(({ layer: linear, activation }, l) => {
    const last = l === L - 1, identity = activation.name === "identity";
    const zName = last && identity ? "yHat" : `Z${l + 1}`;
    const from = input, inputName = input.base;
    const z = sb.add({
      name: `${zName}${s}`,
      base: zName,
      rows: n,
      cols: linear.W.cols,
      maths: `${zName} = ${inputName}·W${l + 1} + b${l + 1}`,
      note: `Pre-activations of layer ${
        l + 1
      }: each sample's inputs times each unit's weights, plus the bias.`,
      kind: "formula",
      formula: (i, j) =>
        `MMULT(${rangeOf(from, here, i, 0, i, from.cols - 1)},${
          rangeOf(p.W[l], here, 0, j, p.W[l].rows - 1, j)
        })+${cellOf(p.b[l], 0, j, here)}`,
    });
    Z.push(z);
    if (last && identity) {
      A.push(z);
    } else {
      const aName = last ? "yHat" : `A${l + 1}`;
      A.push(sb.add({
        name: `${aName}${s}`,
        base: aName,
        rows: n,
        cols: linear.W.cols,
        maths: `${aName} = ${activation.name}(Z${l + 1})`,
        note: `Activations of layer ${l + 1}: ${activation.name} applied to every pre-activation.`,
        kind: "formula",
        formula: (i, j) => excelFormula(activation.name as ActivationName, cellOf(z, i, j, here)),
      }));
    }
    input = A[l];
  });
  return { Z, A };
}

const LOSS_MATHS: Record<string, [string, string]> = {
  mse: ["loss = mean of (yHat − y)²", "Mean squared error over every sample and output."],
  sigmoidCrossEntropy: [
    "loss = mean of max(yHat, 0) − yHat·y + ln(1 + e^−|yHat|)",
    "Binary cross-entropy of the logits yHat: the mean of −[y·ln σ(yHat) + (1−y)·ln(1−σ(yHat))].",
  ],
};

/** The loss cell and its gradient with respect to every prediction. */
function planLoss(
  sb: SheetBuilder,
  loss: Loss & { excel: NonNullable<Loss["excel"]> },
  yHat: WorkbookBlock,
  y: WorkbookBlock,
  k: number,
): WorkbookBlock {
  const here = sb.sheet, s = `_s${k}`, count = yHat.rows * yHat.cols;
  const [maths, note] = LOSS_MATHS[loss.name] ?? [`loss = ${loss.name}(yHat, y)`, "The loss."];
  sb.add({
    name: `loss${s}`,
    base: "loss",
    rows: 1,
    cols: 1,
    maths,
    note,
    kind: "formula",
    formula: () => loss.excel.value(rangeOf(yHat, here), rangeOf(y, here), count),
  });
  return sb.add({
    name: `dYHat${s}`,
    base: "dYHat",
    rows: yHat.rows,
    cols: yHat.cols,
    maths: loss.name === "mse"
      ? `dYHat = 2·(yHat − y) / ${count}`
      : `dYHat = (σ(yHat) − y) / ${count}`,
    note: "Gradient of the loss with respect to each prediction.",
    kind: "formula",
    formula: (i, j) => loss.excel.grad(cellOf(yHat, i, j, here), cellOf(y, i, j, here), count),
  });
}

/** Step k's gradients, last stage first, as the layers' backward passes compute them. */
function planBackward(
  sb: SheetBuilder,
  stages: Stage<Linear>[],
  X: WorkbookBlock,
  p: Params,
  f: Forward,
  dYHat: WorkbookBlock,
  k: number,
): Params {
  const here = sb.sheet, s = `_s${k}`, n = X.rows;
  const dW: WorkbookBlock[] = [], db: WorkbookBlock[] = [];
  let dA = dYHat;
  for (let l = stages.length - 1; l >= 0; l--) {
    const { layer: linear, activation } = stages[l];
    const g = activation.name === "identity"
      ? dA
      : planActivationBackward(sb, activation, dA, f.Z[l], l, k);
    const prev = l === 0 ? X : f.A[l - 1];
    const prevName = l === 0 ? "X" : `A${l}`;
    dW[l] = sb.add({
      name: `dW${l + 1}${s}`,
      base: `dW${l + 1}`,
      rows: linear.W.rows,
      cols: linear.W.cols,
      maths: `dW${l + 1} = ${prevName}ᵀ·${g.base}`,
      note: `Gradient of the loss with respect to W${
        l + 1
      }: for each weight, the sum over samples of its input times the gradient at its unit.`,
      kind: "formula",
      formula: (i, j) =>
        `SUMPRODUCT(${rangeOf(prev, here, 0, i, n - 1, i)},${rangeOf(g, here, 0, j, n - 1, j)})`,
    });
    db[l] = sb.add({
      name: `db${l + 1}${s}`,
      base: `db${l + 1}`,
      rows: 1,
      cols: linear.W.cols,
      maths: `db${l + 1} = sum over samples of ${g.base}`,
      note: `Gradient of the loss with respect to b${l + 1}: the column sums of ${g.base}.`,
      kind: "formula",
      formula: (_i, j) => `SUM(${rangeOf(g, here, 0, j, n - 1, j)})`,
    });
    if (l > 0) {
      const w = p.W[l];
      dA = sb.add({
        name: `dA${l}${s}`,
        base: `dA${l}`,
        rows: n,
        cols: linear.W.rows,
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
  return { W: dW, b: db };
}

/** dZ = dA ⊙ f′(Z), the activation's backward pass. */
function planActivationBackward(
  sb: SheetBuilder,
  activation: Activation,
  upstream: WorkbookBlock,
  z: WorkbookBlock,
  l: number,
  k: number,
): WorkbookBlock {
  const here = sb.sheet;
  const mask = activation.name === "relu" ? " (the ReLU mask IF(Z>0,1,0))" : "";
  return sb.add({
    name: `dZ${l + 1}_s${k}`,
    base: `dZ${l + 1}`,
    rows: z.rows,
    cols: z.cols,
    maths: `dZ${l + 1} = ${upstream.base} ⊙ ${activation.name}′(Z${l + 1})`,
    note: `Gradient with respect to layer ${
      l + 1
    }'s pre-activations: the incoming gradient times the activation's derivative${mask}.`,
    kind: "formula",
    formula: (i, j) =>
      `${cellOf(upstream, i, j, here)}*${
        factor(
          excelFormula(activation.name as ActivationName, cellOf(z, i, j, here), {
            derivative: true,
          }),
        )
      }`,
  });
}

/** The SGD update of every parameter: p − lr·dp. */
function planUpdate(sb: SheetBuilder, p: Params, grads: Params, k: number): void {
  const here = sb.sheet;
  p.W.forEach((_w, l) => {
    for (const kind of ["W", "b"] as const) {
      const block = p[kind][l], grad = grads[kind][l];
      const spec: BlockSpec = {
        name: `${kind}${l + 1}_new_s${k}`,
        base: `${kind}${l + 1}_new`,
        rows: block.rows,
        cols: block.cols,
        maths: `${kind}${l + 1} − lr·d${kind}${l + 1}`,
        note: `Updated ${kind}${
          l + 1
        }: one step of gradient descent. The next step starts from these.`,
        kind: "formula",
        formula: (i, j) => `${cellOf(block, i, j, here)}-lr*${cellOf(grad, i, j, here)}`,
      };
      sb.add(spec);
    }
  });
}

/**
 * The three colours of a workbook's gradient map (`RRGGBB`): red at the most negative end, white
 * at 0, blue at the most positive. Frozen.
 *
 * @example
 * ```ts
 * import { COLOR_SCALE } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * assert.equal(COLOR_SCALE.zero, "FFFFFF");
 * ```
 */
export const COLOR_SCALE: Readonly<{ negative: string; zero: string; positive: string }> = Object
  .freeze({ negative: "F8696B", zero: "FFFFFF", positive: "5A8AC6" });

/**
 * The colour a spreadsheet gives a value under the gradient map's scale, as `#rrggbb`: white at 0,
 * blending linearly towards red down to −largest and towards blue up to +largest (beyond them,
 * the end colours).
 *
 * @example
 * ```ts
 * import { colorScaleFill } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * assert.equal(colorScaleFill(0, 0.5), "#ffffff");
 * assert.equal(colorScaleFill(-0.5, 0.5), "#f8696b");
 * ```
 */
export function colorScaleFill(value: number, largest: number): string {
  checkFinite(value, "colorScaleFill's value");
  checkPositive(largest, "colorScaleFill's largest");
  const t = Math.min(Math.abs(value) / largest, 1);
  const end = value < 0 ? COLOR_SCALE.negative : COLOR_SCALE.positive;
  const channel = (hex: string, k: number) => parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return "#" + [0, 1, 2].map((k) => {
    const c = Math.round(channel(COLOR_SCALE.zero, k) * (1 - t) + channel(end, k) * t);
    return c.toString(16).padStart(2, "0");
  }).join("");
}

/**
 * The `gradients` sheet: every parameter of step 0 beside its gradient, both as links to the step
 * sheet, with the loss and the nudge test above them. Backpropagation computes how each cell's
 * value affects the final error; this sheet shows that number next to each cell.
 */
function planGradientMap(sb: SheetBuilder, stages: Stage<Linear>[], p: Params, grads: Params) {
  const step = p.W[0].sheet, loss = sb.get(`loss_${step.replace("step", "s")}`)!;
  // ReLU and leaky ReLU have a kink at 0, where the workbook takes one side's slope.
  const kinks = [
    ["relu", "ReLU", "0"],
    ["leakyRelu", "leaky ReLU", String(LEAKY_SLOPE)],
  ].filter(([name]) => stages.some((s) => s.activation.name === name));
  sb.startSheet(
    "gradients",
    `Backpropagation, cell by cell: every weight and bias of ${step} beside its gradient`,
    [
      `Left: each weight and bias of ${step}. Right, beside it: its gradient, computed by the backward pass on ${step}:`,
      `how much ${loss.name} changes per unit of change in that cell. All of them are links to ${step}.`,
      "Colours of the gradients: red below 0 (raising the cell lowers the loss), white at 0, blue above 0",
      "(raising it raises the loss); the deepest colour marks the largest gradient on this sheet, of either sign.",
      `The nudge test: note ${loss.name} below, then add a small amount, say 0.001, to one yellow weight or bias`,
      `on ${step} (not here: these cells only show it). ${loss.name} changes by about 0.001 times that cell's gradient.`,
      ...kinks.flatMap(([, label, slope]) => [
        `${label} has a kink at 0: where a ${label} unit's input is exactly 0 for some sample, the workbook takes`,
        `${label}′(0) = ${slope}, and a nudge that switches that unit on can change the loss by a different amount.`,
      ]),
      `The SGD update on ${step} moves each cell against its gradient: red cells grow, blue cells shrink.`,
    ],
  );
  const here = sb.sheet;
  sb.add({
    name: "map_loss",
    base: "loss",
    rows: 1,
    cols: 1,
    maths: loss.name,
    note: `The loss of ${step}, a link to it: nudge a parameter on ${step} and watch it change.`,
    kind: "formula",
    formula: () => cellOf(loss, 0, 0, here),
  });
  const colorScale: string[] = [];
  p.W.forEach((_w, l) => {
    for (const kind of ["W", "b"] as const) {
      const param = p[kind][l], grad = grads[kind][l];
      const left = sb.add({
        name: `map_${param.base}`,
        base: param.base,
        rows: param.rows,
        cols: param.cols,
        maths: param.name,
        note: `${param.name}, a link: change the yellow cell on ${step}, not this one.`,
        kind: "formula",
        formula: (i, j) => cellOf(param, i, j, here),
      });
      sb.addBeside({
        name: `map_${grad.base}`,
        base: grad.base,
        rows: grad.rows,
        cols: grad.cols,
        maths: `${grad.name} = ∂${loss.name}/∂${param.base}`,
        note:
          `${grad.name}, a link: the change of ${loss.name} per unit of change in the ${param.base} cell at the same place on the left.`,
        kind: "formula",
        formula: (i, j) => cellOf(grad, i, j, here),
      }, left);
      colorScale.push(`map_${grad.base}`);
    }
  });
  sb.sheets.at(-1)!.colorScale = colorScale;
}

/**
 * Plans the workbook of a network (Linear layers, each optionally followed by
 * an activation) trained with plain SGD: where every block goes, its defined
 * name, and the formula of every cell. Each training step is planned the way
 * the layers compute it: parameters, forward, loss, backward, update.
 * {@link exportWorkbook} writes this plan; notebooks show its formulas.
 *
 * @example The XOR network's first hidden cell
 * ```ts
 * import { planWorkbook } from "nn/excel";
 * import { mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const plan = planWorkbook(mlp([2, 3, 1], { seed: 1 }), { X, y, lr: 0.1, steps: 2 });
 * const A1 = plan.blocks.get("A1_s0")!;
 * assert.match(A1.formula!(0, 0), /^IF\(B\d+>0,B\d+,0\)$/);
 * assert.ok(plan.blocks.has("dW1_s2"));
 * ```
 */
export function planWorkbook(net: Layer, options: WorkbookOptions): WorkbookPlan {
  const { stages, X, y, lr, steps, loss } = checkInputs(net, options);
  const sb = new SheetBuilder();
  const data = planData(sb, X, y, lr);
  for (let k = 0; k <= steps; k++) {
    sb.startSheet(
      `step${k}`,
      k === 0
        ? "Step 0: the initial parameters, forward pass, loss, backward pass and SGD update"
        : `Step ${k}: parameters from step ${
          k - 1
        }'s update, then forward, loss, backward and update`,
    );
    const params = planParameters(sb, stages, k);
    const forward = planForward(sb, stages, data.X, params, X.rows, k);
    const dYHat = planLoss(sb, loss, forward.A[stages.length - 1], data.y, k);
    const grads = planBackward(sb, stages, data.X, params, forward, dYHat, k);
    planUpdate(sb, params, grads, k);
    if (k === 0) planGradientMap(sb, stages, params, grads);
  }
  return sb.plan();
}
