// The small editor that opens on the network where a weight or a bias was
// clicked: it pauses training, shows the value, and sets what the reader types.
// Until the reader types, the value follows the weight (a Step or a Reset
// while it is open changes it).
import { fmt, setText } from "../_dom.ts";
import type { PageState, WeightTarget } from "../state.ts";

export interface EditorElements {
  /** The editor's box, positioned inside `network`. */
  editor: HTMLElement;
  title: HTMLElement;
  value: HTMLInputElement;
  set: HTMLButtonElement;
  cancel: HTMLButtonElement;
  /** The box around the network, that the editor is placed in. */
  network: HTMLElement;
}

export class WeightEditor {
  /** The value the input was last given, to see whether the reader has typed since. */
  #shown = "";
  /** What the title says instead of the name, such as a message about a bad number typed. */
  #problem = "";
  /** The line under the title that shows the value as it is now. */
  readonly #now = document.createElement("div");
  /** Where the focus was when the editor opened, to go back there when it closes. */
  #returnTo: Element | null = null;

  constructor(readonly state: PageState, readonly els: EditorElements) {
    const { value, set, cancel } = els;
    this.#now.className = "hint";
    els.title.after(this.#now);
    set.onclick = () => {
      const editing = state.editing;
      if (!editing) return;
      const v = Number(value.value);
      if (value.value.trim() === "" || !Number.isFinite(v)) {
        this.#problem = `"${value.value}" is not a number: type a value such as 0.5`;
        this.refresh();
        return;
      }
      const { layer: linear } = state.session.stages[editing.l];
      if (editing.kind === "W") linear.W.set(editing.i, editing.j, v);
      else linear.b.set(0, editing.j, v);
      state.weightsEdited();
      this.close();
    };
    value.addEventListener("keydown", (e) => {
      if (e.key === "Enter") set.click();
      if (e.key === "Escape") this.close();
    });
    cancel.onclick = () => this.close();
    // A new network has none of the old one's weights to edit.
    state.on("session", () => (els.editor.hidden = true));
  }

  /** Opens the editor for `target` at (x, y) in the network's box. */
  open(target: WeightTarget, x: number, y: number): void {
    const { state, els } = this;
    // A value that training changes while one types it would be confusing: pause.
    state.setPlaying(false);
    if (els.editor.hidden) this.#returnTo = document.activeElement;
    state.editing = target;
    this.#problem = "";
    this.#shown = "";
    els.value.value = "";
    this.refresh();
    els.editor.hidden = false;
    const box = els.network.getBoundingClientRect();
    els.editor.style.left = `${Math.max(4, Math.min(x + 8, box.width - 240))}px`;
    els.editor.style.top = `${y + 10}px`;
    els.value.focus();
    els.value.select();
    if (target.kind === "b") state.focus = { l: target.l, j: target.j };
    state.markDirty();
  }

  /** The value of the weight or bias being edited, as it is now. */
  #current(): number | undefined {
    const target = this.state.editing;
    const linear = target && this.state.session.stages[target.l]?.layer;
    if (!linear) return undefined;
    return target.kind === "W" ? linear.W.get(target.i, target.j) : linear.b.get(0, target.j);
  }

  /**
   * Shows the weight's current value in the title, and in the input unless the reader has typed
   * there since it was last shown.
   */
  refresh(): void {
    const target = this.state.editing, value = this.#current();
    if (!target || value === undefined) return;
    const name = target.kind === "W"
      ? `W${target.l + 1}[${target.i}][${target.j}]`
      : `b${target.l + 1}[${target.j}]`;
    setText(this.els.title, this.#problem || `${target.kind === "W" ? "Weight" : "Bias"} ${name}`);
    setText(this.#now, `now ${fmt(value, 6)}`);
    const text = String(Number(value.toPrecision(6)));
    if (this.els.value.value === this.#shown && text !== this.#shown) {
      this.els.value.value = this.#shown = text;
    }
  }

  close(): void {
    this.state.editing = undefined;
    const inside = this.els.editor.contains(document.activeElement);
    this.els.editor.hidden = true;
    if (inside && this.#returnTo instanceof HTMLElement && this.#returnTo.isConnected) {
      this.#returnTo.focus();
    }
    this.state.markDirty();
  }
}
