// The project's shape: every export documented with an example, notebooks
// committed clean and complete, and a README whose commands and glossary
// match the project. (The library's parts are checked in layers_test.ts.)
import assert from "node:assert/strict";
import { listNotebooks, ROOT } from "../../tools/_paths.ts";

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
};
const text = (c: Cell) => Array.isArray(c.source) ? c.source.join("") : c.source;

Deno.test("notebooks are numbered, committed without outputs, and follow the suite's shape", async () => {
  const paths = listNotebooks();
  assert.ok(paths.length >= 4);
  paths.forEach((p, i) =>
    assert.ok(p.endsWith(`/${String(i + 1).padStart(2, "0")}_${p.split("_").slice(1).join("_")}`))
  );
  for (const path of paths) {
    const name = path.split("/").at(-1)!;
    const nb = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(
      [nb.metadata.kernelspec.name, nb.metadata.kernelspec.display_name],
      ["nn-deno", "Deno (nn course)"],
      `${name} uses the project's kernelspec, not the stock "deno"`,
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
        `notebooks/${name}' and then './nn deno fmt ` +
        `notebooks'. ('./nn lab' runs a copy in lab/ and leaves notebooks/ alone.)`,
    );
    const first = text(cells[0]), last = text(cells.at(-1)!);
    assert.match(first, /^# \d\d · /, `${name} opens with its title`);
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
        (/^\d\d_[a-z0-9_]+\.ipynb$/.test(target) &&
          listNotebooks().some((p) => p.endsWith(`/${target}`))) ||
        (/^workbooks\/[^/]+\.xlsx$/.test(target) && code.includes(target)) ||
        // The playground page, built beside the notebooks on the site and by ./nn lab.
        target === "playground/index.html";
      assert.ok(
        ok,
        `${name} links to ${target}: a notebook is linked as NN_topic.ipynb, the contents as ./, a workbook as the workbooks/ path the notebook saves it to, the playground as playground/index.html`,
      );
    }
  }
});

Deno.test("the README gives the two commands, the pinned Deno version and the glossary", async () => {
  const readme = await Deno.readTextFile(`${ROOT}/README.md`);
  const nnScript = await Deno.readTextFile(`${ROOT}/nn`);
  const version = /DENO_VERSION=([\d.]+)/.exec(nnScript)![1];
  assert.ok(readme.includes(`Deno ${version}`), `the README names Deno ${version}`);
  assert.equal(version, Deno.version.deno, "the tests run on the pinned Deno");
  assert.match(readme, /```sh\n\.\/nn book\n\.\/nn test\n```/);
  for (const name of ["X", "y", "yHat", "W1", "b1", "Z1", "A1", "dW1", "nHidden", "lr", "epochs"]) {
    assert.ok(readme.includes(`\`${name}\``), `the glossary defines ${name}`);
  }
  const ci = await Deno.readTextFile(`${ROOT}/.ci/run`);
  assert.match(ci, /\.\/nn test\s*$/m, ".ci/run runs the README's test command");
});
