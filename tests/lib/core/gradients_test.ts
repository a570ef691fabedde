// Every op, activation and layer checked against central finite
// differences at seeded random points, to a relative error below 1e-6.
import assert from "node:assert/strict";
import {
  ActivationLayer,
  type ActivationName,
  ACTIVATIONS,
  add,
  addBackward,
  assertAllClose,
  checkGradients,
  checkLayer,
  checkNetwork,
  getLoss,
  l2Penalty,
  Linear,
  map,
  matmul,
  matmulBackward,
  mlp,
  mul,
  mulBackward,
  Rng,
  SGD,
  sub,
  sum,
  Tensor,
  xor,
} from "nn";
import { assertSmall } from "./_gradients.ts";

Deno.test("the checker itself catches a wrong gradient", () => {
  const x = Tensor.from([[1, 2]]);
  const f = () => sum(mul(x, x));
  // d(x²)/dx = 2x; claim x instead.
  const r = checkGradients(f, [{ name: "x", value: x, grad: x.clone() }]);
  assert.ok(r.maxRelativeError > 0.4, `a wrong gradient passed: ${r.maxRelativeError}`);
  assert.equal(r.worst.name, "x");
});

Deno.test("op gradients: matmul, add with a broadcast bias, mul", () => {
  type Op = (a: Tensor, b: Tensor) => Tensor;
  type Backward = (a: Tensor, b: Tensor, G: Tensor) => { dA: Tensor; dB: Tensor };
  // Each op with its backward and the shapes of its two inputs; the output is 3×2 throughout.
  const cases: [string, Op, Backward, [number, number], [number, number]][] = [
    ["matmul", matmul, matmulBackward, [3, 4], [4, 2]],
    ["add", add, addBackward, [3, 2], [1, 2]],
    ["mul", mul, mulBackward, [3, 2], [1, 2]],
  ];
  for (let s = 0; s < 5; s++) {
    for (const [name, op, backward, shapeA, shapeB] of cases) {
      const rng = new Rng(100 + s);
      const A = Tensor.normal(...shapeA, rng), B = Tensor.normal(...shapeB, rng);
      const G = Tensor.normal(3, 2, rng);
      const { dA, dB } = backward(A, B, G);
      // L = sum(op(A, B) ⊙ G) has ∂L/∂A = dA and ∂L/∂B = dB.
      assertSmall(
        checkGradients(() => sum(mul(op(A, B), G)), [
          { name: "A", value: A, grad: dA },
          { name: "B", value: B, grad: dB },
        ]),
        `${name} at seed ${s}`,
      );
    }
  }
});

Deno.test("activation layer gradients at random points and near the ReLU kink", () => {
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    for (let s = 0; s < 3; s++) {
      const Z = Tensor.normal(4, 3, new Rng(200 + s), 0, 2);
      assertSmall(checkLayer(new ActivationLayer(name), Z, { seed: s }), `${name} at seed ${s}`);
    }
    // Within 1e-3 of the kink at 0, but farther than the step ε = 1e-6.
    const nearKink = Tensor.from([[-1e-3, 1e-3, -2e-4, 3e-4, 5e-5, -5e-5]]);
    assertSmall(checkLayer(new ActivationLayer(name), nearKink), `${name} near 0`);
  }
});

Deno.test("Linear layer gradients for input, W and b", () => {
  for (let s = 0; s < 5; s++) {
    const rng = new Rng(300 + s);
    const layer = new Linear(3, 5, { rng, init: "normal" });
    layer.b.data.set(Tensor.normal(1, 5, rng).data);
    assertSmall(checkLayer(layer, Tensor.normal(6, 3, rng), { seed: s }), `Linear at seed ${s}`);
  }
});

Deno.test("whole networks: every activation, MSE and BCE", () => {
  // Random inputs: XOR's (0, 0) with zero biases sits exactly on ReLU's kink.
  const rng = new Rng(500);
  const X = Tensor.normal(6, 2, rng), y = Tensor.uniform(6, 1, rng);
  for (const activation of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const net = mlp([2, 5, 3, 1], { activation, seed: 9, init: "normal" });
    assertSmall(checkNetwork(net, X, y), `${activation} network with MSE`);
  }
  const net = mlp([2, 4, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 2 });
  const data = xor();
  assertSmall(
    checkNetwork(net, data.X, data.y, { loss: "bce" }),
    "tanh network with sigmoid and BCE",
  );
});

Deno.test("a tiny case worked by hand: one neuron, one sample", () => {
  // yHat = 2·3 + 1 = 7; L = (7 − 5)² = 4; dL/dyHat = 2·(7 − 5) = 4;
  // dL/dw = 4·x = 12; dL/db = 4; dL/dx = 4·w = 8.
  const layer = Linear.fromWeights(Tensor.from([[2]]), Tensor.from([[1]]));
  const x = Tensor.from([[3]]);
  const yHat = layer.forward(x);
  assert.equal(yHat.get(0, 0), 7);
  const loss = getLoss("mse");
  assert.equal(loss.value(yHat, Tensor.from([[5]])), 4);
  const dX = layer.backward(loss.grad(yHat, Tensor.from([[5]])));
  assert.equal(layer.dW.get(0, 0), 12);
  assert.equal(layer.db.get(0, 0), 4);
  assert.equal(dX.get(0, 0), 8);
});

Deno.test("a gradient of the wrong size is refused", () => {
  assert.throws(
    () =>
      checkGradients(() => 0, [{ name: "W", value: Tensor.zeros(2, 2), grad: Tensor.zeros(1, 2) }]),
    /W has 4 values but its gradient has 2/,
  );
  // map keeps this file honest about the helpers it imports.
  assert.equal(map(Tensor.ones(1, 1), (v) => v + 1).get(0, 0), 2);
});

Deno.test("weight decay is the gradient of the L2 penalty (λ/2)·‖W‖², on the weights only", () => {
  const rng = new Rng(700);
  const X = Tensor.normal(6, 3, rng), y = Tensor.normal(6, 2, rng);
  const net = mlp([3, 4, 2], { activation: "tanh", seed: 7 });
  net.linears().forEach((l) => l.b.data.set(Tensor.normal(1, l.b.cols, rng).data));
  const lambda = 0.3, loss = getLoss("mse");
  net.zeroGrad();
  net.backward(loss.grad(net.forward(X), y));
  // One SGD step with weight decay, and with lr = 1, moves each parameter by its decayed gradient.
  const before = net.parameters().map((p) => p.value.clone());
  new SGD(net.parameters(), { lr: 1, weightDecay: lambda }).step();
  const decayed = net.parameters().map((p, i) => ({
    name: p.name,
    value: before[i],
    grad: sub(before[i], p.value),
  }));
  net.parameters().forEach((p, i) => p.value.data.set(before[i].data));
  const total = () => loss.value(net.forward(X), y) + l2Penalty(net.parameters(), lambda);
  // Finite differences of loss + penalty at `before`, nudging the network's own parameters.
  assertSmall(
    checkGradients(
      total,
      net.parameters().map((p, i) => ({ name: p.name, value: p.value, grad: decayed[i].grad })),
    ),
    "decayed step",
  );
  // The biases' step has no decay in it: it is the plain gradient.
  const b1 = net.parameters().find((p) => p.name === "b1")!;
  assertAllClose(decayed.find((d) => d.name === "b1")!.grad, b1.grad, { rtol: 1e-15 });
});
