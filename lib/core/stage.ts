/**
 * A network as a list of stages, and the one forward pass over them.
 *
 * A stage is a layer with weights (a Linear layer today; a convolution or a
 * recurrent cell is one more kind) and the activation after it. A layer kind
 * joins by implementing {@link StageLayer}: its widths, its forward into a
 * buffer and its backward beside it. Nothing else changes: the forward pass
 * here, the fast training workspace, predictions, the playground's views and
 * the notebooks all run a network through {@link forwardStages} or the same
 * internal pass it uses.
 *
 * The matrix products are a parameter ({@link Products}): the readable loops
 * of {@link referenceProducts} here, the blocked kernels of `nn/fast`
 * elsewhere, so the pass is written once whichever does the arithmetic.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { type Activation, ACTIVATIONS, getActivation } from "./activations.ts";
import { ActivationLayer, type Layer, Linear, Sequential } from "./layers.ts";
import { checkOptions, checkTensor, describe, shapeOf } from "./_validate.ts";
import { allocatePass, checkProducts, runForward, stridedProduct } from "./_pass.ts";

/**
 * The three matrix products a pass needs, on row-major arrays, with the
 * argument order of `nn/fast`'s `gemm`, `gemmTN` and `gemmNT`. They are
 * trusted: shapes are checked once, before a pass, not in every product.
 *
 * @example
 * ```ts
 * import { type Products, referenceProducts } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const p: Products = referenceProducts;
 * const C = new Float64Array(1);
 * p.product(new Float64Array([1, 2]), new Float64Array([3, 4]), C, 1, 2, 1);
 * assert.deepEqual([...C], [11]);
 * ```
 */
export interface Products {
  /** C (m×n) = A (m×k) · B (k×n). */
  product(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): void;
  /** C (m×n) = Aᵀ · B, where A is stored k×m and B is k×n. */
  productTN(
    A: Float64Array,
    B: Float64Array,
    C: Float64Array,
    m: number,
    k: number,
    n: number,
  ): void;
  /** C (m×n) = A · Bᵀ, where A is m×k and B is stored n×k. */
  productNT(
    A: Float64Array,
    B: Float64Array,
    C: Float64Array,
    m: number,
    k: number,
    n: number,
  ): void;
}

/**
 * The readable products: three nested loops, adding in the same order as
 * {@link matmul}, so a pass with them gives exactly the layer classes' numbers.
 *
 * @example The same numbers as the layers' own forward pass
 * ```ts
 * import { forwardStages, mlp, referenceProducts, Rng, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([3, 5, 2], { seed: 1 });
 * const X = Tensor.normal(4, 3, new Rng(2));
 * assert.deepEqual(forwardStages(net, X, { products: referenceProducts }).data, net.forward(X).data);
 * ```
 */
export const referenceProducts: Products = Object.freeze({
  product(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number) {
    stridedProduct(A, k, 1, B, n, 1, C, m, k, n, false);
  },
  productTN(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number) {
    stridedProduct(A, 1, m, B, n, 1, C, m, k, n, false);
  },
  productNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number) {
    stridedProduct(A, k, 1, B, 1, k, C, m, k, n, false);
  },
});

/**
 * A layer that can be a stage: besides the {@link Layer} methods (the
 * readable forward and backward on tensors), a forward and a backward on
 * preallocated row-major buffers, used by the one pass over stages. A new
 * layer kind implements this; the training loop does not change.
 *
 * @example A Linear layer is a stage layer
 * ```ts
 * import { Linear, referenceProducts, type StageLayer } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer: StageLayer = new Linear(2, 1, { seed: 1 });
 * const Z = new Float64Array(1);
 * layer.forwardInto(new Float64Array([0, 0]), Z, 1, referenceProducts);
 * assert.equal(Z[0], 0); // no input, zero bias
 * assert.equal(layer.outWidth, 1);
 * ```
 */
export interface StageLayer extends Layer {
  /** Values per sample this layer takes. */
  readonly inWidth: number;
  /** Values per sample this layer gives. */
  readonly outWidth: number;
  /** Z (rows × outWidth) from input (rows × inWidth), overwriting Z. */
  forwardInto(input: Float64Array, Z: Float64Array, rows: number, products: Products): void;
  /**
   * From dZ = ∂loss/∂Z for the `rows` samples of `input`: SETS the layer's
   * parameter gradients (not adds, unlike {@link Layer.backward}) and, when
   * `dInput` is given, writes ∂loss/∂input into it.
   */
  backwardInto(
    input: Float64Array,
    dZ: Float64Array,
    rows: number,
    dInput: Float64Array | undefined,
    products: Products,
  ): void;
}

function isStageLayer(layer: unknown): layer is StageLayer {
  const l = layer as Partial<StageLayer> | null;
  return typeof l?.forwardInto === "function" && typeof l?.backwardInto === "function" &&
    typeof l?.inWidth === "number" && typeof l?.outWidth === "number";
}

/**
 * One stage of a network: a layer with weights and the activation after it
 * (identity when none follows). A network of stages is the one description
 * that the forward pass, the fast path, the workbook exporter and the
 * browser playground read.
 *
 * @example
 * ```ts
 * import { mlp, type Stage, stagesOf } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const [first]: Stage[] = stagesOf(mlp([2, 4, 1]));
 * assert.equal(first.activation.name, "relu");
 * assert.equal(first.layer.outWidth, 4);
 * ```
 */
export interface Stage<L extends StageLayer = StageLayer> {
  /** Z = the layer's output (for a Linear layer, In·W + b). */
  readonly layer: L;
  /** A = f(Z), from {@link ACTIVATIONS}. */
  readonly activation: Activation;
}

/**
 * Why a model is not a network of stages, or undefined when it is one: a
 * Sequential whose layers are stage layers (Linear), each optionally
 * followed by one activation layer, each taking what the one before gives.
 *
 * @example
 * ```ts
 * import { ActivationLayer, Linear, mlp, Sequential, stageProblem } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(stageProblem(mlp([2, 4, 1])), undefined);
 * const odd = new Sequential([new ActivationLayer("relu"), new Linear(2, 1)]);
 * assert.match(stageProblem(odd)!, /layer 1 is a relu activation with no stage layer before it/);
 * ```
 */
export function stageProblem(model: unknown): string | undefined {
  if (!(model instanceof Sequential)) {
    return `the model is ${
      model instanceof Linear ? "a single Linear layer" : describe(model)
    }, not a Sequential`;
  }
  let previous: "stage" | "activation" | "none" = "none";
  let width = 0;
  for (const [i, layer] of model.layers.entries()) {
    if (isStageLayer(layer)) {
      if (previous !== "none" && layer.inWidth !== width) {
        return `layer ${
          i + 1
        } takes ${layer.inWidth} values per sample but the layer before gives ${width}`;
      }
      previous = "stage";
      width = layer.outWidth;
    } else if (layer instanceof ActivationLayer) {
      if (previous !== "stage") {
        return `layer ${i + 1} is a ${layer.activation} activation with no stage layer before it`;
      }
      previous = "activation";
    } else {
      return `layer ${i + 1} is a ${
        layer?.constructor?.name ?? typeof layer
      }, not a stage layer (Linear, Conv2d, MaxPool2d, RNN) or an activation`;
    }
  }
  return undefined;
}

/**
 * A network's stages, first to last (see {@link Stage}); a model that is not
 * a network of stages is an error that says why.
 *
 * @example The XOR network has two stages
 * ```ts
 * import { Linear, mlp, stagesOf } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const stages = stagesOf(mlp([2, 4, 1]));
 * assert.deepEqual(stages.map((s) => [(s.layer as Linear).W.shape, s.activation.name]), [
 *   [[2, 4], "relu"],
 *   [[4, 1], "identity"],
 * ]);
 * ```
 */
export function stagesOf(model: Layer): Stage[] {
  const problem = stageProblem(model);
  if (problem !== undefined) {
    throw new RangeError(
      `Expected stage layers (Linear, Conv2d, MaxPool2d, RNN), each optionally followed by an activation, but ${problem}`,
    );
  }
  const stages: { layer: StageLayer; activation: Activation }[] = [];
  for (const layer of (model as Sequential).layers) {
    if (isStageLayer(layer)) stages.push({ layer, activation: ACTIVATIONS.identity });
    else {
      stages[stages.length - 1].activation = getActivation((layer as ActivationLayer).activation);
    }
  }
  return stages;
}

/**
 * The stages of a network made of Linear layers and activations only, for
 * the parts that read weights as a matrix (the workbook planner, the
 * playground's network view); any other stage is an error naming `who`.
 *
 * @example
 * ```ts
 * import { linearStagesOf, mlp } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linearStagesOf(mlp([2, 4, 1]), "this view")[0].layer.W.shape, [2, 4]);
 * ```
 */
export function linearStagesOf(model: Layer, who: string): Stage<Linear>[] {
  if (typeof who !== "string" || who === "") {
    throw new TypeError(`linearStagesOf's who must name the caller, got ${describe(who)}`);
  }
  const stages = stagesOf(model);
  stages.forEach((s, i) => {
    if (!(s.layer instanceof Linear)) {
      throw new RangeError(
        `${who} handles Linear stages only, but stage ${i + 1} is a ${s.layer.constructor.name}`,
      );
    }
  });
  return stages as Stage<Linear>[];
}

/**
 * Options for {@link forwardStages} and {@link stageOutputs}.
 *
 * @example
 * ```ts
 * import { type ForwardOptions, referenceProducts } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: ForwardOptions = { products: referenceProducts };
 * assert.equal(options.products, referenceProducts);
 * ```
 */
export interface ForwardOptions {
  /** The matrix products (default {@link referenceProducts}; `nn/fast` has `fastProducts`). */
  products?: Products;
  /** For {@link forwardStages}: a tensor of the output's shape to write the result into. */
  into?: Tensor;
}

function checkedStages(model: Layer | readonly Stage[], X: Tensor, caller: string): Stage[] {
  const stages = Array.isArray(model) ? [...model] as Stage[] : stagesOf(model as Layer);
  if (
    stages.length === 0 ||
    !stages.every((s) => isStageLayer(s?.layer) && typeof s?.activation?.f === "function")
  ) {
    throw new TypeError(
      `${caller} needs a network or its stages (stagesOf(net)), got ${describe(model)}`,
    );
  }
  checkTensor(X, `${caller}'s inputs X`);
  const nIn = stages[0].layer.inWidth;
  if (X.cols !== nIn) {
    throw new RangeError(`This network takes ${nIn} inputs per sample but X is ${shapeOf(X)}`);
  }
  return stages;
}

function productsOf(options: ForwardOptions | undefined, caller: string): Products {
  if (options === undefined) return referenceProducts;
  checkOptions(options, ["products", "into"], caller, "{ products: fastProducts }");
  const p = options.products ?? referenceProducts;
  checkProducts(p, `${caller}'s products`);
  return p;
}

/**
 * A network's output for every row of X: the one forward pass over its
 * stages ({@link stagesOf}), keeping only the last stage's output. With the
 * default {@link referenceProducts} it equals `net.forward(X)` exactly; with
 * `nn/fast`'s products, to rounding. Unlike `forward`, it keeps nothing for
 * a backward pass, so it does not disturb training. `into` receives the
 * result (its shape must match) instead of a new tensor.
 *
 * @example
 * ```ts
 * import { forwardStages, mlp, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const net = mlp([2, 3, 1], { seed: 1 });
 * const X = Tensor.from([[0, 1], [1, 0]]);
 * const out = Tensor.zeros(2, 1);
 * forwardStages(net, X, { into: out });
 * assert.deepEqual(out.data, net.forward(X).data);
 * ```
 */
export function forwardStages(
  model: Layer | readonly Stage[],
  X: Tensor,
  options?: ForwardOptions,
): Tensor {
  const stages = checkedStages(model, X, "forwardStages");
  const products = productsOf(options, "forwardStages");
  const nOut = stages[stages.length - 1].layer.outWidth;
  const into = options?.into;
  if (into !== undefined) {
    checkTensor(into, "forwardStages's into");
    if (into.rows !== X.rows || into.cols !== nOut) {
      throw new RangeError(
        `forwardStages's into must be ${X.rows}×${nOut} for this network and X, got ${
          shapeOf(into)
        }`,
      );
    }
  }
  const buffers = allocatePass(stages, X.rows);
  runForward(stages, X.data, X.rows, buffers, products);
  const last = buffers.A[stages.length - 1];
  if (into !== undefined) {
    into.data.set(last);
    return into;
  }
  return new Tensor(X.rows, nOut, last);
}

/**
 * One stage's output for a batch: Z before the activation, A after it.
 *
 * @example
 * ```ts
 * import { mlp, type StageOutput, stageOutputs, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const [hidden]: StageOutput[] = stageOutputs(mlp([2, 3, 1]), Tensor.from([[1, 2]]));
 * assert.deepEqual(hidden.A.shape, [1, 3]);
 * ```
 */
export interface StageOutput {
  /** The layer's output. */
  Z: Tensor;
  /** f(Z); the same tensor as Z after an identity. */
  A: Tensor;
}

/**
 * Every stage's output for every row of X, by the same pass as
 * {@link forwardStages}: what the hidden units compute, for views and
 * notebooks. The last entry's A is the network's output.
 *
 * @example The hidden layer of a ReLU network is never negative
 * ```ts
 * import { mlp, Rng, stageOutputs, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const [hidden] = stageOutputs(mlp([2, 8, 1], { seed: 1 }), Tensor.normal(5, 2, new Rng(1)));
 * assert.ok(hidden.A.data.every((a) => a >= 0));
 * ```
 */
export function stageOutputs(
  model: Layer | readonly Stage[],
  X: Tensor,
  options?: Omit<ForwardOptions, "into">,
): StageOutput[] {
  const stages = checkedStages(model, X, "stageOutputs");
  if (options !== undefined && (options as ForwardOptions).into !== undefined) {
    throw new TypeError("stageOutputs returns every stage's output and takes no into");
  }
  const products = productsOf(options, "stageOutputs");
  const buffers = allocatePass(stages, X.rows);
  runForward(stages, X.data, X.rows, buffers, products);
  return stages.map((s, l) => {
    const Z = new Tensor(X.rows, s.layer.outWidth, buffers.Z[l]);
    return {
      Z,
      A: buffers.A[l] === buffers.Z[l] ? Z : new Tensor(X.rows, s.layer.outWidth, buffers.A[l]),
    };
  });
}
