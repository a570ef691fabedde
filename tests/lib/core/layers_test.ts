import assert from "node:assert/strict";
import {
  ActivationLayer,
  add,
  assertAllClose,
  Linear,
  matmul,
  mlp,
  Rng,
  Sequential,
  stageProblem,
  stagesOf,
  Tensor,
} from "nn";

Deno.test("stacked linear layers equal one layer with W = W1·W2, b = b1·W2 + b2", () => {
  for (let s = 0; s < 10; s++) {
    const rng = new Rng(s);
    const l1 = new Linear(3, 5, { rng, init: "normal" }),
      l2 = new Linear(5, 4, { rng, init: "normal" });
    l1.b.data.set(Tensor.normal(1, 5, rng).data);
    l2.b.data.set(Tensor.normal(1, 4, rng).data);
    const X = Tensor.normal(7, 3, rng);
    const stacked = new Sequential([l1, l2]).forward(X);
    const W = matmul(l1.W, l2.W);
    const b = add(matmul(l1.b, l2.W), l2.b);
    assertAllClose(stacked, add(matmul(X, W), b), { rtol: 1e-12, atol: 1e-12 });
  }
});

Deno.test("three stacked linear layers collapse too", () => {
  const rng = new Rng(77);
  const ls = [new Linear(2, 6, { rng }), new Linear(6, 6, { rng }), new Linear(6, 1, { rng })];
  ls.forEach((l) => l.b.data.set(Tensor.normal(1, l.b.cols, rng).data));
  const X = Tensor.normal(10, 2, rng);
  let W = ls[0].W, b = ls[0].b;
  for (const l of ls.slice(1)) {
    b = add(matmul(b, l.W), l.b);
    W = matmul(W, l.W);
  }
  assertAllClose(new Sequential(ls).forward(X), add(matmul(X, W), b), { rtol: 1e-12, atol: 1e-12 });
});

Deno.test("calling backward twice without zeroGrad doubles the gradients", () => {
  const net = mlp([2, 3, 1], { seed: 5 });
  const X = Tensor.normal(4, 2, new Rng(1));
  const G = Tensor.ones(4, 1);
  net.forward(X);
  net.zeroGrad();
  net.backward(G);
  const once = net.parameters().map((p) => p.grad.clone());
  net.backward(G);
  net.parameters().forEach((p, i) => {
    assertAllClose(p.grad, once[i].toArray().map((r) => r.map((v) => 2 * v)), { rtol: 1e-15 });
  });
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad.data.every((v) => v === 0)));
});

Deno.test("backward before forward, and inputs of the wrong width, are clear errors", () => {
  assert.throws(
    () => new Linear(2, 2).backward(Tensor.zeros(1, 2)),
    /backward was called before forward/,
  );
  assert.throws(() => new ActivationLayer("relu").backward(Tensor.zeros(1, 2)), /before forward/);
  assert.throws(
    () => new Linear(3, 1).forward(Tensor.zeros(4, 2)),
    /takes 3 inputs per sample but X is 4×2/,
  );
  const l = new Linear(2, 3);
  l.forward(Tensor.zeros(4, 2));
  assert.throws(() => l.backward(Tensor.zeros(4, 2)), /expected a 4×3 gradient, got 4×2/);
});

Deno.test("layer sizes of 0 and unknown activations are refused", () => {
  assert.throws(() => new Linear(0, 3), /input size nIn must be a whole number ≥ 1, got 0/);
  assert.throws(
    () => mlp([2, 0, 1]),
    /Layer size 1 of \[2, 0, 1\] must be a whole number ≥ 1, got 0/,
  );
  assert.throws(() => mlp([2]), /at least two layer sizes/);
  assert.throws(
    () => mlp([2, 2, 1], { activation: "softsign" as "relu" }),
    /Unknown activation "softsign"/,
  );
  assert.throws(
    () => Linear.fromWeights(Tensor.zeros(2, 3), Tensor.zeros(1, 2)),
    /must be 1×3, got 1×2/,
  );
});

Deno.test("mlp builds Linear → activation → … → Linear with glossary names", () => {
  const net = mlp([2, 4, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 1 });
  const kinds = net.layers.map((l) =>
    l instanceof Linear ? "Linear" : (l as ActivationLayer).activation
  );
  assert.deepEqual(kinds, ["Linear", "tanh", "Linear", "tanh", "Linear", "sigmoid"]);
  assert.deepEqual(net.parameters().map((p) => `${p.name} ${p.value.rows}×${p.value.cols}`), [
    "W1 2×4",
    "b1 1×4",
    "W2 4×3",
    "b2 1×3",
    "W3 3×1",
    "b3 1×1",
  ]);
  assert.deepEqual(
    mlp([2, 4, 1], { seed: 8 }).forward(Tensor.ones(1, 2)).toArray(),
    mlp([2, 4, 1], { seed: 8 }).forward(Tensor.ones(1, 2)).toArray(),
  );
});

Deno.test("two Linear layers made without a generator or a seed differ", () => {
  const a = new Linear(3, 4), b = new Linear(3, 4);
  assert.notDeepEqual(a.W.toArray(), b.W.toArray());
  // …while a seed still fixes them.
  assert.deepEqual(
    new Linear(3, 4, { seed: 5 }).W.toArray(),
    new Linear(3, 4, { seed: 5 }).W.toArray(),
  );
});

Deno.test("changing X or Z after forward does not change the gradients backward gives", () => {
  const rng = new Rng(12);
  const X = Tensor.normal(5, 3, rng), G = Tensor.normal(5, 2, rng);
  const run = (mutate: boolean) => {
    const net = mlp([3, 4, 2], { seed: 2 });
    const input = X.clone();
    const out = net.forward(input);
    if (mutate) {
      input.data.fill(7); // the caller reuses its array
      out.data.fill(-1);
    }
    net.zeroGrad();
    const dX = net.backward(G);
    return [dX, ...net.parameters().map((p) => p.grad)].map((t) => t.toArray());
  };
  assert.deepEqual(run(true), run(false));
  // The activation layer keeps its own copy of Z too.
  const relu = new ActivationLayer("relu");
  const Z = Tensor.from([[1, -1]]);
  relu.forward(Z);
  Z.data.fill(-5);
  assert.deepEqual(relu.backward(Tensor.from([[3, 3]])).toArray(), [[3, 0]]);
});

Deno.test("a network's stages are read from its layers, and what is not one is named", () => {
  const stages = stagesOf(mlp([2, 3, 3, 1], { activation: "tanh", outputActivation: "sigmoid" }));
  assert.deepEqual(stages.map((s) => [s.layer.inWidth, s.layer.outWidth, s.activation.name]), [
    [2, 3, "tanh"],
    [3, 3, "tanh"],
    [3, 1, "sigmoid"],
  ]);
  assert.equal(
    stageProblem(new Linear(2, 1)),
    "the model is a single Linear layer, not a Sequential",
  );
  assert.match(
    stageProblem(
      new Sequential([new Linear(2, 2), new ActivationLayer("relu"), new ActivationLayer("tanh")]),
    )!,
    /layer 3 is a tanh activation with no stage layer before it/,
  );
  assert.throws(() => stagesOf(new Sequential([new ActivationLayer("relu")])), /layer 1 is a relu/);
});
