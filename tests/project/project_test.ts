// The project's shape: every export documented with an example, notebooks
// committed clean and complete, and a README and documents whose commands, links, licence
// and names match the project. (The library's parts are checked in library_parts_test.ts.)
import assert from "node:assert/strict";
import { listNotebooks, NOTEBOOK_NAME, notebookNumber, ROOT, selects } from "../../tools/_paths.ts";
import { deriveFolding, foldingFor, tagNotebooks } from "../../tools/notebook_tags.ts";

Deno.test("every export of lib/mod.ts has a JSDoc @example", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "lib/mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(code, 0, "deno doc --json lib/mod.ts failed");
  type Tag = { kind: string };
  type Node = {
    name: string;
    jsDoc?: { tags?: Tag[] };
    declarations?: { jsDoc?: { tags?: Tag[] } }[];
  };
  const doc = JSON.parse(new TextDecoder().decode(stdout)) as {
    nodes: Record<string, { symbols: Node[] }>;
  };
  const symbols = Object.values(doc.nodes).flatMap((file) => file.symbols);
  assert.ok(symbols.length > 100, `deno doc listed ${symbols.length} exports`);
  const missing = symbols.filter((n) => {
    const tags = [n.jsDoc, ...(n.declarations ?? []).map((d) => d.jsDoc)].flatMap((d) =>
      d?.tags ?? []
    );
    return !tags.some((t) => t.kind === "example");
  }).map((n) => n.name);
  assert.deepEqual(missing, [], `exports without an @example: ${missing.join(", ")}`);
});

type Cell = {
  cell_type: string;
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: { tags?: string[]; jupyter?: Record<string, boolean> };
};
const text = (c: Cell) => Array.isArray(c.source) ? c.source.join("") : c.source;

Deno.test("notebooks are numbered, committed without outputs, and follow the suite's shape", async () => {
  const version = await new Deno.Command(Deno.execPath(), { args: ["--version"], stdout: "piped" })
    .output();
  const typescript = /^typescript (\S+)$/m.exec(new TextDecoder().decode(version.stdout))?.[1];
  assert.ok(typescript, "deno --version names its TypeScript");
  const paths = listNotebooks();
  assert.ok(paths.length >= 4);
  // 01, 02, … without gaps; a lettered notebook (04b) only after the notebook with its number.
  const numbers = paths.map(notebookNumber);
  const plain = numbers.filter((n) => /^\d\d$/.test(n));
  assert.deepEqual(plain, plain.map((_, i) => String(i + 1).padStart(2, "0")), `${numbers}`);
  numbers.forEach((n, i) =>
    assert.ok(/^\d\d$/.test(n) || numbers[i - 1]?.slice(0, 2) === n.slice(0, 2), `${numbers}`)
  );
  for (const path of paths) {
    const name = path.split("/").at(-1)!;
    const nb = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(
      [nb.metadata.kernelspec.name, nb.metadata.kernelspec.display_name],
      ["nn-deno", "Deno (nn course)"],
      `${name} uses the project's kernelspec, not the stock "deno"`,
    );
    // What Deno's kernel reports in its kernel_info_reply: the TypeScript that the pinned Deno has.
    assert.deepEqual(
      [nb.metadata.language_info?.name, nb.metadata.language_info?.version],
      ["typescript", typescript],
      `${name}'s metadata.language_info names the kernel's TypeScript`,
    );
    const cells = nb.cells as Cell[];
    const run = cells.some((c) =>
      c.cell_type === "code" && ((c.outputs ?? []).length > 0 || c.execution_count !== null)
    );
    assert.ok(
      !run,
      `notebooks/${name} has outputs or execution counts, which are not committed. If you only ran ` +
        `it, 'git checkout notebooks/${name}' restores it; to keep your changes, clear them with ` +
        `'jupyter nbconvert --clear-output --ClearMetadataPreprocessor.enabled=True --inplace ` +
        `notebooks/${name}' and then './nn deno task ` +
        `fmt:notebooks'. ('./nn lab' runs a copy in lab/ and leaves notebooks/ alone.)`,
    );
    const first = text(cells[0]), last = text(cells.at(-1)!);
    assert.ok(first.startsWith(`# ${notebookNumber(name)} · `), `${name} opens with its title`);
    // The ending: a summary, exercises (their answers may follow as cells that run), and next.
    const ending = cells.slice(cells.findLastIndex((c) => text(c).includes("## Summary")))
      .map(text).join("\n");
    assert.match(
      ending,
      /^## Summary[\s\S]*## Exercises[\s\S]*\*\*Next:\*\*/m,
      `${name} ends with summary, exercises, next`,
    );
    assert.match(last, /\*\*Next:\*\*/, `${name} ends with the link onward`);
    const code = cells.filter((c) => c.cell_type === "code").map(text).join("\n");
    assert.match(code, /from "nn"/, `${name} imports the library through the import map`);
    assert.ok(!/from "\.\.?\/lib\//.test(code), `${name} imports lib/ by path`);
    assert.match(code, /checked\(/, `${name} proves its claims in check cells`);
    assert.match(cells.map(text).join("\n"), /Excel/, `${name} shows the Excel side`);
  }
});

Deno.test("the notebooks' links lead where Jupyter finds something: a notebook, the folder, a workbook the notebook writes", async () => {
  for (const path of listNotebooks()) {
    const name = path.split("/").at(-1)!;
    const cells = JSON.parse(await Deno.readTextFile(path)).cells as Cell[];
    const code = cells.filter((c) => c.cell_type === "code").map(text).join("\n");
    const markdown = cells.filter((c) => c.cell_type === "markdown").map(text).join("\n");
    for (const [, target] of markdown.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const ok = target === "./" ||
        (NOTEBOOK_NAME.test(target) &&
          listNotebooks().some((p) => p.endsWith(`/${target}`))) ||
        (/^workbooks\/[^/]+\.xlsx$/.test(target) && code.includes(target)) ||
        // The playground page, built beside the notebooks on the site and by ./nn lab.
        target === "playground/index.html";
      assert.ok(
        ok,
        `${name} links to ${target}: a notebook is linked as NN_topic.ipynb (or NNx_topic.ipynb), the contents as ./, a workbook as the workbooks/ path the notebook saves it to, the playground as playground/index.html`,
      );
    }
  }
});

Deno.test("the README gives the two commands, the pinned Deno version, commands that exist, the licence and the documents it links", async () => {
  const readme = await Deno.readTextFile(`${ROOT}/README.md`);
  const nnScript = await Deno.readTextFile(`${ROOT}/nn`);
  const version = /DENO_VERSION=([\d.]+)/.exec(nnScript)![1];
  assert.ok(readme.includes(`Deno ${version}`), `the README names Deno ${version}`);
  assert.equal(version, Deno.version.deno, "the tests run on the pinned Deno");
  assert.match(readme, /```sh\n\.\/nn book\n\.\/nn test\n```/);
  // Every `./nn WORD` the README shows is a command the script knows.
  const known = [...nnScript.matchAll(/^ {2}([a-z]+)\)(?: |$)/gm)].map((m) => m[1]);
  assert.ok(known.includes("book") && known.includes("test"), `nn's commands: ${known}`);
  for (const [, command] of readme.matchAll(/\.\/nn ([a-z]+)/g)) {
    assert.ok(known.includes(command), `the README shows ./nn ${command}, which nn does not know`);
  }
  for (const [, target] of readme.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    assert.ok(
      await Deno.stat(`${ROOT}/${target}`).then(() => true, () => false),
      `the README links to ${target}, which does not exist`,
    );
  }
  assert.match(readme, /\[MIT License\]\(LICENSE\)/, "the README states the code's licence");
  assert.match(readme, /Creative Commons Attribution 4\.0\]\(LICENSE-text\)/, "and the text's");
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  assert.equal(config.license, "MIT", "deno.json states the licence that LICENSE holds");
  assert.match(await Deno.readTextFile(`${ROOT}/LICENSE`), /^MIT License/);
  const ci = await Deno.readTextFile(`${ROOT}/.ci/run`);
  assert.match(ci, /\.\/nn test\s*$/m, ".ci/run runs the README's test command");
});

Deno.test("the library's page defines the names of the glossary", async () => {
  const library = await Deno.readTextFile(`${ROOT}/docs/library.md`);
  // The names in the first column of its table of names.
  const defined = library.split("\n").filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1].matchAll(/`(\w+)`/g)].map((m) => m[1]));
  for (const name of ["X", "y", "yHat", "W1", "b1", "Z1", "A1", "dW1", "nHidden", "lr", "epochs"]) {
    assert.ok(defined.includes(name), `docs/library.md's table of names defines ${name}`);
  }
});

Deno.test("the documents link to documents and files that exist", async () => {
  for (const entry of Deno.readDirSync(`${ROOT}/docs`)) {
    if (!entry.name.endsWith(".md")) continue;
    const text = await Deno.readTextFile(`${ROOT}/docs/${entry.name}`);
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      assert.ok(
        await Deno.stat(`${ROOT}/docs/${target}`).then(() => true, () => false),
        `docs/${entry.name} links to ${target}, which does not exist`,
      );
    }
  }
});

Deno.test("plain deno test runs the library's tests only, which need no permissions", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const include: string[] = config.test?.include ?? [];
  const exclude: string[] = config.test?.exclude ?? [];
  const covered = (path: string) =>
    include.some((dir) => path.startsWith(dir)) && !exclude.some((dir) => path.startsWith(dir));
  // Deno's default test files: test.ts, *_test.ts, *.test.ts (and the js/tsx/... variants).
  const isTest = (name: string) => /^(.*[._])?test\.[cm]?[jt]sx?$/.test(name);
  const walk = (dir: string): string[] =>
    [...Deno.readDirSync(`${ROOT}/${dir}`)].flatMap((e) =>
      e.isDirectory ? walk(`${dir}${e.name}/`) : isTest(e.name) ? [`${dir}${e.name}`] : []
    );
  const found = ["lib/", "tests/", "tools/", "bench/", "playground/"].flatMap(walk);
  const libraryTests = found.filter((f) => f.startsWith("tests/lib/"));
  assert.ok(libraryTests.length > 10, `found ${libraryTests.length} library test files`);
  assert.deepEqual(libraryTests.filter((f) => !covered(f)), [], "library tests left out");
  const others = found.filter((f) =>
    covered(f) && !f.startsWith("tests/lib/") && !f.startsWith("lib/")
  );
  assert.deepEqual(others, [], "files that plain deno test would run without permissions");
});

Deno.test("plain deno fmt --check passes on a fresh cache, and fmt:notebooks uses deno.json's options", async () => {
  const denoDir = await Deno.makeTempDir({ prefix: "nn-fmt-cache-" });
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--check"],
      cwd: ROOT,
      env: { DENO_DIR: denoDir, NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const { include: _include, exclude: _exclude, ...options } = config.fmt;
  const flags = Object.entries(options).map(([key, value]) =>
    `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}=${value}`
  );
  assert.equal(
    config.tasks["fmt:notebooks"],
    [
      "deno run --allow-read --allow-write --allow-env tools/notebook_tags.ts &&",
      "deno fmt --no-config",
      ...flags,
      "notebooks/",
    ].join(" "),
    "the task that formats the notebooks derives the folding metadata from the tags, then " +
      "passes deno.json's fmt options as flags",
  );
});

Deno.test("a lettered notebook (04b) is a notebook, sorts after its number, and a filter of its number leaves it out", () => {
  const names = ["05_c.ipynb", "04b_b.ipynb", "04_a.ipynb", "4_x.ipynb", "04B_y.ipynb"];
  assert.deepEqual(names.filter((n) => NOTEBOOK_NAME.test(n)).sort(), [
    "04_a.ipynb",
    "04b_b.ipynb",
    "05_c.ipynb",
  ]);
  assert.deepEqual(["04_a.ipynb", "04b_b.ipynb"].map(notebookNumber), ["04", "04b"]);
  const chosen = (f: string) => ["04_a", "04b_b", "05_c"].filter((n) => selects(f, n));
  assert.deepEqual(chosen("04"), ["04_a"]);
  assert.deepEqual(chosen("04b"), ["04b_b"]);
  assert.deepEqual(chosen("0"), ["04_a", "04b_b", "05_c"]);
  assert.deepEqual(chosen("04_"), ["04_a"]);
});

/** A code cell that verifies: it calls checked(, assert(…) or assert.x(…), or assertAllClose(. */
export const CHECKING = /\bchecked\(|\bassert(\.\w+)?\(|\bassertAllClose\(/;

Deno.test("every code cell that checks is folded: tagged check (printing a ✓ line) or answer", async () => {
  const untagged: string[] = [];
  for (const path of listNotebooks()) {
    const name = path.split("/").at(-1)!;
    const cells = JSON.parse(await Deno.readTextFile(path)).cells as Cell[];
    cells.forEach((cell, i) => {
      if (cell.cell_type !== "code") return;
      const tags = cell.metadata?.tags ?? [];
      const where = `${name}, cell ${i + 1} (${JSON.stringify(text(cell).split("\n")[0])})`;
      if (CHECKING.test(text(cell)) && !tags.includes("check") && !tags.includes("answer")) {
        untagged.push(where);
      }
      if (tags.includes("check")) {
        assert.match(text(cell), /\bchecked\(/, `${where} is tagged check but prints no ✓ line`);
      }
    });
  }
  assert.deepEqual(
    untagged,
    [],
    'cells that check, without the tag "check" (or "answer"): tag them, and split a cell that ' +
      "also shows something the reader should see",
  );
});

Deno.test("the notebooks' folding metadata is the one their tags call for, and fmt:notebooks derives it without changing anything else", async () => {
  assert.deepEqual(foldingFor(["check"]), { source_hidden: true });
  assert.deepEqual(foldingFor(["answer"]), { source_hidden: true, outputs_hidden: true });
  assert.deepEqual(foldingFor(["answer", "check"]), { source_hidden: true, outputs_hidden: true });
  assert.equal(foldingFor(["other"]), undefined);
  assert.equal(foldingFor(), undefined);
  for (const path of listNotebooks()) {
    const notebook = JSON.parse(await Deno.readTextFile(path));
    assert.equal(
      deriveFolding(notebook),
      false,
      `${path}'s "jupyter" metadata is not the one its tags call for: run ./nn deno task fmt:notebooks`,
    );
  }
  // A notebook with tags: its metadata taken away (and put on an untagged cell), the tool gives
  // back the committed file byte for byte, and a second run changes nothing.
  const tagged = listNotebooks().find((p) => /"tags": \[/.test(Deno.readTextFileSync(p)));
  assert.ok(tagged, "some notebook has tagged cells");
  const committed = await Deno.readTextFile(tagged);
  const notebook = JSON.parse(committed);
  const cells = notebook.cells as Cell[];
  for (const cell of cells) delete cell.metadata?.jupyter;
  const plain = cells.find((c) => (c.metadata?.tags ?? []).length === 0)!;
  plain.metadata = { ...plain.metadata, jupyter: { source_hidden: true } };
  const dir = await Deno.makeTempDir({ prefix: "nn-tags-" });
  try {
    const copy = `${dir}/${tagged.split("/").at(-1)}`;
    const end = committed.endsWith("\n") ? "\n" : "";
    await Deno.writeTextFile(copy, JSON.stringify(notebook, null, 1) + end);
    assert.notEqual(await Deno.readTextFile(copy), committed);
    assert.deepEqual(await tagNotebooks([copy]), [copy]);
    assert.equal(await Deno.readTextFile(copy), committed);
    assert.deepEqual(await tagNotebooks([copy]), [], "a second run changes nothing");
    assert.equal(await Deno.readTextFile(copy), committed);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
