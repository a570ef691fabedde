// Dropout: the identity at prediction, inverted dropout while training, a backward pass through
// the same mask, seeded masks, and the same training on both backends.
import assert from "node:assert/strict";
import {
  ActivationLayer,
  assertAllClose,
  Dropout,
  fit,
  forwardStages,
  Linear,
  referenceProducts,
  Rng,
  Sequential,
  stageOutputs,
  stagesOf,
  Tensor,
  xor,
} from "nn";

/** A 2-8-1 ReLU network with dropout after the hidden layer, and the same layers without it. */
function pair(rate: number, seed = 1) {
  const rng = new Rng(seed);
  const hidden = new Linear(2, 8, { rng, init: "he" });
  const out = new Linear(8, 1, { rng });
  const dropout = new Dropout(8, rate, { seed: seed + 100 });
  return {
    dropout,
    withDropout: new Sequential([hidden, new ActivationLayer("relu"), dropout, out]),
    without: new Sequential([hidden, new ActivationLayer("relu"), out]),
  };
}

Deno.test("at prediction dropout is the identity: forward, forwardStages and stageOutputs", () => {
  const { withDropout, without } = pair(0.5);
  const X = Tensor.normal(6, 2, new Rng(3));
  assert.deepEqual(withDropout.forward(X).data, without.forward(X).data);
  assert.deepEqual(forwardStages(withDropout, X).data, without.forward(X).data);
  const stages = stageOutputs(withDropout, X);
  assert.equal(stages.length, 3);
  assert.deepEqual(stages[1].A.data, stages[0].A.data); // the dropout stage passes its input on
});

Deno.test("while training, a share ≈ p of values is zero and the survivors are scaled by 1/(1 − p)", () => {
  for (const p of [0.1, 0.3, 0.5]) {
    const layer = new Dropout(1000, p, { seed: 4 });
    layer.training = true;
    const X = Tensor.fill(10, 1000, 2);
    const out = layer.forward(X).data;
    const zeros = out.filter((v) => v === 0).length / out.length;
    // 10 000 draws: the share's standard deviation is at most 0.005.
    assert.ok(Math.abs(zeros - p) < 0.02, `rate ${p}: ${zeros} of the values are zero`);
    assert.ok(out.every((v) => v === 0 || v === 2 / (1 - p)));
    // The stage form draws the same kind of mask.
    const Z = new Float64Array(10 * 1000);
    layer.forwardInto(X.data, Z, 10, referenceProducts);
    assert.ok(Z.every((v) => v === 0 || v === 2 / (1 - p)));
  }
  const off = new Dropout(5, 0, { seed: 1 });
  off.training = true;
  assert.deepEqual(off.forward(Tensor.ones(2, 5)).data, Tensor.ones(2, 5).data);
});

Deno.test("dropout's backward, with a fixed mask, matches finite differences", () => {
  const X = Tensor.normal(3, 6, new Rng(5));
  const C = Tensor.normal(3, 6, new Rng(6)); // loss = Σ C ⊙ dropout(X)
  // A new layer of the same seed draws the same mask, so every evaluation uses one mask.
  const layer = () => {
    const d = new Dropout(6, 0.4, { seed: 9 });
    d.training = true;
    return d;
  };
  const loss = (x: Tensor) => {
    const out = layer().forward(x).data;
    return out.reduce((s, v, i) => s + v * C.data[i], 0);
  };
  const d = layer();
  d.forward(X);
  const dX = d.backward(C);
  const h = 1e-6;
  const numeric = X.data.map((_, i) => {
    const up = X.clone(), down = X.clone();
    up.data[i] += h;
    down.data[i] -= h;
    return (loss(up) - loss(down)) / (2 * h);
  });
  assertAllClose([...dX.data], [...numeric], { rtol: 1e-7, atol: 1e-9 });
  assert.ok(dX.data.some((v) => v === 0) && dX.data.some((v) => v !== 0));
  // The stage form's backward uses the same mask as its forward.
  const s = layer(), Z = new Float64Array(18), dIn = new Float64Array(18);
  s.forwardInto(X.data, Z, 3, referenceProducts);
  s.backwardInto(X.data, C.data, 3, dIn, referenceProducts);
  assert.deepEqual([...dIn], [...dX.data]);
});

Deno.test("dropout's masks are seeded: the same seed repeats a run, another seed does not", () => {
  const draw = (seed: number) => {
    const d = new Dropout(50, 0.5, { seed });
    d.training = true;
    return [...d.forward(Tensor.ones(4, 50)).data];
  };
  assert.deepEqual(draw(3), draw(3));
  assert.notDeepEqual(draw(3), draw(4));
  const run = () => {
    const { withDropout } = pair(0.3, 2);
    const { X, y } = xor();
    return fit(withDropout, X, y, { lr: 0.05, epochs: 30, backend: "reference" }).losses;
  };
  assert.deepEqual(run(), run());
});

Deno.test("the fast backend trains dropout with the reference's masks, to within 1e-12", () => {
  for (const optimizer of ["sgd", "adam"] as const) {
    const run = (backend: string) => {
      const { withDropout, dropout } = pair(0.3, 5);
      const { X, y } = xor();
      const { losses, backend: used } = fit(withDropout, X, y, {
        lr: 0.05,
        epochs: 40,
        batchSize: 3,
        optimizer,
        backend,
      });
      assert.equal(used, backend);
      assert.equal(dropout.training, false); // off again after training
      return { losses, params: withDropout.parameters().map((p) => [...p.value.data]) };
    };
    const fast = run("fast"), reference = run("reference");
    assertAllClose(fast.losses, reference.losses, { rtol: 1e-12, atol: 1e-12 });
    fast.params.forEach((p, i) =>
      assertAllClose(p, reference.params[i], { rtol: 1e-12, atol: 1e-12 })
    );
    // Dropout changed the training: without it the losses differ.
    const { without } = pair(0, 5);
    const { X, y } = xor();
    const plain = fit(without, X, y, { lr: 0.05, epochs: 40, batchSize: 3, optimizer }).losses;
    assert.notDeepEqual(plain, reference.losses);
  }
});

Deno.test("a dropout layer is a stage, and bad arguments are refused with their values", () => {
  const { withDropout } = pair(0.2);
  assert.deepEqual(stagesOf(withDropout).map((s) => s.layer.constructor.name), [
    "Linear",
    "Dropout",
    "Linear",
  ]);
  assert.throws(
    () => new Dropout(4, 1),
    /Dropout layer's rate must be a number in \[0, 1\), got 1/,
  );
  assert.throws(() => new Dropout(4, -0.1), /rate must be a number in \[0, 1\), got -0\.1/);
  assert.throws(() => new Dropout(0, 0.5), /Dropout layer's width/);
  assert.throws(() => new Dropout(4, 0.5, { sed: 1 } as never), /Dropout has no option "sed"/);
  const d = new Dropout(3, 0.5);
  assert.throws(() => d.forward(Tensor.ones(2, 4)), /takes 3 values per sample but X is 2×4/);
  d.training = true;
  d.forward(Tensor.ones(2, 3));
  assert.throws(
    () => d.backward(Tensor.ones(1, 3)),
    /expected the 6 values of the last forward pass/,
  );
});
