// The SVD, minimum-norm least squares and ridge, each against an independent
// computation: the defining identities, the normal equations solved by
// Gaussian elimination, and closed forms worked by hand.
import assert from "node:assert/strict";
import {
  assertAllClose,
  concatColumns,
  leastSquares,
  matmul,
  minimumNormLeastSquares,
  mul,
  ridge,
  Rng,
  solve,
  svd,
  Tensor,
  transpose,
} from "nn/core";

const identity = (n: number) => {
  const I = new Tensor(n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
};

Deno.test("svd: U·diag(S)·Vᵀ = A, orthonormal U and V, S sorted, for tall, wide and square A", () => {
  const rng = new Rng(4);
  for (const [m, n] of [[7, 3], [3, 7], [5, 5], [40, 41], [200, 12], [1, 4]]) {
    const A = Tensor.normal(m, n, rng);
    const { U, S, V } = svd(A);
    const k = Math.min(m, n);
    assert.deepEqual([U.shape, V.shape, S.length], [[m, k], [n, k], k]);
    assertAllClose(matmul(mul(U, Tensor.row(S)), transpose(V)), A, { atol: 1e-12 });
    assertAllClose(matmul(transpose(U), U), identity(k), { atol: 1e-12 });
    assertAllClose(matmul(transpose(V), V), identity(k), { atol: 1e-12 });
    assert.ok(S.every((s, i) => s >= 0 && (i === 0 || s <= S[i - 1])), `S sorted: ${S}`);
  }
});

Deno.test("svd: the singular values of a matrix worked by hand, and of a rank-1 matrix", () => {
  // [[3, 0], [4, 5]] has AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5.
  assertAllClose(svd(Tensor.from([[3, 0], [4, 5]])).S, [Math.sqrt(45), Math.sqrt(5)], {
    rtol: 1e-14,
  });
  const rank1 = Tensor.from([[1, 2, 3], [2, 4, 6]]);
  const { S } = svd(rank1);
  assertAllClose(S[0], Math.sqrt(14 * 5), { rtol: 1e-14 });
  assert.ok(S[1] < 1e-14, `second singular value ${S[1]}`);
});

Deno.test("minimumNormLeastSquares equals least squares when X has full column rank", () => {
  const rng = new Rng(1);
  const X = Tensor.normal(30, 4, rng), y = Tensor.normal(30, 2, rng);
  const { W, b } = leastSquares(X, y);
  const theta = minimumNormLeastSquares(concatColumns(X, Tensor.ones(30, 1)), y);
  assertAllClose(theta, new Tensor(5, 2, new Float64Array([...W.data, ...b.data])), {
    rtol: 1e-10,
  });
});

Deno.test("minimumNormLeastSquares on a wide X: an exact fit, and the one Xᵀ(XXᵀ)⁻¹y", () => {
  const rng = new Rng(2);
  const X = Tensor.normal(6, 15, rng), y = Tensor.normal(6, 1, rng);
  const W = minimumNormLeastSquares(X, y);
  assertAllClose(matmul(X, W), y, { atol: 1e-12 });
  const byNormalEquations = matmul(transpose(X), solve(matmul(X, transpose(X)), y));
  assertAllClose(W, byNormalEquations, { rtol: 1e-9, atol: 1e-12 });
  // Any other exact fit is W plus a null-space vector, which only makes it longer.
  const nullStep = Tensor.normal(15, 1, rng);
  const P = matmul(transpose(X), solve(matmul(X, transpose(X)), matmul(X, nullStep)));
  const other = new Tensor(15, 1, W.data.map((w, i) => w + nullStep.data[i] - P.data[i]));
  assertAllClose(matmul(X, other), y, { atol: 1e-12 });
  assert.ok(Math.hypot(...other.data) > Math.hypot(...W.data));
});

Deno.test("minimumNormLeastSquares splits the weight of duplicated features equally", () => {
  // Two identical columns: x·(w₁ + w₂) = y has the shortest solution w₁ = w₂.
  const X = Tensor.from([[1, 1], [2, 2], [3, 3]]), y = Tensor.column([2, 4, 6]);
  assertAllClose(minimumNormLeastSquares(X, y), [[1], [1]], { rtol: 1e-12 });
  // A y off the columns' line: the best fit is its projection, x·(x·y)/‖x‖², split in two;
  // the direction X does not span (a singular value of 0 up to rounding) must get no weight.
  assertAllClose(minimumNormLeastSquares(X, Tensor.column([1, 0, 0])), [[1 / 28], [1 / 28]], {
    rtol: 1e-12,
  });
  // And a zero column gets no weight.
  const Z = Tensor.from([[1, 0], [2, 0]]);
  assertAllClose(minimumNormLeastSquares(Z, Tensor.column([3, 6])), [[3], [0]], { atol: 1e-12 });
});

Deno.test("ridge is (XᵀX + λI)⁻¹Xᵀy, and tends to the minimum-norm solution as λ → 0", () => {
  const rng = new Rng(3);
  for (const [m, n] of [[20, 5], [5, 20]]) {
    const X = Tensor.normal(m, n, rng), y = Tensor.normal(m, 2, rng);
    for (const lambda of [0.1, 3]) {
      const I = identity(n);
      const A = matmul(transpose(X), X);
      for (let i = 0; i < n; i++) A.data[i * n + i] += lambda * I.data[i * n + i];
      assertAllClose(ridge(X, y, { lambda }), solve(A, matmul(transpose(X), y)), {
        rtol: 1e-10,
        atol: 1e-12,
      });
    }
    assertAllClose(ridge(X, y, { lambda: 1e-12 }), minimumNormLeastSquares(X, y), {
      rtol: 1e-6,
      atol: 1e-9,
    });
    assert.deepEqual(ridge(X, y, { lambda: 0 }).toArray(), minimumNormLeastSquares(X, y).toArray());
  }
});

Deno.test("minimumNormLeastSquares and ridge name bad input", () => {
  const X = Tensor.ones(3, 2);
  assert.throws(
    () => minimumNormLeastSquares(X, Tensor.ones(2, 1)),
    /one row per sample.*3×2.*2×1/,
  );
  assert.throws(() => minimumNormLeastSquares([[1]] as never, X), /X must be a Tensor/);
  assert.throws(() => ridge(X, Tensor.ones(3, 1), { lambda: NaN }), /lambda must be .* got NaN/);
  assert.throws(
    () => ridge(X, Tensor.ones(3, 1), { lamda: 1 } as never),
    /no option "lamda"/,
  );
  assert.throws(() => svd("A" as never), /svd's argument A must be a Tensor/);
});
