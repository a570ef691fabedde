import assert from "node:assert/strict";
import {
  add,
  assertAllClose,
  fit,
  type FitOptions,
  leastSquares,
  matmul,
  mlp,
  moons,
  mse,
  relu,
  type Sequential,
  SGD,
  solve,
  Tensor,
  trainEpochs,
  TrainingDivergedError,
  trainSteps,
  xor,
} from "nn";

Deno.test("the best linear fit to XOR predicts 0.5 everywhere, with MSE 0.25", () => {
  const { X, y } = xor();
  const { W, b } = leastSquares(X, y);
  const yHat = add(matmul(X, W), b);
  assertAllClose(yHat, [[0.5], [0.5], [0.5], [0.5]], { rtol: 1e-12, atol: 1e-12 });
  assertAllClose(mse(yHat, y), 0.25, { rtol: 1e-12 });
  assertAllClose(W, [[0], [0]], { atol: 1e-12 });
});

Deno.test("least squares recovers an exact linear relationship", () => {
  const X = Tensor.from([[1, 2], [3, 1], [0, 5], [2, 2], [4, 0]]);
  const y = add(matmul(X, Tensor.from([[2], [-1]])), Tensor.from([[0.5]]));
  const { W, b } = leastSquares(X, y);
  assertAllClose(W, [[2], [-1]], { rtol: 1e-10 });
  assertAllClose(b, [[0.5]], { rtol: 1e-10 });
  assert.throws(() => solve(Tensor.from([[1, 2], [2, 4]]), Tensor.column([1, 2])), /singular/);
});

Deno.test("a 2-4-1 ReLU network from seed 3 reaches 100% XOR accuracy", () => {
  const { X, y } = xor();
  const net = mlp([2, 4, 1], { seed: 3 });
  const { losses } = fit(net, X, y, { lr: 0.1, epochs: 2000 });
  const predictions = Array.from(net.forward(X).data, (v) => (v > 0.5 ? 1 : 0));
  assert.deepEqual(predictions, [0, 1, 1, 0]);
  assert.ok(losses[0] > 0.1 && losses.at(-1)! < 1e-3, `loss went ${losses[0]} → ${losses.at(-1)}`);
});

Deno.test("training is deterministic, full batch and mini-batch", () => {
  const { X, y } = moons({ n: 60, seed: 2 });
  for (const batchSize of [undefined, 8]) {
    const run = () => {
      const net = mlp([2, 6, 1], { seed: 4 });
      return fit(net, X, y, { lr: 0.05, epochs: 20, batchSize, seed: 9 }).losses;
    };
    assert.deepEqual(run(), run());
  }
});

Deno.test("mini-batches with momentum lower the loss on moons", () => {
  const { X, y } = moons({ n: 200, seed: 1, noise: 0.05 });
  const net = mlp([2, 16, 1], { seed: 1 });
  const { losses } = fit(net, X, y, { lr: 0.05, epochs: 100, batchSize: 16, momentum: 0.9 });
  assert.ok(losses.at(-1)! < losses[0] / 4, `loss went ${losses[0]} → ${losses.at(-1)}`);
});

Deno.test("diverging training stops and names the epoch and the learning rate", () => {
  const { X, y } = xor();
  const net = mlp([2, 8, 1], { seed: 0, activation: "identity" });
  assert.throws(
    () =>
      fit(net, Tensor.from(X.toArray().map((r) => r.map((v) => 1000 * v))), y, {
        lr: 10,
        epochs: 100,
      }),
    (e: unknown) =>
      e instanceof TrainingDivergedError &&
      /^Training diverged in epoch \d+: (the predictions became NaN or infinite, so the weights grew without bound|the mse loss of finite predictions overflowed to Infinity); the steps of lr = 10 are too large for this network and data: try a smaller learning rate than 10$/
        .test(
          e.message,
        ) &&
      e.epoch >= 1,
  );
});

Deno.test("onEpoch sees every epoch and can stop early", () => {
  const { X, y } = xor();
  const seen: number[] = [];
  const { losses } = fit(mlp([2, 4, 1], { seed: 3 }), X, y, {
    lr: 0.1,
    epochs: 50,
    onEpoch: (epoch) => {
      seen.push(epoch);
      return epoch < 10;
    },
  });
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(losses.length, 10);
});

Deno.test("bad training arguments are refused with their names", () => {
  const { X, y } = xor();
  const net = mlp([2, 2, 1]);
  assert.throws(
    () => fit(net, X, y, { lr: 0, epochs: 1 }),
    /learning rate lr must be a finite number > 0, got 0/,
  );
  assert.throws(() => fit(net, X, y, { lr: -1, epochs: 1 }), /learning rate/);
  assert.throws(
    () => fit(net, X, y, { lr: 0.1, epochs: 0 }),
    /epochs must be a whole number ≥ 1, got 0/,
  );
  assert.throws(() => fit(net, X, y, { lr: 0.1, epochs: 1, batchSize: 0 }), /batchSize/);
  assert.throws(() => fit(net, X, Tensor.zeros(3, 1), { lr: 0.1, epochs: 1 }), /X 4×2 and y 3×1/);
  assert.throws(
    () => fit(net, X, Tensor.zeros(4, 2), { lr: 0.1, epochs: 1 }),
    /predicts 4×1 but y is 4×2/,
  );
  assert.throws(
    () => fit(net, X, y, { lr: 0.1, epochs: 1, loss: "hinge" as "mse" }),
    /Unknown loss "hinge"/,
  );
  assert.throws(
    () => new SGD(net.parameters(), { lr: 0.1, momentum: 1 }),
    /Momentum must be in \[0, 1\)/,
  );
});

Deno.test("each call of fit starts a new optimiser: momentum restarts from zero", () => {
  const { X, y } = xor();
  const twoCalls = (momentum: number) => {
    const net = mlp([2, 4, 1], { seed: 3 });
    fit(net, X, y, { lr: 0.1, epochs: 1, momentum });
    fit(net, X, y, { lr: 0.1, epochs: 1, momentum });
    return net.parameters().map((p) => p.value.toArray());
  };
  const oneCall = (momentum: number) => {
    const net = mlp([2, 4, 1], { seed: 3 });
    fit(net, X, y, { lr: 0.1, epochs: 2, momentum });
    return net.parameters().map((p) => p.value.toArray());
  };
  assert.deepEqual(twoCalls(0), oneCall(0));
  assert.notDeepEqual(twoCalls(0.9), oneCall(0.9));
});

Deno.test("trainEpochs is fit's loop, one epoch at a time", () => {
  const { X, y } = moons({ n: 40, seed: 3 });
  const options = { lr: 0.05, epochs: 12, batchSize: 8, momentum: 0.5, seed: 4 };
  const a = mlp([2, 5, 1], { seed: 1 }), b = mlp([2, 5, 1], { seed: 1 });
  const { losses } = fit(a, X, y, options);
  const reports = [...trainEpochs(b, X, y, options)];
  assert.deepEqual(reports.map((r) => r.loss), losses);
  assert.deepEqual(reports.map((r) => r.epoch), losses.map((_, i) => i + 1));
  assert.deepEqual(
    a.parameters().map((p) => p.value.toArray()),
    b.parameters().map((p) => p.value.toArray()),
  );
});

Deno.test("trainSteps is trainEpochs one batch at a time: the same weights and epoch losses, bit for bit, on both backends", () => {
  // 45 samples in batches of 8: five full batches and a last one of 5, reshuffled every epoch.
  const { X, y } = moons({ n: 45, seed: 5 });
  const options = { lr: 0.05, epochs: 7, batchSize: 8, momentum: 0.9, weightDecay: 1e-3, seed: 2 };
  const weights = (net: Sequential) => net.parameters().map((p) => [...p.value.data]);
  for (const backend of ["reference", "fast"]) {
    const a = mlp([2, 6, 1], { seed: 4 }), b = mlp([2, 6, 1], { seed: 4 });
    const epochs = [...trainEpochs(a, X, y, { ...options, backend })];
    const training = trainSteps(b, X, y, { ...options, backend });
    assert.equal(training.backend, backend);
    const steps = [...training];
    assert.equal(steps.length, 7 * 6);
    assert.deepEqual(steps.slice(0, 6).map((s) => [s.epoch, s.step, s.steps, s.rows]), [
      [1, 1, 6, 8],
      [1, 2, 6, 8],
      [1, 3, 6, 8],
      [1, 4, 6, 8],
      [1, 5, 6, 8],
      [1, 6, 6, 5],
    ]);
    // Only an epoch's last batch carries the epoch's loss: its samples' mean, from the batches'.
    assert.ok(steps.every((s) => (s.step === s.steps) === (s.epochLoss !== undefined)));
    const ends = steps.filter((s) => s.epochLoss !== undefined);
    assert.deepEqual(ends.map((s) => s.epochLoss), epochs.map((e) => e.loss), backend);
    ends.forEach((end, e) => {
      const batches = steps.slice(6 * e, 6 * e + 6);
      const mean = batches.reduce((sum, s) => sum + s.loss * s.rows, 0) / 45;
      assert.equal(end.epochLoss, mean);
    });
    assert.deepEqual(weights(b), weights(a), `${backend}: the weights, bit for bit`);
  }
});

Deno.test("trainSteps stopped after an epoch's last batch leaves fit's weights for those epochs", () => {
  const { X, y } = moons({ n: 24, seed: 1 });
  const options = { lr: 0.1, epochs: 3, batchSize: 4, seed: 3 };
  const weights = (net: Sequential) => net.parameters().map((p) => [...p.value.data]);
  const fitted = mlp([2, 3, 1], { seed: 2 });
  fit(fitted, X, y, { ...options, epochs: 1 });
  // Six batches of 4 make the first epoch: stopped there, the weights are fit's after one epoch.
  const stopped = mlp([2, 3, 1], { seed: 2 });
  for (const { epoch, step } of trainSteps(stopped, X, y, options)) {
    if (epoch === 1 && step === 6) break;
  }
  assert.deepEqual(weights(stopped), weights(fitted));
  // One batch more, and they are not.
  const further = mlp([2, 3, 1], { seed: 2 });
  for (const { epoch, step } of trainSteps(further, X, y, options)) {
    if (epoch === 2 && step === 1) break;
  }
  assert.notDeepEqual(weights(further), weights(fitted));
});

Deno.test("fit refuses bad options before any step, and leaves the model as it was", () => {
  const { X, y } = xor();
  const net = mlp([2, 3, 1], { seed: 1 });
  const before = net.parameters().map((p) => p.value.toArray());
  const cases: [unknown, RegExp][] = [
    [
      { lr: 0.1, epochs: 5, batchsize: 2 },
      /fit has no option "batchsize" \(did you mean "batchSize"\?\)/,
    ],
    [{ lr: 0.1, epochs: 5, onEpoch: 3 }, /onEpoch must be a function, got 3/],
    [{ lr: 0.1, epochs: 5, weightDecay: -1 }, /weightDecay must be a finite number ≥ 0, got -1/],
    [{ lr: 0.1, epochs: 5, seed: 1.5 }, /seed must be a whole number, got 1.5/],
    [undefined, /fit needs an options object such as \{ lr: 0.1, epochs: 100 \}, got undefined/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => fit(net, X, y, options as FitOptions), message);
  }
  assert.throws(
    () => fit(null as unknown as Sequential, X, y, { lr: 0.1, epochs: 1 }),
    /fit's model must be a layer or network .* got null/,
  );
  const withNaN = X.clone();
  withNaN.data[3] = NaN;
  assert.throws(
    () => fit(net, withNaN, y, { lr: 0.1, epochs: 1 }),
    /fit's inputs X must hold finite numbers, but row 1, column 1 is NaN/,
  );
  assert.deepEqual(net.parameters().map((p) => p.value.toArray()), before);
});

Deno.test("a weight that has become NaN behind a ReLU stops training on both backends, instead of reading as a silent unit", () => {
  const { X, y } = xor();
  for (const backend of ["reference", "fast"] as const) {
    const net = mlp([2, 4, 4, 1], { seed: 3 });
    // One first-layer weight is NaN: the unit's pre-activation is NaN for every input. A ReLU that
    // turned NaN into 0 would hide it behind an "off" unit, and the predictions would stay finite.
    net.linears()[0].W.data[0] = NaN;
    assert.throws(
      () => fit(net, X, y, { lr: 0.1, epochs: 5, backend }),
      (e: unknown) =>
        e instanceof TrainingDivergedError && e.epoch === 1 &&
        /the predictions became NaN or infinite/.test(e.message),
      backend,
    );
  }
  const withNaN = new Tensor(1, 1);
  withNaN.data[0] = NaN;
  assert.ok(Number.isNaN(relu(withNaN).data[0]), "ReLU passes NaN through");
  assert.deepEqual(relu(Tensor.from([[-2, 0, 3]])).toArray(), [[0, 0, 3]]);
});
