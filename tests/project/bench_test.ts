// A smoke test of the benchmark itself: the quick run completes, measures
// every peer, and reports every target with a number. Speed is the bench's
// business, not the tests': nothing here depends on how fast anything is.
import assert from "node:assert/strict";
import { ROOT } from "../../tools/_paths.ts";

Deno.test("deno task bench --quick measures every case and peer and reports every target", async () => {
  const json = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "bench", "--quick", "--json", json],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(stdout);
    assert.equal(code, 0, `the bench failed:\n${new TextDecoder().decode(stderr)}`);
    const report = JSON.parse(await Deno.readTextFile(json)) as {
      rows: { case: string; impl: string; ms: number }[];
      targets: { name: string; measured: number; met: boolean }[];
    };
    const impls = new Set(report.rows.map((r) => r.impl));
    for (
      const impl of [
        "nn gemm, wasm-simd, f64",
        "nn gemm, typescript, f64",
        "tfjs-backend-cpu, f32",
        "tfjs-backend-wasm, f32",
        "nn fit, softmax cross-entropy",
        "nn fit (fast path), f64",
        "tfjs-backend-wasm, f32, own dX",
      ]
    ) {
      assert.ok(impls.has(impl), `the bench measures ${impl}`);
    }
    assert.deepEqual(report.targets.map((t) => t.name), [
      "matmul-gflops",
      "matmul-vs-tfjs-cpu",
      "stretch-matmul-f64-vs-tfjs-wasm-f32",
      "xor-fit",
      "xor-bytes-per-step",
      "mnist-epoch",
      "mnist-epoch-softmax-vs-mse",
      "mnist-epoch-vs-tfjs-wasm",
      "cnn-epoch",
      "cnn-epoch-vs-tfjs-wasm",
    ]);
    for (const t of report.targets) {
      assert.ok(Number.isFinite(t.measured), `${t.name} has a measurement`);
      assert.match(out, new RegExp(`^target ${t.name}: [0-9.]+ .+ \\(goal .+\\)`, "m"));
    }
    // Not a speed: whether the training step allocates. One object per step would be ≥ 16 bytes.
    const bytes = report.targets.find((t) => t.name === "xor-bytes-per-step")!;
    assert.ok(
      bytes.measured < 1,
      `the fast training step allocates ${bytes.measured} bytes per step`,
    );
  } finally {
    await Deno.remove(json);
  }
});
