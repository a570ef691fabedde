// The project's Jupyter kernelspec, "nn-deno": Deno's kernel behind tools/kernel/proxy.py.
// It has a name of its own, so that a Jupyter that also has the "deno" kernelspec that
// `deno jupyter --install` writes runs the notebooks with this one.
import { ROOT, SYSTEM_PYTHON } from "../_paths.ts";

/** The name notebooks' metadata.kernelspec.name gives. */
export const KERNEL_NAME = "nn-deno";
export const KERNEL_DISPLAY_NAME = "Deno (nn course)";
export const PROXY = `${ROOT}/tools/kernel/proxy.py`;
/** What the build, `./nn lab` and the tests give Jupyter as JUPYTER_PATH. */
export const JUPYTER_DATA = `${ROOT}/.cache/jupyter`;

/** kernel.json's content, starting `deno` (a command on PATH, or an absolute path). */
export function kernelspec(deno = "deno"): Record<string, unknown> {
  return {
    argv: [SYSTEM_PYTHON, PROXY, "{connection_file}", deno, "jupyter", "--kernel", "--conn"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    // The proxy receives interrupt_request and decides how to stop the cell (see proxy.py).
    interrupt_mode: "message",
    env: { NO_COLOR: "1" },
  };
}

/** Writes the kernelspec folder `dir`: its kernel.json. */
export async function writeKernelspec(dir: string, deno = "deno"): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  // Written under another name and renamed: a build and a test may write it at the same time.
  const temporary = `${dir}/kernel.json.${crypto.randomUUID()}`;
  await Deno.writeTextFile(temporary, JSON.stringify(kernelspec(deno), null, 2) + "\n");
  await Deno.rename(temporary, `${dir}/kernel.json`);
}

/** Writes JUPYTER_DATA/kernels/nn-deno and returns JUPYTER_DATA, for JUPYTER_PATH. */
export async function projectJupyterPath(): Promise<string> {
  await writeKernelspec(`${JUPYTER_DATA}/kernels/${KERNEL_NAME}`);
  return JUPYTER_DATA;
}
