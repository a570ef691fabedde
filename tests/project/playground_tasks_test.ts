// The playground's feature inputs and its data of more than two classes:
// first without a browser (what a seeded run reaches, the links, the
// messages), then on the built page in headless Chromium, used through its
// controls.
import assert from "node:assert/strict";
import { assertAllClose, blobs, fit, LOSSES, oneHot, Tensor } from "nn";
import { type Config, defaults, fromHash, toHash } from "../../playground/config.ts";
import { featureInputs, featureValue } from "../../playground/features.ts";
import { buildNetwork, networkFromJson } from "../../playground/network.ts";
import { gridInputs, makeData, Session, workbookProblem } from "../../playground/session.ts";
import { parsePoints } from "../../playground/csv.ts";
import { pointReadout, unitFormula } from "../../playground/formula.ts";
import { CLASS_RGB } from "../../playground/canvas.ts";
import type { Page } from "./_chromium.ts";
import { playgroundSite, textOf } from "./_playground_page.ts";

/** Circles, no hidden layer: a linear model of the chosen features. */
const linearCircles = (features: Config["features"]): Config => ({
  ...defaults(),
  data: "circles",
  noise: 0.05,
  hidden: [],
  activations: [],
  features,
  loss: "ce",
});

Deno.test("with x₁² and x₂², a network without a hidden layer separates the circles; with x₁, x₂ it stays near chance", () => {
  const plain = new Session(linearCircles(["x1", "x2"]));
  const squares = new Session(linearCircles(["x1sq", "x2sq"]));
  plain.run(300);
  plain.record();
  squares.run(300);
  squares.record();
  assert.ok(squares.scores.test.accuracy >= 0.97, `x₁², x₂²: ${squares.scores.test.accuracy}`);
  assert.ok(plain.scores.test.accuracy <= 0.65, `x₁, x₂: ${plain.scores.test.accuracy}`);
  // The network takes one input per feature: its first weights have 2 rows, and no hidden layer.
  assert.deepEqual(squares.stages.map((s) => s.layer.W.shape), [[2, 1]]);
});

Deno.test("one function maps (x₁, x₂) to the features, for training, scoring and the views", () => {
  const all: Config["features"] = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"];
  const X = Tensor.from([[0.5, -2], [1.5, 0.25]]);
  const F = featureInputs(X, all);
  for (let i = 0; i < 2; i++) {
    const [a, b] = [X.get(i, 0), X.get(i, 1)];
    assert.deepEqual(
      Array.from(F.data.subarray(7 * i, 7 * i + 7)),
      [a, b, a * a, b * b, a * b, Math.sin(a), Math.sin(b)],
    );
  }
  assert.equal(
    featureInputs(X, ["x1", "x2"]),
    X,
    "the plain coordinates are the points themselves",
  );
  assert.equal(featureValue("sin2", 0, Math.PI / 2), 1);
  const session = new Session({
    ...defaults(),
    features: ["x1x2", "sin1"],
    hidden: [3],
    activations: ["tanh"],
  });
  session.run(3);
  session.record();
  // What a view shows for a grid of points is what the network computes from their features.
  const grid = gridInputs(session.domain, 5);
  assertAllClose(session.output(grid), session.net.forward(featureInputs(grid, ["x1x2", "sin1"])));
  // The score is the library's loss of the network on the features of the test points.
  const test = session.test;
  const yHat = session.net.forward(featureInputs(test.X, ["x1x2", "sin1"]));
  assertAllClose(session.scores.test.loss, LOSSES.mse.value(yHat, test.y));
  // The formula of a first-layer unit reads its inputs as the features of the point.
  const f = unitFormula(session, 0, 0, [0.5, 0.2]);
  assert.match(f.typescript, /X = \(x₁x₂, sin x₁\) = \(0\.1, 0\.4794\)/);
  assert.match(
    workbookProblem(session.config)!,
    /a workbook takes the inputs x₁, x₂; this network takes x₁x₂, sin x₁/,
  );
});

Deno.test("three classes: k logits, softmax cross-entropy, accuracy as the argmax, and the data of k blobs", () => {
  const config: Config = {
    ...defaults(),
    data: "spiral",
    classes: 3,
    hidden: [16, 16],
    activations: ["tanh", "tanh"],
    lr: 0.1,
  };
  const session = new Session(config);
  assert.equal(session.lossName, "softmaxCrossEntropy");
  assert.equal(session.stages.at(-1)!.layer.W.cols, 3, "one output per class");
  session.run(600);
  session.record();
  assert.ok(session.scores.test.accuracy >= 0.9, `spiral, 3 arms: ${session.scores.test.accuracy}`);
  // Accuracy counts the points whose largest logit is their class.
  const yHat = session.output(session.test.X);
  let right = 0;
  for (let i = 0; i < yHat.rows; i++) {
    const row = Array.from(yHat.data.subarray(3 * i, 3 * i + 3));
    if (row.indexOf(Math.max(...row)) === session.test.y.data[i]) right++;
  }
  assert.equal(session.scores.test.accuracy, right / yHat.rows);
  assertAllClose(
    session.scores.test.loss,
    LOSSES.softmaxCrossEntropy.value(yHat, oneHot(session.test.y.data, 3)),
  );
  assert.match(
    pointReadout(session, 0.1, 0.2),
    /^x = \(0\.1, 0\.2\): class [0-2], softmax p\(class [0-2]\) = 0\.\d+/,
  );
  assert.match(workbookProblem(config)!, /a workbook trains one output; this network has 3/);
  // The gaussians with k classes are the library's k blobs.
  const four = makeData({ ...defaults(), data: "gaussians", classes: 4, points: 60, seed: 5 });
  assert.deepEqual(
    four.X.toArray(),
    blobs({ n: 60, noise: 0.03, seed: 5, classes: 4 }).X.toArray(),
  );
  // Two classes stay as they were: one output, the loss chosen.
  const two = new Session({ ...defaults(), data: "spiral" });
  assert.equal(two.stages.at(-1)!.layer.W.cols, 1);
  assert.equal(two.lossName, "mse");
});

Deno.test("a session of three classes on features trains as the library's reference fit on those features and one-hot labels", () => {
  const features: Config["features"] = ["x1", "x2", "x1x2", "sin2"];
  const config: Config = { ...defaults(), data: "gaussians", classes: 3, features, batch: 0 };
  const session = new Session(config);
  session.run(6);
  session.record();
  const reference = buildNetwork(config);
  fit(reference, featureInputs(session.train.X, features), oneHot(session.train.y.data, 3), {
    lr: config.lr,
    epochs: 6,
    loss: "softmaxCrossEntropy",
    backend: "reference",
  });
  const params = (ps: { value: Tensor }[]) => ps.map((p) => Array.from(p.value.data));
  assertAllClose(params(session.net.parameters()).flat(), params(reference.parameters()).flat(), {
    rtol: 1e-12,
    atol: 1e-12,
  });
});

Deno.test("own points of three classes train a softmax network; the CSV takes labels 0 to 4", () => {
  const { X, y } = blobs({ n: 90, classes: 3, seed: 2, noise: 0 });
  const csv = Array.from({ length: 90 }, (_, i) => `${X.get(i, 0)},${X.get(i, 1)},${y.data[i]}`);
  const points = parsePoints(csv.join("\n"));
  const session = new Session({ ...defaults(), data: "own", classes: 3 }, points);
  session.run(100);
  session.record();
  assert.ok(session.scores.test.accuracy > 0.9, `${session.scores.test.accuracy}`);
  const { config, points: back, problems } = fromHash(session.link);
  assert.deepEqual(problems, []);
  assert.equal(config.classes, 3);
  assert.deepEqual(back, points);
});

Deno.test("links carry the features and the classes, round-trip, and old links mean what they meant", () => {
  const changed: Config[] = [
    { ...defaults(), features: ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"] },
    { ...defaults(), features: ["sin2"] },
    { ...defaults(), data: "gaussians", classes: 5 },
    { ...defaults(), data: "spiral", classes: 3, features: ["x1", "x2", "x1x2"] },
  ];
  for (const config of changed) {
    const { config: back, problems } = fromHash(toHash(config));
    assert.deepEqual(problems, []);
    assert.deepEqual(back, config);
  }
  assert.match(toHash(changed[0]), /&feat=x1,x2,x1sq,x2sq,x1x2,sin1,sin2(&|$)/);
  assert.match(toHash(changed[2]), /&k=5(&|$)/);
  // A link without them, as every link made before them, has x₁, x₂ and two classes.
  const old =
    "v=1&data=spiral&n=400&noise=0.03&train=0.5&seed=1&layers=6,4&act=tanh,tanh&init=auto&loss=mse&lr=0.1&batch=10&l2=0&pace=1";
  assert.equal(toHash(defaults()).includes("feat"), false);
  assert.deepEqual(fromHash(old).config, { ...defaults(), data: "spiral" });
  assert.equal(toHash({ ...defaults(), data: "spiral" }), old);
  // Features are taken in one order, whatever order a link names them in.
  assert.deepEqual(fromHash("v=1&feat=sin1,x1").config.features, ["x1", "sin1"]);
});

Deno.test("a bad feature or class count in a link gets a message naming it, and the default stays", () => {
  const read = (hash: string) => fromHash(`v=1&${hash}`);
  const cases: [string, RegExp][] = [
    [
      "feat=x1,x3",
      /^feat=x1,x3: the feature "x3" is unknown \(use x1, x2, x1sq, x2sq, x1x2, sin1, sin2\); using feat=x1,x2$/,
    ],
    ["feat=", /^feat= names no feature: the network needs at least one input; using feat=x1,x2$/],
    ["feat=x1,x1", /^feat=x1,x1 names a feature twice; using feat=x1,x2$/],
    [
      "data=spiral&k=6",
      /^The number of classes k must be a whole number from 2 to 5, got "6"; using k=2$/,
    ],
    ["data=spiral&k=two", /got "two"; using k=2$/],
    [
      "data=xor&k=3",
      /^k=3: the xor dataset has 2 classes \(more classes: gaussians, spiral, own\); using k=2$/,
    ],
  ];
  for (const [hash, message] of cases) {
    const { config, problems } = read(hash);
    assert.equal(problems.length, 1, `${hash}: ${problems}`);
    assert.match(problems[0], message);
    assert.deepEqual(config.features, ["x1", "x2"]);
    assert.equal(config.classes, 2);
  }
  // Own points with a label beyond the classes.
  const pts = Array.from({ length: 10 }, (_, i) => `${i / 10},0,${i % 3}`).join(";");
  const { problems } = read(`data=own&pts=${pts}`);
  assert.match(
    problems[0],
    /Point 3 of the link, "0.2,0,2", is not x1,x2,label with a label of 0 or 1/,
  );
  assert.deepEqual(read(`data=own&k=3&pts=${pts}`).problems, []);
});

Deno.test("a network file must have the inputs and outputs its link's features and classes give", () => {
  const session = new Session({
    ...defaults(),
    data: "gaussians",
    classes: 3,
    features: ["x1", "x2", "x1x2"],
  });
  const json = JSON.parse(JSON.stringify(session.toJson()));
  const copy = networkFromJson(json, { inputs: 3, outputs: 3 });
  assertAllClose(
    copy.forward(featureInputs(session.test.X, ["x1", "x2", "x1x2"])),
    session.output(session.test.X),
  );
  assert.throws(() => networkFromJson(json), /Layer 1 of the network file needs W with 2 rows/);
  assert.throws(
    () => networkFromJson(json, { inputs: 3, outputs: 1 }),
    /Layer 3 of the network file is the output: it needs 1 unit and no activation/,
  );
});

Deno.test("regression: the sine and the saddle train under MSE until the test loss is near the noise's", () => {
  for (const [data, below] of [["sine", 0.005], ["saddle", 0.003]] as const) {
    // Whatever loss the link names, a regression trains under MSE.
    const session = new Session(fromHash(`v=1&data=${data}&loss=ce`).config);
    assert.equal(session.lossName, "mse");
    const start = session.scores.test.loss;
    session.run(300);
    session.record();
    const { loss, accuracy } = session.scores.test;
    assert.ok(start > 0.15, `${data}: the untrained network is poor (${start})`);
    assert.ok(loss < below, `${data}: test loss ${loss} after 300 epochs`);
    assert.ok(Number.isNaN(accuracy), "a regression has no accuracy");
    assertAllClose(loss, LOSSES.mse.value(session.output(session.test.X), session.test.y));
  }
  // The sine's one input: the points lie on x₂ = 0 and the network takes x₁ alone.
  const sine = new Session(fromHash("v=1&data=sine").config);
  assert.deepEqual(sine.config.features, ["x1"]);
  assert.ok(sine.data.X.toArray().every(([, x2]) => x2 === 0));
  assert.deepEqual(sine.stages[0].layer.W.shape, [1, 6]);
  // The saddle y = x₁² − x₂² is linear in x₁² and x₂²: no hidden layer needed with them.
  const linear = new Session({
    ...defaults(),
    data: "saddle",
    hidden: [],
    activations: [],
    features: ["x1sq", "x2sq"],
  });
  linear.run(100);
  linear.record();
  assert.ok(linear.scores.test.loss < 0.0015, `${linear.scores.test.loss}`);
  assert.match(
    workbookProblem({ ...defaults(), data: "saddle" })!,
    /this network predicts a value/,
  );
  assert.match(pointReadout(linear, 0.5, 0.5), /^x = \(0\.5, 0\.5\): output ŷ = -?0\.0\d*$/);
});

Deno.test("regression links: data=sine takes x₁ alone, and a feature of x₂ gets a message", () => {
  for (
    const config of [
      { ...defaults(), data: "sine" as const, features: ["x1" as const, "sin1" as const] },
      { ...defaults(), data: "saddle" as const, noise: 0.2 },
    ]
  ) {
    const { config: back, problems } = fromHash(toHash(config));
    assert.deepEqual(problems, []);
    assert.deepEqual(back, config);
  }
  const { config, problems } = fromHash("v=1&data=sine&feat=x1,x2,x1x2,sin1");
  assert.deepEqual(problems, [
    "feat=x1,x2,x1x2,sin1: the sine data have the one input x₁, so x2, x1x2 cannot be inputs; using feat=x1,sin1",
  ]);
  assert.deepEqual(config.features, ["x1", "sin1"]);
  assert.match(
    fromHash("v=1&data=saddle&k=3").problems[0],
    /k=3: the saddle dataset has 2 classes/,
  );
  assert.match(
    fromHash("v=1&data=wave").problems[0],
    /The dataset "wave" is unknown \(use .*sine, saddle, own\)/,
  );
});

// ---- On the built page, in headless Chromium ----

const { withPage } = playgroundSite("nn-playground-tasks-");

/** Whether the shown test loss is a number below `v` (not an empty or "–" cell, which Number reads as 0 or NaN). */
const testLossBelow = (v: number) =>
  `(() => { const t = document.getElementById("score-test-loss").textContent;
    return /^\\d/.test(t) && Number(t) < ${v}; })()`;

/**
 * Waits until the paused page rests: it has finished and scored the epoch under way, and drawn
 * its views of those weights (paused, every view is drawn in the next frame).
 */
async function rest(p: Page): Promise<void> {
  await p.waitFor(
    `document.getElementById("score-epoch").textContent ===
    "epoch " + document.getElementById("epoch").textContent`,
    30000,
  );
  await p.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
}
const percent = async (p: Page, id: string) => parseFloat(await textOf(p, id));
const choose = (p: Page, id: string, value: string) =>
  p.evaluate(
    `{ const s = document.getElementById(${JSON.stringify(id)}); s.value = ${
      JSON.stringify(value)
    }; s.dispatchEvent(new Event("change")); }`,
  );
/**
 * How many pixels of the output plot are a shade of each class's colour: away from white in the
 * direction of that colour (a mix of white and the colour), not merely nearest to it.
 */
const classPixels = (p: Page) =>
  p.evaluate(`(() => {
    const colours = ${JSON.stringify(CLASS_RGB)}, white = [248, 249, 250];
    const c = document.getElementById("boundary");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const dirs = colours.map((rgb) => rgb.map((v, k) => v - white[k]));
    const counts = colours.map(() => 0);
    for (let i = 0; i < d.length; i += 4) {
      const v = [0, 1, 2].map((k) => d[i + k] - white[k]);
      const size = Math.hypot(...v);
      if (size < 40) continue;
      dirs.forEach((u, m) => {
        const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * size);
        if (cos > 0.995) counts[m]++;
      });
    }
    return counts;
  })()`) as Promise<number[]>;

Deno.test("page: x₁² and x₂² picked by their checkboxes let a network without hidden layers learn the circles", async () => {
  await withPage("", async (p) => {
    await p.click(`#datasets button[data-name="circles"]`);
    await p.click("#remove-layer");
    await p.click("#remove-layer");
    await p.click("#feature-x1sq");
    await p.click("#feature-x2sq");
    await p.waitFor(`location.hash.includes("feat=x1,x2,x1sq,x2sq")`);
    assert.match(await p.evaluate("location.hash") as string, /data=circles.*layers=none/);
    // Every input box is unchecked but one: the last stays on, with a message.
    for (const id of ["x1", "x2", "x1sq"]) await p.click(`#feature-${id}`);
    await p.click("#feature-x2sq");
    assert.equal(await p.evaluate(`document.getElementById("feature-x2sq").checked`), true);
    assert.match(await textOf(p, "messages"), /The network needs at least one input: x₂² stays on/);
    await p.waitFor(`location.hash.includes("feat=x2sq&") || location.hash.endsWith("feat=x2sq")`);
    await p.click("#feature-x1sq");
    await p.click("#play");
    await p.waitFor(
      `parseFloat(document.getElementById("score-test-acc").textContent) >= 95`,
      60000,
    );
    await p.click("#play");
    // Paused, the page may score the epoch it finishes: still far above chance.
    assert.ok(await percent(p, "score-test-acc") >= 90);
    // The workbook cannot hold feature inputs, and says so.
    assert.equal(await p.evaluate(`document.getElementById("export-xlsx").disabled`), true);
    assert.match(await textOf(p, "wb-what"), /a workbook takes the inputs x₁, x₂/);
  });
});

Deno.test("page: three spiral arms chosen through the classes menu train a softmax network, the plot in three colours", async () => {
  await withPage("", async (p) => {
    assert.equal(
      await p.evaluate(`document.getElementById("classes").disabled`),
      true,
      "XOR has 2 classes",
    );
    await p.click(`#datasets button[data-name="spiral"]`);
    await p.waitFor(`!document.getElementById("classes").disabled`);
    await choose(p, "classes", "3");
    await p.waitFor(`location.hash.includes("k=3")`);
    assert.equal(await p.evaluate(`document.getElementById("loss").disabled`), true);
    assert.equal(await textOf(p, "loss-name"), "softmax cross-entropy of the 3 logits");
    assert.equal(await p.evaluate(`document.querySelectorAll("#class-legend .swatch").length`), 3);
    assert.equal(
      await p.evaluate(`document.getElementById("click-class").options.length`),
      4,
      "a click can add a point of each of the 3 classes",
    );
    await choose(p, "lr", "0.3");
    await p.click("#play");
    await p.waitFor(
      `parseFloat(document.getElementById("score-test-acc").textContent) >= 80`,
      90000,
    );
    await p.click("#play");
    const counts = await classPixels(p);
    assert.ok(counts.slice(0, 3).every((n) => n > 5000), `class colours on the plot: ${counts}`);
    assert.ok(counts[3] + counts[4] < 200, `only three classes on the plot: ${counts}`);
    // Back to XOR: two classes again, as before.
    await p.click(`#datasets button[data-name="xor"]`);
    await p.waitFor(`!location.hash.includes("k=")`);
    assert.equal(await p.evaluate(`document.getElementById("loss").disabled`), false);
  });
});

Deno.test("page: the sine and the saddle through their buttons: a curve over x₁, a shaded plane, loss but no accuracy", async () => {
  await withPage("", async (p) => {
    await p.click(`#regression-sets button[data-name="sine"]`);
    await p.waitFor(
      `location.hash.includes("data=sine") && location.hash.includes("feat=x1&") || location.hash.endsWith("feat=x1")`,
    );
    assert.equal(await p.evaluate(`document.getElementById("feature-x2").disabled`), true);
    assert.equal(await p.evaluate(`document.getElementById("loss").disabled`), true);
    assert.equal(await textOf(p, "loss-name"), "mean squared error; a regression has no accuracy");
    // The new data's first frame scores it: the accuracy then reads "–".
    await p.waitFor(`document.getElementById("score-test-acc").textContent === "–"`);
    // The curve: on the trained sine the darkest pixels of each column follow sin(πx₁).
    await choose(p, "pace", "10");
    await p.click("#play");
    // Well below the loss's spikes (about 0.01 now and then, when a mini-batch step overshoots).
    await p.waitFor(testLossBelow(0.004), 60000);
    await p.click("#play");
    await rest(p);
    assert.ok(await p.evaluate(testLossBelow(0.01)), `resting, the test loss is below 0.01`);
    const curve = await p.evaluate(`(() => {
      const c = document.getElementById("boundary"), r = c.width / c.getBoundingClientRect().width;
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const dark = [];
      for (const x of [0.3, 0.5, 0.7]) {
        const col = Math.round(x * c.width), rows = [];
        for (let y = 0; y < c.height; y++) {
          const i = 4 * (y * c.width + col);
          if (d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40) rows.push(y);
        }
        dark.push(rows.length ? rows.reduce((s, v) => s + v, 0) / rows.length / c.height : -1);
      }
      return dark;
    })()`) as number[];
    // x₁ runs from −1.5 to 1.5 across the plot, so the columns at 30%, 50% and 70% are at
    // x₁ = −0.6, 0 and 0.6, where sin(πx₁) is about −0.95, 0 and 0.95: low, middle and high.
    assert.ok(curve[0] > 0.7, `the curve near the bottom at x₁ = −0.6: ${curve}`);
    assert.ok(curve[1] > 0.4 && curve[1] < 0.6, `the curve near the middle at x₁ = 0: ${curve}`);
    assert.ok(curve[2] > 0 && curve[2] < 0.3, `the curve near the top at x₁ = 0.6: ${curve}`);
    // The saddle: the plane shaded by the output, orange and blue.
    await p.click(`#regression-sets button[data-name="saddle"]`);
    await p.waitFor(`location.hash.includes("data=saddle")`);
    assert.equal(
      await p.evaluate(`document.getElementById("feature-x2").checked`),
      true,
      "x₂ is back",
    );
    await p.click("#play");
    await p.waitFor(testLossBelow(0.02), 60000);
    await p.click("#play");
    await rest(p);
    assert.ok(await p.evaluate(testLossBelow(0.02)), `resting, the test loss is below 0.02`);
    const counts = await classPixels(p);
    assert.ok(counts[0] > 5000 && counts[1] > 5000, `orange and blue: ${counts}`);
  });
});

Deno.test("page: own points of three classes from the CSV box; too few classes for them gets a message", async () => {
  const { X, y } = blobs({ n: 60, classes: 3, seed: 4, noise: 0 });
  const rows = Array.from(
    { length: 60 },
    (_, i) => `${X.get(i, 0).toFixed(3)},${X.get(i, 1).toFixed(3)},${y.data[i]}`,
  );
  await withPage("", async (p) => {
    await p.evaluate(`document.getElementById("own-data").open = true;
      document.getElementById("csv-text").value = ${JSON.stringify(rows.join("\n"))};`);
    await p.click("#csv-use");
    await p.waitFor(`location.hash.includes("data=own") && location.hash.includes("k=3")`);
    assert.equal(await p.evaluate(`document.getElementById("classes").value`), "3");
    assert.equal(await p.evaluate(`document.getElementById("click-class").options.length`), 4);
    await choose(p, "classes", "2");
    assert.match(
      await textOf(p, "messages"),
      /These points have labels up to 2, so they need 3 classes or more; keeping 3/,
    );
    assert.equal(await p.evaluate(`document.getElementById("classes").value`), "3");
    assert.ok((await p.evaluate("location.hash") as string).includes("k=3"));
    await p.click("#play");
    await p.waitFor(
      `parseFloat(document.getElementById("score-test-acc").textContent) >= 90`,
      60000,
    );
    await p.click("#play");
  });
});

Deno.test("page: at phone width (390 px) the new controls fit, with every feature, five classes or a regression", async () => {
  for (
    const hash of [
      "v=1&data=gaussians&k=5&feat=x1,x2,x1sq,x2sq,x1x2,sin1,sin2",
      "v=1&data=sine",
    ]
  ) {
    await withPage(`#${hash}`, async (p) => {
      assert.equal(await textOf(p, "messages"), "", `${hash}: a good link gets no message`);
      const width = await p.evaluate(`({
        page: document.documentElement.scrollWidth,
        widest: Math.max(...[...document.body.querySelectorAll("*")].map((el) => el.getBoundingClientRect().right)),
      })`) as { page: number; widest: number };
      assert.ok(width.page <= 390, `${hash}: the page is ${width.page} px wide`);
      assert.ok(width.widest <= 390, `${hash}: an element reaches ${width.widest} px`);
    }, { width: 390, height: 844, mobile: true });
  }
});

Deno.test("page: the weights of a network of three classes on features, saved as JSON, load back with their losses", async () => {
  const downloads = await Deno.makeTempDir({ prefix: "nn-tasks-json-" });
  try {
    await withPage("#v=1&data=spiral&k=3&feat=x1,x2,x1x2&pace=10", async (p) => {
      await p.click("#play");
      await p.waitFor(
        `Number(document.getElementById("epoch").textContent.replace(/,/g, "")) >= 20`,
      );
      await p.click("#play");
      // Paused, the page finishes the epoch under way and then scores it.
      await p.waitFor(
        `document.getElementById("score-epoch").textContent ===
        "epoch " + document.getElementById("epoch").textContent`,
      );
      const epoch = await textOf(p, "epoch"), trained = await textOf(p, "score-train-loss");
      await p.click("#export-json");
      const json = JSON.parse(new TextDecoder().decode((await p.download()).bytes));
      assert.match(json.link, /&feat=x1,x2,x1x2&k=3$/);
      assert.equal(json.loss, "softmaxCrossEntropy");
      assert.deepEqual(json.layers.map((l: { b: number[] }) => l.b.length), [6, 4, 3]);
      assert.equal(json.layers[0].W.length, 3, "a row of first weights per feature");
      await p.click("#reset");
      await p.waitFor(`document.getElementById("epoch").textContent === "0"`);
      await Deno.writeTextFile(`${downloads}/saved.json`, JSON.stringify(json));
      await p.setFiles("#load-json", [`${downloads}/saved.json`]);
      await p.waitFor(
        `document.getElementById("json-message").textContent.startsWith("Loaded saved.json")`,
      );
      // The scores show the loaded network from the next frame on.
      await p.waitFor(`document.getElementById("epoch").textContent === ${JSON.stringify(epoch)}`);
      assert.equal(await textOf(p, "score-train-loss"), trained);
      // The same file with a first layer of 2 rows does not fit the network its link describes.
      json.layers[0].W = json.layers[0].W.slice(0, 2);
      await Deno.writeTextFile(`${downloads}/broken.json`, JSON.stringify(json));
      await p.setFiles("#load-json", [`${downloads}/broken.json`]);
      await p.waitFor(
        `document.getElementById("json-message").textContent.includes("broken.json")`,
      );
      assert.match(
        await textOf(p, "json-message"),
        /broken\.json cannot be loaded: Layer 1 of the network file needs W with 3 rows/,
      );
    }, { downloads });
  } finally {
    await Deno.remove(downloads, { recursive: true });
  }
});
