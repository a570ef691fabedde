// The Excel twins, proven equal to the code by a real spreadsheet engine:
// each workbook is recalculated by LibreOffice Calc and every defined name is
// compared with the library's own forward pass, backward pass and updates.
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import {
  type ActivationName,
  ACTIVATIONS,
  argmax,
  assertAllClose,
  evaluateArrayFormula,
  evaluateFormula,
  evaluateWorkbook,
  exportActivationsWorkbook,
  exportSoftmaxWorkbook,
  exportWorkbook,
  Linear,
  mlp,
  mse,
  mseGrad,
  oneHot,
  planActivationsWorkbook,
  planSoftmaxWorkbook,
  planWorkbook,
  Rng,
  type Sequential,
  SGD,
  softmax,
  softmaxCrossEntropy,
  Tensor,
  xor,
} from "nn";
import { readNames, recalculate, recalculateAll } from "./_libreoffice.ts";

/** What the library computes at one training step, under the workbook's names. */
function libraryTrace(net: Sequential, X: Tensor, y: Tensor, lr: number, steps: number) {
  const expected = new Map<string, Tensor | number>();
  const opt = new SGD(net.parameters(), { lr });
  const linears = net.linears();
  const L = linears.length;
  for (let k = 0; k <= steps; k++) {
    const s = `_s${k}`;
    linears.forEach((layer, l) => {
      expected.set(`W${l + 1}${s}`, layer.W.clone());
      expected.set(`b${l + 1}${s}`, layer.b.clone());
    });
    // Forward, layer by layer, keeping every intermediate result.
    let out = X;
    const outputs: Tensor[] = [];
    for (const layer of net.layers) {
      out = layer.forward(out);
      outputs.push(out);
    }
    let li = 0;
    net.layers.forEach((layer, i) => {
      if (layer instanceof Linear) {
        li++;
        const isLast = li === L && i === net.layers.length - 1;
        expected.set(isLast ? `yHat${s}` : `Z${li}${s}`, outputs[i]);
      } else {
        expected.set(li === L ? `yHat${s}` : `A${li}${s}`, outputs[i]);
      }
    });
    expected.set(`loss${s}`, mse(out, y));
    // Backward, layer by layer, keeping every gradient.
    net.zeroGrad();
    let g = mseGrad(out, y);
    expected.set(`dYHat${s}`, g);
    li = L;
    for (let i = net.layers.length - 1; i >= 0; i--) {
      const layer = net.layers[i];
      g = layer.backward(g);
      if (layer instanceof Linear) {
        expected.set(`dW${li}${s}`, layer.dW.clone());
        expected.set(`db${li}${s}`, layer.db.clone());
        if (li > 1) expected.set(`dA${li - 1}${s}`, g);
        li--;
      } else {
        expected.set(`dZ${li}${s}`, g);
      }
    }
    opt.step();
    linears.forEach((layer, l) => {
      expected.set(`W${l + 1}_new${s}`, layer.W.clone());
      expected.set(`b${l + 1}_new${s}`, layer.b.clone());
    });
  }
  return expected;
}

async function proveWorkbook(
  makeNet: () => Sequential,
  X: Tensor,
  y: Tensor,
  lr: number,
  steps: number,
) {
  const bytes = await exportWorkbook(makeNet(), { X, y, lr, steps });
  const actual = await readNames(await recalculate(bytes));
  const expected = libraryTrace(makeNet(), X, y, lr, steps);
  for (const [name, want] of expected) {
    const got = actual.get(name);
    assert.ok(got, `the workbook has no defined name ${name}`);
    const wantRows = typeof want === "number" ? [[want]] : want.toArray();
    // LibreOffice keeps 15 significant digits: compare to 1e-12 relative, with an absolute floor
    // of 1e-12 of the block's largest value for entries that cancel to almost nothing.
    const scale = Math.max(...wantRows.flat().map(Math.abs));
    assertAllClose(got, wantRows, { rtol: 1e-12, atol: 1e-12 * scale, message: name });
  }
  for (const name of ["X", "y", "lr"]) assert.ok(actual.has(name), `missing ${name}`);
  assertAllClose(actual.get("X")!, X.toArray(), { rtol: 1e-14 }); // Calc saves 15 digits
  assertAllClose(actual.get("lr")!, [[lr]], { rtol: 1e-14 });
  return { actual, expected };
}

Deno.test("the XOR workbook (2-4-1 ReLU, MSE, 12 SGD steps) equals the library in LibreOffice", async () => {
  const { X, y } = xor();
  const { actual, expected } = await proveWorkbook(
    () => mlp([2, 4, 1], { seed: 3 }),
    X,
    y,
    0.1,
    12,
  );
  for (
    const base of ["W1", "b1", "Z1", "A1", "W2", "b2", "yHat", "loss", "dW1", "db1", "dW2", "db2"]
  ) {
    for (let k = 0; k <= 12; k++) assert.ok(actual.has(`${base}_s${k}`), `missing ${base}_s${k}`);
  }
  // The workbook learns: its own loss falls over the steps.
  assert.ok(actual.get("loss_s12")![0][0] < actual.get("loss_s0")![0][0]);
  assert.equal(expected.size, 13 * 19);
  // The library's own recalculation of the plan (evaluateWorkbook) agrees with LibreOffice's on
  // every defined name.
  const ours = evaluateWorkbook(
    planWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 12 }),
  );
  for (const [name, got] of actual) {
    const scale = Math.max(...got.flat().map(Math.abs));
    assertAllClose(ours.get(name)!, got, { rtol: 1e-12, atol: 1e-12 * scale, message: name });
  }
  assert.equal(ours.size, actual.size);
});

Deno.test("notebook 04's workbook: nudging one W1 cell changes the loss by the gradient cell dW1_s0 times the nudge", async () => {
  // Backpropagation computes how each cell's value affects the final error. A reader can see it
  // in the workbook: change one W1 cell a little, let the spreadsheet recalculate, and compare.
  const { X, y } = xor();
  const options = { X, y, lr: 0.1, steps: 20 };
  const base = await readNames(
    await recalculate(await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), options)),
  );
  const dW1 = base.get("dW1_s0")!;
  // The cell with the largest gradient (the same rule notebook 04 uses).
  let [i, j] = [0, 0];
  dW1.forEach((row, r) =>
    row.forEach((v, c) => {
      if (Math.abs(v) > Math.abs(dW1[i][j])) [i, j] = [r, c];
    })
  );
  const eps = 1e-4;
  const nudged = async (delta: number) => {
    const net = mlp([2, 4, 1], { seed: 3 });
    const W1 = net.linears()[0].W;
    W1.set(i, j, W1.get(i, j) + delta);
    // loss_s0 does not depend on later steps, so one step is enough for the nudged workbooks.
    const names = await readNames(
      await recalculate(await exportWorkbook(net, { ...options, steps: 1 })),
    );
    assertAllClose(names.get("W1_s0")![i][j], base.get("W1_s0")![i][j] + delta, { rtol: 1e-14 });
    return names.get("loss_s0")![0][0];
  };
  const [up, down] = [await nudged(eps), await nudged(-eps)];
  const slope = (up - down) / (2 * eps);
  assert.ok(Math.abs(dW1[i][j]) > 1e-3, `a W1 cell with a real gradient: ${dW1[i][j]}`);
  assertAllClose(slope, dW1[i][j], { rtol: 1e-6, message: `Δloss/Δ(W1[${i}][${j}])` });
  // One-sided, as a reader would type it: the same to within the nudge's size.
  const oneSided = (up - base.get("loss_s0")![0][0]) / eps;
  assert.ok(Math.abs(oneSided - dW1[i][j]) < 1e-3, `one-sided ${oneSided} vs ${dW1[i][j]}`);
});

Deno.test("a deeper workbook (2-3-3-1, tanh hidden, sigmoid output) equals the library", async () => {
  const rng = new Rng(5);
  const X = Tensor.normal(6, 2, rng), y = Tensor.uniform(6, 1, rng);
  const make = () => {
    const net = mlp([2, 3, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 8 });
    // Non-zero biases, so that every bias path is exercised from the first step.
    net.linears().forEach((l, i) =>
      l.b.data.set(Tensor.normal(1, l.b.cols, new Rng(100 + i)).data)
    );
    return net;
  };
  const { actual } = await proveWorkbook(make, X, y, 0.5, 10);
  assert.ok(actual.has("W3_s10") && actual.has("dZ3_s10") && actual.has("dA2_s0"));
});

Deno.test("the activations workbook, and the formula evaluator, agree with the library in LibreOffice", async () => {
  const grid = [-20, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.5, 1, 3, 20];
  const plan = planActivationsWorkbook(grid);
  const values = await readNames(await recalculate(await exportActivationsWorkbook(grid)));
  assertAllClose(values.get("x")!, grid.map((v) => [v]), { rtol: 1e-14 });
  let compared = 0;
  for (const [name, block] of plan.blocks) {
    if (name === "x") continue;
    const [kind, activation] = name.replace("_max", "").split("_") as ["f" | "df", ActivationName];
    const code = kind === "f" ? ACTIVATIONS[activation].f : ACTIVATIONS[activation].df;
    const calc = values.get(name)!;
    grid.forEach((x, i) => {
      const formula = block.formula!(i, 0);
      const ours = evaluateFormula(formula, { [`B${4 + i}`]: x });
      const tol = 1e-14 * Math.max(1, Math.abs(calc[i][0]));
      assert.ok(
        Math.abs(calc[i][0] - code(x)) <= tol,
        `${name}(${x}): Calc ${calc[i][0]}, library ${code(x)}`,
      );
      assert.ok(
        Math.abs(calc[i][0] - ours) <= tol,
        `${formula}: Calc ${calc[i][0]}, evaluateFormula ${ours}`,
      );
      compared++;
    });
  }
  // Every activation of the table, f and f′, plus ReLU written as MAX.
  assert.equal(compared, grid.length * (2 * Object.keys(ACTIVATIONS).length + 1));
});

Deno.test("notebook 03's spreadsheet formulas give 0.5 everywhere and MSE 0.25 in LibreOffice, and LINEST gives {w₂, w₁, b}", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("xor");
  const rows = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]];
  rows.forEach(([a, b, t], i) => {
    ws.getCell(`A${i + 2}`).value = a;
    ws.getCell(`B${i + 2}`).value = b;
    ws.getCell(`C${i + 2}`).value = t;
  });
  // The best fit from leastSquares: W = [0, 0], b = 0.5.
  ws.getCell("F2").value = 0;
  ws.getCell("F3").value = 0;
  ws.getCell("G2").value = 0.5;
  wb.definedNames.add("xor!$F$2:$F$3", "W");
  wb.definedNames.add("xor!$G$2", "b");
  for (let i = 2; i <= 5; i++) {
    ws.getCell(`D${i}`).value = { formula: `MMULT(A${i}:B${i},W)+b` } as never;
  }
  ws.getCell("H2").value = { formula: "SUMXMY2(D2:D5,C2:C5)/4" } as never;
  ws.getCell("I2").value = { formula: "INDEX(LINEST(C2:C5,A2:B5),1,1)" } as never;
  ws.getCell("J2").value = { formula: "INDEX(LINEST(C2:C5,A2:B5),1,2)" } as never;
  ws.getCell("K2").value = { formula: "INDEX(LINEST(C2:C5,A2:B5),1,3)" } as never;
  // The notebook says LINEST gives {w₂, w₁, b}: on E = 2·A + 3·B + 1 that is {3, 2, 1}.
  rows.forEach(([a, b], i) => (ws.getCell(`E${i + 2}`).value = 2 * a + 3 * b + 1));
  for (const k of [1, 2, 3]) {
    ws.getCell(2, 11 + k).value = { formula: `INDEX(LINEST(E2:E5,A2:B5),1,${k})` } as never;
  }
  wb.definedNames.add("xor!$D$2:$D$5", "yHat");
  wb.definedNames.add("xor!$H$2:$K$2", "results");
  wb.definedNames.add("xor!$L$2:$N$2", "order");
  const got = await readNames(await recalculate(new Uint8Array(await wb.xlsx.writeBuffer())));
  assertAllClose(got.get("yHat")!, [[0.5], [0.5], [0.5], [0.5]], { rtol: 1e-15 });
  assertAllClose(got.get("results")!, [[0.25, 0, 0, 0.5]], { rtol: 1e-12, atol: 1e-15 });
  assertAllClose(got.get("order")!, [[3, 2, 1]], { rtol: 1e-12, atol: 1e-12 });
  // And the library agrees on the loss.
  assert.equal(mse(Tensor.fill(4, 1, 0.5), Tensor.column([0, 1, 1, 0])), 0.25);
});

Deno.test("notebook 01's array formulas, read from the notebook, give in LibreOffice what evaluateArrayFormula gives", async () => {
  const source = JSON.parse(await Deno.readTextFile("notebooks/01_stacking_linear_layers.ipynb"))
    .cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
  const formulas = [...source.matchAll(/Excel: "=([^"]+)"/g)].map((m) => m[1]);
  assert.equal(formulas.length, 5, `the five formulas of notebook 01: ${formulas}`);
  const rng = new Rng(21);
  const names: Record<string, number[][]> = {
    X: Tensor.normal(4, 2, rng).toArray(),
    W_1: Tensor.normal(2, 3, rng).toArray(),
    b_1: Tensor.normal(1, 3, rng).toArray(),
    W_2: Tensor.normal(3, 1, rng).toArray(),
    b_2: Tensor.normal(1, 1, rng).toArray(),
  };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("layers");
  // Each named block in its own place, row 1 down, column A onwards: X at A1, W_1 at D1, ….
  let col = 1;
  const letter = (c: number) => String.fromCharCode(64 + c);
  for (const [name, rows] of Object.entries(names)) {
    rows.forEach((row, i) => row.forEach((v, j) => (ws.getCell(i + 1, col + j).value = v)));
    wb.definedNames.add(
      `layers!$${letter(col)}$1:$${letter(col + rows[0].length - 1)}$${rows.length}`,
      name,
    );
    col += rows[0].length + 1;
  }
  // Each formula as an array formula over the block it fills, in row 10 onwards.
  const expected = formulas.map((f) => evaluateArrayFormula(f, names));
  col = 1;
  expected.forEach((value, k) => {
    const ref = `${letter(col)}10:${letter(col + value[0].length - 1)}${9 + value.length}`;
    ws.getCell(`${letter(col)}10`).value = {
      formula: formulas[k],
      shareType: "array",
      ref,
    } as never;
    wb.definedNames.add(`layers!${ref.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`, `out${k}`);
    col += value[0].length + 1;
  });
  const got = await readNames(await recalculate(new Uint8Array(await wb.xlsx.writeBuffer())));
  expected.forEach((want, k) =>
    assertAllClose(got.get(`out${k}`)!, want, { rtol: 1e-12, atol: 1e-12, message: formulas[k] })
  );
  // And the one-layer formula equals the two-layer one: the collapse, in LibreOffice.
  assertAllClose(got.get("out4")!, got.get("out1")!, { rtol: 1e-12, atol: 1e-12 });
});

Deno.test("the softmax workbook's probabilities, losses and predictions equal the library's in LibreOffice", async () => {
  const rng = new Rng(8);
  // Scores of all sizes, a row of ties and one large enough to overflow e^z if taken naively.
  const Z = Tensor.normal(6, 10, rng, 0, 4);
  Z.data.fill(0.5, 10, 20);
  Z.set(2, 3, 800);
  const labels = [3, 0, 3, 9, 1, 5];
  const bytes = await exportSoftmaxWorkbook(Z, labels);
  const got = await readNames(await recalculate(bytes));
  assertAllClose(got.get("P")!, softmax(Z), { rtol: 1e-12, atol: 1e-300 });
  // What the README says of P: each entry between 0 and 1, each row adding up to 1. Not "positive":
  // beside the score 800, the other entries of row 2 are 0 in floating point.
  const readme = (await readmeLines(bytes)).join(" ");
  assert.match(readme, /each entry lies between 0 and 1 and each row adds up to 1/);
  const P = got.get("P")!;
  assert.ok(P.flat().every((p) => p >= 0 && p <= 1));
  P.forEach((row) => assertAllClose(row.reduce((a, b) => a + b, 0), 1, { rtol: 1e-14 }));
  assert.ok(P[2].includes(0));
  const pNote = planSoftmaxWorkbook(Z, labels).blocks.get("P")!.note;
  for (const text of [readme, pNote]) {
    if (/positive/.test(text)) assert.ok(P.flat().every((p) => p > 0), `"${text}" says positive`);
  }
  assert.match(pNote, /between 0 and 1, each row adding up to 1/);
  // "stays finite for scores so large that e^z would overflow": e^800 does, row 2's loss does not.
  assert.match(readme, /stays finite for scores so large that e\^z would overflow/);
  assert.equal(Math.exp(800), Infinity);
  assert.ok(Number.isFinite(got.get("loss")![2][0]));
  const perRow = labels.map((c, i) => [
    softmaxCrossEntropy(Tensor.from([Z.toArray()[i]]), oneHot([c], 10)),
  ]);
  assertAllClose(got.get("loss")!, perRow, { rtol: 1e-12, atol: 1e-14 });
  assertAllClose(got.get("meanLoss")!, [[softmaxCrossEntropy(Z, oneHot(labels, 10))]], {
    rtol: 1e-12,
  });
  // MATCH finds the first largest score, as argmax does (row 1 is all ties: class 0).
  assert.deepEqual(got.get("predicted")!.flat(), argmax(Z));
  assert.equal(got.get("predicted")![1][0], 0);
});

/** Every formula cell of a workbook: "sheet!A1" → its formula and its stored result. */
async function formulaCells(
  bytes: Uint8Array,
): Promise<Map<string, { formula: string; result: unknown }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const cells = new Map<string, { formula: string; result: unknown }>();
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.formula !== undefined) {
          cells.set(`${ws.name}!${cell.address}`, { formula: cell.formula, result: cell.result });
        }
      })
    )
  );
  return cells;
}

Deno.test("every formula cell of every kind of workbook carries its value, and LibreOffice computes the same", async () => {
  const { X, y } = xor();
  const rng = new Rng(5);
  const workbooks: [string, Uint8Array][] = [
    [
      "XOR 2-4-1 ReLU",
      await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 4 }),
    ],
    [
      "2-3-3-1 tanh, sigmoid",
      await exportWorkbook(
        mlp([2, 3, 3, 1], { seed: 4, activation: "tanh", outputActivation: "sigmoid" }),
        { X, y, lr: 0.5, steps: 3 },
      ),
    ],
    ["activations", await exportActivationsWorkbook()],
    ["softmax", await exportSoftmaxWorkbook(Tensor.normal(4, 5, rng, 0, 3), [0, 4, 2, 2])],
  ];
  for (const [what, bytes] of workbooks) {
    const written = await formulaCells(bytes);
    assert.ok(written.size > 10, `${what}: ${written.size} formula cells`);
    for (const [at, { result }] of written) {
      assert.equal(typeof result, "number", `${what}, ${at} carries no computed value`);
    }
    const recalculated = await formulaCells(await recalculate(bytes));
    assert.deepEqual(
      [...recalculated.keys()],
      [...written.keys()],
      `${what}: the same formula cells`,
    );
    for (const [at, { formula, result }] of written) {
      const calc = recalculated.get(at)!.result as number;
      assert.ok(
        Math.abs((result as number) - calc) <= 1e-12 * Math.abs(calc) + 1e-15,
        `${what}, ${at} (=${formula}) stores ${result}, LibreOffice computes ${calc}`,
      );
    }
  }
});

/** One file of a zip archive (an .xlsx), as text, found through the archive's central directory. */
async function zipText(bytes: Uint8Array, path: string): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (name === path) {
      const [method, size, local] = [10, 20, 42].map((o) =>
        o === 10 ? view.getUint16(at + o, true) : view.getUint32(at + o, true)
      );
      const start = local + 30 + view.getUint16(local + 26, true) +
        view.getUint16(local + 28, true);
      const data = bytes.slice(start, start + size);
      if (method === 0) return new TextDecoder().decode(data);
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return await new Response(stream).text();
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no ${path} in the archive`);
}

/** The cells of a defined name in a workbook read with exceljs: sheet and the (row, col) of each. */
function namedCells(wb: ExcelJS.Workbook, name: string) {
  // deno-lint-ignore no-explicit-any
  const model = (wb.definedNames as any).model as { name: string; ranges: string[] }[];
  const range = model.find((d) => d.name === name)?.ranges[0];
  const m = range && /^'?([^'!]+)'?!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(range);
  assert.ok(m, `the workbook names ${name}`);
  const col = (s: string) => [...s].reduce((c, ch) => c * 26 + ch.charCodeAt(0) - 64, 0);
  const [c0, r0] = [col(m[2]), Number(m[3])];
  const [c1, r1] = m[4] ? [col(m[4]), Number(m[5])] : [c0, r0];
  const ws = wb.getWorksheet(m[1])!;
  const rows = Array.from(
    { length: r1 - r0 + 1 },
    (_, i) => Array.from({ length: c1 - c0 + 1 }, (_, j) => ws.getCell(r0 + i, c0 + j)),
  );
  return { sheet: m[1], ref: m[4] ? `${m[2]}${m[3]}:${m[4]}${m[5]}` : `${m[2]}${m[3]}`, rows };
}

Deno.test("the XOR workbook's gradients sheet: each parameter beside a live link to its gradient, the library's, coloured by sign; nudging any parameter moves loss_s0 by about gradient × nudge", async () => {
  // Backpropagation computes how each cell's value affects the final error: the gradients sheet
  // puts that number beside every weight and bias of step 0.
  const { X, y } = xor();
  const make = () => mlp([2, 4, 1], { seed: 3 });
  const bytes = await exportWorkbook(make(), { X, y, lr: 0.1, steps: 2 });
  const params = ["W1", "b1", "W2", "b2"];
  // The cells are formulas, each a link to the same place in step0's gradient block.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name).slice(0, 4), [
    "README",
    "data",
    "step0",
    "gradients",
  ]);
  for (const p of params) {
    for (const [shown, source] of [[`map_${p}`, `${p}_s0`], [`map_d${p}`, `d${p}_s0`]]) {
      const here = namedCells(wb, shown), there = namedCells(wb, source);
      assert.equal(here.sheet, "gradients");
      here.rows.forEach((row, i) =>
        row.forEach((cell, j) =>
          assert.equal(cell.formula, `step0!${there.rows[i][j].address}`, `${shown}[${i}][${j}]`)
        )
      );
    }
  }
  // The gradient cells of the map are coloured by one three-colour scale: red, white at 0, blue,
  // its ends at minus and plus the largest absolute gradient (formulas, so they follow the cells).
  const checkColours = async (file: Uint8Array, book: ExcelJS.Workbook, what: string) => {
    // The sheet's own XML (exceljs reads a cfvo formula back as a number, losing it).
    const index = book.worksheets.findIndex((w) => w.name === "gradients") + 1;
    const xml = await zipText(file, `xl/worksheets/sheet${index}.xml`);
    const cfs = [
      ...xml.matchAll(
        /<conditionalFormatting sqref="([^"]+)"[^>]*>(.*?)<\/conditionalFormatting>/gs,
      ),
    ];
    assert.equal(cfs.length, 1, `${what}: one conditional format`);
    const refs = params.map((p) => namedCells(book, `map_d${p}`).ref);
    assert.deepEqual(cfs[0][1].split(" ").sort(), refs.sort(), what);
    const rule = cfs[0][2];
    assert.match(rule, /<cfRule type="colorScale"/, what);
    const cfvo = [...rule.matchAll(/<cfvo type="(\w+)" val="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(cfvo.map((c) => c[0]), ["formula", "num", "formula"], what);
    assert.equal(Number(cfvo[1][1]), 0, what);
    assert.match(cfvo[2][1], /^MAX\(MAX\(.+\),-MIN\(.+\)\)$/, what);
    assert.equal(cfvo[0][1], `-${cfvo[2][1]}`, what);
    const rgb = [...rule.matchAll(/<color rgb="(?:FF)?([0-9A-F]{6})"/gi)].map((m) =>
      m[1].match(/../g)!.map((h) => parseInt(h, 16))
    );
    assert.equal(rgb.length, 3, what);
    assert.ok(rgb[0][0] > rgb[0][2] + 60, `${what}: red for negative, ${rgb[0]}`);
    assert.deepEqual(rgb[1], [255, 255, 255], `${what}: white at 0`);
    assert.ok(rgb[2][2] > rgb[2][0] + 60, `${what}: blue for positive, ${rgb[2]}`);
  };
  await checkColours(bytes, wb, "as written");
  const recalculated = await recalculate(bytes);
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(recalculated.buffer as ArrayBuffer);
  await checkColours(recalculated, back, "as LibreOffice saves it");
  // LibreOffice's values are the library's gradients, from its own backward pass.
  const names = await readNames(recalculated);
  const net = make();
  const out = net.forward(X);
  net.zeroGrad();
  net.backward(mseGrad(out, y));
  const [l1, l2] = net.linears();
  const library: Record<string, Tensor> = {
    W1: l1.W,
    b1: l1.b,
    W2: l2.W,
    b2: l2.b,
    dW1: l1.dW,
    db1: l1.db,
    dW2: l2.dW,
    db2: l2.db,
  };
  for (const [p, want] of Object.entries(library)) {
    const scale = Math.max(...want.toArray().flat().map(Math.abs));
    assertAllClose(names.get(`map_${p}`)!, want.toArray(), {
      rtol: 1e-12,
      atol: 1e-12 * scale,
      message: `map_${p}`,
    });
  }
  const loss = names.get("map_loss")![0][0];
  assertAllClose(loss, mse(out, y), { rtol: 1e-12 });
  // The nudge test, in LibreOffice, for every weight and bias: add h to the step0 cell, recalculate,
  // read loss_s0 on the gradients sheet. Both ways (the slope) and up by 0.001, as the sheet says.
  const h = 1e-3;
  const cells = params.flatMap((p) =>
    names.get(`map_${p}`)!.flatMap((row, i) => row.map((_, j) => ({ p, i, j })))
  );
  const nudged = await Promise.all(cells.flatMap(({ p, i, j }) =>
    [h, -h].map(async (delta) => {
      const copy = new ExcelJS.Workbook();
      await copy.xlsx.load(bytes.buffer as ArrayBuffer);
      const cell = namedCells(copy, `${p}_s0`).rows[i][j];
      cell.value = (cell.value as number) + delta;
      return new Uint8Array(await copy.xlsx.writeBuffer());
    })
  ));
  const losses = (await Promise.all((await recalculateAll(nudged)).map(readNames)))
    .map((n) => n.get("map_loss")![0][0]);
  const largest = Math.max(...params.flatMap((p) => names.get(`map_d${p}`)!.flat().map(Math.abs)));
  cells.forEach(({ p, i, j }, k) => {
    const [up, down] = [losses[2 * k], losses[2 * k + 1]];
    const g = names.get(`map_d${p}`)![i][j];
    const what = `${p}_s0[${i}][${j}]: gradient ${g}, loss ${loss} → ${up} (up), ${down} (down)`;
    // The slope, both ways: the gradient, to 1e-4 of the largest gradient. Smooth cells agree to
    // about 1e-12; b1's cells less closely, as every hidden unit sits at ReLU's kink for the input
    // (0, 0) while b1 = 0 (the sheet says so).
    assert.ok(Math.abs((up - down) / (2 * h) - g) < 1e-4 * largest, what);
    // One-sided by 0.001, as the sheet suggests: about gradient × 0.001 (within 0.5% of the
    // largest gradient's size; the rest is the loss's curvature, and at (0, 0) ReLU's kink).
    assert.ok(Math.abs((up - loss) - h * g) < 0.005 * h * largest, what);
  });
  assert.equal(cells.length, 17);
  // "The SGD update moves each cell against its gradient: red cells grow, blue cells shrink."
  for (const p of params) {
    names.get(`map_d${p}`)!.forEach((row, i) =>
      row.forEach((g, j) => {
        const change = names.get(`${p}_new_s0`)![i][j] - names.get(`${p}_s0`)![i][j];
        assert.equal(Math.sign(change), g === 0 ? 0 : -Math.sign(g), `${p}[${i}][${j}]`);
      })
    );
  }
});

/** The README sheet's lines, as written. */
async function readmeLines(bytes: Uint8Array): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const lines: string[] = [];
  wb.getWorksheet("README")!.eachRow((row) => lines.push(String(row.getCell(1).value ?? "")));
  return lines;
}

Deno.test("the training workbooks' READMEs say what LibreOffice computes: the losses, whether they fall, and the constant prediction's loss", async () => {
  const { X, y } = xor();
  const cases: [string, Uint8Array, string][] = [
    [
      "04: XOR 2-4-1 ReLU",
      await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 20 }),
      "It falls at every step.",
    ],
    [
      "05: XOR 2-4-4-4-1 sigmoid",
      await exportWorkbook(
        mlp([2, 4, 4, 4, 1], { activation: "sigmoid", init: "normal", seed: 2 }),
        { X, y, lr: 0.5, steps: 10 },
      ),
      "It ends lower than it started, but not at every step: it rises at steps 1, 2, 3.",
    ],
  ];
  for (const [what, bytes, trend] of cases) {
    const recalculated = await recalculate(bytes);
    const names = await readNames(recalculated);
    const text = (await readmeLines(bytes)).join("\n");
    const steps = [...names.keys()].filter((n) => /^loss_s\d+$/.test(n)).length - 1;
    const losses = Array.from({ length: steps + 1 }, (_, k) => names.get(`loss_s${k}`)![0][0]);
    // Every loss the README lists is LibreOffice's, to the 4 digits shown.
    const listed = [...text.matchAll(/loss_s(\d+) = (\d(?:[\d.e-]*\d)?)/g)];
    assert.equal(listed.length, steps + 1, what);
    for (const [, k, v] of listed) {
      assertAllClose(Number(v), losses[Number(k)], { rtol: 6e-4, message: `${what}: loss_s${k}` });
    }
    // The sentence on the trend is the one the recalculated losses call for.
    const rises = losses.flatMap((v, k) => (k > 0 && v > losses[k - 1] ? [k] : []));
    assert.ok(text.includes(trend), `${what}: ${trend}`);
    assert.equal(trend === "It falls at every step.", rises.length === 0, what);
    if (rises.length > 0) {
      assert.equal(trend.startsWith("It ends lower"), losses[steps] < losses[0], what);
      assert.ok(trend.endsWith(`${rises.join(", ")}.`), `${what}: ${rises}`);
    }
    // XOR's y is 0, 1, 1, 0: the best constant prediction is 0.5, with loss 0.25.
    assert.match(
      text,
      /Predicting the mean of y for every sample, whatever its input, gives a loss of 0\.25:/,
    );
    // "Apart from the inputs (X, y, lr and the starting weights and biases), every number is a
    // formula": every number without a formula lies in one of those blocks.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    const inputs = new Set(
      [...names.keys()].filter((n) => ["X", "y", "lr"].includes(n) || /^[Wb]\d+_s0$/.test(n))
        .flatMap((n) =>
          namedCells(wb, n).rows.flat().map((c) =>
            `${n.startsWith("W") || n.startsWith("b") ? "step0" : "data"}!${c.address}`
          )
        ),
    );
    let numbers = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula === undefined && typeof cell.value === "number") {
            numbers++;
            assert.ok(
              inputs.has(`${ws.name}!${cell.address}`),
              `${what}: ${ws.name}!${cell.address} is a number, not a formula`,
            );
          }
        })
      )
    );
    assert.equal(numbers, inputs.size, what);
  }
});

/** Every text cell of one sheet, row by row. */
async function sheetText(bytes: Uint8Array, sheet: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const lines: string[] = [];
  wb.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === "string") lines.push(cell.value);
    })
  );
  return lines.join("\n");
}

Deno.test("the README points to a kink only where the gradients sheet explains one: for the activations whose slope jumps at 0", async () => {
  const { X, y } = xor();
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const { df } = ACTIVATIONS[name];
    // A kink: the slope just left of 0 differs from the slope just right of it.
    const kinked = Math.abs(df(1e-9) - df(-1e-9)) > 1e-3;
    const bytes = await exportWorkbook(mlp([2, 3, 1], { activation: name, seed: 1 }), {
      X,
      y,
      lr: 0.1,
      steps: 1,
    });
    const readme = (await readmeLines(bytes)).join("\n");
    const gradients = await sheetText(bytes, "gradients");
    assert.equal(/kink/.test(gradients), kinked, `${name}: the gradients sheet on a kink`);
    assert.equal(/kink/.test(readme), kinked, `${name}: the README on a kink`);
    if (kinked) {
      // The slope the sheet says the workbook takes at 0 is the one its formulas take.
      const slope = /′\(0\) = ([\d.]+)/.exec(gradients);
      assert.ok(slope, `${name}: ${gradients}`);
      assert.equal(Number(slope[1]), evaluateFormula(ACTIVATIONS[name].excelDerivative, { A1: 0 }));
    }
  }
});

Deno.test("the XOR workbook's README says, from LibreOffice's own values, whether its last step classifies all four points, and after which step the same training first does", async () => {
  const { X, y } = xor();
  const net = mlp([2, 4, 1], { seed: 3 });
  // Gradients of the starting weights, as a notebook computes them before writing the workbook.
  net.zeroGrad();
  net.backward(mseGrad(net.forward(X), y));
  const weights = () => net.parameters().map((p) => [[...p.value.data], [...p.grad.data]]);
  const before = weights();
  const readme = (await readmeLines(await exportWorkbook(net, { X, y, lr: 0.1, steps: 20 })))
    .join(" ");
  assert.deepEqual(
    weights(),
    before,
    "writing the README leaves the network's weights and gradients as they were",
  );
  // Class 1 above 0.5: the count of points on their label's side, in LibreOffice, for a sheet.
  const right = (names: Map<string, number[][]>, k: number) =>
    names.get(`yHat_s${k}`)!.filter((row, i) => (row[0] > 0.5) === (y.data[i] === 1)).length;
  const said =
    /After step 20 \(sheet step20\), the prediction yHat is on its label's side of 0\.5 \(class 1 above it\) for (\d) of the 4 samples: it does not yet classify them all\. Trained on in the same way \(full-batch SGD at this lr\), it first classifies all 4 after step (\d+)\./
      .exec(readme);
  assert.ok(said, readme);
  const [shown, first] = [Number(said[1]), Number(said[2])];
  assert.equal(
    shown,
    right(
      await readNames(
        await recalculate(
          await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 20 }),
        ),
      ),
      20,
    ),
  );
  // A workbook of that many steps: LibreOffice classifies all four at its last sheet, at no earlier one.
  const longer = await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: first });
  const names = await readNames(await recalculate(longer));
  assert.equal(right(names, first), 4);
  for (let k = 0; k < first; k++) assert.ok(right(names, k) < 4, `step ${k}`);
  assert.match(
    (await readmeLines(longer)).join(" "),
    new RegExp(`After step ${first} \\(sheet step${first}\\), .* for all of the 4 samples\\.$`),
  );
});

Deno.test("the softmax workbook's README says whose scores Z holds when told, its rows' labels, and how many it predicts right, as LibreOffice computes them", async () => {
  const Z = Tensor.normal(5, 4, new Rng(3), 0, 2);
  const labels = [2, 0, 3, 3, 1];
  const about = "a test network's, for five samples.";
  const bytes = await exportSoftmaxWorkbook(Z, labels, { about });
  const readme = (await readmeLines(bytes)).join(" ");
  const got = await readNames(await recalculate(bytes));
  const right = got.get("predicted")!.filter((row, i) => row[0] === labels[i]).length;
  assert.ok(right > 0 && right < 5, `a mixed case: ${right}`);
  assert.ok(readme.includes(`The scores: ${about}`), readme);
  assert.ok(readme.includes("the labels of the 5 rows are 2, 0, 3, 3, 1;"), readme);
  const said = /predicted matches the label in (\d+) of them, and meanLoss = ([\d.e-]+)\./.exec(
    readme,
  );
  assert.ok(said, readme);
  assert.equal(Number(said[1]), right);
  assertAllClose(Number(said[2]), got.get("meanLoss")![0][0], { rtol: 6e-4 });
  // Without it, no sentence about them; a bad one is refused, naming it.
  assert.doesNotMatch(
    (await readmeLines(await exportSoftmaxWorkbook(Z, labels))).join(" "),
    /The scores:/,
  );
  await assert.rejects(exportSoftmaxWorkbook(Z, labels, { about: "" }), /about must be a sentence/);
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    exportSoftmaxWorkbook(Z, labels, { source: "x" } as any),
    /source/,
  );
});

Deno.test("the activations README says where LibreOffice's sigmoid cells overflow to #NUM!, and what the library's sigmoid gives there", async () => {
  const readme = (await readmeLines(await exportActivationsWorkbook())).join(" ");
  const said = /For x below about −([\d.]+), EXP\(−x\) is larger than any number/.exec(readme);
  assert.ok(said, readme);
  assert.match(readme, /give values below 1e-308 \(and 0 below about −745\)/);
  const bound = Number(said[1]);
  // The inputs typed into the workbook's x cells, as a learner would (the exporter's own evaluator
  // refuses to write an overflowing cell).
  const grid = [-1000, -bound - 0.02, -bound + 0.01, -700, 0];
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportActivationsWorkbook(grid.map(() => 1))).buffer as ArrayBuffer);
  namedCells(wb, "x").rows.forEach((row, i) => (row[0].value = grid[i]));
  const typed = new Uint8Array(await wb.xlsx.writeBuffer());
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await recalculate(typed)).buffer as ArrayBuffer);
  for (const name of ["f_sigmoid", "df_sigmoid"]) {
    const cells = namedCells(back, name).rows.map((row) => row[0].result);
    grid.forEach((x, i) => {
      const overflows = x < -bound;
      assert.equal(
        typeof cells[i] !== "number",
        overflows,
        `${name}(${x}): ${JSON.stringify(cells[i])}`,
      );
      if (overflows) {
        assert.match(JSON.stringify(cells[i]), /#NUM!/, `${name}(${x})`);
        const library = name === "f_sigmoid" ? ACTIVATIONS.sigmoid.f(x) : ACTIVATIONS.sigmoid.df(x);
        assert.ok(library >= 0 && library < 1e-308, `${name}(${x}) = ${library}`);
        assert.equal(library === 0, x < -745, `${name}(${x}) = ${library}`);
      }
    });
  }
});

Deno.test("a training README lists exactly the names its step0 sheet defines, whatever the network, and the menus of both programs", async () => {
  const { X, y } = xor();
  const cases = [
    [[2, 4, 1], "relu", "mse"],
    [[2, 1], "relu", "mse"],
    [[2, 3, 1], "identity", "sigmoidCrossEntropy"],
  ] as const;
  for (const [sizes, activation, loss] of cases) {
    const what = `${sizes.join("-")} ${activation} ${loss}`;
    const bytes = await exportWorkbook(mlp([...sizes], { activation }), {
      X,
      y,
      lr: 0.1,
      steps: 1,
      loss,
    });
    const readme = (await readmeLines(bytes)).join("\n");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    // deno-lint-ignore no-explicit-any
    const model = (wb.definedNames as any).model as { name: string; ranges: string[] }[];
    const defined = model.filter((d) => /^'?step0'?!/.test(d.ranges[0])).map((d) => d.name);
    const listed = [...readme.matchAll(/\b\w+_s0\b/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(listed)].sort(), defined.sort(), what);
    // yHat is a prediction under MSE and a logit under cross-entropy.
    assert.match(readme, new RegExp(`yHat_s0 \\(${loss === "mse" ? "predictions" : "logits"}\\)`));
    assert.match(
      readme,
      /Excel: Formulas > Name Manager; LibreOffice: Sheet > Named Ranges and Expressions > Manage/,
    );
  }
});
