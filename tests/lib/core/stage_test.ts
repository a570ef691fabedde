// The one forward pass over stages and the one training seam: every user of
// the pass (predict, the training workspace, the views) gets the layers'
// numbers from it; a step says what diverged and in which stage; backends
// are chosen by the fit that was built with them, never by an import.
import assert from "node:assert/strict";
import {
  ActivationLayer,
  assertAllClose,
  createTraining,
  fastBackend,
  fastProducts,
  fit,
  forwardStages,
  getLoss,
  Linear,
  mlp,
  predict,
  referenceBackend,
  referenceProducts,
  Rng,
  Sequential,
  stageOutputs,
  stagesOf,
  Tensor,
  TrainingDivergedError,
  TrainingWorkspace,
  xor,
} from "nn";
import { fit as coreFit, trainEpochs as coreTrainEpochs } from "nn/core";

Deno.test("the pass with the readable products gives exactly the layers' numbers, stage by stage", () => {
  const rng = new Rng(7);
  const net = mlp([5, 7, 6, 3], { activation: "tanh", outputActivation: "sigmoid", seed: 2 });
  const X = Tensor.normal(9, 5, rng);
  // The layer classes, one at a time: Linear, tanh, Linear, tanh, Linear, sigmoid.
  const layerOutputs: Tensor[] = [];
  let input = X;
  for (const layer of net.layers) {
    input = layer.forward(input);
    layerOutputs.push(input);
  }
  const outs = stageOutputs(net, X, { products: referenceProducts });
  assert.equal(outs.length, 3);
  outs.forEach((o, l) => {
    assert.deepEqual(o.Z.data, layerOutputs[2 * l].data, `Z of stage ${l + 1}`);
    assert.deepEqual(o.A.data, layerOutputs[2 * l + 1].data, `A of stage ${l + 1}`);
  });
  assert.deepEqual(forwardStages(net, X).data, net.forward(X).data);
});

Deno.test("the fast products give the same pass to rounding, and predict is that pass", () => {
  const rng = new Rng(3);
  const net = mlp([40, 90, 70, 4], { seed: 5 });
  const X = Tensor.normal(200, 40, rng);
  const fast = forwardStages(net, X, { products: fastProducts });
  assertAllClose(fast, net.forward(X), { rtol: 1e-12, atol: 1e-12 });
  assert.deepEqual(predict(net, X).data, fast.data);
  const into = Tensor.zeros(200, 4);
  assert.equal(forwardStages(net, X, { products: fastProducts, into }), into);
  assert.deepEqual(into.data, fast.data);
  const outs = stageOutputs(stagesOf(net), X, { products: fastProducts });
  assert.deepEqual(outs.at(-1)!.A.data, fast.data);
  // ReLU's hidden outputs are never negative, and Z is kept apart from A.
  assert.ok(outs[0].A.data.every((a) => a >= 0));
  assert.ok(outs[0].Z.data.some((z) => z < 0));
});

Deno.test("a network whose widths do not chain is not a network of stages", () => {
  const odd = new Sequential([new Linear(2, 3), new ActivationLayer("relu"), new Linear(4, 1)]);
  assert.throws(
    () => stagesOf(odd),
    /layer 3 takes 4 values per sample but the layer before gives 3/,
  );
});

// A network whose first stage overflows (inputs near the largest double, weights 10), and one
// whose second does (a finite hidden layer, then weights of 1e300).
function overflowing(stage: 1 | 2): { net: Sequential; X: Tensor; y: Tensor } {
  const first = stage === 1
    ? Linear.fromWeights(Tensor.from([[10], [10]]), Tensor.row([0]))
    : Linear.fromWeights(Tensor.from([[1], [1]]), Tensor.row([0]));
  const second = Linear.fromWeights(Tensor.from([[stage === 1 ? 1 : 1e300]]), Tensor.row([0]));
  const net = new Sequential([first, new ActivationLayer("relu"), second]);
  const big = stage === 1 ? 1e308 : 1e10;
  return { net, X: Tensor.from([[big, big]]), y: Tensor.from([[0]]) };
}

Deno.test("divergence is reported with the stage where it began, by both backends", () => {
  for (const stage of [1, 2] as const) {
    for (const backend of ["fast", "reference"]) {
      const { net, X, y } = overflowing(stage);
      const before = net.parameters().map((p) => [...p.value.data]);
      assert.throws(
        () => fit(net, X, y, { lr: 0.1, epochs: 1, backend }),
        (e: unknown) =>
          e instanceof TrainingDivergedError && e.what === "predictions" && e.stage === stage &&
          e.epoch === 1,
        `${backend}, stage ${stage}`,
      );
      // Nothing was updated.
      assert.deepEqual(net.parameters().map((p) => [...p.value.data]), before);
    }
  }
});

Deno.test("one step API: a trainer's step returns what happened", () => {
  const { X, y } = xor();
  for (const backend of [referenceBackend, fastBackend]) {
    const net = mlp([2, 4, 1], { seed: 3 });
    const trainer = backend.prepare(net, {
      stages: stagesOf(net),
      loss: getLoss("mse"),
      batch: 4,
      nIn: 2,
      nOut: 1,
      lr: 0.1,
      momentum: 0,
      weightDecay: 0,
    });
    const first = trainer.step(X.data, y.data, 4);
    assert.equal(first.diverged, undefined, backend.name);
    assert.ok(first.loss > 0);
    const { net: bad, X: bigX, y: bigY } = overflowing(2);
    const badStep = backend.prepare(bad, {
      stages: stagesOf(bad),
      loss: getLoss("mse"),
      batch: 1,
      nIn: 2,
      nOut: 1,
      lr: 0.1,
      momentum: 0,
      weightDecay: 0,
    }).step(bigX.data, bigY.data, 1);
    assert.deepEqual({ ...badStep, loss: String(badStep.loss) }, {
      loss: "NaN",
      diverged: "predictions",
      stage: 2,
    });
  }
});

Deno.test("backends are chosen by the fit built with them, not by what was imported", () => {
  const { X, y } = xor();
  // This file imports nn, and with it the fast path: the core's fit still knows only the reference.
  assert.equal(coreFit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }).backend, "reference");
  assert.equal(coreTrainEpochs(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }).backend, "reference");
  assert.throws(
    () => coreFit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1, backend: "fast" }),
    /Unknown backend "fast": use "auto" or one of "reference" \(the fast backend is in the fit of "nn\/fast" and "nn"\)/,
  );
  assert.equal(fit(mlp([2, 4, 1]), X, y, { lr: 0.1, epochs: 1 }).backend, "fast");
  // A fit built with the reference first uses it for auto; the same losses either way.
  const referenceFirst = createTraining([referenceBackend, fastBackend]);
  const a = referenceFirst.fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 50 });
  const b = fit(mlp([2, 4, 1], { seed: 3 }), X, y, { lr: 0.1, epochs: 50 });
  assert.equal(a.backend, "reference");
  assert.equal(b.backend, "fast");
  assertAllClose(Tensor.row(a.losses), Tensor.row(b.losses), { rtol: 1e-12, atol: 1e-15 });
  // A model that is not a network of stages goes to the reference under auto.
  const odd = new Sequential([new Sequential([new Linear(2, 1, { seed: 1 })])]);
  assert.equal(fit(odd, X, y, { lr: 0.1, epochs: 1 }).backend, "reference");
  assert.throws(
    () => fit(odd, X, y, { lr: 0.1, epochs: 1, backend: "fast" }),
    /The fast backend cannot train this model: layer 1 is a Sequential, not a stage layer \(Linear, Conv2d, MaxPool2d, RNN\) or an activation/,
  );
});

Deno.test("a workspace checks its settings once, then steps without allocating a result", () => {
  const { X, y } = xor();
  const ws = new TrainingWorkspace(mlp([2, 4, 1], { seed: 3 }), { batch: 4, lr: 0.1 });
  const first = ws.step(X.data, y.data, 4);
  const firstLoss = first.loss;
  const second = ws.step(X.data, y.data, 4);
  assert.equal(second, first, "the same result object at every step");
  assert.ok(second.loss < firstLoss, `the loss went ${firstLoss} → ${second.loss}`);
  assert.throws(
    () => new TrainingWorkspace(mlp([2, 4, 1]), { batch: 4, lr: 0.1, lr2: 1 } as never),
    /TrainingWorkspace does not know the option "lr2"|lr2/,
  );
});
