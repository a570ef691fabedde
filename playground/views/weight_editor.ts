// The small editor that opens on the network where a weight or a bias was
// clicked: it pauses training, shows the value, and sets what the reader types.
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
  constructor(readonly state: PageState, readonly els: EditorElements) {
    const { title, value, set, cancel } = els;
    set.onclick = () => {
      const editing = state.editing;
      if (!editing) return;
      const v = Number(value.value);
      if (value.value.trim() === "" || !Number.isFinite(v)) {
        title.textContent = `"${value.value}" is not a number: type a value such as 0.5`;
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
    state.editing = target;
    const { layer: linear } = state.session.stages[target.l];
    const value = target.kind === "W"
      ? linear.W.get(target.i, target.j)
      : linear.b.get(0, target.j);
    els.title.textContent = target.kind === "W"
      ? `Weight W${target.l + 1}[${target.i}][${target.j}]`
      : `Bias b${target.l + 1}[${target.j}]`;
    els.value.value = String(Number(value.toPrecision(6)));
    els.editor.hidden = false;
    const box = els.network.getBoundingClientRect();
    els.editor.style.left = `${Math.max(4, Math.min(x + 8, box.width - 240))}px`;
    els.editor.style.top = `${y + 10}px`;
    els.value.focus();
    els.value.select();
    if (target.kind === "b") state.focus = { l: target.l, j: target.j };
    state.markDirty();
  }

  close(): void {
    this.state.editing = undefined;
    this.els.editor.hidden = true;
    this.state.markDirty();
  }
}
