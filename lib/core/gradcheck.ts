/**
 * Gradient checking: hand-written backward passes compared with central
 * finite differences, (f(x+ε) − f(x−ε)) / 2ε, one value at a time.
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { Rng } from "./random.ts";
import { mul, sum } from "./ops.ts";
import type { Layer, Parameter } from "./layers.ts";
import { type Loss, type LossName, resolveLoss } from "./losses.ts";
import {
  checkFiniteTensor,
  checkFunction,
  checkLayerLike,
  checkOptions,
  checkPositive,
  describe,
} from "./_validate.ts";

/**
 * What a gradient check found.
 *
 * @example
 * ```ts
 * import { checkLayer, type GradCheckResult, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const result: GradCheckResult = checkLayer(new Linear(2, 3), Tensor.ones(2, 2));
 * assert.equal(result.checked, 2 * 2 + 2 * 3 + 3);
 * ```
 */
export interface GradCheckResult {
  /** The largest relative error |analytic − numeric| / max(|analytic|, |numeric|, floor). */
  maxRelativeError: number;
  /**
   * Where the largest error is: the tensor's name and the flat index, both
   * gradients, and whether the point sits on a kink (the slope from the left,
   * (f(x) − f(x−ε))/ε, differs from the slope from the right, (f(x+ε) − f(x))/ε),
   * where no single derivative exists and a large error says nothing is wrong.
   */
  worst: {
    name: string;
    index: number;
    analytic: number;
    numeric: number;
    onKink: boolean;
    leftSlope: number;
    rightSlope: number;
  };
  /** How many values were checked. */
  checked: number;
  /** How many of them sit on a kink. */
  kinks: number;
  /** A sentence for people: the largest error, where, and whether it sits on a kink. */
  summary: string;
}

/**
 * Options for gradient checks.
 *
 * @example
 * ```ts
 * import { checkLayer, type GradCheckOptions, Linear, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const options: GradCheckOptions = { eps: 1e-5 };
 * assert.ok(checkLayer(new Linear(2, 2), Tensor.ones(3, 2), options).maxRelativeError < 1e-6);
 * ```
 */
export interface GradCheckOptions {
  /** The finite-difference step ε (default 1e-6). */
  eps?: number;
  /** Below this size both gradients count as equal-sized (default 1e-7), so two tiny gradients do not inflate the ratio. */
  floor?: number;
}

/**
 * A tensor to check: its values, which get nudged, and the analytic gradient for them.
 *
 * @example
 * ```ts
 * import { type Checked, checkGradients, map, sum, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const x = Tensor.from([[3]]);
 * const checked: Checked = { name: "x", value: x, grad: map(x, (v) => 2 * v) };
 * assert.ok(checkGradients(() => sum(map(x, (v) => v * v)), [checked]).maxRelativeError < 1e-8);
 * ```
 */
export interface Checked {
  /** A name for the report. */
  name: string;
  /** The values that get nudged. */
  value: Tensor;
  /** The analytic gradient of f with respect to value. */
  grad: Tensor;
}

/**
 * Compares analytic gradients with central differences of a scalar function
 * `f` of the given tensors. `f` must read the tensors' current values.
 *
 * @example The gradient of the sum of squares is 2x
 * ```ts
 * import { checkGradients, map, sum, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const x = Tensor.from([[1, -2, 3]]);
 * const f = () => sum(map(x, (v) => v * v));
 * const r = checkGradients(f, [{ name: "x", value: x, grad: map(x, (v) => 2 * v) }]);
 * assert.ok(r.maxRelativeError < 1e-8);
 * ```
 */
export function checkGradients(
  f: () => number,
  tensors: Checked[],
  options: GradCheckOptions = {},
): GradCheckResult {
  checkFunction(f, "checkGradients's f");
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new TypeError(
      `checkGradients needs a non-empty array of { name, value, grad }, got ${describe(tensors)}`,
    );
  }
  checkOptions(options, ["eps", "floor"], "checkGradients", "{ eps: 1e-6 }");
  const eps = options.eps ?? 1e-6;
  const floor = options.floor ?? 1e-7;
  checkPositive(eps, "The step eps");
  checkPositive(floor, "The floor");
  for (const { name, value, grad } of tensors) {
    checkFiniteTensor(value, `The value of ${name}`);
    checkFiniteTensor(grad, `The gradient of ${name}`);
    if (value.size !== grad.size) {
      throw new RangeError(
        `${name} has ${value.size} values but its gradient has ${grad.size}`,
      );
    }
  }
  const f0 = f();
  if (typeof f0 !== "number" || !Number.isFinite(f0)) {
    throw new RangeError(`checkGradients's f must return a finite number, got ${describe(f0)}`);
  }
  // One-sided slopes differ by about f″·ε where f is smooth, and by a jump at a kink;
  // rounding makes each uncertain by about 1e-16·|f|/ε.
  const noise = 1e-16 * Math.max(Math.abs(f0), 1) / eps;
  const result: GradCheckResult = {
    maxRelativeError: 0,
    worst: {
      name: "",
      index: -1,
      analytic: 0,
      numeric: 0,
      onKink: false,
      leftSlope: 0,
      rightSlope: 0,
    },
    checked: 0,
    kinks: 0,
    summary: "",
  };
  for (const { name, value, grad } of tensors) {
    for (let i = 0; i < value.size; i++) {
      const saved = value.data[i];
      value.data[i] = saved + eps;
      const up = f();
      value.data[i] = saved - eps;
      const down = f();
      value.data[i] = saved;
      const numeric = (up - down) / (2 * eps);
      const leftSlope = (f0 - down) / eps, rightSlope = (up - f0) / eps;
      const jump = Math.abs(rightSlope - leftSlope);
      const onKink = jump > 1e3 * noise &&
        jump > 0.01 * Math.max(Math.abs(leftSlope), Math.abs(rightSlope));
      if (onKink) result.kinks++;
      const analytic = grad.data[i];
      const err = Math.abs(analytic - numeric) /
        Math.max(Math.abs(analytic), Math.abs(numeric), floor);
      if (!(err <= result.maxRelativeError)) {
        result.maxRelativeError = Number.isNaN(err) ? Infinity : err;
        result.worst = { name, index: i, analytic, numeric, onKink, leftSlope, rightSlope };
      }
      result.checked++;
    }
  }
  const w = result.worst;
  result.summary =
    `largest relative error ${
      result.maxRelativeError.toExponential(2)
    } at ${w.name}[${w.index}] (analytic ${w.analytic}, numeric ${w.numeric})` +
    (w.onKink
      ? `; that point sits on a kink: the slope is ${w.leftSlope} from the left and ${w.rightSlope} from the right, so no single derivative exists there`
      : "") +
    (result.kinks > 0 ? `; ${result.kinks} of ${result.checked} values sit on a kink` : "");
  return result;
}

/**
 * Checks a layer's backward pass: with a fixed random upstream gradient G,
 * L = sum(forward(X) ⊙ G) has ∂L/∂X = backward(G) and ∂L/∂W = the layer's dW.
 * Checks the input gradient and every parameter.
 *
 * @example A Linear layer's gradients are right
 * ```ts
 * import { checkLayer, Linear, Rng, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const X = Tensor.normal(3, 2, new Rng(1));
 * const r = checkLayer(new Linear(2, 4, { rng: new Rng(2) }), X);
 * assert.ok(r.maxRelativeError < 1e-6);
 * ```
 */
export function checkLayer(
  layer: Layer,
  X: Tensor,
  options: GradCheckOptions & { seed?: number } = {},
): GradCheckResult {
  checkLayerLike(layer, "checkLayer's layer");
  checkOptions(options, ["eps", "floor", "seed"], "checkLayer", "{ seed: 1 }");
  const { seed, ...check } = options;
  checkFiniteTensor(X, "checkLayer's input X");
  const X0 = X.clone();
  const out = layer.forward(X0);
  const G = Tensor.normal(out.rows, out.cols, new Rng(seed ?? 7));
  layer.zeroGrad();
  const dX = layer.backward(G);
  const params = layer.parameters();
  // Snapshot the analytic gradients: f() below re-runs forward only.
  const tensors: Checked[] = [
    { name: "input", value: X0, grad: dX.clone() },
    ...params.map((p: Parameter) => ({
      name: p.name,
      value: p.value,
      grad: p.grad.clone(),
    })),
  ];
  return checkGradients(() => sum(mul(layer.forward(X0), G)), tensors, check);
}

/**
 * Checks a whole network and loss: ∂loss/∂parameter from backward against
 * finite differences of the loss, for every parameter.
 *
 * @example The XOR network's gradients are right
 * ```ts
 * import { checkNetwork, mlp, xor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const { X, y } = xor();
 * const r = checkNetwork(mlp([2, 3, 1], { seed: 4, activation: "tanh" }), X, y);
 * assert.ok(r.maxRelativeError < 1e-6);
 * ```
 */
export function checkNetwork(
  model: Layer,
  X: Tensor,
  y: Tensor,
  options: GradCheckOptions & { loss?: LossName | Loss } = {},
): GradCheckResult {
  checkLayerLike(model, "checkNetwork's model");
  checkOptions(options, ["eps", "floor", "loss"], "checkNetwork", '{ loss: "mse" }');
  const { loss: lossOption, ...check } = options;
  const loss = resolveLoss(lossOption);
  checkFiniteTensor(X, "checkNetwork's inputs X");
  checkFiniteTensor(y, "checkNetwork's targets y");
  const yHat = model.forward(X);
  model.zeroGrad();
  model.backward(loss.grad(yHat, y));
  const tensors = model.parameters().map((p) => ({
    name: p.name,
    value: p.value,
    grad: p.grad.clone(),
  }));
  return checkGradients(
    () => loss.value(model.forward(X), y),
    tensors,
    check,
  );
}
