// Where things are, for the build and test tools.
export const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const NOTEBOOKS = `${ROOT}/notebooks`;
export const SITE = `${ROOT}/site`;
export const SYSTEM_PYTHON = "/usr/bin/python3";

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

/** Fails with one sentence when Debian's Jupyter packages are missing. */
export async function requireJupyter(): Promise<void> {
  const probe = await new Deno.Command(SYSTEM_PYTHON, {
    args: ["-c", "import nbclient, nbconvert, nbformat, jupyter_client"],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => ({ code: 1 }));
  if (probe.code !== 0) {
    throw new Error(
      "Jupyter is missing: install it with 'apt-get install --no-install-recommends jupyter-nbconvert " +
        "jupyter-client python3-nbclient python3-nbformat' (or run ./nn, which does)",
    );
  }
}
