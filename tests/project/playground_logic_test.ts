// The playground's parts that need no browser: its links, its CSV reader,
// its network, its training in slices, its formulas, and the claims its
// course presets make on the page.
import assert from "node:assert/strict";
import { assertAllClose, excelFormula, fit, linearStagesOf, LOSSES, mlp, Tensor } from "nn";
import { evaluateFormula, planWorkbook } from "nn";
import {
  ACTIVATION_LABELS,
  type Config,
  DEFAULTS,
  defaults,
  fromHash,
  LIMITS,
  ownPointProblem,
  type Point,
  PRESETS,
  toHash,
  VERSION,
} from "../../playground/config.ts";
import { CsvError, parsePoints, pointsToCsv } from "../../playground/csv.ts";
import {
  buildNetwork,
  cloneNetwork,
  networkFromJson,
  networkToJson,
} from "../../playground/network.ts";
import { epochLabel, isCheckpoint, Session, viewOutputs } from "../../playground/session.ts";
import { ScoreJob } from "../../playground/scoring.ts";
import { chooseGrid, GRIDS } from "../../playground/views/grid.ts";
import { pointReadout, unitFormula } from "../../playground/formula.ts";
import {
  drawnWeights,
  layoutNetwork,
  linesNote,
  MOST_LINES,
  unitAt,
  weightAt,
} from "../../playground/network_view.ts";
import { listNotebooks, notebookNumber } from "../../tools/_paths.ts";

const custom: Config = {
  ...defaults(),
  data: "circles",
  points: 300,
  noise: 0.15,
  trainShare: 0.7,
  seed: 42,
  hidden: [5, 3],
  activations: ["relu", "sigmoid"],
  init: "he",
  loss: "ce",
  lr: 0.3,
  batch: 8,
  l2: 0.001,
  pace: 0,
};

Deno.test("a link carries the whole configuration and reads back to it, own points included", () => {
  for (const config of [defaults(), custom, ...PRESETS.map((p) => p.config)]) {
    const { config: back, problems } = fromHash(`#${toHash(config)}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(back, config);
  }
  const points: Point[] = [
    { x1: 0.125, x2: -3, label: 1 },
    ...Array.from({ length: 11 }, (_, i) => ({
      x1: i / 7,
      x2: -i / 3,
      label: (i % 2) as 0 | 1,
    })),
  ];
  const own = fromHash(toHash({ ...custom, data: "own" }, points));
  assert.deepEqual(own.problems, []);
  assert.deepEqual(own.points, points);
  assert.equal(own.config.data, "own");
  assert.match(toHash(defaults()), new RegExp(`^v=${VERSION}&`));
});

Deno.test("a bad link names each bad setting and keeps its default", () => {
  const { config, problems } = fromHash(
    "#v=1&lr=50&layers=3,99&noise=abc&data=checkerboard&batch=0&act=relu&colour=red",
  );
  assert.deepEqual(problems, [
    'The link\'s setting "colour" is unknown; it is ignored',
    'The dataset "checkerboard" is unknown (use xor, circles, gaussians, spiral, moons, sine, saddle, own); using data=xor',
    'The noise must be a number, got "abc"; using noise=0.03',
    "The learning rate lr must be from 0.00001 to 10, got 50; using lr=0.1",
    "The batch size must be from 1 to 1000, got 0; using batch=10",
    'layers=3,99: a layer has 1 to 64 units, got "99"; using layers=6,4',
  ]);
  assert.equal(config.lr, DEFAULTS.lr);
  assert.deepEqual(config.hidden, DEFAULTS.hidden);
  // A single activation applies to every layer; a list must match the layers.
  assert.deepEqual(fromHash("v=1&layers=3,3,3&act=relu").config.activations, [
    "relu",
    "relu",
    "relu",
  ]);
  assert.match(
    fromHash("v=1&layers=3,3&act=relu,tanh,tanh").problems[0],
    /names 3 activations for 2 hidden layers/,
  );
  assert.match(fromHash("v=1&layers=1,1,1,1,1,1,1").problems[0], /7 hidden layers, at most 6/);
  assert.match(fromHash("v=1&data=own").problems[0], /carries no points.*using the xor dataset/);
  assert.match(
    fromHash("v=1&data=own&pts=1,2,3").problems[0],
    /carries 1 points; own data needs 10 to 1000/,
  );
});

Deno.test("own points keep to the range the CSV reader takes, whether read from a link or added by a click", () => {
  const inside = Array.from({ length: 10 }, (_, i) => `${i - 5},${10 - i},${i % 2}`);
  const bound = LIMITS.ownCoordinate;
  assert.deepEqual(fromHash(`v=1&data=own&pts=${inside.join(";")}`).problems, []);
  const far = [...inside.slice(0, 9), `${bound + 3},0,1`].join(";");
  assert.match(
    fromHash(`v=1&data=own&pts=${far}`).problems[0],
    new RegExp(
      `Point 10 of the link: x1 = ${bound + 3} is outside the range -${bound} to ${bound}`,
    ),
  );
  // A click is refused exactly where the CSV reader would refuse the saved point.
  for (const [x1, x2] of [[bound, -bound], [bound + 3, 0], [0, -bound - 0.001], [1, 2]]) {
    const csv = pointsToCsv([
      ...Array.from({ length: 9 }, (_, i) => ({ x1: i, x2: -i, label: (i % 2) as 0 | 1 })),
      { x1, x2, label: 1 },
    ]);
    let readable = true;
    try {
      parsePoints(csv);
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      readable = false;
    }
    assert.equal(ownPointProblem(x1, x2) === undefined, readable, `(${x1}, ${x2})`);
  }
});

Deno.test("a link from a newer version, or with no readable version, is not read", () => {
  const newer = fromHash(`#v=${VERSION + 1}&lr=0.3&layers=2`);
  assert.equal(newer.problems.length, 1);
  assert.match(
    newer.problems[0],
    /made by a newer version of the playground \(v=2; this page reads v=1\)/,
  );
  assert.deepEqual(newer.config, defaults());
  assert.match(fromHash("#v=x&lr=0.3").problems[0], /v=x is not a version number/);
  const unversioned = fromHash("#lr=0.3");
  assert.match(unversioned.problems[0], /has no version/);
  assert.equal(unversioned.config.lr, 0.3);
  assert.deepEqual(fromHash("").problems, []);
});

Deno.test("the CSV reader takes x1,x2,label rows and says exactly what is wrong with the others", () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${i / 10},${-i / 2},${i % 2}`);
  const points = parsePoints(["x1,x2,label", ...rows].join("\r\n") + "\n\n");
  assert.equal(points.length, 12);
  assert.deepEqual(points[3], { x1: 0.3, x2: -1.5, label: 1 });
  assert.deepEqual(parsePoints(pointsToCsv(points)), points);
  assert.deepEqual(parsePoints(rows.map((r) => r.replaceAll(",", ";")).join("\n")), points);
  const refused = (text: string) => {
    try {
      parsePoints(text);
    } catch (e) {
      assert.ok(e instanceof CsvError);
      return e.message;
    }
    assert.fail(`accepted ${JSON.stringify(text.slice(0, 40))}`);
  };
  assert.match(refused(""), /The CSV is empty/);
  assert.match(refused("x1,x2,label\n"), /a header but no points/);
  assert.equal(
    refused([...rows.slice(0, 4), "0.5,1", ...rows.slice(4)].join("\n")),
    "Row 5 has 2 values (0.5,1); each row needs 3: x1,x2,label",
  );
  assert.equal(
    refused([...rows.slice(0, 2), "0.5,abc,1", ...rows].join("\n")),
    'Row 3, column x2: "abc" is not a decimal number (write numbers as -1.5, 0.25 or 3e-2)',
  );
  // Only plain decimals: JavaScript's Number would read these as 16, 3 and Infinity.
  for (const cell of ["0x10", "0b11", "Infinity"]) {
    assert.equal(
      refused([...rows.slice(0, 3), `${cell},0.5,1`, ...rows].join("\n")),
      `Row 4, column x1: "${cell}" is not a decimal number (write numbers as -1.5, 0.25 or 3e-2)`,
    );
  }
  // Cells in double quotes, as spreadsheets write them, header included, read as the bare ones.
  const quoted = rows.map((r) => r.split(",").map((c) => `"${c}"`).join(","));
  assert.deepEqual(parsePoints(['"x1","x2","label"', ...quoted].join("\n")), points);
  assert.deepEqual(parsePoints([' "-1e1" , 10 ,"0"', ...rows].join("\n"))[0], {
    x1: -10,
    x2: 10,
    label: 0,
  });
  // One point far out would shrink every other into a dot on the plot: coordinates stay within ±10.
  for (const [cell, column] of [["1e6", "x1"], ["-1e300", "x2"], ["10.001", "x2"]]) {
    const row = column === "x1" ? `${cell},0.5,1` : `0.5,${cell},1`;
    assert.equal(
      refused([...rows.slice(0, 6), row, ...rows].join("\n")),
      `Row 7, column ${column}: ${cell} is outside the range -10 to 10 the playground takes; ` +
        "rescale the data so that every x1 and x2 lies in it",
    );
  }
  assert.equal(
    refused([...rows, "0.5,0.5,5"].join("\n")),
    "Row 13: the label must be a class from 0 to 4, got 5",
  );
  assert.match(
    refused(Array(1001).fill("1,2,0").join("\n")),
    /1001 points; the playground takes at most 1000/,
  );
  assert.match(refused(rows.slice(0, 5).join("\n")), /5 points; the playground needs at least 10/);
  assert.match(refused(Array(20).fill("1,2,1").join("\n")), /All 20 points have label 1/);
});

Deno.test("with one activation throughout, the playground's network is the library's mlp", () => {
  for (const [hidden, activation, seed] of [[[4], "relu", 3], [[6, 4], "tanh", 1]] as const) {
    const net = buildNetwork({
      ...defaults(),
      hidden: [...hidden],
      activations: hidden.map(() => activation),
      seed,
    });
    const reference = mlp([2, ...hidden, 1], { activation, seed });
    assert.deepEqual(
      net.parameters().map((p) => [p.name, Array.from(p.value.data)]),
      reference.parameters().map((p) => [p.name, Array.from(p.value.data)]),
    );
  }
});

Deno.test("a session trains exactly as the library's trainEpochs does, in slices of a time budget", () => {
  const config = { ...defaults(), batch: 0 };
  const session = new Session(config);
  // A fake clock that advances 1 ms per reading: the first epoch always runs, and the next
  // ones start while less than the 5 ms budget has passed (at 1, 2, 3 and 4 ms).
  let clock = 0;
  assert.equal(session.run(1000, 5, () => clock++), 5);
  assert.equal(session.run(4, Infinity), 4);
  assert.equal(session.epoch, 9);
  // Full batch has no shuffles, so fit on the same network and data gives the same weights.
  const reference = buildNetwork(config);
  fit(reference, session.train.X, session.train.y, { lr: config.lr, epochs: 9 });
  assert.deepEqual(
    session.net.parameters().map((p) => Array.from(p.value.data)),
    reference.parameters().map((p) => Array.from(p.value.data)),
  );
  // Training does not score: the page scores on a schedule, or at once with record.
  assert.equal(session.scoredEpoch, 0);
  session.record();
  assert.equal(session.scoredEpoch, 9);
  assert.equal(
    session.history.at(-1)!.train,
    LOSSES.mse.value(reference.forward(session.train.X), session.train.y),
  );
  // The default XOR setting learns: below 0.06 training loss within 300 epochs.
  const xor = new Session(defaults());
  xor.run(300);
  assert.ok(xor.score(xor.train).loss < 0.06, `loss ${xor.score(xor.train).loss}`);
  assert.ok(xor.score(xor.test).accuracy > 0.85);
});

const weightsOf = (session: Session) =>
  session.net.parameters().map((p) => Array.from(p.value.data));

Deno.test("training in slices that stop within epochs takes exactly the steps of whole epochs", () => {
  for (const batch of [1, 7, 0]) {
    const config = { ...custom, batch };
    const whole = new Session(config), sliced = new Session(config);
    whole.run(23);
    // A fake clock that advances 1 ms per reading: with a budget of 3 ms a slice takes three
    // steps, so with mini-batches most slices stop within an epoch.
    let clock = 0, slices = 0, within = 0;
    while (sliced.epoch < 23) {
      sliced.run(23 - sliced.epoch, 3, () => clock++);
      slices++;
      if (sliced.midEpoch) within++;
    }
    assert.equal(sliced.steps, whole.steps);
    assert.equal(sliced.steps, 23 * sliced.stepsPerEpoch);
    if (batch !== 0) {
      assert.ok(within > slices / 2, `${within} of ${slices} slices stopped within an epoch`);
    }
    assert.deepEqual(weightsOf(sliced), weightsOf(whole), `batch ${batch}`);
  }
});

Deno.test("a retune within an epoch takes effect when the epoch ends", () => {
  const a = new Session({ ...custom, batch: 7 }), b = new Session({ ...custom, batch: 7 });
  for (const s of [a, b]) s.run(12);
  // a: 3 steps, the retune, then the rest of the epoch and 4 more; b: the epoch, then the retune.
  let clock = 0;
  a.run(1, 2, () => clock++);
  assert.ok(a.midEpoch);
  a.retune({ lr: 0.03 });
  a.run(5);
  b.run(1);
  b.retune({ lr: 0.03 });
  b.run(4);
  assert.equal(a.epoch, 17);
  assert.deepEqual(weightsOf(a), weightsOf(b));
  // The pace changes no step: it only says how many epochs a frame may train.
  const c = new Session({ ...custom, batch: 7 }), d = new Session({ ...custom, batch: 7 });
  c.run(12);
  c.retune({ pace: 10 });
  c.run(5);
  d.run(17);
  assert.deepEqual(weightsOf(c), weightsOf(d));
  assert.notDeepEqual(weightsOf(c), weightsOf(b));
});

Deno.test("with momentum, Adam, L1 or dropout too, a rewind trains on bitwise as the first time", () => {
  const options = [
    { optimizer: "momentum", l1: 0.001 },
    { optimizer: "adam", lr: 0.01, dropout: 0.1 },
  ] as const;
  for (const extra of options) {
    const session = new Session({ ...custom, batch: 10, ...extra });
    session.run(130);
    const first = weightsOf(session);
    session.rewind(100);
    assert.notDeepEqual(weightsOf(session), first);
    session.run(30);
    assert.deepEqual(weightsOf(session), first, JSON.stringify(extra));
  }
});

Deno.test("rewound to a snapshot, training on takes bitwise the same steps as the first time", () => {
  assert.deepEqual(
    [0, 5, 10, 90, 100, 150, 200, 1000, 1500, 3000, 10000].filter(isCheckpoint),
    [0, 10, 90, 100, 200, 1000, 3000, 10000],
  );
  for (const batch of [1, 10, 0]) {
    const session = new Session({ ...custom, batch });
    session.run(200);
    const first = weightsOf(session), steps = session.steps;
    session.record();
    const loss = session.scores.train.loss;
    assert.deepEqual(
      session.snapshots.map((s) => s.epoch),
      [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    );
    session.rewind(100);
    assert.equal(session.epoch, 100);
    assert.equal(session.steps, 100 * session.stepsPerEpoch);
    assert.ok(session.history.every((p) => p.epoch <= 100));
    assert.notDeepEqual(weightsOf(session), first);
    // In slices that stop within epochs, as the page trains.
    let clock = 0;
    while (session.epoch < 200) session.run(200 - session.epoch, 5, () => clock++);
    assert.deepEqual(weightsOf(session), first, `batch ${batch}`);
    assert.equal(session.steps, steps);
    session.record();
    assert.equal(session.scores.train.loss, loss);
    // Back to the start: the initial weights, and the same run again.
    session.rewind(0);
    assert.deepEqual(weightsOf(session), weightsOf(new Session({ ...custom, batch })));
    session.run(200);
    assert.deepEqual(weightsOf(session), first);
  }
  const session = new Session(custom);
  session.run(15);
  assert.throws(
    () => session.rewind(5),
    /^RangeError: There is no snapshot of epoch 5 to rewind to; there are snapshots of epochs 0, 10$/,
  );
  assert.equal(session.epoch, 15, "a failed rewind changes nothing");
});

Deno.test("a diverged session rewound to an earlier snapshot trains again", () => {
  const xor = PRESETS.find((p) => p.id === "xor-2-4-1")!;
  const session = new Session(structuredClone(xor.config));
  session.run(30);
  session.retune({ lr: 10 });
  session.run(1000);
  assert.ok(session.diverged);
  session.retune({ lr: xor.config.lr });
  session.rewind(20);
  assert.equal(session.diverged, undefined);
  assert.equal(session.run(5), 5);
});

Deno.test("scoring in pieces gives the scores and gradient sizes of the weights of its epoch", () => {
  for (const loss of ["mse", "ce"] as const) {
    const session = new Session({
      ...custom,
      loss,
      hidden: [16, 16, 16],
      activations: ["tanh", "relu", "sigmoid"],
    });
    session.run(7);
    const expected = {
      train: session.score(session.train),
      test: session.score(session.test),
      norms: session.gradientNorms(),
    };
    // The pieces: each reading of the fake clock advances 1 ms, so each call does one chunk.
    let clock = 0, calls = 1;
    while (!session.scoreSome(0.5, () => clock++)) {
      calls++;
      // Training goes on meanwhile; the scores stay those of epoch 7.
      session.run(1);
    }
    assert.ok(calls >= 5, `${calls} pieces`);
    assert.equal(session.scoredEpoch, 7);
    assert.equal(session.normsEpoch, 7);
    assert.ok(session.epoch > 7);
    // Equal to rounding: the pieces' sums are taken in another order.
    const close = { rtol: 1e-12, atol: 1e-15 };
    assertAllClose(
      [session.scores.train.loss, session.scores.test.loss],
      [expected.train.loss, expected.test.loss],
      close,
    );
    assert.equal(session.scores.train.accuracy, expected.train.accuracy);
    assert.equal(session.scores.test.accuracy, expected.test.accuracy);
    assertAllClose(session.norms, expected.norms, close);
    assert.equal(session.history.at(-1)!.epoch, 7);
    // The weights trained since are still to be scored.
    assert.ok(session.unscored);
  }
  // A network whose outputs overflow scores NaN rather than throwing.
  const session = new Session(custom);
  session.stages.at(-1)!.layer.W.data.fill(1e308);
  session.record();
  assert.ok(Number.isNaN(session.scores.train.loss));
  const job = new ScoreJob(session.net, 0, session, session.scoring);
  job.advance(Infinity);
  assert.ok(job.result!.norms.every(Number.isNaN));
});

Deno.test("weights scored or saved part-way through an epoch say how many of its steps they have", () => {
  // 100 training points in batches of 10: 10 steps an epoch.
  const session = new Session({ ...defaults(), data: "circles", points: 200, batch: 10 });
  assert.equal(session.stepsPerEpoch, 10);
  session.run(2);
  // A slice that runs out of time after 5 steps of epoch 3: the fake clock passes 1 ms a reading.
  let clock = 0;
  session.run(Infinity, 4.5, () => clock++);
  assert.equal(session.epoch, 2);
  assert.equal(session.stepsIntoEpoch, 5);
  const expected = session.score(session.train);
  while (!session.scoreSome(Infinity));
  assert.equal(session.scores.train.loss, expected.loss);
  assert.deepEqual([session.scoredEpoch, session.scoredSteps], [2, 5]);
  assert.deepEqual([session.normsEpoch, session.normsSteps], [2, 5]);
  const last = session.history.at(-1)!;
  assert.deepEqual([last.epoch, last.steps, last.at], [2, 5, 2 + 5 / 10]);
  assert.equal(epochLabel(session.scoredEpoch, session.scoredSteps), "epoch 2 + 5 steps");
  assert.equal(epochLabel(1200, 1), "epoch 1,200 + 1 step");
  assert.equal(epochLabel(1200), "epoch 1,200");
  const json = session.toJson();
  assert.deepEqual([json.epoch, json.steps], [2, 5]);
  // At an epoch's end the labels and the file carry no steps.
  session.run(1);
  while (!session.scoreSome(Infinity));
  assert.deepEqual([session.epoch, session.scoredEpoch, session.scoredSteps], [3, 3, 0]);
  assert.equal(session.toJson().steps, undefined);
});

Deno.test("the grid's resolution is the finest whose pass is expected to fit its time", () => {
  // At 1 µs per row every grid fits 4 ms; at 5 µs per row, 24×24 (2.9 ms) does, 32×32 (5.1 ms) not.
  assert.equal(chooseGrid(0.001, 40), 40);
  assert.equal(chooseGrid(0.005, 24), 24);
  // Going finer needs half the budget: 20×20 at 5 µs is 2 ms, so 24×24 (2.9 ms) is not taken.
  assert.equal(chooseGrid(0.005, 20), 20);
  assert.equal(chooseGrid(1, 40), GRIDS.at(-1));
});

Deno.test("the default network learns the default spiral: 85% of the test points within 12000 epochs", () => {
  // The spiral's arms lie about 0.27 apart; noise of 0.1 blurs them into one blob.
  const session = new Session({ ...defaults(), data: "spiral" });
  session.run(12000);
  const { accuracy } = session.score(session.test);
  assert.ok(accuracy >= 0.85, `test accuracy ${accuracy}`);
});

Deno.test("a diverging network stops with the library's message", () => {
  const session = new Session({
    ...defaults(),
    hidden: [8, 8, 8],
    activations: ["identity", "identity", "identity"],
    lr: 10,
    batch: 0,
  });
  session.run(200);
  assert.match(session.diverged ?? "", /^Training diverged in epoch \d+/);
  assert.ok(session.epoch < 200);
  assert.equal(session.run(10), 0, "a diverged session does not train on");
});

Deno.test("a network that diverges part-way through an epoch keeps its steps in its labels, and Rewind offers the epochs before", () => {
  // Mini-batches of 10 and a large learning rate: the loss blows up within an epoch.
  const session = new Session({
    ...defaults(),
    hidden: [8, 8, 8],
    activations: ["identity", "identity", "identity"],
    lr: 10,
    batch: 10,
  });
  session.run(200);
  assert.match(session.diverged ?? "", /^Training diverged in epoch \d+/);
  assert.ok(session.stepsIntoEpoch > 0, "it stopped within an epoch");
  // The steps before the one that diverged, counted as whole epochs and the rest.
  assert.equal(session.steps, session.epoch * session.stepsPerEpoch + session.stepsIntoEpoch);
  session.record();
  assert.deepEqual([session.scoredEpoch, session.scoredSteps], [
    session.epoch,
    session.stepsIntoEpoch,
  ]);
  // The snapshot of epoch 0 is before these weights, whatever epoch they are in.
  assert.deepEqual(session.rewindable, [0]);
  session.rewind(0);
  assert.deepEqual([session.epoch, session.stepsIntoEpoch, session.diverged], [0, 0, undefined]);
  assert.deepEqual(session.rewindable, []);
});

Deno.test("a rewind drops the chart's points part-way into the epoch rewound to, from the run it leaves", () => {
  const session = new Session({ ...defaults(), data: "circles", points: 200, batch: 10 });
  session.run(10);
  // 5 steps into epoch 11 (the snapshot of epoch 10 is taken as its first step starts), scored.
  let clock = 0;
  session.run(Infinity, 4.5, () => clock++);
  while (!session.scoreSome(Infinity));
  assert.deepEqual(session.history.at(-1)!.epoch, 10);
  assert.deepEqual(session.history.at(-1)!.steps, 5);
  session.rewind(10);
  assert.ok(session.history.every((p) => p.steps === 0), "no point part-way into epoch 10 is left");
  assert.deepEqual([session.history.at(-1)!.epoch, session.history.at(-1)!.steps], [10, 0]);
});

Deno.test("weights carried on from elsewhere part-way through an epoch count it as one, as a restart does", () => {
  const session = new Session({ ...defaults(), data: "circles", points: 200, batch: 10 });
  session.continueAt(120, 1234, 7);
  session.record();
  assert.deepEqual([session.epoch, session.stepsIntoEpoch, session.midEpoch], [121, 0, false]);
  assert.equal(epochLabel(session.scoredEpoch, session.scoredSteps), "epoch 121");
  // The new loop starts at an epoch's start: 10 steps make epoch 122.
  assert.equal(session.run(1), 1);
  assert.deepEqual([session.epoch, session.stepsIntoEpoch, session.steps], [122, 0, 1244]);
  // Between epochs nothing is cut short.
  session.continueAt(50, 500);
  assert.equal(session.epoch, 50);
});

Deno.test("after a retune the divergence message names the page's epoch, not the new loop's", () => {
  // Raising the learning rate after some training is how a learner provokes divergence;
  // the library's loop restarts its count at every retune, the page's count does not.
  const xor = PRESETS.find((p) => p.id === "xor-2-4-1")!;
  const session = new Session(structuredClone(xor.config));
  session.run(200);
  assert.equal(session.epoch, 200);
  session.retune({ lr: 10 });
  session.run(1000);
  const match = /^Training diverged in epoch (\d+):/.exec(session.diverged ?? "");
  assert.ok(match, `diverged: ${session.diverged}`);
  assert.equal(
    Number(match[1]),
    session.epoch + 1,
    "the epoch that failed is the one after the last finished",
  );
  assert.ok(Number(match[1]) > 200);
});

Deno.test("the pointer's readout calls the output a probability only under cross-entropy, where it is σ(logit)", () => {
  for (const loss of ["mse", "ce"] as const) {
    const session = new Session({ ...defaults(), loss });
    session.run(20);
    // Far from the data, where an MSE output is clipped whatever the network's confidence.
    for (const x of [[0, 0], [40, -40]] as const) {
      const text = pointReadout(session, x[0], x[1]);
      const yHat = session.output(Tensor.from([[x[0], x[1]]])).data[0];
      const shown = Number(/= (-?[\d.e+-]+)$/.exec(text)![1]);
      if (loss === "ce") {
        assert.match(text, /p\(class 1\) = σ\(logit\) = /);
        assertClose(shown, 1 / (1 + Math.exp(-yHat)), text);
      } else {
        assert.doesNotMatch(text, /p\(class|probab/);
        assert.match(text, /output \(clipped to \[0, 1\]\) = /);
        assertClose(shown, Math.min(1, Math.max(0, yHat)), text);
      }
    }
  }
});

/** Equal to the 3 significant digits a readout shows. */
function assertClose(shown: number, value: number, what: string) {
  assert.ok(Math.abs(shown - value) <= 5e-3 * Math.max(Math.abs(value), 1e-3), `${what}: ${value}`);
}

Deno.test("the JSON form rebuilds the same network and refuses a broken file, naming the problem", () => {
  const session = new Session(custom);
  session.run(5);
  const json = JSON.parse(JSON.stringify(session.toJson()));
  const copy = networkFromJson(json);
  const X = session.test.X;
  assert.deepEqual(copy.forward(X).data, session.net.forward(X).data);
  assert.deepEqual(cloneNetwork(session.net).forward(X).data, session.net.forward(X).data);
  assert.equal(json.link, session.link);
  const broken = (change: (j: typeof json) => void) => {
    const j = structuredClone(json);
    change(j);
    return () => networkFromJson(j);
  };
  assert.throws(broken((j) => (j.format = "other")), /not a network file of the playground/);
  assert.throws(broken((j) => (j.version = 2)), /version 2; this page reads version 1/);
  assert.throws(
    broken((j) => (j.layers[1].W = [[1]])),
    /Layer 2 of the network file needs W with 5 rows/,
  );
  assert.throws(broken((j) => (j.layers[0].W[0][0] = "x")), /Layer 1 .* finite numbers/);
  assert.throws(
    broken((j) => (j.layers[0].activation = "softplus")),
    /unknown activation "softplus"/,
  );
  assert.throws(
    broken((j) => (j.layers[2].activation = "relu")),
    /output: it needs 1 unit and no activation/,
  );
  assert.deepEqual(networkToJson(copy, { link: "", epoch: 0, loss: "mse" }).layers, json.layers);
});

Deno.test("a unit's formula shows the numbers of the forward pass and the exporter's own Excel formulas", () => {
  const session = new Session({ ...defaults(), hidden: [3, 2], activations: ["relu", "tanh"] });
  session.run(10);
  const x: [number, number] = [0.4, -0.3];
  const outs = viewOutputs(session.stages, Tensor.from([x]));
  const plan = planWorkbook(session.net, {
    X: Tensor.from([x]),
    y: Tensor.zeros(1, 1),
    lr: 0.1,
    steps: 1,
  });
  for (const [l, j] of [[0, 1], [1, 0], [2, 0]]) {
    const f = unitFormula(session, l, j, x);
    assert.equal(f.z, outs[l].Z.data[j]);
    assert.equal(f.a, outs[l].A.data[j]);
    const zName = l === 2 ? "yHat" : `Z${l + 1}`;
    assert.ok(f.excel.includes(`=${plan.blocks.get(`${zName}_s0`)!.formula!(0, j)}`), f.excel);
    assert.ok(f.typescript.includes(`= ${Number(f.z.toPrecision(4))}`), f.typescript);
    if (l < 2) {
      const formula = plan.blocks.get(`A${l + 1}_s0`)!.formula!(0, j);
      assert.ok(f.excel.includes(`=${formula}`));
      // The activation's Excel formula, evaluated at this unit's Z, gives the unit's output.
      const cell = /[A-Z]+\d+/.exec(formula)![0];
      assert.equal(evaluateFormula(formula, { [cell]: f.z }), f.a);
      assert.ok(f.typescript.includes(`ACTIVATIONS.${session.stages[l].activation.name}.f(`));
    }
  }
  // Beyond the workbook's limits the page says why, and shows the activation's formula alone,
  // of a neutral cell (not Z1, which reads as the block named Z1).
  const wide = new Session({ ...defaults(), hidden: [20], activations: ["tanh"] });
  const f = unitFormula(wide, 0, 0, x);
  assert.match(
    f.excel,
    /No workbook for this network \(a workbook holds layers of at most 16 units/,
  );
  assert.ok(f.excel.includes(`in cell A1:\n=${excelFormula("tanh", "A1")}`), f.excel);
});

Deno.test("a unit's formula names its activation as the menus do, says that indices count from 0, and that the downloaded workbook's rows differ", async () => {
  const session = new Session({
    ...defaults(),
    hidden: [3, 2],
    activations: ["identity", "leakyRelu"],
  });
  const x: [number, number] = [0.4, -0.3];
  for (const [l, j] of [[0, 2], [1, 1]]) {
    const f = unitFormula(session, l, j, x);
    const label = ACTIVATION_LABELS[session.config.activations[l]];
    assert.equal(f.title, `layer ${l + 1}, unit ${j + 1} (${label})`);
    // Unit j + 1 is the one the code writes with index [j].
    assert.ok(f.typescript.includes(`// unit ${j + 1} is index [${j}]: the code counts from 0`));
    assert.ok(f.typescript.includes(`Z${l + 1}[${j}] =`));
  }
  // The panel's cells are those of a one-input workbook; the download holds more points, and its
  // blocks below the first per-point block lie lower, as the panel says.
  const f = unitFormula(session, 1, 0, x);
  const exported = session.workbookExport(1), held = exported.X.rows;
  assert.ok(held > 1);
  assert.match(f.excel, /workbook of this network that holds only this input/);
  assert.ok(f.excel.includes(`The downloaded workbook holds ${held} training points, a row each`));
  const one = planWorkbook(session.net, {
    X: Tensor.from([x]),
    y: Tensor.zeros(1, 1),
    lr: 0.1,
    steps: 1,
  });
  const download = planWorkbook(session.net, {
    X: exported.X,
    y: exported.y,
    lr: 0.1,
    steps: 1,
  });
  const a2 = (p: typeof one) => p.blocks.get("A2_s0")!.row;
  assert.ok(a2(download) > a2(one), "the download's A2 lies lower");
  // The page's hints say how the indices count.
  const page = await Deno.readTextFile("playground/index.html");
  assert.match(
    page,
    /Units are numbered from 1; the bracketed indices, as in the code, count from 0/,
  );
});

Deno.test("the network drawing finds the unit and the weight under the pointer", () => {
  const layout = layoutNetwork([2, 4, 1], 400);
  const session = new Session({ ...defaults(), hidden: [4], activations: ["relu"] });
  const { xs, ys, size } = layout;
  assert.deepEqual(unitAt(layout, xs[1] + size / 2, ys[1][2] + size / 2), { c: 1, u: 2 });
  assert.equal(unitAt(layout, (xs[0] + xs[1]) / 2 + size / 2, 2), undefined);
  // The middle of the line from input 2 to hidden unit 3.
  const mid = [(xs[0] + size + xs[1]) / 2, (ys[0][1] + ys[1][3] + size) / 2];
  assert.deepEqual(weightAt(layout, session.stages, mid[0], mid[1]), { l: 0, i: 1, j: 3 });
});

Deno.test("the course presets do what the page says they do", () => {
  const [linear, xor, deep] = PRESETS;
  // 01: a deep linear stack stays affine in its inputs, so its boundary is a line.
  const stack = new Session(linear.config);
  stack.run(300);
  const f = (x1: number, x2: number) => stack.output(Tensor.from([[x1, x2]])).data[0];
  const [o, a, b] = [f(0, 0), f(1, 0) - f(0, 0), f(0, 1) - f(0, 0)];
  for (const [x1, x2] of [[0.7, -1.3], [-2, 0.4], [1.5, 1.5]]) {
    assert.ok(Math.abs(f(x1, x2) - (o + a * x1 + b * x2)) < 1e-9, "the output is affine");
  }
  // 03/04: one hidden layer of four ReLU units learns XOR.
  const two = new Session(xor.config);
  two.run(400);
  assert.ok(two.score(two.test).accuracy >= 0.95, `test accuracy ${two.score(two.test).accuracy}`);
  // 05: in the deep sigmoid network the gradient shrinks layer by layer, and the first layers barely move.
  const sigmoid = new Session(deep.config);
  const norms = sigmoid.gradientNorms();
  for (let l = 1; l < 4; l++) {
    assert.ok(norms[l - 1] < norms[l], `‖dW${l}‖ < ‖dW${l + 1}‖: ${norms}`);
  }
  assert.ok(norms[0] < norms[4] / 20, `the first layer's gradient is tiny: ${norms}`);
  const before = sigmoid.stages.map((s) => s.layer.W.clone());
  sigmoid.run(100);
  const moved = sigmoid.stages.map((s, l) => {
    let d = 0, w = 0;
    s.layer.W.data.forEach((
      v,
      i,
    ) => (d += (v - before[l].data[i]) ** 2, w += before[l].data[i] ** 2));
    return Math.sqrt(d / w);
  });
  assert.ok(moved[0] < moved[4] / 20, `relative change per layer: ${moved}`);
  // The first full-batch step overshoots: the training loss is many (over ten) times what it was.
  const overshoot = new Session(deep.config);
  const initialLoss = overshoot.score(overshoot.train).loss;
  overshoot.run(1);
  const firstLoss = overshoot.score(overshoot.train).loss;
  assert.ok(firstLoss > 10 * initialLoss, `the loss went from ${initialLoss} to ${firstLoss}`);
  assert.match(deep.shows, /the first full-batch step \(lr 0\.5\) overshoots/);
  assert.equal(deep.config.lr, 0.5);
  assert.equal(deep.config.batch, 0, "full-batch");
  // ...and within ten epochs it settles on an almost constant output, and stays there.
  const settled = new Session(deep.config);
  const y = settled.train.y.data, n = y.length;
  const ones = y.reduce((a, v) => a + v, 0) / n;
  for (const epochs of [10, 500]) {
    settled.run(epochs - settled.epoch);
    const out = settled.output(settled.train.X).data;
    const [low, high] = [Math.min(...out), Math.max(...out)];
    assert.ok(high - low < 1e-3, `epoch ${epochs}: outputs from ${low} to ${high}`);
    // The loss of predicting the mean of y, and the accuracy of calling every point one class.
    const { loss, accuracy } = settled.score(settled.train);
    assert.ok(Math.abs(loss - ones * (1 - ones)) < 1e-4, `epoch ${epochs}: loss ${loss}`);
    assert.equal(accuracy, low > 0.5 ? ones : 1 - ones, `epoch ${epochs}: chance accuracy`);
  }
});

Deno.test("notebooks 01, 03, 04 and 05 link to their presets, and every playground link is a preset", async () => {
  const links = new Map<string, string[]>();
  for (const path of listNotebooks()) {
    const notebook = JSON.parse(await Deno.readTextFile(path));
    const text = notebook.cells
      .filter((c: { cell_type: string }) => c.cell_type === "markdown")
      .map((c: { source: string[] }) => c.source.join("")).join("\n");
    const number = notebookNumber(path);
    links.set(number, [...text.matchAll(/\]\((playground\/index\.html[^)]*)\)/g)].map((m) => m[1]));
    // A link that a code cell reads (to check what the prose says of it) is the prose's link.
    const code = notebook.cells
      .filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string[] }) => c.source.join("")).join("\n");
    for (const [, href] of code.matchAll(/"(playground\/index\.html#[^"]*)"/g)) {
      assert.ok(
        links.get(number)!.includes(href),
        `notebook ${number}'s code reads ${href}, not its link`,
      );
    }
  }
  const linked = new Map<string, string[]>();
  for (const p of PRESETS) {
    for (const number of p.notebook.match(/\d\d/g)!) {
      assert.ok(
        links.get(number)?.includes(`playground/index.html#${toHash(p.config)}`),
        `notebook ${number} links to the preset ${p.id}`,
      );
      linked.set(number, [...linked.get(number) ?? [], p.id]);
    }
  }
  assert.deepEqual([...linked.keys()].sort(), ["01", "03", "04", "05"]);
  for (const [number, hrefs] of links) {
    for (const href of hrefs) {
      const hash = href.split("#")[1] ?? "";
      assert.ok(
        PRESETS.some((p) => toHash(p.config) === hash) && fromHash(hash).problems.length === 0,
        `notebook ${number} links to ${href}, which is not a course preset`,
      );
    }
  }
});

Deno.test("the page's hints say what the views do: weights drawn, the seed's reach", async () => {
  const html = (await Deno.readTextFile("playground/index.html")).replace(/\s+/g, " ");
  // "Lines drawn: D of the T weights. Between two layers with more than N weights only the N
  // largest are drawn": the counts of a network with one wide pair of layers, and N itself.
  const net = mlp([2, 30, 30, 1], { seed: 1 });
  const note = linesNote(linearStagesOf(net, "test"));
  const m =
    /^Lines drawn: ([\d,]+) of the ([\d,]+) weights\. .* more than (\d+) weights only the (\d+) largest are drawn/
      .exec(note);
  assert.ok(m, `the note says how many weights are drawn: ${note}`);
  assert.deepEqual(m.slice(1).map((v) => Number(v.replace(/,/g, ""))), [
    60 + MOST_LINES + 30,
    60 + 900 + 30,
    MOST_LINES,
    MOST_LINES,
  ]);
  assert.equal(linesNote(linearStagesOf(mlp([2, 4, 1]), "test")), "", "no note when all are drawn");
  const wide = net.linears()[1]; // 900 weights
  const drawn = drawnWeights({ layer: wide } as never);
  assert.equal(drawn.length, MOST_LINES);
  const smallestDrawn = Math.min(...drawn.map((k) => Math.abs(wide.W.data[k])));
  const largestLeft = Math.max(
    ...Array.from(wide.W.data, Math.abs).filter((_, k) => !drawn.includes(k)),
  );
  assert.ok(smallestDrawn >= largestLeft, "the drawn weights are the largest");
  // "The seed fixes the generated data, the split, the initial weights": the same seed gives the
  // same of each, another seed other ones; own points stay the reader's whatever the seed.
  assert.match(html, /The seed fixes the generated data, the split, the initial weights/);
  const arrays = (s: Session) =>
    [s.data.X, s.train.X, s.net.parameters()[0].value].map((t) => Array.from(t.data));
  const [a, b, c] = [1, 1, 2].map((seed) => arrays(new Session({ ...defaults(), seed })));
  assert.deepEqual(a, b);
  a.forEach((v, k) => assert.notDeepEqual(v, c[k], `seed 1 and 2, part ${k}`));
  const points = Array.from(
    { length: 20 },
    (_, i) => ({ x1: i / 20, x2: (i % 3) / 3, label: i % 2 }),
  );
  const [own1, own2] = [1, 2].map((seed) =>
    new Session({ ...defaults(), data: "own", seed }, points as never)
  );
  assert.deepEqual(Array.from(own1.data.X.data), Array.from(own2.data.X.data));
  assert.notDeepEqual(Array.from(own1.train.X.data), Array.from(own2.train.X.data));
});
