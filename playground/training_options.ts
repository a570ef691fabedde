// The training settings beyond plain SGD (the optimiser, L1, dropout) as the library's
// training takes them: its options, and the network it trains with dropout layers in it. No DOM,
// so the tests can use it without a browser.
import {
  ActivationLayer,
  Dropout,
  type Layer,
  type Linear,
  type OptimizerOptions,
  Sequential,
} from "../lib/core/mod.ts";
import { type Config, DEFAULTS, OPTIMIZER_LABELS } from "./config.ts";

/** The library's training options for the optimiser and the L1 penalty of a configuration. */
export function optimizerOptions(config: Config): Pick<OptimizerOptions, "optimizer" | "l1"> {
  return { optimizer: config.optimizer, l1: config.l1 };
}

/**
 * The network that training runs: the same layer objects as `net` (so it
 * trains the page's weights), with a dropout layer after each hidden
 * activation when the configuration has a dropout rate, its masks drawn from
 * `seed`. Without dropout it is `net` itself. Dropout acts only while the
 * library trains, so every view, score and prediction, which use `net`,
 * see the whole network.
 */
export function trainingNetwork(net: Sequential, config: Config, seed: number): Sequential {
  if (config.dropout === 0) return net;
  const layers: Layer[] = [];
  const last = net.layers.length - 1;
  net.layers.forEach((layer, i) => {
    layers.push(layer);
    if (layer instanceof ActivationLayer && i < last) {
      const width = (net.layers[i - 1] as Linear).outWidth;
      layers.push(new Dropout(width, config.dropout, { seed: seed + i }));
    }
  });
  return new Sequential(layers);
}

/**
 * What the page trains with beyond plain SGD, in words ("Adam, L1 and
 * dropout"), or undefined when it trains with plain SGD.
 */
export function beyondSgd(config: Config): string | undefined {
  const parts = [
    config.optimizer !== DEFAULTS.optimizer ? OPTIMIZER_LABELS[config.optimizer] : undefined,
    config.l1 !== DEFAULTS.l1 ? `L1 ${config.l1}` : undefined,
    config.dropout !== DEFAULTS.dropout ? `dropout ${config.dropout}` : undefined,
  ].filter((p) => p !== undefined);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * The workbook's limit for this configuration, as a sentence to add to what
 * the page says of the workbook (with a space before it): a workbook takes
 * plain full-batch SGD steps, so with another optimiser, L1 or dropout its
 * steps are not the page's. Empty when there is nothing to say.
 */
export function workbookTrainingNote(config: Config): string {
  const what = beyondSgd(config);
  return what === undefined ? "" : ` This page trains with ${what}; a workbook cannot: ` +
    "its steps are plain SGD without them, so its losses are not those of the page's next epochs.";
}
