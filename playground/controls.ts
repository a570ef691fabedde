// The controls: the data, the network's shape, the training's settings,
// play, step and reset, and the views' checkboxes and menus. Each writes the
// page state; `sync` shows a session's configuration in them.
import type { ActivationName } from "../lib/core/mod.ts";
import {
  ACTIVATION_LABELS,
  ACTIVATION_NAMES,
  BATCH_CHOICES,
  type Config,
  type DataName,
  DATASETS,
  INITS,
  L2_CHOICES,
  LIMITS,
  LR_CHOICES,
  PACE_CHOICES,
} from "./config.ts";
import { $, choose, options } from "./_dom.ts";
import type { FrameLoop } from "./loop.ts";
import type { Messages } from "./messages.ts";
import type { PageState } from "./state.ts";
import { dataChange } from "./task.ts";
import { drawDataIcon, syncTaskControls, wireTaskControls } from "./task_controls.ts";

/** Wires every control of the page to `state`, and keeps them showing its session. */
export function wireControls(state: PageState, loop: FrameLoop, messages: Messages): void {
  datasetButtons(state);
  options($("points"), [50, 100, 200, 300, 400, 500, 1000], String);
  options($("lr"), LR_CHOICES, String);
  options($("batch"), BATCH_CHOICES, (v: number) => (v === 0 ? "all" : String(v)));
  options($("l2"), L2_CHOICES, String);
  options(
    $("init"),
    INITS,
    (v: string) =>
      v === "auto" ? "the activation's own" : v === "he" ? "He" : v === "xavier" ? "Xavier" : v,
  );
  options($("pace"), PACE_CHOICES, (v: number) => (v === 0 ? "as many as fit" : String(v)));
  const on = (id: string, event: string, f: (el: HTMLInputElement) => void) =>
    $(id).addEventListener(event, () => f($(id)));
  const rebuild = (changes: Partial<Config>) => state.rebuild(changes);
  const retune = (changes: Parameters<PageState["retune"]>[0]) => state.retune(changes);
  on("points", "change", (el) => rebuild({ points: Number(el.value) }));
  on("noise", "input", (el) => ($("noise-value").textContent = el.value));
  on("noise", "change", (el) => rebuild({ noise: Number(el.value) }));
  on(
    "train-share",
    "input",
    (el) => ($("train-share-value").textContent = `${Math.round(Number(el.value) * 100)}%`),
  );
  on("train-share", "change", (el) => rebuild({ trainShare: Number(el.value) }));
  on("seed", "change", (el) => {
    const v = Number(el.value);
    if (Number.isInteger(v) && v >= LIMITS.seed[0] && v <= LIMITS.seed[1]) rebuild({ seed: v });
    else {
      messages.say(
        `The seed must be a whole number from 0 to ${LIMITS.seed[1]}, got "${el.value}"`,
        "error",
        "seed",
      );
      el.value = String(state.session.config.seed);
    }
  });
  $("new-seed").onclick = () =>
    rebuild({ seed: (state.session.config.seed * 7919 + 104729) % 1000000 });
  on("lr", "change", (el) => retune({ lr: Number(el.value) }));
  on("batch", "change", (el) => retune({ batch: Number(el.value) }));
  on("l2", "change", (el) => retune({ l2: Number(el.value) }));
  on("pace", "change", (el) => retune({ pace: Number(el.value) }));
  on("loss", "change", (el) => rebuild({ loss: el.value as Config["loss"] }));
  on("init", "change", (el) => rebuild({ init: el.value as Config["init"] }));
  $("add-layer").onclick = () => {
    const { hidden, activations } = state.session.config;
    rebuild({
      hidden: [...hidden, hidden.at(-1) ?? 4],
      activations: [...activations, activations.at(-1) ?? "tanh"],
    });
  };
  $("remove-layer").onclick = () => {
    const { hidden, activations } = state.session.config;
    rebuild({ hidden: hidden.slice(0, -1), activations: activations.slice(0, -1) });
  };
  $("play").onclick = () => state.setPlaying(!state.playing);
  $("step").onclick = () => loop.step();
  $("reset").onclick = () => state.reset();
  wireViewOptions(state);
  wireTaskControls(state, messages);
  state.on("playing", () => {
    const button = $("play");
    button.textContent = state.playing ? "❚❚ Pause" : "▶ Train";
    button.setAttribute("aria-pressed", String(state.playing));
  });
  state.on("session", () => syncControls(state));
  state.on("config", () => syncControls(state));
}

/** The views' checkboxes and menus: each sets an option of the state and asks for a redraw. */
function wireViewOptions(state: PageState): void {
  const { options } = state;
  const box = (id: string) => $<HTMLInputElement>(id);
  options.showTest = box("show-test").checked;
  options.discretize = box("discretize").checked;
  box("show-test").addEventListener("change", () => {
    options.showTest = box("show-test").checked;
    state.markDirty();
  });
  box("discretize").addEventListener("change", () => {
    options.discretize = box("discretize").checked;
    state.markDirty();
  });
  box("log-scale").addEventListener("change", () => {
    options.logScale = box("log-scale").checked;
    state.markDirty();
  });
  for (const id of ["hidden-u", "hidden-v"]) {
    $(id).addEventListener("change", () => {
      readHiddenPickers(state);
      state.markDirty();
    });
  }
  $("hidden-layer").addEventListener("change", () => {
    hiddenPickers(state);
    state.markDirty();
  });
}

function datasetButtons(state: PageState): void {
  const box = $("datasets");
  for (const name of DATASETS) {
    const b = document.createElement("button");
    b.dataset.name = name;
    b.title = `The ${name} dataset`;
    const c = document.createElement("canvas");
    c.width = c.height = 36;
    b.append(c, document.createTextNode(name));
    b.onclick = () => state.rebuild(dataChange(name, state.session.config));
    box.append(b);
  }
}

function drawDatasetIcons(state: PageState): void {
  const { config } = state.session;
  for (
    const b of document.querySelectorAll<HTMLButtonElement>(
      "#datasets button, #regression-sets button",
    )
  ) {
    const name = b.dataset.name as DataName;
    b.setAttribute("aria-pressed", String(config.data === name));
    drawDataIcon(b.querySelector("canvas")!, name, config);
  }
}

function layerControls(state: PageState): void {
  const box = $("layers");
  box.textContent = "";
  const { hidden, activations } = state.session.config;
  $("layer-count").textContent = String(hidden.length);
  ($("add-layer") as HTMLButtonElement).disabled = hidden.length >= LIMITS.layers[1];
  ($("remove-layer") as HTMLButtonElement).disabled = hidden.length <= LIMITS.layers[0];
  hidden.forEach((units, l) => {
    const row = document.createElement("div");
    row.className = "layer";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = `layer ${l + 1}`;
    const less = document.createElement("button"), more = document.createElement("button");
    less.className = more.className = "small";
    less.textContent = "−";
    more.textContent = "+";
    less.setAttribute("aria-label", `Fewer units in layer ${l + 1}`);
    more.setAttribute("aria-label", `More units in layer ${l + 1}`);
    less.disabled = units <= LIMITS.units[0];
    more.disabled = units >= LIMITS.units[1];
    const count = document.createElement("span");
    count.className = "units";
    count.textContent = `${units} unit${units === 1 ? "" : "s"}`;
    const resize = (delta: number) => {
      const next = [...hidden];
      next[l] = Math.min(LIMITS.units[1], Math.max(LIMITS.units[0], units + delta));
      state.rebuild({ hidden: next });
    };
    less.onclick = () => resize(-1);
    more.onclick = () => resize(+1);
    const act = document.createElement("select");
    act.setAttribute("aria-label", `Activation of layer ${l + 1}`);
    options(act, ACTIVATION_NAMES, (a: ActivationName) => ACTIVATION_LABELS[a]);
    act.value = activations[l];
    act.onchange = () => {
      const next = [...activations];
      next[l] = act.value as ActivationName;
      state.rebuild({ activations: next });
    };
    row.append(name, less, count, more, act);
    box.append(row);
  });
}

/** Shows the session's configuration in every control. */
function syncControls(state: PageState): void {
  const c = state.session.config;
  const own = c.data === "own";
  drawDatasetIcons(state);
  choose($("points"), c.points);
  ($("points") as HTMLSelectElement).disabled = own;
  ($("noise") as HTMLInputElement).value = String(c.noise);
  ($("noise") as HTMLInputElement).disabled = own;
  $("noise-value").textContent = own ? "–" : String(c.noise);
  ($("train-share") as HTMLInputElement).value = String(c.trainShare);
  $("train-share-value").textContent = `${Math.round(c.trainShare * 100)}%`;
  ($("seed") as HTMLInputElement).value = String(c.seed);
  if (own) ($("own-data") as HTMLDetailsElement).open = true;
  layerControls(state);
  choose($("lr"), c.lr);
  choose($("batch"), c.batch, c.batch === 0 ? "all" : String(c.batch));
  choose($("l2"), c.l2);
  ($("loss") as HTMLSelectElement).value = c.loss;
  ($("init") as HTMLSelectElement).value = c.init;
  choose($("pace"), c.pace, c.pace === 0 ? "as many as fit" : String(c.pace));
  $("loss-name").textContent = c.loss === "ce"
    ? "cross-entropy of the logit"
    : "mean squared error";
  hiddenPickers(state);
  syncTaskControls(state);
}

/** The hidden space's menus: a layer of the network, and two of its units. */
function hiddenPickers(state: PageState): void {
  const layer = $<HTMLSelectElement>("hidden-layer"),
    u = $<HTMLSelectElement>("hidden-u"),
    v = $<HTMLSelectElement>("hidden-v");
  const hidden = state.session.config.hidden;
  const keep = Number(layer.value) || 1;
  options(layer, hidden.map((_, l) => l + 1), String);
  layer.disabled = hidden.length === 0;
  if (hidden.length === 0) {
    u.textContent = v.textContent = "";
    return;
  }
  layer.value = String(Math.min(keep, hidden.length));
  const units = hidden[Number(layer.value) - 1];
  const [ku, kv] = [Number(u.value) || 1, Number(v.value) || 2];
  options(u, Array.from({ length: units }, (_, i) => i + 1), (i: number) => `unit ${i}`);
  options(v, Array.from({ length: units }, (_, i) => i + 1), (i: number) => `unit ${i}`);
  u.value = String(Math.min(ku, units));
  v.value = String(Math.min(kv, units));
  readHiddenPickers(state);
}

function readHiddenPickers(state: PageState): void {
  state.options.hidden = {
    layer: Number($<HTMLSelectElement>("hidden-layer").value),
    u: Number($<HTMLSelectElement>("hidden-u").value),
    v: Number($<HTMLSelectElement>("hidden-v").value),
  };
}
