// Where things are, for the build and test tools, and how to run a command from the root.
// (What installs or requires software is in _install.ts.)
export const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const NOTEBOOKS = `${ROOT}/notebooks`;
export const SITE = `${ROOT}/site`;
export const SYSTEM_PYTHON = "/usr/bin/python3";
/** The browser bundles that draw a Vega-Lite chart live: on the site, and in Jupyter Notebook. */
export const VEGA_BUNDLES = [
  "vega/build/vega.min.js",
  "vega-lite/build/vega-lite.min.js",
  "vega-embed/build/vega-embed.min.js",
].map((path) => `${ROOT}/node_modules/${path}`);

/**
 * A notebook's file name: two digits, an optional lowercase letter, `_topic`. A lettered notebook
 * (04b) reads after the one with its number (04) and before the next (05): "_" sorts before "a".
 */
export const NOTEBOOK_NAME = /^\d\d[a-z]?_[a-z0-9_]+\.ipynb$/;

/** A notebook's number: its file name up to the first "_", "04" or "04b". */
export function notebookNumber(path: string): string {
  return path.split("/").at(-1)!.split("_")[0];
}

/**
 * Whether a filter of `./nn book` or `./nn pdf` selects the notebook or page `name`: a two-digit
 * filter selects exactly that number ("04": 04, not 04b); any other filter selects the names that
 * start with it ("04b", "0", "04_two").
 */
export function selects(filter: string, name: string): boolean {
  return /^\d\d$/.test(filter) ? notebookNumber(name) === filter : name.startsWith(filter);
}

/** The notebooks in reading order: notebooks/NN_topic.ipynb (and NNx_topic.ipynb after NN). */
export function listNotebooks(): string[] {
  return [...Deno.readDirSync(NOTEBOOKS)]
    .map((e) => e.name)
    .filter((n) => NOTEBOOK_NAME.test(n))
    .sort()
    .map((n) => `${NOTEBOOKS}/${n}`);
}

/** Runs a command, inheriting output; returns its exit code. */
export async function run(cmd: string[], options: Deno.CommandOptions = {}): Promise<number> {
  const { code } = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdout: "inherit",
    stderr: "inherit",
    cwd: ROOT,
    ...options,
  }).output();
  return code;
}

/** PATH with the running Deno first, so that the kernelspec's `deno` is this one. */
export function pathWithDeno(): string {
  return `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH")}`;
}
