// The fast path is proven equal to the readable reference: the packed,
// blocked matrix kernels against matmul, and fit's preallocated training loop
// against the layer classes.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type ActivationName,
  ACTIVATIONS,
  assertAllClose,
  canTrainFast,
  fit,
  gemm,
  gemmKernel,
  gemmNT,
  gemmTN,
  Linear,
  LOSSES,
  type LossName,
  matmul,
  matmulInto,
  mlp,
  oneHot,
  predict,
  Rng,
  setGemmKernel,
  Tensor,
  TrainingWorkspace,
  transpose,
  xor,
} from "nn";

// A fixed seed: every run checks the same cases, so a failure repeats.
fc.configureGlobal({ seed: 20261125 });

const TOL = { rtol: 1e-12, atol: 1e-12 };

function checkKernels(m: number, k: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const A = Tensor.normal(m, k, rng), B = Tensor.normal(k, n, rng);
  const want = matmul(A, B);
  // Scale the absolute floor by the size of the terms summed.
  const tol = { rtol: 1e-12, atol: 1e-13 * k };
  assertAllClose(matmulInto(A, B, Tensor.zeros(m, n)), want, tol);
  const C = new Float64Array(m * n).fill(1);
  gemm(A.data, B.data, C, m, k, n, true);
  assertAllClose(new Tensor(m, n, C), want.toArray().map((r) => r.map((v) => v + 1)), tol);
  const At = transpose(A), Bt = transpose(B);
  const D = new Float64Array(m * n);
  gemmTN(At.data, B.data, D, m, k, n);
  assertAllClose(new Tensor(m, n, D), want, tol);
  gemmNT(A.data, Bt.data, D, m, k, n);
  assertAllClose(new Tensor(m, n, D), want, tol);
}

for (const kernel of ["wasm-simd", "typescript"] as const) {
  const name = (what: string) => `${what} (${kernel} kernel)`;
  const using = (fn: () => void) => () => {
    const before = gemmKernel();
    setGemmKernel(kernel);
    try {
      fn();
    } finally {
      setGemmKernel(before);
    }
  };
  Deno.test(
    name("property: the fast kernels equal matmul on small and odd shapes, 1×n and n×1 included"),
    using(() => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 0, max: 2 ** 31 }),
          (m, k, n, s) => checkKernels(m, k, n, s),
        ),
        { numRuns: 200 },
      );
      for (const [m, k, n] of [[1, 9, 1], [1, 40, 33], [33, 40, 1], [7, 1, 5]]) {
        checkKernels(m, k, n, 3);
      }
    }),
  );

  Deno.test(
    name(
      "property: the blocked kernels equal matmul across block edges (k > 256, m > 64, n > 128)",
    ),
    using(() => {
      fc.assert(
        fc.property(
          fc.integer({ min: 33, max: 150 }),
          fc.integer({ min: 33, max: 600 }),
          fc.integer({ min: 33, max: 270 }),
          fc.integer({ min: 0, max: 2 ** 31 }),
          (m, k, n, s) => checkKernels(m, k, n, s),
        ),
        { numRuns: 12 },
      );
      checkKernels(257, 513, 129, 1);
      // A short k widens the B panel (up to 1,024 columns): its edges, with a ragged last sliver.
      for (const [m, k, n] of [[9, 25, 2103], [5, 200, 333], [66, 3, 2050]]) {
        checkKernels(m, k, n, 7);
      }
      // 1×n and n×1 large enough for the blocked path.
      for (const [m, k, n] of [[1, 3000, 20], [500, 300, 1], [1, 40000, 1], [70, 1, 500]]) {
        checkKernels(m, k, n, 5);
      }
    }),
  );
}

Deno.test("this machine runs large products on the WebAssembly SIMD kernel", () => {
  assert.equal(
    gemmKernel(),
    "wasm-simd",
    "WebAssembly SIMD should be available in Deno 2.9 on x86-64",
  );
  assert.throws(() => setGemmKernel("avx" as "typescript"), /Unknown kernel "avx"/);
});

Deno.test("a training workspace refuses what would read past its arrays", () => {
  const { X, y } = xor();
  const ws = new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0.1 });
  assert.throws(() => ws.step(X.data, y.data, 5), /takes 1 to 4 rows, got 5/);
  assert.throws(
    () => ws.step(X.data.subarray(0, 6), y.data, 4),
    /4 rows need 8 inputs and 4 targets, got 6 and 4/,
  );
  // The settings are checked once, when the workspace is made.
  assert.throws(
    () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0 }),
    /learning rate lr must be a finite number > 0, got 0/,
  );
  assert.throws(
    () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0.1, momentum: 1 }),
    /Momentum must be in \[0, 1\), got 1/,
  );
  assert.throws(
    () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 0, lr: 0.1 }),
    /batch size must be a whole number ≥ 1/,
  );
});

Deno.test("gemm refuses arrays that are too short", () => {
  assert.throws(
    () => gemm(new Float64Array(4), new Float64Array(4), new Float64Array(4), 2, 2.5, 2),
    /gemm: k must be a whole number ≥ 1, got 2.5/,
  );
  assert.throws(
    () => gemm(new Float64Array(3), new Float64Array(4), new Float64Array(4), 2, 2, 2),
    /arrays too short for 2×2 by 2×2: A 3/,
  );
  assert.throws(
    () => gemmTN(new Float64Array(4), new Float64Array(1), new Float64Array(4), 2, 2, 2),
    /gemmTN: arrays too short/,
  );
  assert.throws(
    () => gemmNT(new Float64Array(4), new Float64Array(4), new Float64Array(3), 2, 2, 2),
    /gemmNT: arrays too short/,
  );
  assert.throws(
    () => matmulInto(Tensor.zeros(2, 3), Tensor.zeros(3, 2), Tensor.zeros(2, 3)),
    /does not fit a 2×3 output/,
  );
  assert.throws(
    () => matmulInto(Tensor.zeros(2, 3), Tensor.zeros(2, 2), Tensor.zeros(2, 2)),
    /Cannot multiply 2×3 by 2×2/,
  );
});

// From the table: a new activation is covered here without touching this file.
const activations = Object.keys(ACTIVATIONS) as ActivationName[];

function bothPaths(sizes: number[], activation: ActivationName, data: { X: Tensor; y: Tensor }, o: {
  lr: number;
  epochs: number;
  batchSize?: number;
  momentum?: number;
  seed: number;
}) {
  const run = (backend: "fast" | "reference") => {
    const net = mlp(sizes, { activation, seed: o.seed });
    try {
      const { losses } = fit(net, data.X, data.y, { ...o, seed: o.seed + 1, backend });
      return {
        losses,
        params: net.parameters().map((p) => p.value.toArray()),
        grads: net.parameters().map((p) => p.grad.toArray()),
      };
    } catch (e) {
      // Divergence must be detected in the same epoch on both paths.
      return { error: (e as Error).message };
    }
  };
  return { fast: run("fast"), reference: run("reference") };
}

Deno.test("property: fit's fast path reproduces the reference exactly on small networks", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...activations),
      fc.integer({ min: 1, max: 12 }),
      fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      fc.constantFrom(0, 0.9),
      fc.integer({ min: 0, max: 1000 }),
      (hidden, activation, samples, batchSize, momentum, seed) => {
        const rng = new Rng(seed);
        const nIn = 1 + (seed % 3), nOut = 1 + (seed % 2);
        const data = { X: Tensor.normal(samples, nIn, rng), y: Tensor.normal(samples, nOut, rng) };
        const { fast, reference } = bothPaths([nIn, ...hidden, nOut], activation, data, {
          lr: 0.05,
          epochs: 5,
          batchSize,
          momentum,
          seed,
        });
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("fit's fast path equals the reference on a larger network, within 1e-12", () => {
  const rng = new Rng(4);
  const data = { X: Tensor.normal(300, 40, rng), y: Tensor.uniform(300, 3, rng) };
  const { fast, reference } = bothPaths([40, 300, 64, 3], "relu", data, {
    lr: 0.01,
    epochs: 3,
    batchSize: 100,
    momentum: 0.5,
    seed: 2,
  });
  assert.ok(fast.losses && reference.losses && fast.params && reference.params);
  assertAllClose(fast.losses, reference.losses, TOL);
  fast.params.forEach((p, i) => assertAllClose(p, reference.params![i], TOL));
});

Deno.test("the XOR network trains to the same losses on both paths", () => {
  const { X, y } = xor();
  const { fast, reference } = bothPaths([2, 4, 1], "relu", { X, y }, {
    lr: 0.1,
    epochs: 2000,
    seed: 3,
  });
  assert.deepEqual(fast.losses, reference.losses);
  assert.ok(fast.losses!.at(-1)! < 1e-3);
});

Deno.test("property: both backends agree for every loss of the table and with weight decay", () => {
  const lossNames = Object.keys(LOSSES) as LossName[];
  fc.assert(
    fc.property(
      fc.constantFrom(...lossNames),
      fc.constantFrom(...activations),
      fc.constantFrom(0, 0.01, 0.3),
      fc.integer({ min: 0, max: 1000 }),
      (loss, activation, weightDecay, seed) => {
        const rng = new Rng(seed);
        const samples = 3 + (seed % 7), nIn = 1 + (seed % 3);
        const nOut = loss === "softmaxCrossEntropy" ? 3 : 1 + (seed % 2);
        const X = Tensor.normal(samples, nIn, rng);
        const labels = Array.from({ length: samples }, (_, i) => (i + seed) % nOut);
        const y = loss === "softmaxCrossEntropy"
          ? oneHot(labels, nOut)
          : Tensor.uniform(samples, nOut, rng, 0, 1);
        const run = (backend: "fast" | "reference") => {
          const net = mlp([nIn, 4, nOut], {
            activation,
            outputActivation: loss === "bce" ? "sigmoid" : "identity",
            seed,
          });
          const { losses } = fit(net, X, y, {
            lr: 0.1,
            epochs: 4,
            batchSize: 2,
            momentum: 0.5,
            weightDecay,
            loss,
            seed,
            backend,
          });
          return { losses, params: net.parameters().map((p) => p.value.toArray()) };
        };
        assert.deepEqual(run("fast"), run("reference"));
      },
    ),
    { numRuns: 120 },
  );
});

Deno.test("fit names its backend: fast by default here, reference on request or when the fast one cannot", () => {
  const { X, y } = xor();
  assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }).backend, "fast");
  assert.equal(
    fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, backend: "reference" }).backend,
    "reference",
  );
  // bce needs probabilities, which a network without a final sigmoid does not give: fit says so
  // before the first step, whichever backend was asked for.
  assert.equal(canTrainFast(mlp([2, 4, 1])), true);
  for (const backend of ["auto", "fast", "reference"]) {
    assert.throws(
      () => fit(mlp([2, 4, 1], { seed: 1 }), X, y, { lr: 0.1, epochs: 1, loss: "bce", backend }),
      /bce takes probabilities, but the network ends with identity, whose outputs can leave \[0, 1\]/,
    );
  }
  const ok = fit(mlp([2, 4, 1], { seed: 1, outputActivation: "sigmoid" }), X, y, {
    lr: 0.1,
    epochs: 1,
    loss: "bce",
  });
  assert.equal(ok.backend, "fast");
  assert.throws(
    () => fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, backend: "gpu" }),
    /Unknown backend "gpu": use "auto" or one of "fast", "reference"/,
  );
});

Deno.test("predict equals the reference forward pass for every activation, deep and wide", () => {
  const rng = new Rng(11);
  const X = Tensor.normal(300, 40, rng);
  for (const activation of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const net = mlp([40, 70, 33, 5], { activation, outputActivation: activation, seed: 2 });
    assertAllClose(predict(net, X), net.forward(X), { rtol: 1e-12, atol: 1e-12 });
  }
  assert.throws(
    () => predict(mlp([3, 2]), Tensor.ones(4, 2)),
    /takes 3 inputs per sample but X is 4×2/,
  );
  assert.throws(() => predict(new Linear(2, 1), Tensor.ones(1, 2)), /not a Sequential/);
});
