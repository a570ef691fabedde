// `deno check`, `deno lint` and `deno fmt --check` do not read notebooks
// reliably, so the test task extracts each notebook's code cells into one
// TypeScript module (checked and linted) and formats a copy of each notebook
// to compare it with the original.
import { listNotebooks, ROOT } from "./_paths.ts";

export const NBCODE = `${ROOT}/.cache/nbcode`;
export const NBFMT = `${ROOT}/.cache/nbfmt`;

interface Notebook {
  cells: { cell_type: string; source: string | string[] }[];
}

function source(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Writes .cache/nbcode/NN_topic.ts for every notebook; returns their paths. */
export async function extractNotebookCode(): Promise<string[]> {
  await Deno.remove(NBCODE, { recursive: true }).catch(() => {});
  await Deno.mkdir(NBCODE, { recursive: true });
  const out: string[] = [];
  for (const path of listNotebooks()) {
    const nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
    const name = path.split("/").at(-1)!.replace(/\.ipynb$/, "");
    const parts = [
      `// Code cells of notebooks/${name}.ipynb, extracted for deno check and deno lint.\n`,
    ];
    nb.cells.forEach((cell, i) => {
      if (cell.cell_type === "code") {
        parts.push(`// --- cell ${i + 1} ---\n${source(cell).trimEnd()}\n`);
      }
    });
    // Every extracted notebook is a module, so top-level names do not collide across notebooks.
    parts.push("export {};\n");
    const file = `${NBCODE}/${name}.ts`;
    await Deno.writeTextFile(file, parts.join("\n"));
    out.push(file);
  }
  return out;
}

/** Formats a copy of every notebook; returns the names of notebooks that `deno fmt` would change. */
export async function unformattedNotebooks(deno: string): Promise<string[]> {
  await Deno.remove(NBFMT, { recursive: true }).catch(() => {});
  await Deno.mkdir(NBFMT, { recursive: true });
  const notebooks = listNotebooks();
  for (const path of notebooks) await Deno.copyFile(path, `${NBFMT}/${path.split("/").at(-1)}`);
  const { code, stderr } = await new Deno.Command(deno, {
    args: ["fmt", "--quiet", NBFMT],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno fmt failed on the notebooks: ${new TextDecoder().decode(stderr)}`);
  }
  const changed: string[] = [];
  for (const path of notebooks) {
    const name = path.split("/").at(-1)!;
    if (await Deno.readTextFile(path) !== await Deno.readTextFile(`${NBFMT}/${name}`)) {
      changed.push(name);
    }
  }
  return changed;
}
