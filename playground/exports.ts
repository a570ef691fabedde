// The network saved and loaded as JSON, and exported as an Excel workbook
// that trains on in live formulas, with a note of what the workbook will hold.
import type { Tensor } from "../lib/core/mod.ts";
import { fromHash } from "./config.ts";
import { $, download, fmt, setText } from "./_dom.ts";
import type { View } from "./loop.ts";
import { inline } from "./messages.ts";
import { ioSizes, networkFromJson } from "./network.ts";
import { epochLabel, Session, workbookProblem } from "./session.ts";
import type { PageState } from "./state.ts";
import { workbookTrainingNote } from "./training_options.ts";

/** Steps the workbook takes when the reader's number is not a whole number from 1 to 100. */
const DEFAULT_STEPS = 20;

function loadWorkbookScript(): Promise<void> {
  if (globalThis.nnPlaygroundWorkbook) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "workbook.js";
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("workbook.js, the workbook writer, did not load"));
    document.head.append(script);
  });
}

/** Wires the JSON and workbook buttons and the workbook's number of steps. */
export function wireExports(state: PageState): void {
  const stepsBox = $<HTMLInputElement>("wb-steps");
  const readSteps = () => {
    const v = Number(stepsBox.value);
    state.options.workbookSteps = Number.isInteger(v) && v >= 1 && v <= 100 ? v : DEFAULT_STEPS;
  };
  readSteps();
  stepsBox.addEventListener("input", readSteps);
  stepsBox.addEventListener("change", () => {
    readSteps();
    state.markDirty();
  });
  $("export-json").onclick = () => {
    download(
      JSON.stringify(state.session.toJson(), null, 1),
      "playground-network.json",
      "application/json",
    );
    const { epoch, stepsIntoEpoch } = state.session;
    inline($("json-message"), `Saved the weights at ${epochLabel(epoch, stepsIntoEpoch)}.`, "info");
  };
  $("load-json").addEventListener("change", async () => {
    const input = $("load-json") as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const json = JSON.parse(await file.text());
      const { config, points, problems } = fromHash(String(json?.link));
      const net = networkFromJson(json, ioSizes(config));
      if (problems.length > 0) throw new Error(`its link has problems: ${problems.join("; ")}`);
      const next = new Session(config, points);
      const have = next.net.parameters();
      const shapes = (ps: { value: Tensor }[]) => ps.map((p) => p.value.shape.join("×")).join(",");
      if (shapes(have) !== shapes(net.parameters())) {
        throw new Error("its weights do not fit the network its link describes");
      }
      have.forEach((p, k) => p.value.data.set(net.parameters()[k].value.data));
      const count = (
        v: unknown,
      ) => (Number.isSafeInteger(v) && (v as number) >= 0 ? v as number : 0);
      // Weights saved part-way through an epoch carry its steps.
      const epoch = count(json.epoch), into = count(json.steps);
      next.continueAt(epoch, 0, into);
      next.history = [];
      next.record();
      state.setSession(next);
      inline(
        $("json-message"),
        `Loaded ${file.name}: the network saved at ${epochLabel(epoch, into)}` +
          (into > 0 ? `, counted as epoch ${next.epoch} (an epoch cut short counts as one)` : "") +
          ", with the data and settings of its link; the chart and Rewind start afresh.",
        "info",
      );
    } catch (e) {
      inline(
        $("json-message"),
        `${file.name} cannot be loaded: ${(e as Error).message}. The network in use is unchanged.`,
      );
    }
  });
  $("export-xlsx").onclick = async () => {
    state.setPlaying(false);
    const button = $("export-xlsx") as HTMLButtonElement;
    const message = $("wb-message");
    button.disabled = true;
    try {
      const { session } = state;
      // The weights now, which the pause may train on (to the epoch's end) while the file is written.
      const at = epochLabel(session.epoch, session.stepsIntoEpoch);
      const w = session.workbookExport(state.options.workbookSteps);
      inline(message, "Writing the workbook…", "info");
      await loadWorkbookScript();
      const bytes = await globalThis.nnPlaygroundWorkbook!(w.network, {
        X: w.X.toArray(),
        y: w.y.toArray(),
        lr: w.lr,
        steps: w.steps,
        loss: w.loss,
      });
      download(
        bytes,
        "playground-network.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      inline(
        message,
        `Saved playground-network.xlsx: the weights of ${at}, ${w.steps} steps on ${w.X.rows} points. ` +
          `Its loss_s0 is ${fmt(w.first, 8)} and its loss_s${w.steps} is ${fmt(w.last, 8)}.` +
          workbookTrainingNote(session.config),
        "info",
      );
    } catch (e) {
      inline(message, `No workbook: ${(e as Error).message}`);
    } finally {
      button.disabled = workbookProblem(state.session.config) !== undefined;
    }
  };
}

/** What the workbook would hold now, or why there is none; written only when that changes. */
export class WorkbookNote implements View {
  #key = "";

  constructor(
    readonly state: PageState,
    readonly els: { what: HTMLElement; button: HTMLButtonElement },
  ) {}

  draw(): void {
    const { session, playing, edits, options } = this.state;
    const steps = options.workbookSteps;
    const key = `${session.epoch}:${steps}:${playing}:${session.link}:${edits}`;
    if (key === this.#key) return;
    this.#key = key;
    const { what, button } = this.els;
    const problem = workbookProblem(session.config);
    button.disabled = problem !== undefined;
    if (problem) {
      setText(what, `No workbook for this network: ${problem}.`);
      return;
    }
    if (playing) {
      setText(what, "Pause training to see what the workbook will hold.");
      return;
    }
    try {
      const w = session.workbookExport(steps);
      what.textContent =
        `The workbook starts from the current weights (${
          epochLabel(session.epoch, session.stepsIntoEpoch)
        }) and takes ${w.steps} ` +
        `full-batch SGD steps at lr ${w.lr} on the first ${w.X.rows} of the ${session.train.X.rows} ` +
        `training points (a workbook has no L2 and no mini-batches), in live formulas. The library ` +
        `computes its loss_s0 = ${fmt(w.first, 8)} and loss_s${w.steps} = ${fmt(w.last, 8)}.` +
        workbookTrainingNote(session.config);
    } catch (e) {
      what.textContent = `No workbook now: ${(e as Error).message}`;
    }
  }
}
