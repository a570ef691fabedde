/**
 * Reading the IDX format of the MNIST files: bytes in, tensors out, with
 * every part of the file checked (its magic number, its sizes, its length),
 * so that a truncated, compressed or foreign file fails with a message that
 * says what is wrong. No file access here: the caller reads the bytes (see
 * `loadMnist` in `nn/notebook` for reading them from disk).
 *
 * An IDX file is a magic number (two zero bytes, a type code, 0x08 for
 * unsigned bytes, and the number of dimensions), then each dimension's size
 * as a 32-bit big-endian integer, then the values. MNIST's images are
 * 0x00000803 (images × rows × cols) and its labels 0x00000801 (labels).
 *
 * @module
 */
import { Tensor } from "./tensor.ts";
import { checkOptions, describe } from "./_validate.ts";

/**
 * The contents of an IDX file of unsigned bytes: its dimensions and values.
 *
 * @example
 * ```ts
 * import { type IdxArray, parseIdx } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const file: IdxArray = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]));
 * assert.deepEqual(file.dims, [2]);
 * assert.deepEqual([...file.data], [7, 3]);
 * ```
 */
export interface IdxArray {
  /** The size of each dimension, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The values, last dimension fastest (a view into the file's bytes). */
  data: Uint8Array;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
const TYPES: Record<number, string> = {
  0x08: "unsigned bytes",
  0x09: "signed bytes",
  0x0b: "16-bit integers",
  0x0c: "32-bit integers",
  0x0d: "32-bit floats",
  0x0e: "64-bit floats",
};

/**
 * Parses an IDX file of unsigned bytes. `name` (for example the file's
 * path) is used in error messages. With `dims`, the file must have that many
 * dimensions. Errors say what the bytes are instead: gzip-compressed, not
 * IDX at all, another value type, another number of dimensions, shorter or
 * longer than the header announces.
 *
 * @example A 2×3 array, and a truncated file
 * ```ts
 * import { parseIdx } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
 * assert.deepEqual(parseIdx(bytes).dims, [2, 3]);
 * assert.throws(() => parseIdx(bytes.subarray(0, 15), { name: "a.idx" }), /a\.idx is truncated/);
 * ```
 */
export function parseIdx(
  bytes: Uint8Array,
  options: { name?: string; dims?: number } = {},
): IdxArray {
  checkOptions(options, ["name", "dims"], "parseIdx", '{ name: "train-images", dims: 3 }');
  const name = options.name ?? "The file";
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${name} must be given as a Uint8Array of bytes, got ${describe(bytes)}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new RangeError(
      `${name} is gzip-compressed (it starts with 1f 8b): decompress it first (gunzip) and read the IDX file inside`,
    );
  }
  if (bytes.length < 4) {
    throw new RangeError(
      `${name} is truncated: it has ${bytes.length} bytes, fewer than the 4 of an IDX magic number`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new RangeError(
      `${name} is not an IDX file: an IDX file starts with two zero bytes, this one with ${
        hex(bytes.subarray(0, Math.min(8, bytes.length)))
      }`,
    );
  }
  const type = bytes[2], nDims = bytes[3];
  const magic = `0x${hex(bytes.subarray(0, 4)).replaceAll(" ", "")}`;
  if (type !== 0x08) {
    throw new RangeError(
      `${name} holds ${
        TYPES[type] ?? `values of unknown type 0x${type.toString(16).padStart(2, "0")}`
      } (magic number ${magic}); only unsigned bytes (type 0x08) can be read`,
    );
  }
  if (options.dims !== undefined && nDims !== options.dims) {
    throw new RangeError(
      `${name} has ${nDims} dimension${
        nDims === 1 ? "" : "s"
      } (magic number ${magic}) where ${options.dims} ${
        options.dims === 1 ? "is" : "are"
      } expected (magic number 0x000008${
        options.dims.toString(16).padStart(2, "0")
      }): is it the other file of the pair?`,
    );
  }
  const header = 4 + 4 * nDims;
  if (bytes.length < header) {
    throw new RangeError(
      `${name} is truncated: its header needs ${header} bytes for ${nDims} dimension sizes, but the file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: nDims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const shape = dims.join("×");
  if (bytes.length < header + count) {
    throw new RangeError(
      `${name} is truncated: its header announces ${shape} values, ${count} bytes after the ${header}-byte header, but only ${
        bytes.length - header
      } follow`,
    );
  }
  if (bytes.length > header + count) {
    throw new RangeError(
      `${name} has ${
        bytes.length - header - count
      } bytes more than its header announces (${shape} values after a ${header}-byte header): it is not a well-formed IDX file`,
    );
  }
  return { dims, data: bytes.subarray(header, header + count) };
}

/**
 * Handwritten digits: images as rows of pixels and their labels.
 *
 * @example
 * ```ts
 * import { type Digits, parseMnist } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255]);
 * const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * const digits: Digits = parseMnist(images, labels);
 * assert.deepEqual(digits.X.toArray(), [[0, 1]]);
 * ```
 */
export interface Digits {
  /** One row per image, one column per pixel (row by row), values in [0, 1] (the byte / 255). */
  X: Tensor;
  /** The digit shown by each image, 0 to 9. */
  labels: Uint8Array;
  /** Pixel rows per image (28 for MNIST). */
  height: number;
  /** Pixel columns per image (28 for MNIST). */
  width: number;
}

/**
 * Parses a pair of MNIST files: the images (magic number 0x00000803) and
 * the labels (0x00000801). Checks each file (see {@link parseIdx}), that the
 * two hold the same number of items, and that every label is a digit.
 * Pixels are scaled from bytes 0…255 to [0, 1].
 *
 * @example One 1×2 image of the digit 7, and a label file given as the images
 * ```ts
 * import { parseMnist } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255]);
 * const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * const { X, labels: digits, width } = parseMnist(images, labels);
 * assert.deepEqual([X.get(0, 1), digits[0], width], [1, 7, 2]);
 * assert.throws(() => parseMnist(labels, labels), /1 dimension .* where 3 are expected/);
 * ```
 */
export function parseMnist(
  images: Uint8Array,
  labels: Uint8Array,
  options: { imagesName?: string; labelsName?: string } = {},
): Digits {
  checkOptions(
    options,
    ["imagesName", "labelsName"],
    "parseMnist",
    '{ imagesName: "train-images" }',
  );
  const imagesName = options.imagesName ?? "The images file";
  const labelsName = options.labelsName ?? "The labels file";
  const img = parseIdx(images, { name: imagesName, dims: 3 });
  const lab = parseIdx(labels, { name: labelsName, dims: 1 });
  const [n, height, width] = img.dims;
  if (lab.dims[0] !== n) {
    throw new RangeError(
      `${imagesName} holds ${n} images but ${labelsName} holds ${
        lab.dims[0]
      } labels: they are not a pair`,
    );
  }
  if (n === 0 || height === 0 || width === 0) {
    throw new RangeError(`${imagesName} holds no pixels (${img.dims.join("×")})`);
  }
  const bad = lab.data.findIndex((d) => d > 9);
  if (bad >= 0) {
    throw new RangeError(
      `${labelsName} has label ${lab.data[bad]} at index ${bad}: MNIST labels are digits 0 to 9`,
    );
  }
  const pixels = new Float64Array(n * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = img.data[i] / 255;
  return { X: new Tensor(n, height * width, pixels), labels: lab.data.slice(), height, width };
}
