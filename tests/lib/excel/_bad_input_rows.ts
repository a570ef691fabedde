// Bad input to nn/excel: each row a call and the message it must fail with. The test that
// every public function has a row, and the checks across parts, are in ../bad_input_test.ts.
import {
  blockRange,
  cellAddress,
  colorScaleFill,
  evaluateArrayFormula,
  evaluateFormula,
  evaluateWorkbook,
  exportActivationsWorkbook,
  exportSoftmaxWorkbook,
  exportWorkbook,
  mlp,
  oneHot,
  planActivationsWorkbook,
  planSoftmaxWorkbook,
  planWorkbook,
  WORKBOOK_LIMITS,
} from "nn";
import { as, type Group, type Row, t22, withNaN, X, y } from "../_bad_input.ts";

export const groups: Group[] = [
  {
    name: "non-finite numbers and holes, by every door",
    rows: [
      [
        "planWorkbook",
        "X with a NaN",
        () => planWorkbook(mlp([2, 2, 1]), { X: withNaN(X), y, lr: 0.1, steps: 1 }),
        /The workbook's X must hold finite numbers/,
      ],
      [
        "evaluateFormula",
        "a NaN cell",
        () => evaluateFormula("A1+1", { A1: NaN }),
        /Cell A1 must hold a finite number, got NaN/,
      ],
      [
        "evaluateArrayFormula",
        "a named range with a NaN",
        () => evaluateArrayFormula("=MMULT(W,W)", { W: [[1, NaN], [0, 1]] }),
        /Cell W must hold a finite number \(or a name, rows of finite numbers of one length\)/,
      ],
      [
        "evaluateWorkbook",
        "a new input value with a NaN",
        () =>
          evaluateWorkbook(planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 }), {
            inputs: { lr: [[NaN]] },
          }),
        /The new value of lr must be 1×1 finite numbers, got/,
      ],
    ],
  },
  {
    name: "arguments of the wrong kind or shape",
    rows: [
      [
        "planWorkbook",
        "a misspelt option",
        () => planWorkbook(mlp([2, 2, 1]), as<never>({ X, y, lr: 0.1, steps: 1, step: 2 })),
        /planWorkbook has no option "step" \(did you mean "steps"\?\)|planWorkbook has no option "step"/,
      ],
      [
        "planWorkbook",
        "a loss a spreadsheet cannot express",
        () =>
          planWorkbook(mlp([2, 2, 2]), {
            X,
            y: oneHot([0, 1, 1, 0], 2),
            lr: 0.1,
            steps: 1,
            loss: "softmaxCrossEntropy",
          }),
        /A workbook cannot express the softmaxCrossEntropy loss: use mse or sigmoidCrossEntropy/,
      ],
      [
        "planActivationsWorkbook",
        "a NaN input",
        () => planActivationsWorkbook([0, NaN]),
        /The activations workbook needs 1 to 200 finite inputs/,
      ],
      [
        "cellAddress",
        "a cell outside its block",
        () =>
          cellAddress(
            planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1 }).blocks.get("W1_s0")!,
            2,
            0,
            "step0",
          ),
        /Cell \(2, 0\) is outside the block W1_s0 of 2×2/,
      ],
      [
        "colorScaleFill",
        "a NaN value",
        () => colorScaleFill(NaN, 1),
        /colorScaleFill's value must be a finite number, got NaN/,
      ],
      [
        "colorScaleFill",
        "a largest of 0",
        () => colorScaleFill(0.1, 0),
        /colorScaleFill's largest must be a finite number > 0, got 0/,
      ],
      [
        "blockRange",
        "not a block",
        () => blockRange(as<never>(null)),
        /blockRange needs a workbook block \(with sheet, row, col, rows and cols\), got null/,
      ],
      [
        "planSoftmaxWorkbook",
        "a label out of range",
        () => planSoftmaxWorkbook(t22(), [0, 5]),
        /Label 5 at index 1 is not a class 0 to 1/,
      ],
      [
        "evaluateFormula",
        "an unknown function",
        () => evaluateFormula("FOO(1)"),
        /Unknown function FOO in "FOO\(1\)"/,
      ],
    ],
  },
];

// Promises: errors of async functions arrive as rejections, so .catch() sees them.
export const asyncRows: Row[] = [
  [
    "exportSoftmaxWorkbook",
    "a label out of range",
    () => exportSoftmaxWorkbook(t22(), [0, 9]),
    /Label 9 at index 1 is not a class 0 to 1/,
  ],
  [
    "exportWorkbook",
    "a network too large for a workbook",
    () => exportWorkbook(mlp([2, WORKBOOK_LIMITS.units + 1, 1]), { X, y, lr: 0.1, steps: 1 }),
    /too large for a readable workbook: a layer wider than 16 units/,
  ],
  [
    "exportActivationsWorkbook",
    "no inputs",
    () => exportActivationsWorkbook([]),
    /The activations workbook needs 1 to 200 finite inputs/,
  ],
];
