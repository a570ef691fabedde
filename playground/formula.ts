// The formula of one unit for one input, with its live numbers: in
// TypeScript, as the layers compute it, and as the Excel formulas that the
// library's workbook exporter writes for that unit (planned by the exporter
// itself, so the page shows exactly what a workbook holds).
import { type ActivationName, excelFormula, formatNumber, Tensor } from "../lib/core/mod.ts";
import {
  blockRange,
  cellAddress,
  evaluateFormula,
  planWorkbook,
  WORKBOOK_LIMITS,
} from "../lib/excel/planning.ts";
import { ACTIVATION_LABELS } from "./config.ts";
import { type Session, viewOutputs, workbookProblem } from "./session.ts";
import { argmaxRow, isRegression, softmaxAt, topProbability } from "./task.ts";
import { FEATURE_LABELS, plainFeatures } from "./features.ts";

export interface UnitFormula {
  /** Which unit, in words. */
  title: string;
  /** TypeScript lines with the numbers filled in. */
  typescript: string;
  /** Excel formulas with what their cells hold, or why there are none. */
  excel: string;
  /** The unit's pre-activation and activation for this input. */
  z: number;
  a: number;
}

const MAX_TERMS = 6;
const fmt = (v: number) => formatNumber(v, 4);

/**
 * The readout for the point under the pointer: under cross-entropy the output is a logit and σ of
 * it is the probability of class 1; under MSE the output is only a value trained towards the label
 * (0 or 1), so it is named as what it is, clipped to [0, 1], not as a probability.
 */
export function pointReadout(session: Session, x1: number, x2: number): string {
  const out = session.output(Tensor.from([[x1, x2]]));
  const at = `x = (${formatNumber(x1, 3)}, ${formatNumber(x2, 3)})`;
  if (out.cols > 1) {
    const c = argmaxRow(out.data, 0, out.cols);
    return `${at}: class ${c}, softmax p(class ${c}) = ${
      formatNumber(topProbability(out.data, 0, out.cols), 3)
    }`;
  }
  if (isRegression(session.config)) return `${at}: output ŷ = ${formatNumber(out.data[0], 4)}`;
  const p = formatNumber(session.probability(out.data[0]), 3);
  return session.config.loss === "ce"
    ? `${at}: p(class 1) = σ(logit) = ${p}`
    : `${at}: output (clipped to [0, 1]) = ${p}`;
}

/**
 * The formula of unit `j` of stage `l` (0-based; the last stage is the
 * output) for the input (x1, x2).
 */
export function unitFormula(
  session: Session,
  l: number,
  j: number,
  x: [number, number],
): UnitFormula {
  const { stages, config } = session;
  const X = Tensor.from([x]);
  const outs = viewOutputs(stages, session.inputs(X));
  const { layer: linear, activation } = stages[l];
  const last = l === stages.length - 1;
  const inputs = l === 0 ? session.inputs(X) : outs[l - 1].A;
  const inName = (i: number) => (l === 0 ? `X[${i}]` : `A${l}[${i}]`);
  const z = outs[l].Z.data[j], a = outs[l].A.data[j];
  const many = last && linear.W.cols > 1;
  const zName = last ? (many ? `yHat[${j}]` : "yHat") : `Z${l + 1}[${j}]`;
  const terms = Array.from({ length: linear.W.rows }, (_, i) => i);
  const shown = terms.slice(0, MAX_TERMS);
  const more = terms.length - shown.length;
  const tail = more > 0 ? ` + … (${more} more)` : "";
  const symbolic = shown.map((i) => `${inName(i)} * W${l + 1}[${i}][${j}]`).join(" + ") + tail +
    ` + b${l + 1}[${j}]`;
  const numeric = shown.map((i) => `${fmt(inputs.data[i])} * ${fmt(linear.W.get(i, j))}`)
    .join(" + ") + tail + ` + ${fmt(linear.b.get(0, j))}`;
  const pad = " ".repeat(zName.length);
  const lines = [
    `// x = (${fmt(x[0])}, ${fmt(x[1])})`,
    ...(plainFeatures(config.features) ? [] : [
      `// X = (${config.features.map((f) => FEATURE_LABELS[f]).join(", ")}) = (${
        Array.from(session.inputs(X).data, fmt).join(", ")
      })`,
    ]),
    ...(last ? [] : [`// unit ${j + 1} is index [${j}]: the code counts from 0`]),
    `${zName} = ${symbolic}`,
    `${pad} = ${numeric}`,
    `${pad} = ${fmt(z)}`,
  ];
  if (!last) {
    lines.push(`A${l + 1}[${j}] = ACTIVATIONS.${activation.name}.f(${zName}) = ${fmt(a)}`);
  } else {
    lines.push(
      many
        ? `// the predicted class is the largest logit's; softmax of the ${linear.W.cols} logits gives p(class ${j}) = ${
          fmt(softmaxAt(outs[l].Z.data, 0, linear.W.cols, j))
        }`
        : isRegression(config)
        ? `// the prediction of the target y: MSE trains yHat towards it`
        : config.loss === "ce"
        ? `// class 1 when the logit yHat > 0: p = σ(yHat) = ${fmt(session.probability(z))}`
        : `// class 1 when yHat > 0.5: MSE trains yHat towards the label, 0 or 1`,
    );
  }
  const title = last
    ? (many ? `output ${j + 1}, the logit of class ${j}` : "the output unit")
    : `layer ${l + 1}, unit ${j + 1} (${ACTIVATION_LABELS[activation.name as ActivationName]})`;
  return { title, typescript: lines.join("\n"), excel: excelOf(session, l, j, X, z), z, a };
}

/** The exporter's formulas for this unit in a workbook of this network for this one input. */
function excelOf(session: Session, l: number, j: number, X: Tensor, z: number): string {
  const problem = workbookProblem(session.config);
  const { activation } = session.stages[l];
  if (problem) {
    const name = activation.name as ActivationName;
    return `No workbook for this network (${problem}).\nThe activation as Excel writes it, for a pre-activation in cell A1:\n=${
      excelFormula(name, "A1")
    }`;
  }
  const plan = planWorkbook(session.net, {
    X,
    y: Tensor.zeros(1, 1),
    lr: session.config.lr,
    steps: 1,
    loss: session.lossName,
  });
  const last = l === session.stages.length - 1;
  const identity = activation.name === "identity";
  const zBlock = plan.blocks.get(`${last && identity ? "yHat" : `Z${l + 1}`}_s0`)!;
  const inBlock = plan.blocks.get(l === 0 ? "X" : `A${l}_s0`)!;
  const W = plan.blocks.get(`W${l + 1}_s0`)!, b = plan.blocks.get(`b${l + 1}_s0`)!;
  const zCell = cellAddress(zBlock, 0, j, zBlock.sheet);
  const held = Math.min(WORKBOOK_LIMITS.samples, session.train.X.rows);
  const lines = [
    `In a workbook of this network that holds only this input, as the exporter writes it (sheet ${zBlock.sheet}).`,
    ...(held > 1
      ? [
        `The downloaded workbook holds ${held} training points, a row each, so there the blocks with a row per`,
        "point are taller and the cells below them lie lower.",
      ]
      : []),
    `${zBlock.name} ${zCell}: =${zBlock.formula!(0, j)}`,
    `  where ${blockRange(inBlock).replace(/\$/g, "")} is ${inBlock.name} (${
      l === 0 ? "this input" : `layer ${l}'s activations for this input`
    }), ${cellAddress(W, 0, j, zBlock.sheet)}:${
      cellAddress(W, W.rows - 1, j, zBlock.sheet)
    } is column ${j + 1} of ${W.name} ` +
    `(this unit's weights) and ${cellAddress(b, 0, j, zBlock.sheet)} its bias in ${b.name}`,
  ];
  if (!(last && identity)) {
    const aBlock = plan.blocks.get(`${last ? "yHat" : `A${l + 1}`}_s0`)!;
    const formula = aBlock.formula!(0, j);
    const value = evaluateFormula(formula, { [zCell]: z });
    lines.push(
      `${aBlock.name} ${cellAddress(aBlock, 0, j, aBlock.sheet)}: =${formula}`,
      `  with ${zCell} = ${fmt(z)} this is ${fmt(value)}`,
    );
  }
  return lines.join("\n");
}
