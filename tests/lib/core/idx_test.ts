// The IDX parser on hand-made files: a good pair, and every way a file can
// be wrong (truncated header or data, extra bytes, gzip, foreign bytes,
// another type, the other file of the pair, mismatched counts, bad labels).
import assert from "node:assert/strict";
import { parseIdx, parseMnist } from "nn/core";

/** An IDX file of unsigned bytes with the given dimensions and values. */
function idx(dims: number[], values: number[]): Uint8Array {
  const header = [0, 0, 8, dims.length];
  for (const d of dims) header.push(d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return new Uint8Array([...header, ...values]);
}
// Two 2×3 images (0…5 and 250…255) labelled 4 and 9.
const images = idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
const labels = idx([2], [4, 9]);

Deno.test("a good pair parses into pixels in [0, 1], row by row, and its labels", () => {
  const digits = parseMnist(images, labels);
  assert.deepEqual([digits.X.rows, digits.X.cols, digits.height, digits.width], [2, 6, 2, 3]);
  assert.deepEqual(digits.X.toArray()[0], [0, 1, 2, 3, 4, 5].map((v) => v / 255));
  assert.equal(digits.X.get(1, 5), 1);
  assert.deepEqual([...digits.labels], [4, 9]);
  assert.deepEqual(parseIdx(images).dims, [2, 2, 3]);
  // The header's sizes are big-endian 32-bit integers.
  assert.deepEqual(parseIdx(idx([300], new Array(300).fill(7))).dims, [300]);
});

Deno.test("a truncated file says how many bytes its header announced and how many it has", () => {
  assert.throws(
    () => parseMnist(images.subarray(0, images.length - 1), labels, { imagesName: "imgs" }),
    /imgs is truncated: its header announces 2×2×3 values, 12 bytes after the 16-byte header, but only 11 follow/,
  );
  assert.throws(
    () => parseIdx(images.subarray(0, 10), { name: "imgs" }),
    /imgs is truncated: its header needs 16 bytes for 3 dimension sizes, but the file has 10/,
  );
  assert.throws(
    () => parseIdx(new Uint8Array([0, 0])),
    /truncated: it has 2 bytes, fewer than the 4/,
  );
});

Deno.test("extra bytes, gzip, foreign bytes and other value types are named as such", () => {
  assert.throws(
    () => parseIdx(new Uint8Array([...labels, 0, 0]), { name: "labs" }),
    /labs has 2 bytes more than its header announces/,
  );
  assert.throws(
    () => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), { name: "t10k.gz" }),
    /t10k\.gz is gzip-compressed \(it starts with 1f 8b\): decompress it first/,
  );
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  assert.throws(
    () => parseIdx(png, { name: "digit.png" }),
    /digit\.png is not an IDX file: an IDX file starts with two zero bytes, this one with 89 50 4e 47 0d 0a 1a 0a/,
  );
  assert.throws(
    () => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0])),
    /holds 32-bit floats \(magic number 0x00000d01\); only unsigned bytes \(type 0x08\)/,
  );
  assert.throws(
    () => parseIdx("bytes" as never),
    /must be given as a Uint8Array of bytes, got "bytes"/,
  );
});

Deno.test("the two files swapped, a mismatched pair and a label that is not a digit", () => {
  assert.throws(
    () => parseMnist(labels, images, { imagesName: "a", labelsName: "b" }),
    /a has 1 dimension \(magic number 0x00000801\) where 3 are expected \(magic number 0x00000803\): is it the other file of the pair\?/,
  );
  assert.throws(
    () => parseMnist(images, idx([3], [1, 2, 3])),
    /holds 2 images but The labels file holds 3 labels: they are not a pair/,
  );
  assert.throws(
    () => parseMnist(images, idx([2], [4, 10])),
    /has label 10 at index 1: MNIST labels are digits 0 to 9/,
  );
});
