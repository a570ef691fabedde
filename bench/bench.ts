// Benchmarks: the library's matrix products and training loops against peers
// measured in the same run (TensorFlow.js with its CPU and WebAssembly
// backends, used here only, single-threaded like the library). Prints, for
// each case, the time, GFLOP/s and the ratio to ours, then one line per target:
//   target <name>: <measured> <unit> (goal <goal>)
//
//   deno task bench              run everything
//   deno task bench --json FILE  also write the figures as JSON
//   deno task bench --quick      shorter runs and a tenth of the MNIST-shaped data
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import {
  fit,
  gemm,
  gemmKernel,
  matmul,
  mlp,
  Rng,
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
    `| ${row.case.padEnd(27)} | ${row.impl.padEnd(28)} | ${fmt(row.ms).padStart(10)} | ${
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
  `| ${"case".padEnd(27)} | ${"implementation".padEnd(28)} | ${"time".padStart(10)} | ${
    "speed".padStart(15)
  } | ${"ratio".padStart(17)} |`,
);
console.log(
  `|${"-".repeat(29)}|${"-".repeat(30)}|${"-".repeat(12)}|${"-".repeat(17)}|${"-".repeat(19)}|`,
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
