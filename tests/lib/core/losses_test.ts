// Every loss of the table: its gradient against central finite differences, the cross-entropies
// against their definitions, and a loss's one-pass value and gradient against its two parts.
import assert from "node:assert/strict";
import {
  checkGradients,
  getLoss,
  LOSSES,
  mul,
  oneHot,
  Rng,
  sigmoid,
  sigmoidCrossEntropy,
  sigmoidCrossEntropyGrad,
  softmax,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
  sum,
  Tensor,
} from "nn";
import { assertSmall } from "./_gradients.ts";

Deno.test("loss gradients: every loss of the table", () => {
  for (let s = 0; s < 5; s++) {
    const rng = new Rng(400 + s);
    const yHat = Tensor.normal(5, 2, rng);
    const y = Tensor.uniform(5, 2, rng);
    for (const name of ["mse", "bce", "sigmoidCrossEntropy"] as const) {
      const loss = getLoss(name);
      const p = name === "bce" ? sigmoid(yHat) : yHat.clone();
      assertSmall(
        checkGradients(() => loss.value(p, y), [{ name, value: p, grad: loss.grad(p, y) }]),
        `${name} at seed ${s}`,
      );
    }
  }
});

Deno.test("softmax's backward and the cross-entropy gradients match finite differences", () => {
  for (let s = 0; s < 5; s++) {
    const rng = new Rng(600 + s);
    const Z = Tensor.normal(4, 3, rng, 0, 3);
    const G = Tensor.normal(4, 3, rng);
    // L = sum(softmax(Z) ⊙ G) has ∂L/∂Z = softmaxBackward(softmax(Z), G).
    assertSmall(
      checkGradients(() => sum(mul(softmax(Z), G)), [
        { name: "Z", value: Z, grad: softmaxBackward(softmax(Z), G) },
      ]),
      `softmax at seed ${s}`,
    );
    const Y = oneHot([0, 2, 1, 2], 3);
    assertSmall(
      // ε = 1e-5: with loss values near 1, a smaller step loses the smallest gradients to rounding.
      checkGradients(() => softmaxCrossEntropy(Z, Y), [
        { name: "Z", value: Z, grad: softmaxCrossEntropyGrad(Z, Y) },
      ], { eps: 1e-5 }),
      `softmaxCrossEntropy at seed ${s}`,
    );
    const z = Tensor.normal(5, 2, rng, 0, 3), y = Tensor.uniform(5, 2, rng);
    assertSmall(
      checkGradients(() => sigmoidCrossEntropy(z, y), [
        { name: "z", value: z, grad: sigmoidCrossEntropyGrad(z, y) },
      ], { eps: 1e-5 }),
      `sigmoidCrossEntropy at seed ${s}`,
    );
  }
});

Deno.test("the cross-entropies agree with their definitions, and stay finite where the naive form overflows", () => {
  const Z = Tensor.from([[1, 2, 3], [-1, 0, 5]]), Y = oneHot([2, 0], 3);
  const P = softmax(Z);
  // −mean over rows of ln p(true class), computed the naive way.
  const naive = -(Math.log(P.get(0, 2)) + Math.log(P.get(1, 0))) / 2;
  assert.ok(Math.abs(softmaxCrossEntropy(Z, Y) - naive) < 1e-14);
  // Logits of 1000 overflow e^z; the log-sum-exp form does not.
  assert.equal(softmaxCrossEntropy(Tensor.from([[1000, 0]]), oneHot([1], 2)), 1000);
  assert.ok(Number.isFinite(sigmoidCrossEntropy(Tensor.column([800]), Tensor.column([0]))));
  assert.deepEqual(softmax(Tensor.from([[1000, 1000]])).toArray(), [[0.5, 0.5]]);
  // Bad labels are refused by name.
  assert.throws(
    () => softmaxCrossEntropy(Z, Tensor.from([[1, 1, 0], [1, 0, 0]])),
    /row 0 sums to 2/,
  );
  assert.throws(
    () => softmaxCrossEntropy(Tensor.zeros(2, 1), Tensor.ones(2, 1)),
    /one column per class .* use sigmoidCrossEntropy/,
  );
  assert.throws(() => oneHot([0, 1.5], 3), /label 1.5 at index 1/);
  assert.throws(() => oneHot([0, -1], 3), /label -1 at index 1/);
});

Deno.test("a loss's one-pass value and gradient, where it has one, are valueOf and gradInto bit for bit", () => {
  const rng = new Rng(12);
  const fused = Object.values(LOSSES).filter((loss) => loss.valueAndGradInto !== undefined);
  assert.deepEqual(fused.map((l) => l.name), ["softmaxCrossEntropy"]);
  for (const loss of fused) {
    const Z = Tensor.normal(7, 5, rng, 0, 30); // large scores too
    const Y = oneHot([0, 4, 2, 2, 1, 3, 0], 5);
    const apart = new Float64Array(35), together = new Float64Array(35);
    loss.gradInto(Z.data, Y.data, apart, 7, 5);
    const value = loss.valueAndGradInto!(Z.data, Y.data, together, 7, 5);
    assert.equal(value, loss.valueOf(Z.data, Y.data, 7, 5));
    assert.deepEqual(together, apart);
  }
});
