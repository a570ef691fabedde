// The recurrent layer: the readable loops against cases worked by hand and against PyTorch's
// formula written out, the stage forms (matrix products) against the loops, backpropagation
// through time against finite differences, and a network of a recurrent layer and a Linear layer
// trained by both backends to the same losses and weights.
import assert from "node:assert/strict";
import {
  assertAllClose,
  checkLayer,
  createTraining,
  fastBackend,
  fastProducts,
  fit,
  forwardStages,
  Linear,
  predict,
  referenceBackend,
  referenceProducts,
  Rng,
  RNN,
  Sequential,
  stageOutputs,
  stagesOf,
  Tensor,
} from "nn";
import { assertSmall } from "./_gradients.ts";

Deno.test("a tanh cell over two steps, worked by hand", () => {
  // One input, one hidden unit: Wx = 2, Wh = 0.5, b = −1, input x = [1, 3].
  const rnn = new RNN(1, 1, { steps: 2 });
  rnn.Wx.data[0] = 2;
  rnn.Wh.data[0] = 0.5;
  rnn.b.data[0] = -1;
  const h1 = Math.tanh(2 * 1 - 1);
  const h2 = Math.tanh(2 * 3 + 0.5 * h1 - 1);
  assert.deepEqual(rnn.forward(Tensor.from([[1, 3]])).toArray(), [[h1, h2]]);
  // Backward for a gradient 1 on h2 only: dz2 = 1 − h2², and dz1 = dz2 · 0.5 · (1 − h1²).
  rnn.zeroGrad();
  const dX = rnn.backward(Tensor.from([[0, 1]]));
  const dz2 = 1 - h2 * h2, dz1 = dz2 * 0.5 * (1 - h1 * h1);
  assertAllClose(dX, Tensor.from([[dz1 * 2, dz2 * 2]]), { rtol: 1e-15, atol: 0 });
  assertAllClose(rnn.dWh, Tensor.from([[dz2 * h1]]), { rtol: 1e-15, atol: 0 });
  assertAllClose(rnn.dWx, Tensor.from([[dz1 * 1 + dz2 * 3]]), { rtol: 1e-15, atol: 0 });
  assertAllClose(rnn.db, Tensor.from([[dz1 + dz2]]), { rtol: 1e-15, atol: 0 });
});

Deno.test("output 'last' gives h_T, the last hiddenSize values of output 'all'", () => {
  const rng = new Rng(3);
  const all = new RNN(2, 3, { steps: 4, seed: 1 });
  const last = new RNN(2, 3, { steps: 4, seed: 1, output: "last" });
  assert.equal(all.outWidth, 12);
  assert.equal(last.outWidth, 3);
  assert.equal(last.inWidth, 8);
  const X = Tensor.normal(5, 8, rng);
  const A = all.forward(X), L = last.forward(X);
  for (let n = 0; n < 5; n++) {
    assert.deepEqual([...L.data.subarray(n * 3, n * 3 + 3)], [
      ...A.data.subarray(n * 12 + 9, n * 12 + 12),
    ]);
  }
});

Deno.test("PyTorch's nn.RNN formula with weight_ih, weight_hh and two biases gives the same states", () => {
  // PyTorch: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), W_ih hidden × input, W_hh
  // hidden × hidden. Written out here, index by index, for random weights.
  const rng = new Rng(8);
  const I = 3, H = 4, T = 5;
  const Wih = Tensor.normal(H, I, rng), Whh = Tensor.normal(H, H, rng);
  const bih = Tensor.normal(1, H, rng), bhh = Tensor.normal(1, H, rng);
  const X = Tensor.normal(2, T * I, rng);
  const want: number[][] = [];
  for (let n = 0; n < 2; n++) {
    let h = new Array(H).fill(0);
    const row: number[] = [];
    for (let t = 0; t < T; t++) {
      h = Array.from({ length: H }, (_, i) => {
        let s = bih.data[i] + bhh.data[i];
        for (let k = 0; k < I; k++) s += Wih.get(i, k) * X.get(n, t * I + k);
        for (let k = 0; k < H; k++) s += Whh.get(i, k) * h[k];
        return Math.tanh(s);
      });
      row.push(...h);
    }
    want.push(row);
  }
  const rnn = new RNN(I, H, { steps: T });
  for (let i = 0; i < H; i++) {
    for (let k = 0; k < I; k++) rnn.Wx.set(k, i, Wih.get(i, k)); // Wx = W_ihᵀ
    for (let k = 0; k < H; k++) rnn.Wh.set(k, i, Whh.get(i, k)); // Wh = W_hhᵀ
    rnn.b.data[i] = bih.data[i] + bhh.data[i];
  }
  assertAllClose(rnn.forward(X), Tensor.from(want), { rtol: 1e-13, atol: 1e-14 });
});

function randomCase(
  seed: number,
  options: { activation: "tanh" | "relu" | "identity"; output: "all" | "last" },
) {
  const rng = new Rng(seed);
  const rnn = new RNN(3, 4, { steps: 5, rng, ...options });
  rnn.b.data.set([0.1, -0.2, 0.3, 0.05]);
  const X = Tensor.normal(6, rnn.inWidth, rng);
  const dOut = Tensor.normal(6, rnn.outWidth, rng);
  return { rnn, X, dOut, rng };
}

const CASES = [
  { activation: "tanh", output: "all" },
  { activation: "tanh", output: "last" },
  { activation: "relu", output: "all" },
  { activation: "identity", output: "last" },
] as const;

Deno.test("the stage forward equals the readable loops: exactly with the readable products, closely with the fast ones", () => {
  for (const [i, options] of CASES.entries()) {
    const { rnn, X } = randomCase(10 + i, options);
    const want = rnn.forward(X);
    for (const [products, exact] of [[referenceProducts, true], [fastProducts, false]] as const) {
      const Z = new Float64Array(X.rows * rnn.outWidth);
      rnn.forwardInto(X.data, Z, X.rows, products);
      if (exact) assert.deepEqual(Z, want.data, JSON.stringify(options));
      else assertAllClose(new Tensor(X.rows, rnn.outWidth, Z), want, { rtol: 1e-12, atol: 1e-12 });
    }
  }
});

Deno.test("the stage backward equals the readable backward, after its own forward or on a batch it has not seen", () => {
  for (const [i, options] of CASES.entries()) {
    const { rnn, X, dOut } = randomCase(20 + i, options);
    rnn.zeroGrad();
    rnn.forward(X);
    const dX = rnn.backward(dOut);
    const grads = [rnn.dWx.clone(), rnn.dWh.clone(), rnn.db.clone()];
    const other = Tensor.normal(X.rows, rnn.inWidth, new Rng(99));
    for (const products of [referenceProducts, fastProducts]) {
      for (const fresh of [true, false]) {
        const Z = new Float64Array(X.rows * rnn.outWidth);
        // fresh: forwardInto on this batch first; else on another batch, so backward reruns it.
        rnn.forwardInto(fresh ? X.data : other.data, Z, X.rows, products);
        const dInput = new Float64Array(X.rows * rnn.inWidth);
        rnn.backwardInto(X.data, dOut.data, X.rows, dInput, products);
        const close = { rtol: 1e-12, atol: 1e-12 };
        assertAllClose(rnn.dWx, grads[0], close);
        assertAllClose(rnn.dWh, grads[1], close);
        assertAllClose(rnn.db, grads[2], close);
        assertAllClose(new Tensor(X.rows, rnn.inWidth, dInput), dX, close);
      }
    }
  }
});

Deno.test("backpropagation through time matches finite differences, Wh through five steps included", () => {
  for (const [i, options] of CASES.entries()) {
    const { rnn, X } = randomCase(30 + i, options);
    const r = checkLayer(rnn, X, { eps: 1e-5 });
    assertSmall(r, `RNN ${JSON.stringify(options)}`);
    assert.equal(r.checked, X.size + 3 * 4 + 4 * 4 + 4);
  }
});

Deno.test("the first input reaches the last state only through Wh: with Wh = 0 its gradient is 0", () => {
  const { rnn, X } = randomCase(40, { activation: "tanh", output: "last" });
  const dOut = Tensor.ones(X.rows, rnn.outWidth);
  rnn.forward(X);
  const before = rnn.backward(dOut);
  assert.ok(before.data.subarray(0, 3).some((v) => Math.abs(v) > 1e-6));
  rnn.Wh.data.fill(0);
  rnn.forward(X);
  const dX = rnn.backward(dOut);
  for (let n = 0; n < X.rows; n++) {
    // Steps 1…4 of each sample get nothing; step 5 gets its own gradient.
    assert.ok(dX.data.subarray(n * 15, n * 15 + 12).every((v) => v === 0));
    assert.ok(dX.data.subarray(n * 15 + 12, n * 15 + 15).some((v) => v !== 0));
  }
});

/** A recurrent layer (2 inputs a step, 6 steps, 5 hidden, last state) and a Linear layer. */
function smallRnn(seed: number, activation: "tanh" | "relu" = "tanh"): Sequential {
  const rng = new Rng(seed);
  return new Sequential([
    new RNN(2, 5, { steps: 6, output: "last", activation, rng, init: "xavier" }),
    new Linear(5, 1, { rng, init: "xavier" }),
  ]);
}

Deno.test("a network of a recurrent layer and a Linear layer trains on both backends alike", () => {
  const rng = new Rng(9);
  const X = Tensor.normal(32, 12, rng);
  // Target: the sum of the first step's two inputs, which the last state must remember.
  const y = Tensor.from(Array.from({ length: 32 }, (_, n) => [X.get(n, 0) + X.get(n, 1)]));
  for (const activation of ["tanh", "relu"] as const) {
    const netFast = smallRnn(1, activation), netRef = smallRnn(1, activation);
    assert.deepEqual(stagesOf(netFast).map((s) => s.layer.constructor.name), ["RNN", "Linear"]);
    const options = { lr: 0.05, epochs: 20, batchSize: 8, momentum: 0.5, seed: 3 };
    const fast = fit(netFast, X, y, { ...options, backend: "fast" });
    const reference = createTraining([referenceBackend, fastBackend]).fit(netRef, X, y, options);
    assert.equal(fast.backend, "fast");
    assert.equal(reference.backend, "reference");
    assertAllClose(Tensor.row(fast.losses), Tensor.row(reference.losses), {
      rtol: 1e-10,
      atol: 1e-12,
    });
    netFast.parameters().forEach((p, i) => {
      assertAllClose(p.value, netRef.parameters()[i].value, { rtol: 1e-10, atol: 1e-12 });
    });
    assert.ok(fast.losses.at(-1)! < 0.5 * fast.losses[0], `${activation}: ${fast.losses}`);
    // Predictions and every stage's output through the one forward pass agree with forward.
    const want = netRef.forward(X);
    assertAllClose(predict(netRef, X), want, { rtol: 1e-12, atol: 1e-12 });
    assert.deepEqual(forwardStages(netRef, X).data, want.data);
    const [states, out] = stageOutputs(netRef, X);
    assert.deepEqual(states.A.shape, [32, 5]);
    assert.deepEqual(out.A.data, want.data);
  }
});

Deno.test("sizes that do not fit are refused with what was expected", () => {
  const rnn = new RNN(3, 2, { steps: 4 });
  assert.throws(
    () => rnn.forward(Tensor.zeros(2, 13)),
    /RNN.forward takes 4 time steps of 3 values \(12 per sample\), but X is 2×13: 13 is not a multiple of the input size 3/,
  );
  assert.throws(
    () => rnn.forward(Tensor.zeros(2, 15)),
    /RNN.forward takes 4 time steps of 3 values \(12 per sample\), but X is 2×15: 5 time steps/,
  );
  assert.throws(
    () => stagesOf(new Sequential([new RNN(1, 4, { steps: 3 }), new Linear(4, 1)])),
    /layer 2 takes 4 values per sample but the layer before gives 12/,
  );
});
