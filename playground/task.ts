// What the network learns from which inputs: the features it takes (see
// features.ts), the number of classes, or a regression (a target value rather
// than a class), with their part of the link (`feat=…`, `k=…`, and the
// regression sets as `data=`). Features and classes are written into a link
// only when they differ from the defaults, so links made before they existed
// read as they always did.
import type { Config } from "./config.ts";
import { FEATURE_IDS, type FeatureId, plainFeatures } from "./features.ts";

/** The link's keys of this part. */
export const TASK_KEYS = ["feat", "k"];

/**
 * The regression sets: `sine`, a target y = sin(πx₁) of the one input x₁ (the points lie on
 * x₂ = 0), and `saddle`, a target y = x₁² − x₂² over the plane; both with noise on y.
 */
export const REGRESSION_DATA = ["sine", "saddle"] as const;
export type RegressionName = typeof REGRESSION_DATA[number];

/** Whether the data are a regression: a target value per point rather than a class. */
export function isRegression(config: Pick<Config, "data">): boolean {
  return (REGRESSION_DATA as readonly string[]).includes(config.data);
}

/** Whether the data have one input, x₁: the 1-D regression. */
export function oneInput(config: Pick<Config, "data">): boolean {
  return config.data === "sine";
}

/** The features of x₂, which data of one input lack. */
export const X2_FEATURES: readonly FeatureId[] = ["x2", "x2sq", "x1x2", "sin2"];

/**
 * What changes when the reader picks other data: the classes go back to 2 for data of two
 * classes only, data of one input keep only the features of x₁ (x₁ itself if none), and data
 * of two inputs take x₂ back when they come from one.
 */
export function dataChange(data: Config["data"], from: Config): Partial<Config> {
  const classes = MULTICLASS_DATA.includes(data) ? from.classes : 2;
  let features = from.features;
  if (oneInput({ data })) {
    features = features.filter((f) => !X2_FEATURES.includes(f));
    if (features.length === 0) features = ["x1"];
  } else if (oneInput(from)) features = orderFeatures([...features, "x2"]);
  return { data, classes, features };
}

/** The most classes a dataset may have. */
export const MAX_CLASSES = 5;

/** The data that come in more than two classes: k blobs, k spiral arms, or the reader's own. */
export const MULTICLASS_DATA: readonly Config["data"][] = ["gaussians", "spiral", "own"];

/** Whether v is a class label of `classes` classes: a whole number 0 to classes − 1. */
export function isLabel(v: number, classes: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < classes;
}

/** The labels of `classes` classes, in words: "of 0 or 1", "from 0 to 2". */
export function labelRange(classes: number): string {
  return classes === 2 ? "of 0 or 1" : `from 0 to ${classes - 1}`;
}

/** Features in the order the network takes them, each once. */
export function orderFeatures(features: readonly FeatureId[]): FeatureId[] {
  return FEATURE_IDS.filter((f) => features.includes(f));
}

/** This part of a configuration's link: only what differs from the defaults. */
export function taskHash(config: Config): [string, string][] {
  const parts: [string, string][] = [];
  if (!plainFeatures(config.features)) parts.push(["feat", config.features.join(",")]);
  if (config.classes !== 2) parts.push(["k", String(config.classes)]);
  return parts;
}

/** Reads `feat` and `k` from a link's entries into `config`, with a message for each bad value. */
export function readTaskKeys(
  entries: Map<string, string>,
  config: Config,
  problems: string[],
): void {
  const feat = entries.get("feat");
  if (feat !== undefined) {
    const names = feat.split(",");
    const unknown = names.find((n) => !(FEATURE_IDS as readonly string[]).includes(n));
    const using = `; using feat=${config.features.join(",")}`;
    if (feat === "") {
      problems.push(`feat= names no feature: the network needs at least one input${using}`);
    } else if (unknown !== undefined) {
      problems.push(
        `feat=${feat}: the feature "${unknown}" is unknown (use ${FEATURE_IDS.join(", ")})${using}`,
      );
    } else if (new Set(names).size !== names.length) {
      problems.push(`feat=${feat} names a feature twice${using}`);
    } else config.features = orderFeatures(names as FeatureId[]);
  }
  if (oneInput(config)) {
    const x2 = config.features.filter((f) => X2_FEATURES.includes(f));
    const kept = dataChange(config.data, { ...config, data: "xor" }).features!;
    // A link without feat= takes x₁ alone; one that names features of x₂ is told why they go.
    if (x2.length > 0 && feat !== undefined) {
      problems.push(
        `feat=${feat}: the ${config.data} data have the one input x₁, so ${
          x2.join(", ")
        } cannot be inputs; using feat=${kept.join(",")}`,
      );
    }
    config.features = kept;
  }
  const k = entries.get("k");
  if (k !== undefined) {
    if (!/^\d+$/.test(k) || Number(k) < 2 || Number(k) > MAX_CLASSES) {
      problems.push(
        `The number of classes k must be a whole number from 2 to ${MAX_CLASSES}, got "${k}"; using k=2`,
      );
    } else if (Number(k) > 2 && !MULTICLASS_DATA.includes(config.data)) {
      problems.push(
        `k=${k}: the ${config.data} dataset has 2 classes (more classes: ${
          MULTICLASS_DATA.join(", ")
        }); using k=2`,
      );
    } else config.classes = Number(k);
  }
}

/** The index of the largest of the k values in row i of `data` (the first, on a tie). */
export function argmaxRow(data: ArrayLike<number>, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (data[i * k + c] > data[i * k + best]) best = c;
  return best;
}

/** softmax of the k logits in row i of `data`, at class c. */
export function softmaxAt(data: ArrayLike<number>, i: number, k: number, c: number): number {
  const top = data[i * k + argmaxRow(data, i, k)];
  let sum = 0;
  for (let m = 0; m < k; m++) sum += Math.exp(data[i * k + m] - top);
  return Math.exp(data[i * k + c] - top) / sum;
}

/** The softmax probability of the largest of the k logits in row i of `data`. */
export function topProbability(data: ArrayLike<number>, i: number, k: number): number {
  return softmaxAt(data, i, k, argmaxRow(data, i, k));
}
