// `./nn kernel`: installs the project's kernelspec, nn-deno, into your own Jupyter
// (`jupyter kernelspec install --user`), so that Jupyter, JupyterLab or VS Code that you start
// yourself runs the notebooks with this checkout's proxy and Deno. Prints one line: what went where.
import { SYSTEM_PYTHON } from "../_paths.ts";
import { requireJupyter } from "../_install.ts";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, PROXY, writeKernelspec } from "./spec.ts";

function fail(message: string): never {
  console.error(`kernel: ${message}`);
  Deno.exit(1);
}

if (Deno.args.length > 0) fail(`takes no arguments, got ${Deno.args.join(" ")}`);
try {
  await requireJupyter();
} catch (e) {
  fail((e as Error).message);
}
// The Deno that runs this, by its absolute path: a Jupyter started elsewhere has another PATH.
const deno = Deno.execPath();
const folder = await Deno.makeTempDir({ prefix: "nn-kernelspec-" });
try {
  await writeKernelspec(`${folder}/${KERNEL_NAME}`, deno);
  const { code, stdout, stderr } = await new Deno.Command(SYSTEM_PYTHON, {
    args: [
      "-m",
      "jupyter_client.kernelspecapp",
      "install",
      "--user",
      "--replace",
      `--name=${KERNEL_NAME}`,
      `${folder}/${KERNEL_NAME}`,
    ],
    // Jupyter's own noise (a debugger warning) stays out of the one line this prints.
    env: { PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const said = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  const where = said.match(/Installed kernelspec \S+ in (\S+)/)?.[1];
  if (code !== 0 || !where) fail(`jupyter kernelspec install failed: ${said.trim()}`);
  console.log(
    `Installed the kernel "${KERNEL_DISPLAY_NAME}" (${KERNEL_NAME}) in ${where}, running ${PROXY} and ${deno}`,
  );
} finally {
  await Deno.remove(folder, { recursive: true });
}
