// Derives each notebook cell's standard folding metadata from its tags, so that the tags are the
// one source: a cell tagged "check" (it verifies, and prints a ✓ line) gets
// "jupyter": {"source_hidden": true}, its code folded and its output shown; a cell tagged "answer"
// (part of an exercise's answer) gets {"source_hidden": true, "outputs_hidden": true}, all of it
// folded; any other cell loses "jupyter". The reading site and book/jupyter/custom.js fold by them.
// Run by `deno task fmt:notebooks` before `deno fmt`, which formats the code cells.
//
//   deno run --allow-read --allow-write tools/notebook_tags.ts [notebook.ipynb ...]
import { listNotebooks } from "./_paths.ts";

interface Cell {
  cell_type: string;
  metadata: { tags?: string[]; jupyter?: Record<string, boolean>; [key: string]: unknown };
}

/** The folding metadata a cell's tags call for, or undefined for none. */
export function foldingFor(tags: readonly string[] = []): Record<string, boolean> | undefined {
  if (tags.includes("answer")) return { source_hidden: true, outputs_hidden: true };
  if (tags.includes("check")) return { source_hidden: true };
  return undefined;
}

/** Sets every cell's "jupyter" metadata from its tags; returns whether anything changed. */
export function deriveFolding(notebook: { cells: Cell[] }): boolean {
  let changed = false;
  for (const cell of notebook.cells) {
    const want = foldingFor(cell.metadata.tags);
    const have = cell.metadata.jupyter;
    if (JSON.stringify(want) === JSON.stringify(have)) continue;
    if (want === undefined) delete cell.metadata.jupyter;
    else cell.metadata.jupyter = want;
    changed = true;
  }
  return changed;
}

/** Rewrites the notebooks whose folding metadata is not yet the one their tags call for. */
export async function tagNotebooks(paths: string[] = listNotebooks()): Promise<string[]> {
  const changed: string[] = [];
  for (const path of paths) {
    const text = await Deno.readTextFile(path);
    const notebook = JSON.parse(text);
    if (!Array.isArray(notebook.cells)) throw new Error(`${path} has no cells: not a notebook?`);
    if (deriveFolding(notebook)) {
      // One space of indent, as Jupyter writes, and the file's own ending.
      const end = text.endsWith("\n") ? "\n" : "";
      await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1) + end);
      changed.push(path);
    }
  }
  return changed;
}

if (import.meta.main) {
  const changed = await tagNotebooks(Deno.args.length > 0 ? Deno.args : undefined);
  for (const path of changed) console.log(`folding metadata set from the tags in ${path}`);
}
