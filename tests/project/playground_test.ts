// The playground page, built as `./nn book` builds it and opened from disk in
// headless Chromium with no network, used as a reader uses it: real clicks,
// typing, a file chosen for upload, downloads. Every test also checks that the
// page requested nothing from outside and threw nothing.
import assert from "node:assert/strict";
import { assertAllClose, LOSSES, Tensor } from "nn";
import type { Page, PageOptions } from "./_chromium.ts";
import { busiest, mainTasksDuring, playgroundSite, textOf } from "./_playground_page.ts";
import { readNames, recalculate } from "./_libreoffice.ts";
import { defaults, fromHash, PRESETS, toHash } from "../../playground/config.ts";
import { networkFromJson } from "../../playground/network.ts";
import { layoutNetwork } from "../../playground/network_view.ts";
import { Session } from "../../playground/session.ts";

const { dir: site, withPage: openPage } = playgroundSite("nn-playground-");
const page = `file://${site}/playground/index.html`;

// Long tasks (over 50 ms) as Chromium's long-task observer reports them, from the first script on.
const LONG_TASKS = `
  globalThis.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask" });
`;

/** Opens the playground, runs `use` on it, then checks it stayed offline and error-free. */
const withPage = (hash: string, use: (p: Page) => Promise<void>, options: PageOptions = {}) =>
  openPage(hash, use, { beforeLoad: LONG_TASKS, ...options });

const number = async (p: Page, id: string) => Number(await textOf(p, id));
const pixels = (p: Page) =>
  p.evaluate(`Array.from(document.getElementById("boundary").getContext("2d")
    .getImageData(0, 0, 360, 360).data.filter((_, i) => i % 4 === 2))`) as Promise<number[]>;

Deno.test("XOR trains below a loss threshold, no task blocks the page for over 50 ms, and the boundary changes", async () => {
  await withPage("", async (p) => {
    assert.ok(await number(p, "score-train-loss") > 0.2, "the untrained network is poor");
    const before = await pixels(p);
    let speed = "";
    const { start, end, tasks } = await mainTasksDuring(p, async () => {
      await p.click("#play");
      await p.waitFor(
        `Number(document.getElementById("score-train-loss").textContent) < 0.06`,
        60000,
      );
      await p.waitFor(`document.getElementById("speed").textContent !== ""`, 10000);
      speed = await textOf(p, "speed");
      await p.click("#play");
    });
    const epochs = Number((await textOf(p, "epoch")).replace(/,/g, ""));
    assert.ok(epochs > 20, `trained ${epochs} epochs`);
    assert.match(speed, /[\d,]+ epochs\/s · [\d,]+ steps\/s .* fast backend, wasm-simd kernel/);
    assert.equal(await textOf(p, "speed"), "", "paused, the speed line is cleared");
    assert.ok(tasks.length > 50, `the trace holds ${tasks.length} tasks`);
    const most = busiest(tasks);
    assert.ok(most.cpu < 50, `a task computed for ${most.cpu} ms`);
    // Chromium's long-task observer: every task it reports over 50 ms is one the machine stretched
    // (other programs had the processor), not one that computed that long: its CPU time is short.
    const long = (await p.evaluate("longTasks") as { start: number; duration: number }[])
      .filter((t) => t.start >= start && t.start <= end);
    for (const t of long) {
      const same = tasks.find((task) => Math.abs(task.start - t.start) < 2);
      assert.ok(same, `no traced task matches the long task at ${t.start} ms`);
      assert.ok(
        same.cpu < 50,
        `a task blocked the page for ${t.duration} ms computing ${same.cpu} ms`,
      );
    }
    // The heatmap is redrawn from the trained network: a large share of its pixels changed colour.
    const after = await pixels(p);
    const changed = after.filter((v, i) => Math.abs(v - before[i]) > 40).length / after.length;
    assert.ok(changed > 0.2, `${(changed * 100).toFixed(1)}% of the boundary's pixels changed`);
  });
});

Deno.test("a link reproduces a configuration: its controls, its data and every number it trains to", async () => {
  const config = {
    ...defaults(),
    data: "circles" as const,
    points: 300,
    noise: 0.15,
    trainShare: 0.7,
    seed: 42,
    hidden: [5, 3],
    activations: ["relu" as const, "sigmoid" as const],
    loss: "ce" as const,
    lr: 0.3,
    batch: 8,
    l2: 0.001,
  };
  const hash = `#${toHash(config)}`;
  const run = async (p: Page) => {
    for (let i = 0; i < 5; i++) await p.click("#step");
    await p.waitFor(`document.getElementById("epoch").textContent === "5"`);
    return [await textOf(p, "score-train-loss"), await textOf(p, "score-test-loss")];
  };
  let first: string[] = [];
  await withPage(hash, async (p) => {
    const controls = await p.evaluate(
      `["points", "noise", "train-share", "seed", "lr", "batch", "l2", "loss"]
      .map((id) => document.getElementById(id).value)`,
    );
    assert.deepEqual(controls, ["300", "0.15", "0.7", "42", "0.3", "8", "0.001", "ce"]);
    assert.equal(await textOf(p, "layer-count"), "2");
    assert.deepEqual(
      await p.evaluate(`[...document.querySelectorAll("#layers select")].map((s) => s.value)`),
      ["relu", "sigmoid"],
    );
    assert.equal(await p.evaluate(`document.getElementById("link").value`), page + hash);
    first = await run(p);
  });
  await withPage(hash, async (p) => assert.deepEqual(await run(p), first));
  // The library in Deno computes the very numbers the page shows.
  const session = new Session(fromHash(hash).config);
  session.run(5);
  const shown = (v: number) => String(Number(v.toPrecision(6)));
  assert.deepEqual(first, [
    shown(session.score(session.train).loss),
    shown(session.score(session.test).loss),
  ]);
});

Deno.test("a bad or newer link shows what is wrong and falls back to safe defaults", async () => {
  const messages = (p: Page) =>
    p.evaluate(
      `[...document.querySelectorAll("#messages .msg")].map((m) => m.firstChild.textContent)`,
    ) as Promise<
      string[]
    >;
  await withPage("#v=1&lr=50&layers=3,99", async (p) => {
    assert.deepEqual(await messages(p), [
      "The learning rate lr must be from 0.00001 to 10, got 50; using lr=0.1",
      'layers=3,99: a layer has 1 to 64 units, got "99"; using layers=6,4',
    ]);
    assert.equal(await p.evaluate(`document.getElementById("lr").value`), "0.1");
    assert.equal(await textOf(p, "layer-count"), "2");
  });
  await withPage("#v=2&lr=0.3", async (p) => {
    const [message] = await messages(p);
    assert.match(message, /made by a newer version of the playground \(v=2; this page reads v=1\)/);
    assert.equal(await p.evaluate(`document.getElementById("lr").value`), String(defaults().lr));
    // The page is usable: it trains.
    await p.click("#step");
    await p.waitFor(`document.getElementById("epoch").textContent === "1"`);
  });
});

Deno.test("a malformed CSV shows its message and the data in use stays", async () => {
  await withPage("", async (p) => {
    const link = await p.evaluate(`location.hash`);
    await p.click("#own-data summary");
    const rows = Array.from({ length: 12 }, (_, i) => `${i / 10},${i % 3},${i % 2}`);
    const cases: [string, RegExp][] = [
      [
        ["x1,x2,label", ...rows.slice(0, 3), "0.5,1", ...rows].join("\n"),
        /^Row 5 has 2 values \(0\.5,1\); each row needs 3: x1,x2,label/,
      ],
      [[...rows, "0.2,0.1,one"].join("\n"), /^Row 13, column label: "one" is not a decimal number/],
      [
        [...rows, "1e6,0.1,1"].join("\n"),
        /^Row 13, column x1: 1e6 is outside the range -10 to 10 the playground takes/,
      ],
      [" \n", /^The CSV is empty/],
      [
        Array(1200).fill("0.1,0.2,1").join("\n"),
        /^The CSV has 1200 points; the playground takes at most 1000/,
      ],
    ];
    for (const [csv, message] of cases) {
      await p.evaluate(`document.getElementById("csv-text").value = ""`);
      await p.type("#csv-text", csv);
      await p.click("#csv-use");
      const shown = await textOf(p, "csv-message");
      assert.match(shown, message);
      assert.match(shown, /The data in use is unchanged\.$/);
      assert.ok(
        await p.evaluate(`document.getElementById("csv-message").firstChild.offsetHeight > 0`),
        "the message is visible",
      );
      assert.equal(
        await p.evaluate(`location.hash`),
        link,
        "the data and its link stay as they were",
      );
    }
  });
});

Deno.test("a click on the plot adds a point, a click on a weight edits it, and a diverging network stops with a message", async () => {
  const downloads = await Deno.makeTempDir({ prefix: "nn-downloads-" });
  try {
    await withPage("", async (p) => {
      await p.click("#own-data summary");
      await p.evaluate(
        `const s = document.getElementById("click-class"); s.value = "1"; s.dispatchEvent(new Event("change"))`,
      );
      await p.click("#boundary", { x: 40, y: 40 });
      // The default data's points and the one clicked.
      const count = defaults().points + 1;
      await p.waitFor(
        `document.getElementById("csv-message").textContent.startsWith("Own data: ${count} points")`,
      );
      const link = await p.evaluate("location.hash") as string;
      const { points } = fromHash(link);
      assert.equal(points!.length, count);
      const added = points!.at(-1)!;
      assert.equal(added.label, 1);
      assert.ok(
        added.x1 < -1 && added.x2 > 1,
        `the point went to the top left: ${JSON.stringify(added)}`,
      );
      // The weight from unit 2 of layer 1 to unit 3 of layer 2: a point a third of the way along
      // its line (halfway, several lines cross).
      const width = await p.evaluate(
        `document.getElementById("network").getBoundingClientRect().width`,
      ) as number;
      const { xs, ys, size } = layoutNetwork([2, 6, 4, 1], width);
      const [x0, y0, x1, y1] = [xs[1] + size, ys[1][1] + size / 2, xs[2], ys[2][2] + size / 2];
      const at = { x: x0 + (x1 - x0) / 3, y: y0 + (y1 - y0) / 3 };
      await p.click("#network", at);
      assert.equal(await textOf(p, "editor-title"), "Weight W2[1][2]");
      await p.type("#editor-value", "-2.5");
      await p.click("#editor-set");
      assert.ok(await p.evaluate(`document.getElementById("editor").hidden`));
      await p.click("#export-json");
      const json = JSON.parse(new TextDecoder().decode((await p.download()).bytes));
      assert.equal(json.layers[1].W[1][2], -2.5);
    }, { downloads });
  } finally {
    await Deno.remove(downloads, { recursive: true });
  }
  const diverging = {
    ...defaults(),
    hidden: [8, 8, 8],
    activations: ["identity" as const, "identity" as const, "identity" as const],
    lr: 10,
    batch: 0,
  };
  await withPage(`#${toHash(diverging)}`, async (p) => {
    await p.click("#play");
    const message = await p.waitFor(
      `[...document.querySelectorAll("#messages .msg.error")].map((m) => m.textContent).join()`,
    ) as string;
    assert.match(
      message,
      /^Training diverged in epoch \d+: .*try a smaller learning rate than 10\. Training stopped; press Reset to start again\./,
    );
    assert.equal(await textOf(p, "play"), "▶ Train");
    // With the message dismissed, a Step does not train on and brings the message back.
    const epoch = await textOf(p, "epoch");
    await p.click("#messages .msg.error button");
    assert.equal(await p.evaluate(`document.querySelectorAll("#messages .msg.error").length`), 0);
    await p.click("#step");
    const again = await p.waitFor(
      `[...document.querySelectorAll("#messages .msg.error")].map((m) => m.textContent).join()`,
    ) as string;
    assert.equal(again, message);
    assert.equal(await textOf(p, "epoch"), epoch);
  });
});

Deno.test("an uploaded CSV becomes the data and trains", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-csv-" });
  try {
    // Two clusters that a straight line cannot separate: a ring of class 0 around a blob of class 1.
    const rows = Array.from({ length: 160 }, (_, i) => {
      const inner = i % 2 === 1,
        angle = i * 2.399963,
        r = inner ? 0.15 + (i % 7) / 30 : 1 + (i % 5) / 20;
      return `${(r * Math.cos(angle)).toFixed(4)},${(r * Math.sin(angle)).toFixed(4)},${
        inner ? 1 : 0
      }`;
    });
    await Deno.writeTextFile(`${dir}/ring.csv`, ["x1,x2,label", ...rows].join("\n"));
    await withPage("", async (p) => {
      await p.click("#own-data summary");
      await p.setFiles("#csv-file", [`${dir}/ring.csv`]);
      await p.waitFor(
        `document.getElementById("csv-message").textContent.startsWith("Using 160 points from ring.csv")`,
      );
      assert.match(await p.evaluate("location.hash") as string, /data=own&.*&pts=/);
      await p.click("#play");
      await p.waitFor(
        `Number(document.getElementById("score-train-acc").textContent.replace("%", "")) >= 98 &&
        Number(document.getElementById("score-train-loss").textContent) < 0.05`,
        60000,
      );
      await p.click("#play");
      // Paused, the page finishes the epoch under way and then scores it.
      await p.waitFor(
        `document.getElementById("score-epoch").textContent ===
        "epoch " + document.getElementById("epoch").textContent`,
      );
      const accuracy = Number((await textOf(p, "score-train-acc")).replace("%", ""));
      assert.ok(accuracy >= 90, `paused at ${accuracy}% training accuracy`);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the exported workbook, recalculated by LibreOffice, shows the loss the page shows; the JSON holds the same network", async () => {
  const downloads = await Deno.makeTempDir({ prefix: "nn-downloads-" });
  try {
    await withPage("", async (p) => {
      for (let i = 0; i < 10; i++) await p.click("#step");
      await p.waitFor(`document.getElementById("epoch").textContent === "10"`);
      await p.evaluate(
        `document.getElementById("wb-steps").value = "12"; document.getElementById("wb-steps").dispatchEvent(new Event("change"))`,
      );
      await p.click("#export-xlsx");
      await p.waitFor(
        `document.getElementById("wb-message").textContent.startsWith("Saved")`,
        30000,
      );
      const message = await textOf(p, "wb-message");
      const [, first, steps, last] = /loss_s0 is ([\d.e-]+) and its loss_s(\d+) is ([\d.e-]+)\./
        .exec(message)!;
      assert.equal(steps, "12");
      const { name, bytes } = await p.download();
      assert.equal(name, "playground-network.xlsx");
      const names = await readNames(await recalculate(bytes));
      // The page shows 8 significant digits: LibreOffice's numbers agree to that precision.
      const close = (calc: number, shown: string) =>
        assert.ok(
          Math.abs(calc - Number(shown)) <= 5e-8 * Math.abs(calc),
          `LibreOffice ${calc}, page ${shown}`,
        );
      close(names.get("loss_s0")![0][0], first);
      close(names.get("loss_s12")![0][0], last);
      assert.ok(!names.has("loss_s13"));
      assert.equal(names.get("X")!.length, 64, "the first 64 training points");
      // The JSON export: the same weights, whose loss on those 64 points is the workbook's loss_s0.
      await p.click("#export-json");
      const json = JSON.parse(new TextDecoder().decode((await p.download()).bytes));
      assert.equal(json.epoch, 10);
      const net = networkFromJson(json);
      const X = Tensor.from(names.get("X")!), y = Tensor.from(names.get("y")!);
      close(LOSSES.mse.value(net.forward(X), y), first);
      // LibreOffice keeps 15 significant digits of the weights the page wrote.
      assertAllClose(names.get("W1_s0")!, json.layers[0].W, { rtol: 1e-14, atol: 1e-15 });
      // Loaded back after a reset, the file restores the network of epoch 10 and its losses.
      const trained = await textOf(p, "score-train-loss");
      await p.click("#reset");
      // The page shows "–" until its first frame has drawn the untrained network.
      await p.waitFor(`document.getElementById("epoch").textContent === "0"`);
      assert.notEqual(await textOf(p, "score-train-loss"), trained);
      await Deno.writeTextFile(`${downloads}/saved.json`, JSON.stringify(json));
      await p.setFiles("#load-json", [`${downloads}/saved.json`]);
      await p.waitFor(
        `document.getElementById("json-message").textContent.startsWith("Loaded saved.json")`,
      );
      await p.waitFor(`document.getElementById("epoch").textContent === "10"`);
      assert.equal(await textOf(p, "score-train-loss"), trained);
    }, { downloads });
  } finally {
    await Deno.remove(downloads, { recursive: true });
  }
});

Deno.test("at phone width (390 px) nothing overflows sideways, and the page still trains", async () => {
  const shots = await Deno.makeTempDir({ prefix: "nn-phone-" });
  try {
    await withPage(`#${toHash(PRESETS[1].config)}`, async (p) => {
      await p.click("#play");
      await p.waitFor(
        `Number(document.getElementById("epoch").textContent.replace(/,/g, "")) >= 30`,
      );
      await p.click("#play");
      const png = await p.screenshot(true);
      await Deno.writeFile(`${shots}/phone.png`, png);
      assert.deepEqual([...png.slice(1, 4)], [80, 78, 71], "a PNG");
      const width = await p.evaluate(`({
        page: document.documentElement.scrollWidth,
        viewport: innerWidth,
        widest: Math.max(...[...document.body.querySelectorAll("*")].map((el) => el.getBoundingClientRect().right)),
      })`) as { page: number; viewport: number; widest: number };
      assert.equal(width.viewport, 390);
      assert.ok(width.page <= 390, `the page is ${width.page} px wide`);
      assert.ok(width.widest <= 390, `an element reaches ${width.widest} px`);
    }, { width: 390, height: 844, mobile: true });
  } finally {
    await Deno.remove(shots, { recursive: true });
  }
});
