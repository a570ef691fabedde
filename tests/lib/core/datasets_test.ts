import assert from "node:assert/strict";
import {
  assertAllClose,
  bce,
  blobs,
  circles,
  fitStandardizer,
  gaussians,
  generate,
  type GeneratorName,
  mean,
  moons,
  mse,
  noisySine,
  saddle,
  spiral,
  spiralArms,
  Tensor,
  trainTestSplit,
  xorQuadrants,
} from "nn";

Deno.test("generators give balanced 0/1 labels, seeded and repeatable", () => {
  for (const name of ["circles", "gaussians", "spiral", "moons"] as GeneratorName[]) {
    const a = generate(name, { n: 101, seed: 4 });
    const b = generate(name, { n: 101, seed: 4 });
    const c = generate(name, { n: 101, seed: 5 });
    assert.deepEqual(a.X.shape, [101, 2]);
    assert.deepEqual(a.y.shape, [101, 1]);
    assert.deepEqual(a.X.toArray(), b.X.toArray(), name);
    assert.notDeepEqual(a.X.toArray(), c.X.toArray(), name);
    const ones = a.y.data.reduce((s, v) => s + v, 0);
    assert.ok(a.y.data.every((v) => v === 0 || v === 1));
    assert.ok(ones === 50 || ones === 51, `${name}: ${ones} ones`);
  }
});

Deno.test("without noise, circles and spirals keep their geometry", () => {
  const { X, y } = circles({ n: 100, noise: 0, seed: 1 });
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(X.get(i, 0), X.get(i, 1));
    assert.ok(y.get(i, 0) === 1 ? r <= 0.5 : r >= 0.7 && r <= 1, `point ${i} at radius ${r}`);
  }
  const s = spiral({ n: 40, noise: 0 });
  // The two arms are the same curve rotated by π: points 2k and 2k+1 are opposite.
  for (let k = 0; k < 20; k++) {
    assertAllClose([s.X.get(2 * k, 0), s.X.get(2 * k, 1)], [
      -s.X.get(2 * k + 1, 0),
      -s.X.get(2 * k + 1, 1),
    ], {
      atol: 1e-12,
    });
  }
  const g = gaussians({ n: 2000, noise: 0, seed: 3 });
  const m0 = mean(Tensor.from(g.X.toArray().filter((_, i) => g.y.get(i, 0) === 0)), 0);
  assertAllClose(m0, [[-0.5, -0.5]], { atol: 0.03 });
  assert.equal(moons({ n: 3 }).X.cols, 2);
});

Deno.test("noise must be a finite number ≥ 0 and n a whole number ≥ 1", () => {
  assert.throws(() => circles({ noise: -1 }), /noise must be a finite number ≥ 0, got -1/);
  assert.throws(() => moons({ n: 0 }), /n must be a whole number ≥ 1, got 0/);
  assert.throws(() => generate("rings" as GeneratorName), /Unknown dataset "rings"/);
});

Deno.test("train/test split partitions the samples", () => {
  const data = moons({ n: 50, seed: 8 });
  const { train, test } = trainTestSplit(data, { testFraction: 0.2, seed: 3 });
  assert.equal(train.X.rows + test.X.rows, 50);
  const key = (r: number[]) => r.join(",");
  const all = new Set(data.X.toArray().map(key));
  const parts = [...train.X.toArray(), ...test.X.toArray()].map(key);
  assert.equal(new Set(parts).size, 50);
  assert.ok(parts.every((k) => all.has(k)));
  assert.throws(() => trainTestSplit(data, { testFraction: 1 }), /testFraction 1 of 50 samples/);
});

Deno.test("standardising gives mean 0 and standard deviation 1 per column", () => {
  const { X } = gaussians({ n: 500, seed: 2 });
  const s = fitStandardizer(X);
  const Z = s.apply(X);
  assertAllClose(mean(Z, 0), [[0, 0]], { atol: 1e-12 });
  const sq = Tensor.from(Z.toArray().map((r) => r.map((v) => v * v)));
  assertAllClose(mean(sq, 0), [[1, 1]], { rtol: 1e-12 });
  assert.throws(() => s.apply(Tensor.zeros(2, 3)), /fitted on 2 columns, got 2×3/);
});

Deno.test("losses: MSE and BCE values by hand, and their input checks", () => {
  const y = Tensor.column([1, 0]);
  assert.equal(mse(Tensor.column([0.5, 0.5]), y), 0.25);
  assertAllClose(bce(Tensor.column([0.9, 0.2]), y), -(Math.log(0.9) + Math.log(0.8)) / 2, {
    rtol: 1e-15,
  });
  assert.equal(bce(Tensor.column([0, 0]), y), Infinity);
  assert.throws(
    () => bce(Tensor.column([1.5, 0]), y),
    /probabilities in \[0, 1\].*got 1.5 at row 0, column 0/,
  );
  assert.throws(() => mse(Tensor.column([1]), y), /mse needs equal shapes, got 1×1 and 2×1/);
});

Deno.test("XOR by quadrants: balanced, seeded, labelled by sign, and blurred only by its noise", () => {
  const a = xorQuadrants({ n: 400, noise: 0, seed: 2 });
  assert.deepEqual(a.X.shape, [400, 2]);
  assert.deepEqual(xorQuadrants({ n: 400, noise: 0, seed: 2 }).X.toArray(), a.X.toArray());
  assert.notDeepEqual(xorQuadrants({ n: 400, noise: 0, seed: 3 }).X.toArray(), a.X.toArray());
  const quadrants = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const [x1, x2] = [a.X.get(i, 0), a.X.get(i, 1)];
    // Without noise every point keeps the gap of 0.05 from both axes and stays in [−1, 1]².
    assert.ok(
      Math.min(Math.abs(x1), Math.abs(x2)) >= 0.05 && Math.max(Math.abs(x1), Math.abs(x2)) <= 1,
    );
    assert.equal(a.y.get(i, 0), x1 * x2 < 0 ? 1 : 0, `point ${i} at (${x1}, ${x2})`);
    const key = `${Math.sign(x1)},${Math.sign(x2)}`;
    quadrants.set(key, (quadrants.get(key) ?? 0) + 1);
  }
  assert.equal(a.y.data.reduce((s, v) => s + v, 0), 200);
  // All four quadrants are used, each by roughly a quarter of the points.
  assert.equal(quadrants.size, 4);
  for (const [key, count] of quadrants) assert.ok(count > 70 && count < 130, `${key}: ${count}`);
  // Noise moves some points across an axis: their labels still say where they started.
  const noisy = xorQuadrants({ n: 400, noise: 0.3, seed: 2 });
  let crossed = 0;
  for (let i = 0; i < 400; i++) {
    if ((noisy.X.get(i, 0) * noisy.X.get(i, 1) < 0 ? 1 : 0) !== noisy.y.get(i, 0)) crossed++;
  }
  assert.ok(crossed > 10 && crossed < 150, `${crossed} of 400 points crossed an axis`);
  assert.throws(() => xorQuadrants({ noise: -1 }), /noise must be a finite number ≥ 0, got -1/);
});

Deno.test("blobs and spiralArms give k balanced classes, seeded and repeatable", () => {
  for (const make of [blobs, spiralArms]) {
    for (const classes of [2, 3, 5]) {
      const a = make({ n: 103, classes, seed: 4 });
      const b = make({ n: 103, classes, seed: 4 });
      const c = make({ n: 103, classes, seed: 5 });
      assert.deepEqual(a.X.shape, [103, 2]);
      assert.deepEqual(a.y.shape, [103, 1]);
      assert.deepEqual(a.X.toArray(), b.X.toArray());
      assert.notDeepEqual(a.X.toArray(), c.X.toArray());
      const counts = Array.from(
        { length: classes },
        (_, k) => a.y.data.filter((v) => v === k).length,
      );
      assert.equal(
        counts.reduce((s, v) => s + v, 0),
        103,
        `${make.name} ${classes}: labels 0 … k − 1`,
      );
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${make.name}: ${counts}`);
    }
  }
});

Deno.test("spiralArms with 2 classes is the spiral; blobs' classes sit around their own centres", () => {
  const two = spiralArms({ n: 101, classes: 2, noise: 0.07, seed: 9 });
  const old = spiral({ n: 101, noise: 0.07, seed: 9 });
  assert.deepEqual(two.X.toArray(), old.X.toArray());
  assert.deepEqual(two.y.toArray(), old.y.toArray());
  // Without noise each blob's mean lies near its centre, 0.75 from the origin at 225° + 360°·c/k.
  const { X, y } = blobs({ n: 3000, classes: 3, noise: 0, seed: 1 });
  for (let c = 0; c < 3; c++) {
    let sx = 0, sy = 0, m = 0;
    for (let i = 0; i < X.rows; i++) {
      if (y.data[i] === c) sx += X.get(i, 0), sy += X.get(i, 1), m++;
    }
    const angle = (225 + 120 * c) * Math.PI / 180;
    assertAllClose([sx / m, sy / m], [0.75 * Math.cos(angle), 0.75 * Math.sin(angle)], {
      atol: 0.03,
    });
  }
});

Deno.test("blobs and spiralArms refuse a bad number of classes or an unknown option", () => {
  assert.throws(() => blobs({ classes: 1 }), /blobs's classes must be a whole number ≥ 2, got 1/);
  assert.throws(() => spiralArms({ classes: 2.5 }), /spiralArms's classes .* got 2.5/);
  assert.throws(
    () => blobs({ clases: 3 } as never),
    /blobs has no option "clases": it takes n, noise, seed, classes/,
  );
});

Deno.test("the regression sets: a noisy sine and a saddle, their noise of the standard deviation asked", () => {
  for (const make of [noisySine, saddle]) {
    const a = make({ n: 4000, noise: 0.1, seed: 3 });
    assert.deepEqual(a.X.toArray(), make({ n: 4000, noise: 0.1, seed: 3 }).X.toArray());
    assert.notDeepEqual(a.X.toArray(), make({ n: 4000, noise: 0.1, seed: 4 }).X.toArray());
    assert.ok(a.X.data.every((v) => v >= -1 && v <= 1), `${make.name}: inputs in [−1, 1]`);
    // The targets less the noiseless function: mean about 0, standard deviation about 0.1.
    const f = (i: number) =>
      a.X.cols === 1 ? Math.sin(Math.PI * a.X.get(i, 0)) : a.X.get(i, 0) ** 2 - a.X.get(i, 1) ** 2;
    const residual = Array.from({ length: 4000 }, (_, i) => a.y.get(i, 0) - f(i));
    const m = residual.reduce((s, v) => s + v, 0) / 4000;
    const sd = Math.sqrt(residual.reduce((s, v) => s + (v - m) ** 2, 0) / 4000);
    assert.ok(Math.abs(m) < 0.01, `${make.name}: mean ${m}`);
    assert.ok(Math.abs(sd - 0.1) < 0.005, `${make.name}: sd ${sd}`);
  }
  assert.deepEqual(noisySine({ n: 7 }).X.shape, [7, 1]);
  assert.deepEqual(saddle({ n: 7 }).X.shape, [7, 2]);
});
