// Opens the notebooks in Jupyter with the project's own Deno kernelspec
// (book/kernels/deno), so that you can run and change them cell by cell.
import { ROOT, run, SYSTEM_PYTHON } from "./_paths.ts";

if (await run([Deno.execPath(), "install", "--quiet"]) !== 0) {
  console.error("lab: deno install failed: the npm packages in deno.json could not be installed");
  Deno.exit(1);
}
const bin = Deno.execPath().replace(/\/[^/]+$/, "");
console.log(
  'Starting Jupyter Notebook on the notebooks/ folder; pick the kernel "Deno (nn)" if asked.',
);
const code = await run([
  SYSTEM_PYTHON,
  "-m",
  "notebook",
  `--notebook-dir=${ROOT}/notebooks`,
  ...Deno.args,
], {
  env: { JUPYTER_PATH: `${ROOT}/book`, PATH: `${bin}:${Deno.env.get("PATH")}` },
});
Deno.exit(code);
