// The playground's training settings beyond plain SGD (the optimiser, L1, dropout): their links,
// what a session trains with them, and, in Chromium, the controls that set them.
import assert from "node:assert/strict";
import { Dropout, fit, LOSSES, Sequential } from "nn";
import { type Config, DEFAULTS, defaults, fromHash, toHash } from "../../playground/config.ts";
import { buildNetwork } from "../../playground/network.ts";
import { Session } from "../../playground/session.ts";
import type { Page } from "./_chromium.ts";
import { playgroundSite, textOf } from "./_playground_page.ts";
import {
  beyondSgd,
  trainingNetwork,
  workbookTrainingNote,
} from "../../playground/training_options.ts";

const tuned: Config = { ...defaults(), optimizer: "adam", l1: 0.001, dropout: 0.2, lr: 0.01 };

Deno.test("links: the new settings round-trip, and a link without them means plain SGD as before", () => {
  const { config, problems } = fromHash(toHash(tuned));
  assert.deepEqual(problems, []);
  assert.deepEqual(config, tuned);
  assert.match(toHash(tuned), /&opt=adam&l1=0\.001&drop=0\.2/);
  // The defaults write no new keys: a plain-SGD link is the one the page always wrote.
  assert.doesNotMatch(toHash(defaults()), /opt=|l1=|drop=/);
  const old = fromHash("v=1&data=xor&lr=0.3&batch=all&l2=0.01");
  assert.deepEqual(old.problems, []);
  assert.deepEqual([old.config.optimizer, old.config.l1, old.config.dropout], ["sgd", 0, 0]);
  for (const optimizer of ["sgd", "momentum", "adam"] as const) {
    assert.equal(fromHash(toHash({ ...defaults(), optimizer })).config.optimizer, optimizer);
  }
});

Deno.test("links: a bad optimiser, L1 or dropout names the setting, the value, what was expected, and keeps the default", () => {
  const rows: [string, RegExp][] = [
    [
      "opt=rmsprop",
      /^The optimiser "rmsprop" is unknown \(use sgd, momentum, adam\); using opt=sgd$/,
    ],
    ["l1=-1", /^The L1 penalty must be from 0 to 10, got -1; using l1=0$/],
    ["l1=abc", /^The L1 penalty must be a number, got "abc"; using l1=0$/],
    ["drop=0.7", /^The dropout rate must be from 0 to 0\.5, got 0\.7; using drop=0$/],
    ["drop=", /^The dropout rate must be a number, got ""; using drop=0$/],
  ];
  for (const [part, message] of rows) {
    const { config, problems } = fromHash(`v=1&data=xor&${part}`);
    assert.equal(problems.length, 1, `${part}: ${problems.join(" | ")}`);
    assert.match(problems[0], message);
    assert.deepEqual(
      [config.optimizer, config.l1, config.dropout],
      [DEFAULTS.optimizer, DEFAULTS.l1, DEFAULTS.dropout],
    );
  }
});

/** Epochs until the training loss falls below `target`, or Infinity when not within `most`. */
function epochsTo(config: Config, target: number, most: number): number {
  const session = new Session(config);
  for (let e = 1; e <= most; e++) {
    session.run(1);
    session.record();
    if (session.scores.train.loss < target) return e;
  }
  return Infinity;
}

Deno.test("at lr 0.01 Adam takes the default XOR network below a loss of 0.05 far sooner than SGD", () => {
  // Measured with this seed: Adam in 13 epochs, momentum in 27, SGD in 231.
  const base = { ...defaults(), data: "xor" as const, lr: 0.01 };
  const adam = epochsTo({ ...base, optimizer: "adam" }, 0.05, 40);
  const momentum = epochsTo({ ...base, optimizer: "momentum" }, 0.05, 60);
  const sgd = epochsTo({ ...base, optimizer: "sgd" }, 0.05, 150);
  assert.ok(adam <= 40, `Adam: ${adam} epochs`);
  assert.ok(momentum <= 60, `momentum: ${momentum} epochs`);
  assert.equal(sgd, Infinity, "SGD at lr 0.01 is still above 0.05 after 150 epochs");
});

Deno.test("a session trains with the library's optimiser, L1 and dropout, and its views see the whole network", () => {
  const config = { ...tuned, batch: 0 };
  const session = new Session(config);
  session.run(5);
  session.record();
  // The same training by the library: the same layers with dropout layers seeded as the page's
  // first loop seeds them, full batch so the shuffles play no part.
  const reference = buildNetwork(config);
  const seed = config.seed * 1000003;
  fit(trainingNetwork(reference, config, seed), session.train.X, session.train.y, {
    lr: config.lr,
    epochs: 5,
    optimizer: "adam",
    l1: 0.001,
    seed,
  });
  assert.deepEqual(
    session.net.parameters().map((p) => [...p.value.data]),
    reference.parameters().map((p) => [...p.value.data]),
  );
  // Scores use the network without dropout: the library's prediction.
  assert.equal(
    session.scores.train.loss,
    LOSSES.mse.value(reference.forward(session.train.X), session.train.y),
  );
  // Dropout changes the training: without it the weights differ.
  const plain = new Session({ ...config, dropout: 0 });
  plain.run(5);
  plain.record();
  assert.notDeepEqual(
    plain.net.parameters().map((p) => [...p.value.data]),
    session.net.parameters().map((p) => [...p.value.data]),
  );
});

Deno.test("the training network shares the page's layers and puts dropout after each hidden layer only", () => {
  const config = { ...defaults(), hidden: [5, 3], dropout: 0.3 };
  const net = buildNetwork(config);
  const training = trainingNetwork(net, config, 7);
  assert.ok(training instanceof Sequential);
  assert.deepEqual(training.layers.map((l) => l.constructor.name), [
    "Linear",
    "ActivationLayer",
    "Dropout",
    "Linear",
    "ActivationLayer",
    "Dropout",
    "Linear",
  ]);
  assert.deepEqual(
    training.layers.filter((l) => l instanceof Dropout).map((d) => [d.inWidth, d.rate]),
    [[5, 0.3], [3, 0.3]],
  );
  assert.equal(training.parameters()[0].value, net.parameters()[0].value);
  assert.equal(trainingNetwork(net, { ...config, dropout: 0 }, 7), net);
});

Deno.test("a retune to Adam keeps the weights; the workbook note says the workbook's steps are plain SGD", () => {
  const session = new Session(defaults());
  session.run(3);
  session.record();
  const before = session.net.parameters().map((p) => [...p.value.data]);
  session.retune({ optimizer: "adam", dropout: 0.1 });
  assert.deepEqual(session.net.parameters().map((p) => [...p.value.data]), before);
  assert.match(session.link, /opt=adam&drop=0\.1/);
  session.run(2);
  session.record();
  assert.equal(session.epoch, 5);
  assert.equal(beyondSgd(defaults()), undefined);
  assert.equal(workbookTrainingNote(defaults()), "");
  assert.equal(beyondSgd(tuned), "Adam, L1 0.001 and dropout 0.2");
  assert.match(
    workbookTrainingNote({ ...defaults(), optimizer: "momentum" }),
    /^ This page trains with SGD with momentum; a workbook cannot: its steps are plain SGD/,
  );
});

// In Chromium: the page built as `./nn book` builds it, opened from disk with no network.
const { withPage } = playgroundSite("nn-playground-trainopts-");

/** Chooses `value` in the menu `id`, as a reader's pick does (a change event). */
const pick = (p: Page, id: string, value: string) =>
  p.evaluate(`{ const s = document.getElementById(${JSON.stringify(id)});
    s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change")); s.value }`);

Deno.test("in Chromium: Adam and dropout picked in the controls train XOR, go into the link, and the workbook note says what it lacks", async () => {
  await withPage("", async (p) => {
    const labels = await p.evaluate(`["optimizer", "l1", "dropout"].map((id) =>
      [document.getElementById(id).closest("label").firstChild.textContent.trim(),
        document.getElementById(id).closest("label").title !== ""])`) as string[];
    // Each with its label and a hint.
    assert.deepEqual(labels, [
      ["optimiser", true],
      ["L1 penalty", true],
      ["dropout (hidden layers)", true],
    ]);
    const menu = await p.evaluate(
      `[...document.getElementById("optimizer").options].map((o) => o.textContent)`,
    );
    assert.deepEqual(menu, ["SGD", "SGD with momentum", "Adam"]);
    assert.equal(await pick(p, "lr", "0.01"), "0.01");
    assert.equal(await pick(p, "optimizer", "adam"), "adam");
    // Measured without a browser: with dropout 0.1, Adam at lr 0.01 takes the default XOR
    // network's training loss to 0.039 in 60 epochs (with 0.2 it stays near 0.09: six and four
    // units leave little to drop).
    assert.equal(await pick(p, "dropout", "0.1"), "0.1");
    await p.waitFor(`location.hash.includes("opt=adam&drop=0.1")`, 5000);
    await p.click("#play");
    await p.waitFor(
      `Number(document.getElementById("score-train-loss").textContent) < 0.06`,
      60000,
    );
    await p.click("#play");
    await p.waitFor(`document.getElementById("play").getAttribute("aria-pressed") === "false"`);
    // The note is rewritten in the next frame after the pause.
    await p.waitFor(`document.getElementById("wb-what").textContent.startsWith("The workbook")`);
    assert.match(
      await textOf(p, "wb-what"),
      /This page trains with Adam and dropout 0\.1; a workbook cannot: its steps are plain SGD without them/,
    );
    // The settings survive a reload of the link.
    const hash = await p.evaluate("location.hash") as string;
    assert.equal(fromHash(hash).config.optimizer, "adam");
  });
});

Deno.test("in Chromium: a link with a bad optimiser and dropout says so and keeps plain SGD", async () => {
  await withPage("#v=1&data=xor&opt=rmsprop&drop=0.9", async (p) => {
    const shown = await textOf(p, "messages");
    assert.match(
      shown,
      /The optimiser "rmsprop" is unknown \(use sgd, momentum, adam\); using opt=sgd/,
    );
    assert.match(shown, /The dropout rate must be from 0 to 0\.5, got 0\.9; using drop=0/);
    const values = await p.evaluate(
      `["optimizer", "dropout"].map((id) => document.getElementById(id).value)`,
    );
    assert.deepEqual(values, ["sgd", "0"]);
  });
});
