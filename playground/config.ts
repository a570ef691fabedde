// The playground's configuration: every setting, its limits and default, the
// course's presets, and the link that carries it all (the part of the URL
// after #). Reading a link never fails: a value out of range, a setting the
// page does not know or a link from a newer version each get a message that
// names it, and the setting keeps its safe default.
import type { ActivationName, InitName, OptimizerName } from "../lib/core/mod.ts";
import type { FeatureId } from "./features.ts";
import {
  isLabel,
  labelRange,
  readTaskKeys,
  REGRESSION_DATA,
  type RegressionName,
  TASK_KEYS,
  taskHash,
} from "./task.ts";

/** The version of the link's format; a link says which version wrote it (`v=1`). */
export const VERSION = 1;

/** The generated datasets, by the name the link uses, and `own` for points the reader brings. */
export const DATASETS = ["xor", "circles", "gaussians", "spiral", "moons"] as const;
export type GeneratedName = typeof DATASETS[number];
export type DataName = GeneratedName | "own" | RegressionName;

/** What the activation menus offer, in order, with the names the page shows. */
export const ACTIVATION_LABELS: Readonly<Record<ActivationName, string>> = {
  relu: "ReLU",
  leakyRelu: "leaky ReLU",
  tanh: "tanh",
  sigmoid: "sigmoid",
  identity: "linear",
};
export const ACTIVATION_NAMES = Object.keys(ACTIVATION_LABELS) as ActivationName[];

/** The two losses: MSE on the output (the course's network) or cross-entropy on its logit. */
export type LossChoice = "mse" | "ce";
export type InitChoice = "auto" | InitName;
export const INITS: readonly InitChoice[] = ["auto", "he", "xavier", "normal", "uniform"];

export interface Config {
  /** Which data. */
  data: DataName;
  /** Points generated (ignored for own data). */
  points: number;
  /** Standard deviation of the noise on each coordinate (ignored for own data). */
  noise: number;
  /** Share of the points used for training; the rest are the test set. */
  trainShare: number;
  /** Fixes the data, the split, the initial weights and the shuffles. */
  seed: number;
  /** Units of each hidden layer (0 to 6 layers). */
  hidden: number[];
  /** The activation after each hidden layer. */
  activations: ActivationName[];
  /** The initialisation: `auto` takes each layer's activation's own (He for the ReLU family, Xavier otherwise). */
  init: InitChoice;
  loss: LossChoice;
  lr: number;
  /** Samples per SGD step; 0 means the whole training set. */
  batch: number;
  /** Weight decay λ (L2). */
  l2: number;
  /** Epochs per frame while playing; 0 means as many as fit in the frame's time budget. */
  pace: number;
  // The network's inputs and the number of classes (see task.ts).
  /** The features the network takes as inputs, computed from (x1, x2). */
  features: FeatureId[];
  /** Classes of the data: 2, or up to 5 for the datasets that have more. */
  classes: number;
  // Training beyond plain SGD. A link without these keys means plain SGD, no L1 and no dropout,
  // as every link did before they existed.
  /** The optimiser: plain SGD, heavy-ball momentum (β = 0.9) or Adam (β₁ 0.9, β₂ 0.999, ε 1e-8). */
  optimizer: OptimizerName;
  /** The L1 penalty λ₁ on the weights. */
  l1: number;
  /** The dropout rate after each hidden layer while training (0: none). */
  dropout: number;
}

/** The optimisers the menu offers, in order, with the names the page shows. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  sgd: "SGD",
  momentum: "SGD with momentum",
  adam: "Adam",
};
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZER_LABELS) as OptimizerName[];
export const L1_CHOICES = [0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];
export const DROPOUT_CHOICES = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
export const TRAINING_LIMITS = { l1: [0, 10], dropout: [0, 0.5] } as const;

export const LIMITS = {
  points: [20, 1000],
  noise: [0, 0.5],
  trainShare: [0.1, 0.9],
  seed: [0, 999999],
  layers: [0, 6],
  units: [1, 64],
  lr: [0.00001, 10],
  batch: [0, 1000],
  l2: [0, 10],
  /** Rows an own dataset may have. */
  ownPoints: [10, 1000],
  /**
   * The largest |x1| and |x2| of an own point. The generated datasets lie within about ±1.5 and
   * the plot is fitted around every point, so one point far out would shrink all the others
   * into a dot; ten times the generated data's size leaves room for data of another scale.
   */
  ownCoordinate: 10,
} as const;

export const LR_CHOICES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const L2_CHOICES = [0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const BATCH_CHOICES = [1, 2, 4, 8, 10, 16, 32, 64, 128, 0];
export const PACE_CHOICES = [1, 10, 100, 0];

// The spiral's arms lie about 0.27 apart, so its noise sets the default: at 0.1 they blur into one
// blob, while at 0.03, with 400 points, the default network separates them.
export const DEFAULTS: Readonly<Config> = Object.freeze({
  data: "xor",
  points: 400,
  noise: 0.03,
  trainShare: 0.5,
  seed: 1,
  hidden: [6, 4],
  activations: ["tanh", "tanh"],
  init: "auto",
  loss: "mse",
  lr: 0.1,
  batch: 10,
  l2: 0,
  pace: 1,
  features: ["x1", "x2"],
  classes: 2,
  optimizer: "sgd",
  l1: 0,
  dropout: 0,
}) as Config;

/** A copy of the defaults that a caller may change. */
export function defaults(): Config {
  return {
    ...DEFAULTS,
    hidden: [...DEFAULTS.hidden],
    activations: [...DEFAULTS.activations],
    features: [...DEFAULTS.features],
  };
}

/** One point of an own dataset. */
export interface Point {
  x1: number;
  x2: number;
  /** The class, 0 to classes − 1. */
  label: number;
}

/** What a link holds: the configuration, own points when the data is own, and what was wrong with it. */
export interface LinkState {
  config: Config;
  points?: Point[];
  problems: string[];
}

// String(-0) is "0": keep the sign, so that a link gives back exactly the numbers it was made from.
const num = (v: number) => (Object.is(v, -0) ? "-0" : String(v));

/** The link of a configuration (without the leading #); own points go with it. */
export function toHash(config: Config, points?: readonly Point[]): string {
  const parts: [string, string][] = [
    ["v", String(VERSION)],
    ["data", config.data],
  ];
  if (config.data !== "own") {
    parts.push(["n", String(config.points)], ["noise", num(config.noise)]);
  }
  parts.push(
    ["train", num(config.trainShare)],
    ["seed", String(config.seed)],
    ["layers", config.hidden.length === 0 ? "none" : config.hidden.join(",")],
  );
  if (config.hidden.length > 0) parts.push(["act", config.activations.join(",")]);
  parts.push(
    ["init", config.init],
    ["loss", config.loss],
    ["lr", num(config.lr)],
    ["batch", config.batch === 0 ? "all" : String(config.batch)],
    ["l2", num(config.l2)],
    ["pace", config.pace === 0 ? "max" : String(config.pace)],
    ...taskHash(config),
  );
  // Only when set, so that the link of a plain-SGD configuration is what it always was.
  if (config.optimizer !== DEFAULTS.optimizer) parts.push(["opt", config.optimizer]);
  if (config.l1 !== DEFAULTS.l1) parts.push(["l1", num(config.l1)]);
  if (config.dropout !== DEFAULTS.dropout) parts.push(["drop", num(config.dropout)]);
  if (config.data === "own" && points) {
    parts.push(["pts", points.map((p) => `${num(p.x1)},${num(p.x2)},${p.label}`).join(";")]);
  }
  return parts.map(([k, v]) => `${k}=${v}`).join("&");
}

/** A setting read from a link, or why it cannot be. */
type Read<T> = { value: T } | { problem: string };

/** A number from a link, or why not. */
function readNumber(
  raw: string,
  [lo, hi]: readonly [number, number],
  what: string,
  whole = false,
): Read<number> {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) {
    return { problem: `${what} must be a number, got "${raw}"` };
  }
  if (whole && !Number.isInteger(v)) {
    return { problem: `${what} must be a whole number, got ${raw}` };
  }
  if (v < lo || v > hi) return { problem: `${what} must be from ${lo} to ${hi}, got ${raw}` };
  return { value: v };
}

/** One of a list of names from a link, or why not. */
function readChoice<T extends string>(raw: string, choices: readonly T[], what: string): Read<T> {
  return (choices as readonly string[]).includes(raw)
    ? { value: raw as T }
    : { problem: `${what} "${raw}" is unknown (use ${choices.join(", ")})` };
}

const KNOWN = [
  "v",
  "data",
  "n",
  "noise",
  "train",
  "seed",
  "layers",
  "act",
  "init",
  "loss",
  "lr",
  "batch",
  "l2",
  "pace",
  "pts",
  ...TASK_KEYS,
  "opt",
  "l1",
  "drop",
];

/**
 * Reads a link (with or without its #). Every problem becomes one message
 * naming the setting, what it holds, what it should hold and the default
 * used instead; a link from a newer version is not read at all.
 */
export function fromHash(hash: string): LinkState {
  const config = defaults();
  const problems: string[] = [];
  const text = hash.replace(/^#/, "");
  if (text.trim() === "") return { config, problems };
  const entries = new Map<string, string>();
  for (const part of text.split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    const key = at < 0 ? part : part.slice(0, at);
    let value = at < 0 ? "" : part.slice(at + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      problems.push(`The setting ${key} is not readable (bad % escape); it is ignored`);
      continue;
    }
    entries.set(key, value);
  }
  const version = entries.get("v");
  if (version === undefined) {
    problems.push(`This link has no version (v=${VERSION}); it is read as version ${VERSION}`);
  } else if (!/^\d+$/.test(version)) {
    problems.push(
      `This link's version v=${version} is not a version number: its settings are ignored and the defaults used`,
    );
    return { config: defaults(), problems };
  } else if (Number(version) > VERSION) {
    problems.push(
      `This link was made by a newer version of the playground (v=${version}; this page reads v=${VERSION}): ` +
        "its settings are ignored and the defaults used",
    );
    return { config: defaults(), problems };
  }
  for (const key of entries.keys()) {
    if (!KNOWN.includes(key)) {
      problems.push(`The link's setting "${key}" is unknown; it is ignored`);
    }
  }
  const take = <K extends keyof Config>(
    key: string,
    field: K,
    read: (raw: string) => Read<Config[K]>,
    show: (v: Config[K]) => string = String,
  ) => {
    const raw = entries.get(key);
    if (raw === undefined) return;
    const r = read(raw);
    if ("value" in r) config[field] = r.value;
    else problems.push(`${r.problem}; using ${key}=${show(config[field])}`);
  };
  const every = (n: number) => (v: number) => (v === 0 ? (n === 0 ? "all" : "max") : String(v));
  take(
    "data",
    "data",
    (raw) => readChoice<DataName>(raw, [...DATASETS, ...REGRESSION_DATA, "own"], "The dataset"),
  );
  take("n", "points", (raw) => readNumber(raw, LIMITS.points, "The number of points n", true));
  take("noise", "noise", (raw) => readNumber(raw, LIMITS.noise, "The noise"));
  take("train", "trainShare", (raw) => readNumber(raw, LIMITS.trainShare, "The training share"));
  take("seed", "seed", (raw) => readNumber(raw, LIMITS.seed, "The seed", true));
  take("init", "init", (raw) => readChoice(raw, INITS, "The initialisation"));
  take("loss", "loss", (raw) => readChoice<LossChoice>(raw, ["mse", "ce"], "The loss"));
  take("lr", "lr", (raw) => readNumber(raw, LIMITS.lr, "The learning rate lr"));
  take(
    "batch",
    "batch",
    (raw) =>
      raw === "all" ? { value: 0 } : readNumber(raw, [1, LIMITS.batch[1]], "The batch size", true),
    every(0),
  );
  take("l2", "l2", (raw) => readNumber(raw, LIMITS.l2, "The L2 weight decay"));
  take(
    "pace",
    "pace",
    (raw) =>
      raw === "max"
        ? { value: 0 }
        : readNumber(raw, [1, 1000], "The pace (epochs per frame)", true),
    every(1),
  );
  take("opt", "optimizer", (raw) => readChoice(raw, OPTIMIZER_NAMES, "The optimiser"));
  take("l1", "l1", (raw) => readNumber(raw, TRAINING_LIMITS.l1, "The L1 penalty"));
  take("drop", "dropout", (raw) => readNumber(raw, TRAINING_LIMITS.dropout, "The dropout rate"));
  readLayers(entries, config, problems);
  readTaskKeys(entries, config, problems);
  let points: Point[] | undefined;
  if (config.data === "own") {
    const raw = entries.get("pts") ?? "";
    const read = readLinkPoints(raw, config.classes);
    if (typeof read === "string") {
      problems.push(`${read}; using the ${DEFAULTS.data} dataset instead`);
      config.data = DEFAULTS.data;
    } else points = read;
  }
  return { config, points, problems };
}

function readLayers(entries: Map<string, string>, config: Config, problems: string[]): void {
  const rawLayers = entries.get("layers");
  if (rawLayers !== undefined) {
    const sizes = rawLayers === "none" || rawLayers === "" ? [] : rawLayers.split(",");
    const [lo, hi] = LIMITS.units;
    const bad = sizes.find((s) => !/^\d+$/.test(s) || Number(s) < lo || Number(s) > hi);
    if (sizes.length > LIMITS.layers[1]) {
      problems.push(
        `layers=${rawLayers} has ${sizes.length} hidden layers, at most ${
          LIMITS.layers[1]
        } are possible; using layers=${DEFAULTS.hidden.join(",")}`,
      );
    } else if (bad !== undefined) {
      problems.push(
        `layers=${rawLayers}: a layer has ${lo} to ${hi} units, got "${bad}"; using layers=${
          DEFAULTS.hidden.join(",")
        }`,
      );
    } else {
      config.hidden = sizes.map(Number);
      config.activations = config.hidden.map((_, i) => DEFAULTS.activations[i] ?? "tanh");
    }
  }
  const rawAct = entries.get("act");
  if (rawAct === undefined || config.hidden.length === 0) return;
  const names = rawAct.split(",");
  const unknown = names.find((n) => !(ACTIVATION_NAMES as string[]).includes(n));
  if (unknown !== undefined) {
    problems.push(
      `act=${rawAct}: the activation "${unknown}" is unknown (use ${
        ACTIVATION_NAMES.join(", ")
      }); using ${config.activations.join(",")}`,
    );
  } else if (names.length === 1) {
    config.activations = config.hidden.map(() => names[0] as ActivationName);
  } else if (names.length !== config.hidden.length) {
    problems.push(
      `act=${rawAct} names ${names.length} activations for ${config.hidden.length} hidden layers; using ${
        config.activations.join(",")
      }`,
    );
  } else config.activations = names as ActivationName[];
}

/**
 * Why a point cannot be own data, or undefined: each coordinate must lie within
 * ±{@link LIMITS.ownCoordinate}, as a CSV's must, so that saved points can be read back.
 */
export function ownPointProblem(x1: number, x2: number): string | undefined {
  const bound = LIMITS.ownCoordinate;
  const outside = [x1, x2].findIndex((v) => !(Math.abs(v) <= bound));
  return outside < 0
    ? undefined
    : `x${outside + 1} = ${
      [x1, x2][outside]
    } is outside the range -${bound} to ${bound} that own data takes`;
}

/** Own points as the link carries them: `x1,x2,label` joined by `;`. */
function readLinkPoints(raw: string, classes: number): Point[] | string {
  if (raw === "") return "The link says data=own but carries no points (pts=…)";
  const rows = raw.split(";");
  const [lo, hi] = LIMITS.ownPoints;
  if (rows.length < lo || rows.length > hi) {
    return `The link carries ${rows.length} points; own data needs ${lo} to ${hi}`;
  }
  const points: Point[] = [];
  for (const [i, row] of rows.entries()) {
    const cells = row.split(",");
    const [x1, x2, label] = cells.map(Number);
    if (
      cells.length !== 3 || cells.some((c) => c.trim() === "") || !Number.isFinite(x1) ||
      !Number.isFinite(x2) || !isLabel(label, classes)
    ) {
      return `Point ${i + 1} of the link, "${row}", is not x1,x2,label with a label ${
        labelRange(classes)
      }`;
    }
    const outside = ownPointProblem(x1, x2);
    if (outside) return `Point ${i + 1} of the link: ${outside}`;
    points.push({ x1, x2, label });
  }
  return points;
}

/** A course preset: its name, what it shows, and its configuration. */
export interface Preset {
  id: string;
  title: string;
  notebook: string;
  shows: string;
  config: Config;
}

function preset(changes: Partial<Config>): Config {
  return { ...defaults(), ...changes };
}

/** The networks of the course's notebooks, as playground settings. */
export const PRESETS: readonly Preset[] = [
  {
    id: "linear-stack",
    title: "Deep linear stack",
    notebook: "01",
    shows:
      "Two hidden layers of 16 units and no activation, as in notebook 01: the stack collapses to one linear layer, so the boundary stays a straight line however long it trains.",
    config: preset({
      data: "moons",
      points: 160,
      noise: 0.1,
      seed: 7,
      hidden: [16, 16],
      activations: ["identity", "identity"],
      lr: 0.05,
      batch: 0,
      pace: 10,
    }),
  },
  {
    id: "xor-2-4-1",
    title: "XOR, 2-4-1 ReLU",
    notebook: "03 and 04",
    shows:
      "One hidden layer of four ReLU units learns XOR, which no line can separate; the hidden space shows the points as two of its units see them.",
    config: preset({
      data: "xor",
      points: 200,
      noise: 0.05,
      seed: 3,
      hidden: [4],
      activations: ["relu"],
      lr: 0.1,
      batch: 10,
      pace: 1,
    }),
  },
  {
    id: "deep-sigmoid",
    title: "Deep sigmoid network",
    notebook: "05",
    shows:
      "Four hidden sigmoid layers with N(0, 1/nIn) weights: at the start the gradient shrinks layer by layer towards the input, and the first layer barely moves; the first full-batch step (lr 0.5) overshoots, multiplying the training loss many times over, and within ten epochs the network settles on an almost constant output, with the loss of predicting the mean and chance accuracy; it learns no more.",
    config: preset({
      data: "circles",
      points: 400,
      noise: 0.05,
      seed: 1,
      hidden: [30, 30, 30, 30],
      activations: ["sigmoid", "sigmoid", "sigmoid", "sigmoid"],
      init: "normal",
      lr: 0.5,
      batch: 0,
      pace: 10,
    }),
  },
];
