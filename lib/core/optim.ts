/**
 * The optimisers: stochastic gradient descent, with heavy-ball momentum, and
 * Adam; with weight decay (L2) and an L1 penalty on the weights. Each update
 * is written once and both the {@link Optimizer} class (the reference
 * backend) and the fast path call it.
 *
 * @module
 */
import type { Parameter } from "./layers.ts";
import { Tensor } from "./tensor.ts";
import { checkOptions, checkPositive, describe } from "./_validate.ts";
import { OPTIMIZER_OPTIONS, OptimizerState, sgdUpdateTrusted } from "./_sgd.ts";

/**
 * The optimisers the training loop knows: plain `sgd`, heavy-ball
 * `momentum`, and `adam` (see {@link OptimizerOptions}).
 *
 * @example
 * ```ts
 * import { checkOptimizerOptions, type OptimizerName } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const name: OptimizerName = "momentum";
 * assert.equal(checkOptimizerOptions({ lr: 0.1, optimizer: name }).momentum, 0.9);
 * ```
 */
export type OptimizerName = "sgd" | "momentum" | "adam";

/**
 * Every setting of an optimiser, defaults resolved and checked, as
 * {@link checkOptimizerOptions} returns them.
 *
 * @example
 * ```ts
 * import { checkOptimizerOptions, type OptimizerSettings } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const s: OptimizerSettings = checkOptimizerOptions({ lr: 0.1 });
 * assert.deepEqual([s.optimizer, s.momentum, s.l1], ["sgd", 0, 0]);
 * ```
 */
export interface OptimizerSettings {
  /** Which optimiser. */
  readonly optimizer: OptimizerName;
  /** The learning rate > 0. */
  readonly lr: number;
  /** Heavy-ball momentum in [0, 1) (sgd: 0 unless given; momentum: 0.9 unless given; adam: 0). */
  readonly momentum: number;
  /** Adam's decay of the first moment (0.9 unless given). */
  readonly beta1: number;
  /** Adam's decay of the second moment (0.999 unless given). */
  readonly beta2: number;
  /** Adam's ε (1e-8 unless given). */
  readonly epsilon: number;
  /** L2 weight decay λ₂ ≥ 0 on the weights. */
  readonly weightDecay: number;
  /** L1 penalty λ₁ ≥ 0 on the weights. */
  readonly l1: number;
}

/**
 * Options for {@link SGD}.
 *
 * @example
 * ```ts
 * import { mlp, SGD, type SgdOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: SgdOptions = { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 };
 * assert.equal(new SGD(mlp([2, 2, 1]).parameters(), options).momentum, 0.9);
 * ```
 */
export interface SgdOptions {
  /** The learning rate lr > 0. */
  lr: number;
  /** Momentum in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /**
   * Weight decay λ ≥ 0 (default 0): adds λ·W to the gradient of every weight
   * (not the biases), which is the gradient of the L2 penalty (λ/2)·‖W‖².
   */
  weightDecay?: number;
}

/**
 * Checks the three SGD settings, naming the one that is wrong.
 *
 * @example
 * ```ts
 * import { checkSgdOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(checkSgdOptions({ lr: 0.1 }), { lr: 0.1, momentum: 0, weightDecay: 0 });
 * assert.throws(() => checkSgdOptions({ lr: 0.1, weightDecay: -1 }), /weightDecay must be/);
 * ```
 */
export function checkSgdOptions(options: SgdOptions): Required<SgdOptions> {
  checkOptions(options, ["lr", "momentum", "weightDecay"], "SGD", "{ lr: 0.1 }");
  const lr = checkPositive(options.lr, "The learning rate lr");
  const momentum = checkUnitInterval(options.momentum ?? 0, "Momentum");
  const weightDecay = checkPenalty(options.weightDecay ?? 0, "weightDecay");
  return { lr, momentum, weightDecay };
}

/**
 * One SGD update of a parameter's values `w`, in place, from its gradient `g`:
 * with weight decay λ the gradient is g + λ·w; with momentum μ the velocity
 * `v` becomes μ·v + gradient and the step is lr·v; without, the step is
 * lr·gradient. Nothing is allocated.
 *
 * @example
 * ```ts
 * import { sgdUpdate } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const w = new Float64Array([1]), v = new Float64Array(1);
 * sgdUpdate(w, new Float64Array([2]), v, 0.1, 0, 0);
 * assert.equal(w[0], 0.8);
 * ```
 */
export function sgdUpdate(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  momentum: number,
  weightDecay: number,
): void {
  if (!(w instanceof Float64Array && g instanceof Float64Array && v instanceof Float64Array)) {
    throw new TypeError("sgdUpdate needs the values, gradient and velocity as Float64Arrays");
  }
  const n = w.length;
  // Plain comparisons: this runs for every parameter at every step, so it must not allocate.
  if (g.length !== n || (momentum > 0 && v.length < n)) {
    throw new RangeError(
      `sgdUpdate needs a gradient as long as the ${n} values${
        momentum > 0 ? " and a velocity at least as long" : ""
      }, got ${g.length} and ${v.length}`,
    );
  }
  sgdUpdateTrusted(w, g, v, lr, momentum, weightDecay);
}

/**
 * The L2 penalty (λ/2)·Σ‖W‖² over the parameters that decay (the weights):
 * the term whose gradient weight decay adds. Add it to a loss to check the
 * decayed gradient by finite differences.
 *
 * @example
 * ```ts
 * import { l2Penalty, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = Linear.fromWeights(Tensor.from([[3], [4]]), Tensor.row([10]));
 * assert.equal(l2Penalty(layer.parameters(), 0.1), 0.05 * 25); // the bias is not penalised
 * ```
 */
export function l2Penalty(params: readonly Parameter[], weightDecay: number): number {
  return penalty(params, weightDecay, "l2Penalty", "weightDecay", (w) => w * w) / 2;
}

/**
 * The L1 penalty λ₁·Σ|W| over the parameters that decay (the weights, not
 * the biases): the term whose subgradient λ₁·sign(W) the `l1` option adds
 * (0 where a weight is exactly 0).
 *
 * @example
 * ```ts
 * import { l1Penalty, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const layer = Linear.fromWeights(Tensor.from([[3], [-4]]), Tensor.row([10]));
 * assert.equal(l1Penalty(layer.parameters(), 0.1), 0.1 * 7); // the bias is not penalised
 * ```
 */
export function l1Penalty(params: readonly Parameter[], l1: number): number {
  return penalty(params, l1, "l1Penalty", "l1", Math.abs);
}

function penalty(
  params: readonly Parameter[],
  lambda: number,
  fn: string,
  option: string,
  term: (w: number) => number,
): number {
  if (!Array.isArray(params)) {
    throw new TypeError(`${fn} needs an array of parameters, got ${describe(params)}`);
  }
  checkPenalty(lambda, option);
  let s = 0;
  for (const p of params) {
    if (!p.decay) continue;
    for (const w of p.value.data) s += term(w);
  }
  return lambda * s;
}

function checkPenalty(value: unknown, option: string): number {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${option} must be a finite number ≥ 0, got ${describe(value)}`);
  }
  return value;
}

/**
 * Options for an {@link Optimizer} and for the training loop: which
 * optimiser, its learning rate and parameters, and the penalties on the
 * weights.
 *
 * - `sgd` (the default): w ← w − lr·g; with `momentum` μ > 0, the heavy-ball
 *   update v ← μ·v + g, w ← w − lr·v.
 * - `momentum`: the same heavy-ball update with μ = `momentum`, 0.9 unless given.
 * - `adam`: m ← β₁·m + (1−β₁)·g, s ← β₂·s + (1−β₂)·g², and
 *   w ← w − lr·(m/(1−β₁ᵗ)) / (√(s/(1−β₂ᵗ)) + ε) at step t (from 1); β₁ = 0.9,
 *   β₂ = 0.999 and ε = 1e-8 unless given.
 *
 * The gradient g of a weight includes λ₂·w (weightDecay) and λ₁·sign(w)
 * (l1) before any optimiser sees it (so Adam here is Adam with an L2 term in
 * the gradient, not AdamW). Biases get neither.
 *
 * @example
 * ```ts
 * import { mlp, Optimizer, type OptimizerOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: OptimizerOptions = { optimizer: "adam", lr: 0.01, l1: 1e-4 };
 * assert.equal(new Optimizer(mlp([2, 2, 1]).parameters(), options).settings.beta2, 0.999);
 * ```
 */
export interface OptimizerOptions extends SgdOptions {
  /** `sgd` (default), `momentum` or `adam`. */
  optimizer?: OptimizerName;
  /** Adam's β₁ in [0, 1) (default 0.9). */
  beta1?: number;
  /** Adam's β₂ in [0, 1) (default 0.999). */
  beta2?: number;
  /** Adam's ε > 0 (default 1e-8). */
  epsilon?: number;
  /** The L1 penalty λ₁ ≥ 0 on the weights, not the biases (default 0). */
  l1?: number;
}

const OPTIMIZERS: readonly OptimizerName[] = ["sgd", "momentum", "adam"];

function checkUnitInterval(value: unknown, what: string): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new RangeError(`${what} must be in [0, 1), got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks an optimiser's options and resolves their defaults, naming the
 * option that is wrong, its value and what was expected. A setting of one
 * optimiser given to another (momentum to Adam, beta1 to SGD) is an error,
 * not ignored.
 *
 * @example
 * ```ts
 * import { checkOptimizerOptions } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checkOptimizerOptions({ lr: 0.1, optimizer: "momentum" }).momentum, 0.9);
 * assert.throws(() => checkOptimizerOptions({ lr: 0.1, optimizer: "adma" as "adam" }), /optimizer must be/);
 * assert.throws(() => checkOptimizerOptions({ lr: 0.1, beta1: 0.8 }), /beta1 is a setting of "adam"/);
 * ```
 */
export function checkOptimizerOptions(
  options: OptimizerOptions,
  fn = "The optimiser",
): OptimizerSettings {
  checkOptions(options, OPTIMIZER_OPTIONS, fn, '{ lr: 0.01, optimizer: "adam" }');
  const optimizer = options.optimizer ?? "sgd";
  if (!OPTIMIZERS.includes(optimizer)) {
    throw new RangeError(
      `optimizer must be "sgd", "momentum" or "adam", got ${describe(optimizer)}`,
    );
  }
  const lr = checkPositive(options.lr, "The learning rate lr");
  const adam = optimizer === "adam";
  for (const key of ["momentum", "beta1", "beta2", "epsilon"] as const) {
    const given = options[key];
    if (given !== undefined && (key === "momentum") === adam) {
      throw new RangeError(
        key === "momentum"
          ? `momentum is a setting of "sgd" and "momentum", not of "adam" (whose are beta1, beta2 and epsilon), got momentum ${
            describe(given)
          }`
          : `${key} is a setting of "adam", not of ${JSON.stringify(optimizer)}, got ${key} ${
            describe(given)
          }`,
      );
    }
  }
  const momentum = adam ? 0 : checkUnitInterval(
    options.momentum ?? (optimizer === "momentum" ? 0.9 : 0),
    "Momentum",
  );
  return {
    optimizer,
    lr,
    momentum,
    beta1: checkUnitInterval(options.beta1 ?? 0.9, "beta1"),
    beta2: checkUnitInterval(options.beta2 ?? 0.999, "beta2"),
    epsilon: checkPositive(options.epsilon ?? 1e-8, "epsilon"),
    weightDecay: checkPenalty(options.weightDecay ?? 0, "weightDecay"),
    l1: checkPenalty(options.l1 ?? 0, "l1"),
  };
}

function checkParameters(params: unknown, fn: string): Parameter[] {
  if (!Array.isArray(params)) {
    throw new TypeError(`${fn} needs an array of parameters, got ${describe(params)}`);
  }
  params.forEach((p, i) => {
    if (
      p === null || typeof p !== "object" || !(p.value instanceof Tensor) ||
      !(p.grad instanceof Tensor) || p.value.size !== p.grad.size
    ) {
      throw new TypeError(
        `${fn}'s parameter ${i} must be { name, value, grad } with value and grad Tensors of one size, got ${
          describe(p)
        }`,
      );
    }
  });
  return params;
}

/**
 * Updates every parameter in place with SGD, momentum or Adam (see
 * {@link OptimizerOptions}). Its state (velocities, moments, the step count)
 * starts at zero and lives in this object, so two optimisers made alike and
 * stepped alike give the same weights.
 *
 * @example Adam's first step moves each weight by lr against its gradient's sign
 * ```ts
 * import { Optimizer, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "w", value: Tensor.from([[1]]), grad: Tensor.from([[2]]), decay: true };
 * const adam = new Optimizer([p], { optimizer: "adam", lr: 0.1 });
 * adam.step();
 * assert.ok(Math.abs(p.value.get(0, 0) - 0.9) < 1e-8);
 * assert.equal(adam.steps, 1);
 * ```
 */
export class Optimizer {
  /** Every setting, defaults resolved. */
  readonly settings: OptimizerSettings;
  readonly #params: Parameter[];
  readonly #state: OptimizerState;

  /** An optimiser for the given parameters; `fn` names it in error messages. */
  constructor(params: Parameter[], options: OptimizerOptions, fn = "Optimizer") {
    this.#params = checkParameters(params, fn);
    this.settings = checkOptimizerOptions(options, fn);
    this.#state = new OptimizerState(this.settings, params);
  }

  /** The number of steps taken. */
  get steps(): number {
    return this.#state.steps;
  }

  /** One update of every parameter from its current gradient. */
  step(): void {
    this.#state.step();
  }

  /**
   * The parameters this optimiser updates, in order (a new array of the same
   * objects), so that a caller can check which network a step will change.
   */
  parameters(): Parameter[] {
    return [...this.#params];
  }

  /** Zeroes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.#params) p.grad.data.fill(0);
  }
}

/**
 * Updates every parameter in place: W ← W − lr·dW. With momentum μ it keeps a
 * velocity v ← μ·v + dW and steps W ← W − lr·v; with weight decay λ each
 * weight's gradient is dW + λ·W. A new SGD starts with zero velocity. It is
 * an {@link Optimizer} that takes SGD's three options only.
 *
 * @example One step on one parameter
 * ```ts
 * import { SGD, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const p = { name: "w", value: Tensor.from([[1]]), grad: Tensor.from([[2]]), decay: true };
 * new SGD([p], { lr: 0.1 }).step();
 * assert.equal(p.value.get(0, 0), 0.8);
 * assert.throws(() => new SGD([p], { lr: 0 }), /learning rate/);
 * ```
 */
export class SGD extends Optimizer {
  /** The learning rate. */
  readonly lr: number;
  /** The momentum. */
  readonly momentum: number;
  /** The weight decay λ. */
  readonly weightDecay: number;

  /** An optimiser for the given parameters. */
  constructor(params: Parameter[], options: SgdOptions) {
    checkParameters(params, "SGD");
    super(params, checkSgdOptions(options), "SGD");
    this.lr = this.settings.lr;
    this.momentum = this.settings.momentum;
    this.weightDecay = this.settings.weightDecay;
  }
}
