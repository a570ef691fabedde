// The index page's words about the workbooks: each workbook is described by the first sentence of
// its own README sheet, and what the page says of all of them holds for each.
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import {
  exportActivationsWorkbook,
  exportSoftmaxWorkbook,
  exportWorkbook,
  mlp,
  Rng,
  Tensor,
  xor,
} from "nn";
import { writeSiteExtras } from "../../tools/_site.ts";
import { defaults, PRESETS } from "../../playground/config.ts";
import { Session, workbookProblem } from "../../playground/session.ts";

Deno.test("the index describes each workbook by its own README, and says of all of them only what holds for each", async () => {
  const site = await Deno.makeTempDir({ prefix: "nn-site-" });
  try {
    const { X, y } = xor();
    await Deno.mkdir(`${site}/workbooks`);
    const files: Record<string, Uint8Array> = {
      "02_activations.xlsx": await exportActivationsWorkbook(),
      "04_xor.xlsx": await exportWorkbook(mlp([2, 4, 1], { seed: 3 }), { X, y, lr: 0.1, steps: 2 }),
      "07_softmax.xlsx": await exportSoftmaxWorkbook(Tensor.normal(3, 4, new Rng(1)), [0, 3, 1]),
    };
    for (const [name, bytes] of Object.entries(files)) {
      await Deno.writeFile(`${site}/workbooks/${name}`, bytes);
    }
    await writeSiteExtras(site, []);
    const index = await Deno.readTextFile(`${site}/index.html`);
    const section = index.slice(index.indexOf('id="workbooks"'), index.indexOf('id="offline"'));
    const general = /<p>([\s\S]*?)<\/p>/.exec(section)![1].replace(/\s+/g, " ");
    for (const [name, bytes] of Object.entries(files)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes.buffer as ArrayBuffer);
      const readme = String(wb.getWorksheet("README")!.getCell("A3").value);
      const item = new RegExp(`<li><a href="workbooks/${name}" download>${name}</a>: ([^<]*)</li>`)
        .exec(section);
      assert.ok(item, `the index lists ${name} with a description`);
      const first = readme.slice(0, readme.indexOf(".") + 1);
      assert.ok(first.length > 20 && item[1] === first, `${name}: "${item[1]}" vs "${first}"`);
      // One sheet per step is said only of the workbooks that have step sheets.
      const stepSheets = wb.worksheets.some((w) => w.name === "step1");
      assert.equal(/one sheet per (SGD )?step/.test(item[1]), stepSheets, name);
      // What the general paragraph says of every workbook: live formulas, a README sheet, and
      // yellow input cells that formulas depend on.
      let formulas = 0, yellow = 0;
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.formula !== undefined) formulas++;
            // deno-lint-ignore no-explicit-any
            if ((cell.fill as any)?.fgColor?.argb === "FFFFF2CC") yellow++;
          })
        )
      );
      assert.ok(
        formulas > 0 && yellow > 0,
        `${name}: ${formulas} formulas, ${yellow} yellow cells`,
      );
    }
    assert.match(general, /live formulas/);
    assert.match(general, /README sheet says how to read it/);
    assert.match(general, /yellow cell/);
    assert.doesNotMatch(general, /sheet per step|SGD/, "the general paragraph speaks of training");
  } finally {
    await Deno.remove(site, { recursive: true });
  }
});

/** The index page of a site with no notebooks and no workbooks. */
async function bareIndex(): Promise<string> {
  const site = await Deno.makeTempDir({ prefix: "nn-site-" });
  try {
    await writeSiteExtras(site, []);
    return await Deno.readTextFile(`${site}/index.html`);
  } finally {
    await Deno.remove(site, { recursive: true });
  }
}

Deno.test("the index and the playground say the notebooks check their claims, not prove them", async () => {
  const index = await bareIndex();
  const playground = await Deno.readTextFile("playground/index.html");
  for (const [what, text] of [["index", index], ["playground", playground]]) {
    // Assertions on one seeded run check a claim for that run; they do not prove it.
    assert.doesNotMatch(text, /\bprov(e|es|en|ing)\b/i, what);
  }
  assert.match(
    index,
    /checks its claims with assertions that run every time\s+this site is built/,
  );
});

Deno.test("the index says which playground networks can be taken away as a workbook, and the page refuses the others", async () => {
  const index = (await bareIndex()).replace(/\s+/g, " ");
  const said =
    /as JSON, or \(a network of at most (\d+) hidden layers of at most (\d+) units\) as a workbook that trains it on the first (\d+) training points/
      .exec(index);
  assert.ok(said, "the index states the workbook's limits");
  const [layers, units, samples] = said.slice(1).map(Number);
  const config = (hidden: number[]) => ({
    ...defaults(),
    hidden,
    activations: hidden.map(() => "tanh" as const),
  });
  // At the stated limits a network is exported; one layer more or one unit wider, it is refused.
  const largest = Array(layers).fill(units);
  assert.equal(workbookProblem(config(largest)), undefined);
  assert.ok(workbookProblem(config([...largest, 2])), "one hidden layer more");
  assert.ok(workbookProblem(config([units + 1])), "one unit wider");
  // The page's own deep-sigmoid preset is beyond them: the index does not promise it a workbook.
  const deep = PRESETS.find((p) => p.id === "deep-sigmoid")!.config;
  assert.ok(workbookProblem(deep));
  // The workbook holds the first training points, as many as stated.
  const session = new Session({ ...config([3]), points: 200 });
  const exported = session.workbookExport(1);
  assert.equal(exported.X.rows, samples);
  assert.deepEqual([...exported.X.data], [...session.train.X.data.slice(0, 2 * samples)]);
});
