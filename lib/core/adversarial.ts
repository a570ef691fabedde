/**
 * Gradients with respect to a network's input, and the two training steps
 * of a generative adversarial network (GAN): a generator G turns noise z
 * into samples, a discriminator D scores a sample with one logit (high:
 * "real"), and each is trained in turn while the other is held fixed.
 *
 * Everything runs through the one pass over stages (the forward pass and
 * the backward pass that training uses), asked for one more thing: the
 * first stage's input gradient ∂loss/∂X, which ordinary training skips. That
 * gradient is how D's verdict reaches G: the loss of D(G(z)) is
 * backpropagated through D into G's output, then through G into its weights.
 * The loss is the library's {@link sigmoidCrossEntropy} on D's logit, and the
 * update is an {@link SGD} built on the network that moves.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import type { Layer } from "./layers.ts";
import { type Loss, type LossName, resolveLoss } from "./losses.ts";
import { type Products, referenceProducts, type Stage, stagesOf } from "./stage.ts";
import { SGD } from "./optim.ts";
import { allocatePass, checkProducts, runBackward, runForward } from "./_pass.ts";
import { checkAllFinite, checkInstance, checkOptions, checkTensor, shapeOf } from "./_validate.ts";

/**
 * Options for {@link gradients}, {@link backpropagate} and the GAN steps.
 *
 * @example The fast path's products, for a GAN trained for thousands of steps
 * ```ts
 * import { gradients, mlp, type PassOptions, referenceProducts, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: PassOptions = { products: referenceProducts };
 * const net = mlp([2, 3, 1], { seed: 1 });
 * assert.equal(gradients(net, Tensor.ones(2, 2), "mse", Tensor.ones(2, 1), options).dX.rows, 2);
 * ```
 */
export interface PassOptions {
  /** The matrix products (default {@link referenceProducts}; `nn/fast` has `fastProducts`). */
  products?: Products;
}

function productsOf(options: PassOptions | undefined, who: string): Products {
  if (options === undefined) return referenceProducts;
  checkOptions(options, ["products"], who, "{ products: fastProducts }");
  const p = options.products ?? referenceProducts;
  checkProducts(p, `${who}'s products`);
  return p;
}

/**
 * What {@link gradients} returns. The parameter gradients themselves are
 * set on the network (each parameter's `grad`), as a backward pass sets them.
 *
 * @example
 * ```ts
 * import { type Gradients, gradients, mlp, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const g: Gradients = gradients(mlp([2, 3, 1], { seed: 1 }), Tensor.ones(4, 2), "mse", Tensor.zeros(4, 1));
 * assert.deepEqual(g.dX.shape, [4, 2]);
 * ```
 */
export interface Gradients {
  /** The loss of the network's output against the targets. */
  loss: number;
  /** The network's output for X. */
  output: Tensor;
  /** ∂loss/∂X, one row per sample of X: which way to move each input to lower the loss. */
  dX: Tensor;
}

/** The stages of `model`, refusing anything that is not a network of stages, in `who`'s words. */
function networkStages(model: Layer, who: string): Stage[] {
  try {
    return stagesOf(model);
  } catch (e) {
    throw new TypeError(
      `${who} must be a network of stages such as mlp([2, 16, 1]): ${(e as Error).message}`,
    );
  }
}

/** That X is a finite tensor with as many columns as the network's first stage takes. */
function checkInput(stages: readonly Stage[], X: Tensor, what: string): void {
  checkTensor(X, what);
  checkAllFinite(X, what);
  const nIn = stages[0].layer.inWidth;
  if (X.cols !== nIn) {
    throw new RangeError(
      `${what} must have ${nIn} columns, one per network input, got ${shapeOf(X)}`,
    );
  }
}

/**
 * The one forward pass over `stages` for X, kept so that the one backward pass
 * can follow it: `backward` fills the last stage's dA by `seed` from the output,
 * sets every parameter's gradient and returns ∂/∂X. Arguments are the
 * caller's to have checked.
 */
function forwardPass(
  stages: readonly Stage[],
  X: Tensor,
  products: Products,
): {
  output: Tensor;
  backward: (seed: (output: Float64Array, dOut: Float64Array) => void) => Tensor;
} {
  const rows = X.rows, buffers = allocatePass(stages, rows);
  runForward(stages, X.data, rows, buffers, products);
  const last = stages.length - 1;
  const output = new Tensor(rows, stages[last].layer.outWidth, buffers.A[last].slice());
  const backward = (seed: (output: Float64Array, dOut: Float64Array) => void) => {
    const dA = stages.map((s) => new Float64Array(rows * s.layer.outWidth));
    const dZ = stages.map((s) => new Float64Array(rows * s.layer.outWidth));
    seed(output.data, dA[last]);
    const dX = new Tensor(rows, X.cols);
    runBackward(stages, X.data, rows, buffers, dA, dZ, products, dX.data);
    return dX;
  };
  return { output, backward };
}

/** The forward pass and, straight after it, the backward pass seeded by `seed`. */
function pass(
  stages: readonly Stage[],
  X: Tensor,
  products: Products,
  seed: (output: Float64Array, dOut: Float64Array) => void,
): { output: Tensor; dX: Tensor } {
  const { output, backward } = forwardPass(stages, X, products);
  return { output, dX: backward(seed) };
}

/**
 * Backpropagates a gradient `dOut` = ∂loss/∂output through a network at
 * input X: sets every parameter's gradient (∂loss/∂W = what the output's
 * gradient implies for W) and returns ∂loss/∂X. This is how a loss computed
 * after the network (by another network, say) reaches its weights.
 *
 * @example For one Linear layer, ∂loss/∂X = dOut·Wᵀ
 * ```ts
 * import { backpropagate, Linear, Sequential, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = new Sequential([Linear.fromWeights(Tensor.from([[2], [3]]), Tensor.row([0]))]);
 * const dX = backpropagate(net, Tensor.from([[1, 1]]), Tensor.from([[10]]));
 * assert.deepEqual(dX.toArray(), [[20, 30]]);
 * assert.deepEqual(net.parameters()[0].grad.toArray(), [[10], [10]]);
 * ```
 */
export function backpropagate(
  model: Layer,
  X: Tensor,
  dOut: Tensor,
  options?: PassOptions,
): Tensor {
  const stages = networkStages(model, "backpropagate's model");
  checkInput(stages, X, "backpropagate's inputs X");
  checkTensor(dOut, "backpropagate's gradient dOut");
  checkAllFinite(dOut, "backpropagate's gradient dOut");
  const nOut = stages[stages.length - 1].layer.outWidth;
  if (dOut.rows !== X.rows || dOut.cols !== nOut) {
    throw new RangeError(
      `backpropagate's gradient dOut must be ${X.rows}×${nOut}, one row per sample and one column per network output, got ${
        shapeOf(dOut)
      }`,
    );
  }
  const products = productsOf(options, "backpropagate");
  return pass(stages, X, products, (_, d) => d.set(dOut.data)).dX;
}

/**
 * The loss of a network's output for X against targets y, and its gradients:
 * sets every parameter's gradient, as a training step's backward pass does,
 * and returns ∂loss/∂X as well, from the same pass. Nothing is updated.
 *
 * @example The input gradient points where the loss falls
 * ```ts
 * import { gradients, mlp, Rng, sub, scale, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 8, 1], { seed: 2, activation: "tanh" });
 * const X = Tensor.normal(5, 2, new Rng(1)), y = Tensor.ones(5, 1);
 * const { loss, dX } = gradients(net, X, "sigmoidCrossEntropy", y);
 * const moved = gradients(net, sub(X, scale(dX, 0.01)), "sigmoidCrossEntropy", y);
 * assert.ok(moved.loss < loss);
 * ```
 */
export function gradients(
  model: Layer,
  X: Tensor,
  loss: LossName | Loss,
  y: Tensor,
  options?: PassOptions,
): Gradients {
  const stages = networkStages(model, "gradients's model");
  checkInput(stages, X, "gradients's inputs X");
  const lossFn = resolveLoss(loss);
  checkTensor(y, "gradients's targets y");
  const nOut = stages[stages.length - 1].layer.outWidth;
  if (y.rows !== X.rows || y.cols !== nOut) {
    throw new RangeError(
      `gradients's targets y must be ${X.rows}×${nOut}, one row per sample of X and one column per network output, got ${
        shapeOf(y)
      }`,
    );
  }
  lossFn.checkTargets(y);
  const lastActivation = stages[stages.length - 1].activation.name;
  if (lossFn.takes === "probabilities" && lastActivation !== "sigmoid") {
    throw new RangeError(
      `${lossFn.name} takes probabilities, but the network ends with ${lastActivation}: use sigmoidCrossEntropy on its logits`,
    );
  }
  const products = productsOf(options, "gradients");
  let value = NaN;
  const { output, dX } = pass(stages, X, products, (out, d) => {
    value = lossFn.valueOf(out, y.data, X.rows, nOut);
    lossFn.gradInto(out, y.data, d, X.rows, nOut);
  });
  return { loss: value, output, dX };
}

/**
 * What a GAN training step returns.
 *
 * @example
 * ```ts
 * import { discriminatorStep, type GanStep, mlp, SGD, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const D = mlp([2, 4, 1], { seed: 1 });
 * const step: GanStep = discriminatorStep(D, Tensor.ones(3, 2), Tensor.zeros(3, 2), new SGD(D.parameters(), { lr: 0.1 }));
 * assert.ok(step.loss > 0);
 * ```
 */
export interface GanStep {
  /** The step's sigmoid cross-entropy before the update. */
  loss: number;
}

/** That `optimizer` is an SGD over exactly `model`'s parameters, in `who`'s words. */
function checkOptimizer(optimizer: SGD, model: Layer, who: string, network: string): void {
  checkInstance(optimizer, SGD, `${who}'s optimizer`);
  const mine = optimizer.parameters(), theirs = model.parameters();
  if (mine.length !== theirs.length || mine.some((p, i) => p.value !== theirs[i].value)) {
    throw new RangeError(
      `${who}'s optimizer must update the ${network}'s ${theirs.length} parameters, but it updates ${mine.length} others: build it as new SGD(${network}.parameters(), { lr })`,
    );
  }
}

/** That a discriminator gives one logit per sample. */
function checkDiscriminator(stages: readonly Stage[], who: string): void {
  const nOut = stages[stages.length - 1].layer.outWidth;
  if (nOut !== 1) {
    throw new RangeError(
      `${who}'s discriminator must give 1 output per sample (a logit: high means real), got ${nOut}`,
    );
  }
}

function checkFiniteStep(loss: number, grads: readonly Tensor[], who: string): void {
  if (!Number.isFinite(loss) || !grads.every((g) => g.data.every(Number.isFinite))) {
    throw new RangeError(
      `${who}: the loss or a gradient is not finite (loss ${loss}), so nothing was updated; try a smaller learning rate`,
    );
  }
}

/**
 * One step of the generator G against a discriminator D held fixed: the
 * samples G(z), D's logits for them, and the loss sigmoidCrossEntropy(D(G(z)), 1)
 * (small when D takes the samples for real); its gradient flows back through
 * D into the samples (∂loss/∂G(z)), then through G into G's weights, and
 * `optimizer` (an SGD on G's parameters) updates G. D's weights do not
 * change; its parameter gradients are left holding this loss's gradient.
 *
 * @example D's verdict on G's samples improves, D unchanged
 * ```ts
 * import { forwardStages, generatorStep, mlp, Rng, SGD, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const G = mlp([2, 8, 2], { seed: 1 }), D = mlp([2, 8, 1], { seed: 2 });
 * const z = Tensor.normal(16, 2, new Rng(3));
 * const before = D.parameters().map((p) => [...p.value.data]);
 * const optimizer = new SGD(G.parameters(), { lr: 0.05 });
 * const first = generatorStep(G, D, z, optimizer);
 * assert.ok(generatorStep(G, D, z, optimizer).loss < first.loss);
 * assert.deepEqual(D.parameters().map((p) => [...p.value.data]), before);
 * ```
 */
export function generatorStep(
  generator: Layer,
  discriminator: Layer,
  z: Tensor,
  optimizer: SGD,
  options?: PassOptions,
): GanStep {
  const who = "generatorStep";
  const gStages = networkStages(generator, `${who}'s generator`);
  const dStages = networkStages(discriminator, `${who}'s discriminator`);
  checkInput(gStages, z, `${who}'s noise z`);
  const gOut = gStages[gStages.length - 1].layer.outWidth, dIn = dStages[0].layer.inWidth;
  if (gOut !== dIn) {
    throw new RangeError(
      `${who}'s generator gives ${gOut} values per sample but the discriminator takes ${dIn}: they must be equal`,
    );
  }
  checkDiscriminator(dStages, who);
  checkOptimizer(optimizer, generator, who, "generator");
  const products = productsOf(options, who), through = { products };
  // G's forward pass once: its output goes through D, and D's input gradient comes back into it.
  const generated = forwardPass(gStages, z, products);
  const samples = generated.output;
  checkAllFinite(samples, `${who}'s generated samples G(z)`);
  const ones = Tensor.ones(z.rows, 1);
  const judged = gradients(discriminator, samples, "sigmoidCrossEntropy", ones, through);
  generated.backward((_, dOut) => dOut.set(judged.dX.data));
  checkFiniteStep(judged.loss, generator.parameters().map((p) => p.grad), who);
  optimizer.step();
  return { loss: judged.loss };
}

/**
 * One step of the discriminator D: real samples with target 1 and generated
 * ones with target 0, in one batch (real rows first), the loss
 * sigmoidCrossEntropy over all of them, and `optimizer` (an SGD on D's
 * parameters) updates D. The generated samples are plain data here (compute
 * them with `forwardStages(G, z)`), so the generator cannot change.
 *
 * @example D learns to tell ones from zeros
 * ```ts
 * import { discriminatorStep, mlp, SGD, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const D = mlp([2, 8, 1], { seed: 1 });
 * const optimizer = new SGD(D.parameters(), { lr: 0.1 });
 * const first = discriminatorStep(D, Tensor.ones(4, 2), Tensor.zeros(4, 2), optimizer);
 * for (let i = 0; i < 50; i++) discriminatorStep(D, Tensor.ones(4, 2), Tensor.zeros(4, 2), optimizer);
 * assert.ok(discriminatorStep(D, Tensor.ones(4, 2), Tensor.zeros(4, 2), optimizer).loss < first.loss / 2);
 * ```
 */
export function discriminatorStep(
  discriminator: Layer,
  real: Tensor,
  fake: Tensor,
  optimizer: SGD,
  options?: PassOptions,
): GanStep {
  const who = "discriminatorStep";
  const stages = networkStages(discriminator, `${who}'s discriminator`);
  checkInput(stages, real, `${who}'s real samples`);
  checkInput(stages, fake, `${who}'s generated samples fake`);
  checkDiscriminator(stages, who);
  checkOptimizer(optimizer, discriminator, who, "discriminator");
  const products = productsOf(options, who);
  const X = new Tensor(real.rows + fake.rows, real.cols);
  X.data.set(real.data);
  X.data.set(fake.data, real.data.length);
  const y = new Tensor(X.rows, 1);
  y.data.fill(1, 0, real.rows);
  const { loss } = gradients(discriminator, X, "sigmoidCrossEntropy", y, { products });
  checkFiniteStep(loss, discriminator.parameters().map((p) => p.grad), who);
  optimizer.step();
  return { loss };
}
