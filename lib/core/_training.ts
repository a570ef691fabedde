// What the training backends share beyond the pass over stages: a plan's optimiser settings,
// and turning dropout on for a training step's forward pass only. Internal to the library.
import { Dropout, type Layer, Sequential } from "./layers.ts";
import { checkOptimizerOptions, type OptimizerSettings } from "./optim.ts";
import type { TrainingPlan } from "./train.ts";

/**
 * A plan's optimiser settings: its `optimizer`, or plain SGD from its lr,
 * momentum and weight decay when it has none.
 */
export function planSettings(plan: TrainingPlan): OptimizerSettings {
  return plan.optimizer ?? checkOptimizerOptions({
    lr: plan.lr,
    momentum: plan.momentum,
    weightDecay: plan.weightDecay,
  });
}

/**
 * Runs `pass` with every dropout layer of `layers` training, and turns them
 * back off after it, also when it throws.
 */
export function whileTraining<T>(layers: readonly Dropout[], pass: () => T): T {
  if (layers.length === 0) return pass();
  setTraining(layers, true);
  try {
    return pass();
  } finally {
    setTraining(layers, false);
  }
}

/** Turns every dropout layer of `layers` on (training) or off (the identity). */
export function setTraining(layers: readonly Dropout[], on: boolean): void {
  for (let i = 0; i < layers.length; i++) layers[i].training = on;
}

/**
 * The {@link Dropout} layers of a model (inside nested Sequentials too), for
 * a training loop to turn on while it trains and off after.
 */
export function dropoutLayersOf(model: Layer): Dropout[] {
  if (model instanceof Dropout) return [model];
  if (model instanceof Sequential) return model.layers.flatMap(dropoutLayersOf);
  return [];
}
