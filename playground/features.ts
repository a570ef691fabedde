// The network's inputs, as TensorFlow Playground offers them: besides x₁ and
// x₂ the reader can switch on x₁², x₂², x₁x₂, sin x₁ and sin x₂. The data keep
// their two coordinates; one function maps a point (x₁, x₂) to its row of
// features, and training, scoring and every view go through it.
import { Tensor } from "../lib/core/mod.ts";

/** The features by the names a link uses, in the order the network takes them. */
export const FEATURE_IDS = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"] as const;
export type FeatureId = typeof FEATURE_IDS[number];

/** The name the page shows for each feature. */
export const FEATURE_LABELS: Readonly<Record<FeatureId, string>> = {
  x1: "x₁",
  x2: "x₂",
  x1sq: "x₁²",
  x2sq: "x₂²",
  x1x2: "x₁x₂",
  sin1: "sin x₁",
  sin2: "sin x₂",
};

/** The value of one feature at the point (a, b). */
export function featureValue(id: FeatureId, a: number, b: number): number {
  switch (id) {
    case "x1":
      return a;
    case "x2":
      return b;
    case "x1sq":
      return a * a;
    case "x2sq":
      return b * b;
    case "x1x2":
      return a * b;
    case "sin1":
      return Math.sin(a);
    case "sin2":
      return Math.sin(b);
  }
}

/** Whether the features are the plain coordinates x₁, x₂, in that order. */
export function plainFeatures(features: readonly FeatureId[]): boolean {
  return features.length === 2 && features[0] === "x1" && features[1] === "x2";
}

/**
 * The network's inputs for points given as rows (x₁, x₂): one row of the
 * chosen features per point. With the plain coordinates it is X itself.
 */
export function featureInputs(X: Tensor, features: readonly FeatureId[]): Tensor {
  if (X.cols !== 2) {
    throw new RangeError(`Feature inputs need points of 2 coordinates, got ${X.cols}`);
  }
  if (plainFeatures(features)) return X;
  const F = features.length, out = new Tensor(X.rows, F);
  for (let i = 0; i < X.rows; i++) {
    const a = X.data[2 * i], b = X.data[2 * i + 1];
    for (let k = 0; k < F; k++) out.data[i * F + k] = featureValue(features[k], a, b);
  }
  return out;
}
