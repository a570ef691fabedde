// Jupyter Notebook 6 shows a Vega-Lite chart (application/vnd.vegalite.v5+json)
// only through an extension it does not ship, so it falls back to the chart's
// static SVG. This draws the chart live instead, as the reading site does,
// with the vega, vega-lite and vega-embed bundles that `./nn lab` copies beside
// this file from node_modules: nothing is loaded from the network.
//
// It also makes the maths appear within seconds. Notebook 6 asks MathJax 2 to
// typeset every Markdown cell and every HTML output on its own (about 85 calls
// for notebook 06), and MathJax pauses 50 ms four times in each call, even in
// one with no maths: an executed notebook showed raw $...$ for 20 s and more.
// Without the pauses a call with nothing to do takes a millisecond. The
// CommonHTML output that `./nn lab` chooses (tools/lab.ts) then typesets the
// maths in 1 to 4 s, where HTML-CSS, Notebook 6's default, took about 8 s.
//
// And it folds cells as the reading site does, by the standard metadata that
// `deno task fmt:notebooks` derives from the cells' tags, and which Notebook 6
// itself ignores: a cell with "jupyter": {"source_hidden": true} (a check) shows
// a bar in place of its code, its output below; one that also has
// "outputs_hidden" (an exercise's answer) hides its output too, and a run of
// such cells folds behind one bar. A click on the bar opens or folds it again;
// a folded cell runs as any other.
if (globalThis.MathJax?.Hub) globalThis.MathJax.Hub.processSectionDelay = 0;

define(["base/js/namespace", "notebook/js/outputarea"], (Jupyter, outputarea) => {
  "use strict";
  const MIME = "application/vnd.vegalite.v5+json";
  const custom = `${document.body.dataset.baseUrl || "/"}custom/`;
  requirejs.config({
    paths: {
      vega: `${custom}vega.min`,
      "vega-lite": `${custom}vega-lite.min`,
      "vega-embed": `${custom}vega-embed.min`,
    },
  });
  const { OutputArea } = outputarea;

  function appendVegaLite(spec, metadata, element) {
    const area = this.create_output_subarea(metadata, "nn-vegalite", MIME);
    // Keys pressed in the chart's menu are the menu's, not notebook shortcuts.
    this.keyboard_manager.register_events(area);
    const chart = document.createElement("div");
    area.append(chart);
    element.append(area);
    // The spec names Vega-Lite 5; the bundle is newer and draws it alike, without a warning.
    const { $schema: _, ...live } = spec;
    requirejs(["vega-embed"], (vegaEmbed) => {
      vegaEmbed(chart, live, { actions: false, renderer: "svg" }).catch((error) => {
        chart.textContent = `The chart could not be drawn: ${error.message}`;
      });
    }, (error) => {
      chart.textContent = `The Vega libraries did not load (${error.message}); run ./nn lab again.`;
    });
    return area;
  }

  OutputArea.prototype.register_mime_type(MIME, appendVegaLite, { safe: true, index: 0 });

  // A notebook drawn before this file ran shows its saved charts as pictures: draw them again.
  const notebook = Jupyter.notebook;
  if (notebook && notebook._fully_loaded) {
    for (const cell of notebook.get_cells()) {
      const area = cell.output_area;
      if (area && area.outputs.some((output) => output.data && output.data[MIME])) {
        const outputs = area.toJSON();
        area.clear_output(false, true);
        area.fromJSON(outputs);
      }
    }
  }

  /** The exercise number a Markdown cell opens with in bold ("**2.** …"), or null. */
  function numberOf(cell) {
    if (cell?.cell_type !== "markdown") return null;
    const match = /^\s*\*\*(\d+)\./.exec(cell.get_text());
    return match ? match[1] : null;
  }

  /** The folding metadata of a cell: "check", "answer" or null. */
  function foldOf(cell) {
    const jupyter = cell.metadata?.jupyter;
    if (!jupyter?.source_hidden) return null;
    return jupyter.outputs_hidden ? "answer" : "check";
  }

  /** Puts a bar on each folded cell (one per run of answer cells) and folds it. */
  function fold() {
    const cells = Jupyter.notebook?.get_cells() ?? [];
    cells.forEach((cell, i) => {
      const element = cell.element[0];
      element.querySelector(":scope > .nn-fold-row")?.remove();
      element.classList.remove("nn-folded", "nn-fold-check", "nn-fold-answer", "nn-fold-open");
      const kind = foldOf(cell);
      if (kind === null) return;
      element.classList.add("nn-folded", `nn-fold-${kind}`);
      // The answer cells after the first of a run open and close with its bar; a Markdown answer
      // that opens with its exercise's number in bold (**2.**) starts a run of its own.
      const continues = (c) => foldOf(c ?? {}) === "answer" && numberOf(c) === null;
      if (
        kind === "answer" && i > 0 && foldOf(cells[i - 1]) === "answer" && numberOf(cell) === null
      ) {
        return;
      }
      const run = [cell];
      while (kind === "answer" && continues(cells[i + run.length])) run.push(cells[i + run.length]);
      const number = kind === "answer" ? numberOf(cell) : null;
      const bar = document.createElement("button");
      bar.type = "button";
      bar.className = "nn-fold-bar";
      const what = kind === "check"
        ? "Check: {} the code"
        : `Answer${number === null ? "" : ` ${number}`}: {} it`;
      const say = (open) => {
        bar.textContent = `${open ? "▾" : "▸"} ${what.replace("{}", open ? "hide" : "show")}`;
        bar.setAttribute("aria-expanded", String(open));
      };
      say(false);
      bar.addEventListener("click", (event) => {
        event.stopPropagation();
        const open = !element.classList.contains("nn-fold-open");
        for (const c of run) {
          c.element[0].classList.toggle("nn-fold-open", open);
          // An editor drawn while hidden is drawn again once shown, and coloured anew by its
          // mode set again (CodeMirror re-reads the mode even when it is the same).
          if (open && c.code_mirror) {
            c.code_mirror.setOption("mode", c.code_mirror.getOption("mode"));
            c.code_mirror.refresh();
          }
        }
        say(open);
      });
      // Beside an empty prompt, so that the bar lines up with the code it stands for.
      const row = document.createElement("div");
      row.className = "nn-fold-row";
      const prompt = document.createElement("div");
      prompt.className = "prompt";
      row.append(prompt, bar);
      element.prepend(row);
    });
  }

  // Asked for here, inside define(): a require beside it would take this file for another module.
  requirejs(["base/js/events"], (events) => {
    events.on("notebook_loaded.Notebook", fold);
    if (Jupyter.notebook?._fully_loaded) fold();
  });
});
