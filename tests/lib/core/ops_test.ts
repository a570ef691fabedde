import assert from "node:assert/strict";
import fc from "fast-check";
import {
  add,
  argmax,
  assertAllClose,
  concatColumns,
  gatherRows,
  map,
  matmul,
  mean,
  mul,
  Rng,
  scale,
  sliceRows,
  sub,
  sum,
  Tensor,
  transpose,
} from "nn";

// A fixed seed: every run checks the same cases, so a failure repeats.
fc.configureGlobal({ seed: 20261125 });

Deno.test("matmul agrees with a product worked by hand", () => {
  const A = Tensor.from([[1, 2, 3], [4, 5, 6]]);
  const B = Tensor.from([[7, 8], [9, 10], [11, 12]]);
  // Row 1 of A times column 1 of B: 1·7 + 2·9 + 3·11 = 58, and so on.
  assert.deepEqual(matmul(A, B).toArray(), [[58, 64], [139, 154]]);
});

Deno.test("a failed matrix product names both shapes and the inner sizes", () => {
  assert.throws(
    () => matmul(Tensor.zeros(4, 2), Tensor.zeros(3, 1)),
    { message: "Cannot multiply 4×2 by 3×1: inner sizes 2 and 3 differ" },
  );
  assert.throws(() => matmul([[1]] as unknown as Tensor, Tensor.zeros(1, 1)), /must be a Tensor/);
});

Deno.test("element-wise ops broadcast a bias row and nothing else", () => {
  const A = Tensor.from([[1, 2], [3, 4]]);
  assert.deepEqual(add(A, Tensor.row([10, 20])).toArray(), [[11, 22], [13, 24]]);
  assert.deepEqual(sub(A, Tensor.from([[1]])).toArray(), [[0, 1], [2, 3]]);
  assert.deepEqual(mul(A, A).toArray(), [[1, 4], [9, 16]]);
  assert.throws(() => add(A, Tensor.zeros(1, 3)), /Cannot add 2×2 and 1×3/);
  assert.throws(() => add(A, Tensor.zeros(2, 1)), /Cannot add 2×2 and 2×1/);
  assert.throws(() => mul(A, Tensor.zeros(3, 2)), /Cannot multiply element-wise 2×2 and 3×2/);
});

Deno.test("reductions, argmax, scale and map", () => {
  const A = Tensor.from([[1, 5], [7, 3]]);
  assert.equal(sum(A), 16);
  assert.equal(mean(A), 4);
  assert.deepEqual(sum(A, 0).toArray(), [[8, 8]]);
  assert.deepEqual(mean(A, 1).toArray(), [[3], [5]]);
  assert.deepEqual(argmax(A), [1, 0]);
  assert.deepEqual(argmax(A, 0), [1, 0]);
  assert.deepEqual(scale(A, -1).toArray(), [[-1, -5], [-7, -3]]);
  assert.deepEqual(map(A, (x) => x % 2).toArray(), [[1, 1], [1, 1]]);
  assert.throws(() => sum(A, 2 as 0), /axis 0 .* or 1/);
  assert.throws(() => scale(A, NaN), /finite number/);
  assert.throws(() => map(A, 3 as unknown as (x: number) => number), /needs a function/);
});

Deno.test("row slicing, gathering and concatenation", () => {
  const X = Tensor.from([[1, 1], [2, 2], [3, 3]]);
  assert.deepEqual(sliceRows(X, 1).toArray(), [[2, 2], [3, 3]]);
  assert.deepEqual(gatherRows(X, [2, 2, 0]).toArray(), [[3, 3], [3, 3], [1, 1]]);
  assert.deepEqual(concatColumns(X, Tensor.zeros(3, 1)).shape, [3, 3]);
  assert.throws(() => sliceRows(X, 2, 2), /Cannot slice rows \[2, 2\) of a 3×2 tensor/);
  assert.throws(() => gatherRows(X, [3]), /Row index 3 is out of range for a 3×2 tensor/);
  assert.throws(() => concatColumns(X, Tensor.zeros(2, 1)), /row counts differ/);
});

const dim = fc.integer({ min: 1, max: 6 });
const seed = fc.integer({ min: 0, max: 2 ** 31 });

Deno.test("property: (AB)ᵀ = BᵀAᵀ", () => {
  fc.assert(fc.property(dim, dim, dim, seed, (m, k, n, s) => {
    const rng = new Rng(s);
    const A = Tensor.normal(m, k, rng), B = Tensor.normal(k, n, rng);
    assertAllClose(transpose(matmul(A, B)), matmul(transpose(B), transpose(A)), {
      rtol: 1e-12,
      atol: 1e-12,
    });
  }));
});

Deno.test("property: A(B + C) = AB + AC", () => {
  fc.assert(fc.property(dim, dim, dim, seed, (m, k, n, s) => {
    const rng = new Rng(s);
    const A = Tensor.normal(m, k, rng), B = Tensor.normal(k, n, rng), C = Tensor.normal(k, n, rng);
    assertAllClose(matmul(A, add(B, C)), add(matmul(A, B), matmul(A, C)), {
      rtol: 1e-12,
      atol: 1e-12,
    });
  }));
});

Deno.test("property: adding a bias row equals adding ones·b", () => {
  fc.assert(fc.property(dim, dim, seed, (m, n, s) => {
    const rng = new Rng(s);
    const Z = Tensor.normal(m, n, rng), b = Tensor.normal(1, n, rng);
    assertAllClose(add(Z, b), add(Z, matmul(Tensor.ones(m, 1), b)), { rtol: 0, atol: 0 });
  }));
});

Deno.test("property: transposing twice is the identity", () => {
  fc.assert(fc.property(dim, dim, seed, (m, n, s) => {
    const A = Tensor.normal(m, n, new Rng(s));
    assert.deepEqual(transpose(transpose(A)).toArray(), A.toArray());
  }));
});
