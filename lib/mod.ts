/**
 * A from-scratch neural-network library for learning why networks need
 * non-linearity and more than one layer: 2-D tensors on Float64Array, matrix
 * ops, activations with their derivatives and Excel formulas, Linear layers
 * with hand-written backward passes, losses, SGD, seeded randomness, gradient
 * checking, datasets, plots and Excel workbooks with live formulas.
 *
 * Names follow one glossary: X (inputs, samples × features), y (targets),
 * yHat (predictions), W1/b1 (first layer), Z1 = X·W1 + b1, A1 = f(Z1),
 * dW1 = ∂loss/∂W1, nHidden, lr, epochs.
 *
 * @example Solve XOR with a two-layer ReLU network
 * ```ts
 * import { fit, mlp, xor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const net = mlp([2, 4, 1], { seed: 3 });
 * fit(net, X, y, { lr: 0.1, epochs: 2000 });
 * const yHat = net.forward(X).toArray().flat().map(Math.round);
 * assert.deepEqual(yHat, [0, 1, 1, 0]);
 * ```
 *
 * @module
 */
export { formatNumber, type Shape, Tensor } from "./tensor.ts";
export { Rng } from "./random.ts";
export { checked, DISPLAY, display, type Displayable, type MimeBundle } from "./display.ts";
export {
  add,
  addBackward,
  argmax,
  type Axis,
  concatColumns,
  gatherRows,
  map,
  matmul,
  matmulBackward,
  mean,
  mul,
  mulBackward,
  scale,
  sliceRows,
  sub,
  sum,
  transpose,
} from "./ops.ts";
export {
  activate,
  type Activation,
  activationDerivative,
  type ActivationName,
  ACTIVATIONS,
  excelFormula,
  getActivation,
  LEAKY_SLOPE,
  relu,
  sigmoid,
  tanh,
} from "./activations.ts";
export { bce, bceGrad, getLoss, type Loss, LOSSES, type LossName, mse, mseGrad } from "./losses.ts";
export { type InitName, initWeights } from "./init.ts";
export {
  ActivationLayer,
  type Layer,
  Linear,
  type LinearOptions,
  mlp,
  type MlpOptions,
  type Parameter,
  Sequential,
} from "./layers.ts";
export { SGD, type SgdOptions } from "./optim.ts";
export { fit, type FitOptions, type FitResult, TrainingDivergedError } from "./train.ts";
export {
  type Checked,
  checkGradients,
  checkLayer,
  checkNetwork,
  type GradCheckOptions,
  type GradCheckResult,
} from "./gradcheck.ts";
export {
  circles,
  type Dataset,
  fitStandardizer,
  gaussians,
  generate,
  type GenerateOptions,
  type GeneratorName,
  moons,
  spiral,
  type Standardizer,
  trainTestSplit,
  xor,
} from "./datasets.ts";
export { leastSquares, solve } from "./linear_fit.ts";
export { assertAllClose, type CloseOptions, type Numeric } from "./assert.ts";
export {
  type BoundaryOptions,
  decisionBoundary,
  type Figure,
  figureRow,
  htmlTable,
  lossCurve,
  type LossCurveOptions,
  plot,
  type PlotOptions,
  vegaLite,
  type VegaLiteFigure,
} from "./plot.ts";
export { evaluateFormula } from "./excel_formula.ts";
export {
  blockRange,
  cellAddress,
  exportActivationsWorkbook,
  exportWorkbook,
  planActivationsWorkbook,
  planWorkbook,
  WORKBOOK_LIMITS,
  type WorkbookBlock,
  type WorkbookOptions,
  type WorkbookPlan,
} from "./workbook.ts";
export { gemm, gemmKernel, gemmNT, gemmTN, matmulInto, setGemmKernel } from "./gemm.ts";
export { canTrainFast, TrainingWorkspace } from "./fast_train.ts";
