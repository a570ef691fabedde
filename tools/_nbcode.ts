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

/**
 * The arguments of deno.json's `fmt:notebooks` task, which formats the notebooks, with `dir` in
 * place of `notebooks/`. Plain `deno fmt` skips notebooks/ (deno.json excludes it): Deno 2.9's
 * `deno fmt --check` reports a notebook it has not cached yet as unformatted, with an empty diff,
 * when a cell's source does not end with a newline (Jupyter saves every cell that way), although
 * `deno fmt` leaves the file unchanged. So the task formats the notebooks, with the project's options as
 * flags, and the test task checks them by formatting a copy the same way.
 */
export async function notebookFmtArgs(dir: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const task: string = config.tasks?.["fmt:notebooks"] ?? "";
  // The task may first run the folding-tag tool ("… && deno fmt …"): its fmt command comes last.
  const words = (task.split("&&").at(-1) ?? "").trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "fmt" || words.at(-1) !== "notebooks/") {
    throw new Error(
      `deno.json's task fmt:notebooks is ${
        JSON.stringify(task)
      }: expected it to end with "deno fmt [flags] notebooks/"`,
    );
  }
  return [...words.slice(1, -1), dir];
}

/** Formats a copy of every notebook; returns the names of notebooks that `deno fmt` would change. */
export async function unformattedNotebooks(deno: string): Promise<string[]> {
  await Deno.remove(NBFMT, { recursive: true }).catch(() => {});
  await Deno.mkdir(NBFMT, { recursive: true });
  const notebooks = listNotebooks();
  for (const path of notebooks) await Deno.copyFile(path, `${NBFMT}/${path.split("/").at(-1)}`);
  const { code, stderr } = await new Deno.Command(deno, {
    args: [...await notebookFmtArgs(NBFMT), "--quiet"],
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
