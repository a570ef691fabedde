// The optimisers other than plain SGD (heavy-ball momentum, Adam) and the L1 penalty: their
// updates against a hand computation from the formulas, on a problem small enough to do by
// hand, and their settings' checks.
import assert from "node:assert/strict";
import {
  assertAllClose,
  checkOptimizerOptions,
  fit,
  l1Penalty,
  Linear,
  Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  Sequential,
  Tensor,
  trainEpochs,
  trainSteps,
} from "nn";

// One input, one output: ŷ = w·x + b on two samples, MSE = (1/2)·Σ(ŷ − y)², so that
// ∂/∂w = Σ(ŷ − y)·x and ∂/∂b = Σ(ŷ − y).
const X = Tensor.from([[1], [2]]);
const Y = Tensor.from([[1], [3]]);
const W0 = 0.5, B0 = 0.1;

function tiny(): Sequential {
  return new Sequential([Linear.fromWeights(Tensor.from([[W0]]), Tensor.row([B0]))]);
}

type Hand = Omit<OptimizerOptions, "optimizer"> & { optimizer: OptimizerName };

/** w and b after `steps` full-batch steps, computed here with scalars from the formulas. */
function byHand(o: Hand, steps: number): [number, number] {
  const beta = o.momentum ?? (o.optimizer === "momentum" ? 0.9 : 0);
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.epsilon ?? 1e-8;
  const l2 = o.weightDecay ?? 0, l1 = o.l1 ?? 0;
  let w = W0, b = B0, vw = 0, vb = 0, mw = 0, mb = 0, sw = 0, sb = 0;
  for (let t = 1; t <= steps; t++) {
    const r1 = w * 1 + b - 1, r2 = w * 2 + b - 3;
    const gw = r1 * 1 + r2 * 2 + l2 * w + l1 * Math.sign(w); // the penalties: weights only
    const gb = r1 + r2;
    if (o.optimizer === "adam") {
      mw = b1 * mw + (1 - b1) * gw;
      mb = b1 * mb + (1 - b1) * gb;
      sw = b2 * sw + (1 - b2) * gw * gw;
      sb = b2 * sb + (1 - b2) * gb * gb;
      w -= o.lr * (mw / (1 - b1 ** t)) / (Math.sqrt(sw / (1 - b2 ** t)) + eps);
      b -= o.lr * (mb / (1 - b1 ** t)) / (Math.sqrt(sb / (1 - b2 ** t)) + eps);
    } else {
      vw = beta * vw + gw;
      vb = beta * vb + gb;
      w -= o.lr * vw;
      b -= o.lr * vb;
    }
  }
  return [w, b];
}

function weights(net: Sequential): [number, number] {
  const [W, b] = net.parameters();
  return [W.value.data[0], b.value.data[0]];
}

const CASES: Hand[] = [
  { optimizer: "sgd", lr: 0.05 },
  { optimizer: "momentum", lr: 0.05 },
  { optimizer: "momentum", lr: 0.05, momentum: 0.5, weightDecay: 0.1 },
  { optimizer: "adam", lr: 0.05 },
  { optimizer: "adam", lr: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-3 },
  { optimizer: "adam", lr: 0.05, weightDecay: 0.2, l1: 0.3 },
  { optimizer: "sgd", lr: 0.05, l1: 0.3 },
];

Deno.test("one and two steps of sgd, momentum and Adam are the formulas' updates, on both backends", () => {
  for (const c of CASES) {
    for (const steps of [1, 2]) {
      for (const backend of ["reference", "fast"]) {
        const net = tiny();
        fit(net, X, Y, { ...c, epochs: steps, backend });
        assertAllClose(weights(net), byHand(c, steps), { rtol: 1e-12, atol: 1e-14 });
      }
    }
  }
});

Deno.test("the hand computation's first steps, in numbers: momentum's second step adds 0.9 of the first", () => {
  // Step 1 from w = 0.5, b = 0.1: residuals 0.5 + 0.1 − 1 = −0.4 and 1 + 0.1 − 3 = −1.9,
  // so ∂/∂w = −0.4 − 3.8 = −4.2 and ∂/∂b = −2.3.
  const [w1, b1] = byHand({ optimizer: "sgd", lr: 0.05 }, 1);
  assertAllClose([w1, b1], [0.5 + 0.05 * 4.2, 0.1 + 0.05 * 2.3], { rtol: 1e-14 });
  // Adam's first step is lr·g/(|g| + ε): lr against the gradient's sign, to within ε.
  const [wa, ba] = byHand({ optimizer: "adam", lr: 0.05 }, 1);
  assertAllClose([wa, ba], [0.55, 0.15], { rtol: 1e-8 });
  // Momentum's second velocity is 0.9·(first gradient) + the second gradient.
  const net = tiny();
  fit(net, X, Y, { optimizer: "momentum", lr: 0.05, epochs: 1 });
  const [wm, bm] = weights(net);
  const g2w = (wm + bm - 1) + 2 * (2 * wm + bm - 3), g2b = (wm + bm - 1) + (2 * wm + bm - 3);
  fit(net, X, Y, { optimizer: "momentum", lr: 0.05, epochs: 1 }); // a new optimiser: v from 0
  assertAllClose(weights(net), [wm - 0.05 * g2w, bm - 0.05 * g2b], { rtol: 1e-12 });
  const twice = tiny();
  fit(twice, X, Y, { optimizer: "momentum", lr: 0.05, epochs: 2 });
  assertAllClose(
    weights(twice),
    [wm - 0.05 * (0.9 * -4.2 + g2w), bm - 0.05 * (0.9 * -2.3 + g2b)],
    { rtol: 1e-12 },
  );
});

Deno.test("an optimiser's state lives with its training: trainSteps, trainEpochs and fit agree", () => {
  for (const optimizer of ["momentum", "adam"] as const) {
    const options = { optimizer, lr: 0.05, epochs: 3 };
    const a = tiny(), b = tiny(), c = tiny();
    fit(a, X, Y, options);
    [...trainEpochs(b, X, Y, options)];
    [...trainSteps(c, X, Y, options)];
    assert.deepEqual(weights(b), weights(a));
    assert.deepEqual(weights(c), weights(a));
    assertAllClose(weights(a), byHand(options, 3), { rtol: 1e-12 });
  }
});

Deno.test("the Optimizer class counts its steps and gives two alike optimisers the same weights", () => {
  const run = () => {
    const net = tiny();
    const opt = new Optimizer(net.parameters(), { optimizer: "adam", lr: 0.05, l1: 0.1 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      const yHat = net.forward(X);
      net.backward(new Tensor(2, 1, yHat.data.map((v, k) => v - Y.data[k])));
      opt.step();
    }
    return { steps: opt.steps, w: weights(net) };
  };
  const first = run();
  assert.equal(first.steps, 3);
  assert.deepEqual(run(), first);
  assertAllClose(first.w, byHand({ optimizer: "adam", lr: 0.05, l1: 0.1 }, 3), { rtol: 1e-12 });
});

Deno.test("L1: the penalty's finite-difference gradient is λ₁·sign(w), and a weight at 0 gets none", () => {
  const layer = Linear.fromWeights(Tensor.from([[0.7], [-1.3]]), Tensor.row([0.4]));
  const params = layer.parameters();
  const lambda = 0.25, h = 1e-6;
  for (let i = 0; i < 2; i++) {
    const W = layer.W.data, w = W[i];
    W[i] = w + h;
    const up = l1Penalty(params, lambda);
    W[i] = w - h;
    const down = l1Penalty(params, lambda);
    W[i] = w;
    assertAllClose((up - down) / (2 * h), lambda * Math.sign(w), { rtol: 1e-8 });
  }
  // One step with zero gradients: each weight moves by lr·λ₁ towards 0, the bias and a zero
  // weight do not move.
  const zero = Linear.fromWeights(Tensor.from([[0.7], [0]]), Tensor.row([0.4]));
  new Optimizer(zero.parameters(), { lr: 0.1, l1: lambda }).step();
  assertAllClose(zero.W, [[0.7 - 0.1 * lambda], [0]], { rtol: 1e-15 });
  assert.deepEqual([...zero.b.data], [0.4]);
});

Deno.test("bad optimiser settings name the option, the value and what was expected; the model is unchanged", () => {
  const rows: [Record<string, unknown>, RegExp][] = [
    [{ optimizer: "adma" }, /optimizer must be "sgd", "momentum" or "adam", got "adma"/],
    [
      { optimizer: "adam", momentum: 0.9 },
      /momentum is a setting of "sgd" and "momentum", not of "adam".*got momentum 0\.9/,
    ],
    [
      { optimizer: "sgd", beta1: 0.9 },
      /beta1 is a setting of "adam", not of "sgd", got beta1 0\.9/,
    ],
    [{ optimizer: "momentum", epsilon: 1e-6 }, /epsilon is a setting of "adam", not of "momentum"/],
    [{ optimizer: "momentum", momentum: 1 }, /Momentum must be in \[0, 1\), got 1/],
    [{ optimizer: "adam", beta1: 1 }, /beta1 must be in \[0, 1\), got 1/],
    [{ optimizer: "adam", beta2: -0.1 }, /beta2 must be in \[0, 1\), got -0\.1/],
    [{ optimizer: "adam", epsilon: 0 }, /epsilon must be a finite number > 0, got 0/],
    [{ l1: -1 }, /l1 must be a finite number ≥ 0, got -1/],
    [{ l1: NaN }, /l1 must be a finite number ≥ 0, got NaN/],
    [{ betas: [0.9, 0.999] }, /fit has no option "betas"/],
  ];
  for (const [bad, message] of rows) {
    for (const backend of ["reference", "fast"]) {
      const net = tiny();
      assert.throws(
        () => fit(net, X, Y, { lr: 0.1, epochs: 2, backend, ...bad } as never),
        message,
      );
      assert.deepEqual(weights(net), [W0, B0]);
    }
  }
  assert.throws(() => new Optimizer(tiny().parameters(), { lr: 0.1, l1: -2 }), /l1 must be/);
  assert.equal(checkOptimizerOptions({ lr: 0.1 }).optimizer, "sgd");
});
