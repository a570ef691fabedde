// Bad input gets a clear error, never a silent wrong answer: one table of bad
// inputs to the public functions and the message each must produce, grouped by
// the ways input goes wrong. Every public function has at least one row (a
// test below fails when a new one has none), and calls that fail on objects
// they would change leave those objects as they were.
import assert from "node:assert/strict";
import * as nn from "nn";
import {
  ActivationLayer,
  ACTIVATIONS,
  checkGradients,
  Conv2d,
  fastBackend,
  fit,
  type FitOptions,
  fitStandardizer,
  Linear,
  LOSSES,
  MaxPool2d,
  mlp,
  planWorkbook,
  referenceBackend,
  relu,
  Rng,
  RNN,
  SGD,
  solve,
  sum,
  Tensor,
  TrainingDivergedError,
  TrainingWorkspace,
  WORKBOOK_LIMITS,
} from "nn";
import { as, type Row, t22, withNaN, X, y } from "./_bad_input.ts";
import * as core from "./core/_bad_input_rows.ts";
import * as fast from "./fast/_bad_input_rows.ts";
import * as excel from "./excel/_bad_input_rows.ts";
import * as notebook from "./notebook/_bad_input_rows.ts";

// Every part's table (in tests/lib/<part>/), for the test that every public function has a row.
const allRows: Row[] = [core, fast, excel, notebook].flatMap((part) => [
  ...part.groups.flatMap((g) => g.rows),
  ...part.asyncRows,
]);

// Public functions that take no input, so no input can be bad.
const NO_INPUT = ["defaultRng", "gemmKernel", "interruptRequested", "xor"];
// Error classes, which the library throws rather than checks input for.
const ERRORS = ["InterruptedError", "TrainingDivergedError"];

Deno.test("every public function has a row of bad input (a new one must get its own)", () => {
  const covered = new Set(allRows.map((r) => r[0]));
  const functions = Object.entries(nn).filter(([, v]) => typeof v === "function").map(([k]) => k);
  const missing = functions.filter((f) =>
    !covered.has(f) && !NO_INPUT.includes(f) && !ERRORS.includes(f)
  );
  assert.deepEqual(missing, [], `public functions with no bad-input row: ${missing.join(", ")}`);
  const unknown = [...covered].filter((f) => !functions.includes(f));
  assert.deepEqual(unknown, [], `rows for functions that are not public: ${unknown.join(", ")}`);
});

Deno.test("a failed call leaves the caller's objects as they were", () => {
  const net = mlp([2, 3, 1], { seed: 4 });
  const snapshot = () => net.parameters().map((p) => [p.value.toArray(), p.grad.toArray()]);
  const before = snapshot();
  const failing: (() => unknown)[] = [
    () => fit(net, X, y, as<FitOptions>({ lr: 0.1, epochs: 3, batchsize: 2 })),
    () => fit(net, X, Tensor.zeros(4, 2), { lr: 0.1, epochs: 3 }),
    () => fit(net, X, Tensor.zeros(4, 2), { lr: 0.1, epochs: 3, backend: "reference" }),
    () => fit(net, withNaN(X), y, { lr: 0.1, epochs: 3 }),
    () => fit(net, X, y, { lr: 0.1, epochs: 3, loss: "bce" }),
    () => net.backward(Tensor.zeros(4, 2)),
    () => planWorkbook(net, { X, y, lr: -1, steps: 1 }),
    () => new SGD(net.parameters(), { lr: 0.1, momentum: 1 }),
    () => fit(net, X, y, { lr: 0.1, epochs: 3, optimizer: "adam", beta2: 1 }),
    () => fit(net, X, y, { lr: 0.1, epochs: 3, l1: -1, backend: "reference" }),
  ];
  net.forward(X);
  for (const call of failing) {
    assert.throws(call);
    assert.deepEqual(snapshot(), before, `a failed ${call} changed the network`);
  }
  // A recurrent layer after its forward pass: failed calls change neither weights, gradients
  // nor what its backward pass will use.
  const rnn = new RNN(2, 3, { steps: 2, seed: 5 });
  const Xr = Tensor.normal(2, 4, new Rng(6)), dOut = Tensor.normal(2, 6, new Rng(7));
  rnn.forward(Xr);
  const state = () => rnn.parameters().map((p) => [p.value.toArray(), p.grad.toArray()]);
  const rnnBefore = state();
  for (
    const call of [
      () => rnn.forward(Tensor.zeros(2, 5)),
      () => rnn.backward(Tensor.zeros(2, 3)),
      () => rnn.forwardInto(Xr.data, new Float64Array(3), 2, nn.referenceProducts),
    ]
  ) {
    assert.throws(call);
    assert.deepEqual(state(), rnnBefore, `a failed ${call} changed the recurrent layer`);
  }
  const dX = rnn.backward(dOut);
  const fresh = new RNN(2, 3, { steps: 2, seed: 5 });
  fresh.forward(Xr);
  assert.deepEqual(dX.data, fresh.backward(dOut).data);
  // A NaN written into a tensor's data is still refused by what reads it, and stays where it was.
  const A = withNaN(t22());
  assert.throws(() => solve(A, Tensor.column([1, 2])));
  assert.ok(Number.isNaN(A.data[0]) && A.data[1] === 2);
});

Deno.test("the public tables cannot be changed by a caller, for everyone", () => {
  const tables: [string, object][] = [
    ["ACTIVATIONS", ACTIVATIONS],
    ["ACTIVATIONS.relu", ACTIVATIONS.relu],
    ["LOSSES", LOSSES],
    ["LOSSES.mse", LOSSES.mse],
    ["LOSSES.mse.excel", LOSSES.mse.excel!],
    ["WORKBOOK_LIMITS", WORKBOOK_LIMITS],
    ["referenceBackend", referenceBackend],
    ["fastBackend", fastBackend],
  ];
  for (const [name, table] of tables) {
    assert.ok(Object.isFrozen(table), `${name} is frozen`);
    assert.throws(() => {
      (table as Record<string, unknown>).extra = 1;
    }, TypeError);
  }
  assert.throws(() => {
    (ACTIVATIONS.relu as { f: (x: number) => number }).f = () => 1;
  }, TypeError);
  assert.equal(ACTIVATIONS.relu.f(-1), 0);
});

Deno.test("a gradient check at ReLU's kink says the point sits on a kink", () => {
  // relu(x) at x = 0: the slope is 0 from the left and 1 from the right.
  const x = Tensor.zeros(1, 1);
  const r = checkGradients(() => sum(relu(x)), [{ name: "x", value: x, grad: Tensor.zeros(1, 1) }]);
  assert.ok(r.maxRelativeError > 0.5);
  assert.equal(r.worst.onKink, true);
  assert.equal(r.kinks, 1);
  assert.match(
    r.summary,
    /that point sits on a kink: the slope is 0 from the left and 1.* from the right, so no single derivative exists there/,
  );
  // Off the kink, no such note.
  const x1 = Tensor.fill(1, 1, 0.3);
  const smooth = checkGradients(() => sum(relu(x1)), [{
    name: "x",
    value: x1,
    grad: Tensor.ones(1, 1),
  }]);
  assert.equal(smooth.kinks, 0);
  assert.ok(!/kink/.test(smooth.summary));
});

Deno.test("a diverging network says what diverged and stops", () => {
  assert.throws(
    () =>
      fit(mlp([2, 8, 1], { activation: "identity" }), Tensor.fill(4, 2, 1e6), y, {
        lr: 10,
        epochs: 50,
      }),
    (e: unknown) =>
      e instanceof TrainingDivergedError &&
      /^Training diverged in epoch \d+: /.test((e as Error).message),
  );
});

// The engine's own messages, which name nothing the caller wrote.
const ENGINE_MESSAGE =
  /Cannot read propert|is not a function|is not iterable|Invalid typed array length|Maximum call stack|Cannot convert|undefined is not|Array buffer allocation|Invalid array length|Cannot destructure|is not a constructor|Cannot set propert|Cannot use 'in'/;
const GENERIC_BAD: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["NaN", NaN],
  ["{}", {}],
  ["[]", []],
  ['"x"', "x"],
  ["-1", -1],
  ["1.5", 1.5],
  ["1e12", 1e12],
  ["Infinity", Infinity],
];

/** Calls `call` with each generic bad value in each position; returns what answered badly. */
function sweep(name: string, call: (args: unknown[]) => unknown, fill: unknown[]): string[] {
  const found: string[] = [];
  for (let argc = 1; argc <= fill.length; argc++) {
    for (let pos = 0; pos < argc; pos++) {
      for (const [label, bad] of GENERIC_BAD) {
        const args = fill.slice(0, argc).map((v, i) => (i === pos ? bad : v));
        const where = `${name} with argument ${pos + 1} of ${argc} = ${label}`;
        try {
          const r = call(args);
          if (typeof r === "number" && !Number.isFinite(r)) found.push(`${where} returned ${r}`);
        } catch (e) {
          const message = (e as Error)?.message ?? String(e);
          if (ENGINE_MESSAGE.test(message)) found.push(`${where}: ${message}`);
        }
      }
    }
  }
  return found;
}

Deno.test("no public function or method answers a generic bad value with an engine's message or a silent NaN", () => {
  // Left out: functions whose bad-input rows are async (above), and two that change shared
  // state (the default generator's seed), covered by its row.
  const left = new Set([
    "saveArtifact",
    "fitLive",
    "vegaLite",
    "exportWorkbook",
    "exportActivationsWorkbook",
    "exportSoftmaxWorkbook",
    "loadMnist",
    "loadCars",
    "seedDefaultRng",
    "TrainingDivergedError",
  ]);
  const found: string[] = [];
  for (const [name, f] of Object.entries(nn)) {
    if (typeof f !== "function" || left.has(name)) continue;
    const fn = f as (...args: unknown[]) => unknown;
    const isClass = /^[A-Z]/.test(name);
    found.push(
      ...sweep(name, (args) => isClass ? Reflect.construct(fn, args) : fn(...args), [X, y, {}]),
    );
  }
  const objects: [string, () => Record<string, unknown>][] = [
    ["Tensor", () => Tensor.from([[1, 2], [3, 4]]) as never],
    ["Rng", () => new Rng(1) as never],
    ["Linear", () => {
      const l = new Linear(2, 3, { seed: 1 });
      l.forward(X);
      return l as never;
    }],
    ["ActivationLayer", () => {
      const l = new ActivationLayer("relu");
      l.forward(X);
      return l as never;
    }],
    ["Sequential", () => {
      const n = mlp([2, 3, 1], { seed: 1 });
      n.forward(X);
      return n as never;
    }],
    ["SGD", () => new SGD(mlp([2, 3, 1]).parameters(), { lr: 0.1 }) as never],
    ["Conv2d", () => {
      const l = new Conv2d(1, 2, 2, { input: 2, seed: 1 });
      l.forward(Tensor.zeros(2, 4));
      return l as never;
    }],
    ["RNN", () => {
      const l = new RNN(1, 2, { steps: 2, seed: 1 });
      l.forward(Tensor.zeros(2, 2));
      return l as never;
    }],
    ["MaxPool2d", () => {
      const l = new MaxPool2d(1, { input: 2 });
      l.forward(Tensor.zeros(2, 4));
      return l as never;
    }],
    [
      "TrainingWorkspace",
      () => new TrainingWorkspace(mlp([2, 3, 1]), { batch: 4, lr: 0.1 }) as never,
    ],
    ["Standardizer", () => fitStandardizer(X) as never],
  ];
  for (const [name, make] of objects) {
    const sample = make();
    const methods = new Set([
      ...Object.getOwnPropertyNames(Object.getPrototypeOf(sample)),
      ...Object.keys(sample),
    ]);
    for (const m of methods) {
      if (m === "constructor" || typeof sample[m] !== "function") continue;
      found.push(
        ...sweep(
          `${name}.${m}`,
          (args) => (make()[m] as (...a: unknown[]) => unknown)(...args),
          [X.data, y.data, 4, 0.1, 0],
        ),
      );
    }
  }
  for (
    const s of ["from", "column", "row", "zeros", "ones", "fill", "uniform", "normal"] as const
  ) {
    found.push(
      ...sweep(
        `Tensor.${s}`,
        (args) => (Tensor[s] as (...a: unknown[]) => unknown)(...args),
        [2, 2, new Rng(1)],
      ),
    );
  }
  assert.deepEqual(found, []);
});
