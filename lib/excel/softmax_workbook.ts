/**
 * The softmax workbook: a classifier's scores (logits) for a few samples and
 * their one-hot labels as values, and softmax, the cross-entropy and the
 * predicted class as live formulas, written the stable way (the row's
 * largest score taken out of the exponentials), as `softmaxCrossEntropy`
 * computes them.
 *
 * @module
 */
import type { Tensor } from "../core/mod.ts";
import { checkAllFinite, checkTensor, describe, shapeOf } from "../core/_internal.ts";
import { cellAddress, type WorkbookBlock, type WorkbookPlan } from "./plan.ts";
import { columnName } from "./_sheet.ts";

/**
 * Plans the softmax workbook for scores Z (samples × classes) and integer
 * labels: blocks `Z` and `Y` (inputs), `P` (softmax, one formula per cell),
 * `loss` (the cross-entropy of each sample), `predicted` (the class with the
 * largest score, counted from 0) and `meanLoss`, each with a defined name.
 *
 * @example
 * ```ts
 * import { planSoftmaxWorkbook } from "nn/excel";
 * import { Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const plan = planSoftmaxWorkbook(Tensor.from([[2, 1, 0]]), [0]);
 * assert.equal(plan.blocks.get("P")!.formula!(0, 0), "EXP(B4-MAX($B4:$D4))/SUMPRODUCT(EXP($B4:$D4-MAX($B4:$D4)))");
 * ```
 */
export function planSoftmaxWorkbook(Z: Tensor, labels: ArrayLike<number>): WorkbookPlan {
  checkTensor(Z, "The scores Z");
  checkAllFinite(Z, "The scores Z");
  const n = Z.rows, k = Z.cols;
  if (n > 100 || k < 2 || k > 26) {
    throw new RangeError(
      `The softmax workbook takes 1 to 100 samples of 2 to 26 classes, got scores ${shapeOf(Z)}`,
    );
  }
  if (labels === null || typeof labels !== "object" || labels.length !== n) {
    throw new RangeError(`Scores of ${n} samples need ${n} labels, got ${describe(labels)}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= k) {
      throw new RangeError(
        `Label ${describe(labels[i])} at index ${i} is not a class 0 to ${k - 1}`,
      );
    }
  }
  const sheet = "softmax", row = 4;
  const block = (
    name: string,
    col: number,
    cols: number,
    maths: string,
    note: string,
    rest: Pick<WorkbookBlock, "kind" | "value" | "formula">,
    rows = n,
  ): WorkbookBlock => ({ name, base: name, sheet, row, col, rows, cols, maths, note, ...rest });
  const Zb = block("Z", 2, k, "Z: scores (logits)", "The model's score for each class.", {
    kind: "input",
    value: (i, j) => Z.data[i * k + j],
  });
  const Yb = block("Y", 2 + k, k, "Y: one-hot labels", "1 in the label's column, 0 elsewhere.", {
    kind: "input",
    value: (i, j) => (labels[i] === j ? 1 : 0),
  });
  // The score row of sample i, with absolute columns so the formula copies along the row.
  const zRow = (i: number) =>
    `$${cellAddress(Zb, i, 0, sheet)}:$${cellAddress(Zb, i, k - 1, sheet)}`;
  const yRow = (i: number) => `${cellAddress(Yb, i, 0, sheet)}:${cellAddress(Yb, i, k - 1, sheet)}`;
  const Pb = block(
    "P",
    2 + 2 * k,
    k,
    "P = softmax(Z)",
    "e^(z − max) divided by the row's sum of e^(z − max): between 0 and 1, each row adding up to 1.",
    {
      kind: "formula",
      formula: (i, j) =>
        `EXP(${cellAddress(Zb, i, j, sheet)}-MAX(${zRow(i)}))/SUMPRODUCT(EXP(${zRow(i)}-MAX(${
          zRow(i)
        })))`,
    },
  );
  const lossB = block(
    "loss",
    2 + 3 * k,
    1,
    "cross-entropy −ln p(label)",
    "max + ln Σ e^(z − max) − Σ y·z: the stable form of −ln p of the label.",
    {
      kind: "formula",
      formula: (i) =>
        `MAX(${zRow(i)})+LN(SUMPRODUCT(EXP(${zRow(i)}-MAX(${zRow(i)}))))-SUMPRODUCT(${zRow(i)},${
          yRow(i)
        })`,
    },
  );
  const predictedB = block(
    "predicted",
    3 + 3 * k,
    1,
    "predicted class",
    "The position of the largest score (the first of equal ones), counted from 0.",
    { kind: "formula", formula: (i) => `MATCH(MAX(${zRow(i)}),${zRow(i)},0)-1` },
  );
  const lossColumn = columnName(lossB.col);
  const meanB = block(
    "meanLoss",
    4 + 3 * k,
    1,
    "mean cross-entropy",
    "The loss softmaxCrossEntropy returns: the mean over the samples.",
    { kind: "formula", formula: () => `AVERAGE(${lossColumn}${row}:${lossColumn}${row + n - 1})` },
    1,
  );
  const blocks = new Map(
    [Zb, Yb, Pb, lossB, predictedB, meanB].map((b) => [b.name, b] as [string, WorkbookBlock]),
  );
  return {
    sheets: [{
      name: sheet,
      title: "Softmax and cross-entropy, one sample per row",
      blocks: [...blocks.values()],
      layout: "columns",
    }],
    blocks,
  };
}
