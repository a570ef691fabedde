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
});
