/**
 * Files a notebook makes for its readers (a workbook, say): written into the
 * reading site when the site is being built, beside the notebook otherwise.
 *
 * @module
 */
import { describe } from "../core/_internal.ts";

/**
 * Options for {@link saveArtifact}.
 *
 * @example
 * ```ts
 * import type { ArtifactOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: ArtifactOptions = { dir: "/tmp" };
 * assert.equal(options.dir, "/tmp");
 * ```
 */
export interface ArtifactOptions {
  /**
   * The folder the path is relative to. Default: the site being built (the
   * environment variable `NN_SITE_DIR`, which the build sets), else the
   * current folder, which in Jupyter is the notebook's own, so that a link
   * to the same relative path works in the notebook and on the site.
   */
  dir?: string;
}

/**
 * Writes `bytes` to `path` (relative, such as `workbooks/04_xor.xlsx`),
 * creating its folder, and returns where it went. The caller needs write
 * permission, and env permission to read `NN_SITE_DIR`.
 *
 * @example
 * ```ts
 * import { saveArtifact } from "nn";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const file = await saveArtifact("workbooks/hello.txt", new TextEncoder().encode("hi"), { dir });
 * assert.equal(await Deno.readTextFile(file), "hi");
 * ```
 */
export async function saveArtifact(
  path: string,
  bytes: Uint8Array,
  options: ArtifactOptions = {},
): Promise<string> {
  if (
    typeof path !== "string" || path === "" || path.startsWith("/") ||
    path.split("/").includes("..")
  ) {
    throw new RangeError(
      `saveArtifact needs a relative path inside the site, such as "workbooks/x.xlsx", got ${
        describe(path)
      }`,
    );
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `saveArtifact needs the file's bytes as a Uint8Array, got ${describe(bytes)}`,
    );
  }
  const dir = options.dir ?? Deno.env.get("NN_SITE_DIR") ?? ".";
  const file = `${dir.replace(/\/$/, "")}/${path}`;
  await Deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
  await Deno.writeFile(file, bytes);
  return file;
}
