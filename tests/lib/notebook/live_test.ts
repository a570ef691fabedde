// fitLive with a stand-in for the kernel's display: it trains exactly as fit
// does, draws one chart under one display id and updates it, and with curves
// alongside draws them all in that chart; bad options fail before training.
import assert from "node:assert/strict";
import {
  DISPLAY,
  fit,
  fitLive,
  lossCurve,
  type MimeBundle,
  mlp,
  moons,
  type Sequential,
  trainSteps,
  xor,
} from "nn";

const { X, y } = xor();

/** A display that records each bundle and its options. */
function recorder() {
  const shown: { bundle: MimeBundle; id?: string; update?: boolean }[] = [];
  const display = (bundle: MimeBundle, o: { display_id?: string; update?: boolean }) => {
    shown.push({ bundle, id: o.display_id, update: o.update });
    return Promise.resolve();
  };
  return { shown, display };
}

Deno.test("fitLive trains as fit does and redraws one chart under one display id", async () => {
  const { shown, display } = recorder();
  const live = await fitLive(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 50 }, {
    display,
    every: 0,
  });
  const plain = fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 50 });
  assert.deepEqual(live.losses, plain.losses);
  // every: 0 draws after every epoch, then once more with the final losses.
  assert.equal(shown.length, 51);
  assert.deepEqual(shown.map((s) => s.update), [false, ...new Array(50).fill(true)]);
  assert.equal(new Set(shown.map((s) => s.id)).size, 1);
  assert.match(String(shown.at(-1)!.bundle["text/html"]), /epoch 50 of 50/);
  // Full batch, one step per epoch: the chart is lossCurve's, with no curve of batches.
  const title = `epoch 50 of 50, loss ${live.losses.at(-1)!.toExponential(3)}`;
  // (Each chart numbers its clip path anew.)
  const html = (bundle: MimeBundle) => String(bundle["text/html"]).replace(/plot-clip-\d+/g, "");
  assert.equal(html(shown.at(-1)!.bundle), html(lossCurve(plain.losses, { title })[DISPLAY]()));
});

const weights = (net: Sequential) => net.parameters().map((p) => [...p.value.data]);

Deno.test("fitLive on mini-batches draws inside the first epoch, with the recent batches' mean loss named as such", async () => {
  // 200 samples in batches of 10: 20 steps per epoch.
  const data = moons({ n: 200, seed: 2 });
  const options = { lr: 0.1, epochs: 3, batchSize: 10, seed: 1 };
  const { shown, display } = recorder();
  const live = await fitLive(mlp([2, 8, 1], { seed: 1 }), data.X, data.y, options, {
    display,
    every: 0,
    title: "moons",
  });
  const plain = fit(mlp([2, 8, 1], { seed: 1 }), data.X, data.y, options);
  assert.deepEqual(live.losses, plain.losses);
  // Every batch's loss, as trainSteps reports it; equal batches average to their epoch's loss.
  const stepLosses: number[] = [];
  for (const report of trainSteps(mlp([2, 8, 1], { seed: 1 }), data.X, data.y, options)) {
    stepLosses.push(report.loss);
  }
  assert.deepEqual(live.batchLosses, stepLosses);
  assert.equal(live.batchLosses.length, 3 * 20);
  live.losses.forEach((loss, e) => {
    const epoch = live.batchLosses.slice(20 * e, 20 * (e + 1));
    assert.ok(Math.abs(epoch.reduce((s, l) => s + l, 0) / 20 - loss) < 1e-12 * loss);
  });
  // every: 0 draws after every batch, then once more at the end.
  assert.equal(shown.length, 3 * 20 + 1);
  const html = shown.map((s) => String(s.bundle["text/html"]));
  assert.match(html[0], /moons: epoch 1 of 3, batch 1 of 20</);
  assert.match(html[24], /moons: epoch 2 of 3, batch 5 of 20</);
  assert.match(html[19], /moons: epoch 1 of 3, loss /);
  // The legend tells the epochs' losses from the batches'; the first batches' curve starts
  // once 20 batches have run, so the first chart has no line.
  for (const chart of [html[0], html.at(-1)!]) {
    assert.match(chart, /mean loss of each epoch/);
    assert.match(chart, /mean loss of the last 20 batches/);
  }
  const lines = (h: string) =>
    [...h.matchAll(/aria-label="line">(.*?)<\/g><\/g>/g)]
      .flatMap((m) => m[1].match(/<path /g) ?? []).length;
  assert.equal(lines(html[0]), 0);
  assert.ok(lines(html[25]) >= 1, "a curve of recent batches in the second epoch");
  assert.match(
    html.at(-1)!,
    new RegExp(`moons: epoch 3 of 3, loss ${live.losses[2].toExponential(3)}`),
  );
});

Deno.test("Kernel → Interrupt stops a mini-batch fitLive between two batches, with the last step's weights", async () => {
  const flag = Symbol.for("nn.kernel");
  const global = globalThis as Record<symbol, unknown>;
  const kernel = { interrupted: false };
  global[flag] = kernel;
  try {
    const data = moons({ n: 200, seed: 2 });
    const options = { lr: 0.1, epochs: 3, batchSize: 10, seed: 1 };
    const titles: string[] = [];
    const display = (bundle: MimeBundle) => {
      titles.push(/<h2>(.*?)<\/h2>/.exec(String(bundle["text/html"]))![1]);
      if (titles.length === 25) kernel.interrupted = true;
      return Promise.resolve();
    };
    const net = mlp([2, 8, 1], { seed: 1 });
    await assert.rejects(
      () => fitLive(net, data.X, data.y, options, { display, every: 0 }),
      (e: Error) => {
        assert.equal(e.name, "Interrupted");
        assert.match(e.message, /stopped the training in epoch 2 of 3, after batch 5 of 20;/);
        return true;
      },
    );
    // The chart is drawn once more, saying where the training stopped.
    assert.deepEqual(titles.slice(23), [
      "epoch 2 of 3, batch 4 of 20",
      "epoch 2 of 3, batch 5 of 20",
      "epoch 2 of 3, batch 5 of 20, interrupted",
    ]);
    // The same 25 steps, taken with trainSteps.
    const steps = mlp([2, 8, 1], { seed: 1 });
    let taken = 0;
    for (const _ of trainSteps(steps, data.X, data.y, options)) if (++taken === 25) break;
    assert.deepEqual(weights(net), weights(steps));
  } finally {
    delete global[flag];
  }
});

Deno.test("fitLive sees Kernel → Interrupt within a fraction of a second between redraws", async () => {
  const flag = Symbol.for("nn.kernel");
  const global = globalThis as Record<symbol, unknown>;
  const kernel = { interrupted: false };
  global[flag] = kernel;
  try {
    const data = moons({ n: 200, seed: 2 });
    let askedAt = 0;
    // The interrupt arrives as the kernel's signal does: in a turn of the event loop.
    setTimeout(() => {
      kernel.interrupted = true;
      askedAt = performance.now();
    }, 300);
    // No redraw before the end: only the training's own turns can see the interrupt.
    await assert.rejects(
      () =>
        fitLive(mlp([2, 8, 1]), data.X, data.y, { lr: 0.1, epochs: 50_000, batchSize: 10 }, {
          display: () => Promise.resolve(),
          every: 1e9,
        }),
      /Kernel → Interrupt stopped the training (in|after) epoch \d+ of 50000/,
    );
    const seconds = (performance.now() - askedAt) / 1000;
    assert.ok(askedAt > 0 && seconds < 0.3, `stopped ${seconds} s after the interrupt`);
  } finally {
    delete global[flag];
  }
});

Deno.test("fitLive draws curves alongside the one it trains, named in the legend", async () => {
  const first = fit(mlp([2, 4, 1], { seed: 1 }), X, y, { lr: 0.1, epochs: 30 }).losses;
  const { shown, display } = recorder();
  await fitLive(mlp([2, 4, 1], { seed: 2 }), X, y, { lr: 0.1, epochs: 30 }, {
    display,
    every: 0,
    title: "two seeds",
    alongside: { "seed 1": first },
    label: "seed 2",
  });
  // While it trains, the title says which training and how far; finished, only the chart's title.
  assert.match(String(shown[0].bundle["text/html"]), /two seeds: seed 2, epoch \d+ of 30/);
  const html = String(shown.at(-1)!.bundle["text/html"]);
  assert.match(html, />two seeds</);
  assert.match(html, /seed 1/);
});

Deno.test("fitLive refuses bad curves alongside, and a clashing label, before training", async () => {
  const net = mlp([2, 4, 1], { seed: 3 });
  const before = net.linears()[0].W.clone();
  const { display } = recorder();
  const train = (extra: Record<string, unknown>) =>
    fitLive(net, X, y, { lr: 0.1, epochs: 5 }, { display, ...extra });
  await assert.rejects(() => train({ alongside: [1, 2] }), /alongside must be \{ name: losses \}/);
  await assert.rejects(
    () => train({ alongside: { a: [1] }, label: "a" }),
    /label "a" is also a curve alongside it/,
  );
  await assert.rejects(() => train({ alongside: { a: [NaN] } }), /NaN/);
  await assert.rejects(() => train({ width: -5 }), /width/);
  assert.deepEqual(net.linears()[0].W.toArray(), before.toArray(), "the network is unchanged");
});

Deno.test("fitLive given an earlier chart's displayId redraws that chart", async () => {
  const { shown, display } = recorder();
  const first = await fitLive(mlp([2, 4, 1], { seed: 1 }), X, y, { lr: 0.1, epochs: 10 }, {
    display,
  });
  await fitLive(mlp([2, 4, 1], { seed: 2 }), X, y, { lr: 0.1, epochs: 10 }, {
    display,
    alongside: { "seed 1": first.losses },
    label: "seed 2",
    redraw: first.displayId,
  });
  assert.deepEqual(shown.map((s) => [s.id, s.update]), [
    [first.displayId, false],
    [first.displayId, true],
  ]);
  await assert.rejects(
    () => fitLive(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }, { display, redraw: "chart" }),
    /redraw must be the displayId an earlier fitLive returned, got "chart"/,
  );
});

Deno.test("Kernel → Interrupt, as the project's kernel flags it, stops fitLive at its next redraw with an Interrupted error", async () => {
  const flag = Symbol.for("nn.kernel");
  const global = globalThis as Record<symbol, unknown>;
  const kernel = { interrupted: false };
  global[flag] = kernel;
  try {
    let draws = 0;
    const display = () => {
      // The interrupt comes while the chart is drawn for the third time.
      if (++draws === 3) kernel.interrupted = true;
      return Promise.resolve();
    };
    const net = mlp([2, 4, 1], { seed: 3 });
    await assert.rejects(
      () => fitLive(net, X, y, { lr: 0.1, epochs: 50 }, { display, every: 0 }),
      (e: Error) => {
        assert.equal(e.name, "Interrupted");
        assert.match(e.message, /stopped the training after epoch 3 of 50/);
        return true;
      },
    );
    // Once more, to show where it stopped.
    assert.equal(draws, 4);
    // Without the flag, the same training runs to its end.
    kernel.interrupted = false;
    const { losses } = await fitLive(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 50 }, {
      display: () => Promise.resolve(),
      every: 0,
    });
    assert.equal(losses.length, 50);
  } finally {
    delete global[flag];
  }
});
