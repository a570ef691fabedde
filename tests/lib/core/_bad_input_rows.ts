// Bad input to nn/core: each row a call and the message it must fail with. The test that
// every public function has a row, and the checks across parts, are in ../bad_input_test.ts.
import assert from "node:assert/strict";
import {
  activate,
  activationBackward,
  activationDerivative,
  ActivationLayer,
  type ActivationName,
  add,
  addBackward,
  argmax,
  assertAllClose,
  backpropagate,
  bce,
  bceGrad,
  blobs,
  checkGradients,
  checkLayer,
  checkNetwork,
  checkOptimizerOptions,
  checkSgdOptions,
  circles,
  concatColumns,
  Conv2d,
  type Conv2dOptions,
  createTraining,
  discriminatorStep,
  Dropout,
  excelFormula,
  fit,
  type FitOptions,
  fitStandardizer,
  formatNumber,
  forwardStages,
  gatherRows,
  gaussians,
  generate,
  type GeneratorName,
  generatorStep,
  getActivation,
  getLoss,
  gradients,
  type InitName,
  initWeights,
  l1Penalty,
  l2Penalty,
  type Layer,
  leastSquares,
  Linear,
  linearStagesOf,
  map,
  matmul,
  matmulBackward,
  MaxPool2d,
  mean,
  minimumNormLeastSquares,
  mlp,
  moons,
  mse,
  mseGrad,
  mul,
  mulBackward,
  noisySine,
  oneHot,
  Optimizer,
  parseCars,
  parseIdx,
  parseMnist,
  referenceBackend,
  referenceProducts,
  relu,
  resolveLoss,
  ridge,
  Rng,
  RNN,
  type RNNOptions,
  saddle,
  scale,
  seedDefaultRng,
  Sequential,
  SGD,
  sgdUpdate,
  sigmoid,
  sigmoidCrossEntropy,
  sigmoidCrossEntropyGrad,
  sliceRows,
  softmax,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
  solve,
  spiral,
  spiralArms,
  stageOutputs,
  stageProblem,
  stagesOf,
  sub,
  sum,
  svd,
  tanh,
  Tensor,
  trainEpochs,
  trainSteps,
  trainTestSplit,
  transpose,
  xorQuadrants,
} from "nn";
import { as, type Group, type Row, t22, withNaN, X, y } from "../_bad_input.ts";

const gan = () => {
  const G = mlp([2, 4, 2], { seed: 1 }), D = mlp([2, 4, 1], { seed: 2 });
  return { G, D, z: Tensor.zeros(3, 2), sgdG: new SGD(G.parameters(), { lr: 0.1 }) };
};

export const groups: Group[] = [
  {
    name: "two networks that must fit together: a generator and a discriminator",
    rows: [
      [
        "generatorStep",
        "a generator that gives 2 values to a discriminator that takes 3",
        () => {
          const { G, z, sgdG } = gan();
          return generatorStep(G, mlp([3, 4, 1]), z, sgdG);
        },
        /generatorStep's generator gives 2 values per sample but the discriminator takes 3: they must be equal/,
      ],
      [
        "generatorStep",
        "a discriminator with 2 outputs",
        () => {
          const { G, z, sgdG } = gan();
          return generatorStep(G, mlp([2, 4, 2]), z, sgdG);
        },
        /generatorStep's discriminator must give 1 output per sample \(a logit: high means real\), got 2/,
      ],
      [
        "generatorStep",
        "the discriminator's optimiser",
        () => {
          const { G, D, z } = gan();
          return generatorStep(G, D, z, new SGD(D.parameters(), { lr: 0.1 }));
        },
        /generatorStep's optimizer must update the generator's 4 parameters, but it updates 4 others: build it as new SGD\(generator.parameters\(\), \{ lr \}\)/,
      ],
      [
        "generatorStep",
        "noise of 3 columns for a generator that takes 2",
        () => {
          const { G, D, sgdG } = gan();
          return generatorStep(G, D, Tensor.zeros(3, 3), sgdG);
        },
        /generatorStep's noise z must have 2 columns, one per network input, got 3×3/,
      ],
      [
        "generatorStep",
        "a generator that is not a network of stages",
        () => {
          const { D, z, sgdG } = gan();
          return generatorStep(new ActivationLayer("relu"), D, z, sgdG);
        },
        /generatorStep's generator must be a network of stages such as mlp\(\[2, 16, 1\]\): .*not a Sequential/,
      ],
      [
        "discriminatorStep",
        "generated samples of 3 columns for a discriminator that takes 2",
        () => {
          const { D } = gan();
          return discriminatorStep(
            D,
            Tensor.zeros(3, 2),
            Tensor.zeros(3, 3),
            new SGD(D.parameters(), { lr: 0.1 }),
          );
        },
        /discriminatorStep's generated samples fake must have 2 columns, one per network input, got 3×3/,
      ],
      [
        "discriminatorStep",
        "real samples holding NaN",
        () => {
          const { D } = gan();
          return discriminatorStep(
            D,
            withNaN(Tensor.zeros(3, 2)),
            Tensor.zeros(3, 2),
            new SGD(D.parameters(), { lr: 0.1 }),
          );
        },
        /discriminatorStep's real samples must hold finite numbers, but row 0, column 0 is NaN/,
      ],
      [
        "discriminatorStep",
        "no optimiser",
        () => {
          const { D } = gan();
          return discriminatorStep(D, Tensor.zeros(3, 2), Tensor.zeros(3, 2), as<SGD>({ lr: 0.1 }));
        },
        /discriminatorStep's optimizer must be a SGD, got an object/,
      ],
      [
        "gradients",
        "targets with 2 columns for a network with 1 output",
        () =>
          gradients(mlp([2, 4, 1]), Tensor.zeros(3, 2), "sigmoidCrossEntropy", Tensor.ones(3, 2)),
        /gradients's targets y must be 3×1, one row per sample of X and one column per network output, got 3×2/,
      ],
      [
        "gradients",
        "bce on a network that does not end with a sigmoid",
        () => gradients(mlp([2, 4, 1]), Tensor.zeros(3, 2), "bce", Tensor.ones(3, 1)),
        /bce takes probabilities, but the network ends with identity: use sigmoidCrossEntropy on its logits/,
      ],
      [
        "gradients",
        "an option it does not know",
        () =>
          gradients(
            mlp([2, 1]),
            Tensor.zeros(1, 2),
            "mse",
            Tensor.ones(1, 1),
            as<object>({ product: 1 }),
          ),
        /gradients has no option "product"/,
      ],
      [
        "backpropagate",
        "a gradient of the wrong shape",
        () => backpropagate(mlp([2, 4, 2]), Tensor.zeros(3, 2), Tensor.ones(3, 1)),
        /backpropagate's gradient dOut must be 3×2, one row per sample and one column per network output, got 3×1/,
      ],
    ],
  },
  {
    name: "convolution and pooling: sizes that do not fit",
    rows: [
      [
        "Conv2d",
        "a kernel larger than the padded input",
        () => new Conv2d(1, 2, 5, { input: 3 }),
        /Conv2d's height kernel size 5 is larger than the padded input \(3 \+ 2 × 0 = 3\)/,
      ],
      [
        "Conv2d",
        "an output size that is not a whole number",
        () => new Conv2d(1, 2, [3, 2], { input: [7, 5], stride: 2 }),
        /Conv2d's output width is not a whole number: \(5 \+ 2 × 0 − 2\) \/ 2 \+ 1 = 2.5/,
      ],
      [
        "Conv2d",
        "no input size",
        () => new Conv2d(1, 2, 3, as<Conv2dOptions>({ stride: 1 })),
        /Conv2d needs options with the input's size, such as \{ input: \[28, 28\] \}/,
      ],
      [
        "Conv2d",
        "the wrong number of channels",
        () => new Conv2d(3, 2, 3, { input: 4 }).forward(Tensor.zeros(1, 16)),
        /Conv2d.forward takes 3 channel\(s\) of 4×4 = 48 values per sample, but X is 1×16/,
      ],
      [
        "Conv2d",
        "a kernel size of 0",
        () => new Conv2d(1, 1, 0, { input: 4 }),
        /Conv2d's kernelSize must be a whole number ≥ 1, got 0/,
      ],
      [
        "MaxPool2d",
        "a window larger than the input",
        () => new MaxPool2d(3, { input: 2 }),
        /MaxPool2d's height kernel size 3 is larger than the padded input \(2 \+ 2 × 0 = 2\)/,
      ],
      [
        "MaxPool2d",
        "windows that do not tile the input",
        () => new MaxPool2d(2, { input: 5 }),
        /MaxPool2d's output height is not a whole number: \(5 \+ 2 × 0 − 2\) \/ 2 \+ 1 = 2.5/,
      ],
      [
        "MaxPool2d",
        "backward before forward",
        () => new MaxPool2d(2, { input: 2 }).backward(Tensor.zeros(1, 1)),
        /MaxPool2d.backward was called before forward/,
      ],
    ],
  },
  {
    name: "the recurrent layer: sizes, options and order of calls",
    rows: [
      [
        "RNN",
        "an input width that is not a multiple of inputSize",
        () => new RNN(3, 2, { steps: 4 }).forward(Tensor.zeros(2, 13)),
        /RNN.forward takes 4 time steps of 3 values \(12 per sample\), but X is 2×13: 13 is not a multiple of the input size 3/,
      ],
      [
        "RNN",
        "a sequence of the wrong length",
        () => new RNN(2, 2, { steps: 4 }).forward(Tensor.zeros(1, 6)),
        /RNN.forward takes 4 time steps of 2 values \(8 per sample\), but X is 1×6: 3 time steps/,
      ],
      [
        "RNN",
        "an inputSize of 0",
        () => new RNN(0, 2, { steps: 3 }),
        /RNN's inputSize must be a whole number ≥ 1, got 0/,
      ],
      [
        "RNN",
        "a negative hiddenSize",
        () => new RNN(1, -2, { steps: 3 }),
        /RNN's hiddenSize must be a whole number ≥ 1, got -2/,
      ],
      [
        "RNN",
        "steps of 2.5",
        () => new RNN(1, 2, { steps: 2.5 }),
        /RNN's steps must be a whole number ≥ 1, got 2.5/,
      ],
      [
        "RNN",
        "no steps",
        () => new RNN(1, 2, as<RNNOptions>({ output: "last" })),
        /RNN needs options with the number of time steps, such as \{ steps: 10 \}, got/,
      ],
      [
        "RNN",
        "an unknown activation",
        () => new RNN(1, 2, { steps: 3, activation: as<ActivationName>("gelu") }),
        /RNN's activation must be one of relu, sigmoid, tanh, identity, leakyRelu, got "gelu"/,
      ],
      [
        "RNN",
        "an unknown output",
        () => new RNN(1, 2, { steps: 3, output: as<"all">("first") }),
        /RNN's output must be "all" \(every hidden state\) or "last" \(h_T only\), got "first"/,
      ],
      [
        "RNN",
        "a misspelt option",
        () => new RNN(1, 2, as<RNNOptions>({ steps: 3, Activation: "relu" })),
        /RNN has no option "Activation" \(did you mean "activation"\?\)/,
      ],
      [
        "RNN",
        "backward before forward",
        () => new RNN(1, 2, { steps: 3 }).backward(Tensor.zeros(1, 6)),
        /RNN.backward was called before forward/,
      ],
      [
        "RNN",
        "a gradient of the wrong shape",
        () => {
          const rnn = new RNN(1, 2, { steps: 3, output: "last" });
          rnn.forward(Tensor.zeros(4, 3));
          return rnn.backward(Tensor.zeros(4, 6));
        },
        /RNN.backward expected a 4×2 gradient, got 4×6/,
      ],
      [
        "RNN",
        "a stage buffer too short",
        () =>
          new RNN(2, 2, { steps: 3 }).forwardInto(
            new Float64Array(5),
            new Float64Array(6),
            1,
            referenceProducts,
          ),
        /RNN.forwardInto's input must be a Float64Array of at least 1 × 6 values/,
      ],
    ],
  },
  {
    name: "non-finite numbers and holes, by every door",
    rows: [
      [
        "Tensor",
        "a Float64Array holding NaN",
        () => new Tensor(1, 2, new Float64Array([1, NaN])),
        /must hold finite numbers, but the value at row 0, column 1 is NaN/,
      ],
      [
        "Tensor",
        "set(Infinity)",
        () => Tensor.zeros(1, 1).set(0, 0, Infinity),
        /Cannot store Infinity at \(0, 0\): values must be finite numbers/,
      ],
      [
        "Tensor",
        "from() with a hole",
        () => Tensor.from(as<number[][]>([[1, , 3]])),
        /row 0, column 1 is not a finite number: a hole in the array/,
      ],
      [
        "Tensor",
        "uniform() to Infinity",
        () => Tensor.uniform(2, 2, new Rng(1), 0, Infinity),
        /uniform needs finite bounds low < high, got \[0, Infinity\)/,
      ],
      [
        "Tensor",
        "normal() with a NaN std",
        () => Tensor.normal(2, 2, new Rng(1), 0, NaN),
        /normal needs a finite mean and a finite std ≥ 0, got 0 and NaN/,
      ],
      ["Rng", "a NaN seed", () => new Rng(NaN), /Seed must be a safe integer, got NaN/],
      [
        "fit",
        "X with a NaN",
        () => fit(mlp([2, 2, 1]), withNaN(X, 3), y, { lr: 0.1, epochs: 1 }),
        /fit's inputs X must hold finite numbers, but row 1, column 1 is NaN/,
      ],
      [
        "trainEpochs",
        "y with Infinity",
        () => trainEpochs(mlp([2, 2, 1]), X, withNaN(y, 2, Infinity), { lr: 0.1, epochs: 1 }),
        /trainEpochs's targets y must hold finite numbers, but row 2, column 0 is Infinity/,
      ],
      [
        "solve",
        "A with a NaN",
        () => solve(withNaN(t22()), Tensor.column([1, 2])),
        /solve's A must hold finite numbers, but row 0, column 0 is NaN/,
      ],
      [
        "leastSquares",
        "X with Infinity",
        () => leastSquares(withNaN(X, 0, Infinity), y),
        /leastSquares's X must hold finite numbers/,
      ],
      [
        "argmax",
        "a NaN that would silently lose",
        () => argmax(withNaN(Tensor.from([[1, 2]]), 1)),
        /argmax's argument must hold finite numbers, but row 0, column 1 is NaN/,
      ],
      [
        "fitStandardizer",
        "a NaN column",
        () => fitStandardizer(withNaN(X)),
        /fitStandardizer's X must hold finite numbers/,
      ],
      [
        "mse",
        "NaN predictions",
        () => mse(withNaN(y.clone()), y),
        /mse's predictions yHat must hold finite numbers, but row 0, column 0 is NaN/,
      ],
      [
        "mseGrad",
        "NaN predictions",
        () => mseGrad(withNaN(y.clone()), y),
        /mse's predictions yHat must hold finite numbers/,
      ],
      [
        "map",
        "a function returning NaN",
        () => map(t22(), () => NaN),
        /map's function gave NaN for 1 \(row 0, column 0\): it must return finite numbers/,
      ],
      [
        "checkGradients",
        "a NaN value",
        () => checkGradients(() => 0, [{ name: "w", value: withNaN(t22()), grad: t22() }]),
        /The value of w must hold finite numbers/,
      ],
      [
        "Linear",
        "fromWeights with a NaN weight",
        () => Linear.fromWeights(withNaN(t22()), Tensor.row([0, 0])),
        /W must hold finite numbers/,
      ],
      [
        "checkNetwork",
        "X with a NaN",
        () => checkNetwork(mlp([2, 2, 1]), withNaN(X), y),
        /checkNetwork's inputs X must hold finite numbers/,
      ],
      [
        "checkLayer",
        "X with a NaN",
        () => checkLayer(new Linear(2, 1, { seed: 1 }), withNaN(X)),
        /checkLayer's input X must hold finite numbers/,
      ],
    ],
  },
  {
    name: "fit's own inputs",
    rows: [
      [
        "fit",
        "no options",
        () => fit(mlp([2, 2, 1]), X, y, as<FitOptions>(undefined)),
        /fit needs an options object such as \{ lr: 0.1, epochs: 100 \}, got undefined/,
      ],
      [
        "fit",
        "a null model",
        () => fit(as<Layer>(null), X, y, { lr: 0.1, epochs: 1 }),
        /fit's model must be a layer or network .* got null/,
      ],
      [
        "fit",
        "a null loss",
        () => fit(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, loss: as<"mse">(null) }),
        /loss must be a loss name \(mse, bce, sigmoidCrossEntropy, softmaxCrossEntropy\) or a Loss object, got null/,
      ],
      [
        "fit",
        "a callback that is not a function",
        () => fit(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, onEpoch: as<() => void>("log") }),
        /onEpoch must be a function, got "log"/,
      ],
      [
        "fit",
        "a misspelt option",
        () => fit(mlp([2, 2, 1]), X, y, as<FitOptions>({ lr: 0.1, epochs: 1, batchsize: 2 })),
        /fit has no option "batchsize" \(did you mean "batchSize"\?\)/,
      ],
      [
        "fit",
        "saturated probabilities",
        () =>
          fit(
            new Sequential([
              Linear.fromWeights(Tensor.from([[-1]]), Tensor.row([0])),
              new ActivationLayer("sigmoid"),
            ]),
            Tensor.column([1000]),
            Tensor.column([1]),
            { lr: 0.1, epochs: 1, loss: "bce" },
          ),
        /Training diverged in epoch 1: the loss became Infinity: a prediction reached exactly 0 or 1 on the wrong side, where bce is infinite; train on logits with sigmoidCrossEntropy/,
      ],
      [
        "trainEpochs",
        "an unknown backend",
        () => trainEpochs(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, backend: "gpu" }),
        /Unknown backend "gpu": use "auto" or one of "fast", "reference"/,
      ],
      [
        "trainSteps",
        "a batch of no samples",
        () => trainSteps(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1, batchSize: 0 }),
        /batchSize must be a whole number ≥ 1, got 0/,
      ],
      [
        "SGD",
        "a parameter that is not one",
        () => new SGD(as<[]>([{ name: "w" }]), { lr: 0.1 }),
        /SGD's parameter 0 must be \{ name, value, grad \} with value and grad Tensors of one size, got an object/,
      ],
      [
        "SGD",
        "a misspelt option",
        () => new SGD([], as<{ lr: number }>({ lr: 0.1, momentun: 0.9 })),
        /SGD has no option "momentun": it takes lr, momentum, weightDecay/,
      ],
      [
        "checkSgdOptions",
        "a negative weight decay",
        () => checkSgdOptions({ lr: 0.1, weightDecay: -1 }),
        /weightDecay must be a finite number ≥ 0, got -1/,
      ],
      [
        "sgdUpdate",
        "a gradient of another length",
        () => sgdUpdate(new Float64Array(3), new Float64Array(2), new Float64Array(3), 0.1, 0, 0),
        /sgdUpdate needs a gradient as long as the 3 values, got 2 and 3/,
      ],
      [
        "l2Penalty",
        "a NaN weight decay",
        () => l2Penalty([], NaN),
        /weightDecay must be a finite number ≥ 0, got NaN/,
      ],
      [
        "l1Penalty",
        "a negative L1 penalty",
        () => l1Penalty([], -0.5),
        /l1 must be a finite number ≥ 0, got -0\.5/,
      ],
      [
        "checkOptimizerOptions",
        "an unknown optimiser",
        () => checkOptimizerOptions(as<{ lr: number }>({ lr: 0.1, optimizer: "rmsprop" })),
        /optimizer must be "sgd", "momentum" or "adam", got "rmsprop"/,
      ],
      [
        "Optimizer",
        "Adam given momentum",
        () => new Optimizer([], { lr: 0.1, optimizer: "adam", momentum: 0.9 }),
        /momentum is a setting of "sgd" and "momentum", not of "adam"/,
      ],
      [
        "Dropout",
        "a rate of 1",
        () => new Dropout(4, 1),
        /A Dropout layer's rate must be a number in \[0, 1\), got 1/,
      ],
      ["resolveLoss", "a number", () => resolveLoss(3), /loss must be a loss name .* got 3/],
      [
        "getLoss",
        "an unknown name",
        () => getLoss("hinge"),
        /Unknown loss "hinge": use one of mse, bce, sigmoidCrossEntropy, softmaxCrossEntropy/,
      ],
      [
        "createTraining",
        "one backend twice",
        () => createTraining([referenceBackend, referenceBackend]),
        /createTraining's backends need distinct names other than "auto", got "reference" twice/,
      ],
      [
        "forwardStages",
        "an into of the wrong shape",
        () => forwardStages(mlp([2, 3, 1]), X, { into: Tensor.zeros(4, 2) }),
        /forwardStages's into must be 4×1 for this network and X, got 4×2/,
      ],
      [
        "stageOutputs",
        "X of the wrong width",
        () => stageOutputs(mlp([3, 2, 1]), X),
        /This network takes 3 inputs per sample but X is 4×2/,
      ],
      [
        "linearStagesOf",
        "no name for the caller",
        () => linearStagesOf(mlp([2, 1]), ""),
        /linearStagesOf's who must name the caller, got ""/,
      ],
    ],
  },
  {
    name: "backward passes check the gradient they are given",
    rows: [
      [
        "matmulBackward",
        "a gradient of the wrong shape",
        () => matmulBackward(t22(), t22(), Tensor.zeros(3, 2)),
        /matmulBackward expected a 2×2 gradient \(the forward output's shape\), got 3×2/,
      ],
      [
        "addBackward",
        "a gradient of the wrong shape",
        () => addBackward(t22(), Tensor.row([1, 2]), Tensor.zeros(1, 2)),
        /addBackward expected a 2×2 gradient/,
      ],
      [
        "addBackward",
        "a bias that cannot broadcast",
        () => addBackward(t22(), Tensor.column([1, 2]), t22()),
        /Cannot add 2×2 and 2×1: the second must be 2×2, a 1×2 row/,
      ],
      [
        "mulBackward",
        "a gradient of the wrong shape",
        () => mulBackward(t22(), t22(), Tensor.zeros(2, 3)),
        /mulBackward expected a 2×2 gradient/,
      ],
      [
        "activationBackward",
        "a gradient of the wrong shape",
        () => activationBackward("relu", t22(), Tensor.zeros(2, 1)),
        /The relu backward pass expected a 2×2 gradient \(the shape of Z\), got 2×1/,
      ],
      ["ActivationLayer", "backward with the wrong shape", () => {
        const layer = new ActivationLayer("tanh");
        layer.forward(t22());
        return layer.backward(Tensor.zeros(1, 2));
      }, /The tanh backward pass expected a 2×2 gradient/],
      ["Linear", "backward with the wrong shape", () => {
        const layer = new Linear(2, 3, { seed: 1 });
        layer.forward(X);
        return layer.backward(Tensor.zeros(4, 2));
      }, /Linear.backward expected a 4×3 gradient, got 4×2/],
      [
        "softmaxBackward",
        "a gradient of the wrong shape",
        () => softmaxBackward(softmax(t22()), Tensor.zeros(1, 2)),
        /softmaxBackward expected a 2×2 gradient \(the shape of P\), got 1×2/,
      ],
      [
        "Sequential",
        "a layer that is not one",
        () => new Sequential([new Linear(2, 1, { seed: 1 }), as<Layer>({ forward: () => 0 })]),
        /Sequential's layer 2 is an object, not a layer: it has no backward, parameters, zeroGrad/,
      ],
    ],
  },
  {
    name: "sizes too large to allocate are named",
    rows: [
      [
        "Tensor",
        "100000 × 100000",
        () => Tensor.zeros(100000, 100000),
        /A 100000×100000 tensor would hold 10000000000 values, more than the 268435456 \(2 GiB\) one tensor may hold/,
      ],
      [
        "mlp",
        "a layer of 10⁵ × 10⁵ weights",
        () => mlp([100000, 100000, 1]),
        /would hold 10000000000 values/,
      ],
      [
        "initWeights",
        "10⁵ × 10⁵ weights",
        () => initWeights("he", 100000, 100000, new Rng(1)),
        /would hold 10000000000 values/,
      ],
      ["circles", "10¹⁰ points", () => circles({ n: 1e10 }), /would hold 20000000000 values/],
      [
        "Rng",
        "a permutation of 2³² indices",
        () => new Rng(1).permutation(2 ** 32),
        /permutation needs a whole number from 0 to 2³¹ − 1, got 4294967296/,
      ],
    ],
  },
  {
    name: "figures and tables",
    rows: [
      [
        "formatNumber",
        "0 digits",
        () => formatNumber(1.5, 0),
        /digits must be a whole number from 1 to 17, got 0/,
      ],
    ],
  },
  {
    name: "arguments of the wrong kind or shape",
    rows: [
      [
        "matmul",
        "inner sizes that differ",
        () => matmul(Tensor.zeros(4, 2), Tensor.zeros(3, 1)),
        /Cannot multiply 4×2 by 3×1: inner sizes 2 and 3 differ/,
      ],
      [
        "transpose",
        "an array",
        () => transpose(as<Tensor>([[1]])),
        /transpose's argument must be a Tensor, got an array of length 1/,
      ],
      [
        "add",
        "a column that cannot broadcast",
        () => add(t22(), Tensor.column([1, 2])),
        /Cannot add 2×2 and 2×1/,
      ],
      [
        "sub",
        "shapes that differ",
        () => sub(t22(), Tensor.zeros(3, 2)),
        /Cannot subtract 2×2 and 3×2/,
      ],
      [
        "mul",
        "shapes that differ",
        () => mul(t22(), Tensor.zeros(3, 2)),
        /Cannot multiply element-wise 2×2 and 3×2/,
      ],
      [
        "scale",
        "a NaN factor",
        () => scale(t22(), NaN),
        /scale's factor must be a finite number, got NaN/,
      ],
      [
        "sum",
        "axis 2",
        () => sum(t22(), as<0>(2)),
        /sum takes axis 0 \(down the rows\) or 1 \(across columns\), got 2/,
      ],
      [
        "mean",
        "axis -1",
        () => mean(t22(), as<0>(-1)),
        /mean takes axis 0 .* or 1 .* got -1|sum takes axis 0 .* got -1/,
      ],
      [
        "sliceRows",
        "an empty range",
        () => sliceRows(t22(), 1, 1),
        /Cannot slice rows \[1, 1\) of a 2×2 tensor: need 0 ≤ start < end ≤ 2/,
      ],
      [
        "gatherRows",
        "no indices",
        () => gatherRows(t22(), as<number[]>(null)),
        /gatherRows needs an array of row indices, got null/,
      ],
      [
        "gatherRows",
        "an index out of range",
        () => gatherRows(t22(), [0, 2]),
        /Row index 2 is out of range for a 2×2 tensor/,
      ],
      [
        "concatColumns",
        "row counts that differ",
        () => concatColumns(t22(), Tensor.zeros(3, 1)),
        /Cannot place 3×1 beside 2×2: row counts differ/,
      ],
      [
        "activate",
        "an unknown activation",
        () => activate(as<"relu">("softsign"), t22()),
        /Unknown activation "softsign": use one of relu, sigmoid, tanh, identity, leakyRelu/,
      ],
      [
        "activationDerivative",
        "not a tensor",
        () => activationDerivative("tanh", as<Tensor>(3)),
        /tanh's input must be a Tensor, got 3/,
      ],
      ["getActivation", "a number", () => getActivation(as<string>(7)), /Unknown activation 7/],
      [
        "excelFormula",
        "not a cell",
        () => excelFormula("relu", "A 1"),
        /Not a cell reference: "A 1"/,
      ],
      [
        "relu",
        "not a tensor",
        () => relu(as<Tensor>(null)),
        /relu's input must be a Tensor, got null/,
      ],
      [
        "sigmoid",
        "not a tensor",
        () => sigmoid(as<Tensor>([1])),
        /sigmoid's input must be a Tensor, got an array of length 1/,
      ],
      [
        "tanh",
        "not a tensor",
        () => tanh(as<Tensor>(undefined)),
        /tanh's input must be a Tensor, got undefined/,
      ],
      [
        "softmax",
        "not a tensor",
        () => softmax(as<Tensor>({})),
        /softmax's input Z must be a Tensor, got an object/,
      ],
      [
        "bce",
        "a probability above 1",
        () => bce(Tensor.column([1.5]), Tensor.column([1])),
        /bce needs probabilities in \[0, 1\] .* got 1.5 at row 0, column 0/,
      ],
      [
        "bceGrad",
        "a target above 1",
        () => bceGrad(Tensor.column([0.5]), Tensor.column([2])),
        /bce needs targets in \[0, 1\], got 2 at row 0, column 0/,
      ],
      [
        "sigmoidCrossEntropy",
        "a negative target",
        () => sigmoidCrossEntropy(Tensor.column([0]), Tensor.column([-1])),
        /sigmoidCrossEntropy needs targets in \[0, 1\], got -1/,
      ],
      [
        "sigmoidCrossEntropyGrad",
        "shapes that differ",
        () => sigmoidCrossEntropyGrad(Tensor.column([0]), Tensor.zeros(2, 1)),
        /needs equal shapes, got 1×1 and 2×1/,
      ],
      [
        "softmaxCrossEntropy",
        "targets whose row does not sum to 1",
        () => softmaxCrossEntropy(t22(), t22()),
        /softmaxCrossEntropy needs targets in \[0, 1\], got 2|row 0 sums to 3/,
      ],
      [
        "softmaxCrossEntropyGrad",
        "one column",
        () => softmaxCrossEntropyGrad(Tensor.zeros(2, 1), Tensor.ones(2, 1)),
        /needs one column per class \(at least 2\), got targets 2×1; for one output use sigmoidCrossEntropy/,
      ],
      [
        "oneHot",
        "a label out of range",
        () => oneHot([0, 3], 3),
        /oneHot got label 3 at index 1: labels must be whole numbers 0 to 2/,
      ],
      [
        "initWeights",
        "an unknown scheme",
        () => initWeights(as<InitName>("glorot"), 2, 2, new Rng(1)),
        /Unknown initialisation "glorot": use one of uniform, normal, xavier, he/,
      ],
      [
        "initWeights",
        "no generator",
        () => initWeights("he", 2, 2, as<Rng>(1)),
        /initWeights's rng must be a Rng, got 1/,
      ],
      [
        "Linear",
        "names that are not two",
        () => new Linear(2, 2, { names: as<[string, string]>(["W1"]) }),
        /names must be two names such as \["W1", "b1"\], got an array of length 1/,
      ],
      [
        "Linear",
        "a misspelt option",
        () => new Linear(2, 2, as<{ seed: number }>({ sead: 1 })),
        /Linear has no option "sead"/,
      ],
      [
        "ActivationLayer",
        "an unknown activation",
        () => new ActivationLayer(as<"relu">("gelu")),
        /Unknown activation "gelu"/,
      ],
      [
        "mlp",
        "a misspelt option",
        () => mlp([2, 2, 1], as<{ seed: number }>({ Seed: 1 })),
        /mlp has no option "Seed" \(did you mean "seed"\?\)/,
      ],
      [
        "stagesOf",
        "a lone activation",
        () => stagesOf(new Sequential([new ActivationLayer("relu")])),
        /layer 1 is a relu activation with no stage layer before it/,
      ],
      [
        "stageProblem",
        "not a model",
        () => assert.fail(stageProblem("net") ?? "no problem found"),
        /the model is "net", not a Sequential/,
      ],
      [
        "checkGradients",
        "a step of 0",
        () => checkGradients(() => 0, [{ name: "w", value: t22(), grad: t22() }], { eps: 0 }),
        /The step eps must be a finite number > 0, got 0/,
      ],
      [
        "checkGradients",
        "f that is not a function",
        () => checkGradients(as<() => number>(1), []),
        /checkGradients's f must be a function, got 1/,
      ],
      [
        "checkLayer",
        "a misspelt option",
        () => checkLayer(new Linear(2, 1, { seed: 1 }), X, as<{ seed: number }>({ sed: 1 })),
        /checkLayer has no option "sed"/,
      ],
      [
        "generate",
        "an unknown dataset",
        () => generate(as<GeneratorName>("swissRoll")),
        /Unknown dataset "swissRoll": use one of circles, gaussians, spiral, moons/,
      ],
      [
        "gaussians",
        "negative noise",
        () => gaussians({ noise: -1 }),
        /noise must be a finite number ≥ 0, got -1/,
      ],
      [
        "spiral",
        "a fractional size",
        () => spiral({ n: 2.5 }),
        /n must be a whole number ≥ 1, got 2.5/,
      ],
      [
        "blobs",
        "one class",
        () => blobs({ classes: 1 }),
        /blobs's classes must be a whole number ≥ 2, got 1/,
      ],
      [
        "spiralArms",
        "a fractional number of classes",
        () => spiralArms({ classes: 2.5 }),
        /spiralArms's classes must be a whole number ≥ 2, got 2.5/,
      ],
      [
        "noisySine",
        "negative noise",
        () => noisySine({ noise: -0.1 }),
        /noise must be a finite number ≥ 0, got -0.1/,
      ],
      [
        "saddle",
        "no points",
        () => saddle({ n: 0 }),
        /n must be a whole number ≥ 1, got 0/,
      ],
      [
        "xorQuadrants",
        "noise of Infinity",
        () => xorQuadrants({ noise: Infinity }),
        /noise must be a finite number ≥ 0, got Infinity/,
      ],
      [
        "moons",
        "a misspelt option",
        () => moons(as<{ n: number }>({ N: 100 })),
        /A dataset generator has no option "N" \(did you mean "n"\?\)/,
      ],
      [
        "trainTestSplit",
        "a fraction of 1",
        () => trainTestSplit({ X, y }, { testFraction: 1 }),
        /testFraction 1 of 4 samples leaves an empty part/,
      ],
      [
        "assertAllClose",
        "a negative tolerance",
        () => assertAllClose(1, 1, { rtol: -1 }),
        /assertAllClose's rtol must be a finite number ≥ 0, got -1/,
      ],
      [
        "seedDefaultRng",
        "a fractional seed",
        () => seedDefaultRng(0.5),
        /Seed must be a safe integer, got 0.5/,
      ],
      [
        "svd",
        "an array",
        () => svd(as<Tensor>([[1]])),
        /svd's argument A must be a Tensor, got an array of length 1/,
      ],
      [
        "minimumNormLeastSquares",
        "y with other rows",
        () => minimumNormLeastSquares(X, Tensor.zeros(3, 1)),
        /X and y need one row per sample, got X 4×2 and y 3×1/,
      ],
      [
        "ridge",
        "a negative lambda",
        () => ridge(X, y, { lambda: -1 }),
        /ridge's lambda must be a finite number ≥ 0, got -1/,
      ],
      [
        "parseIdx",
        "a truncated file",
        () => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5])),
        /The file is truncated: its header announces 5 values, 5 bytes after the 8-byte header, but only 0 follow/,
      ],
      [
        "parseMnist",
        "a foreign file",
        () => parseMnist(new Uint8Array(4), new Uint8Array(4)),
        /The images file holds values of unknown type 0x00 \(magic number 0x00000000\)/,
      ],
      [
        "parseCars",
        "a row without a number where one belongs",
        () => parseCars(`[{"Name": "a", "Miles_per_Gallon": "18 mpg"}]`),
        /Row 0 \("a"\) of cars.json has Miles_per_Gallon "18 mpg": expected a number ≥ 0 or null/,
      ],
    ],
  },
];

// Promises: errors of async functions arrive as rejections, so .catch() sees them.
export const asyncRows: Row[] = [];
