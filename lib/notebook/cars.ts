/**
 * The cars table from disk: `cars.json` of the npm package `vega-datasets`
 * (pinned in deno.json, installed into node_modules by `deno install`), read
 * with `Deno.readTextFile` and parsed by the core's {@link parseCars}, which
 * checks it. Nothing is downloaded (the package's own loader would fetch the
 * file from the web).
 *
 * @module
 */
import { type Car, parseCars } from "../core/mod.ts";
import { checkOptions, describe } from "../core/_internal.ts";
import { fileUrl, pathOf, readOrExplain } from "./_files.ts";

/** Where `deno install` puts the file: node_modules/vega-datasets/data beside deno.json. */
const PACKAGE_FILE = new URL("../../node_modules/vega-datasets/data/cars.json", import.meta.url);

/**
 * Reads the cars table from `file` (default: this project's
 * node_modules/vega-datasets/data/cars.json), one {@link Car} per row, a
 * missing measurement as null. A missing file is an error that says how to
 * install it; a damaged one, what is wrong with it. Needs read permission.
 *
 * @example
 * ```ts
 * import { loadCars } from "nn";
 * import assert from "node:assert/strict";
 *
 * const cars = await loadCars();
 * assert.equal(cars.length, 406);
 * assert.equal(cars.filter((c) => c.horsepower === null).length, 6);
 * await assert.rejects(() => loadCars({ file: "/nonexistent/cars.json" }), /no file/);
 * ```
 */
export async function loadCars(options: { file?: string | URL } = {}): Promise<Car[]> {
  checkOptions(options, ["file"], "loadCars", '{ file: "data/cars.json" }');
  const file = options.file ?? PACKAGE_FILE;
  if (typeof file !== "string" && !(file instanceof URL)) {
    throw new TypeError(`loadCars's file must be a path or a URL, got ${describe(file)}`);
  }
  const at = fileUrl(file);
  const text = await readOrExplain(
    at,
    Deno.readTextFile,
    "file",
    options.file === undefined
      ? "run `deno install` in the project (deno.json pins the npm package vega-datasets, which holds it)"
      : "give the path of vega-datasets' cars.json",
  );
  return parseCars(text, { name: pathOf(at) });
}
