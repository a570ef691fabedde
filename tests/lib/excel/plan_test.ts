// Planning a workbook needs no spreadsheet program and no permissions: these
// tests check its layout and its refusals. The formulas themselves are proven
// by LibreOffice in tests/project/workbook_test.ts.
import assert from "node:assert/strict";
import {
  ActivationLayer,
  type ActivationName,
  ACTIVATIONS,
  blockRange,
  colorScaleFill,
  type Layer,
  Linear,
  mlp,
  planActivationsWorkbook,
  planWorkbook,
  Sequential,
  Tensor,
  WORKBOOK_LIMITS,
  xor,
} from "nn";

const { X, y } = xor();

Deno.test("the plan names every block of every step from the glossary", () => {
  const plan = planWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 3 });
  assert.deepEqual(plan.sheets.map((s) => s.name), [
    "data",
    "step0",
    "gradients",
    "step1",
    "step2",
    "step3",
  ]);
  for (
    const base of [
      "W1",
      "b1",
      "Z1",
      "A1",
      "W2",
      "b2",
      "yHat",
      "loss",
      "dYHat",
      "dW2",
      "db2",
      "dA1",
      "dZ1",
      "dW1",
      "db1",
    ]
  ) {
    for (let k = 0; k <= 3; k++) assert.ok(plan.blocks.has(`${base}_s${k}`), `${base}_s${k}`);
  }
  assert.equal(blockRange(plan.blocks.get("X")!), "data!$B$4:$C$7");
  const W1 = plan.blocks.get("W1_s0")!;
  assert.deepEqual([W1.rows, W1.cols, W1.kind], [2, 4, "input"]);
  // Later steps link to the previous step's update.
  const next = plan.blocks.get("W1_s1")!;
  const update = plan.blocks.get("W1_new_s0")!;
  assert.equal(next.formula!(0, 0), `step0!B${update.row}`);
  assert.match(update.formula!(0, 0), /^B\d+-lr\*B\d+$/);
  assert.match(plan.blocks.get("dZ1_s0")!.formula!(0, 0), /^[A-Z]+\d+\*IF\([A-Z]+\d+>0,1,0\)$/);
  assert.match(
    plan.blocks.get("Z1_s0")!.formula!(1, 2),
    /^MMULT\(data!B5:C5,[A-Z]+\d+:[A-Z]+\d+\)\+[A-Z]+\d+$/,
  );
});

Deno.test("what a workbook cannot express is refused with a clear error", () => {
  const bogus = new ActivationLayer("relu");
  Object.defineProperty(bogus, "activation", { value: "softsign" });
  assert.throws(
    () =>
      planWorkbook(new Sequential([new Linear(2, 2), bogus, new Linear(2, 1)]), {
        X,
        y,
        lr: 0.1,
        steps: 1,
      }),
    /Unknown activation "softsign"/,
  );
  const custom: Layer = {
    forward: (t) => t,
    backward: (t) => t,
    parameters: () => [],
    zeroGrad: () => {},
  };
  assert.throws(
    () => planWorkbook(new Sequential([new Linear(2, 1), custom]), { X, y, lr: 0.1, steps: 1 }),
    /can express Linear layers, each optionally followed by an activation, but layer 2 is a Object, not a stage layer \(Linear, Conv2d, MaxPool2d, RNN\) or an activation/,
  );
  assert.throws(
    () =>
      planWorkbook(new Sequential([new ActivationLayer("relu"), new Linear(2, 1)]), {
        X,
        y,
        lr: 0.1,
        steps: 1,
      }),
    /can express Linear layers, each optionally followed by an activation, but layer 1 is a relu activation with no stage layer before it/,
  );
  const wide = WORKBOOK_LIMITS.units + 1;
  assert.throws(
    () => planWorkbook(mlp([2, wide, 1]), { X, y, lr: 0.1, steps: 1 }),
    new RegExp(
      `too large for a readable workbook: a layer wider than ${WORKBOOK_LIMITS.units} units`,
    ),
  );
  const many = Tensor.zeros(WORKBOOK_LIMITS.samples + 1, 2);
  assert.throws(
    () =>
      planWorkbook(mlp([2, 2, 1]), { X: many, y: Tensor.zeros(many.rows, 1), lr: 0.1, steps: 1 }),
    /too large .*samples/,
  );
  assert.throws(
    () => planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 1000 }),
    /too large .*steps/,
  );
  assert.throws(
    () => planWorkbook(mlp([3, 2, 1]), { X, y, lr: 0.1, steps: 1 }),
    /takes 3 inputs per sample but X is 4×2/,
  );
  assert.throws(
    () => planWorkbook(mlp([2, 2, 2]), { X, y, lr: 0.1, steps: 1 }),
    /predicts 2 outputs per sample but y is 4×1/,
  );
  assert.throws(() => planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0, steps: 1 }), /learning rate/);
  assert.throws(
    () => planWorkbook(mlp([2, 2, 1]), { X, y, lr: 0.1, steps: 0 }),
    /steps must be a whole number/,
  );
});

Deno.test("the gradients sheet puts every parameter of step 0 beside a link to its gradient, for any network", () => {
  const letters = (col: number) => String.fromCharCode(64 + col); // the columns here are A…Z
  const nets: [string, Layer, boolean][] = [
    ["2-4-1 ReLU", mlp([2, 4, 1], { seed: 3 }), true],
    [
      "2-3-3-1 tanh, sigmoid",
      mlp([2, 3, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 4 }),
      false,
    ],
  ];
  for (const [what, net, relu] of nets) {
    const plan = planWorkbook(net, { X, y, lr: 0.1, steps: 2 });
    // Right after step0, before the later steps.
    const sheet = plan.sheets[2];
    assert.equal(sheet.name, "gradients");
    assert.equal(plan.sheets[1].name, "step0");
    const layers = (net as Sequential).linears().length;
    const params = Array.from({ length: layers }, (_, l) => [`W${l + 1}`, `b${l + 1}`]).flat();
    const link = (b: { row: number; col: number }, i: number, j: number) =>
      `step0!${letters(b.col + j)}${b.row + i}`;
    const loss = plan.blocks.get("loss_s0")!;
    assert.equal(plan.blocks.get("map_loss")!.formula!(0, 0), link(loss, 0, 0), what);
    for (const p of params) {
      const shown = plan.blocks.get(`map_${p}`)!, grad = plan.blocks.get(`map_d${p}`)!;
      const source = plan.blocks.get(`${p}_s0`)!, gradSource = plan.blocks.get(`d${p}_s0`)!;
      // Side by side on the same rows, one empty column between them, with the step's shapes.
      assert.deepEqual([shown.sheet, grad.sheet], ["gradients", "gradients"], `${what} ${p}`);
      assert.equal(grad.row, shown.row, `${what} ${p}`);
      assert.equal(grad.col, shown.col + shown.cols + 1, `${what} ${p}`);
      assert.deepEqual([shown.rows, shown.cols, grad.rows, grad.cols], [
        source.rows,
        source.cols,
        source.rows,
        source.cols,
      ], `${what} ${p}`);
      for (let i = 0; i < source.rows; i++) {
        for (let j = 0; j < source.cols; j++) {
          assert.equal(shown.formula!(i, j), link(source, i, j), `${what} map_${p}`);
          assert.equal(grad.formula!(i, j), link(gradSource, i, j), `${what} map_d${p}`);
        }
      }
    }
    assert.deepEqual(sheet.colorScale, params.map((p) => `map_d${p}`), what);
    // The sheet says how to read it, the ReLU caveat only where there is a ReLU.
    const text = sheet.lines!.join(" ");
    assert.match(
      text,
      /add a small amount, say 0\.001, to one yellow weight or bias on step0/,
      what,
    );
    assert.equal(/ReLU′\(0\) = 0/.test(text), relu, what);
  }
});

Deno.test("the gradient map's colours: white at 0, red down to −largest, blue up to +largest, linear between", () => {
  assert.equal(colorScaleFill(0, 2), "#ffffff");
  assert.equal(colorScaleFill(-2, 2), "#f8696b");
  assert.equal(colorScaleFill(2, 2), "#5a8ac6");
  // Half-way to red: (255 + 248) / 2 = 251.5 → fc, (255 + 105) / 2 = 180 → b4, (255 + 107) / 2 = 181 → b5.
  assert.equal(colorScaleFill(-1, 2), "#fcb4b5");
  // Beyond the ends, the end colours.
  assert.equal(colorScaleFill(7, 2), "#5a8ac6");
});

Deno.test("the activations workbook's formulas are the training workbooks', with Z in place of x, as its README says", () => {
  const table = planActivationsWorkbook([0.5]);
  const x = "B4"; // the activations workbook's first x cell
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const plan = planWorkbook(mlp([2, 3, 1], { activation: name, seed: 1 }), {
      X,
      y,
      lr: 0.1,
      steps: 1,
    });
    const Z1 = plan.blocks.get("Z1_s0")!;
    const z = `${String.fromCharCode(64 + Z1.col)}${Z1.row}`; // Z1's first cell
    const withZ = (f: string) => f.replaceAll(x, z);
    assert.equal(
      plan.blocks.get("A1_s0")!.formula!(0, 0),
      withZ(table.blocks.get(`f_${name}`)!.formula!(0, 0)),
      name,
    );
    // identity's derivative is 1: backpropagation passes dA1 through, with no dZ1 block.
    if (name === "identity") {
      assert.ok(!plan.blocks.has("dZ1_s0"));
      continue;
    }
    const dZ = plan.blocks.get("dZ1_s0")!.formula!(0, 0);
    assert.ok(dZ.includes(withZ(table.blocks.get(`df_${name}`)!.formula!(0, 0))), `${name}: ${dZ}`);
  }
  assert.equal(table.blocks.get("f_relu_max")!.formula!(0, 0), `MAX(0,${x})`);
});
