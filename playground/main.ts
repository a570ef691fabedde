// The playground page, put together: the page state, the controls that write
// it, the views that draw it, and the frame loop that trains and draws.
// Bundled into one classic script (site/playground/playground.js), so that the
// page works when opened from disk.
import { $ } from "./_dom.ts";
import { wireControls } from "./controls.ts";
import { wireTrainingControls } from "./controls_training.ts";
import { wireExports, WorkbookNote } from "./exports.ts";
import { PageLink } from "./link.ts";
import { FrameLoop, Scheduler } from "./loop.ts";
import { Messages } from "./messages.ts";
import { OwnData } from "./own_data.ts";
import { RewindControl } from "./rewind.ts";
import { PageState } from "./state.ts";
import { BoundaryView } from "./views/boundary.ts";
import { ChartView } from "./views/chart.ts";
import { FormulaView } from "./views/formula.ts";
import { GradientsView } from "./views/gradients.ts";
import { GridPass } from "./views/grid.ts";
import { HiddenView } from "./views/hidden.ts";
import { NetworkView } from "./views/network.ts";
import { ScoresView } from "./views/scores.ts";
import { WeightEditor } from "./views/weight_editor.ts";

const state = new PageState();
const messages = new Messages($("messages"));
const ownData = new OwnData(state);
const grid = new GridPass(state);
const editor = new WeightEditor(state, {
  editor: $("editor"),
  title: $("editor-title"),
  value: $("editor-value"),
  set: $("editor-set"),
  cancel: $("editor-cancel"),
  network: $("network-box"),
});

const scheduler = new Scheduler(state, {
  before: [
    new ScoresView(state, {
      epoch: $("epoch"),
      scoreEpoch: $("score-epoch"),
      trainLoss: $("train-loss"),
      testLoss: $("test-loss"),
      scoreTrainLoss: $("score-train-loss"),
      scoreTestLoss: $("score-test-loss"),
      scoreTrainAcc: $("score-train-acc"),
      scoreTestAcc: $("score-test-acc"),
    }),
  ],
  // Each view with how often it is redrawn while training, in ms. The boundary and the network
  // share one forward pass over the grid, made by whichever comes first.
  timed: {
    boundary: [
      new BoundaryView(
        state,
        grid,
        { canvas: $("boundary"), readout: $("boundary-readout") },
        (x1, x2, label) => ownData.addPoint(x1, x2, label),
      ),
      0,
    ],
    network: [
      new NetworkView(
        state,
        grid,
        { canvas: $("network"), box: $("network-box"), readout: $("net-readout") },
        editor,
      ),
      0,
    ],
    chart: [
      new ChartView(state, {
        canvas: $("chart"),
        readout: $("chart-readout"),
        logScale: $("log-scale"),
      }),
      100,
    ],
    hidden: [new HiddenView(state, { canvas: $("hidden-canvas"), hint: $("hidden-hint") }), 120],
    gradients: [new GradientsView(state, { bars: $("bars"), note: $("bars-note") }), 250],
    formula: [
      new FormulaView(state, {
        title: $("formula-title"),
        typescript: $("formula-ts"),
        excel: $("formula-xl"),
      }),
      200,
    ],
  },
  after: [
    new WorkbookNote(state, { what: $("wb-what"), button: $("export-xlsx") }),
    new RewindControl(state, { box: $("rewind-box") }),
  ],
});

const loop = new FrameLoop(state, scheduler, messages, $("speed"));
wireControls(state, loop, messages);
wireTrainingControls(state);
wireExports(state);
const link = new PageLink(state, messages);
// Widths of the views' boxes are measured when the page is laid out rather than in every frame.
new ResizeObserver(() => {
  scheduler.measure();
  state.markDirty();
}).observe(document.body);

link.load(location.hash);
loop.start();
