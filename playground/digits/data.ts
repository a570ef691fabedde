// The handwritten digits the digits page ships: a subset of MNIST chosen at
// build time (the first images of each digit, so that every digit is equally
// present), packed into bytes, gzip-compressed and written as a classic script
// that sets a global, because a page opened from disk can load a script but
// cannot fetch a file. Nothing here touches the DOM or the disk: the build and
// the tests use the same code as the page.
import { type Digits, Tensor } from "../../lib/core/mod.ts";

/** One part of the shipped subset: which MNIST images, their labels and their pixels. */
export interface DigitPart {
  /** Each image's index in its MNIST file (training or test). */
  indices: Uint32Array;
  /** The digit each image shows. */
  labels: Uint8Array;
  /** The images' bytes, 784 per image, row by row (0 paper, 255 ink), as in the IDX file. */
  pixels: Uint8Array;
}

/** The shipped subset: training images and test images. */
export interface DigitSubset {
  train: DigitPart;
  test: DigitPart;
}

/** The global the data script sets. */
export interface DigitsScript {
  /** Images in each part, and the side of an image in pixels. */
  train: number;
  test: number;
  side: number;
  /** The packed subset ({@link packSubset}), gzip-compressed, in base64. */
  gzip: string;
}

/** The name of the global the data script sets. */
export const GLOBAL = "NN_DIGITS";
export const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * The first `perDigit` images of each digit, in the file's order: indices,
 * labels and the pixels as bytes (the reader's values in [0, 1] times 255).
 */
export function firstOfEachDigit(digits: Digits, perDigit: number): DigitPart {
  if (digits.width !== SIDE || digits.height !== SIDE) {
    throw new RangeError(`Digits must be ${SIDE}×${SIDE}, got ${digits.height}×${digits.width}`);
  }
  const taken = new Array<number>(10).fill(0);
  const indices: number[] = [];
  for (let i = 0; i < digits.labels.length && indices.length < 10 * perDigit; i++) {
    if (taken[digits.labels[i]] < perDigit) {
      taken[digits.labels[i]]++;
      indices.push(i);
    }
  }
  if (indices.length < 10 * perDigit) {
    throw new RangeError(`The data has fewer than ${perDigit} images of some digit: ${taken}`);
  }
  const pixels = new Uint8Array(indices.length * PIXELS);
  indices.forEach((row, k) => {
    for (let p = 0; p < PIXELS; p++) {
      pixels[k * PIXELS + p] = Math.round(digits.X.data[row * PIXELS + p] * 255);
    }
  });
  return {
    indices: Uint32Array.from(indices),
    labels: Uint8Array.from(indices, (i) => digits.labels[i]),
    pixels,
  };
}

/**
 * The subset as bytes: for the training part, then the test part, each
 * image's index (4 bytes, little-endian), then the labels, then the pixels.
 */
export function packSubset({ train, test }: DigitSubset): Uint8Array {
  const parts = [train, test].flatMap((p) => [
    new Uint8Array(p.indices.buffer, p.indices.byteOffset, p.indices.byteLength),
    p.labels,
    p.pixels,
  ]);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The subset back from {@link packSubset}'s bytes, given how many images each part holds. */
export function unpackSubset(bytes: Uint8Array, train: number, test: number): DigitSubset {
  const need = (train + test) * (4 + 1 + PIXELS);
  if (bytes.length !== need) {
    throw new RangeError(
      `The digits data has ${bytes.length} bytes; ${train} training and ${test} test images need ${need}`,
    );
  }
  let at = 0;
  const take = (n: number) => bytes.slice(at, at += n);
  const part = (n: number): DigitPart => ({
    indices: new Uint32Array(take(4 * n).buffer),
    labels: take(n),
    pixels: take(n * PIXELS),
  });
  return { train: part(train), test: part(test) };
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** The text of the classic script that sets the global {@link GLOBAL} to the subset. */
export async function dataScript(subset: DigitSubset): Promise<string> {
  const zipped = await through(packSubset(subset), new CompressionStream("gzip"));
  let binary = "";
  for (let i = 0; i < zipped.length; i += 0x8000) {
    binary += String.fromCharCode(...zipped.subarray(i, i + 0x8000));
  }
  const data: DigitsScript = {
    train: subset.train.labels.length,
    test: subset.test.labels.length,
    side: SIDE,
    gzip: btoa(binary),
  };
  return `// ${data.train} training and ${data.test} test images of MNIST (the first of each digit), ` +
    `gzip-compressed; read by digits.js.\nglobalThis.${GLOBAL} = ${JSON.stringify(data)};\n`;
}

/** The subset from the global the data script set. */
export async function readDataScript(data: DigitsScript): Promise<DigitSubset> {
  const zipped = Uint8Array.from(atob(data.gzip), (c) => c.charCodeAt(0));
  return unpackSubset(
    await through(zipped, new DecompressionStream("gzip")),
    data.train,
    data.test,
  );
}

/** A part's images as rows of 784 values in [0, 1], as the library's MNIST reader gives them. */
export function imagesOf(part: DigitPart): Tensor {
  const X = new Tensor(part.labels.length, PIXELS);
  for (let i = 0; i < part.pixels.length; i++) X.data[i] = part.pixels[i] / 255;
  return X;
}
