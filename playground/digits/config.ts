// The digits page's settings and their link (the part of the URL after #),
// for example #model=mlp&hidden=128&lr=0.1&batch=128&seed=1. Reading a link
// never fails: a value the page cannot use gets a message naming the setting,
// the value and what was expected, and the setting keeps its default.

/** The two networks: notebook 07's one hidden layer, or notebook 08's small convolutional network. */
export const MODELS = ["mlp", "cnn"] as const;
export type ModelName = typeof MODELS[number];

export interface DigitsConfig {
  model: ModelName;
  /** Hidden units of the one-hidden-layer network (the convolutional network's sizes are fixed). */
  hidden: number;
  lr: number;
  /** Images per SGD step. */
  batch: number;
  /** Fixes the initial weights and the order of the mini-batches. */
  seed: number;
}

/** Each network's settings as its notebook trains it (momentum 0.9 for both). */
export const MODEL_DEFAULTS: Readonly<Record<ModelName, DigitsConfig>> = {
  mlp: { model: "mlp", hidden: 128, lr: 0.1, batch: 128, seed: 1 },
  cnn: { model: "cnn", hidden: 128, lr: 0.05, batch: 32, seed: 1 },
};

/**
 * What a link may hold: each numeric setting's range, and whether it is a
 * whole number. The largest network and batch keep a training step short
 * enough for the page's 50 ms rule, its first step included (which takes
 * several times longer than the rest): a step cannot be split between two of
 * the page's tasks.
 */
export const DIGITS_LIMITS = {
  hidden: { lo: 1, hi: 256, whole: true, name: "hidden units" },
  lr: { lo: 0.0001, hi: 2, whole: false, name: "learning rate" },
  batch: { lo: 1, hi: 128, whole: true, name: "batch size" },
  seed: { lo: 0, hi: 999999, whole: true, name: "seed" },
} as const;
type Numeric = keyof typeof DIGITS_LIMITS;

/**
 * The largest batch of the convolutional network, notebook 08's own: in the
 * page's test its busiest task while training on 64 images took 30 to 39 ms
 * of CPU (the first steps cost most), too near the 50 ms rule; on 32, 16 to
 * 24 ms.
 */
export const CNN_BATCH = 32;

/** The link of a configuration (without the #). */
export function digitsHash(c: DigitsConfig): string {
  return `model=${c.model}&hidden=${c.hidden}&lr=${c.lr}&batch=${c.batch}&seed=${c.seed}`;
}

/** Why a value cannot be a setting of the network `model`, or undefined when it can. */
export function digitsProblem(key: Numeric, value: number, model: ModelName): string | undefined {
  const { lo, whole, name } = DIGITS_LIMITS[key];
  const cnnBatch = key === "batch" && model === "cnn";
  const hi = cnnBatch ? CNN_BATCH : DIGITS_LIMITS[key].hi;
  const expected = `${whole ? "a whole number" : "a number"} from ${lo} to ${hi}${
    cnnBatch ? " for the convolutional network" : ""
  }`;
  if (!Number.isFinite(value) || value < lo || value > hi || (whole && !Number.isInteger(value))) {
    return `The ${name} ${key} must be ${expected}`;
  }
  return undefined;
}

/**
 * Reads a link (with or without its #): the configuration, every setting the
 * link does not give or gives wrongly at its model's default, and one message
 * per problem.
 */
export function readDigitsHash(hash: string): { config: DigitsConfig; problems: string[] } {
  const entries = new Map<string, string>();
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (part === "") continue;
    const at = part.indexOf("=");
    entries.set(
      decodeURIComponent(at < 0 ? part : part.slice(0, at)),
      at < 0 ? "" : decodeURIComponent(part.slice(at + 1)),
    );
  }
  const problems: string[] = [];
  const model = entries.get("model") ?? "mlp";
  const known = (MODELS as readonly string[]).includes(model);
  if (!known) {
    problems.push(
      `The network model must be one of ${MODELS.join(", ")}, got "${model}"; using model=mlp`,
    );
  }
  const config = { ...MODEL_DEFAULTS[known ? model as ModelName : "mlp"] };
  for (const key of Object.keys(DIGITS_LIMITS) as Numeric[]) {
    const raw = entries.get(key);
    if (raw === undefined) continue;
    const value = raw.trim() === "" ? NaN : Number(raw);
    const problem = digitsProblem(key, value, config.model);
    if (problem) problems.push(`${problem}, got "${raw}"; using ${key}=${config[key]}`);
    else config[key] = value;
  }
  for (const key of entries.keys()) {
    if (key !== "model" && !(key in DIGITS_LIMITS)) {
      problems.push(
        `The link's setting "${key}" is unknown (the page reads model, ${
          Object.keys(DIGITS_LIMITS).join(", ")
        }); it is ignored`,
      );
    }
  }
  return { config, problems };
}
