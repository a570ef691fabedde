// Where things are, for the build and test tools.
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

/** Installs the npm packages of deno.json into node_modules, which the kernel imports from. */
export async function installNpmPackages(): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(
      `deno install failed, so the npm packages in deno.json are missing: ${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
}

/** Fails with one sentence naming the Debian packages to install when Python modules are missing. */
async function requirePython(modules: string[], what: string, packages: string[]): Promise<void> {
  const probe = await new Deno.Command(SYSTEM_PYTHON, {
    args: ["-c", `import ${modules.join(", ")}`],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => ({ code: 1 }));
  if (probe.code !== 0) {
    throw new Error(
      `${what} is missing: install it with 'apt-get install --no-install-recommends ` +
        `${packages.join(" ")}' (or run ./nn, which does)`,
    );
  }
}

/** Debian's Jupyter packages that run and export notebooks. */
export const requireJupyter = () =>
  requirePython(["nbclient", "nbconvert", "nbformat", "jupyter_client"], "Jupyter", [
    "jupyter-nbconvert",
    "jupyter-client",
    "python3-nbclient",
    "python3-nbformat",
  ]);

/** Debian's Jupyter Notebook server, which ./nn lab starts. */
export const requireNotebookServer = () =>
  requirePython(["notebook"], "Jupyter Notebook", ["jupyter-notebook"]);
