import assert from "node:assert/strict";
import {
  activate,
  activationDerivative,
  type ActivationName,
  ACTIVATIONS,
  excelFormula,
  getActivation,
  relu,
  sigmoid,
  Tensor,
} from "nn";

const names = Object.keys(ACTIVATIONS) as ActivationName[];

Deno.test("ReLU′(0) = 0, by the stated convention", () => {
  assert.equal(getActivation("relu").df(0), 0);
  assert.equal(getActivation("relu").df(-0), 0);
  assert.equal(getActivation("relu").df(1e-300), 1);
  assert.equal(getActivation("leakyRelu").df(0), 0.01);
});

Deno.test("activation values on a grid through 0", () => {
  const Z = Tensor.from([[-2, -0.5, 0, 0.5, 2]]);
  assert.deepEqual(relu(Z).toArray(), [[0, 0, 0, 0.5, 2]]);
  assert.deepEqual(activate("leakyRelu", Z).toArray(), [[-0.02, -0.005, 0, 0.5, 2]]);
  assert.deepEqual(activate("identity", Z).toArray(), Z.toArray());
  assert.equal(sigmoid(Tensor.from([[0]])).get(0, 0), 0.5);
  assert.equal(activate("tanh", Tensor.from([[0]])).get(0, 0), 0);
});

Deno.test("sigmoid is stable and symmetric for large |x|", () => {
  const s = getActivation("sigmoid");
  for (const x of [40, 300, 800, 1e6]) {
    assert.ok(Number.isFinite(s.f(-x)) && Number.isFinite(s.f(x)));
    assert.ok(Math.abs(s.f(x) + s.f(-x) - 1) < 1e-15);
    assert.ok(s.df(x) >= 0 && s.df(-x) >= 0);
  }
  assert.equal(s.f(-800), 0);
  assert.ok(s.f(-700) > 0, "no underflow to 0 while exp(−700) is representable");
});

Deno.test("each derivative matches a central difference away from kinks", () => {
  for (const name of names) {
    const a = getActivation(name);
    for (const x of [-3, -1.1, -0.3, 0.2, 0.9, 2.5]) {
      const h = 1e-6;
      const numeric = (a.f(x + h) - a.f(x - h)) / (2 * h);
      assert.ok(Math.abs(numeric - a.df(x)) < 1e-8, `${name}′(${x}): ${a.df(x)} vs ${numeric}`);
    }
  }
});

Deno.test("tensor derivatives agree with the scalar ones", () => {
  const Z = Tensor.from([[-1, 0, 1]]);
  assert.deepEqual(activationDerivative("relu", Z).toArray(), [[0, 0, 1]]);
  assert.deepEqual(activationDerivative("tanh", Z).toArray(), [[
    1 - Math.tanh(-1) ** 2,
    1,
    1 - Math.tanh(1) ** 2,
  ]]);
});

Deno.test("Excel formulas are the documented ones and point at any cell", () => {
  assert.equal(ACTIVATIONS.relu.excel, "IF(A1>0,A1,0)");
  assert.equal(ACTIVATIONS.relu.excelDerivative, "IF(A1>0,1,0)");
  assert.equal(ACTIVATIONS.sigmoid.excel, "1/(1+EXP(-A1))");
  assert.equal(ACTIVATIONS.tanh.excel, "TANH(A1)");
  assert.equal(excelFormula("tanh", "$B$12"), "TANH($B$12)");
  assert.equal(excelFormula("sigmoid", "Z1_s0"), "1/(1+EXP(-Z1_s0))");
  assert.throws(() => excelFormula("relu", "A1+1"), /Not a cell reference/);
});

Deno.test("an unknown activation name is a clear error", () => {
  assert.throws(
    () => getActivation("swish"),
    { message: 'Unknown activation "swish": use one of relu, sigmoid, tanh, identity, leakyRelu' },
  );
  assert.throws(
    () => activate("gelu" as ActivationName, Tensor.ones(1, 1)),
    /Unknown activation "gelu"/,
  );
});
