// Bad input to nn/fast: each row a call and the message it must fail with. The test that
// every public function has a row, and the checks across parts, are in ../bad_input_test.ts.
import assert from "node:assert/strict";
import {
  canTrainFast,
  gemm,
  gemmNT,
  gemmTN,
  Linear,
  matmulInto,
  mlp,
  predict,
  setGemmKernel,
  TrainingWorkspace,
} from "nn";
import { as, type Group, type Row, t22, X } from "../_bad_input.ts";

export const groups: Group[] = [
  {
    name: "fit's own inputs",
    rows: [
      [
        "canTrainFast",
        "not a network",
        () => canTrainFast(42) ? "" : assert.fail("canTrainFast(42) must be false"),
        /canTrainFast\(42\) must be false/,
      ],
    ],
  },
  {
    name: "the fast products refuse an output that is also an input",
    rows: [
      ["gemm", "C is A", () => {
        const A = new Float64Array([1, 2, 3, 4]);
        gemm(A, new Float64Array([1, 0, 0, 1]), A, 2, 2, 2);
      }, /gemm: the output C shares memory with A; write the product into a separate array/],
      ["gemmTN", "C overlaps B", () => {
        const buffer = new Float64Array(8);
        gemmTN(new Float64Array(4), buffer.subarray(0, 4), buffer.subarray(2, 6), 2, 2, 2);
      }, /gemmTN: the output C shares memory with B/],
      ["gemmNT", "C is B", () => {
        const B = new Float64Array(4);
        gemmNT(new Float64Array(4), B, B, 2, 2, 2);
      }, /gemmNT: the output C shares memory with B/],
      ["matmulInto", "out is a", () => {
        const a = t22();
        matmulInto(a, t22(), a);
      }, /the output C shares memory with A/],
    ],
  },
  {
    name: "sizes too large to allocate are named",
    rows: [
      [
        "TrainingWorkspace",
        "a batch of 10⁹ rows",
        () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 1e9, lr: 0.1 }),
        /A batch of 1000000000 rows through a layer of 4 units needs 4000000000 values per buffer/,
      ],
    ],
  },
  {
    name: "arguments of the wrong kind or shape",
    rows: [
      [
        "setGemmKernel",
        "an unknown kernel",
        () => setGemmKernel(as<"typescript">("avx")),
        /Unknown kernel "avx": use "wasm-simd" or "typescript"/,
      ],
      [
        "TrainingWorkspace",
        "a model that is not a network of stages",
        () => new TrainingWorkspace(new Linear(2, 1, { seed: 1 }), { batch: 4, lr: 0.1 }),
        /the model is a single Linear layer, not a Sequential/,
      ],
      [
        "predict",
        "X of the wrong width",
        () => predict(mlp([3, 2, 1]), X),
        /This network takes 3 inputs per sample but X is 4×2/,
      ],
    ],
  },
];

// Promises: errors of async functions arrive as rejections, so .catch() sees them.
export const asyncRows: Row[] = [];
