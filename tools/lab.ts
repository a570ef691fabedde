// Opens the notebooks in Jupyter Notebook 6 (classic Notebook: Debian 12 packages no JupyterLab)
// with the project's Deno kernel (tools/kernel), on lab/, a git-ignored copy of notebooks/, so that you
// can change, run and save them without touching the repository.
//
//   deno task lab [--reset] [Jupyter Notebook options, e.g. --port=9000]
//
// lab/ is made on the first start; a notebook added to notebooks/ later is
// copied in, and nothing in lab/ is ever overwritten, except by --reset, which
// deletes lab/ and copies the notebooks afresh. NN_LAB_DIR names another
// folder (inside the project, so that the kernel finds deno.json).
import { listNotebooks, pathWithDeno, ROOT, SYSTEM_PYTHON, VEGA_BUNDLES } from "./_paths.ts";
import { installNpmPackages, requireNotebookServer } from "./_install.ts";
import { buildPlayground } from "./_playground.ts";
import { KERNEL_NAME, projectJupyterPath } from "./kernel/spec.ts";

const LAB = Deno.env.get("NN_LAB_DIR") ?? `${ROOT}/lab`;
// Jupyter writes into its config folder, so it is made afresh in .cache, not kept in book/.
const CONFIG = `${ROOT}/.cache/lab/config`;

function fail(message: string): never {
  console.error(`lab: ${message}`);
  Deno.exit(1);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Makes LAB a copy of notebooks/, adding only what it lacks; returns the names copied. */
async function prepareLab(reset: boolean): Promise<string[]> {
  if (reset) await Deno.remove(LAB, { recursive: true }).catch(() => {});
  await Deno.mkdir(LAB, { recursive: true });
  const copied: string[] = [];
  for (const path of listNotebooks()) {
    const name = path.split("/").at(-1)!;
    if (!await exists(`${LAB}/${name}`)) {
      await Deno.copyFile(path, `${LAB}/${name}`);
      copied.push(name);
    }
  }
  return copied;
}

/**
 * Jupyter Notebook's custom.js, which draws Vega-Lite charts live, the bundles it loads, and
 * custom.css, which shows the exercises' hints as things to click.
 */
async function prepareConfig(): Promise<void> {
  await Deno.mkdir(`${CONFIG}/custom`, { recursive: true });
  for (const file of ["custom.js", "custom.css"]) {
    await Deno.copyFile(`${ROOT}/book/jupyter/${file}`, `${CONFIG}/custom/${file}`);
  }
  for (const bundle of VEGA_BUNDLES) {
    await Deno.copyFile(bundle, `${CONFIG}/custom/${bundle.split("/").at(-1)}`);
  }
}

/** The server's address, from the file it writes once it listens (null if it exits first). */
async function serverUrl(runtime: string, child: Deno.ChildProcess): Promise<string | null> {
  let exited = false;
  child.status.then(() => (exited = true));
  while (!exited) {
    try {
      return JSON.parse(await Deno.readTextFile(`${runtime}/nbserver-${child.pid}.json`)).url;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return null;
}

// The playground page, built afresh at every start. Jupyter serves a page in the notebooks' folder
// sandboxed, where its scripts cannot load, so it is served from here, as an "nbextension".
const EXTENSIONS = `${ROOT}/.cache/lab/nbextensions`;

/**
 * Builds the playground into EXTENSIONS, and in LAB/playground/ a page that forwards there, keeping
 * the address's configuration: the notebooks' links to the playground work in Jupyter as on the site.
 */
async function preparePlayground(): Promise<void> {
  await Deno.remove(`${EXTENSIONS}/playground`, { recursive: true }).catch(() => {});
  await buildPlayground(EXTENSIONS);
  const page = `${EXTENSIONS}/playground/index.html`;
  const html = await Deno.readTextFile(page);
  // Both pages sit two folders below Jupyter's notebook list (files/playground/, nbextensions/playground/).
  const back = 'href="../index.html">← the course';
  if (!html.includes(back)) fail(`the playground's link back to the course is not ${back}`);
  await Deno.writeTextFile(page, html.replace(back, 'href="../../tree">← the notebooks'));
  const digitsPage = `${EXTENSIONS}/playground/digits.html`;
  const digits = await Deno.readTextFile(digitsPage);
  const digitsBack = 'href="../index.html">the course';
  if (!digits.includes(digitsBack)) {
    fail(`the digits page's link back to the course is not ${digitsBack}`);
  }
  await Deno.writeTextFile(
    digitsPage,
    digits.replace(digitsBack, 'href="../../tree">the notebooks'),
  );
  await Deno.mkdir(`${LAB}/playground`, { recursive: true });
  await Deno.writeTextFile(
    `${LAB}/playground/index.html`,
    `<!doctype html>
<meta charset="utf-8">
<title>Playground</title>
<script>location.replace("../../nbextensions/playground/index.html" + location.hash);</script>
<p>The playground is at <a href="../../nbextensions/playground/index.html">nbextensions/playground/</a>.</p>
`,
  );
}

const reset = Deno.args.includes("--reset");
const jupyterArgs = Deno.args.filter((a) => a !== "--reset");

try {
  // npm packages the notebooks import must be in node_modules before a kernel starts.
  await installNpmPackages();
  await requireNotebookServer();
} catch (e) {
  fail((e as Error).message);
}

const copied = await prepareLab(reset);
await Promise.all([prepareConfig(), preparePlayground()]);
const runtime = await Deno.makeTempDir({ prefix: "nn-lab-" });
// A token of our own: Jupyter then prints no banner, and we print the one address to open.
const token = [...crypto.getRandomValues(new Uint8Array(24))]
  .map((b) => b.toString(16).padStart(2, "0")).join("");
const canOpenBrowser = Deno.build.os === "darwin" || Deno.env.has("DISPLAY") ||
  Deno.env.has("WAYLAND_DISPLAY");
const child = new Deno.Command(SYSTEM_PYTHON, {
  args: [
    "-m",
    "notebook",
    `--notebook-dir=${LAB}`,
    "--NotebookApp.log_level=ERROR",
    // Only the project's kernel: listing Debian's Python kernel would also print a debugger warning.
    `--KernelSpecManager.allowed_kernelspecs=${KERNEL_NAME}`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
    `--NotebookApp.extra_nbextensions_path=${EXTENSIONS}`,
    // MathJax's CommonHTML output: HTML-CSS, the default, took seconds to typeset an executed
    // notebook's maths (see book/jupyter/custom.js). Jupyter refuses the option twice, so yours wins.
    ...(jupyterArgs.some((a) => a.startsWith("--NotebookApp.mathjax_config"))
      ? []
      : ["--NotebookApp.mathjax_config=TeX-AMS_CHTML-full,Safe"]),
    ...(canOpenBrowser ? [] : ["--no-browser"]),
    // Jupyter refuses to run as root unless told so; containers often run as root.
    ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ...jupyterArgs,
  ],
  cwd: ROOT,
  env: {
    JUPYTER_PATH: await projectJupyterPath(),
    JUPYTER_CONFIG_DIR: CONFIG,
    JUPYTER_RUNTIME_DIR: runtime,
    JUPYTER_TOKEN: token,
    PATH: pathWithDeno(),
  },
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
// Ctrl-C reaches Jupyter too, which asks whether to stop; a SIGTERM is passed on.
Deno.addSignalListener("SIGINT", () => {});
Deno.addSignalListener("SIGTERM", () => child.kill("SIGTERM"));

const where = LAB.startsWith(`${ROOT}/`) ? LAB.slice(ROOT.length + 1) : LAB;
const url = await serverUrl(runtime, child);
if (url) {
  if (copied.length > 0) {
    console.log(
      `Copied ${copied.length} notebook${copied.length === 1 ? "" : "s"} into ${where}/.`,
    );
  }
  console.log(
    `Jupyter Notebook 6 (the classic Notebook) runs the notebooks in ${where}/, yours to change ` +
      `('./nn lab --reset' copies them afresh). Open:\n  ${url}tree?token=${token}`,
  );
}
const { code } = await child.status;
await Deno.remove(runtime, { recursive: true }).catch(() => {});
Deno.exit(code);
