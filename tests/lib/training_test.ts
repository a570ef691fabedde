import assert from "node:assert/strict";
import {
  add,
  assertAllClose,
  fit,
  leastSquares,
  matmul,
  mlp,
  moons,
  mse,
  SGD,
  solve,
  Tensor,
  TrainingDivergedError,
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
      /^Training diverged in epoch \d+: the loss became (NaN|Infinity)\. Try a smaller learning rate than 10$/
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
