// The formula of the focused unit at the probe's input, in TypeScript and as
// an Excel formula, with the numbers filled in.
import { unitFormula } from "../formula.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";

export interface FormulaElements {
  title: HTMLElement;
  typescript: HTMLElement;
  excel: HTMLElement;
}

export class FormulaView implements View {
  constructor(readonly state: PageState, readonly els: FormulaElements) {}

  draw(): void {
    const { l, j } = this.state.focusedUnit();
    const f = unitFormula(this.state.session, l, j, this.state.probe);
    this.els.title.textContent = f.title;
    this.els.typescript.textContent = f.typescript;
    this.els.excel.textContent = f.excel;
  }
}
