// Opens the notebooks in Jupyter with the project's own Deno kernelspec
// (book/kernels/deno), so that you can run and change them cell by cell.
import { ROOT, run, SYSTEM_PYTHON } from "./_paths.ts";

if (await run([Deno.execPath(), "install", "--quiet"]) !== 0) {
  console.error("lab: deno install failed: the npm packages in deno.json could not be installed");
  Deno.exit(1);
}
const bin = Deno.execPath().replace(/\/[^/]+$/, "");
// Jupyter refuses to run as root unless told so; containers often run as root.
const asRoot = Deno.uid() === 0 ? ["--allow-root"] : [];
console.log('Starting Jupyter Notebook on notebooks/; the notebooks use the kernel "Deno (nn)".');
const code = await run(
  [SYSTEM_PYTHON, "-m", "notebook", `--notebook-dir=${ROOT}/notebooks`, ...asRoot, ...Deno.args],
  { env: { JUPYTER_PATH: `${ROOT}/book`, PATH: `${bin}:${Deno.env.get("PATH")}` } },
);
Deno.exit(code);
