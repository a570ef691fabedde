// The training controls beyond plain SGD: the optimiser menu, the L1 penalty and the dropout
// rate of the hidden layers. Each changes what training does from now on, keeping the weights,
// as the learning rate and L2 do; `sync` shows a session's settings in them.
import type { OptimizerName } from "../lib/core/mod.ts";
import { DROPOUT_CHOICES, L1_CHOICES, OPTIMIZER_LABELS, OPTIMIZER_NAMES } from "./config.ts";
import { $, choose, options } from "./_dom.ts";
import type { PageState } from "./state.ts";

/** Fills the three menus, sends their changes to the session, and keeps them showing it. */
export function wireTrainingControls(state: PageState): void {
  const optimizer = $<HTMLSelectElement>("optimizer");
  const l1 = $<HTMLSelectElement>("l1");
  const dropout = $<HTMLSelectElement>("dropout");
  options(optimizer, OPTIMIZER_NAMES, (v: OptimizerName) => OPTIMIZER_LABELS[v]);
  options(l1, L1_CHOICES, String);
  options(dropout, DROPOUT_CHOICES, (v: number) => (v === 0 ? "none" : String(v)));
  optimizer.addEventListener(
    "change",
    () => state.retune({ optimizer: optimizer.value as OptimizerName }),
  );
  l1.addEventListener("change", () => state.retune({ l1: Number(l1.value) }));
  dropout.addEventListener("change", () => state.retune({ dropout: Number(dropout.value) }));
  const sync = () => {
    const c = state.session.config;
    optimizer.value = c.optimizer;
    choose(l1, c.l1);
    choose(dropout, c.dropout, c.dropout === 0 ? "none" : String(c.dropout));
    dropout.disabled = c.hidden.length === 0;
  };
  state.on("session", sync);
  state.on("config", sync);
}
