// The playground's network, built from the library's own layers, and its
// weights as JSON: the file the page exports and the form in which the
// workbook script receives the network (that script carries its own copy of
// the library, so a network crosses over as numbers, not as objects).
import {
  ActivationLayer,
  type ActivationName,
  ACTIVATIONS,
  type InitName,
  type Layer,
  Linear,
  linearStagesOf,
  Rng,
  Sequential,
  Tensor,
} from "../lib/core/mod.ts";
import { ACTIVATION_NAMES, type Config } from "./config.ts";
import { isRegression } from "./task.ts";

/** What the page hands the workbook script: the sample, the learning rate, the steps and the loss. */
export interface WorkbookData {
  X: number[][];
  y: number[][];
  lr: number;
  steps: number;
  loss: PlaygroundLoss;
}

declare global {
  /** Set by workbook.js, the page's second script, loaded when the first workbook is asked for. */
  var nnPlaygroundWorkbook:
    | ((network: NetworkJson, data: WorkbookData) => Promise<Uint8Array<ArrayBuffer>>)
    | undefined;
}

/** The loss names of the library's loss table that the playground uses. */
export type PlaygroundLoss = "mse" | "sigmoidCrossEntropy" | "softmaxCrossEntropy";

/**
 * The loss: MSE for a regression, softmax cross-entropy over the class logits for more than two
 * classes, and otherwise the one chosen.
 */
export function lossName(config: Pick<Config, "loss" | "classes" | "data">): PlaygroundLoss {
  if (isRegression(config)) return "mse";
  if (config.classes > 2) return "softmaxCrossEntropy";
  return config.loss === "ce" ? "sigmoidCrossEntropy" : "mse";
}

/** The network's inputs and outputs: one per feature; one output, or one logit per class of 3 or more. */
export function ioSizes(config: Pick<Config, "features" | "classes">): {
  inputs: number;
  outputs: number;
} {
  return { inputs: config.features.length, outputs: config.classes > 2 ? config.classes : 1 };
}

/**
 * The network of a configuration: an input per feature (2 for x1, x2), the
 * hidden layers, 1 output with no activation (a value for MSE, a logit for
 * cross-entropy) or, for k > 2 classes, k logits, weights drawn
 * from one generator seeded with the configuration's seed. Each Linear layer
 * takes the initialisation of the activation after it (the output layer that
 * of the last hidden layer), so with one activation throughout this is
 * exactly `mlp([2, ...hidden, 1], { activation, seed })`.
 */
export function buildNetwork(config: Config): Sequential {
  const rng = new Rng(config.seed);
  const { inputs, outputs } = ioSizes(config);
  const sizes = [inputs, ...config.hidden, outputs];
  const layers: Layer[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const hidden = l < config.hidden.length;
    const initFrom = config.activations[Math.min(l, config.hidden.length - 1)] ?? "identity";
    const init: InitName = config.init === "auto" ? ACTIVATIONS[initFrom].init : config.init;
    layers.push(
      new Linear(sizes[l], sizes[l + 1], { rng, init, names: [`W${l + 1}`, `b${l + 1}`] }),
    );
    if (hidden) layers.push(new ActivationLayer(config.activations[l]));
  }
  return new Sequential(layers);
}

/** One layer of the JSON form: its weights (inputs × units), bias and activation. */
export interface LayerJson {
  W: number[][];
  b: number[];
  activation: ActivationName;
}

/** The JSON the page exports: the network's weights and how they were made. */
export interface NetworkJson {
  format: "nn-playground-network";
  version: 1;
  /** The playground link of the configuration (after #). */
  link: string;
  /** Epochs trained. */
  epoch: number;
  /** Steps trained of the epoch after `epoch`, when saved part-way through it. */
  steps?: number;
  /** The loss trained with, a name of the library's loss table. */
  loss: PlaygroundLoss;
  /** Linear layers, first to last, each followed by its activation (identity for the output). */
  layers: LayerJson[];
}

/** The JSON form of a network's weights. */
export function networkToJson(
  net: Layer,
  meta: { link: string; epoch: number; steps?: number; loss: PlaygroundLoss },
): NetworkJson {
  return {
    format: "nn-playground-network",
    version: 1,
    ...meta,
    layers: linearStagesOf(net, "A network file").map(({ layer: linear, activation }) => ({
      W: linear.W.toArray(),
      b: Array.from(linear.b.data),
      activation: activation.name as ActivationName,
    })),
  };
}

/**
 * A network from its JSON form, checked: an unreadable file is an error that
 * says which layer and what is wrong. `shape` is the inputs and outputs it
 * must have (by default 2 and 1, the plain network's).
 */
export function networkFromJson(
  json: unknown,
  shape: { inputs: number; outputs: number } = { inputs: 2, outputs: 1 },
): Sequential {
  const j = json as Partial<NetworkJson> | null;
  if (j === null || typeof j !== "object" || j.format !== "nn-playground-network") {
    throw new RangeError(
      'This is not a network file of the playground (no format "nn-playground-network")',
    );
  }
  if (j.version !== 1) {
    throw new RangeError(`This network file has version ${j.version}; this page reads version 1`);
  }
  if (!Array.isArray(j.layers) || j.layers.length === 0) {
    throw new RangeError("The network file has no layers");
  }
  const layers: Layer[] = [];
  let nIn = shape.inputs;
  j.layers.forEach((layer, l) => {
    const where = `Layer ${l + 1} of the network file`;
    const last = l === j.layers!.length - 1;
    if (!ACTIVATION_NAMES.includes(layer?.activation)) {
      throw new RangeError(
        `${where} has an unknown activation ${JSON.stringify(layer?.activation)}`,
      );
    }
    if (!Array.isArray(layer.W) || layer.W.length !== nIn || !Array.isArray(layer.b)) {
      throw new RangeError(`${where} needs W with ${nIn} rows (one per input) and a bias b`);
    }
    const units = layer.b.length;
    const numbers = [...layer.W.flatMap((r) => (Array.isArray(r) ? r : [NaN])), ...layer.b];
    if (
      units < 1 || layer.W.some((r) => r.length !== units) ||
      !numbers.every((v) => typeof v === "number" && Number.isFinite(v))
    ) {
      throw new RangeError(
        `${where} needs W of ${nIn}×${units} finite numbers and a bias of ${units}`,
      );
    }
    if (last && (units !== shape.outputs || layer.activation !== "identity")) {
      throw new RangeError(
        `${where} is the output: it needs ${shape.outputs} unit${
          shape.outputs === 1 ? "" : "s"
        } and no activation (identity)`,
      );
    }
    layers.push(
      Linear.fromWeights(Tensor.from(layer.W), Tensor.row(layer.b), [`W${l + 1}`, `b${l + 1}`]),
    );
    if (!last) layers.push(new ActivationLayer(layer.activation));
    nIn = units;
  });
  return new Sequential(layers);
}

/** A copy of a network with the same weights, built from its JSON form. */
export function cloneNetwork(net: Layer): Sequential {
  const json = networkToJson(net, { link: "", epoch: 0, loss: "mse" });
  const inputs = json.layers[0].W.length, outputs = json.layers.at(-1)!.b.length;
  return networkFromJson(json, { inputs, outputs });
}
