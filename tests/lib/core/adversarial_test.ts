// The input gradient and the two GAN steps: every gradient against central differences, each step
// against W − lr·(the numeric gradient), and the network that must not move, bit for bit.
import assert from "node:assert/strict";
import {
  assertAllClose,
  backpropagate,
  checkGradients,
  discriminatorStep,
  fastProducts,
  forwardStages,
  generatorStep,
  getLoss,
  gradients,
  type Layer,
  mlp,
  mul,
  Rng,
  SGD,
  sigmoidCrossEntropy,
  sum,
  Tensor,
} from "nn";
import { assertSmall } from "./_gradients.ts";

const values = (net: Layer) => net.parameters().map((p) => [...p.value.data]);

/** Central differences of f with respect to every value of `tensor`. */
function numericGradient(f: () => number, tensor: Tensor, eps = 1e-6): Tensor {
  const g = new Tensor(tensor.rows, tensor.cols);
  for (let i = 0; i < tensor.size; i++) {
    const saved = tensor.data[i];
    tensor.data[i] = saved + eps;
    const up = f();
    tensor.data[i] = saved - eps;
    const down = f();
    tensor.data[i] = saved;
    g.data[i] = (up - down) / (2 * eps);
  }
  return g;
}

Deno.test("gradients: ∂loss/∂X and every ∂loss/∂W match central differences, for each loss", () => {
  for (
    const [loss, outputActivation, y] of [
      ["mse", "identity", Tensor.normal(6, 2, new Rng(5))],
      [
        "sigmoidCrossEntropy",
        "identity",
        Tensor.from([[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1]]),
      ],
      ["bce", "sigmoid", Tensor.from([[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1]])],
    ] as const
  ) {
    const net = mlp([3, 5, 4, 2], { seed: 3, activation: "tanh", outputActivation });
    const X = Tensor.normal(6, 3, new Rng(4));
    const { dX, loss: value } = gradients(net, X, loss, y);
    assert.equal(value, getLoss(loss).value(net.forward(X), y));
    const r = checkGradients(() => getLoss(loss).value(forwardStages(net, X), y), [
      { name: "X", value: X, grad: dX },
      ...net.parameters().map((p) => ({ name: p.name, value: p.value, grad: p.grad.clone() })),
    ], { eps: 1e-5 }); // a larger step than the default: some gradients here are near 1e-5
    assertSmall(r, `gradients with ${loss}`);
  }
});

Deno.test("gradients: the input gradient is the first stage's, through ReLU too", () => {
  const net = mlp([2, 16, 16, 1], { seed: 8 });
  const X = Tensor.normal(10, 2, new Rng(9)), y = Tensor.ones(10, 1);
  const { dX } = gradients(net, X, "sigmoidCrossEntropy", y);
  const r = checkGradients(() => sigmoidCrossEntropy(forwardStages(net, X), y), [
    { name: "X", value: X, grad: dX },
  ]);
  assert.equal(r.kinks, 0, "a ReLU kink at a random point");
  assertSmall(r, "the input gradient of a ReLU network");
  // A check that can fail: the layers' own backward pass gives the same dX.
  net.zeroGrad();
  assertAllClose(net.backward(getLoss("sigmoidCrossEntropy").grad(net.forward(X), y)), dX, {
    atol: 1e-15,
  });
});

Deno.test("backpropagate: ∂(Σ output ⊙ G)/∂X and /∂W are what it returns and sets", () => {
  const net = mlp([2, 6, 3], { seed: 1, activation: "tanh" });
  const X = Tensor.normal(5, 2, new Rng(2)), G = Tensor.normal(5, 3, new Rng(3));
  const dX = backpropagate(net, X, G);
  const r = checkGradients(() => sum(mul(forwardStages(net, X), G)), [
    { name: "X", value: X, grad: dX },
    ...net.parameters().map((p) => ({ name: p.name, value: p.value, grad: p.grad.clone() })),
  ]);
  assertSmall(r, "backpropagate");
});

Deno.test("generatorStep: G moves by −lr × the numeric gradient of loss(D(G(z)), 1); D does not move", () => {
  const G = mlp([2, 6, 2], { seed: 11, activation: "tanh" });
  const D = mlp([2, 6, 1], { seed: 12, activation: "tanh" });
  const z = Tensor.normal(8, 2, new Rng(13)), ones = Tensor.ones(8, 1), lr = 0.3;
  const f = () => sigmoidCrossEntropy(forwardStages(D, forwardStages(G, z)), ones);
  const lossBefore = f();
  const expected = G.parameters().map((p) => {
    const g = numericGradient(f, p.value);
    return p.value.data.map((w, i) => w - lr * g.data[i]);
  });
  const dBefore = values(D);
  const { loss } = generatorStep(G, D, z, new SGD(G.parameters(), { lr }));
  assert.equal(loss, lossBefore);
  G.parameters().forEach((p, k) =>
    assertAllClose([...p.value.data], [...expected[k]], { atol: 1e-8 })
  );
  assert.deepEqual(values(D), dBefore, "the discriminator's weights changed");
  assert.ok(f() < lossBefore, "the step did not fool D any better");
});

Deno.test("discriminatorStep: D moves by −lr × the numeric gradient of real→1, fake→0", () => {
  const D = mlp([2, 5, 1], { seed: 21, activation: "tanh" });
  const real = Tensor.normal(6, 2, new Rng(22), 2), fake = Tensor.normal(4, 2, new Rng(23));
  const y = Tensor.column([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]), lr = 0.2;
  const both = Tensor.from([...real.toArray(), ...fake.toArray()]);
  const f = () => sigmoidCrossEntropy(forwardStages(D, both), y);
  const lossBefore = f();
  const expected = D.parameters().map((p) => {
    const g = numericGradient(f, p.value);
    return p.value.data.map((w, i) => w - lr * g.data[i]);
  });
  const { loss } = discriminatorStep(D, real, fake, new SGD(D.parameters(), { lr, momentum: 0 }));
  assert.equal(loss, lossBefore);
  D.parameters().forEach((p, k) =>
    assertAllClose([...p.value.data], [...expected[k]], { atol: 1e-8 })
  );
});

Deno.test("the steps use the SGD they are given: momentum carries over between steps", () => {
  const G = mlp([2, 4, 2], { seed: 1 }), D = mlp([2, 4, 1], { seed: 2 });
  const z = Tensor.normal(8, 2, new Rng(3));
  const plain = mlp([2, 4, 2], { seed: 1 });
  const withMomentum = new SGD(G.parameters(), { lr: 0.1, momentum: 0.9 });
  const without = new SGD(plain.parameters(), { lr: 0.1 });
  for (let i = 0; i < 2; i++) {
    generatorStep(G, D, z, withMomentum);
    generatorStep(plain, D, z, without);
  }
  assert.notDeepEqual(values(G), values(plain));
});

Deno.test("a failed GAN step leaves both networks, weights and gradients, as they were", () => {
  const G = mlp([2, 4, 2], { seed: 1 }), D = mlp([2, 4, 1], { seed: 2 });
  const snapshot = () =>
    [G, D].map((n) => n.parameters().map((p) => [[...p.value.data], [...p.grad.data]]));
  const before = snapshot();
  const z = Tensor.normal(4, 2, new Rng(1));
  const failing = [
    () => generatorStep(G, mlp([3, 4, 1]), z, new SGD(G.parameters(), { lr: 0.1 })),
    () => generatorStep(G, mlp([2, 4, 2]), z, new SGD(G.parameters(), { lr: 0.1 })),
    () => generatorStep(G, D, z, new SGD(D.parameters(), { lr: 0.1 })),
    () => generatorStep(G, D, Tensor.zeros(4, 3), new SGD(G.parameters(), { lr: 0.1 })),
    () =>
      discriminatorStep(
        D,
        Tensor.zeros(3, 2),
        Tensor.zeros(3, 3),
        new SGD(D.parameters(), { lr: 0.1 }),
      ),
    () =>
      discriminatorStep(
        D,
        Tensor.zeros(3, 2),
        Tensor.zeros(3, 2),
        new SGD(G.parameters(), { lr: 0.1 }),
      ),
    () => gradients(D, z, "sigmoidCrossEntropy", Tensor.ones(4, 2)),
    () => backpropagate(G, z, Tensor.ones(4, 1)),
  ];
  for (const call of failing) {
    assert.throws(call);
    assert.deepEqual(snapshot(), before, `a failed ${call} changed a network`);
  }
});

Deno.test("the fast path's products give the same gradients and steps, to rounding", () => {
  const net = mlp([2, 16, 16, 1], { seed: 5 });
  const X = Tensor.normal(40, 2, new Rng(6)), y = Tensor.ones(40, 1);
  const slow = gradients(net, X, "sigmoidCrossEntropy", y);
  const slowGrads = net.parameters().map((p) => [...p.grad.data]);
  const fast = gradients(net, X, "sigmoidCrossEntropy", y, { products: fastProducts });
  assertAllClose(fast.dX, slow.dX, { atol: 1e-12 });
  net.parameters().forEach((p, k) =>
    assertAllClose([...p.grad.data], slowGrads[k], { atol: 1e-12 })
  );
  const G1 = mlp([2, 8, 2], { seed: 1 }), G2 = mlp([2, 8, 2], { seed: 1 });
  const z = Tensor.normal(40, 2, new Rng(7));
  generatorStep(G1, net, z, new SGD(G1.parameters(), { lr: 0.1 }));
  generatorStep(G2, net, z, new SGD(G2.parameters(), { lr: 0.1 }), { products: fastProducts });
  assertAllClose(values(G2).flat(), values(G1).flat(), { atol: 1e-12 });
});
