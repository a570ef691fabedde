// The digits page, put together: the shipped MNIST images (from the data
// script's global), the settings and their link, a training session run in
// short slices after each frame, the progress chart, and the drawing pad whose
// digit the network classifies as it learns. Bundled into one classic script
// (site/playground/digits.js), so that the page works when opened from disk.
import {
  CNN_BATCH,
  DIGITS_LIMITS,
  type DigitsConfig,
  digitsHash,
  digitsProblem,
  MODEL_DEFAULTS,
  type ModelName,
  readDigitsHash,
} from "./config.ts";
import { type DigitsScript, GLOBAL, readDataScript, SIDE } from "./data.ts";
import { $, setText } from "../_dom.ts";
import { Messages } from "../messages.ts";
import { DrawingPad } from "./pad.ts";
import { toMnist } from "./preprocess.ts";
import { DigitsSession, type Probe, SCORE_EVERY } from "./session.ts";
import { Bars, drawChart, drawGrey, showUnits } from "./views.ts";

/** Time for training in one slice (and the piece under way when it ends): with the drawing, a frame stays well under 50 ms even when the processor is shared. */
const SLICE_MS = 4;
/** How often the prediction for the drawing is redone while training, in ms. */
const PROBE_EVERY = 300;

const messages = new Messages($("messages"));
/** Shows a message in the bar under the controls, dismissible. */
const say = (text: string, kind: "error" | "warn" = "warn") => messages.say(text, kind, kind);

/** Runs the page on the shipped images. */
async function main(): Promise<void> {
  const shipped = (globalThis as unknown as Record<string, DigitsScript | undefined>)[GLOBAL];
  if (!shipped) {
    say(
      "The digits data (digits-data.js, beside this page) did not load: the page cannot train.",
      "error",
    );
    return;
  }
  const data = await readDataScript(shipped);
  const thousands = (n: number) => n.toLocaleString("en");
  $("n-train").textContent = thousands(data.train.labels.length);
  $("n-test").textContent = $("n-test-2").textContent = thousands(data.test.labels.length);
  // The shipped images are the first of each digit, as many of each.
  $("n-train-each").textContent = thousands(data.train.labels.length / 10);
  $("n-test-each").textContent = thousands(data.test.labels.length / 10);
  $("score-every").textContent = thousands(SCORE_EVERY);
  const link = readDigitsHash(location.hash);
  for (const p of link.problems) say(p);
  let config: DigitsConfig = link.config;
  let session = new DigitsSession(config, data);
  let playing = false;
  let shownDivergence = false;
  /** Whether the page is training until its next test score (the Step button). */
  let stepping = false;
  let image: Float64Array | undefined;
  let imageNote = "";
  let probe: Probe | undefined;
  let probedAt = -1, lastProbe = 0, drawnScores = -1;
  const speed = { steps: 0, images: 0, busy: 0, since: performance.now() };

  // Settings: each control, checked as a link's value is, writes the link and starts afresh.
  const model = $<HTMLSelectElement>("model");
  const fields = Object.keys(DIGITS_LIMITS) as (keyof typeof DIGITS_LIMITS)[];
  function showSettings(): void {
    model.value = config.model;
    for (const key of fields) $<HTMLInputElement>(key).value = String(config[key]);
    $<HTMLInputElement>("batch").max = String(
      config.model === "cnn" ? CNN_BATCH : DIGITS_LIMITS.batch.hi,
    );
    $<HTMLInputElement>("hidden").disabled = config.model === "cnn";
    const url = `${location.href.replace(/#.*$/, "")}#${digitsHash(config)}`;
    $<HTMLInputElement>("link").value = url;
    history.replaceState(null, "", `#${digitsHash(config)}`);
  }
  function restart(next: DigitsConfig): void {
    config = next;
    session = new DigitsSession(config, data);
    messages.unsay("diverged");
    shownDivergence = false;
    probedAt = -1;
    drawnScores = -1;
    setPlaying(false);
    stepping = false;
    showSettings();
  }
  model.addEventListener("change", () => {
    const name = model.value as ModelName;
    // A network starts with its notebook's learning rate and batch size, and keeps the seed.
    restart({ ...MODEL_DEFAULTS[name], hidden: config.hidden, seed: config.seed });
  });
  for (const key of fields) {
    const input = $<HTMLInputElement>(key);
    input.addEventListener("change", () => {
      const value = input.value.trim() === "" ? NaN : Number(input.value);
      const problem = digitsProblem(key, value, config.model);
      const box = $(`${key}-message`);
      box.textContent = problem
        ? `${problem}, got "${input.value}"; keeping ${key}=${config[key]}`
        : "";
      if (problem) input.value = String(config[key]);
      else restart({ ...config, [key]: value });
    });
  }

  function setPlaying(on: boolean): void {
    playing = on && !session.diverged;
    $("play").textContent = playing ? "⏸ Pause" : "▶ Train";
    $("play").setAttribute("aria-pressed", String(playing));
    speed.steps = speed.images = speed.busy = 0;
    speed.since = performance.now();
    if (!playing) $("speed").textContent = "";
  }
  $("play").addEventListener("click", () => setPlaying(!playing));
  $("step").addEventListener("click", () => {
    setPlaying(false);
    stepping = !session.diverged;
  });
  $("reset").addEventListener("click", () => restart({ ...config }));

  // The drawing: preprocessed as MNIST was, shown as the network sees it, and classified.
  const bars = new Bars($("probs"));
  const preview = $<HTMLCanvasElement>("preview");
  // The drawing is read back once per frame, however many pointer events came in between.
  let drawn = false;
  const pad = new DrawingPad($<HTMLCanvasElement>("pad"), () => (drawn = true));
  function readDrawing(): void {
    const c = pad.canvas;
    image = pad.empty ? undefined : toMnist(pad.ink(), c.width, c.height);
    imageNote = image ? "your drawing, scaled and centred much as MNIST's digits were" : "";
    probedAt = -1;
    drawn = false;
  }
  $("clear").addEventListener("click", () => pad.clear());
  let shown = 0;
  $("test-image").addEventListener("click", () => {
    const i = shown++ % data.test.labels.length;
    pad.clear();
    drawn = false;
    image = Float64Array.from(data.test.pixels.subarray(i * 784, (i + 1) * 784), (b) => b / 255);
    probedAt = -1;
    imageNote = `test image ${i + 1} of ${data.test.labels.length}, labelled ${
      data.test.labels[i]
    }`;
  });

  function showProbe(): void {
    probe = image ? session.probe(image) : undefined;
    drawGrey(preview, image ?? new Float64Array(SIDE * SIDE), SIDE);
    $("preview-note").textContent = imageNote || "Nothing drawn yet.";
    bars.show(probe?.probabilities);
    const p = probe?.probabilities;
    const best = p ? p.indexOf(Math.max(...p)) : -1;
    $("prediction").textContent = p ? String(best) : "–";
    $("confidence").textContent = p ? `probability ${(100 * p[best]).toFixed(1)}%` : "";
    const first = session.net.layers[0] as unknown as { W: { data: Float64Array; cols: number } };
    showUnits($("units"), $("units-note"), config.model, probe, first.W);
  }

  function showScores(now: number): void {
    const last = session.history.at(-1);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    setText($("epoch"), session.epoch.toFixed(2));
    setText($("steps"), session.steps.toLocaleString("en"));
    setText($("test-acc"), last ? pct(last.testAccuracy) : "–");
    setText($("test-loss"), last ? last.testLoss.toFixed(3) : "–");
    $("step").dataset.scores = String(session.history.length);
    if (drawnScores !== session.history.length) {
      drawnScores = session.history.length;
      drawChart($<HTMLCanvasElement>("chart"), session.history);
    }
    if (session.diverged && !shownDivergence) {
      messages.say(
        `${session.diverged}. Training stopped; press Reset to start again.`,
        "error",
        "diverged",
      );
      shownDivergence = true;
      setPlaying(false);
    }
    const wall = now - speed.since;
    if (playing && wall > 600) {
      const perSecond = (v: number) => Math.round(v / wall * 1000).toLocaleString("en");
      setText(
        $("speed"),
        `${perSecond(speed.steps)} steps/s · ${perSecond(speed.images)} images/s · ` +
          `training and scoring ${
            Math.round(speed.busy / wall * 100)
          }% of the time · ${session.engine}`,
      );
      speed.steps = speed.images = speed.busy = 0;
      speed.since = now;
    }
  }

  // Each frame draws what changed and then asks for one training slice, run as its own task.
  const trainer = new MessageChannel();
  trainer.port1.onmessage = () => {
    const t0 = performance.now();
    const scores = session.history.length, samples = session.samples;
    speed.steps += session.work(SLICE_MS, { train: playing || stepping, untilScore: stepping });
    speed.busy += performance.now() - t0;
    speed.images += session.samples - samples;
    // A step ends with the test pass that follows its training images.
    if (stepping && session.history.length > scores && scores > 0) stepping = false;
  };
  function frame(now: number): void {
    if (drawn) readDrawing();
    showScores(now);
    const weightsMoved = probedAt !== session.steps;
    if (probedAt < 0 || (weightsMoved && now - lastProbe > PROBE_EVERY)) {
      showProbe();
      probedAt = session.steps;
      lastProbe = now;
    }
    if (playing || stepping || session.scoring) trainer.port2.postMessage(0);
    requestAnimationFrame(frame);
  }
  showSettings();
  requestAnimationFrame(frame);
}

main();
