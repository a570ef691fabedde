// The controls of the network's inputs and of the number of classes, in the
// Data panel: a checkbox per feature, the classes menu, and the legend of the
// class colours under the plot.
import { $, options, setText } from "./_dom.ts";
import { CLASS_CSS, paint, short } from "./canvas.ts";
import { FEATURE_IDS, FEATURE_LABELS, type FeatureId } from "./features.ts";
import type { Messages } from "./messages.ts";
import type { Config } from "./config.ts";
import type { PageState } from "./state.ts";
import {
  dataChange,
  isRegression,
  MAX_CLASSES,
  MULTICLASS_DATA,
  oneInput,
  orderFeatures,
  REGRESSION_DATA,
  X2_FEATURES,
} from "./task.ts";
import { defaults } from "./config.ts";
import { makeData } from "./session.ts";

/** The class counts the menu offers. */
const CLASS_CHOICES = Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 2);

/** Builds the feature checkboxes, the classes menu and the regression sets, and wires them to `state`. */
export function wireTaskControls(state: PageState, messages: Messages): void {
  for (const name of REGRESSION_DATA) {
    const b = document.createElement("button");
    b.dataset.name = name;
    b.title = name === "sine"
      ? "The sine: a target y = sin(πx₁) of the one input x₁, with noise"
      : "The saddle: a target y = x₁² − x₂² over the plane, with noise";
    const c = document.createElement("canvas");
    c.width = c.height = 36;
    b.append(c, document.createTextNode(name));
    b.onclick = () => state.rebuild(dataChange(name, state.session.config));
    $("regression-sets").append(b);
  }
  const box = $("features");
  for (const id of FEATURE_IDS) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = id;
    input.id = `feature-${id}`;
    input.addEventListener("change", () => {
      const chosen = [...box.querySelectorAll<HTMLInputElement>("input:checked")]
        .map((el) => el.value as FeatureId);
      if (chosen.length === 0) {
        input.checked = true;
        messages.say(
          `The network needs at least one input: ${FEATURE_LABELS[id]} stays on`,
          "error",
          "features",
        );
        return;
      }
      messages.unsay("features");
      state.rebuild({ features: orderFeatures(chosen) });
    });
    label.append(input, document.createTextNode(` ${FEATURE_LABELS[id]}`));
    box.append(label);
  }
  const classes = $<HTMLSelectElement>("classes");
  options(classes, CLASS_CHOICES, String);
  classes.addEventListener("change", () => {
    const k = Number(classes.value);
    const { config, data } = state.session;
    const most = config.data === "own" ? Math.max(...data.y.data) : 0;
    if (k <= most) {
      messages.say(
        `These points have labels up to ${most}, so they need ${
          most + 1
        } classes or more; keeping ${config.classes}`,
        "error",
        "classes",
      );
      classes.value = String(state.session.config.classes);
      return;
    }
    messages.unsay("classes");
    state.rebuild({ classes: k });
  });
}

/** Shows the session's features, classes and task in the controls and the legend. */
export function syncTaskControls(state: PageState): void {
  const { config } = state.session;
  const { features, classes, data } = config;
  const one = oneInput(config), regression = isRegression(config);
  for (const id of FEATURE_IDS) {
    const box = $<HTMLInputElement>(`feature-${id}`);
    box.checked = features.includes(id);
    // Data of the one input x₁ have no x₂ to compute features from.
    box.disabled = one && X2_FEATURES.includes(id);
  }
  const menu = $<HTMLSelectElement>("classes");
  menu.value = String(classes);
  menu.disabled = !MULTICLASS_DATA.includes(data);
  // With more than two classes the loss is softmax cross-entropy, whatever the menu held.
  // A regression's plot has no classes to show alone.
  $<HTMLInputElement>("discretize").disabled = regression;
  const loss = $<HTMLSelectElement>("loss");
  loss.disabled = classes > 2 || regression;
  if (regression) {
    loss.value = "mse";
    setText($("loss-name"), "mean squared error; a regression has no accuracy");
  }
  loss.querySelector(`option[value="softmax"]`)?.remove();
  if (classes > 2) {
    const o = document.createElement("option");
    o.value = "softmax";
    o.textContent = "softmax cross-entropy";
    loss.append(o);
    loss.value = "softmax";
    setText($("loss-name"), `softmax cross-entropy of the ${classes} logits`);
  }
  const legend = $("class-legend");
  const { lo, hi } = state.session.targetRange;
  const kind = regression ? `regression:${one}:${lo}:${hi}` : `classes:${classes}`;
  if (legend.dataset.kind === kind) return;
  legend.dataset.kind = kind;
  legend.textContent = "";
  if (regression) {
    const item = document.createElement("span");
    item.append(
      "target and output: ",
      swatch(CLASS_CSS[0]),
      ` ${short(lo)} (least) … `,
      swatch(CLASS_CSS[1]),
      ` ${short(hi)} (greatest), the network's output square too`,
    );
    if (one) item.append("; the line is the network's output");
    legend.append(item);
    return;
  }
  for (let c = 0; c < classes; c++) {
    const item = document.createElement("span");
    item.append(swatch(CLASS_CSS[c]), `class ${c}`);
    legend.append(item);
  }
  if (classes > 2) {
    const note = document.createElement("span");
    note.textContent = `(output square c + 1 on the network: the probability of class c)`;
    legend.append(note);
  }
}

/** A colour's square for a legend. */
function swatch(colour: string): HTMLElement {
  const s = document.createElement("span");
  s.className = "swatch";
  s.style.background = colour;
  return s;
}

/**
 * A dataset's icon: 120 of its points for the configuration's seed and noise, each in its class's
 * colour; the sine as its points (x₁, y), the saddle's in the colour of their target.
 */
export function drawDataIcon(canvas: HTMLCanvasElement, name: Config["data"], config: Config) {
  const classes = MULTICLASS_DATA.includes(name) ? config.classes : 2;
  const key = `${config.seed}:${config.noise}:${classes}`;
  if (canvas.dataset.drawn === key) return;
  canvas.dataset.drawn = key;
  const { X, y } = makeData({
    ...defaults(),
    data: name,
    classes,
    features: dataChange(name, config).features!,
    points: 120,
    noise: config.noise,
    seed: config.seed,
  });
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#f4f5f7";
  ctx.fillRect(0, 0, 36, 36);
  const regression = isRegression({ data: name });
  let m = 0;
  for (const v of X.data) m = Math.max(m, Math.abs(v));
  if (name === "sine") { for (const v of y.data) m = Math.max(m, Math.abs(v)); }
  const rgba = new Uint8ClampedArray(4);
  for (let i = 0; i < X.rows; i++) {
    const v = y.data[i];
    paint(rgba, 0, Math.max(-1, Math.min(1, v)));
    ctx.fillStyle = name === "sine"
      ? "#333"
      : regression
      ? `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`
      : CLASS_CSS[v];
    const up = name === "sine" ? v : X.data[2 * i + 1];
    ctx.fillRect(18 + X.data[2 * i] / m * 16 - 1, 18 - up / m * 16 - 1, 2, 2);
  }
}
