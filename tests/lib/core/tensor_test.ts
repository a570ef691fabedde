import assert from "node:assert/strict";
import { DISPLAY, formatNumber, Rng, Tensor } from "nn";

Deno.test("Tensor.from keeps rows and columns in row-major order", () => {
  const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
});

Deno.test("Tensor.from rejects ragged, empty and non-finite input", () => {
  assert.throws(
    () => Tensor.from([[1, 2], [3]]),
    /Ragged rows: row 0 has 2 values but row 1 has 1/,
  );
  assert.throws(() => Tensor.from([]), /non-empty/);
  assert.throws(() => Tensor.from([[]]), /non-empty/);
  assert.throws(() => Tensor.from([[1, NaN]]), /row 0, column 1 is not a finite number: NaN/);
  assert.throws(() => Tensor.from([[Infinity]]), /not a finite number: Infinity/);
});

Deno.test("constructor rejects zero sizes and mismatched data", () => {
  assert.throws(() => new Tensor(0, 2), /rows must be a whole number ≥ 1, got 0/);
  assert.throws(() => new Tensor(2, 1.5), /cols must be a whole number ≥ 1/);
  assert.throws(() => new Tensor(2, 2, new Float64Array(3)), /needs 4 values, got 3/);
});

Deno.test("get and set check their indices", () => {
  const t = Tensor.zeros(2, 3);
  t.set(1, 2, 7);
  assert.equal(t.get(1, 2), 7);
  assert.equal(t.data[5], 7);
  assert.throws(() => t.get(0, 3), /Index \(0, 3\) is out of range for a 2×3 tensor/);
  assert.throws(() => t.get(-1, 0), /out of range/);
  assert.throws(() => t.set(0, 0, NaN), /Cannot store NaN/);
});

Deno.test("seeded random tensors repeat and differ across seeds", () => {
  const a = Tensor.normal(3, 3, new Rng(11));
  const b = Tensor.normal(3, 3, new Rng(11));
  const c = Tensor.normal(3, 3, new Rng(12));
  assert.deepEqual(a.toArray(), b.toArray());
  assert.notDeepEqual(a.toArray(), c.toArray());
});

Deno.test("uniform and normal draws have the right moments", () => {
  const n = 100_000;
  const u = Tensor.uniform(n, 1, new Rng(1), -1, 1).data;
  const z = Tensor.normal(n, 1, new Rng(2), 3, 2).data;
  const meanOf = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const varOf = (x: Float64Array) => {
    const m = meanOf(x);
    return x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
  };
  assert.ok(Math.abs(meanOf(u)) < 0.01);
  assert.ok(Math.abs(varOf(u) - 1 / 3) < 0.01);
  assert.ok(u.every((v) => v >= -1 && v < 1));
  assert.ok(Math.abs(meanOf(z) - 3) < 0.03);
  assert.ok(Math.abs(varOf(z) - 4) < 0.1);
});

Deno.test("a permutation holds every index once", () => {
  const p = Array.from(new Rng(5).permutation(50)).sort((a, b) => a - b);
  assert.deepEqual(p, Array.from({ length: 50 }, (_, i) => i));
});

Deno.test("a tensor displays as an HTML table and as text with its shape", () => {
  const t = Tensor.from([[0.5, -1], [1e-9, 123456789]]);
  const bundle = t[DISPLAY]();
  assert.match(bundle["text/plain"], /^Tensor 2×2\n/);
  assert.match(bundle["text/html"], /<caption>Tensor 2×2<\/caption>/);
  assert.match(bundle["text/html"], /<td>-1<\/td>/);
  assert.equal(formatNumber(1e-9), "1e-9");
  assert.equal(formatNumber(123456789), "1.235e+8");
  assert.equal(formatNumber(-0.000123456), "-0.0001235");
});
