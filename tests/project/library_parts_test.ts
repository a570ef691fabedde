// The library's parts depend only on what they should: the core on nothing at
// all (no npm package, no remote module, no Deno API), so that it runs in a
// browser, which is proven by training XOR in headless Chromium; the fast
// path on the core alone. Every part's entry exports its modules, and "nn"
// exports every part.
import assert from "node:assert/strict";
import * as nn from "nn";
import { ROOT } from "../../tools/_paths.ts";
import { bundleForBrowser } from "../../tools/_bundle.ts";
import { launchChromium } from "./_chromium.ts";

const PARTS = ["core", "fast", "excel", "notebook"] as const;

async function modulesOf(entry: string): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, `deno info ${entry} failed: ${new TextDecoder().decode(stderr)}`);
  // Every module the entry's import graph reaches, npm packages ("npm:/…") included.
  const info = JSON.parse(new TextDecoder().decode(stdout)) as { modules: { specifier: string }[] };
  return info.modules.map((m) => m.specifier);
}

/** Source without comments (where the doc examples live) and without string contents. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
}

Deno.test("the core imports nothing outside lib/core: no npm package, no remote module, no Deno API", async () => {
  const modules = await modulesOf("lib/core/mod.ts");
  const outside = modules.filter((m) => !m.startsWith(`file://${ROOT}/lib/core/`));
  assert.deepEqual(outside, [], `the core reaches outside itself: ${outside.join(", ")}`);
  assert.ok(modules.length >= 10, `deno info listed ${modules.length} modules`);
  for (const m of modules) {
    const code = codeOnly(await Deno.readTextFile(new URL(m)));
    assert.ok(!/\bDeno\s*\./.test(code), `${m} uses a Deno API`);
    assert.ok(!/\bimport\s*\(/.test(code), `${m} imports something at run time`);
  }
});

Deno.test("the checks above catch a part that reaches outside", async () => {
  // The same checks, on code that breaks the rule, must fail.
  assert.ok(/\bDeno\s*\./.test(codeOnly("const x = Deno.env.get('A');")));
  assert.ok(!/\bDeno\s*\./.test(codeOnly("// Deno.env\nconst s = 'Deno.x';")));
  const notebook = await modulesOf("lib/notebook/mod.ts");
  assert.ok(notebook.some((m) => m.startsWith("npm:")), "deno info lists npm packages as npm:/…");
});

Deno.test("the fast path imports only itself and the core", async () => {
  const modules = await modulesOf("lib/fast/mod.ts");
  const outside = modules.filter((m) =>
    !m.startsWith(`file://${ROOT}/lib/fast/`) && !m.startsWith(`file://${ROOT}/lib/core/`)
  );
  assert.deepEqual(outside, []);
});

Deno.test("each part's entry exports its public modules, and nn exports every part", async () => {
  for (const part of PARTS) {
    const entry = await import(`${ROOT}/lib/${part}/mod.ts`);
    const files = [...Deno.readDirSync(`${ROOT}/lib/${part}`)].map((e) => e.name)
      .filter((n) => n.endsWith(".ts") && !n.startsWith("_") && n !== "mod.ts");
    assert.ok(files.length >= 2, `lib/${part} has ${files.length} public modules`);
    for (const file of files) {
      const mod = await import(`${ROOT}/lib/${part}/${file}`);
      for (const name of Object.keys(mod)) {
        assert.ok(
          name in entry,
          `lib/${part}/${file} exports ${name}, but lib/${part}/mod.ts does not`,
        );
      }
    }
    for (const name of Object.keys(entry)) {
      assert.ok(name in nn, `lib/${part}/mod.ts exports ${name}, but "nn" (lib/mod.ts) does not`);
    }
  }
  const top = [...Deno.readDirSync(`${ROOT}/lib`)].filter((e) => e.isFile).map((e) => e.name);
  assert.deepEqual(top, ["mod.ts"], "lib/ holds the parts' folders and mod.ts, nothing else");
});

Deno.test("the core, bundled as it is, trains XOR in headless Chromium opened from disk", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-core-page-" });
  try {
    await bundleForBrowser("tests/project/fixtures/core_in_a_page.ts", `${dir}/core.js`);
    await Deno.writeTextFile(
      `${dir}/index.html`,
      '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="core.js"></script></head>' +
        "<body>core</body></html>",
    );
    const browser = await launchChromium();
    try {
      const { probe, errors, requests } = await browser.open(
        `file://${dir}/index.html`,
        "JSON.stringify(globalThis.xorResult ?? null)",
      );
      assert.deepEqual(errors, [], "the page threw");
      assert.ok(requests.every((r) => r.startsWith("file://")), `requests: ${requests}`);
      const result = JSON.parse(probe as string);
      assert.ok(result, "the page's script did not run");
      assert.equal(
        result.backend,
        "reference",
        "a page with only the core trains on the reference",
      );
      assert.deepEqual(result.predictions.map((v: number) => (v > 0.5 ? 1 : 0)), [0, 1, 1, 0]);
      assert.ok(result.last < 1e-3 && result.first > 0.1, `loss ${result.first} → ${result.last}`);
      // The same numbers as Deno computes: the browser runs the very same code.
      const here = nn.fit(nn.mlp([2, 4, 1], { seed: 3 }), nn.xor().X, nn.xor().y, {
        lr: 0.1,
        epochs: 2000,
        backend: "reference",
      });
      assert.equal(result.last, here.losses.at(-1));
    } finally {
      await browser.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the other parts reach the core's internals through lib/core/_internal.ts only", async () => {
  const reaching = (source: string) =>
    [...source.matchAll(/from "((?:\.\.\/)+(?:lib\/)?core\/(_[a-z_]+\.ts))"/g)]
      .map((m) => m[2]).filter((f) => f !== "_internal.ts");
  // The check itself, on a line that breaks the rule and one that keeps it.
  assert.deepEqual(reaching('import { x } from "../core/_validate.ts";'), ["_validate.ts"]);
  assert.deepEqual(reaching('import { x } from "../core/_internal.ts";'), []);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(`${ROOT}/${dir}`)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (e.name.endsWith(".ts")) files.push(path);
    }
  };
  for (const dir of ["lib/fast", "lib/excel", "lib/notebook", "playground", "tools", "bench"]) {
    walk(dir);
  }
  const offenders: string[] = [];
  for (const file of files) {
    const found = reaching(await Deno.readTextFile(`${ROOT}/${file}`));
    if (found.length > 0) offenders.push(`${file}: ${found.join(", ")}`);
  }
  assert.deepEqual(offenders, [], "files that reach into the core's private files");
});

Deno.test("the playground imports the library through its entries only, and no exceljs", async () => {
  const entries = new Set([
    "core/mod.ts",
    "fast/mod.ts",
    "excel/planning.ts",
    "notebook/mod.ts",
  ]);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(`${ROOT}/${dir}`)) {
      if (e.isDirectory) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith(".ts")) files.push(`${dir}/${e.name}`);
    }
  };
  walk("playground");
  const past: string[] = [];
  for (const file of files) {
    const source = await Deno.readTextFile(`${ROOT}/${file}`);
    for (const [, target] of source.matchAll(/from "(?:\.\.\/)+lib\/([a-z]+\/[a-z_]+\.ts)"/g)) {
      // The workbook writer is the one page script allowed nn/excel itself (it bundles exceljs).
      if (
        !entries.has(target) && !(file === "playground/workbook.ts" && target === "excel/mod.ts")
      ) {
        past.push(`${file}: lib/${target}`);
      }
    }
  }
  assert.deepEqual(past, [], "playground files that import the library past its entries");
  // And the planning entry itself needs no package.
  const modules = await modulesOf("lib/excel/planning.ts");
  assert.deepEqual(modules.filter((m) => m.startsWith("npm:")), []);
});
