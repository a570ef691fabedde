// Executes every notebook with the Deno kernel (the same build as `deno task
// book`, into a temporary folder), then checks the reading site: pages,
// navigation, figures, no network references, seeded repeatability, and the
// workbook that notebook 04 ships.
import assert from "node:assert/strict";
import { buildBook } from "../../tools/book.ts";
import { makePdf } from "../../tools/pdf.ts";
import { listNotebooks, pathWithDeno, ROOT, SYSTEM_PYTHON } from "../../tools/_paths.ts";
import { KERNEL_NAME, projectJupyterPath } from "../../tools/kernel/spec.ts";
import ExcelJS from "exceljs";
import { DOMParser } from "linkedom";
import { assertAllClose } from "nn";
import { readNames, recalculate } from "./_libreoffice.ts";
import { answerNumber } from "./_folds.ts";
import { launchChromium } from "./_chromium.ts";
import { type Cell, codeCellOutputs, comparable, joined, type Output } from "./_outputs.ts";

const outDir = await Deno.makeTempDir({ prefix: "nn-site-" });
const zipDir = await Deno.makeTempDir({ prefix: "nn-site-zip-" });
const zipPath = `${zipDir}/nn-course-site.zip`;
globalThis.addEventListener("unload", () => {
  Deno.removeSync(outDir, { recursive: true });
  Deno.removeSync(zipDir, { recursive: true });
});
const notebooks = listNotebooks().map((p) => p.split("/").at(-1)!.replace(/\.ipynb$/, ""));
let build: ReturnType<typeof buildBook> | undefined;
const built = () => (build ??= buildBook({ outDir, verbose: false, zip: zipPath }));

async function executed(name: string): Promise<Cell[]> {
  return JSON.parse(await Deno.readTextFile(`${outDir}/${name}.ipynb`)).cells;
}

Deno.test("every notebook executes without an error or a lost output", async () => {
  const reports = await built();
  assert.deepEqual(reports.map((r) => r.name), notebooks);
  for (const r of reports) assert.ok(r.ok, `${r.name}: ${r.error}`);
  assert.ok(notebooks.length >= 4, "the core notebooks 01–04 exist");
});

Deno.test("the index lists every notebook in order, each page links to its neighbours", async () => {
  await built();
  const index = await Deno.readTextFile(`${outDir}/index.html`);
  let last = -1;
  for (const name of notebooks) {
    const at = index.indexOf(`href="${name}.html"`);
    assert.ok(at > last, `${name} is missing from the index or out of order`);
    last = at;
  }
  notebooks.forEach((name, i) => {
    const html = Deno.readTextFileSync(`${outDir}/${name}.html`);
    assert.match(html, /href="index.html"/, `${name} links to the contents`);
    if (i > 0) assert.ok(html.includes(`href="${notebooks[i - 1]}.html"`), `${name} links back`);
    if (i + 1 < notebooks.length) {
      assert.ok(html.includes(`href="${notebooks[i + 1]}.html"`), `${name} links on`);
    }
  });
});

/** The notebook's own title: the first markdown heading of the source notebook. */
function notebookTitle(name: string): string {
  const nb = JSON.parse(Deno.readTextFileSync(`${ROOT}/notebooks/${name}.ipynb`));
  for (const cell of nb.cells) {
    const m = cell.cell_type === "markdown" && /^#\s+(.+)$/m.exec([cell.source].flat().join(""));
    if (m) return m[1].trim();
  }
  throw new Error(`${name} has no title`);
}

Deno.test("every chapter page carries the whole contents, an outline of its own headings, and previous / next at its end", async () => {
  await built();
  notebooks.forEach((name, i) => {
    const html = Deno.readTextFileSync(`${outDir}/${name}.html`);
    const contents = /<nav class="nn-contents"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1];
    assert.ok(contents, `${name} has the contents`);
    const targets = [...contents.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      targets,
      [
        "index.html",
        ...notebooks.map((n) => `${n}.html`),
        "playground/index.html",
        "index.html#workbooks",
        "index.html#offline",
      ],
      `${name}: the contents`,
    );
    assert.match(contents, new RegExp(`href="${name}.html" aria-current="page"`));
    assert.equal((contents.match(/aria-current/g) ?? []).length, 1);
    for (const n of notebooks) assert.ok(contents.includes(notebookTitle(n)), `${name} names ${n}`);
    // The outline: one link per ## or ### heading of the notebook, in order, to an id on the page.
    const outline = /<nav class="nn-outline"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
    const links = [...outline.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)];
    const nb = JSON.parse(Deno.readTextFileSync(`${ROOT}/notebooks/${name}.ipynb`));
    const headings = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "markdown")
      .flatMap((c: { source: string | string[] }) =>
        [[c.source].flat().join("")].flatMap((s) =>
          [...s.matchAll(/^###?\s+(.+)$/gm)].map((m) => m[1].trim())
        )
      );
    assert.ok(headings.length >= 5, `${name} has ${headings.length} sections`);
    assert.deepEqual(
      links.map((m) => m[2].replaceAll("&amp;", "&").replaceAll("&quot;", '"')),
      headings.map((h: string) => h.replace(/`/g, "")),
      `${name}: the outline`,
    );
    for (const [, id] of links) assert.ok(html.includes(` id="${id}"`), `${name}: #${id} exists`);
    // Previous and next, after the last cell.
    const end = html.slice(html.lastIndexOf('class="jp-Cell '));
    const pager = /<nav class="nn-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(end)?.[1] ?? "";
    const prev = i > 0 ? `${notebooks[i - 1]}.html` : "index.html";
    const next = i + 1 < notebooks.length ? `${notebooks[i + 1]}.html` : "playground/index.html";
    assert.match(pager, new RegExp(`class="nn-prev" href="${prev}"`), `${name}: previous`);
    assert.match(pager, new RegExp(`class="nn-next" href="${next}"`), `${name}: next`);
  });
});

Deno.test("in Chromium: contents and outline beside the page on a wide screen, behind the bar's buttons on a phone; printing hides all navigation, and the code when asked", async () => {
  await built();
  const browser = await launchChromium();
  const shown = `(() => Object.fromEntries([".nn-bar", ".nn-contents", ".nn-outline", "nav.nn-nav",
    ".jp-CodeCell .jp-Cell-inputWrapper", ".jp-MarkdownOutput", ".jp-OutputArea-output svg"].map((s) => {
      const el = document.querySelector(s);
      const r = el.getBoundingClientRect();
      return [s, getComputedStyle(el).display !== "none" && r.width > 0 && r.height > 0];
    })))()`;
  const all = (on: boolean, code = true) => ({
    ".nn-bar": on,
    ".nn-contents": on,
    ".nn-outline": on,
    "nav.nn-nav": on,
    ".jp-CodeCell .jp-Cell-inputWrapper": code,
    ".jp-MarkdownOutput": true,
    ".jp-OutputArea-output svg": true,
  });
  try {
    for (const name of notebooks) {
      const page = await browser.page(`file://${outDir}/${name}.html`, {
        width: 1366,
        height: 800,
      });
      try {
        assert.deepEqual(await page.evaluate(shown), all(true), `${name} at 1366×800`);
        await page.emulateMedia("print");
        assert.deepEqual(await page.evaluate(shown), all(false), `${name} printed`);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.close();
      }
    }
    const name = notebooks[3];
    const phone = await browser.page(`file://${outDir}/${name}.html`, {
      width: 390,
      height: 844,
      mobile: true,
    });
    try {
      const closed = await phone.evaluate(shown) as Record<string, boolean>;
      assert.deepEqual([closed[".nn-contents"], closed[".nn-outline"]], [false, false]);
      assert.equal(closed[".nn-bar"], true);
      await phone.click(".nn-menu");
      assert.equal((await phone.evaluate(shown) as Record<string, boolean>)[".nn-contents"], true);
      await phone.click(".nn-on-page");
      const outline = await phone.evaluate(shown) as Record<string, boolean>;
      assert.deepEqual([outline[".nn-contents"], outline[".nn-outline"]], [false, true]);
      // Following an outline link closes it and lands on the heading.
      const id = await phone.evaluate(
        `document.querySelector(".nn-outline li:nth-child(3) a").getAttribute("href").slice(1)`,
      ) as string;
      await phone.click(".nn-outline li:nth-child(3) a");
      await phone.waitFor(
        `(() => { const r = document.getElementById(${
          JSON.stringify(id)
        }).getBoundingClientRect(); return r.top >= 0 && r.top < 200; })()`,
      );
      assert.equal((await phone.evaluate(shown) as Record<string, boolean>)[".nn-outline"], false);
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.close();
    }
    const noCode = await browser.page(`file://${outDir}/${name}.html?print=no-code`);
    try {
      assert.equal((await noCode.evaluate(shown) as Record<string, boolean>)[".nn-bar"], true);
      await noCode.emulateMedia("print");
      assert.deepEqual(
        await noCode.evaluate(shown),
        all(false, false),
        `${name} printed without code`,
      );
    } finally {
      await noCode.close();
    }
  } finally {
    await browser.close();
  }
});

Deno.test("./nn pdf prints chapter 01 from the built site: its title and prose, no navigation, and without code when asked", async () => {
  await built();
  const dir = await Deno.makeTempDir({ prefix: "nn-pdf-test-" });
  const text = async (pdf: string) => {
    const { code, stdout } = await new Deno.Command("pdftotext", {
      args: ["-layout", pdf, "-"],
      stdout: "piped",
    })
      .output();
    assert.equal(code, 0, "pdftotext (poppler-utils) reads the PDF");
    return new TextDecoder().decode(stdout).replace(/\s+/g, " ");
  };
  const pages = async (pdf: string) => {
    const { stdout } = await new Deno.Command("pdfinfo", { args: [pdf], stdout: "piped" }).output();
    return Number(/Pages:\s+(\d+)/.exec(new TextDecoder().decode(stdout))![1]);
  };
  try {
    const name = notebooks[0];
    const withCode = await makePdf({ site: outDir, chapters: ["01"], out: `${dir}/01.pdf` });
    const noCode = await makePdf({
      site: outDir,
      chapters: ["1"],
      noCode: true,
      out: `${dir}/01-nc.pdf`,
    });
    const bytes = await Deno.readFile(withCode);
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
    const [full, bare] = [await text(withCode), await text(noCode)];
    const title = notebookTitle(name).replace(/\s+/g, " ");
    assert.ok(full.includes(title), `the PDF shows the title ${title}`);
    assert.ok(bare.includes(title));
    for (const nav of ["On this page", "Print without code", "Offline, hosting and printing"]) {
      assert.ok(!full.includes(nav), `the PDF shows the navigation's ${nav}`);
    }
    // The first code cell's first line is printed, and left out without code.
    const nb = JSON.parse(await Deno.readTextFile(`${ROOT}/notebooks/${name}.ipynb`));
    const firstCode = [nb.cells.find((c: { cell_type: string }) => c.cell_type === "code").source]
      .flat().join("").split("\n")[0].replace(/\s+/g, " ").trim();
    assert.ok(full.includes(firstCode), `the PDF shows the code ${firstCode}`);
    assert.ok(!bare.includes(firstCode), "the PDF without code shows none");
    const [n, m] = [await pages(withCode), await pages(noCode)];
    assert.ok(m >= 2 && m < n, `${m} pages without code, ${n} with`);
    // Several chapters make one PDF, in reading order (the whole course is the same with all).
    const two = await text(
      await makePdf({ site: outDir, chapters: ["03", "01"], noCode: true, out: `${dir}/two.pdf` }),
    );
    const [first, third] = [notebooks[0], notebooks[2]].map((n) =>
      two.indexOf(notebookTitle(n).replace(/\s+/g, " "))
    );
    assert.ok(first >= 0 && third > first, "chapters 01 then 03 in one PDF");
    await assert.rejects(
      () => makePdf({ site: outDir, chapters: ["42"] }),
      /no chapter matches 42/,
    );
    await assert.rejects(
      () => makePdf({ site: outDir, chapters: ["relu"] }),
      /named by number.*"relu"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the build zips the site: one folder with the index, every chapter, the playground, the fonts and the workbooks", async () => {
  await built();
  const { code, stdout } = await new Deno.Command(SYSTEM_PYTHON, {
    args: [
      "-c",
      "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
      zipPath,
    ],
    stdout: "piped",
  }).output();
  assert.equal(code, 0);
  const entries = new TextDecoder().decode(stdout).trim().split("\n");
  const files = (dir: string): string[] =>
    [...Deno.readDirSync(dir)].flatMap((e) =>
      e.isDirectory ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`.slice(outDir.length + 1)]
    );
  const expected = files(outDir).map((f) => `nn-course-site/${f}`).sort();
  assert.deepEqual([...entries].sort(), expected);
  for (const name of ["index", ...notebooks]) {
    assert.ok(entries.includes(`nn-course-site/${name}.html`), `the zip holds ${name}.html`);
  }
  assert.ok(entries.includes("nn-course-site/playground/index.html"));
  assert.ok(entries.includes("nn-course-site/workbooks/04_xor_2-4-1_relu.xlsx"));
  assert.ok(entries.some((e) => /^nn-course-site\/katex\/fonts\/.+\.woff2$/.test(e)));
  // The index says the folder stands alone.
  const index = await Deno.readTextFile(`${outDir}/index.html`);
  assert.match(index, /<h2 id="offline">/);
  assert.match(index, /self-contained/);
});

/** Each cell's type and tags, and the exercise number a Markdown cell opens with ("**2.** …"). */
function taggedCells(name: string): { cell_type: string; tags: string[]; number?: string }[] {
  const nb = JSON.parse(Deno.readTextFileSync(`${ROOT}/notebooks/${name}.ipynb`));
  type Cell = { cell_type: string; metadata: { tags?: string[] }; source: string[] };
  return nb.cells.map((c: Cell) => ({
    cell_type: c.cell_type,
    tags: c.metadata.tags ?? [],
    number: answerNumber(c),
  }));
}

Deno.test("each check cell shows its code folded in a details.check and its ✓ line below; each exercise's answer is folded whole, outputs and all, in one details.answer", async () => {
  await built();
  for (const name of notebooks) {
    const cells = taggedCells(name);
    const isAnswer = (i: number) => cells[i]?.tags.includes("answer") ?? false;
    const checks = cells.filter((c, i) => c.tags.includes("check") && !isAnswer(i)).length;
    const answers = cells.filter((_, i) => isAnswer(i)).length;
    // A fold per run of answer cells, and one more at each answer that opens with its number.
    const opens = (i: number) => cells[i]?.number !== undefined;
    const runs = cells.filter((_, i) => isAnswer(i) && (!isAnswer(i - 1) || opens(i))).length;
    const numbered = cells.filter((_, i) => isAnswer(i) && opens(i)).map((c) =>
      `Answer ${c.number}`
    );
    const html = await Deno.readTextFile(`${outDir}/${name}.html`);
    const doc = new DOMParser().parseFromString(html, "text/html");
    const folded = [...doc.querySelectorAll("details.check")];
    assert.equal(
      folded.length,
      checks,
      `${name}: ${folded.length} details.check, ${checks} checks`,
    );
    for (const details of folded) {
      const cell = details.parentElement!;
      assert.ok(
        cell.classList.contains("celltag_check"),
        `${name}: a details.check in a check cell`,
      );
      assert.equal(details.querySelector(":scope > summary")?.textContent, "Check: show the code");
      assert.ok(details.querySelector(".jp-Cell-inputWrapper"), `${name}: the code is folded`);
      assert.equal(details.querySelector(".jp-OutputArea"), null, `${name}: the output is not`);
      const output = cell.querySelector(":scope > .jp-Cell-outputWrapper")?.textContent ?? "";
      assert.match(output, /✓/, `${name}: a check cell shows its ✓ line below its folded code`);
    }
    const boxes = [...doc.querySelectorAll("details.answer")];
    assert.equal(boxes.length, runs, `${name}: ${boxes.length} details.answer, ${runs} answers`);
    const summaries = boxes.map((box) => box.querySelector(":scope > summary")?.textContent);
    assert.deepEqual(summaries.filter((s) => s !== "Answer"), numbered, `${name}: answer folds`);
    const answerCells = [...doc.querySelectorAll(".celltag_answer")];
    assert.equal(answerCells.length, answers, `${name}: ${answers} answer cells on the page`);
    assert.ok(
      answerCells.every((c) => c.closest("details.answer") !== null),
      `${name}: every answer cell is folded, its outputs with it`,
    );
  }
});

Deno.test("in Chromium, a check's code and an answer open with a click, and print opened (a check's code left out without code)", async () => {
  await built();
  const name = notebooks.find((n) => {
    const cells = taggedCells(n);
    return cells.some((c) => c.tags.includes("check")) &&
      cells.some((c) => c.tags.includes("answer"));
  });
  assert.ok(name, "a notebook has both check and answer cells");
  // A closed details' content keeps its box; checkVisibility() says it is not drawn.
  const seen = `(() => {
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return el.checkVisibility() && r.width > 0 && r.height > 0;
    };
    const check = document.querySelector("details.check"), answer = document.querySelector("details.answer");
    return {
      checkSummary: shown(check.querySelector("summary")),
      checkCode: shown(check.querySelector(".jp-Cell-inputWrapper")),
      checkOutput: shown(check.parentElement.querySelector(".jp-Cell-outputWrapper")),
      answerSummary: shown(answer.querySelector("summary")),
      answer: shown(answer.querySelector(".jp-Cell")),
    };
  })()`;
  const browser = await launchChromium();
  try {
    const page = await browser.page(`file://${outDir}/${name}.html`, { width: 1366, height: 800 });
    const folded = {
      checkSummary: true,
      checkCode: false,
      checkOutput: true,
      answerSummary: true,
      answer: false,
    };
    assert.deepEqual(await page.evaluate(seen), folded, `${name} folded`);
    await page.emulateMedia("print");
    assert.deepEqual(
      await page.evaluate(seen),
      { ...folded, checkSummary: false, checkCode: true, answer: true },
      `${name} printed: everything opened, without the "show" lines`,
    );
    await page.emulateMedia("screen");
    await page.click("details.check > summary");
    await page.click("details.answer > summary");
    assert.deepEqual(
      await page.evaluate(seen),
      { ...folded, checkCode: true, answer: true },
      `${name} after a click on each`,
    );
    assert.deepEqual(page.errors, []);
    await page.close();
    const noCode = await browser.page(`file://${outDir}/${name}.html?print=no-code`);
    await noCode.emulateMedia("print");
    const bare = await noCode.evaluate(seen) as Record<string, boolean>;
    assert.deepEqual(
      [bare.checkSummary, bare.checkCode, bare.checkOutput],
      [false, false, true],
      `${name} printed without code: a check's ✓ line alone`,
    );
    await noCode.close();
  } finally {
    await browser.close();
  }
});

Deno.test("every page carries its figures as non-empty inline SVG", async () => {
  await built();
  for (const name of notebooks) {
    const cells = await executed(name);
    const figures = cells.flatMap((c) => c.outputs ?? []).filter((o) => {
      const d = o.data ?? {};
      return joined(d["text/html"]).includes("<svg") || "image/svg+xml" in d;
    });
    assert.ok(figures.length >= 2, `${name} shows ${figures.length} figures`);
    const html = await Deno.readTextFile(`${outDir}/${name}.html`);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.ok(
      svgs.length >= figures.length,
      `${name}: ${svgs.length} SVGs in the page for ${figures.length} figures`,
    );
    for (const svg of svgs.filter((s) => /class="plot|class="marks"/.test(s))) {
      assert.match(svg, /<(path|rect|circle|line)\b/, `${name} has an empty plot`);
    }
  }
  // The Vega-Lite chart reaches the page as its static SVG rendering.
  const vega = (await Deno.readTextFile(`${outDir}/02_relu_and_friends.html`)).match(
    /<svg[^>]*class="marks"/g,
  );
  assert.ok(vega && vega.length >= 1, "notebook 02's Vega-Lite chart is in the page");
});

Deno.test("pages load no script, style or font from the network", async () => {
  await built();
  for (const page of ["index", ...notebooks]) {
    const html = await Deno.readTextFile(`${outDir}/${page}.html`);
    const external = [
      ...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"' >]+)/gi),
      ...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?([^"' >]+)/gi),
      ...html.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']?(https?:[^"' >]+)/gi),
      ...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/gi),
      ...html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')]+)/gi),
    ].map((m) => m[1]);
    assert.deepEqual(external, [], `${page}.html references ${external.join(", ")}`);
    assert.ok(
      !/require\.js|mathjax/i.test(html.replace(/<pre[\s\S]*?<\/pre>/g, "")),
      `${page}.html loads require.js or MathJax`,
    );
  }
});

Deno.test("in Chromium with no network, every page shows every figure, requests nothing from outside, throws nothing, and the Vega-Lite chart is live", async () => {
  await built();
  const browser = await launchChromium();
  try {
    // Figures are the SVGs in cell outputs; "shown" means laid out with a real size.
    const probe = `(() => {
      // Plot's legend swatches are tiny SVGs of their own; they belong to their figure.
      const svgs = [...document.querySelectorAll(".jp-OutputArea-output svg")]
        .filter((s) => !s.closest("[class*=swatch]") && !s.parentElement.closest("svg"));
      const shown = svgs.filter((s) => { const r = s.getBoundingClientRect(); return r.width > 20 && r.height > 20; });
      return { figures: svgs.length, shown: shown.length, title: document.title };
    })()`;
    for (const page of ["index", ...notebooks]) {
      const { requests, errors, probe: found } = await browser.open(
        `file://${outDir}/${page}.html`,
        probe,
      );
      const outside = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
      assert.deepEqual(outside, [], `${page}.html requested ${outside.join(", ")}`);
      assert.deepEqual(errors, [], `${page}.html threw ${errors.join("; ")}`);
      const { figures, shown } = found as { figures: number; shown: number };
      if (page === "index") continue;
      assert.ok(figures >= 2, `${page}.html has ${figures} figures`);
      assert.equal(shown, figures, `${page}.html shows ${shown} of its ${figures} figures`);
    }
    // Notebook 02's Vega-Lite chart is live on the page: its menu redraws it.
    const { probe: live, errors } = await browser.open(
      `file://${outDir}/02_relu_and_friends.html`,
      `(async () => {
        // Wait (up to 10 s) for a condition, polling: a loaded machine may draw slowly.
        const until = async (ok) => {
          for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
          return ok();
        };
        const paths = () => [...document.querySelectorAll(".nn-vegalite .vega-embed path")].map((p) => p.getAttribute("d")).join();
        const drawn = await until(() => paths().length > 0 && document.querySelector(".nn-vegalite select"));
        const select = document.querySelector(".nn-vegalite select");
        const before = paths();
        select.value = select.value === "relu" ? "tanh" : "relu";
        select.dispatchEvent(new Event("change"));
        const redrawn = await until(() => paths() !== before);
        return { options: [...select.options].map((o) => o.value), drawn: Boolean(drawn), redrawn };
      })()`,
      true,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(live, {
      options: ["relu", "sigmoid", "tanh"],
      drawn: true,
      redrawn: true,
    });
  } finally {
    await browser.close();
  }
});

Deno.test("the maths is typeset at build time: KaTeX on every notebook page, no raw $…$ left, its fonts shipped and loaded from disk", async () => {
  await built();
  const fonts = [...Deno.readDirSync(`${outDir}/katex/fonts`)].map((e) => e.name);
  assert.ok(
    fonts.includes("KaTeX_Main-Regular.woff2") && fonts.includes("KaTeX_Math-Italic.woff2"),
  );
  const browser = await launchChromium();
  try {
    for (const page of notebooks) {
      const { requests, errors, probe } = await browser.open(
        `file://${outDir}/${page}.html`,
        `(async () => {
          await document.fonts.ready;
          const cells = [...document.querySelectorAll(".jp-MarkdownOutput")].map((cell) => {
            const copy = cell.cloneNode(true);
            copy.querySelectorAll(".katex, code, pre").forEach((e) => e.remove());
            return copy.textContent;
          });
          return {
            formulas: document.querySelectorAll(".jp-MarkdownOutput .katex").length,
            raw: cells.filter((t) => t.includes("$")).map((t) => t.slice(t.indexOf("$") - 30, t.indexOf("$") + 30)),
            font: document.fonts.check("16px KaTeX_Main") && [...document.fonts].some((f) => f.family.includes("KaTeX") && f.status === "loaded"),
            // Every display formula scrolls sideways when too wide, and nothing of it is clipped
            // above or below.
            displays: [...document.querySelectorAll(".jp-MarkdownOutput .katex-display")].filter((d) =>
              getComputedStyle(d).overflowX !== "auto" || d.scrollHeight > d.clientHeight
            ).map((d) => d.textContent.slice(0, 40)),
          };
        })()`,
        true,
      );
      const { formulas, raw, font, displays } = probe as {
        formulas: number;
        raw: string[];
        font: boolean;
        displays: string[];
      };
      assert.ok(formulas >= 5, `${page} typesets ${formulas} formulas`);
      assert.deepEqual(raw, [], `${page} shows raw TeX`);
      assert.ok(font, `${page} loads KaTeX's fonts`);
      assert.deepEqual(displays, [], `${page}: display formulas clipped or not scrollable`);
      assert.deepEqual(errors, []);
      const outside = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
      assert.deepEqual(outside, [], `${page} requested ${outside.join(", ")}`);
      assert.ok(
        requests.some((u) => /katex\/fonts\/KaTeX_.*\.woff2$/.test(u)),
        `${page} fonts from disk`,
      );
    }
  } finally {
    await browser.close();
  }
});

Deno.test("check cells show what they proved, and every notebook has one", async () => {
  await built();
  for (const name of notebooks) {
    const cells = await executed(name);
    const checks = cells.flatMap((c) => c.outputs ?? []).filter((o) =>
      joined(o.data?.["text/plain"]).startsWith("✓")
    );
    assert.ok(checks.length >= 2, `${name} has ${checks.length} passed checks`);
  }
});

Deno.test("a rebuild, one notebook at a time, shows the numbers of the build that ran them side by side (everything random is seeded)", async () => {
  await built();
  const again = await Deno.makeTempDir({ prefix: "nn-site-again-" });
  try {
    const first = notebooks.slice(0, 3);
    await buildBook({
      outDir: again,
      filters: first.map((n) => n.slice(0, 2)),
      verbose: false,
      jobs: 1,
    });
    for (const name of first) {
      const text = (cells: Cell[]) =>
        cells.flatMap((c) => c.outputs ?? []).map((o) =>
          joined(o.data?.["text/plain"] ?? o.text).replace(/plot-[0-9a-f]+/g, "plot")
        );
      assert.deepEqual(
        text(JSON.parse(await Deno.readTextFile(`${again}/${name}.ipynb`)).cells),
        text(await executed(name)),
        `${name} changed between two builds`,
      );
    }
  } finally {
    await Deno.remove(again, { recursive: true });
  }
});

Deno.test("the site ships notebook 04's workbook, and its loss after 20 steps is the one the notebook prints", async () => {
  await built();
  const path = `${outDir}/workbooks/04_xor_2-4-1_relu.xlsx`;
  const index = await Deno.readTextFile(`${outDir}/index.html`);
  assert.ok(
    index.includes('href="workbooks/04_xor_2-4-1_relu.xlsx"'),
    "the index links the workbook",
  );
  const cells = await executed("04_two_layer_fix");
  const table = cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.["text/plain"]))
    .find((t) => t.includes("loss_s20 (after 20 SGD steps)"));
  assert.ok(table, "notebook 04 prints loss_s20");
  const printed = Number(/loss_s20 \(after 20 SGD steps\)\t([0-9.e-]+)/.exec(table!)![1]);
  const names = await readNames(await recalculate(await Deno.readFile(path)));
  assertAllClose(names.get("loss_s20")!, [[printed]], { rtol: 1e-12, message: "loss_s20" });
});

Deno.test("notebook 05's workbook holds the gradient norms the notebook prints, and =SQRT(SUMSQ(dW1_s0)) gives the first", async () => {
  await built();
  const cells = await executed("05_vanishing_and_exploding_gradients");
  const table = cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.["text/plain"]))
    .find((t) => t.includes("dW1_s0\t"));
  assert.ok(table, "notebook 05 prints the dW norms");
  const printed = [1, 2, 3, 4].map((l) =>
    // The row is "dW1_s0, its shape, its norm, …": the norm is the first number after the shape.
    Number(new RegExp(`dW${l}_s0\\t\\d+×\\d+\\t([0-9.e-]+)`).exec(table!)![1])
  );
  // Add the formula the notebook suggests, as a reader would, then let LibreOffice compute everything.
  const wb = new ExcelJS.Workbook();
  const bytes = await Deno.readFile(`${outDir}/workbooks/05_deep_sigmoid_2-4-4-4-1.xlsx`);
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  wb.addWorksheet("reader").getCell("A1").value = { formula: "SQRT(SUMSQ(dW1_s0))" } as never;
  wb.definedNames.add("reader!$A$1", "norm1");
  const names = await readNames(await recalculate(new Uint8Array(await wb.xlsx.writeBuffer())));
  printed.forEach((want, l) => {
    const got = Math.hypot(...names.get(`dW${l + 1}_s0`)!.flat());
    assertAllClose(got, want, { rtol: 1e-12, message: `‖dW${l + 1}_s0‖` });
  });
  assertAllClose(names.get("norm1")!, [[printed[0]]], {
    rtol: 1e-12,
    message: "=SQRT(SUMSQ(dW1_s0))",
  });
});

Deno.test("notebook 07's softmax workbook gives, in LibreOffice, the mean loss and the predictions the notebook prints", async () => {
  await built();
  const cells = await executed("07_real_data_mnist");
  const table = cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.["text/plain"]))
    .find((t) => t.includes("meanLoss\t"));
  assert.ok(table, "notebook 07 prints the workbook's meanLoss");
  const printed = Number(/meanLoss\t([0-9.e-]+)/.exec(table!)![1]);
  const predicted = /predicted\t([0-9, ]+)/.exec(table!)![1].split(", ").map(Number);
  const path = `${outDir}/workbooks/07_softmax_first_ten_test_digits.xlsx`;
  const names = await readNames(await recalculate(await Deno.readFile(path)));
  assertAllClose(names.get("meanLoss")!, [[printed]], { rtol: 1e-12, message: "meanLoss" });
  assert.deepEqual(names.get("predicted")!.flat(), predicted);
});

Deno.test("notebook 08's 784-128-10 network, trained like 07's, makes the mistakes 07 prints", async () => {
  await built();
  const tables = async (name: string) =>
    (await executed(name)).flatMap((c) => c.outputs ?? []).map((o) =>
      joined(o.data?.["text/plain"])
    );
  const row = (tables: string[], start: string) =>
    tables.flatMap((t) => t.split("\n")).find((line) => line.startsWith(start))?.split("\t");
  const in07 = row(await tables("07_real_data_mnist"), "one hidden ReLU layer (784 → 128 → 10)\t");
  const in08 = row(await tables("08_convolutional_layers"), "784 → 128 → 10, trained like 07's\t");
  assert.ok(in07 && in08, "07 prints its hidden-layer network's test errors and 08 its copy's");
  // 07: model, test accuracy, test errors; 08: model, parameters, test mistakes, test accuracy.
  assert.equal(in08[2], in07[2]);
});

Deno.test("every workbook a page links to is in the site, and the index lists them all", async () => {
  await built();
  const index = await Deno.readTextFile(`${outDir}/index.html`);
  const linked = new Set<string>();
  for (const name of notebooks) {
    const html = await Deno.readTextFile(`${outDir}/${name}.html`);
    for (const m of html.matchAll(/href="(workbooks\/[^"]+\.xlsx)"/g)) linked.add(m[1]);
  }
  assert.ok(
    linked.has("workbooks/02_activations.xlsx") && linked.has("workbooks/04_xor_2-4-1_relu.xlsx"),
  );
  for (const file of linked) {
    const bytes = await Deno.readFile(`${outDir}/${file}`);
    assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK", `${file} is an xlsx (zip) file`);
    assert.ok(index.includes(`href="${file}"`), `the index lists ${file}`);
  }
});

Deno.test("every link in a page leads to a page or file of the site, never to a notebook file", async () => {
  await built();
  for (const name of notebooks) {
    const html = await Deno.readTextFile(`${outDir}/${name}.html`);
    const targets = [...html.matchAll(/<a\b[^>]*\bhref="([^"#]+)[^"]*"/g)].map((m) => m[1])
      .filter((t) => !/^[a-z]+:/.test(t));
    assert.ok(targets.length >= 3, `${name}.html links to ${targets.join(", ")}`);
    for (const target of targets) {
      assert.ok(!target.endsWith(".ipynb"), `${name}.html links to the notebook file ${target}`);
      assert.ok(
        await Deno.stat(`${outDir}/${target}`).then((s) => s.isFile, () => false),
        `${name}.html links to ${target}, which the site lacks`,
      );
    }
  }
});

Deno.test("the build fails, naming the notebook and the cell, on an error or a missing output", async () => {
  const dir = `${ROOT}/.cache/failing-notebooks`;
  await Deno.mkdir(dir, { recursive: true });
  const nb = (cells: string[]) =>
    JSON.stringify({
      cells: cells.map((source, i) => ({
        cell_type: "code",
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
      metadata: { kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    });
  await Deno.writeTextFile(
    `${dir}/98_throws.ipynb`,
    nb(["const a = 1;", 'throw new Error("boom");']),
  );
  await Deno.writeTextFile(`${dir}/99_silent.ipynb`, nb(["const b = 2;", "undefined;"]));
  const out = await Deno.makeTempDir({ prefix: "nn-fail-" });
  try {
    await assert.rejects(
      () => buildBook({ outDir: out, notebooks: [`${dir}/98_throws.ipynb`], verbose: false }),
      /98_throws, code cell 2 \('throw new Error\("boom"\);'\) raised Error: boom/,
    );
    await assert.rejects(
      () => buildBook({ outDir: out, notebooks: [`${dir}/99_silent.ipynb`], verbose: false }),
      /99_silent, code cell 2 \('undefined;'\) should show a value but its output is missing/,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

type Queued = { status: string; outputs: Output[] };
type QueueReport = {
  notebooks: Record<string, { cells: Queued[]; late: unknown[]; stray: string[] }>;
  failing: { cells: Queued[]; late: unknown[]; stray: string[]; straggler: Queued; then: Queued };
  interrupted: { cells: Queued[]; then: Queued };
};
let queue: Promise<QueueReport> | undefined;
/** Every notebook run as Run All runs it: all code cells queued at once on the project's kernel. */
const queued = () => (queue ??= (async () => {
  const siteDir = await Deno.makeTempDir({ prefix: "nn-queued-" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(SYSTEM_PYTHON, {
      args: [`${ROOT}/tests/project/_kernel_queue.py`, ...listNotebooks()],
      cwd: ROOT,
      env: {
        JUPYTER_PATH: await projectJupyterPath(),
        NN_SITE_DIR: siteDir,
        PATH: pathWithDeno(),
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const errors = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `tests/project/_kernel_queue.py failed: ${errors}`);
    return JSON.parse(new TextDecoder().decode(stdout)) as QueueReport;
  } finally {
    await Deno.remove(siteDir, { recursive: true });
  }
})());

Deno.test("cells queued all at once, as Run All queues them, get every output under their own cell, before its idle, equal to the build's", async () => {
  await built();
  const report = await queued();
  for (const name of notebooks) {
    const { cells, late, stray } = report.notebooks[name];
    assert.deepEqual(late, [], `${name}: outputs that came after their cell's idle`);
    assert.deepEqual(stray, [], `${name}: outputs under no cell's request`);
    const expected = await codeCellOutputs(`${outDir}/${name}.ipynb`);
    assert.equal(cells.length, expected.length, `${name}: one reply per code cell`);
    cells.forEach((cell, i) => {
      assert.equal(cell.status, "ok", `${name}, code cell ${i + 1} replied ${cell.status}`);
      assert.deepEqual(
        cell.outputs.map(comparable),
        expected[i].map(comparable),
        `${name}, code cell ${i + 1}: queued outputs differ from the build's`,
      );
    });
  }
});

Deno.test("after a failing cell the queued cells are aborted, so is one that arrives just after the error, and the kernel then runs new cells", async () => {
  const { cells, late, stray, straggler, then } = (await queued()).failing;
  assert.deepEqual(cells.map((c) => c.status), ["ok", "ok", "error", "aborted", "aborted"]);
  assert.deepEqual(
    cells.map((c) => c.outputs.map((o) => o.output_type)),
    [[], ["execute_result"], ["error"], [], []],
  );
  assert.equal(cells[2].outputs[0].evalue, "boom");
  assert.deepEqual([late, stray], [[], []]);
  assert.deepEqual(straggler, { status: "aborted", outputs: [] });
  assert.equal(then.status, "ok");
  assert.deepEqual(then.outputs.map((o) => joined(o.data?.["text/plain"])), ["4"]);
});

Deno.test("Kernel → Interrupt stops an endless cell with an error under it, aborts the queued one, and keeps the kernel's state", async () => {
  const { cells, then } = (await queued()).interrupted;
  assert.deepEqual(cells.map((c) => c.status), ["ok", "error", "aborted"]);
  assert.deepEqual(cells.map((c) => c.outputs.map((o) => o.output_type)), [[], ["error"], []]);
  // The variable the cells made is still there.
  assert.equal(then.status, "ok");
  assert.deepEqual(then.outputs.map((o) => joined(o.data?.["text/plain"])), ['"number"']);
});
