// The playground page: controls, the training loop in short slices, and the
// views. Bundled into one classic script (site/playground/playground.js), so
// that the page works when opened from disk.
import { type ActivationName, formatNumber, Tensor } from "../lib/core/mod.ts";
import {
  ACTIVATION_LABELS,
  ACTIVATION_NAMES,
  BATCH_CHOICES,
  type Config,
  DATASETS,
  defaults,
  fromHash,
  type GeneratedName,
  INITS,
  L2_CHOICES,
  LIMITS,
  LR_CHOICES,
  PACE_CHOICES,
  type Point,
  PRESETS,
  toHash,
} from "./config.ts";
import { CsvError, parsePoints, pointsToCsv } from "./csv.ts";
import { unitFormula } from "./formula.ts";
import { networkFromJson } from "./network.ts";
import { gridInputs, makeData, Session, viewOutputs, workbookProblem } from "./session.ts";
import type { StageOutput } from "../lib/core/mod.ts";
import {
  CLASS_CSS,
  drawChart,
  drawPoints,
  drawTicks,
  extent,
  fitCanvas,
  paint,
  paintGrid,
  short,
  Square,
} from "./views.ts";
import {
  drawTitles,
  drawWeights,
  layoutNetwork,
  type NetworkLayout,
  unitAt,
  type UnitRef,
  weightAt,
  type WeightRef,
} from "./network_view.ts";

/** Time for training in one frame: with the drawing, a frame stays well under 50 ms. */
const SLICE_MS = 8;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const fmt = (v: number, digits = 4) => formatNumber(v, digits);
const pct = (v: number) => Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–";

let session: Session;
let playing = false;
let dirty = true;
/** The input whose formula is shown, and whether a click pinned it. */
let probe: [number, number] = [0, 0];
let probePinned = false;
/** The unit whose formula is shown: stage l (0-based; the last is the output), unit j. */
let focus = { l: 0, j: 0 };
let hoverWeight: WeightRef | undefined;
/** The unit under the pointer on the network, whose output the big plot shows meanwhile. */
let preview: UnitRef | undefined;
let editing: { kind: "W" | "b"; l: number; i: number; j: number } | undefined;
let netLayout: NetworkLayout | undefined;
let chartLayout: ReturnType<typeof drawChart> | undefined;
let chartHover: number | undefined;
const speed = { epochs: 0, steps: 0, busy: 0, since: performance.now() };
const small = document.createElement("canvas"), atlas = document.createElement("canvas");
let atlasImage: ImageData | undefined;

// ---------------------------------------------------------------------------
// Messages

type Kind = "error" | "warn" | "info";

function say(text: string, kind: Kind, group: string): void {
  const box = document.createElement("div");
  box.className = `msg ${kind}`;
  box.dataset.group = group;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  const span = document.createElement("span");
  span.textContent = text;
  const close = document.createElement("button");
  close.textContent = "×";
  close.setAttribute("aria-label", "Dismiss");
  close.onclick = () => box.remove();
  box.append(span, close);
  $("messages").append(box);
}

function unsay(group: string): void {
  for (const m of document.querySelectorAll(`#messages [data-group="${group}"]`)) m.remove();
}

function inline(id: string, text: string, kind: Kind = "error"): void {
  const box = $(id);
  box.textContent = "";
  if (!text) return;
  const div = document.createElement("div");
  div.className = `msg ${kind}`;
  div.textContent = text;
  box.append(div);
}

// ---------------------------------------------------------------------------
// Sessions and the link

function setSession(next: Session, options: { keepPlaying?: boolean } = {}): void {
  session = next;
  edits++;
  if (!options.keepPlaying) setPlaying(false);
  probe = [session.train.X.data[0], session.train.X.data[1]];
  probePinned = false;
  focus = { l: session.stages.length - 1, j: 0 };
  editing = undefined;
  $("editor").hidden = true;
  hoverWeight = undefined;
  netLayout = undefined;
  unsay("diverged");
  syncControls();
  writeLink();
  dirty = true;
  for (const v of Object.values(VIEWS)) v.last = 0;
  workbookKey = "";
}

/** A new session for a changed configuration, keeping the current own points. */
function rebuild(changes: Partial<Config>, points = session.points): void {
  const config = { ...session.config, ...changes };
  if (config.data !== "own") points = undefined;
  setSession(new Session(config, points));
}

let writtenHash = "";
function writeLink(): void {
  const hash = session.link;
  writtenHash = hash;
  const url = `${location.href.replace(/#.*$/, "")}#${hash}`;
  if (location.hash.slice(1) !== hash) {
    try {
      history.replaceState(null, "", url);
    } catch {
      location.replace(url);
    }
  }
  ($("link") as HTMLInputElement).value = url;
}

function loadLink(hash: string): void {
  const { config, points, problems } = fromHash(hash);
  unsay("link");
  for (const p of problems) say(p, "warn", "link");
  setSession(new Session(config, points));
}

// ---------------------------------------------------------------------------
// Controls

function options(
  select: HTMLSelectElement,
  values: readonly (string | number)[],
  labels: (v: never) => string,
) {
  select.textContent = "";
  for (const v of values) {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = labels(v as never);
    select.append(o);
  }
}

/** Selects a value, adding it to the menu first when a link brought one the menu lacks. */
function choose(select: HTMLSelectElement, value: string | number, label = String(value)): void {
  if (![...select.options].some((o) => o.value === String(value))) {
    const o = document.createElement("option");
    o.value = String(value);
    o.textContent = label;
    select.append(o);
  }
  select.value = String(value);
}

function setPlaying(on: boolean): void {
  playing = on && !session?.diverged;
  const button = $("play");
  button.textContent = playing ? "❚❚ Pause" : "▶ Train";
  button.setAttribute("aria-pressed", String(playing));
  speed.epochs = speed.steps = speed.busy = 0;
  speed.since = performance.now();
  dirty = true;
}

function datasetButtons(): void {
  const box = $("datasets");
  for (const name of DATASETS) {
    const b = document.createElement("button");
    b.dataset.name = name;
    b.title = `The ${name} dataset`;
    const c = document.createElement("canvas");
    c.width = c.height = 36;
    b.append(c, document.createTextNode(name));
    b.onclick = () => rebuild({ data: name });
    box.append(b);
  }
}

function drawDatasetIcons(): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>("#datasets button")) {
    const name = b.dataset.name as GeneratedName;
    b.setAttribute("aria-pressed", String(session.config.data === name));
    const canvas = b.querySelector("canvas")!;
    if (canvas.dataset.drawn === `${session.config.seed}:${session.config.noise}`) continue;
    canvas.dataset.drawn = `${session.config.seed}:${session.config.noise}`;
    const { X, y } = makeData({
      ...defaults(),
      data: name,
      points: 120,
      noise: session.config.noise,
      seed: session.config.seed,
    });
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#f4f5f7";
    ctx.fillRect(0, 0, 36, 36);
    let m = 0;
    for (const v of X.data) m = Math.max(m, Math.abs(v));
    for (let i = 0; i < X.rows; i++) {
      ctx.fillStyle = CLASS_CSS[y.data[i]];
      ctx.fillRect(18 + X.data[2 * i] / m * 16 - 1, 18 - X.data[2 * i + 1] / m * 16 - 1, 2, 2);
    }
  }
}

function layerControls(): void {
  const box = $("layers");
  box.textContent = "";
  const { hidden, activations } = session.config;
  $("layer-count").textContent = String(hidden.length);
  ($("add-layer") as HTMLButtonElement).disabled = hidden.length >= LIMITS.layers[1];
  ($("remove-layer") as HTMLButtonElement).disabled = hidden.length <= LIMITS.layers[0];
  hidden.forEach((units, l) => {
    const row = document.createElement("div");
    row.className = "layer";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = `layer ${l + 1}`;
    const less = document.createElement("button"), more = document.createElement("button");
    less.className = more.className = "small";
    less.textContent = "−";
    more.textContent = "+";
    less.setAttribute("aria-label", `Fewer units in layer ${l + 1}`);
    more.setAttribute("aria-label", `More units in layer ${l + 1}`);
    less.disabled = units <= LIMITS.units[0];
    more.disabled = units >= LIMITS.units[1];
    const count = document.createElement("span");
    count.className = "units";
    count.textContent = `${units} unit${units === 1 ? "" : "s"}`;
    const resize = (delta: number) => {
      const next = [...hidden];
      next[l] = Math.min(LIMITS.units[1], Math.max(LIMITS.units[0], units + delta));
      rebuild({ hidden: next });
    };
    less.onclick = () => resize(-1);
    more.onclick = () => resize(+1);
    const act = document.createElement("select");
    act.setAttribute("aria-label", `Activation of layer ${l + 1}`);
    options(act, ACTIVATION_NAMES, (a: ActivationName) => ACTIVATION_LABELS[a]);
    act.value = activations[l];
    act.onchange = () => {
      const next = [...activations];
      next[l] = act.value as ActivationName;
      rebuild({ activations: next });
    };
    row.append(name, less, count, more, act);
    box.append(row);
  });
}

function syncControls(): void {
  const c = session.config;
  const own = c.data === "own";
  drawDatasetIcons();
  choose($("points"), c.points);
  ($("points") as HTMLSelectElement).disabled = own;
  ($("noise") as HTMLInputElement).value = String(c.noise);
  ($("noise") as HTMLInputElement).disabled = own;
  $("noise-value").textContent = own ? "–" : String(c.noise);
  ($("train-share") as HTMLInputElement).value = String(c.trainShare);
  $("train-share-value").textContent = `${Math.round(c.trainShare * 100)}%`;
  ($("seed") as HTMLInputElement).value = String(c.seed);
  if (own) ($("own-data") as HTMLDetailsElement).open = true;
  layerControls();
  choose($("lr"), c.lr);
  choose($("batch"), c.batch, c.batch === 0 ? "all" : String(c.batch));
  choose($("l2"), c.l2);
  ($("loss") as HTMLSelectElement).value = c.loss;
  ($("init") as HTMLSelectElement).value = c.init;
  choose($("pace"), c.pace, c.pace === 0 ? "as many as fit" : String(c.pace));
  $("loss-name").textContent = c.loss === "ce"
    ? "cross-entropy of the logit"
    : "mean squared error";
  hiddenPickers();
}

function wireControls(): void {
  datasetButtons();
  options($("points"), [50, 100, 200, 300, 500, 1000], String);
  options($("lr"), LR_CHOICES, String);
  options($("batch"), BATCH_CHOICES, (v: number) => (v === 0 ? "all" : String(v)));
  options($("l2"), L2_CHOICES, String);
  options(
    $("init"),
    INITS,
    (v: string) =>
      v === "auto" ? "the activation's own" : v === "he" ? "He" : v === "xavier" ? "Xavier" : v,
  );
  options($("pace"), PACE_CHOICES, (v: number) => (v === 0 ? "as many as fit" : String(v)));
  const on = (id: string, event: string, f: (el: HTMLInputElement) => void) =>
    $(id).addEventListener(event, () => f($(id)));
  on("points", "change", (el) => rebuild({ points: Number(el.value) }));
  on("noise", "input", (el) => ($("noise-value").textContent = el.value));
  on("noise", "change", (el) => rebuild({ noise: Number(el.value) }));
  on(
    "train-share",
    "input",
    (el) => ($("train-share-value").textContent = `${Math.round(Number(el.value) * 100)}%`),
  );
  on("train-share", "change", (el) => rebuild({ trainShare: Number(el.value) }));
  on("seed", "change", (el) => {
    const v = Number(el.value);
    if (Number.isInteger(v) && v >= LIMITS.seed[0] && v <= LIMITS.seed[1]) rebuild({ seed: v });
    else {
      say(
        `The seed must be a whole number from 0 to ${LIMITS.seed[1]}, got "${el.value}"`,
        "error",
        "seed",
      );
      el.value = String(session.config.seed);
    }
  });
  $("new-seed").onclick = () => rebuild({ seed: (session.config.seed * 7919 + 104729) % 1000000 });
  on("lr", "change", (el) => retune({ lr: Number(el.value) }));
  on("batch", "change", (el) => retune({ batch: Number(el.value) }));
  on("l2", "change", (el) => retune({ l2: Number(el.value) }));
  on("pace", "change", (el) => retune({ pace: Number(el.value) }));
  on("loss", "change", (el) => rebuild({ loss: el.value as Config["loss"] }));
  on("init", "change", (el) => rebuild({ init: el.value as Config["init"] }));
  $("add-layer").onclick = () => {
    const { hidden, activations } = session.config;
    rebuild({
      hidden: [...hidden, hidden.at(-1) ?? 4],
      activations: [...activations, activations.at(-1) ?? "tanh"],
    });
  };
  $("remove-layer").onclick = () => {
    const { hidden, activations } = session.config;
    rebuild({ hidden: hidden.slice(0, -1), activations: activations.slice(0, -1) });
  };
  $("play").onclick = () => setPlaying(!playing);
  $("step").onclick = () => {
    setPlaying(false);
    trainSlice(1, Infinity);
    dirty = true;
  };
  $("reset").onclick = () => {
    setPlaying(false);
    session.reset();
    edits++;
    workbookKey = "";
    unsay("diverged");
    dirty = true;
  };
  wireOwnData();
  wireViews();
  wireExports();
}

function retune(changes: Partial<Config>): void {
  session.retune(changes);
  syncControls();
  writeLink();
  dirty = true;
}

// ---------------------------------------------------------------------------
// Own data

function usePoints(points: Point[], source: string): void {
  rebuild({ data: "own" }, points);
  inline("csv-message", `Using ${points.length} points from ${source}.`, "info");
}

function readCsv(text: string, source: string): void {
  try {
    usePoints(parsePoints(text), source);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    inline("csv-message", `${e.message}. The data in use is unchanged.`);
  }
}

function currentPoints(): Point[] {
  if (session.points) return [...session.points];
  const { X, y } = session.data;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return Array.from({ length: X.rows }, (_, i) => ({
    x1: r(X.data[2 * i]),
    x2: r(X.data[2 * i + 1]),
    label: y.data[i] as 0 | 1,
  }));
}

function wireOwnData(): void {
  $("csv-use").onclick = () =>
    readCsv(($("csv-text") as HTMLTextAreaElement).value, "the text box");
  $("csv-file").addEventListener("change", async () => {
    const input = $("csv-file") as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > 200_000) {
      inline(
        "csv-message",
        `${file.name} has ${file.size} bytes; a CSV of at most 1000 points is far smaller. The data in use is unchanged.`,
      );
    } else readCsv(await file.text(), file.name);
    input.value = "";
  });
  $("csv-download").onclick = () =>
    download(pointsToCsv(currentPoints()), "points.csv", "text/csv");
}

function addPoint(x1: number, x2: number, label: 0 | 1): void {
  const points = currentPoints();
  if (points.length >= LIMITS.ownPoints[1]) {
    inline("csv-message", `Own data holds at most ${LIMITS.ownPoints[1]} points.`);
    return;
  }
  const r = (v: number) => Math.round(v * 1000) / 1000;
  points.push({ x1: r(x1), x2: r(x2), label });
  const old = session;
  const next = new Session({ ...old.config, data: "own" }, points);
  // Training goes on from the same weights with the new point.
  next.net.parameters().forEach((p, k) => p.value.data.set(old.net.parameters()[k].value.data));
  next.epoch = old.epoch;
  next.steps = old.steps;
  next.history = old.history;
  next.record();
  setSession(next, { keepPlaying: true });
  inline(
    "csv-message",
    `Own data: ${points.length} points. Reset to start the network afresh.`,
    "info",
  );
}

// ---------------------------------------------------------------------------
// Training

function trainSlice(epochs: number, budget: number): void {
  const t0 = performance.now();
  const done = session.run(epochs, budget);
  speed.busy += performance.now() - t0;
  speed.epochs += done;
  speed.steps += done * session.stepsPerEpoch;
  if (session.diverged) {
    setPlaying(false);
    unsay("diverged");
    say(`${session.diverged}. Training stopped; press Reset to start again.`, "error", "diverged");
  }
}

function showSpeed(now: number): void {
  const wall = now - speed.since;
  if (!playing || wall < 600) return;
  const perSecond = (v: number) => Math.round((v / wall) * 1000).toLocaleString("en");
  $("speed").textContent =
    `${perSecond(speed.epochs)} epochs/s · ${perSecond(speed.steps)} steps/s · ` +
    `training ${Math.round((speed.busy / wall) * 100)}% of the time · ${session.engine}`;
  speed.epochs = speed.steps = speed.busy = 0;
  speed.since = now;
}

// Training and drawing run as separate tasks, each short: a frame draws the
// latest state and then asks for one training slice, which runs right after it.
const trainer = new MessageChannel();
trainer.port1.onmessage = () => {
  if (!playing) return;
  const pace = session.config.pace;
  trainSlice(pace === 0 ? Infinity : pace, SLICE_MS);
};

function frame(now: number): void {
  if (dirty || playing) {
    dirty = false;
    render(now);
  }
  if (playing) {
    showSpeed(now);
    trainer.port2.postMessage(0);
  }
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------------------
// Views

let gridCache: { key: string; X: Tensor } | undefined;
/** The grid's resolutions, finest first; the page takes the finest whose forward pass stays quick. */
const GRIDS = [40, 32, 24, 20, 16];
let gridLevel = 0, gridCost = 0;

type Grid = { g: number; X: Tensor; outs: StageOutput[] };

let gridMade: { grid: Grid; epoch: number; edits: number } | undefined;
/** Counts changes of the weights other than training (a new network, a reset, an edit by hand). */
let edits = 0;

function gridOutputs(): Grid {
  if (
    gridMade?.epoch === session.epoch && gridMade.edits === edits &&
    gridMade.grid.outs.length === session.stages.length
  ) {
    return gridMade.grid;
  }
  const g = GRIDS[gridLevel];
  const key = `${session.domain.lo}:${session.domain.hi}:${g}`;
  if (gridCache?.key !== key) gridCache = { key, X: gridInputs(session.domain, g) };
  const t0 = performance.now();
  const outs = viewOutputs(session.stages, gridCache.X);
  // A large network makes the grid's forward pass slow: use a coarser grid while it is.
  gridCost = 0.8 * gridCost + 0.2 * (performance.now() - t0);
  if (gridCost > 5 && gridLevel < GRIDS.length - 1) gridLevel++, gridCost = 0;
  else if (gridCost < 1.2 && gridLevel > 0) gridLevel--, gridCost = 2;
  gridMade = { grid: { g, X: gridCache.X, outs }, epoch: session.epoch, edits };
  return gridMade.grid;
}

/** Sets an element's text only when it changes, so that an unchanged page is not laid out again. */
function text(id: string, value: string): void {
  const el = $(id);
  if (el.textContent !== value) el.textContent = value;
}

/** Widths of the views' boxes, measured when the page is laid out rather than in every frame. */
const sizes = { boundary: 360, network: 600, chart: 360, hidden: 300 };

function measure(): void {
  const width = (el: Element) => Math.floor(el.getBoundingClientRect().width);
  sizes.boundary = Math.max(200, Math.min(360, width($("boundary").parentElement!)));
  sizes.network = width($("network-box"));
  sizes.chart = width($("chart").parentElement!);
  sizes.hidden = Math.max(160, Math.min(360, width($("hidden-canvas").parentElement!)));
  netLayout = undefined;
  dirty = true;
}

/** A view drawn while training when it is due and the frame has time for it. */
interface View {
  draw: () => void;
  /** How often it should be redrawn, in ms; a view that is slow to draw is redrawn less often. */
  every: number;
  last: number;
  /** Its measured cost, in ms (a moving average). */
  cost: number;
}

const view = (draw: () => void, every: number): View => ({ draw, every, last: 0, cost: 0 });
const VIEWS = {
  // The output and the network share one forward pass over the grid, made by whichever comes first.
  output: view(() => renderBoundary(gridOutputs()), 0),
  network: view(() => renderNetwork(gridOutputs()), 0),
  chart: view(() => renderChart(), 100),
  hidden: view(() => renderHidden(), 120),
  gradients: view(() => renderGradients(), 250),
  formula: view(() => renderFormula(), 200),
};
/** Drawing time a frame may spend, in ms; the most overdue view is drawn whatever it costs. */
const FRAME_BUDGET = 10;

function render(now: number): void {
  const start = performance.now();
  text("epoch", session.epoch.toLocaleString("en"));
  const { train, test } = session.scores;
  text("train-loss", fmt(train.loss));
  text("test-loss", fmt(test.loss));
  text("score-train-loss", fmt(train.loss, 6));
  text("score-test-loss", fmt(test.loss, 6));
  text("score-train-acc", pct(train.accuracy));
  text("score-test-acc", pct(test.accuracy));
  // While training, each view is drawn when due, most overdue first, while the frame has time
  // left. A view is due again after its interval or four times its cost, whichever is longer,
  // so that a large network makes the views update less often, never the page stall.
  const wait = (v: View) => Math.max(v.every, 4 * v.cost);
  const due = Object.values(VIEWS).filter((v) => !playing || now - v.last >= wait(v))
    .sort((a, b) => (now - b.last - wait(b)) - (now - a.last - wait(a)));
  let drawn = 0;
  for (const v of due) {
    if (playing && drawn > 0 && performance.now() - start + v.cost > FRAME_BUDGET) break;
    const t0 = performance.now();
    v.draw();
    v.cost = 0.7 * v.cost + 0.3 * (performance.now() - t0);
    v.last = now;
    drawn++;
  }
  renderWorkbookInfo();
}

function renderBoundary({ g, X, outs }: Grid): void {
  const size = sizes.boundary;
  const canvas = $("boundary") as HTMLCanvasElement;
  const ctx = fitCanvas(canvas, size, size);
  const last = outs.length;
  if (preview && preview.c < last) {
    // The output of the unit under the pointer on the network, scaled as its thumbnail is.
    const { data, cols } = preview.c === 0 ? X : outs[preview.c - 1].A;
    const u = preview.u;
    let max = 0;
    for (let i = 0; i < g * g; i++) max = Math.max(max, Math.abs(data[i * cols + u]));
    paintGrid(small, g, (i) => (max > 0 ? data[i * cols + u] / max : 0), 0.85);
  } else {
    const out = outs.at(-1)!.A.data;
    const discrete = ($("discretize") as HTMLInputElement).checked;
    paintGrid(small, g, (i) => {
      const p = session.probability(out[i]);
      return discrete ? (p > 0.5 ? 1 : -1) : 2 * p - 1;
    }, discrete ? 0.45 : 0.7);
  }
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, size, size);
  if (preview && preview.c < last) {
    const title = preview.c === 0
      ? `input x${preview.u + 1}`
      : `layer ${preview.c}, unit ${preview.u + 1}`;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(0, 16, size, 20);
    ctx.fillStyle = "#111";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(`showing ${title}; off the network: the output`, size / 2, 26);
  }
  const sq = new Square(session.domain, size);
  drawTicks(ctx, sq);
  const at = (X: Tensor) => (i: number): [number, number] => [
    sq.px(X.data[2 * i]),
    sq.py(X.data[2 * i + 1]),
  ];
  drawPoints(ctx, at(session.train.X), session.train.y.data, false);
  if (($("show-test") as HTMLInputElement).checked) {
    drawPoints(ctx, at(session.test.X), session.test.y.data, true);
  }
  // The input whose formula is shown.
  const [px, py] = [sq.px(probe[0]), sq.py(probe[1])];
  ctx.strokeStyle = "#111";
  ctx.lineWidth = probePinned ? 2 : 1.2;
  ctx.beginPath();
  ctx.moveTo(px - 6, py);
  ctx.lineTo(px + 6, py);
  ctx.moveTo(px, py - 6);
  ctx.lineTo(px, py + 6);
  ctx.stroke();
}

function netTitles(): string[] {
  const { hidden, activations } = session.config;
  const wide = sizes.network / (hidden.length + 2) > 70;
  return [
    "inputs",
    ...hidden.map((n, l) => (wide ? `${n} ${ACTIVATION_LABELS[activations[l]]}` : `L${l + 1}`)),
    "output",
  ];
}

function renderNetwork({ g, X, outs }: { g: number; X: Tensor; outs: StageOutput[] }): void {
  const canvas = $("network") as HTMLCanvasElement;
  const width = sizes.network;
  const widths = [2, ...session.config.hidden, 1];
  if (
    !netLayout || netLayout.width !== width || netLayout.ys.length !== widths.length ||
    netLayout.ys.some((ys, c) => ys.length !== widths[c])
  ) {
    netLayout = layoutNetwork(widths, width);
  }
  const layout = netLayout;
  const ctx = fitCanvas(canvas, layout.width, layout.height);
  ctx.clearRect(0, 0, layout.width, layout.height);
  drawWeights(ctx, layout, session.stages, editing?.kind === "W" ? editing : hoverWeight);
  // Every unit's thumbnail: the inputs themselves, then each stage's activations.
  const columns: { data: Float64Array; cols: number }[][] = [
    [0, 1].map(() => ({ data: X.data, cols: 2 })),
    ...outs.map((o) =>
      Array.from({ length: o.A.cols }, () => ({ data: o.A.data, cols: o.A.cols }))
    ),
  ];
  const total = columns.reduce((s, c) => s + c.length, 0);
  const last = columns.length - 1;
  const s = layout.size;
  // A thumbnail needs no more pixels than its square has: take every stride-th grid point.
  const stride = Math.max(1, Math.floor(g / Math.max(8, s)));
  const t = Math.ceil(g / stride);
  let k = 0;
  if (atlasImage?.width !== t * total || atlasImage.height !== t) {
    atlasImage = new ImageData(t * total, t);
    atlas.width = t * total;
    atlas.height = t;
  }
  const image = atlasImage;
  columns.forEach((units, c) => {
    units.forEach(({ data, cols }, u) => {
      let max = 0;
      for (let i = 0; i < g * g; i++) max = Math.max(max, Math.abs(data[i * cols + u]));
      for (let r = 0; r < t; r++) {
        for (let q = 0; q < t; q++) {
          const v = data[(r * stride * g + q * stride) * cols + u];
          const at = 4 * (r * t * total + k * t + q);
          if (c === last) paint(image.data, at, 2 * session.probability(v) - 1, 0.8);
          else paint(image.data, at, max > 0 ? v / max : 0);
        }
      }
      k++;
    });
  });
  atlas.getContext("2d")!.putImageData(image, 0, 0);
  k = 0;
  ctx.imageSmoothingEnabled = true;
  columns.forEach((units, c) => {
    units.forEach((_, u) => {
      const x = layout.xs[c], y = layout.ys[c][u];
      ctx.drawImage(atlas, k * t, 0, t, t, x, y, s, s);
      const focused = c > 0 && focus.l === c - 1 && focus.j === u;
      ctx.lineWidth = focused ? 2.5 : 1;
      ctx.strokeStyle = focused ? "#111" : "rgba(0,0,0,0.35)";
      ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
      if (c === 0 && s >= 16) {
        ctx.fillStyle = "#111";
        ctx.font = "bold 10px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(`x${u + 1}`, x + s / 2, y + s / 2);
      }
      k++;
    });
  });
  drawTitles(ctx, layout, netTitles());
}

function renderChart(): void {
  const canvas = $("chart") as HTMLCanvasElement;
  const width = sizes.chart;
  const ctx = fitCanvas(canvas, width, 150);
  const h = session.history;
  const series = [
    { label: "training", colour: "#222", dash: [], values: (i: number) => h[i].train },
    { label: "test", colour: "#888", dash: [5, 3], values: (i: number) => h[i].test },
  ];
  // Until the reader chooses, the value axis turns logarithmic once the losses span a factor of 30.
  const box = $("log-scale") as HTMLInputElement;
  if (!box.dataset.chosen) {
    const [min, max] = extent(series, h.length);
    box.checked = max / min > 30;
  }
  chartLayout = drawChart(ctx, width, 150, h.map((p) => p.epoch), series, {
    highlight: chartHover,
    log: box.checked,
  });
  if (chartHover !== undefined && h[chartHover]) {
    const p = h[chartHover];
    $("chart-readout").textContent = `epoch ${p.epoch}: training loss ${
      fmt(p.train, 5)
    }, test loss ${fmt(p.test, 5)}`;
  }
}

function hiddenPickers(): void {
  const layer = $("hidden-layer") as HTMLSelectElement,
    u = $("hidden-u") as HTMLSelectElement,
    v = $("hidden-v") as HTMLSelectElement;
  const hidden = session.config.hidden;
  const keep = Number(layer.value) || 1;
  options(layer, hidden.map((_, l) => l + 1), String);
  layer.disabled = hidden.length === 0;
  if (hidden.length === 0) {
    u.textContent = v.textContent = "";
    return;
  }
  layer.value = String(Math.min(keep, hidden.length));
  const units = hidden[Number(layer.value) - 1];
  const [ku, kv] = [Number(u.value) || 1, Number(v.value) || 2];
  options(u, Array.from({ length: units }, (_, i) => i + 1), (i: number) => `unit ${i}`);
  options(v, Array.from({ length: units }, (_, i) => i + 1), (i: number) => `unit ${i}`);
  u.value = String(Math.min(ku, units));
  v.value = String(Math.min(kv, units));
}

let linesCache: { key: string; X: Tensor } | undefined;

function renderHidden(): void {
  const canvas = $("hidden-canvas") as HTMLCanvasElement;
  const size = sizes.hidden;
  const ctx = fitCanvas(canvas, size, size);
  ctx.clearRect(0, 0, size, size);
  const hidden = session.config.hidden;
  if (hidden.length === 0) {
    ctx.fillStyle = "#666";
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText("This network has no hidden layer.", size / 2, size / 2);
    return;
  }
  const l = Number(($("hidden-layer") as HTMLSelectElement).value) - 1;
  const u = Number(($("hidden-u") as HTMLSelectElement).value) - 1;
  const v = Number(($("hidden-v") as HTMLSelectElement).value) - 1;
  const upTo = session.stages.slice(0, l + 1);
  const { lo, hi } = session.domain;
  const lines = 13, samples = 40;
  const key = `${lo}:${hi}`;
  if (linesCache?.key !== key) linesCache = { key, X: gridLines(lo, hi, lines, samples) };
  const X = linesCache.X;
  const A = viewOutputs(upTo, X).at(-1)!.A;
  const trainA = viewOutputs(upTo, session.train.X).at(-1)!.A;
  const testA = viewOutputs(upTo, session.test.X).at(-1)!.A;
  const cols = A.cols;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const T of [A, trainA, testA]) {
    for (let i = 0; i < T.rows; i++) {
      const a = T.data[i * cols + u], b = T.data[i * cols + v];
      if (Number.isFinite(a)) x0 = Math.min(x0, a), x1 = Math.max(x1, a);
      if (Number.isFinite(b)) y0 = Math.min(y0, b), y1 = Math.max(y1, b);
    }
  }
  const padOut = (a: number, b: number): [number, number] => {
    if (!Number.isFinite(a)) return [-1, 1];
    const m = (b - a) * 0.06 || 0.5;
    return [a - m, b + m];
  };
  [x0, x1] = padOut(x0, x1);
  [y0, y1] = padOut(y0, y1);
  const px = (a: number) => ((a - x0) / (x1 - x0)) * size;
  const py = (b: number) => size - ((b - y0) / (y1 - y0)) * size;
  // With exactly two units, the rest of the network is a function of this plane: shade it.
  if (cols === 2 && u !== v) {
    const g = 40;
    const P = gridInputs({ lo: 0, hi: 1 }, g);
    for (let i = 0; i < g * g; i++) {
      const a = x0 + P.data[2 * i] * (x1 - x0), b = y0 + P.data[2 * i + 1] * (y1 - y0);
      P.data[2 * i + u] = a;
      P.data[2 * i + v] = b;
    }
    const out = viewOutputs(session.stages.slice(l + 1), P).at(-1)!.A.data;
    paintGrid(small, g, (i) => 2 * session.probability(out[i]) - 1, 0.45);
    ctx.drawImage(small, 0, 0, size, size);
    text(
      "hidden-hint",
      "With two units, the rest of the network is a function of this plane: the shading is its output. " +
        "Grid lines are the input plane's; where the classes come apart, a line can separate them.",
    );
  } else {
    text(
      "hidden-hint",
      "The input plane's grid lines and the points, as two units of a hidden layer see them. " +
        "Where the classes come apart here, the next layer can separate them with a line.",
    );
  }
  ctx.lineWidth = 1;
  for (let line = 0; line < 2 * lines; line++) {
    ctx.strokeStyle = line < lines ? "rgba(60,60,60,0.35)" : "rgba(60,60,160,0.3)";
    ctx.beginPath();
    for (let s = 0; s < samples; s++) {
      const i = line * samples + s;
      const a = A.data[i * cols + u], b = A.data[i * cols + v];
      if (s === 0) ctx.moveTo(px(a), py(b));
      else ctx.lineTo(px(a), py(b));
    }
    ctx.stroke();
  }
  const at = (T: Tensor) => (i: number): [number, number] => [
    px(T.data[i * cols + u]),
    py(T.data[i * cols + v]),
  ];
  drawPoints(ctx, at(trainA), session.train.y.data, false, 2.8);
  if (($("show-test") as HTMLInputElement).checked) {
    drawPoints(ctx, at(testA), session.test.y.data, true, 2.8);
  }
  ctx.fillStyle = "#333";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  ctx.fillText(`unit ${u + 1}, A${l + 1}[${u}]: ${short(x0)} … ${short(x1)} →`, size - 3, size - 2);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText(`↑ unit ${v + 1}, A${l + 1}[${v}]: ${short(y0)} … ${short(y1)}`, 3, 2);
}

/** Points along grid lines of the square: `lines` lines of constant x1, then of constant x2. */
function gridLines(lo: number, hi: number, lines: number, samples: number): Tensor {
  const data = new Float64Array(2 * lines * samples * 2);
  for (let line = 0; line < lines; line++) {
    const c = lo + ((hi - lo) * line) / (lines - 1);
    for (let s = 0; s < samples; s++) {
      const t = lo + ((hi - lo) * s) / (samples - 1);
      const i = line * samples + s, k = (lines + line) * samples + s;
      data[2 * i] = c, data[2 * i + 1] = t;
      data[2 * k] = t, data[2 * k + 1] = c;
    }
  }
  return new Tensor(2 * lines * samples, 2, data);
}

function renderGradients(): void {
  const norms = session.gradientNorms();
  const box = $("bars");
  const lo = -8, hi = 1;
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
    const t = v > 0 ? (Math.log10(v) - lo) / (hi - lo) : 0;
    (row.querySelector(".fill") as HTMLElement).style.width = `${
      Math.max(0, Math.min(1, t)) * 100
    }%`;
    const num = row.querySelector(".num")!;
    if (num.textContent !== short(v)) num.textContent = short(v);
  });
  const first = norms[0], last = norms.at(-1)!;
  text(
    "bars-note",
    norms.length > 1 && first > 0 && last > 0
      ? `The first layer's gradient is ${
        short(first / last)
      } × the output layer's. Scale: 1e${lo} to 1e${hi}.`
      : `Scale: 1e${lo} to 1e${hi}.`,
  );
}

function renderFormula(): void {
  if (focus.l >= session.stages.length || focus.j >= session.stages[focus.l].layer.W.cols) {
    focus = { l: session.stages.length - 1, j: 0 };
  }
  const f = unitFormula(session, focus.l, focus.j, probe);
  $("formula-title").textContent = f.title;
  $("formula-ts").textContent = f.typescript;
  $("formula-xl").textContent = f.excel;
}

function steps(): number {
  const v = Number(($("wb-steps") as HTMLInputElement).value);
  return Number.isInteger(v) && v >= 1 && v <= 100 ? v : 20;
}

let workbookKey = "";

function renderWorkbookInfo(): void {
  const key = `${session.epoch}:${steps()}:${playing}:${session.link}`;
  if (key === workbookKey) return;
  workbookKey = key;
  const problem = workbookProblem(session.config);
  const button = $("export-xlsx") as HTMLButtonElement;
  button.disabled = problem !== undefined;
  if (problem) {
    text("wb-what", `No workbook for this network: ${problem}.`);
    return;
  }
  if (playing) {
    text("wb-what", "Pause training to see what the workbook will hold.");
    return;
  }
  try {
    const w = session.workbookExport(steps());
    $("wb-what").textContent =
      `The workbook starts from the current weights (epoch ${session.epoch}) and takes ${w.steps} ` +
      `full-batch SGD steps at lr ${w.lr} on the first ${w.X.rows} of the ${session.train.X.rows} ` +
      `training points (a workbook has no L2 and no mini-batches), in live formulas. The library ` +
      `computes its loss_s0 = ${fmt(w.first, 8)} and loss_s${w.steps} = ${fmt(w.last, 8)}.`;
  } catch (e) {
    $("wb-what").textContent = `No workbook now: ${(e as Error).message}`;
  }
}

function wireViews(): void {
  const boundary = $("boundary") as HTMLCanvasElement;
  const toData = (e: PointerEvent | MouseEvent): [number, number] => {
    const r = boundary.getBoundingClientRect();
    return new Square(session.domain, r.width).fromPx(e.clientX - r.left, e.clientY - r.top);
  };
  boundary.addEventListener("pointermove", (e) => {
    const [x1, x2] = toData(e);
    $("boundary-readout").textContent = `x = (${fmt(x1, 3)}, ${fmt(x2, 3)}): ` +
      `p(class 1) = ${fmt(session.probability(session.output(tensorOf(x1, x2)).data[0]), 3)}`;
    if (!probePinned) {
      probe = [x1, x2];
      VIEWS.formula.last = 0;
      dirty = true;
    }
  });
  boundary.addEventListener("click", (e) => {
    const [x1, x2] = toData(e);
    const mode = ($("click-class") as HTMLSelectElement).value;
    if (mode === "0" || mode === "1") {
      addPoint(x1, x2, Number(mode) as 0 | 1);
      return;
    }
    probe = [x1, x2];
    probePinned = !probePinned;
    dirty = true;
  });
  const network = $("network") as HTMLCanvasElement;
  const local = (e: MouseEvent) => {
    const r = network.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  network.addEventListener("pointermove", (e) => {
    if (!netLayout) return;
    const [x, y] = local(e);
    const unit = unitAt(netLayout, x, y);
    const readout = $("net-readout");
    if (unit?.c !== preview?.c || unit?.u !== preview?.u) {
      preview = unit;
      dirty = true;
    }
    if (unit && unit.c > 0) {
      focus = { l: unit.c - 1, j: unit.u };
      hoverWeight = undefined;
      const b = session.stages[focus.l].layer.b.get(0, focus.j);
      readout.textContent = `${
        unit.c === netLayout.xs.length - 1 ? "output" : `layer ${unit.c}, unit ${unit.u + 1}`
      }: bias b${unit.c}[${unit.u}] = ${fmt(b)} (click to edit)`;
      VIEWS.formula.last = 0;
      dirty = true;
      return;
    }
    const w = weightAt(netLayout, session.stages, x, y);
    if (w?.l !== hoverWeight?.l || w?.i !== hoverWeight?.i || w?.j !== hoverWeight?.j) dirty = true;
    hoverWeight = w;
    readout.textContent = w
      ? `W${w.l + 1}[${w.i}][${w.j}] = ${fmt(session.stages[w.l].layer.W.get(w.i, w.j))}: from ${
        w.l === 0 ? `input x${w.i + 1}` : `layer ${w.l}, unit ${w.i + 1}`
      } to ${
        w.l === session.stages.length - 1 ? "the output" : `layer ${w.l + 1}, unit ${w.j + 1}`
      } (click to edit)`
      : "";
  });
  network.addEventListener("pointerleave", () => {
    preview = undefined;
    dirty = true;
  });
  network.addEventListener("click", (e) => {
    if (!netLayout) return;
    const [x, y] = local(e);
    const unit = unitAt(netLayout, x, y);
    if (unit && unit.c > 0) openEditor({ kind: "b", l: unit.c - 1, i: 0, j: unit.u }, x, y);
    else {
      const w = weightAt(netLayout, session.stages, x, y);
      if (w) openEditor({ kind: "W", ...w }, x, y);
    }
  });
  $("editor-set").onclick = () => {
    if (!editing) return;
    const input = $("editor-value") as HTMLInputElement;
    const v = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(v)) {
      $("editor-title").textContent = `"${input.value}" is not a number: type a value such as 0.5`;
      return;
    }
    const { layer: linear } = session.stages[editing.l];
    if (editing.kind === "W") linear.W.set(editing.i, editing.j, v);
    else linear.b.set(0, editing.j, v);
    session.record();
    edits++;
    workbookKey = "";
    closeEditor();
  };
  $("editor-value").addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") $("editor-set").click();
    if ((e as KeyboardEvent).key === "Escape") closeEditor();
  });
  $("editor-cancel").onclick = closeEditor;
  const chart = $("chart") as HTMLCanvasElement;
  chart.addEventListener("pointermove", (e) => {
    if (!chartLayout || session.history.length === 0) return;
    const x = e.clientX - chart.getBoundingClientRect().left;
    let best = 0;
    session.history.forEach((p, i) => {
      if (
        Math.abs(chartLayout!.x(p.epoch) - x) <
          Math.abs(chartLayout!.x(session.history[best].epoch) - x)
      ) best = i;
    });
    chartHover = best;
    dirty = true;
  });
  chart.addEventListener("pointerleave", () => {
    chartHover = undefined;
    dirty = true;
  });
  $("log-scale").addEventListener(
    "change",
    () => (($("log-scale").dataset.chosen = "yes"), dirty = true),
  );
  for (const id of ["show-test", "discretize", "hidden-u", "hidden-v"]) {
    $(id).addEventListener("change", () => (dirty = true));
  }
  $("hidden-layer").addEventListener("change", () => {
    hiddenPickers();
    dirty = true;
  });
  $("wb-steps").addEventListener("change", () => (dirty = true));
  new ResizeObserver(measure).observe(document.body);
}

function tensorOf(x1: number, x2: number): Tensor {
  return Tensor.from([[x1, x2]]);
}

function openEditor(target: NonNullable<typeof editing>, x: number, y: number): void {
  // A value that training changes while one types it would be confusing: pause.
  setPlaying(false);
  editing = target;
  const { layer: linear } = session.stages[target.l];
  const value = target.kind === "W" ? linear.W.get(target.i, target.j) : linear.b.get(0, target.j);
  $("editor-title").textContent = target.kind === "W"
    ? `Weight W${target.l + 1}[${target.i}][${target.j}]`
    : `Bias b${target.l + 1}[${target.j}]`;
  const input = $("editor-value") as HTMLInputElement;
  input.value = String(Number(value.toPrecision(6)));
  const editor = $("editor");
  editor.hidden = false;
  const box = $("network-box").getBoundingClientRect();
  editor.style.left = `${Math.max(4, Math.min(x + 8, box.width - 240))}px`;
  editor.style.top = `${y + 10}px`;
  input.focus();
  input.select();
  if (target.kind === "b") focus = { l: target.l, j: target.j };
  dirty = true;
}

function closeEditor(): void {
  editing = undefined;
  $("editor").hidden = true;
  dirty = true;
}

// ---------------------------------------------------------------------------
// Link, presets and exports

function download(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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

function wireExports(): void {
  const list = $("presets");
  for (const p of PRESETS) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#${toHash(p.config)}`;
    a.textContent = `${p.title} (notebook ${p.notebook})`;
    li.append(a, document.createTextNode(`: ${p.shows}`));
    list.append(li);
  }
  $("link").addEventListener("focus", () => ($("link") as HTMLInputElement).select());
  $("export-json").onclick = () => {
    download(
      JSON.stringify(session.toJson(), null, 1),
      "playground-network.json",
      "application/json",
    );
    inline("json-message", `Saved the weights at epoch ${session.epoch}.`, "info");
  };
  $("load-json").addEventListener("change", async () => {
    const input = $("load-json") as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const json = JSON.parse(await file.text());
      const net = networkFromJson(json);
      const { config, points, problems } = fromHash(String(json.link));
      if (problems.length > 0) throw new Error(`its link has problems: ${problems.join("; ")}`);
      const next = new Session(config, points);
      const have = next.net.parameters();
      const shapes = (ps: { value: Tensor }[]) => ps.map((p) => p.value.shape.join("×")).join(",");
      if (shapes(have) !== shapes(net.parameters())) {
        throw new Error("its weights do not fit the network its link describes");
      }
      have.forEach((p, k) => p.value.data.set(net.parameters()[k].value.data));
      next.epoch = Number.isInteger(json.epoch) && json.epoch >= 0 ? json.epoch : 0;
      next.history = [];
      next.record();
      setSession(next);
      inline("json-message", `Loaded ${file.name}: the network at epoch ${next.epoch}.`, "info");
    } catch (e) {
      inline(
        "json-message",
        `${file.name} cannot be loaded: ${(e as Error).message}. The network in use is unchanged.`,
      );
    }
  });
  $("export-xlsx").onclick = async () => {
    setPlaying(false);
    const button = $("export-xlsx") as HTMLButtonElement;
    button.disabled = true;
    try {
      const w = session.workbookExport(steps());
      inline("wb-message", "Writing the workbook…", "info");
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
        "wb-message",
        `Saved playground-network.xlsx: the weights of epoch ${session.epoch}, ${w.steps} steps on ${w.X.rows} points. ` +
          `Its loss_s0 is ${fmt(w.first, 8)} and its loss_s${w.steps} is ${fmt(w.last, 8)}.`,
        "info",
      );
    } catch (e) {
      inline("wb-message", `No workbook: ${(e as Error).message}`);
    } finally {
      button.disabled = workbookProblem(session.config) !== undefined;
    }
  };
}

// ---------------------------------------------------------------------------

function start(): void {
  wireControls();
  addEventListener("hashchange", () => {
    if (location.hash.slice(1) !== writtenHash) loadLink(location.hash);
  });
  loadLink(location.hash);
  requestAnimationFrame(frame);
}

start();
