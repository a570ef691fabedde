// What the build and test tools install or require: the npm packages of deno.json, and Debian's
// Jupyter packages, with one sentence naming what to install when they are missing.
import { ROOT, SYSTEM_PYTHON } from "./_paths.ts";

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
