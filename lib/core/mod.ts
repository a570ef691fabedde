/**
 * The core of the library: everything needed to build, train and check a
 * neural network, with no dependency at all (no npm package, no Deno API),
 * so it runs unchanged in a browser. Tensors on Float64Array; ops with their
 * backward passes beside them; the activation and loss tables; Linear,
 * activation, dropout and Sequential layers; SGD with momentum, and Adam,
 * with L1 and L2 penalties; the training loop with its
 * readable reference backend; initialisation; seeded randomness; gradient
 * checks; least squares; datasets and the MNIST file format; a tensor-aware
 * closeness assertion.
 *
 * Names follow one glossary: X (inputs, samples × features), y (targets),
 * yHat (predictions), W1/b1 (first layer), Z1 = X·W1 + b1, A1 = f(Z1),
 * dW1 = ∂loss/∂W1, nHidden, lr, epochs.
 *
 * @example Solve XOR with a two-layer ReLU network
 * ```ts
 * import { fit, mlp, xor } from "nn/core";
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
export { DISPLAY, type Displayable, type MimeBundle } from "./display_symbol.ts";
export { defaultRng, Rng, seedDefaultRng } from "./random.ts";
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
  activationBackward,
  activationDerivative,
  type ActivationName,
  ACTIVATIONS,
  excelFormula,
  getActivation,
  LEAKY_SLOPE,
  relu,
  sigmoid,
  softmax,
  softmaxBackward,
  tanh,
} from "./activations.ts";
export {
  bce,
  bceGrad,
  getLoss,
  type Loss,
  LOSSES,
  type LossName,
  mse,
  mseGrad,
  oneHot,
  resolveLoss,
  sigmoidCrossEntropy,
  sigmoidCrossEntropyGrad,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from "./losses.ts";
export { type InitName, initWeights } from "./init.ts";
export {
  ActivationLayer,
  Dropout,
  type DropoutOptions,
  type Layer,
  Linear,
  type LinearOptions,
  mlp,
  type MlpOptions,
  type Parameter,
  Sequential,
} from "./layers.ts";
export { Conv2d, type Conv2dOptions, MaxPool2d, type MaxPool2dOptions } from "./conv.ts";
export { RNN, type RNNOptions } from "./rnn.ts";
export {
  type ForwardOptions,
  forwardStages,
  linearStagesOf,
  type Products,
  referenceProducts,
  type Stage,
  type StageLayer,
  type StageOutput,
  stageOutputs,
  stageProblem,
  stagesOf,
} from "./stage.ts";
export {
  backpropagate,
  discriminatorStep,
  type GanStep,
  generatorStep,
  type Gradients,
  gradients,
  type PassOptions,
} from "./adversarial.ts";
export {
  checkOptimizerOptions,
  checkSgdOptions,
  l1Penalty,
  l2Penalty,
  Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerSettings,
  SGD,
  type SgdOptions,
  sgdUpdate,
} from "./optim.ts";
export {
  createTraining,
  type EpochReport,
  fit,
  type FitOptions,
  type FitResult,
  referenceBackend,
  type StepReport,
  type StepResult,
  type StepTraining,
  trainEpochs,
  type Trainer,
  type Trainers,
  type Training,
  type TrainingBackend,
  TrainingDivergedError,
  type TrainingPlan,
  type TrainOptions,
  trainSteps,
} from "./train.ts";
export {
  type Checked,
  checkGradients,
  checkLayer,
  checkNetwork,
  type GradCheckOptions,
  type GradCheckResult,
} from "./gradcheck.ts";
export {
  blobs,
  circles,
  type ClassesOptions,
  type Dataset,
  fitStandardizer,
  gaussians,
  generate,
  type GenerateOptions,
  type GeneratorName,
  moons,
  noisySine,
  saddle,
  spiral,
  spiralArms,
  type Standardizer,
  trainTestSplit,
  xor,
  xorQuadrants,
} from "./datasets.ts";
export { leastSquares, minimumNormLeastSquares, ridge, solve, svd } from "./linear_fit.ts";
export { type Digits, type IdxArray, parseIdx, parseMnist } from "./idx.ts";
export { type Car, parseCars } from "./cars.ts";
export { assertAllClose, type CloseOptions, type Numeric } from "./assert.ts";
