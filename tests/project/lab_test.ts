// `./nn lab` as a learner meets it: the command starts Jupyter Notebook on a
// copy of the notebooks and prints the one address to open. In headless
// Chromium, Run All then fills every cell with the outputs the build shows,
// draws every figure, makes the Vega-Lite chart live with its menu, throws no
// error, and a failing cell stops the run; a notebook's folded checks and answers open and fold
// again with a click on their bar; an executed notebook opened again shows its maths
// typeset within seconds. Through jupyter_client, Kernel → Interrupt stops a live training again
// and again (notebook 07's too, whose epochs take seconds), and a cell sent a second after an
// error runs.
import assert from "node:assert/strict";
import { buildBook } from "../../tools/book.ts";
import { listNotebooks, pathWithDeno, ROOT, SYSTEM_PYTHON } from "../../tools/_paths.ts";
import { requireNotebookServer } from "../../tools/_install.ts";
import { projectJupyterPath } from "../../tools/kernel/spec.ts";
import { answerNumber } from "./_folds.ts";
import { launchChromium, type Page } from "./_chromium.ts";
import { codeCellOutputs, comparable, type Output } from "./_outputs.ts";

interface Lab {
  /** The address the command printed. */
  url: URL;
  /** Everything it printed on stdout up to and including the address. */
  printed: string[];
  /** Stops the server as a SIGTERM does; returns what it printed after the address. */
  stop(): Promise<string>;
}

/** Runs `./nn lab` on a free port, without opening a browser, on the copy in `dir`. */
async function startLab(dir: string): Promise<Lab> {
  await requireNotebookServer();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const child = new Deno.Command(`${ROOT}/nn`, {
    args: ["lab", "--no-browser", `--port=${port}`],
    cwd: ROOT,
    env: { NN_LAB_DIR: dir },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let stdout = "";
  const timeout = setTimeout(() => child.kill("SIGTERM"), 120_000);
  while (!/token=\w+\n/.test(stdout)) {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error(`./nn lab exited without printing an address: ${stdout}${await stderr}`);
    }
    stdout += value;
  }
  clearTimeout(timeout);
  const printed = stdout.trimEnd().split("\n");
  // Whatever else it prints is kept (so that its pipe never fills) and shown by stop().
  const rest = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) stdout += r.value;
  })();
  const url = new URL(printed.at(-1)!.trim());
  return {
    url,
    printed,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await rest;
      return stdout.slice(printed.join("\n").length).trim() + await stderr;
    },
  };
}

/** Polls an expression in the page until it is true; fails with `what` after `seconds`. */
async function until(page: Page, expression: string, seconds: number, what: string) {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    // A page between two documents (a link followed, a redirect) has nothing to evaluate yet.
    if (await page.evaluate(expression).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} within ${seconds} s`);
}

const IDLE = `document.querySelector("#kernel_indicator_icon").className === "kernel_idle_icon"`;
const CODE_CELLS = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code")`;

/** Opens a notebook, waits for its kernel, and chooses Cell → Run All; waits until no cell is queued. */
async function openAndRunAll(page: Page, before = "") {
  await until(
    page,
    `Boolean(window.Jupyter?.notebook?._fully_loaded && Jupyter.notebook.kernel?.is_connected()) && ${IDLE}`,
    60,
    "the notebook did not open with an idle kernel",
  );
  if (before) await page.evaluate(before);
  await page.evaluate(`document.querySelector("#run_all_cells a").click()`);
  await until(
    page,
    `${CODE_CELLS}.every((c) => c.input_prompt_number !== "*") && ${IDLE}`,
    180,
    "Run All did not finish",
  );
}

/** What a code cell shows: its prompt number and its outputs. */
async function codeCells(page: Page): Promise<{ prompt: number | null; outputs: Output[] }[]> {
  return JSON.parse(
    await page.evaluate(
      `JSON.stringify(${CODE_CELLS}.map((c) => ({ prompt: c.input_prompt_number ?? null, outputs: c.output_area.toJSON() })))`,
    ) as string,
  );
}

const FIGURES = `(() => {
  const svgs = [...document.querySelectorAll(".output_area svg")]
    .filter((s) => !s.closest("[class*=swatch]") && !s.parentElement.closest("svg"));
  const shown = svgs.filter((s) => { const r = s.getBoundingClientRect(); return r.width > 20 && r.height > 20; });
  return { figures: svgs.length, shown: shown.length };
})()`;

// How long an executed notebook, reopened, shows its maths as raw TeX: from the moment the notebook
// is drawn until every formula in its Markdown cells is typeset and MathJax has nothing left to
// do (a Markdown cell the reader renders then waits for nothing). Run in the page from its
// start, since loading the notebook blocks the page for seconds.
const TYPESET_CLOCK = `window.__typeset = {};
const __tick = setInterval(() => {
  const clock = window.__typeset;
  if (!window.Jupyter?.notebook?._fully_loaded || !window.MathJax?.Hub?.queue) return;
  clock.shown ??= performance.now();
  const texts = [...document.querySelectorAll(".text_cell_render")];
  const formulas = texts.flatMap((t) => [...t.querySelectorAll('script[type^="math/tex"]')]);
  const raw = texts.some((t) => {
    const walk = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.textContent.includes("$") && !n.parentElement.closest("code, pre, script")) return true;
    }
    return false;
  });
  const queue = MathJax.Hub.queue;
  const idle = queue.queue.length === 0 && !queue.pending && !queue.running;
  // MathJax marks a formula it has typeset with state 2 (MathJax.ElementJax.STATE.PROCESSED).
  if (formulas.length > 0 && !raw && idle && formulas.every((f) => f.MathJax?.state === 2)) {
    clock.seconds = (performance.now() - clock.shown) / 1000;
    clock.formulas = formulas.length;
    // A formula MathJax could not read holds an merror node.
    const failed = (node) => node?.type === "merror" || (node?.data ?? []).some(failed);
    clock.errors = formulas.filter((f) => failed(MathJax.Hub.getJaxFor(f)?.root)).length;
    clearInterval(__tick);
  }
}, 50);`;
/**
 * The typeset maths must appear this soon. 1 to 4 s on a loaded 2-core machine; Notebook 6's own
 * MathJax settings took 20 s and more (each of about 85 typesetting calls pauses 200 ms).
 */
const TYPESET_SECONDS = 10;

// Inside the project, where the kernel finds deno.json.
await Deno.mkdir(`${ROOT}/.cache`, { recursive: true });
// Every link in the notebook's text, followed as a click would: a notebook page, or a file's bytes.
const LINKS = `(async () => {
  const links = [...document.querySelectorAll(".text_cell_render a[href]")]
    .filter((a) => !a.getAttribute("href").startsWith("#") && !/^[a-z]+:/.test(a.getAttribute("href")));
  return await Promise.all(links.map(async (a) => {
    const response = await fetch(a.href);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const kind = String.fromCharCode(bytes[0], bytes[1]) === "PK" ? "xlsx" : response.headers.get("content-type").split(";")[0];
    return [a.getAttribute("href"), response.status, kind];
  }));
})()`;

const dir = await Deno.makeTempDir({ dir: `${ROOT}/.cache`, prefix: "lab-test-" });
const reference = await Deno.makeTempDir({ prefix: "nn-lab-reference-" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(dir, { recursive: true });
  Deno.removeSync(reference, { recursive: true });
});

/** Notebook 02's chart is live, with its menu; then a failing cell stops Run All. */
async function liveChartAndStop(page: Page) {
  const live = await page.evaluate(`(async () => {
    const chart = document.querySelector(".nn-vegalite");
    const select = () => chart?.querySelector("select");
    for (let i = 0; i < 100 && !select(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!select()) return { chart: Boolean(chart), options: [], redrawn: false };
    const paths = () => [...chart.querySelectorAll("path")].map((p) => p.getAttribute("d")).join();
    const before = paths();
    select().value = select().value === "relu" ? "tanh" : "relu";
    select().dispatchEvent(new Event("change"));
    for (let i = 0; i < 100 && paths() === before; i++) await new Promise((r) => setTimeout(r, 50));
    return { chart: true, options: [...select().options].map((o) => o.value), redrawn: paths() !== before };
  })()`);
  assert.deepEqual(live, {
    chart: true,
    options: ["relu", "sigmoid", "tanh"],
    redrawn: true,
  }, "the Vega-Lite chart is live: its menu redraws it");

  // The cells after a failing one do not run and show nothing (Run All clears old outputs).
  await openAndRunAll(
    page,
    `Jupyter.notebook.insert_cell_at_index("code", Jupyter.notebook.find_cell_index(${CODE_CELLS}[2]))
      .set_text('throw new Error("stop")')`,
  );
  const cells = await codeCells(page);
  assert.ok(cells.slice(0, 3).every((c) => typeof c.prompt === "number"), "the first cells ran");
  assert.deepEqual(cells[2].outputs.map((o) => `${o.ename}: ${o.evalue}`), ["Error: stop"]);
  assert.deepEqual(
    cells.slice(3).map((c) => [c.prompt, c.outputs.length]),
    cells.slice(3).map(() => [null, 0]),
    "the cells after the error did not run",
  );
}

/** The notebook's playground link, followed as a click is, leads to the playground, which trains. */
async function playgroundFromLink(page: Page) {
  const href = await page.evaluate(`(() => {
    const a = [...document.querySelectorAll(".text_cell_render a")]
      .find((a) => a.getAttribute("href").startsWith("playground/index.html#"));
    a.removeAttribute("target");
    a.click();
    return a.getAttribute("href");
  })()`) as string;
  // Through Jupyter's redirect to files/ and the page there that forwards to the playground.
  await until(
    page,
    `location.pathname.endsWith("/nbextensions/playground/index.html") &&
      document.getElementById("epoch")?.textContent === "0"`,
    30,
    "the playground did not open",
  );
  assert.equal(
    await page.evaluate("location.hash"),
    `#${href.split("#")[1]}`,
    "the playground keeps the link's configuration",
  );
  await page.click("#play");
  await until(
    page,
    `Number(document.getElementById("epoch").textContent.replace(/,/g, "")) > 20`,
    30,
    "the playground did not train",
  );
  assert.deepEqual(page.errors, [], `the playground threw ${page.errors.join("; ")}`);
}

Deno.test("./nn lab prints one address; in Chromium, Run All shows the build's outputs under each cell, draws every figure, the chart is live, an error stops the run; folded checks and answers open with a click; executed 06 reopened shows typeset maths within seconds", async () => {
  const browser = await launchChromium();
  // Kept as a promise, so that the server is stopped even when the reference build fails.
  const lab = startLab(dir);
  let after = "";
  try {
    const [started] = await Promise.all([
      lab,
      buildBook({ outDir: reference, filters: ["02", "04", "06"], verbose: false }),
    ]);
    const where = dir.slice(ROOT.length + 1);
    assert.deepEqual(started.printed.slice(0, 2), [
      `Copied ${listNotebooks().length} notebooks into ${where}/.`,
      `Jupyter Notebook 6 (the classic Notebook) runs the notebooks in ${where}/, yours to change ('./nn lab --reset' copies them afresh). Open:`,
    ]);
    assert.equal(started.printed.length, 3, `./nn lab printed ${started.printed.join("\n")}`);
    const token = started.url.searchParams.get("token");
    // The notebooks' own kernelspec, by a name of its own, and no other.
    const specs = await (await fetch(new URL(`api/kernelspecs?token=${token}`, started.url)))
      .json();
    assert.deepEqual(
      [
        specs.default,
        Object.keys(specs.kernelspecs),
        specs.kernelspecs["nn-deno"].spec.display_name,
      ],
      ["nn-deno", ["nn-deno"], "Deno (nn course)"],
    );
    const open = (name: string) =>
      browser.page(new URL(`notebooks/${name}.ipynb?token=${token}`, started.url).href);

    for (const name of ["04_two_layer_fix", "02_relu_and_friends"]) {
      const page = await open(name);
      await openAndRunAll(page);
      const cells = await codeCells(page);
      const expected = await codeCellOutputs(`${reference}/${name}.ipynb`);
      assert.equal(cells.length, expected.length);
      cells.forEach((cell, i) => {
        assert.equal(cell.prompt, i + 1, `${name}, code cell ${i + 1} ran in order`);
        assert.deepEqual(
          cell.outputs.map(comparable),
          expected[i].map(comparable),
          `${name}, code cell ${i + 1} shows what the build shows`,
        );
      });
      const { figures, shown } = await page.evaluate(FIGURES) as { figures: number; shown: number };
      assert.ok(figures >= 3, `${name} shows ${figures} figures`);
      assert.equal(shown, figures, `${name} draws ${shown} of its ${figures} figures`);
      // The next notebook opens, and the workbook the notebook saved beside itself downloads.
      const links = await page.evaluate(LINKS) as [string, number, string][];
      assert.deepEqual(
        links.map(([href, status, kind]) => [href, status, href.endsWith(".xlsx") ? kind : "page"]),
        links.map(([href]) => [href, 200, href.endsWith(".xlsx") ? "xlsx" : "page"]),
        `${name}'s links in Jupyter`,
      );
      assert.ok(links.some(([href]) => href.endsWith(".xlsx")), `${name} links to its workbook`);
      // MathJax leaves the figures and tables alone; the hints show a triangle and look clickable.
      const looks = await page.evaluate(`(() => {
        const summary = document.querySelector(".text_cell_render details > summary");
        const style = summary && getComputedStyle(summary);
        return {
          ignored: [...document.querySelectorAll(".output_html")]
            .every((o) => o.querySelector(":scope > .tex2jax_ignore") || !o.querySelector(".nn-table, svg")),
          tables: document.querySelectorAll(".output_html > .tex2jax_ignore table").length > 0,
          summary: style ? [style.display, style.cursor] : null,
        };
      })()`);
      assert.deepEqual(looks, { ignored: true, tables: true, summary: ["list-item", "pointer"] });
      if (name.startsWith("02")) await liveChartAndStop(page);
      assert.deepEqual(page.errors, [], `${name} threw ${page.errors.join("; ")}`);
      if (name.startsWith("04")) await playgroundFromLink(page);
      await page.close();
    }

    // A notebook with folded cells: a bar in place of each check's code and of each run of answer
    // cells, which a click opens and a second click folds again.
    const tagged = listNotebooks().find((p) => {
      const text = Deno.readTextFileSync(p);
      return text.includes('"source_hidden": true') && text.includes('"outputs_hidden": true');
    });
    assert.ok(tagged, "a notebook has folded check and answer cells");
    const cells = JSON.parse(await Deno.readTextFile(tagged)).cells as {
      cell_type: string;
      source: string[];
      metadata: { jupyter?: { outputs_hidden?: boolean } };
    }[];
    const kinds = cells.map((c) =>
      c.metadata.jupyter && (c.metadata.jupyter.outputs_hidden ? "a" : "c")
    );
    // An answer that opens with its number in bold ("**2.**") starts a fold of its own.
    const numberOf = (i: number) => answerNumber(cells[i]);
    const bars = kinds.filter((k, i) =>
      k === "c" || (k === "a" && (kinds[i - 1] !== "a" || numberOf(i) !== undefined))
    ).length;
    const firstAnswer = kinds.indexOf("a");
    // A Markdown answer shows its rendered text, not an editor, once opened.
    const answerIsCode = cells[firstAnswer].cell_type === "code";
    const answerName = numberOf(firstAnswer) === undefined
      ? "Answer"
      : `Answer ${numberOf(firstAnswer)}`;
    const foldedPage = await open(tagged.split("/").at(-1)!.replace(/\.ipynb$/, ""));
    await until(
      foldedPage,
      `window.Jupyter?.notebook?._fully_loaded && document.querySelector(".nn-fold-bar") !== null`,
      60,
      "the notebook did not open with its folded cells",
    );
    const FOLDS = `(() => {
      const shown = (el) => el !== null && el.offsetHeight > 0;
      const state = (cell) => ({
        bar: cell.querySelector(".nn-fold-bar")?.textContent,
        input: shown(cell.querySelector(":scope > .input")),
        output: shown(cell.querySelector(":scope > .output_wrapper")),
      });
      return {
        bars: document.querySelectorAll(".nn-fold-bar").length,
        check: state(document.querySelector(".cell.nn-fold-check")),
        answer: state(document.querySelector(".cell.nn-fold-answer")),
      };
    })()`;
    // The outputs are not saved, so an answer's output area is empty: only its input shows.
    const before = await foldedPage.evaluate(FOLDS);
    assert.deepEqual(before, {
      bars,
      check: { bar: "▸ Check: show the code", input: false, output: false },
      answer: { bar: `▸ ${answerName}: show it`, input: false, output: false },
    });
    await foldedPage.click(".cell.nn-fold-check .nn-fold-bar");
    await foldedPage.click(".cell.nn-fold-answer .nn-fold-bar");
    assert.deepEqual(await foldedPage.evaluate(FOLDS), {
      bars,
      check: { bar: "▾ Check: hide the code", input: true, output: false },
      answer: { bar: `▾ ${answerName}: hide it`, input: answerIsCode, output: false },
    }, "a click opens a folded cell");
    await foldedPage.click(".cell.nn-fold-check .nn-fold-bar");
    assert.deepEqual(await foldedPage.evaluate(FOLDS), {
      ...before,
      answer: { bar: `▾ ${answerName}: hide it`, input: answerIsCode, output: false },
    }, "a second click folds it again");
    assert.deepEqual(foldedPage.errors, [], `${tagged} threw ${foldedPage.errors.join("; ")}`);
    await foldedPage.close();

    // Notebook 06, run and saved, opened again: its maths is typeset within seconds.
    const executed = "06_hidden_neurons_capacity_overfitting";
    await Deno.copyFile(`${reference}/${executed}.ipynb`, `${dir}/${executed}.ipynb`);
    const page = await browser.page(
      new URL(`notebooks/${executed}.ipynb?token=${token}`, started.url).href,
      { beforeLoad: TYPESET_CLOCK },
    );
    await until(page, "window.__typeset?.seconds !== undefined", 120, "06's maths was not typeset");
    const clock = await page.evaluate("window.__typeset") as {
      seconds: number;
      formulas: number;
      errors: number;
    };
    assert.ok(clock.formulas >= 50, `06 shows ${clock.formulas} formulas`);
    assert.equal(clock.errors, 0, "every formula is typeset without an error");
    assert.ok(
      clock.seconds < TYPESET_SECONDS,
      `06, reopened, showed raw TeX for ${
        clock.seconds.toFixed(1)
      } s (at most ${TYPESET_SECONDS} s)`,
    );
    assert.deepEqual(page.errors, [], `06 threw ${page.errors.join("; ")}`);
    await page.close();
  } finally {
    await browser.close();
    after = await lab.then((started) => started.stop(), () => "");
  }
  // Jupyter logs only its stop; the kernels and the server wrote nothing else.
  assert.deepEqual(
    after.split("\n").filter((l) => l && !/received signal 15, stopping/.test(l)),
    [],
    `./nn lab printed more than the address`,
  );
});

type Interrupted = {
  seconds: number;
  shown: number;
  status: string;
  ename: string;
  evalue: string;
  errors: string[][];
  after: string[];
};

Deno.test("Kernel → Interrupt stops a live training three times in one kernel, and an endless loop, within 2 s, says so and keeps every variable; so too notebook 07's MNIST training, inside an epoch within 1 s; a cell sent a second after an error runs", async () => {
  const { code, stdout, stderr } = await new Deno.Command(SYSTEM_PYTHON, {
    args: [`${ROOT}/tests/project/_kernel_interrupt.py`],
    cwd: ROOT,
    env: { JUPYTER_PATH: await projectJupyterPath(), PATH: pathWithDeno() },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, `_kernel_interrupt.py failed: ${new TextDecoder().decode(stderr)}`);
  const report = JSON.parse(new TextDecoder().decode(stdout)) as {
    interrupts: { live: Interrupted[]; sync: Interrupted };
    mnist: Interrupted[];
    failing: { status: string; outputs: { type: string; data?: Record<string, string> }[] }[];
  };
  const { live, sync } = report.interrupts;
  assert.equal(live.length, 3);
  live.forEach((stop, i) => {
    assert.ok(stop.seconds < 2, `interrupt ${i + 1} of the live training took ${stop.seconds} s`);
    assert.equal(stop.status, "error");
    assert.equal(stop.ename, "Interrupted");
    assert.match(stop.evalue, /stopped the training after epoch \d+ of 10000000/);
    assert.deepEqual(stop.errors, [["Interrupted", stop.evalue]], "one error under the cell");
    // The constant made before, and the count the cell itself changed, are kept.
    assert.deepEqual(stop.after, ["42", String(i + 1)]);
  });
  assert.ok(sync.seconds < 2, `the interrupt of the endless loop took ${sync.seconds} s`);
  assert.deepEqual(
    [sync.status, sync.ename, sync.errors.map(([ename]) => ename), sync.after],
    ["error", "Interrupted", ["Interrupted"], ["42", "true"]],
  );
  // Notebook 07's training, its epochs seconds long: charted within a second and a half,
  // stopped inside an epoch within a second (waiting for the epoch's end took 1.6 to 1.8 s),
  // twice, and run again in between.
  assert.equal(report.mnist.length, 2);
  report.mnist.forEach((stop, i) => {
    assert.ok(stop.shown < 1.5, `07's chart ${i + 1} came ${stop.shown} s after the cell was sent`);
    assert.ok(stop.seconds < 1, `interrupt ${i + 1} of 07's training took ${stop.seconds} s`);
    assert.deepEqual([stop.status, stop.ename], ["error", "Interrupted"]);
    assert.match(stop.evalue, /stopped the training in epoch [123] of 3, after batch \d+ of 469;/);
    assert.deepEqual(stop.errors, [["Interrupted", stop.evalue]], "one error under the cell");
    assert.deepEqual(stop.after, ["60000", String(i + 1)]);
  });
  // Queued with the failing cell: aborted. Sent a second after its error: runs.
  assert.deepEqual(report.failing.map((c) => c.status), ["ok", "error", "aborted", "ok"]);
  assert.deepEqual(
    report.failing[3].outputs.map((o) => o.data?.["text/plain"]),
    ["4"],
    "the cell sent after the error ran",
  );
});

Deno.test("./nn kernel installs the nn-deno kernelspec for the user, running this checkout's proxy, and says where in one line", async () => {
  const data = await Deno.makeTempDir({ prefix: "nn-jupyter-data-" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(`${ROOT}/nn`, {
      args: ["kernel"],
      env: { JUPYTER_DATA_DIR: data },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const printed = new TextDecoder().decode(stdout).trimEnd().split("\n");
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.equal(printed.length, 1, `./nn kernel printed ${printed.join("\n")}`);
    assert.match(
      printed[0],
      new RegExp(
        `^Installed the kernel "Deno \\(nn course\\)" \\(nn-deno\\) in ${data}/kernels/nn-deno`,
      ),
    );
    const spec = JSON.parse(await Deno.readTextFile(`${data}/kernels/nn-deno/kernel.json`));
    assert.equal(spec.display_name, "Deno (nn course)");
    assert.equal(spec.argv[1], `${ROOT}/tools/kernel/proxy.py`);
    // Deno by its absolute path, which a Jupyter started from anywhere finds.
    assert.ok(spec.argv[3].startsWith("/"), `deno is ${spec.argv[3]}`);
    assert.deepEqual(spec.argv.slice(4), ["jupyter", "--kernel", "--conn"]);
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});
