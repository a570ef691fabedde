// The fast backend with the optimisers other than plain SGD, the L1 penalty and dropout: the
// same losses and weights as the reference backend.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ActivationLayer,
  assertAllClose,
  Dropout,
  fit,
  Linear,
  mlp,
  type OptimizerName,
  Rng,
  Sequential,
  Tensor,
  TrainingWorkspace,
  xor,
} from "nn";

// A fixed seed: every run checks the same cases, so a failure repeats.
fc.configureGlobal({ seed: 20261205 });

const TOL = { rtol: 1e-12, atol: 1e-12 };

/** An MLP with a dropout layer after each hidden activation when `rate` > 0. */
function network(sizes: number[], rate: number, seed: number): Sequential {
  const rng = new Rng(seed);
  const layers = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    layers.push(new Linear(sizes[l], sizes[l + 1], { rng, init: "he" }));
    if (l < sizes.length - 2) {
      layers.push(new ActivationLayer("tanh"));
      if (rate > 0) layers.push(new Dropout(sizes[l + 1], rate, { seed: seed + l }));
    }
  }
  return new Sequential(layers);
}

Deno.test("property: both backends agree with momentum, Adam, L1, L2 and dropout, to 1e-12", () => {
  fc.assert(
    fc.property(
      fc.constantFrom<OptimizerName>("sgd", "momentum", "adam"),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }),
      fc.constantFrom(0, 0.01, 0.2),
      fc.constantFrom(0, 1e-3),
      fc.constantFrom(0, 0.25),
      fc.integer({ min: 0, max: 1000 }),
      (optimizer, hidden, l1, weightDecay, rate, seed) => {
        const rng = new Rng(seed);
        const samples = 3 + (seed % 9), nIn = 1 + (seed % 3), nOut = 1 + (seed % 2);
        const X = Tensor.normal(samples, nIn, rng), y = Tensor.normal(samples, nOut, rng);
        const run = (backend: string) => {
          const net = network([nIn, ...hidden, nOut], rate, seed);
          const { losses } = fit(net, X, y, {
            lr: 0.02,
            epochs: 4,
            batchSize: 1 + (seed % 4),
            optimizer,
            l1,
            weightDecay,
            seed,
            backend,
          });
          return { losses, params: net.parameters().map((p) => [...p.value.data]) };
        };
        const fast = run("fast"), reference = run("reference");
        assertAllClose(fast.losses, reference.losses, TOL);
        fast.params.forEach((p, i) => assertAllClose(p, reference.params[i], TOL));
      },
    ),
    { numRuns: 120 },
  );
});

Deno.test("a larger network trains alike on both backends with Adam and dropout", () => {
  const rng = new Rng(8);
  const X = Tensor.normal(200, 30, rng), y = Tensor.uniform(200, 2, rng);
  const run = (backend: string) => {
    const net = network([30, 120, 40, 2], 0.2, 3);
    const { losses } = fit(net, X, y, {
      lr: 0.003,
      epochs: 3,
      batchSize: 50,
      optimizer: "adam",
      l1: 1e-4,
      backend,
    });
    return { losses, params: net.parameters().map((p) => [...p.value.data]) };
  };
  const fast = run("fast"), reference = run("reference");
  assertAllClose(fast.losses, reference.losses, TOL);
  fast.params.forEach((p, i) => assertAllClose(p, reference.params[i], TOL));
});

Deno.test("the workspace takes the optimiser's options and refuses bad ones by name", () => {
  const { X, y } = xor();
  const ws = new TrainingWorkspace(mlp([2, 4, 1], { seed: 3 }), {
    batch: 4,
    lr: 0.05,
    optimizer: "adam",
    l1: 1e-3,
  });
  const first = ws.step(X.data, y.data, 4).loss;
  let last = first;
  for (let i = 0; i < 300; i++) last = ws.step(X.data, y.data, 4).loss;
  assert.ok(last < first / 10, `Adam in a workspace: ${first} → ${last}`);
  assert.throws(
    () =>
      new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0.1, optimizer: "rmsprop" as never }),
    /optimizer must be "sgd", "momentum" or "adam", got "rmsprop"/,
  );
  assert.throws(
    () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0.1, beta2: 0.99 }),
    /beta2 is a setting of "adam", not of "sgd"/,
  );
});
