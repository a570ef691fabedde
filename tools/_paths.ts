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

/** The notebooks in reading order: notebooks/NN_topic.ipynb. */
export function listNotebooks(): string[] {
  return [...Deno.readDirSync(NOTEBOOKS)]
    .map((e) => e.name)
    .filter((n) => /^\d\d_[a-z0-9_]+\.ipynb$/.test(n))
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
