import assert from "node:assert/strict";
import {
  type ActivationName,
  ACTIVATIONS,
  evaluateArrayFormula,
  evaluateFormula,
  evaluateWorkbook,
  excelFormula,
  mlp,
  mse,
  mseGrad,
  planWorkbook,
  xor,
} from "nn";

Deno.test("arithmetic follows Excel's precedence", () => {
  assert.equal(evaluateFormula("=1+2*3"), 7);
  assert.equal(evaluateFormula("=(1+2)*3"), 9);
  assert.equal(evaluateFormula("=-2^2"), 4); // Excel applies a leading minus first
  assert.equal(evaluateFormula("=0-2^2"), -4);
  assert.equal(evaluateFormula("=2^3^2"), 64); // and reads ^ left to right
  assert.equal(evaluateFormula("=1-TANH(A1)^2", { A1: 0 }), 1);
  assert.equal(evaluateFormula("=3>2"), 1);
  assert.equal(evaluateFormula("=IF(1=1,5,6)"), 5);
  assert.equal(evaluateFormula("=$B$2*2", { B2: 4 }), 8);
});

Deno.test("every activation formula agrees with the code on a grid through 0", () => {
  const grid = [-5, -2, -1, -0.5, -1e-9, 0, 1e-9, 0.5, 1, 2, 5];
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const a = ACTIVATIONS[name];
    for (const x of grid) {
      const f = evaluateFormula(excelFormula(name, "C3"), { C3: x });
      const df = evaluateFormula(excelFormula(name, "C3", { derivative: true }), { C3: x });
      assert.ok(
        Math.abs(f - a.f(x)) <= 1e-15 * Math.max(1, Math.abs(f)),
        `${name}(${x}): ${f} vs ${a.f(x)}`,
      );
      assert.ok(Math.abs(df - a.df(x)) <= 1e-15, `${name}′(${x}): ${df} vs ${a.df(x)}`);
    }
  }
});

Deno.test("bad formulas and spreadsheet errors are thrown, never NaN", () => {
  assert.throws(() => evaluateFormula("=1/0"), /#DIV\/0!/);
  assert.throws(() => evaluateFormula("=EXP(1000)"), /#NUM!/);
  // Overflow inside a formula is the spreadsheet's error too, not the 0 that 1/(1+∞) would give.
  assert.throws(
    () => evaluateFormula("=1/(1+EXP(-B4))", { B4: -710 }),
    /#NUM!: EXP\(710\) overflows/,
  );
  assert.equal(evaluateFormula("=1/(1+EXP(-B4))", { B4: -709 }), 1 / (1 + Math.exp(709)));
  assert.throws(() => evaluateFormula("=FOO(1)"), /Unknown function FOO/);
  assert.throws(() => evaluateFormula("=A1+1"), /refers to A1, which has no value/);
  assert.throws(() => evaluateFormula("=1+"), /ends too early/);
  assert.throws(() => evaluateFormula("=1 2"), /Unexpected text/);
  assert.throws(() => evaluateFormula("=#1"), /Cannot read/);
});

Deno.test("ranges, names and sheets: arrays work cell by cell, stretch a row or column, and MMULT multiplies", () => {
  const cells = { A2: 1, B2: 2, A3: 3, B3: 4, "data!C4": 10, W: [[1], [-1]], b: [[0.5, 1]] };
  assert.deepEqual(evaluateArrayFormula("=A2:B3", cells), [[1, 2], [3, 4]]);
  assert.deepEqual(evaluateArrayFormula("=$A$2:B3+b", cells), [[1.5, 3], [3.5, 5]]);
  assert.deepEqual(evaluateArrayFormula("=A2:B3*W", cells), [[1, 2], [-3, -4]]);
  assert.deepEqual(evaluateArrayFormula("=MMULT(A2:B3,W)", cells), [[-1], [-1]]);
  assert.deepEqual(evaluateArrayFormula("=TRANSPOSE(W)", cells), [[1, -1]]);
  assert.deepEqual(evaluateArrayFormula("=IF(A2:B3>2,A2:B3,0)", cells), [[0, 0], [3, 4]]);
  assert.equal(evaluateFormula("=MMULT(A2:B2,W)+data!C4", cells), 9);
  assert.equal(evaluateFormula("=SUMXMY2(A2:A3,B2:B3)/2", cells), 1);
  assert.equal(evaluateFormula("=SUMPRODUCT(A2:B2,A3:B3)", cells), 11);
  assert.equal(evaluateFormula("=SQRT(SUMSQ(A2:B3))", cells), Math.sqrt(30));
  assert.equal(evaluateFormula("=SUM(A2:B3)+MAX(W)", cells), 11);
  // A function that looks cells up, as a spreadsheet would on its sheets.
  assert.equal(evaluateFormula("=step0!B4*2", (ref) => (ref === "STEP0!B4" ? 4 : undefined)), 8);
  assert.throws(() => evaluateFormula("=A2:B3", cells), /#VALUE!.*2×2 array, not one value/);
  assert.throws(() => evaluateArrayFormula("=MMULT(W,W)", cells), /MMULT of a 2×1 array by a 2×1/);
  assert.throws(
    () => evaluateArrayFormula("=A2:B3+C", { ...cells, C: [[1], [2], [3]] }),
    /#N\/A: cannot combine a 2×2 array with a 3×1 array/,
  );
  assert.throws(() => evaluateFormula("=SUM(A2:C2)", cells), /refers to C2, which has no value/);
});

Deno.test("evaluateWorkbook recalculates a training workbook as the library trains", () => {
  const { X, y } = xor();
  const net = mlp([2, 3, 1], { seed: 4 });
  const plan = planWorkbook(net, { X, y, lr: 0.1, steps: 1 });
  const values = evaluateWorkbook(plan);
  const yHat = net.forward(X);
  net.zeroGrad();
  net.backward(mseGrad(yHat, y));
  const [first] = net.linears();
  const close = (a: number[][], b: number[][]) =>
    a.flat().every((v, k) => Math.abs(v - b.flat()[k]) <= 1e-14 * Math.max(1, Math.abs(v)));
  assert.ok(close(values.get("yHat_s0")!, yHat.toArray()));
  assert.ok(close(values.get("loss_s0")!, [[mse(yHat, y)]]));
  assert.ok(close(values.get("dW1_s0")!, first.dW.toArray()));
  // A changed input flows through every later cell; a wrong one is refused, naming it.
  const still = evaluateWorkbook(plan, { inputs: { lr: [[0]] } });
  assert.deepEqual(still.get("W1_s1"), values.get("W1_s0"));
  assert.notDeepEqual(values.get("W1_s1"), values.get("W1_s0"));
  assert.throws(
    () => evaluateWorkbook(plan, { inputs: { Z1_s0: [[0]] } }),
    /Z1_s0 is not an input/,
  );
  assert.throws(
    () => evaluateWorkbook(plan, { inputs: { lr: [[0, 1]] } }),
    /lr must be 1×1 finite numbers/,
  );
});

Deno.test("MATCH finds the first exact match, counted from 1; AVERAGE is the mean", () => {
  const cells = { B4: 3, C4: 5, D4: 5, B5: 1, B6: 5 };
  assert.equal(evaluateFormula("=MATCH(5,B4:D4,0)", cells), 2);
  assert.equal(evaluateFormula("=MATCH(MAX(B4:D4),B4:D4,0)-1", cells), 1);
  assert.equal(evaluateFormula("=MATCH(5,B4:B6,0)", cells), 3);
  assert.equal(evaluateFormula("=AVERAGE(B4:D4,B5)", cells), 3.5);
  assert.throws(() => evaluateFormula("=MATCH(4,B4:D4,0)", cells), /#N\/A: MATCH finds no 4/);
  assert.throws(() => evaluateFormula("=MATCH(5,B4:D4,1)", cells), /exact match/);
  assert.throws(
    () => evaluateFormula("=MATCH(5,B4:D5,0)", { ...cells, B5: 1, C5: 1, D5: 1 }),
    /row or a column/,
  );
});
