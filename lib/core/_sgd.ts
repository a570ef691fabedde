// The optimisers' update loops, shared by the checked `sgdUpdate`, the `Optimizer` class and the
// fast workspace, whose settings are checked once, and the optimisers' option names. Internal to
// the library.

import type { OptimizerOptions, OptimizerSettings } from "./optim.ts";

/**
 * `sgdUpdate` without its checks: the gradient g + λ₂·w + λ₁·sign(w), then
 * with momentum μ > 0, v ← μ·v + gradient and w ← w − lr·v, else w ← w − lr·gradient.
 */
export function sgdUpdateTrusted(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  momentum: number,
  weightDecay: number,
  l1 = 0,
): void {
  const n = w.length;
  if (weightDecay === 0 && l1 === 0) {
    if (momentum > 0) {
      for (let i = 0; i < n; i++) {
        v[i] = momentum * v[i] + g[i];
        w[i] -= lr * v[i];
      }
    } else {
      for (let i = 0; i < n; i++) w[i] -= lr * g[i];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i] + weightDecay * w[i] + l1 * Math.sign(w[i]);
    if (momentum > 0) {
      v[i] = momentum * v[i] + gi;
      w[i] -= lr * v[i];
    } else {
      w[i] -= lr * gi;
    }
  }
}

/**
 * Adam's update of step t (from 1): with the gradient gi = g + λ₂·w + λ₁·sign(w),
 * m ← β₁·m + (1−β₁)·gi, s ← β₂·s + (1−β₂)·gi², and
 * w ← w − lr·(m/(1−β₁ᵗ)) / (√(s/(1−β₂ᵗ)) + ε).
 */
export function adamUpdateTrusted(
  w: Float64Array,
  g: Float64Array,
  m: Float64Array,
  s: Float64Array,
  settings: OptimizerSettings,
  t: number,
  weightDecay: number,
  l1: number,
): void {
  const { lr, beta1, beta2, epsilon } = settings;
  // The bias corrections folded into two constants: lr/(1−β₁ᵗ) and 1/(1−β₂ᵗ).
  const a = lr / (1 - beta1 ** t), r = 1 / (1 - beta2 ** t), k1 = 1 - beta1, k2 = 1 - beta2;
  const penalised = weightDecay !== 0 || l1 !== 0;
  for (let i = 0, n = w.length; i < n; i++) {
    const wi = w[i];
    const gi = penalised ? g[i] + weightDecay * wi + l1 * Math.sign(wi) : g[i];
    const mi = beta1 * m[i] + k1 * gi, si = beta2 * s[i] + k2 * gi * gi;
    m[i] = mi;
    s[i] = si;
    w[i] = wi - a * mi / (Math.sqrt(si * r) + epsilon);
  }
}

/** What the optimiser's state needs of a parameter: its values, its gradient, whether it decays. */
export interface UpdatedParameter {
  readonly value: { readonly data: Float64Array };
  readonly grad: { readonly data: Float64Array };
  readonly decay?: boolean;
}

/**
 * An optimiser's state over a list of parameters: the velocities or first
 * moments, the second moments, and the number of steps taken. Both backends
 * step through this one class, so their updates are the same arithmetic.
 * Allocates only when made.
 */
export class OptimizerState {
  readonly settings: OptimizerSettings;
  readonly #w: Float64Array[];
  readonly #g: Float64Array[];
  readonly #m: Float64Array[];
  readonly #s: Float64Array[];
  readonly #l2: number[];
  readonly #l1: number[];
  #t = 0;

  constructor(settings: OptimizerSettings, params: readonly UpdatedParameter[]) {
    this.settings = settings;
    const adam = settings.optimizer === "adam";
    this.#w = params.map((p) => p.value.data);
    this.#g = params.map((p) => p.grad.data);
    this.#m = params.map((p) =>
      new Float64Array(adam || settings.momentum > 0 ? p.value.data.length : 0)
    );
    this.#s = params.map((p) => new Float64Array(adam ? p.value.data.length : 0));
    this.#l2 = params.map((p) => (p.decay ? settings.weightDecay : 0));
    this.#l1 = params.map((p) => (p.decay ? settings.l1 : 0));
  }

  /** The number of updates done. */
  get steps(): number {
    return this.#t;
  }

  /** One update of every parameter from its current gradient. */
  step(): void {
    const t = ++this.#t, s = this.settings;
    for (let k = 0; k < this.#w.length; k++) {
      if (s.optimizer === "adam") {
        adamUpdateTrusted(
          this.#w[k],
          this.#g[k],
          this.#m[k],
          this.#s[k],
          s,
          t,
          this.#l2[k],
          this.#l1[k],
        );
      } else {
        sgdUpdateTrusted(
          this.#w[k],
          this.#g[k],
          this.#m[k],
          s.lr,
          s.momentum,
          this.#l2[k],
          this.#l1[k],
        );
      }
    }
  }
}

/** The option names of OptimizerOptions: the training loop's and the workspace's options include them. */
export const OPTIMIZER_OPTIONS = [
  "lr",
  "optimizer",
  "momentum",
  "beta1",
  "beta2",
  "epsilon",
  "weightDecay",
  "l1",
] as const;

/**
 * The options that give back these settings: those of the chosen optimiser
 * only, so that checkOptimizerOptions accepts them: the backends make their
 * optimisers from a plan's settings.
 */
export function optimizerOptionsOf(settings: OptimizerSettings): OptimizerOptions {
  const { optimizer, lr, momentum, beta1, beta2, epsilon, weightDecay, l1 } = settings;
  return optimizer === "adam"
    ? { optimizer, lr, beta1, beta2, epsilon, weightDecay, l1 }
    : { optimizer, lr, momentum, weightDecay, l1 };
}
