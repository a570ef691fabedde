// Convolution and max pooling: the readable loops against a case worked by
// hand, the stage forms (im2col on the matrix products) against the loops,
// gradients against finite differences, and a network that mixes them with
// activations and Linear layers trained by both backends to the same losses.
import assert from "node:assert/strict";
import {
  ActivationLayer,
  assertAllClose,
  checkLayer,
  Conv2d,
  createTraining,
  fastBackend,
  fastProducts,
  fit,
  Linear,
  MaxPool2d,
  referenceBackend,
  referenceProducts,
  Rng,
  Sequential,
  stagesOf,
  Tensor,
} from "nn";

Deno.test("a convolution with stride 2 and padding 1, worked by hand", () => {
  // One 3×3 channel [[1, 2, 3], [4, 5, 6], [7, 8, 9]], a 3×3 kernel of ones, bias 0.5. Padded with
  // zeros to 5×5, the windows start at rows and columns −1 and 1: (3 + 2 − 3) / 2 + 1 = 2 each way.
  const conv = new Conv2d(1, 1, 3, { input: 3, stride: 2, padding: 1 });
  conv.W.data.fill(1);
  conv.b.data[0] = 0.5;
  assert.deepEqual(conv.outputSize, [2, 2]);
  const X = Tensor.from([[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  // Each window covers a 2×2 corner of the image: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
  assert.deepEqual(conv.forward(X).toArray(), [[12.5, 16.5, 24.5, 28.5]]);
});

Deno.test("two input channels and two output channels keep PyTorch's layout", () => {
  // Output channel 0 reads only input channel 0, output channel 1 only input channel 1 (1×1 kernels).
  const conv = new Conv2d(2, 2, 1, { input: [1, 2] });
  conv.W.data.set([2, 0, 0, 3]); // W[o][c]: o = 0 → 2·channel 0; o = 1 → 3·channel 1
  const X = Tensor.from([[1, 2, 10, 20]]); // channel 0 = [1, 2], channel 1 = [10, 20]
  assert.deepEqual(conv.forward(X).toArray(), [[2, 4, 30, 60]]);
  assert.equal(conv.inWidth, 4);
  assert.equal(conv.outWidth, 4);
});

function randomCase(seed: number) {
  const rng = new Rng(seed);
  const conv = new Conv2d(2, 3, [3, 2], { input: [6, 5], stride: 1, padding: 1, rng });
  conv.b.data.set([0.1, -0.2, 0.3]);
  const X = Tensor.normal(4, conv.inWidth, rng);
  return { conv, X, rng };
}

Deno.test("the stage form equals the readable loops: exactly with the readable products, closely with the fast ones", () => {
  const { conv, X } = randomCase(1);
  const want = conv.forward(X);
  for (const [products, exact] of [[referenceProducts, true], [fastProducts, false]] as const) {
    const Z = new Float64Array(X.rows * conv.outWidth);
    conv.forwardInto(X.data, Z, X.rows, products);
    if (exact) assert.deepEqual(Z, want.data);
    else assertAllClose(new Tensor(X.rows, conv.outWidth, Z), want, { rtol: 1e-12, atol: 1e-12 });
  }
});

Deno.test("the stage backward equals the readable backward", () => {
  const { conv, X, rng } = randomCase(2);
  const dZ = Tensor.normal(X.rows, conv.outWidth, rng);
  conv.zeroGrad();
  conv.forward(X);
  const dX = conv.backward(dZ);
  const dW = conv.dW.clone(), db = conv.db.clone();
  for (const products of [referenceProducts, fastProducts]) {
    const dInput = new Float64Array(X.rows * conv.inWidth);
    conv.backwardInto(X.data, dZ.data, X.rows, dInput, products);
    assertAllClose(conv.dW, dW, { rtol: 1e-12, atol: 1e-12 });
    assertAllClose(conv.db, db, { rtol: 1e-12, atol: 1e-12 });
    assertAllClose(new Tensor(X.rows, conv.inWidth, dInput), dX, { rtol: 1e-12, atol: 1e-12 });
  }
});

Deno.test("the stage forms equal the readable loops for strides, paddings and oblong kernels", () => {
  const geometries = [
    { inC: 2, outC: 3, kernel: 3, input: [7, 9], stride: 2, padding: 1 },
    { inC: 1, outC: 2, kernel: [2, 4], input: [10, 12], stride: 3, padding: 2 },
    { inC: 3, outC: 1, kernel: [1, 3], input: [4, 5], stride: 1, padding: 0 },
  ] as const;
  for (const [g, { inC, outC, kernel, input, stride, padding }] of geometries.entries()) {
    const rng = new Rng(20 + g);
    const conv = new Conv2d(inC, outC, kernel as number | [number, number], {
      input: input as [number, number],
      stride,
      padding,
      rng,
    });
    conv.b.data.forEach((_, o) => (conv.b.data[o] = 0.1 * (o + 1)));
    const X = Tensor.normal(5, conv.inWidth, rng), dZ = Tensor.normal(5, conv.outWidth, rng);
    const want = conv.forward(X);
    conv.zeroGrad();
    const dX = conv.backward(dZ), dW = conv.dW.clone(), db = conv.db.clone();
    for (const products of [referenceProducts, fastProducts]) {
      const Z = new Float64Array(X.rows * conv.outWidth);
      conv.forwardInto(X.data, Z, X.rows, products);
      assertAllClose(new Tensor(X.rows, conv.outWidth, Z), want, { rtol: 1e-12, atol: 1e-12 });
      const dInput = new Float64Array(X.rows * conv.inWidth);
      conv.backwardInto(X.data, dZ.data, X.rows, dInput, products);
      assertAllClose(conv.dW, dW, { rtol: 1e-12, atol: 1e-12 });
      assertAllClose(conv.db, db, { rtol: 1e-12, atol: 1e-12 });
      assertAllClose(new Tensor(X.rows, conv.inWidth, dInput), dX, { rtol: 1e-12, atol: 1e-12 });
    }
  }
});

Deno.test("the stage backward reuses forward's columns only for the same batch, and chunks a large one", () => {
  // 300 samples of 2 × 32×32 through 3×3 kernels: 18 × 900 column values per sample, more than
  // one chunk holds (2²⁰ values), so both stage forms go chunk by chunk.
  const rng = new Rng(5);
  const conv = new Conv2d(2, 3, 3, { input: 32, padding: 1, rng });
  const X = Tensor.normal(300, conv.inWidth, rng), dZ = Tensor.normal(300, conv.outWidth, rng);
  const want = conv.forward(X);
  conv.zeroGrad();
  const dX = conv.backward(dZ), dW = conv.dW.clone(), db = conv.db.clone();
  const Z = new Float64Array(X.rows * conv.outWidth);
  conv.forwardInto(X.data, Z, X.rows, referenceProducts);
  assert.deepEqual(Z, want.data);
  // A small batch, then another one: backward on the first must not use the second's columns.
  const first = X.data.slice(0, 4 * conv.inWidth),
    second = X.data.slice(4 * conv.inWidth, 8 * conv.inWidth);
  const few = new Float64Array(4 * conv.outWidth);
  conv.forwardInto(first, few, 4, fastProducts);
  conv.forwardInto(second, few, 4, fastProducts);
  for (const [rows, input] of [[4, first], [300, X.data]] as const) {
    const dInput = new Float64Array(rows * conv.inWidth);
    conv.backwardInto(input, dZ.data, rows, dInput, fastProducts);
    const sub = (t: Tensor) => new Tensor(rows, t.cols, t.data.subarray(0, rows * t.cols));
    if (rows === 300) {
      assertAllClose(conv.dW, dW, { rtol: 1e-10, atol: 1e-10 });
      assertAllClose(conv.db, db, { rtol: 1e-10, atol: 1e-10 });
    } else {
      const small = new Conv2d(2, 3, 3, { input: 32, padding: 1 });
      small.W.data.set(conv.W.data);
      small.forward(new Tensor(4, conv.inWidth, first));
      small.backward(sub(dZ));
      assertAllClose(conv.dW, small.dW, { rtol: 1e-12, atol: 1e-12 });
    }
    assertAllClose(new Tensor(rows, conv.inWidth, dInput), sub(dX), { rtol: 1e-12, atol: 1e-12 });
  }
});

// Max pooling by its definition, one window at a time: scanning rows top to bottom and each row
// left to right, the maximum so far moves only to a strictly larger value.
function poolByDefinition(
  x: number[],
  c: number,
  [h, w]: [number, number],
  [kh, kw]: [number, number],
  s: number,
): { out: number[]; at: number[] } {
  const oh = (h - kh) / s + 1, ow = (w - kw) / s + 1, out: number[] = [], at: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let bestAt = -1;
        for (let p = 0; p < kh; p++) {
          for (let q = 0; q < kw; q++) {
            const k = (ch * h + i * s + p) * w + j * s + q;
            if (bestAt < 0 || x[k] > x[bestAt]) bestAt = k;
          }
        }
        out.push(x[bestAt]);
        at.push(bestAt);
      }
    }
  }
  return { out, at };
}

Deno.test("max pooling equals its definition for 2×2 and other windows, ties included", () => {
  const cases: [[number, number], [number, number], number][] = [
    [[6, 8], [2, 2], 2],
    [[5, 5], [2, 2], 1],
    [[7, 7], [3, 3], 2],
    [[4, 6], [2, 3], 1],
    [[3, 3], [1, 1], 1],
  ];
  const rng = new Rng(11);
  for (const [input, kernel, stride] of cases) {
    const pool = new MaxPool2d(kernel, { input, channels: 2, stride });
    for (let r = 0; r < 3; r++) {
      // Few distinct values, so that many windows hold ties; r = 2 adds −0 next to 0.
      const x = Array.from({ length: pool.inWidth }, () => rng.int(3) - 1);
      if (r === 2) x.forEach((v, i) => (x[i] = v === 0 && i % 2 === 1 ? -0 : v));
      const { out, at } = poolByDefinition(x, 2, input, kernel, stride);
      const got = pool.forward(Tensor.from([x]));
      assert.deepEqual([...got.data], out, `${kernel} window, stride ${stride}`);
      const dOut = out.map((_, i) => i + 1);
      const want = new Array(pool.inWidth).fill(0);
      at.forEach((k, i) => (want[k] += dOut[i]));
      assert.deepEqual([...pool.backward(Tensor.from([dOut])).data], want);
    }
  }
});

Deno.test("gradients of convolution and pooling match finite differences", () => {
  const { conv, X } = randomCase(3);
  // The output is linear in every weight and input, so a larger step costs no truncation error and
  // keeps rounding (sums of 36 products) small against the smallest gradients.
  const r = checkLayer(conv, X, { eps: 1e-4 });
  assert.ok(r.maxRelativeError < 1e-6, `conv: ${r.maxRelativeError}`);
  // Random normal inputs have no ties, so pooling is differentiable at them.
  const pool = new MaxPool2d(2, { input: [6, 4], channels: 2 });
  const P = checkLayer(pool, Tensor.normal(3, pool.inWidth, new Rng(4)));
  assert.ok(P.maxRelativeError < 1e-6, `pool: ${P.maxRelativeError}`);
});

Deno.test("max pooling: windows, stride, and the first maximum takes a tie's gradient", () => {
  const pool = new MaxPool2d(2, { input: 4, stride: 2 });
  const X = Tensor.from([[1, 1, 0, 3, 1, 1, 3, 0, 5, 6, 7, 7, 8, 0, 7, 7]]);
  assert.deepEqual(pool.forward(X).toArray(), [[1, 3, 8, 7]]);
  const dX = pool.backward(Tensor.from([[1, 2, 3, 4]])).toArray()[0];
  // Window 1 is all ones: its first cell (0) takes 1. Window 2 has 3 twice: the first (3) takes 2.
  // Window 4 has 7 four times: the first (10) takes 4.
  assert.deepEqual(dX, [1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 0, 0]);
  // The stage form routes the same way.
  const Z = new Float64Array(4), dIn = new Float64Array(16);
  pool.forwardInto(X.data, Z, 1, referenceProducts);
  pool.backwardInto(X.data, new Float64Array([1, 2, 3, 4]), 1, dIn, referenceProducts);
  assert.deepEqual([...dIn], dX);
});

/** conv 3×3 (1 → 4 channels) → ReLU → pool 2 → Linear → 2 outputs, on 8×8 images. */
function smallCnn(seed: number): Sequential {
  const rng = new Rng(seed);
  return new Sequential([
    new Conv2d(1, 4, 3, { input: 8, padding: 1, rng }),
    new ActivationLayer("relu"),
    new MaxPool2d(2, { input: 8, channels: 4 }),
    new Linear(4 * 4 * 4, 2, { rng, init: "xavier" }),
  ]);
}

Deno.test("a network that mixes convolution, pooling, activations and Linear layers trains on both backends alike", () => {
  const rng = new Rng(9);
  const X = Tensor.normal(24, 64, rng);
  const y = Tensor.from(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? [1, 0] : [0, 1])));
  const net = smallCnn(1);
  assert.deepEqual(stagesOf(net).map((s) => s.layer.constructor.name), [
    "Conv2d",
    "MaxPool2d",
    "Linear",
  ]);
  const options = { lr: 0.05, epochs: 5, batchSize: 8, momentum: 0.5, seed: 3 };
  const fast = fit(smallCnn(1), X, y, { ...options, backend: "fast" });
  const reference = createTraining([referenceBackend, fastBackend]).fit(smallCnn(1), X, y, options);
  assert.equal(fast.backend, "fast");
  assert.equal(reference.backend, "reference");
  assertAllClose(Tensor.row(fast.losses), Tensor.row(reference.losses), {
    rtol: 1e-10,
    atol: 1e-12,
  });
  assert.ok(fast.losses.at(-1)! < fast.losses[0], `${fast.losses}`);
});

Deno.test("sizes that do not fit are refused with what was expected", () => {
  assert.throws(
    () => new Conv2d(1, 2, 5, { input: [3, 3], padding: 0 }),
    /Conv2d's height kernel size 5 is larger than the padded input \(3 \+ 2 × 0 = 3\)/,
  );
  assert.throws(
    () => new Conv2d(1, 2, 2, { input: 5, stride: 2 }),
    /Conv2d's output height is not a whole number: \(5 \+ 2 × 0 − 2\) \/ 2 \+ 1 = 2.5/,
  );
  const conv = new Conv2d(3, 2, 3, { input: 5 });
  assert.throws(
    () => conv.forward(Tensor.zeros(2, 50)),
    /Conv2d.forward takes 3 channel\(s\) of 5×5 = 75 values per sample, but X is 2×50/,
  );
  assert.throws(
    () =>
      new Sequential([new Conv2d(1, 2, 3, { input: 8 }), new Linear(10, 1)]) && stagesOf(
        new Sequential([new Conv2d(1, 2, 3, { input: 8 }), new Linear(10, 1)]),
      ),
    /layer 2 takes 10 values per sample but the layer before gives 72/,
  );
});
