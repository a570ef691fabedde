// The digits page: the MNIST subset the build ships beside it, the
// preprocessing of a drawing and the link's settings (no browser); then the
// page, built as `./nn book` builds it and opened from disk in headless
// Chromium with no network, trained, drawn on and given bad links. Every page
// test also checks that the page requested nothing from outside and threw
// nothing.
import assert from "node:assert/strict";
import { assertAllClose } from "../../lib/core/mod.ts";
import { loadMnist } from "../../lib/notebook/mnist.ts";
import { DIGITS_SHIPPED } from "../../tools/_playground.ts";
import type { Page, PageOptions } from "./_chromium.ts";
import {
  busiest,
  DIGITS_READY,
  mainTasksDuring,
  playgroundSite,
  textOf,
} from "./_playground_page.ts";
import { type DigitsScript, readDataScript } from "../../playground/digits/data.ts";
import { BOX, centreOfMass, inkBox, SIDE, toMnist } from "../../playground/digits/preprocess.ts";
import { digitsHash, MODEL_DEFAULTS, readDigitsHash } from "../../playground/digits/config.ts";
import { DigitsSession } from "../../playground/digits/session.ts";

const { dir: site, build, withPage: openPage } = playgroundSite("nn-digits-");
const page = `file://${site}/playground/digits.html`;

// ---- The shipped subset ----

Deno.test("the shipped subset holds the first images of each digit, with MNIST's labels and pixels, in under 2 MB", async () => {
  await build();
  const file = `${site}/playground/digits-data.js`;
  const size = (await Deno.stat(file)).size;
  assert.ok(size < 2e6, `digits-data.js is ${size} bytes`);
  // The classic script run as the page runs it: it sets a global.
  new Function(await Deno.readTextFile(file))();
  const shipped = (globalThis as unknown as { NN_DIGITS: DigitsScript }).NN_DIGITS;
  const { train, test } = await readDataScript(shipped);
  const mnist = await loadMnist();
  for (
    const [part, whole, perDigit] of [
      [train, mnist.train, DIGITS_SHIPPED.trainPerDigit],
      [test, mnist.test, DIGITS_SHIPPED.testPerDigit],
    ] as const
  ) {
    assert.equal(part.labels.length, 10 * perDigit);
    const counts = Array.from({ length: 10 }, (_, d) => part.labels.filter((l) => l === d).length);
    assert.deepEqual(counts, new Array(10).fill(perDigit));
    // Every label is MNIST's label of the image it came from, and every image its pixels.
    part.indices.forEach((i, k) => assert.equal(part.labels[k], whole.labels[i], `image ${k}`));
    for (const k of [0, 1, 2, part.labels.length - 1]) {
      const i = part.indices[k];
      const bytes = Array.from(whole.X.data.subarray(i * 784, (i + 1) * 784), (v) => v * 255);
      assert.deepEqual([...part.pixels.subarray(k * 784, (k + 1) * 784)], bytes);
    }
    // The first of each digit: the indices rise, and no skipped image of a digit was needed.
    const last = part.indices.at(-1)!;
    for (let d = 0; d < 10; d++) {
      const all = [...whole.labels.subarray(0, last + 1)].map((l, i) => [l, i]).filter(([l]) =>
        l === d
      ).map(([, i]) => i);
      const mine = [...part.indices].filter((_, k) => part.labels[k] === d);
      assert.deepEqual(mine, all.slice(0, perDigit));
    }
  }
  // The first test images are MNIST's first: 7, 2, 1, 0, 4.
  assert.deepEqual([...test.labels.slice(0, 5)], [7, 2, 1, 0, 4]);
});

// ---- Preprocessing, as MNIST's rule puts a digit ----

/** A width×height grid of ink with the rectangles [left, right) × [top, bottom) filled. */
function canvasWith(width: number, height: number, ...rects: number[][]): Float64Array {
  const ink = new Float64Array(width * height);
  for (const [left, top, right, bottom, value = 1] of rects) {
    for (let r = top; r < bottom; r++) {
      for (let c = left; c < right; c++) ink[r * width + c] = value;
    }
  }
  return ink;
}

Deno.test("a drawing's bounding box is scaled into 20 pixels and its centre of mass put at the centre", () => {
  // A vertical bar 20 wide and 200 tall on a 280×280 pad: scaled by 20/200 it becomes 2×20 pixels
  // of full ink; its centre of mass (1, 10) goes to (14, 14), so it fills columns 13–14, rows 4–23.
  const bar = toMnist(canvasWith(280, 280, [100, 40, 120, 240]), 280, 280)!;
  const expected = new Float64Array(784);
  for (let r = 4; r < 24; r++) expected[r * 28 + 13] = expected[r * 28 + 14] = 1;
  assertAllClose([...bar], [...expected], { rtol: 0, atol: 1e-12 });
  // A "7": a heavy bar across the top and a thin stroke down the right, off-centre on a wide pad.
  // Its box's longer side becomes 20 pixels; its centre of mass lands within half a pixel of
  // (14, 14), which for this top-heavy shape puts the box lower than the middle.
  const seven = canvasWith(400, 300, [50, 30, 210, 70], [180, 30, 210, 230]);
  const image = toMnist(seven, 400, 300)!;
  const box = inkBox(image, SIDE)!;
  const [w, h] = [box.right - box.left + 1, box.bottom - box.top + 1];
  assert.equal(Math.max(w, h), BOX);
  assert.equal(h, BOX, "the taller side: 200 pad pixels");
  // 160 pad pixels across, scaled by 20/200: 16 pixels.
  assert.equal(w, 16);
  const mass = centreOfMass(image, SIDE);
  assert.ok(Math.abs(mass.x - 14) <= 0.5 && Math.abs(mass.y - 14) <= 0.5, JSON.stringify(mass));
  assert.ok(box.top > (SIDE - BOX) / 2, `the top-heavy digit's box starts at row ${box.top}`);
  // Grey levels: every value in [0, 1], the pad's ink kept (the mean ink of the area each pixel
  // covers, so the total ink is the pad's scaled by (20/200)²).
  assert.ok(image.every((v) => v >= 0 && v <= 1));
  const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(total(image) - total(seven) * (BOX / 200) ** 2) < 1e-9);
  // A stroke 3 pad pixels wide scaled by 1/10 gives grey, not black: anti-aliased.
  const thin = toMnist(canvasWith(280, 280, [100, 40, 103, 240]), 280, 280)!;
  assert.ok(thin.some((v) => v > 0.25 && v < 0.35), "a column of 0.3");
  assert.equal(toMnist(new Float64Array(100), 10, 10), undefined, "nothing drawn");
  assert.throws(
    () => toMnist(new Float64Array(99), 10, 10),
    /must have 10×10 = 100 values, got 99/,
  );
});

Deno.test("the link's settings: read back as written; each bad value named, with what was expected, and its default kept", () => {
  const config = { model: "mlp" as const, hidden: 64, lr: 0.3, batch: 32, seed: 7 };
  assert.deepEqual(readDigitsHash(`#${digitsHash(config)}`), { config, problems: [] });
  assert.deepEqual(readDigitsHash("#model=cnn").config, MODEL_DEFAULTS.cnn);
  const { config: read, problems } = readDigitsHash(
    "#model=rnn&hidden=0&lr=abc&batch=2.5&seed=&colour=red",
  );
  assert.deepEqual(read, MODEL_DEFAULTS.mlp);
  assert.deepEqual(problems, [
    'The network model must be one of mlp, cnn, got "rnn"; using model=mlp',
    'The hidden units hidden must be a whole number from 1 to 256, got "0"; using hidden=128',
    'The learning rate lr must be a number from 0.0001 to 2, got "abc"; using lr=0.1',
    'The batch size batch must be a whole number from 1 to 128, got "2.5"; using batch=128',
    'The seed seed must be a whole number from 0 to 999999, got ""; using seed=1',
    'The link\'s setting "colour" is unknown (the page reads model, hidden, lr, batch, seed); it is ignored',
  ]);
});

// ---- The page ----

/** Opens the digits page once it has scored the untrained network, runs `use`, checks it stayed offline and error-free. */
const withPage = (hash: string, use: (p: Page) => Promise<void>, options: PageOptions = {}) =>
  openPage(hash, use, { file: "digits.html", ready: DIGITS_READY, ...options });

const accuracy = async (p: Page) => Number((await textOf(p, "test-acc")).replace("%", ""));

/** The CPU time (ms) of the page's busiest main-thread task while `during` ran, from Chromium's trace. */
async function busiestTask(p: Page, during: () => Promise<void>): Promise<number> {
  const { tasks } = await mainTasksDuring(p, during);
  assert.ok(tasks.length > 50, `the trace holds ${tasks.length} tasks`);
  return busiest(tasks).cpu;
}

/**
 * Trains until the shown test accuracy reaches `target` % (within `limitMs`), then pauses;
 * returns the steps per second the speed line showed, having checked what it says.
 */
async function trainTo(p: Page, target: number, limitMs: number): Promise<number> {
  await p.click("#play");
  await p.waitFor(
    `Number(document.getElementById("test-acc").textContent.replace("%", "")) >= ${target}`,
    limitMs,
  );
  await p.waitFor(`document.getElementById("speed").textContent !== ""`, 10000);
  const speed = await textOf(p, "speed");
  assert.match(
    speed,
    /^[\d,]+ steps\/s · [\d,]+ images\/s · training and scoring \d+% of the time · fast backend, wasm-simd kernel$/,
  );
  await p.click("#play");
  return Number(speed.split(" steps/s")[0].replace(/,/g, ""));
}

Deno.test("notebook 07's network trains above 90% test accuracy within 60 s, and no task computes for 50 ms", async () => {
  await withPage("", async (p) => {
    assert.ok(await accuracy(p) < 25, "the untrained network is near chance");
    let stepsPerSecond = 0;
    const busiest = await busiestTask(p, async () => {
      stepsPerSecond = await trainTo(p, 90, 60000);
    });
    assert.ok(busiest < 50, `a task computed for ${busiest} ms`);
    assert.ok(stepsPerSecond > 0);
    assert.match(await textOf(p, "speed"), /^$/, "paused, the speed line is cleared");
    assert.match(await textOf(p, "play"), /Train/);
    console.log(
      `07's network: ${await textOf(p, "test-acc")} after ${await textOf(p, "epoch")} epochs, ` +
        `${stepsPerSecond} steps/s, busiest task ${busiest.toFixed(1)} ms of CPU`,
    );
  });
});

Deno.test("notebook 08's convolutional network trains above 85% test accuracy within 90 s, and no task computes for 50 ms", async () => {
  await withPage("#model=cnn", async (p) => {
    assert.equal(await p.evaluate(`document.getElementById("model").value`), "cnn");
    let stepsPerSecond = 0;
    const busiest = await busiestTask(p, async () => {
      stepsPerSecond = await trainTo(p, 85, 90000);
    });
    assert.ok(busiest < 50, `a task computed for ${busiest} ms`);
    console.log(
      `08's network: ${await textOf(p, "test-acc")} after ${await textOf(p, "epoch")} epochs, ` +
        `${stepsPerSecond} steps/s, busiest task ${busiest.toFixed(1)} ms of CPU`,
    );
  });
});

Deno.test("a link's seed fixes every number: two Steps on the page score what the library scores in Deno", async () => {
  const config = { model: "mlp" as const, hidden: 32, lr: 0.2, batch: 64, seed: 3 };
  const shown = async (
    p: Page,
  ) => [await textOf(p, "steps"), await textOf(p, "test-acc"), await textOf(p, "test-loss")];
  const twoSteps = async (p: Page) => {
    for (const scores of [2, 3]) {
      await p.click("#step");
      await p.waitFor(`document.getElementById("step").dataset.scores === "${scores}"`);
    }
    return await shown(p);
  };
  let first: string[] = [];
  await withPage(`#${digitsHash(config)}`, async (p) => {
    assert.equal(
      await p.evaluate(`document.getElementById("link").value`),
      `${page}#${digitsHash(config)}`,
    );
    first = await twoSteps(p);
  });
  await withPage(`#${digitsHash(config)}`, async (p) => assert.deepEqual(await twoSteps(p), first));
  // The same run in Deno: the page's numbers are the library's.
  new Function(await Deno.readTextFile(`${site}/playground/digits-data.js`))();
  const data = await readDataScript(
    (globalThis as unknown as { NN_DIGITS: DigitsScript }).NN_DIGITS,
  );
  const session = new DigitsSession(config, data);
  while (session.history.length < 3) session.work(Infinity, { untilScore: true });
  const last = session.history.at(-1)!;
  assert.deepEqual(first, [
    String(session.steps),
    `${(100 * last.testAccuracy).toFixed(1)}%`,
    last.testLoss.toFixed(3),
  ]);
  // Another seed, other numbers.
  await withPage(`#${digitsHash({ ...config, seed: 4 })}`, async (p) => {
    assert.notDeepEqual(await twoSteps(p), first);
  });
});

/** Draws a stroke on the pad through the given points (in the pad's own 280-pixel units) with pointer events. */
async function stroke(p: Page, points: [number, number][]): Promise<void> {
  await p.evaluate(`(() => {
    const pad = document.getElementById("pad");
    const r = pad.getBoundingClientRect(), k = r.width / pad.width;
    const points = ${JSON.stringify(points)};
    points.forEach(([x, y], i) => {
      const type = i === 0 ? "pointerdown" : "pointermove";
      pad.dispatchEvent(new PointerEvent(type, {
        clientX: r.left + x * k, clientY: r.top + y * k, pointerId: 7, buttons: 1, bubbles: true,
      }));
    });
    pad.dispatchEvent(new PointerEvent("pointerup", { pointerId: 7, bubbles: true }));
  })()`);
}

/** The 28×28 preview's ink (0 paper, 1 black), read from its canvas. */
const previewInk = (p: Page) =>
  p.evaluate(`(() => {
    const c = document.getElementById("preview");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, ink: Array.from({ length: c.width * c.height }, (_, i) => 1 - d[4 * i] / 255) };
  })()`) as Promise<{ width: number; height: number; ink: number[] }>;

Deno.test("a drawn vertical stroke is shown as a centred 28×28 image and classified: ten probabilities summing to 1, and the units that respond", async () => {
  await withPage("", async (p) => {
    assert.equal(await textOf(p, "prediction"), "–", "nothing drawn yet");
    await trainTo(p, 90, 60000);
    await stroke(p, Array.from({ length: 19 }, (_, i) => [150, 40 + 10 * i] as [number, number]));
    await p.waitFor(`document.getElementById("prediction").textContent !== "–"`);
    const probabilities = await p.evaluate(
      `[...document.querySelectorAll("#probs .p")].map((e) => Number(e.dataset.p))`,
    ) as number[];
    assert.equal(probabilities.length, 10);
    assert.ok(probabilities.every((v) => v >= 0 && v <= 1));
    assertAllClose(probabilities.reduce((s, v) => s + v, 0), 1, { rtol: 1e-12 });
    const predicted = Number(await textOf(p, "prediction"));
    assert.equal(predicted, probabilities.indexOf(Math.max(...probabilities)));
    assert.equal(predicted, 1, "a trained network reads a vertical stroke as a 1");
    // The preview: 28×28, the stroke 20 pixels tall, a few wide, its centre of mass at the centre.
    const { width, height, ink } = await previewInk(p);
    assert.deepEqual([width, height], [28, 28]);
    const box = inkBox(ink.map((v) => (v > 0.02 ? v : 0)), 28)!;
    assert.equal(box.bottom - box.top + 1, 20);
    assert.ok(
      box.right - box.left + 1 <= 4,
      `the stroke is ${box.right - box.left + 1} pixels wide`,
    );
    const mass = centreOfMass(ink, 28);
    assert.ok(Math.abs(mass.x - 14) < 0.6 && Math.abs(mass.y - 14) < 0.6, JSON.stringify(mass));
    // The hidden units that respond most, each with its 28×28 weight image.
    const units = await p.evaluate(
      `[...document.querySelectorAll("#units canvas")].map((c) => [c.width, c.height])`,
    ) as number[][];
    assert.ok(units.length > 0 && units.length <= 8);
    assert.ok(units.every(([w, h]) => w === 28 && h === 28));
    assert.match(await textOf(p, "units-note"), /hidden units \(of 128\) with the largest outputs/);
    // Clear (by keyboard: the button is focusable and a key press activates it) empties everything.
    await p.evaluate(
      `document.getElementById("clear").focus(); document.getElementById("clear").click()`,
    );
    await p.waitFor(`document.getElementById("prediction").textContent === "–"`);
    assert.ok((await previewInk(p)).ink.every((v) => v === 0));
  });
});

Deno.test("a bad link or a bad value typed into a setting shows what is wrong and keeps the default", async () => {
  const messages = (p: Page) =>
    p.evaluate(
      `[...document.querySelectorAll("#messages .msg span")].map((m) => m.textContent)`,
    ) as Promise<
      string[]
    >;
  await withPage("#model=cnn&hidden=64&lr=5&batch=64&seed=2", async (p) => {
    assert.deepEqual(await messages(p), [
      'The learning rate lr must be a number from 0.0001 to 2, got "5"; using lr=0.05',
      'The batch size batch must be a whole number from 1 to 32 for the convolutional network, got "64"; using batch=32',
    ]);
    const values = await p.evaluate(
      `["model", "hidden", "lr", "batch", "seed"].map((id) => document.getElementById(id).value)`,
    );
    assert.deepEqual(values, ["cnn", "64", "0.05", "32", "2"]);
    assert.equal(await p.evaluate("location.hash"), "#model=cnn&hidden=64&lr=0.05&batch=32&seed=2");
    // A bad value typed in: its message under the control, the setting and the link unchanged.
    await p.evaluate(`document.getElementById("batch").value = ""`);
    await p.type("#batch", "100");
    await p.evaluate(`document.getElementById("batch").dispatchEvent(new Event("change"))`);
    assert.equal(
      await textOf(p, "batch-message"),
      'The batch size batch must be a whole number from 1 to 32 for the convolutional network, got "100"; keeping batch=32',
    );
    assert.equal(await p.evaluate(`document.getElementById("batch").value`), "32");
    assert.equal(await p.evaluate("location.hash"), "#model=cnn&hidden=64&lr=0.05&batch=32&seed=2");
    // A good one starts afresh with it, and the link follows.
    await p.evaluate(`document.getElementById("batch").value = ""`);
    await p.type("#batch", "16");
    await p.evaluate(`document.getElementById("batch").dispatchEvent(new Event("change"))`);
    assert.equal(await textOf(p, "batch-message"), "");
    assert.equal(await p.evaluate("location.hash"), "#model=cnn&hidden=64&lr=0.05&batch=16&seed=2");
  });
});

Deno.test("screenshots at 1366×800 and 390×844: nothing overflows sideways on a phone, and the page trains there", async () => {
  const shots = Deno.env.get("NN_SHOTS") ?? await Deno.makeTempDir({ prefix: "nn-digits-shots-" });
  try {
    for (
      const [name, width, height, mobile] of [["wide", 1366, 800, false], [
        "phone",
        390,
        844,
        true,
      ]] as const
    ) {
      await withPage("", async (p) => {
        await trainTo(p, 90, 60000);
        await stroke(p, [[90, 70], [190, 60], [170, 120], [130, 190], [110, 240]]);
        await p.waitFor(`document.getElementById("prediction").textContent !== "–"`);
        await p.evaluate("scrollTo(0, 0)");
        const png = await p.screenshot(name === "phone");
        await Deno.writeFile(`${shots}/digits-${name}.png`, png);
        assert.deepEqual([...png.slice(1, 4)], [80, 78, 71], "a PNG");
        const sizes = await p.evaluate(`({
          page: document.documentElement.scrollWidth,
          widest: Math.max(...[...document.body.querySelectorAll("*")].map((el) => el.getBoundingClientRect().right)),
        })`) as { page: number; widest: number };
        assert.ok(sizes.page <= width, `the page is ${sizes.page} px wide`);
        assert.ok(sizes.widest <= width, `an element reaches ${sizes.widest} px`);
      }, { width, height, mobile });
    }
  } finally {
    if (!Deno.env.get("NN_SHOTS")) await Deno.remove(shots, { recursive: true });
  }
});

Deno.test("at the largest sizes the page allows, no task computes for 50 ms while training", async () => {
  for (const hash of ["#model=mlp&hidden=256&lr=0.1&batch=128", "#model=cnn&batch=32"]) {
    await withPage(hash, async (p) => {
      assert.equal(await p.evaluate(`document.querySelectorAll("#messages .msg").length`), 0);
      const busiest = await busiestTask(p, async () => {
        await p.click("#play");
        // Past two test scores: steps, scoring and redrawing have all run while training.
        await p.waitFor(`Number(document.getElementById("step").dataset.scores) >= 3`, 60000);
        await p.click("#play");
      });
      assert.ok(busiest < 50, `${hash}: a task computed for ${busiest} ms`);
      console.log(`${hash}: busiest task ${busiest.toFixed(1)} ms of CPU`);
    });
  }
});
