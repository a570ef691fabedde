// Benchmarks: the library's matrix products and training loops against peers
// measured in the same run (TensorFlow.js with its CPU and WebAssembly
// backends, used here only, single-threaded like the library). Prints, for
// each case, the time, GFLOP/s and the ratio to ours, then one line per target:
//   target <name>: <measured> <unit> (goal <goal>)
//
//   deno task bench              run everything
//   deno task bench --json FILE  also write the figures as JSON
//   deno task bench --quick      shorter runs and a tenth of the MNIST-shaped data (6,000 images)
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import {
  ActivationLayer,
  Conv2d,
  fit,
  gemm,
  gemmKernel,
  Linear,
  matmul,
  MaxPool2d,
  mlp,
  Rng,
  Sequential,
  setGemmKernel,
  Tensor,
  TrainingWorkspace,
  xor,
} from "nn";

const args = [...Deno.args];
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) throw new Error("--json needs a file name");
const quick = args.includes("--quick");
const budget = quick ? 150 : 1000; // ms spent repeating one measurement

interface Row {
  case: string;
  impl: string;
  ms: number;
  gflops?: number;
  vsOurs?: number;
  note?: string;
}
interface Target {
  name: string;
  measured: number;
  unit: string;
  goal: string;
  met: boolean;
}
const rows: Row[] = [];
const targets: Target[] = [];

/** Median time of fn over repeated runs within the budget, after one warm-up run. */
async function time(fn: () => unknown, min = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < min || (performance.now() - start < budget && times.length < 50)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;
}

function report(row: Row, ours?: number): void {
  if (ours !== undefined) row.vsOurs = row.ms / ours;
  rows.push(row);
  const gflops = row.gflops === undefined ? "" : `${row.gflops.toFixed(2)} GFLOP/s`;
  const ratio = row.vsOurs === undefined ? "" : `${row.vsOurs.toFixed(2)}× our time`;
  console.log(
    `| ${row.case.padEnd(27)} | ${row.impl.padEnd(30)} | ${fmt(row.ms).padStart(10)} | ${
      gflops.padStart(15)
    } | ${ratio.padStart(17)} |${row.note ? ` ${row.note}` : ""}`,
  );
}

setWasmPaths(new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).href);
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`TensorFlow.js did not start its ${name} backend`);
}

/**
 * One SGD step of X·W1+b1 → ReLU → ·W2+b2 → MSE in TensorFlow.js, with the
 * backward pass written out as in the library: the same algorithm on the
 * peer's kernels (tfjs-core alone registers no gradient functions).
 */
function tfStep(x: tf.Tensor2D, y: tf.Tensor2D, p: tf.Variable[], lr: number): void {
  const [W1, b1, W2, b2] = p;
  tf.tidy(() => {
    const Z1 = tf.add(tf.matMul(x, W1), b1);
    const A1 = tf.relu(Z1);
    const yHat = tf.add(tf.matMul(A1, W2), b2);
    const dY = tf.mul(tf.sub(yHat, y), 2 / yHat.size);
    const dW2 = tf.matMul(A1, dY, true, false), db2 = tf.sum(dY, 0);
    const dZ1 = tf.mul(tf.matMul(dY, W2, false, true), tf.step(Z1));
    const dW1 = tf.matMul(x, dZ1, true, false), db1 = tf.sum(dZ1, 0);
    W1.assign(tf.sub(W1, tf.mul(dW1, lr)));
    b1.assign(tf.sub(b1, tf.mul(db1, lr)));
    W2.assign(tf.sub(W2, tf.mul(dW2, lr)));
    b2.assign(tf.sub(b2, tf.mul(db2, lr)));
  });
}

function tfParams(nIn: number, nHidden: number, nOut: number): tf.Variable[] {
  return [
    tf.variable(tf.randomNormal([nIn, nHidden], 0, Math.sqrt(2 / nIn), "float32", 1)),
    tf.variable(tf.zeros([nHidden])),
    tf.variable(tf.randomNormal([nHidden, nOut], 0, Math.sqrt(2 / nHidden), "float32", 2)),
    tf.variable(tf.zeros([nOut])),
  ];
}

console.log(
  `Deno ${Deno.version.deno}, V8 ${Deno.version.v8}, one thread; nn's large-product kernel: ${gemmKernel()}`,
);
console.log(
  `| ${"case".padEnd(27)} | ${"implementation".padEnd(30)} | ${"time".padStart(10)} | ${
    "speed".padStart(15)
  } | ${"ratio".padStart(17)} |`,
);
console.log(
  `|${"-".repeat(29)}|${"-".repeat(32)}|${"-".repeat(12)}|${"-".repeat(17)}|${"-".repeat(19)}|`,
);

// 1. Matrix products, f64 for nn and f32 for TensorFlow.js.
let slowestGflops = Infinity, worstVsCpu = Infinity, bestVsWasm = 0;
for (const [m, k, n] of [[256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [256, 784, 128]]) {
  const label = `matmul ${m}×${k}·${k}×${n}`;
  const flop = 2 * m * k * n;
  const rng = new Rng(1);
  const A = Tensor.normal(m, k, rng), B = Tensor.normal(k, n, rng);
  const C = new Float64Array(m * n);
  setGemmKernel("wasm-simd");
  const ours = await time(() => gemm(A.data, B.data, C, m, k, n));
  report({ case: label, impl: "nn gemm, wasm-simd, f64", ms: ours, gflops: flop / ours / 1e6 });
  setGemmKernel("typescript");
  const ts = await time(() => gemm(A.data, B.data, C, m, k, n));
  setGemmKernel("wasm-simd");
  report({ case: label, impl: "nn gemm, typescript, f64", ms: ts, gflops: flop / ts / 1e6 }, ours);
  if (m <= 512) {
    const naive = await time(() => matmul(A, B), 1);
    report({
      case: label,
      impl: "nn matmul (reference), f64",
      ms: naive,
      gflops: flop / naive / 1e6,
    }, ours);
  }
  const peer: Record<string, number> = {};
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const a = tf.tensor2d(Float32Array.from(A.data), [m, k]),
      b = tf.tensor2d(Float32Array.from(B.data), [k, n]);
    peer[backend] = await time(async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    });
    a.dispose();
    b.dispose();
    report({
      case: label,
      impl: `tfjs-backend-${backend}, f32`,
      ms: peer[backend],
      gflops: flop / peer[backend] / 1e6,
    }, ours);
  }
  slowestGflops = Math.min(slowestGflops, flop / ours / 1e6);
  worstVsCpu = Math.min(worstVsCpu, peer.cpu / ours);
  bestVsWasm = Math.max(bestVsWasm, peer.wasm / ours);
}
targets.push(
  {
    name: "matmul-gflops",
    measured: slowestGflops,
    unit: "GFLOP/s, f64, one thread, slowest shape",
    goal: "≥ 5",
    met: slowestGflops >= 5,
  },
  {
    name: "matmul-vs-tfjs-cpu",
    measured: worstVsCpu,
    unit: "× tfjs-backend-cpu's speed, slowest ratio",
    goal: "≥ 4",
    met: worstVsCpu >= 4,
  },
  {
    name: "stretch-matmul-f64-vs-tfjs-wasm-f32",
    measured: bestVsWasm,
    unit: "× tfjs-backend-wasm's f32 speed, best shape",
    goal: "≥ 1",
    met: bestVsWasm >= 1,
  },
);

// 2. XOR 2-4-1, 5,000 full-batch epochs.
{
  const { X, y } = xor();
  const label = "XOR 2-4-1, 5000 epochs";
  const ours = await time(
    () => fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 5000 }),
    10,
  );
  report({ case: label, impl: "nn fit (fast path)", ms: ours });
  const reference = await time(() =>
    fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 5000, backend: "reference" })
  );
  report({ case: label, impl: "nn fit (reference layers)", ms: reference }, ours);
  await useBackend("cpu");
  const tfX = tf.tensor2d(Float32Array.from(X.data), [4, 2]),
    tfY = tf.tensor2d(Float32Array.from(y.data), [4, 1]);
  const epochs = quick ? 500 : 5000;
  const peer = (await time(() => {
    const params = tfParams(2, 4, 1);
    for (let e = 0; e < epochs; e++) tfStep(tfX, tfY, params, 0.1);
    for (const v of params) v.dispose();
  }, 1)) * (5000 / epochs);
  report({
    case: label,
    impl: "tfjs-backend-cpu, f32",
    ms: peer,
    note: quick ? "extrapolated from 500 epochs" : undefined,
  }, ours);
  targets.push({
    name: "xor-fit",
    measured: ours,
    unit: "ms for 5000 epochs, warm",
    goal: "≤ 5",
    met: ours <= 5,
  });

  // Bytes allocated per training step: heap growth with the young generation
  // large enough that no collection runs during the measurement.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const measure = (steps: number, fn: () => void) => {
      gc();
      const before = Deno.memoryUsage().heapUsed;
      fn();
      return (Deno.memoryUsage().heapUsed - before) / steps;
    };
    const workspace = new TrainingWorkspace(mlp([2, 4, 1], { seed: 3 }), { batch: 4, lr: 0.1 });
    for (let i = 0; i < 100; i++) workspace.step(X.data, y.data, 4);
    // Many steps, so that the measurement's own few objects round to nothing.
    const fast = measure(100_000, () => {
      for (let i = 0; i < 100_000; i++) workspace.step(X.data, y.data, 4);
    });
    // Few enough steps that the reference's garbage fits in the young generation uncollected.
    const ref = measure(
      2000,
      () => fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 2000, backend: "reference" }),
    );
    console.log(
      `bytes allocated per XOR training step: fast path ${
        Math.max(0, fast).toFixed(1)
      }, reference layers ${ref.toFixed(0)}`,
    );
    targets.push({
      name: "xor-bytes-per-step",
      measured: Math.max(0, fast),
      unit: "bytes allocated per step, fast path",
      goal: "< 1, as one object would be ≥ 16",
      met: fast < 1,
    });
  } else {
    console.log(
      "bytes per step: run with --v8-flags=--expose-gc to measure (deno task bench does)",
    );
  }
}

// 3. One epoch of a 784-128-10 ReLU MLP, batch 64, on MNIST-shaped data: with MSE, and with
// softmax cross-entropy (the loss for classes), both on the fast path.
{
  const n = quick ? 6000 : 60000, batch = 64, lr = 0.01;
  const label = `784-128-10 epoch, ${n / 1000}k×784`;
  const rng = new Rng(7);
  const X = new Tensor(n, 784), y = new Tensor(n, 10);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.next();
  for (let i = 0; i < n; i++) y.data[i * 10 + rng.int(10)] = 1;
  // Every timed epoch starts from the same initial weights, so that the two losses do the same
  // work apart from the loss itself.
  const epoch = (loss: "mse" | "softmaxCrossEntropy") => {
    const net = mlp([784, 128, 10], { seed: 1 });
    const t0 = performance.now();
    const { backend } = fit(net, X, y, { lr, epochs: 1, batchSize: batch, loss });
    if (backend !== "fast") throw new Error(`the ${loss} epoch ran on the ${backend} backend`);
    return performance.now() - t0;
  };
  epoch("mse"); // warm-up epochs
  epoch("softmaxCrossEntropy");
  // Alternating, so that both losses see the same machine; the median of each.
  const times = { mse: [] as number[], softmaxCrossEntropy: [] as number[] };
  for (let r = 0; r < 5; r++) {
    times.mse.push(epoch("mse"));
    times.softmaxCrossEntropy.push(epoch("softmaxCrossEntropy"));
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
  const ours = median(times.mse), softmax = median(times.softmaxCrossEntropy);
  // Multiply-adds per batch: forward 784·128 + 128·10, backward dW1 784·128, dW2 and dA1 128·10 each.
  const flop = 2 * batch * (2 * 784 * 128 + 3 * 128 * 10) * Math.ceil(n / batch);
  report({ case: label, impl: "nn fit, f64", ms: ours, gflops: flop / ours / 1e6 });
  report({
    case: label,
    impl: "nn fit, softmax cross-entropy",
    ms: softmax,
    gflops: flop / softmax / 1e6,
  }, ours);
  const X32 = Float32Array.from(X.data), y32 = Float32Array.from(y.data);
  const peer: Record<string, number> = {};
  for (const backend of ["wasm", "cpu"] as const) {
    await useBackend(backend);
    const params = tfParams(784, 128, 10);
    const batches = Math.floor(n / batch);
    const measured = backend === "cpu" ? Math.min(batches, quick ? 10 : 60) : batches;
    const run = (count: number) => {
      for (let i = 0; i < count; i++) {
        const xb = tf.tensor2d(X32.subarray(i * batch * 784, (i + 1) * batch * 784), [batch, 784]);
        const yb = tf.tensor2d(y32.subarray(i * batch * 10, (i + 1) * batch * 10), [batch, 10]);
        tfStep(xb, yb, params, lr);
        xb.dispose();
        yb.dispose();
      }
    };
    run(5); // warm-up
    const s0 = performance.now();
    run(measured);
    await params[0].data();
    peer[backend] = (performance.now() - s0) * (batches / measured);
    for (const v of params) v.dispose();
    report({
      case: label,
      impl: `tfjs-backend-${backend}, f32`,
      ms: peer[backend],
      gflops: flop / peer[backend] / 1e6,
      note: measured < batches ? `extrapolated from ${measured} of ${batches} batches` : undefined,
    }, ours);
  }
  targets.push(
    {
      name: "mnist-epoch",
      measured: ours / 1000,
      unit: `s for one epoch of ${n} samples, f64, one thread`,
      goal: quick ? "≤ 0.3 (a tenth of the data)" : "≤ 3",
      met: ours <= (quick ? 300 : 3000),
    },
    {
      name: "mnist-epoch-softmax-vs-mse",
      measured: softmax / ours,
      unit: "× the MSE epoch's time, with softmax cross-entropy, fast path",
      goal: "≤ 1",
      met: softmax <= ours,
    },
    {
      name: "mnist-epoch-vs-tfjs-wasm",
      measured: peer.wasm / ours,
      unit: "× faster than tfjs-backend-wasm, f32",
      goal: "> 1",
      met: peer.wasm > ours,
    },
  );
}

// 4. One epoch of the MNIST CNN, batch 32, softmax cross-entropy, SGD with momentum 0.9:
// conv 5×5 (1 → 8) → ReLU → max pool 2 → conv 5×5 (8 → 16) → ReLU → max pool 2 → Linear 256 → 10.
// Ours on the fast path; TensorFlow.js's WebAssembly backend training the same architecture in f32
// (NHWC, its own layout), with the backward pass written out as for the MLP (tfjs-core registers
// no gradients). That backend has no Conv2DBackpropFilter kernel ("Kernel
// 'Conv2DBackpropFilter' not registered for backend 'wasm'"), so the filter gradients run on its
// Conv2D kernel with the batch and channel axes swapped: dW[kh, kw, c, o] = Σ_n,i,j
// x[n, i + kh, j + kw, c]·dy[n, i, j, o] is the convolution of x as [c, H, W, n] with dy as
// [i, j, n, o]. Its Conv2DBackpropInput kernel exists but is about five times slower here than
// its Conv2D kernel on the flipped filter (dX = dy padded by 4, correlated with W rotated by 180°
// and with in and out channels swapped), so the peer's main row uses the latter, and a second row
// the former, on a tenth of the batches. Every other op is the backend's own kernel.
{
  const n = quick ? 6000 : 60000, batch = 32, lr = 0.05, momentum = 0.9;
  const label = `CNN epoch, ${n / 1000}k×28×28`;
  const rng = new Rng(8);
  const X = new Tensor(n, 784), y = new Tensor(n, 10);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.next();
  for (let i = 0; i < n; i++) y.data[i * 10 + rng.int(10)] = 1;
  const cnn = () =>
    new Sequential([
      new Conv2d(1, 8, 5, { input: 28, seed: 1 }),
      new ActivationLayer("relu"),
      new MaxPool2d(2, { input: 24, channels: 8 }),
      new Conv2d(8, 16, 5, { input: 12, seed: 2 }),
      new ActivationLayer("relu"),
      new MaxPool2d(2, { input: 8, channels: 16 }),
      new Linear(256, 10, { seed: 3 }),
    ]);
  const train = (rows: number) => {
    const Xs = new Tensor(rows, 784, X.data.subarray(0, rows * 784));
    const ys = new Tensor(rows, 10, y.data.subarray(0, rows * 10));
    const options = {
      lr,
      momentum,
      epochs: 1,
      batchSize: batch,
      loss: "softmaxCrossEntropy",
    } as const;
    const t0 = performance.now();
    const { backend } = fit(cnn(), Xs, ys, options);
    if (backend !== "fast") throw new Error(`the CNN epoch ran on the ${backend} backend`);
    return performance.now() - t0;
  };
  train(640); // warm-up
  const ours = train(n);
  // Multiply-adds per sample: forward 8·25·576 + 16·200·64 + 256·10; backward the two filter
  // gradients, the second convolution's input gradient (the first one's is not needed) and the
  // Linear layer's two.
  const perSample = (8 * 25 * 576 + 16 * 200 * 64 + 2560) +
    (8 * 25 * 576 + 2 * 16 * 200 * 64 + 2 * 2560);
  const flop = 2 * perSample * n;
  report({ case: label, impl: "nn fit (fast path), f64", ms: ours, gflops: flop / ours / 1e6 });
  // Bytes allocated per training step, as for XOR, on batches of 4 (the same code, cheaper steps).
  // What remains after a warm-up falls as the warm-up grows: the engine's compilation, not the step.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const steps = quick ? 500 : 3000;
    const workspace = new TrainingWorkspace(cnn(), {
      batch: 4,
      lr,
      momentum,
      loss: "softmaxCrossEntropy",
    });
    for (let i = 0; i < steps; i++) workspace.step(X.data, y.data, 4);
    gc();
    const before = Deno.memoryUsage().heapUsed;
    for (let i = 0; i < steps; i++) workspace.step(X.data, y.data, 4);
    const bytes = (Deno.memoryUsage().heapUsed - before) / steps;
    console.log(
      `bytes allocated per CNN training step (batch 4, after ${steps} warm-up steps): fast path ${
        Math.max(0, bytes).toFixed(1)
      }`,
    );
  }

  await useBackend("wasm");
  const he = (shape: number[], fanIn: number, seed: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", seed));
  const params = [
    he([5, 5, 1, 8], 25, 1),
    tf.variable(tf.zeros([8])),
    he([5, 5, 8, 16], 200, 2),
    tf.variable(tf.zeros([16])),
    he([256, 10], 256, 3),
    tf.variable(tf.zeros([10])),
  ];
  const velocities = params.map((p) => tf.variable(tf.zerosLike(p)));
  const pool = (x: tf.Tensor4D) => tf.maxPool(x, 2, 2, "valid");
  const poolGrad = (dy: tf.Tensor4D, input: tf.Tensor4D, output: tf.Tensor4D) =>
    tf.engine().runKernel("MaxPoolGrad", { dy, input, output }, {
      filterSize: 2,
      strides: 2,
      pad: "valid",
    }) as tf.Tensor4D;
  const filterGrad = (x: tf.Tensor4D, dy: tf.Tensor4D) =>
    tf.transpose(
      tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, "valid"),
      [1, 2, 0, 3],
    );
  const inputGrad = (dy: tf.Tensor4D, W: tf.Tensor4D, like: tf.Tensor4D, own: boolean) =>
    own
      ? tf.conv2dTranspose(dy, W, like.shape, 1, "valid")
      : tf.conv2d(dy, tf.transpose(tf.reverse(W, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, [
        [0, 0],
        [4, 4],
        [4, 4],
        [0, 0],
      ]);
  const step = (x: tf.Tensor4D, yb: tf.Tensor2D, ownInputGrad: boolean) =>
    tf.tidy(() => {
      const [W1, b1, W2, b2, W3, b3] = params as [
        tf.Variable<tf.Rank.R4>,
        tf.Variable<tf.Rank.R1>,
        tf.Variable<tf.Rank.R4>,
        tf.Variable<tf.Rank.R1>,
        tf.Variable<tf.Rank.R2>,
        tf.Variable<tf.Rank.R1>,
      ];
      const Z1 = tf.add(tf.conv2d(x, W1, 1, "valid"), b1) as tf.Tensor4D, A1 = tf.relu(Z1);
      const P1 = pool(A1);
      const Z2 = tf.add(tf.conv2d(P1, W2, 1, "valid"), b2) as tf.Tensor4D, A2 = tf.relu(Z2);
      const P2 = pool(A2), flat = tf.reshape(P2, [batch, 256]) as tf.Tensor2D;
      const logits = tf.add(tf.matMul(flat, W3), b3);
      const logP = tf.logSoftmax(logits);
      tf.neg(tf.mean(tf.sum(tf.mul(yb, logP), 1))); // the loss, as ours computes it every step
      const dLogits = tf.div(tf.sub(tf.exp(logP), yb), batch) as tf.Tensor2D;
      const dW3 = tf.matMul(flat, dLogits, true, false), db3 = tf.sum(dLogits, 0);
      const dP2 = tf.reshape(tf.matMul(dLogits, W3, false, true), P2.shape) as tf.Tensor4D;
      const dZ2 = tf.mul(poolGrad(dP2, A2, P2), tf.step(Z2)) as tf.Tensor4D;
      const dW2 = filterGrad(P1, dZ2), db2 = tf.sum(dZ2, [0, 1, 2]);
      const dP1 = inputGrad(dZ2, W2, P1, ownInputGrad);
      const dZ1 = tf.mul(poolGrad(dP1, A1, P1), tf.step(Z1)) as tf.Tensor4D;
      const dW1 = filterGrad(x, dZ1), db1 = tf.sum(dZ1, [0, 1, 2]);
      [dW1, db1, dW2, db2, dW3, db3].forEach((g, i) => {
        const v = velocities[i];
        v.assign(tf.add(tf.mul(v, momentum), g));
        params[i].assign(tf.sub(params[i], tf.mul(v, lr)));
      });
    });
  const X32 = Float32Array.from(X.data), y32 = Float32Array.from(y.data);
  const run = (count: number, ownInputGrad: boolean) => {
    for (let i = 0; i < count; i++) {
      const xb = tf.tensor4d(X32.subarray(i * batch * 784, (i + 1) * batch * 784), [
        batch,
        28,
        28,
        1,
      ]);
      const yb = tf.tensor2d(y32.subarray(i * batch * 10, (i + 1) * batch * 10), [batch, 10]);
      step(xb, yb, ownInputGrad);
      xb.dispose();
      yb.dispose();
    }
  };
  const batches = Math.floor(n / batch);
  const measure = async (count: number, ownInputGrad: boolean) => {
    run(20, ownInputGrad); // warm-up
    const s0 = performance.now();
    run(count, ownInputGrad);
    await params[0].data();
    return (performance.now() - s0) * (n / (count * batch));
  };
  const peer = await measure(batches, false);
  report({
    case: label,
    impl: "tfjs-backend-wasm, f32",
    ms: peer,
    gflops: flop / peer / 1e6,
    note: "both convolution gradients on its Conv2D kernel",
  }, ours);
  const few = Math.ceil(batches / 10);
  const own = await measure(few, true);
  report({
    case: label,
    impl: "tfjs-backend-wasm, f32, own dX",
    ms: own,
    gflops: flop / own / 1e6,
    note:
      `input gradient on its Conv2DBackpropInput; extrapolated from ${few} of ${batches} batches`,
  }, ours);
  for (const v of [...params, ...velocities]) v.dispose();
  targets.push(
    {
      name: "cnn-epoch",
      measured: ours / 1000,
      unit: `s for one epoch of the CNN on ${n} images, f64, one thread`,
      goal: quick ? "≤ 1.5 (a tenth of the data)" : "≤ 15",
      met: ours <= (quick ? 1500 : 15000),
    },
    {
      name: "cnn-epoch-vs-tfjs-wasm",
      measured: ours / peer,
      unit: "× tfjs-backend-wasm's time (f32) for the same epoch, ours / theirs",
      goal: "≤ 1, at least as fast",
      met: ours <= peer,
    },
  );
}

console.log("");
for (const t of targets) {
  const value = t.measured >= 100 ? t.measured.toFixed(0) : t.measured.toFixed(2);
  console.log(`target ${t.name}: ${value} ${t.unit} (goal ${t.goal})${t.met ? "" : "  NOT MET"}`);
}
if (jsonFile) {
  const data = { deno: Deno.version.deno, kernel: gemmKernel(), quick, rows, targets };
  await Deno.writeTextFile(jsonFile, JSON.stringify(data, null, 2) + "\n");
  console.log(`wrote ${jsonFile}`);
}
