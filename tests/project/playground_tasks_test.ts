// The playground's feature inputs and its data of more than two classes:
// first without a browser (what a seeded run reaches, the links, the
// messages), then on the built page in headless Chromium, used through its
// controls.
import assert from "node:assert/strict";
import { assertAllClose, blobs, LOSSES, oneHot, Tensor } from "nn";
import { type Config, defaults, fromHash, toHash } from "../../playground/config.ts";
import { featureInputs, featureValue } from "../../playground/features.ts";
import { networkFromJson } from "../../playground/network.ts";
import { gridInputs, makeData, Session, workbookProblem } from "../../playground/session.ts";
import { parsePoints } from "../../playground/csv.ts";
import { pointReadout, unitFormula } from "../../playground/formula.ts";

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
  squares.run(300);
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

Deno.test("own points of three classes train a softmax network; the CSV takes labels 0 to 4", () => {
  const { X, y } = blobs({ n: 90, classes: 3, seed: 2, noise: 0 });
  const csv = Array.from({ length: 90 }, (_, i) => `${X.get(i, 0)},${X.get(i, 1)},${y.data[i]}`);
  const points = parsePoints(csv.join("\n"));
  const session = new Session({ ...defaults(), data: "own", classes: 3 }, points);
  session.run(100);
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
