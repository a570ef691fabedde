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
