// The playground at the largest sizes it allows (six hidden layers of 64
// units, 1000 points, 90% of them for training), built as `./nn book` builds
// it and opened from disk in headless Chromium: while it trains, no task on
// the page's main thread computes for over 50 ms, training goes on, the views
// are redrawn, and the page shows its speed. Tasks are timed by the CPU time
// Chromium's trace gives each (the machine is shared, so wall time stretches).
import assert from "node:assert/strict";
import type { Page } from "./_chromium.ts";
import { busiest, mainTasksDuring, playgroundSite, textOf } from "./_playground_page.ts";
import { type Config, defaults, toHash } from "../../playground/config.ts";

const { withPage } = playgroundSite("nn-playground-perf-");

const count = (text: string) => Number(text.replace(/[^\d]/g, ""));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LARGEST: Config = {
  ...defaults(),
  points: 1000,
  trainShare: 0.9,
  hidden: [64, 64, 64, 64, 64, 64],
  activations: Array(6).fill("tanh"),
  lr: 0.01,
  pace: 0,
};

/**
 * Trains `config` for `ms` while tracing, pauses, and steps one epoch; checks
 * every main-thread task's CPU time, that training went on, that the views
 * were redrawn and the speed shown, and that paused the page rests between
 * epochs with the scores of the epoch it shows.
 */
async function trainsResponsively(
  config: Config,
  ms: number,
  minEpochs: number,
  hiddenLayer = 1,
): Promise<void> {
  await withPage(`#${toHash(config)}`, async (p) => {
    // The hidden space of a deeper layer costs its view a longer forward pass.
    await p.evaluate(`const s = document.getElementById("hidden-layer");
      s.value = "${hiddenLayer}"; s.dispatchEvent(new Event("change"))`);
    const boundary = () =>
      p.evaluate(`Array.from(document.getElementById("boundary").getContext("2d")
        .getImageData(0, 0, 200, 200).data.filter((_, i) => i % 16 === 2)).join()`);
    const before = await boundary();
    let speed = "", during = "";
    const { tasks } = await mainTasksDuring(p, async () => {
      await p.click("#play");
      await sleep(ms / 2);
      during = await textOf(p, "epoch");
      await sleep(ms / 2);
      speed = await textOf(p, "speed");
      await p.click("#play");
      // Paused, the page finishes the epoch under way, then Step trains one more.
      await p.waitFor(
        `document.getElementById("score-epoch").textContent ===
          "epoch " + document.getElementById("epoch").textContent`,
        30000,
      );
      const paused = count(await textOf(p, "epoch"));
      await p.click("#step");
      await p.waitFor(
        `document.getElementById("epoch").textContent === "${(paused + 1).toLocaleString("en")}"`,
        30000,
      );
      await p.waitFor(
        `document.getElementById("score-epoch").textContent ===
          "epoch " + document.getElementById("epoch").textContent`,
        30000,
      );
    });
    assert.ok(tasks.length > 100, `the trace holds ${tasks.length} tasks`);
    const most = busiest(tasks);
    assert.ok(
      most.cpu < 50,
      `a task computed for ${most.cpu.toFixed(1)} ms (${most.wall.toFixed(1)} ms wall)`,
    );
    const epochs = count(await textOf(p, "epoch"));
    assert.ok(count(during) > 0, `halfway, at epoch ${during}`);
    assert.ok(epochs >= minEpochs, `trained ${epochs} epochs`);
    assert.match(
      speed,
      /^[\d,]+ epochs\/s · [\d,]+ steps\/s · training \d+% of the time · fast backend/,
    );
    assert.equal(await textOf(p, "speed"), "", "paused, the speed line is cleared");
    // The views were redrawn from the trained network, with numbers that say their epoch.
    assert.notEqual(await boundary(), before, "the boundary is redrawn");
    assert.match(
      await textOf(p, "bars-note"),
      new RegExp(`^Epoch ${epochs.toLocaleString("en")}: `),
    );
    const chart = await p.evaluate(`document.getElementById("chart").toDataURL()`);
    assert.ok((chart as string).length > 1000, "the chart is drawn");
    console.log(
      `${config.activations[0]}, batch ${
        config.batch || "all"
      }: ${epochs} epochs, ${tasks.length} tasks, ` +
        `busiest ${most.cpu.toFixed(1)} ms CPU; ${speed}`,
    );
  });
}

Deno.test("6×64 tanh on 1000 points, batch 1, as many epochs per frame as fit, the hidden space of layer 6: no task computes for 50 ms", async () => {
  await trainsResponsively({ ...LARGEST, batch: 1 }, 10000, 3, 6);
});

Deno.test("6×64 ReLU, cross-entropy, the whole training set per step: no task computes for 50 ms", async () => {
  await trainsResponsively(
    { ...LARGEST, activations: Array(6).fill("relu"), batch: 0, loss: "ce", lr: 0.03 },
    8000,
    20,
  );
});

Deno.test("6×64 sigmoid, batch 10, one epoch per frame: no task computes for 50 ms", async () => {
  await trainsResponsively(
    { ...LARGEST, activations: Array(6).fill("sigmoid"), batch: 10, pace: 1, lr: 0.3 },
    8000,
    3,
  );
});

Deno.test("6×64 leaky ReLU, cross-entropy, batch 128, 100 epochs per frame: no task computes for 50 ms", async () => {
  await trainsResponsively(
    { ...LARGEST, activations: Array(6).fill("leakyRelu"), batch: 128, pace: 100, loss: "ce" },
    6000,
    10,
  );
});

const restsAt = (p: Page, epoch: number) =>
  p.waitFor(`document.getElementById("epoch").textContent === "${epoch}" &&
    document.getElementById("score-epoch").textContent === "epoch ${epoch}"`);

Deno.test("Rewind goes back to a kept epoch, and training on shows the numbers of the first time", async () => {
  await withPage(`#${toHash({ ...defaults(), data: "circles", batch: 4 })}`, async (p) => {
    assert.equal(await p.evaluate(`document.getElementById("rewind").disabled`), true);
    // A reset clears the speed line, as a pause does.
    await p.click("#play");
    await p.waitFor(`document.getElementById("speed").textContent !== ""`);
    await p.click("#reset");
    await restsAt(p, 0);
    assert.equal(await textOf(p, "speed"), "", "reset, the speed line is cleared");
    // Twelve Steps, clicked at once: each adds an epoch to train.
    for (let i = 0; i < 12; i++) await p.click("#step");
    await restsAt(p, 12);
    const first = [await textOf(p, "score-train-loss"), await textOf(p, "score-test-loss")];
    const options = await p.evaluate(
      `[...document.getElementById("rewind-epoch").options].map((o) => o.textContent)`,
    );
    assert.deepEqual(options, ["10", "0"]);
    assert.equal(
      await p.evaluate(`document.getElementById("rewind-epoch").labels[0].firstChild.textContent`),
      "back to epoch ",
    );
    await p.click("#rewind");
    await restsAt(p, 10);
    assert.notEqual(await textOf(p, "score-train-loss"), first[0]);
    await p.click("#step");
    await p.click("#step");
    await restsAt(p, 12);
    assert.deepEqual(
      [await textOf(p, "score-train-loss"), await textOf(p, "score-test-loss")],
      first,
    );
    // Back to epoch 0: the initial weights' scores.
    await p.evaluate(
      `const s = document.getElementById("rewind-epoch"); s.value = "0"; s.dispatchEvent(new Event("change"))`,
    );
    await p.click("#rewind");
    await restsAt(p, 0);
  });
});

Deno.test("after the network diverged, Train and Step say why and how to start again", async () => {
  const diverging: Config = {
    ...defaults(),
    hidden: [8, 8, 8],
    activations: ["identity", "identity", "identity"],
    lr: 10,
    batch: 0,
  };
  const shown = (p: Page) =>
    p.waitFor(
      `[...document.querySelectorAll("#messages .msg.error")].map((m) => m.firstChild.textContent).join()`,
    ) as Promise<string>;
  await withPage(`#${toHash(diverging)}`, async (p) => {
    await p.click("#play");
    const message = await shown(p);
    assert.match(
      message,
      /^Training diverged in epoch \d+: the (predictions|mse loss of finite predictions) .*Training stopped; press Reset to start again\. Rewind goes back to an epoch before it\.$/,
    );
    const epoch = await textOf(p, "epoch");
    for (const button of ["#play", "#step"]) {
      await p.click("#messages .msg.error button");
      await p.click(button);
      assert.equal(await shown(p), message, `${button} brings the message back`);
      assert.equal(await textOf(p, "play"), "▶ Train");
      assert.equal(await textOf(p, "epoch"), epoch);
    }
    await p.click("#reset");
    await restsAt(p, 0);
    assert.equal(await p.evaluate(`document.querySelectorAll("#messages .msg.error").length`), 0);
  });
});
