// The controls of the network's inputs and of the number of classes, in the
// Data panel: a checkbox per feature, the classes menu, and the legend of the
// class colours under the plot.
import { $, options, setText } from "./_dom.ts";
import { CLASS_CSS } from "./canvas.ts";
import { FEATURE_IDS, FEATURE_LABELS, type FeatureId } from "./features.ts";
import type { Messages } from "./messages.ts";
import type { PageState } from "./state.ts";
import { MAX_CLASSES, MULTICLASS_DATA, orderFeatures } from "./task.ts";

/** The class counts the menu offers. */
const CLASS_CHOICES = Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 2);

/** Builds the feature checkboxes and the classes menu, and wires them to `state`. */
export function wireTaskControls(state: PageState, messages: Messages): void {
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

/** Shows the session's features and classes in the controls and the legend. */
export function syncTaskControls(state: PageState): void {
  const { features, classes, data } = state.session.config;
  for (const id of FEATURE_IDS) {
    $<HTMLInputElement>(`feature-${id}`).checked = features.includes(id);
  }
  const menu = $<HTMLSelectElement>("classes");
  menu.value = String(classes);
  menu.disabled = !MULTICLASS_DATA.includes(data);
  // With more than two classes the loss is softmax cross-entropy, whatever the menu held.
  const loss = $<HTMLSelectElement>("loss");
  loss.disabled = classes > 2;
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
  if (legend.childElementCount !== classes) {
    legend.textContent = "";
    for (let c = 0; c < classes; c++) {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = CLASS_CSS[c];
      item.append(swatch, document.createTextNode(`class ${c}`));
      legend.append(item);
    }
  }
}
