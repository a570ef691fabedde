import assert from "node:assert/strict";
import { type ActivationName, ACTIVATIONS, evaluateFormula, excelFormula } from "nn";

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
  assert.throws(() => evaluateFormula("=FOO(1)"), /Unknown function FOO/);
  assert.throws(() => evaluateFormula("=A1+1"), /refers to A1, which has no value/);
  assert.throws(() => evaluateFormula("=1+"), /ends too early/);
  assert.throws(() => evaluateFormula("=1 2"), /Unexpected text/);
  assert.throws(() => evaluateFormula("=#1"), /Cannot read/);
});
