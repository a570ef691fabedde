// The reader's own data: points from a CSV (typed, pasted or uploaded) or
// added by clicking on the plot, and the points in use saved as a CSV.
import { LIMITS, ownPointProblem, type Point } from "./config.ts";
import { classesOf, CsvError, parsePoints, pointsToCsv } from "./csv.ts";
import { CLASS_NAMES } from "./canvas.ts";
import { $, download } from "./_dom.ts";
import { inline } from "./messages.ts";
import { Session } from "./session.ts";
import type { PageState } from "./state.ts";
import { isRegression } from "./task.ts";

/** Rounds a coordinate to the three decimals a CSV keeps. */
const round = (v: number) => Math.round(v * 1000) / 1000;

/** The points in use: the reader's own, or the generated ones as they would be saved. */
export function currentPoints(session: Session): Point[] {
  if (session.points) return [...session.points];
  const { X, y } = session.data;
  return Array.from({ length: X.rows }, (_, i) => ({
    x1: round(X.data[2 * i]),
    x2: round(X.data[2 * i + 1]),
    label: y.data[i],
  }));
}

export class OwnData {
  readonly #message = $("csv-message");

  constructor(readonly state: PageState) {
    $("csv-use").onclick = () =>
      this.#read(($("csv-text") as HTMLTextAreaElement).value, "the text box");
    $("csv-file").addEventListener("change", async () => {
      const input = $("csv-file") as HTMLInputElement;
      const file = input.files?.[0];
      if (!file) return;
      if (file.size > 200_000) {
        inline(
          this.#message,
          `${file.name} has ${file.size} bytes; a CSV of at most 1000 points is far smaller. The data in use is unchanged.`,
        );
      } else this.#read(await file.text(), file.name);
      input.value = "";
    });
    $("csv-download").onclick = () =>
      download(pointsToCsv(currentPoints(state.session)), "points.csv", "text/csv");
    const click = $<HTMLSelectElement>("click-class");
    const clickAdds = () => {
      state.options.clickAdds = click.value === "none" ? undefined : Number(click.value);
    };
    clickAdds();
    click.addEventListener("change", clickAdds);
    state.on("session", () => this.#classChoices());
  }

  #read(text: string, source: string): void {
    try {
      const points = parsePoints(text);
      this.state.rebuild({ data: "own", classes: classesOf(points) }, points);
      inline(this.#message, `Using ${points.length} points from ${source}.`, "info");
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      inline(this.#message, `${e.message}. The data in use is unchanged.`);
    }
  }

  /**
   * The menu of what a click adds: a point of each class of the session's
   * data; nothing on a regression, whose points have numbers as targets (a
   * click there only pins the formula's input).
   */
  #classChoices(): void {
    const click = $<HTMLSelectElement>("click-class");
    const k = this.state.session.config.classes;
    if (click.options.length !== k + 1) {
      const keep = click.value;
      for (const o of [...click.options].slice(1)) o.remove();
      for (let c = 0; c < k; c++) {
        const o = document.createElement("option");
        o.value = String(c);
        o.textContent = `a point of class ${c} (${CLASS_NAMES[c]})`;
        click.append(o);
      }
      click.value = Number(keep) < k ? keep : "none";
    }
    click.disabled = isRegression(this.state.session.config);
    if (click.disabled) click.value = "none";
    this.state.options.clickAdds = click.value === "none" ? undefined : Number(click.value);
  }

  /** Adds a point where the reader clicked; training goes on from the same weights. */
  addPoint(x1: number, x2: number, label: number): void {
    const old = this.state.session;
    const points = currentPoints(old);
    if (points.length >= LIMITS.ownPoints[1]) {
      inline(this.#message, `Own data holds at most ${LIMITS.ownPoints[1]} points.`);
      return;
    }
    const outside = ownPointProblem(round(x1), round(x2));
    if (outside) {
      inline(this.#message, `No point added: ${outside}.`);
      return;
    }
    points.push({ x1: round(x1), x2: round(x2), label });
    const next = new Session({ ...old.config, data: "own" }, points);
    // Training goes on from the same weights with the new point.
    next.net.parameters().forEach((p, k) => p.value.data.set(old.net.parameters()[k].value.data));
    const cut = old.midEpoch;
    next.continueAt(old.epoch, old.steps, old.stepsIntoEpoch);
    next.history = old.history;
    next.record();
    this.state.setSession(next, { keepPlaying: true });
    inline(
      this.#message,
      `Own data: ${points.length} points, split anew into training (●) and test (○) points; ` +
        "training goes on from the same weights with the optimiser started afresh, and Rewind's " +
        "kept epochs are cleared" +
        (cut ? " (the epoch under way, cut short, counts as one)" : "") +
        ". Reset to start the network afresh.",
      "info",
    );
  }
}
