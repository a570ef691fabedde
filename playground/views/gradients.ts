// The gradient bars: the size of each layer's weight gradient on a log
// scale, and how the first layer's compares with the output layer's, as the
// session's scoring last computed them (it says of which epoch).
import { setText } from "../_dom.ts";
import { short } from "../canvas.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";
import { epochLabel } from "../session.ts";

export interface GradientElements {
  /** The box that holds one bar per layer. */
  bars: HTMLElement;
  note: HTMLElement;
}

/** The bars' scale: 10^LO to 10^HI. */
const LO = -8, HI = 1;

export class GradientsView implements View {
  constructor(readonly state: PageState, readonly els: GradientElements) {}

  draw(): void {
    const { norms, normsEpoch } = this.state.session;
    const box = this.els.bars;
    if (normsEpoch === undefined) {
      // A new network's sizes are still being computed.
      box.textContent = "";
      setText(this.els.note, "");
      return;
    }
    // One row per layer, made once per network and then only updated.
    if (box.childElementCount !== norms.length) {
      box.textContent = "";
      for (let l = 0; l < norms.length; l++) {
        const row = document.createElement("div");
        row.className = "bar";
        row.innerHTML =
          '<span></span><span class="track"><span class="fill"></span></span><span class="num"></span>';
        row.children[0].textContent = l === norms.length - 1 ? `W${l + 1} (output)` : `W${l + 1}`;
        box.append(row);
      }
    }
    norms.forEach((v, l) => {
      const row = box.children[l];
      const t = v > 0 ? (Math.log10(v) - LO) / (HI - LO) : 0;
      (row.querySelector(".fill") as HTMLElement).style.width = `${
        Math.max(0, Math.min(1, t)) * 100
      }%`;
      const num = row.querySelector(".num")!;
      if (num.textContent !== short(v)) num.textContent = short(v);
    });
    const first = norms[0], last = norms.at(-1)!;
    const label = epochLabel(normsEpoch, this.state.session.normsSteps);
    const of = `${label[0].toUpperCase()}${label.slice(1)}: `;
    setText(
      this.els.note,
      norms.length > 1 && first > 0 && last > 0
        ? `${of}the first layer's gradient is ${
          short(first / last)
        } × the output layer's. Scale: 1e${LO} to 1e${HI}.`
        : `${of}scale: 1e${LO} to 1e${HI}.`,
    );
  }
}
