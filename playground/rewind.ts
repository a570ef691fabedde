// Rewind: back to an epoch whose weights the session kept (epoch 0, every
// 10th up to 100, every 100th up to 1000, …). Training on from there with the
// same settings takes exactly the same steps as the first time. The weights
// live only in the page: a link holds settings, not trained weights.
import type { View } from "./loop.ts";
import type { PageState } from "./state.ts";

export interface RewindElements {
  /** The box the control is built in. */
  box: HTMLElement;
}

export class RewindControl implements View {
  readonly #select = document.createElement("select");
  readonly #button = document.createElement("button");
  #shown: string | undefined;
  /** Whether the reader chose an epoch, which a longer list then keeps; else the latest is chosen. */
  #picked = false;

  constructor(readonly state: PageState, els: RewindElements) {
    const label = document.createElement("label");
    label.className = "stat";
    label.append("back to epoch ", this.#select);
    this.#select.id = "rewind-epoch";
    this.#button.id = "rewind";
    this.#button.textContent = "Rewind";
    this.#button.title =
      "Back to the weights kept at that epoch: training on from there takes exactly the same " +
      "steps again, if no setting was changed and no weight edited since that epoch. So that this " +
      "holds, the page starts its training loop again at every kept epoch (the optimiser's state " +
      "from zero, the shuffling from a generator seeded by the seed and the epoch). " +
      "The weights are kept in this page only; a link holds the settings, " +
      "not trained weights.";
    this.#select.onchange = () => (this.#picked = true);
    this.#button.onclick = () => {
      const epoch = Number(this.#select.value);
      this.#picked = false;
      if (this.#select.value !== "" && Number.isInteger(epoch)) state.rewind(epoch);
    };
    els.box.append(label, this.#button);
  }

  draw(): void {
    // The snapshots before the current weights, latest first; the list changes only at checkpoints.
    const epochs = this.state.session.rewindable.reverse();
    const key = epochs.join();
    if (key === this.#shown) return;
    this.#shown = key;
    const chosen = this.#select.value;
    this.#select.textContent = "";
    for (const e of epochs) {
      const option = document.createElement("option");
      option.value = String(e);
      option.textContent = e.toLocaleString("en");
      this.#select.append(option);
    }
    if (this.#picked && epochs.map(String).includes(chosen)) this.#select.value = chosen;
    this.#select.disabled = this.#button.disabled = epochs.length === 0;
  }
}
