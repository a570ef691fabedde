/**
 * Pictures of pixel data (digits, weights, feature maps): each image becomes
 * a small PNG, embedded as a data URL in one SVG figure with its caption, so
 * that a page shows hundreds of images in a few kilobytes each and needs no
 * file beside it. The PNG encoder is written here (uncompressed deflate
 * blocks, which a 28×28 image hardly needs), with no dependency.
 *
 * @module
 */
import type { Tensor } from "../core/mod.ts";
import { checkPositiveInt, checkTensor, describe } from "../core/_internal.ts";
import { escapeHtml } from "./_html.ts";
import { figure } from "./_figure.ts";
import type { Figure } from "./plot.ts";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zlib stream of stored (uncompressed) deflate blocks, with its Adler-32 checksum. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no preset dictionary, fastest; (0x78·256 + 0x01) is a multiple of 31
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535, len = Math.min(65535, raw.length - start);
    out[at++] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00 (stored)
    out[at++] = len & 0xff;
    out[at++] = len >>> 8;
    out[at++] = ~len & 0xff;
    out[at++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), at);
    at += len;
  }
  let a = 1, s = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  new DataView(out.buffer).setUint32(at, ((s << 16) | a) >>> 0);
  return out;
}

/**
 * A PNG file of an RGB image: `rgb` holds height·width·3 bytes, row by row.
 *
 * @example A 1×1 red image
 * ```ts
 * import { encodePng } from "nn";
 * import assert from "node:assert/strict";
 *
 * const png = encodePng(new Uint8Array([255, 0, 0]), { width: 1, height: 1 });
 * assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
 * ```
 */
export function encodePng(rgb: Uint8Array, size: { width: number; height: number }): Uint8Array {
  const width = checkPositiveInt(size?.width, "The image's width");
  const height = checkPositiveInt(size?.height, "The image's height");
  if (!(rgb instanceof Uint8Array) || rgb.length !== width * height * 3) {
    throw new RangeError(
      `A ${width}×${height} RGB image needs ${width * height * 3} bytes, got ${describe(rgb)}${
        rgb instanceof Uint8Array ? ` of ${rgb.length} bytes` : ""
      }`,
    );
  }
  // Each row starts with its filter type, 0 (none).
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let r = 0; r < height; r++) {
    raw.set(rgb.subarray(r * width * 3, (r + 1) * width * 3), r * (1 + width * 3) + 1);
  }
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  const chunks = [["IHDR", header], ["IDAT", zlibStored(raw)], [
    "IEND",
    new Uint8Array(0),
  ]] as const;
  const parts = chunks.map(([type, data]) => {
    const chunk = new Uint8Array(12 + data.length);
    const v = new DataView(chunk.buffer);
    v.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
    chunk.set(data, 8);
    v.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
    return chunk;
  });
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const png = new Uint8Array(8 + parts.reduce((n, p) => n + p.length, 0));
  png.set(signature);
  let at = 8;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  return png;
}

/**
 * Options for {@link imageGrid}.
 *
 * @example
 * ```ts
 * import type { ImageGridOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: ImageGridOptions = { width: 28, height: 28, columns: 10, colours: "diverging" };
 * assert.equal(options.columns, 10);
 * ```
 */
export interface ImageGridOptions {
  /** Pixels per image row. */
  width: number;
  /** Pixel rows per image. */
  height: number;
  /** Images per row of the grid (default 10). */
  columns?: number;
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
  /** A caption under each image. */
  captions?: string[];
  /** A title above the grid. */
  title?: string;
  /**
   * `ink` (default): values in [0, 1] drawn black on white, as handwriting;
   * `diverging`: each image scaled by its largest |value|, negative red,
   * positive blue, zero white (for weights).
   */
  colours?: "ink" | "diverging";
}

/** [0, 1] → the RdBu colour scale's ends and white in the middle. */
function diverging(t: number): [number, number, number] {
  const red = [178, 24, 43], blue = [33, 102, 172];
  const end = t < 0 ? red : blue, a = Math.min(1, Math.abs(t));
  return [0, 1, 2].map((i) => Math.round(255 + (end[i] - 255) * a)) as [number, number, number];
}

/**
 * Images side by side in a grid, each a row of `images` (height·width
 * values, row by row), with captions. Returns a figure that Jupyter shows.
 *
 * @example Two 2×2 images
 * ```ts
 * import { imageGrid, Tensor } from "nn";
 * import assert from "node:assert/strict";
 *
 * const images = Tensor.from([[0, 1, 1, 0], [1, 0, 0, 1]]);
 * const fig = imageGrid(images, { width: 2, height: 2, captions: ["a", "b"] });
 * assert.match(fig.html, /^<svg[\s\S]*data:image\/png;base64,[\s\S]*>b<\/text>/);
 * ```
 */
export function imageGrid(images: Tensor, options: ImageGridOptions): Figure {
  checkTensor(images, "imageGrid's images");
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `imageGrid needs options such as { width: 28, height: 28 }, got ${describe(options)}`,
    );
  }
  const width = checkPositiveInt(options.width, "The images' width");
  const height = checkPositiveInt(options.height, "The images' height");
  if (images.cols !== width * height) {
    throw new RangeError(
      `Images of ${height}×${width} pixels need ${
        width * height
      } values each, but each row has ${images.cols}`,
    );
  }
  const columns = checkPositiveInt(options.columns ?? 10, "columns");
  const scale = checkPositiveInt(options.scale ?? 2, "scale");
  const captions = options.captions ?? [];
  const colours = options.colours ?? "ink";
  if (colours !== "ink" && colours !== "diverging") {
    throw new RangeError(`colours must be "ink" or "diverging", got ${describe(colours)}`);
  }
  // Wide enough for the longest caption (about 6.5 pixels a character at 11 px).
  const longest = Math.max(0, ...captions.map((c) => String(c).length));
  const cellW = Math.max(width * scale, Math.ceil(longest * 6.5)) + 8;
  const textH = captions.length > 0 ? 16 : 0;
  const cellH = height * scale + textH + 8, titleH = options.title ? 22 : 0;
  const n = images.rows, cols = Math.min(columns, n), rows = Math.ceil(n / columns);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const values = images.data.subarray(k * width * height, (k + 1) * width * height);
    let largest = 0;
    for (const v of values) largest = Math.max(largest, Math.abs(v));
    const rgb = new Uint8Array(width * height * 3);
    values.forEach((v, i) => {
      const c: [number, number, number] = colours === "ink"
        ? [0, 0, 0].map(() => Math.round(255 * (1 - Math.min(1, Math.max(0, v))))) as [
          number,
          number,
          number,
        ]
        : diverging(largest > 0 ? v / largest : 0);
      rgb.set(c, 3 * i);
    });
    const png = encodePng(rgb, { width, height });
    let binary = "";
    for (const b of png) binary += String.fromCharCode(b);
    const x = (k % columns) * cellW + (cellW - width * scale) / 2;
    const y = titleH + Math.floor(k / columns) * cellH + 4;
    parts.push(
      `<image x="${x}" y="${y}" width="${width * scale}" height="${
        height * scale
      }" style="image-rendering:pixelated" preserveAspectRatio="none" href="data:image/png;base64,${
        btoa(binary)
      }"/>`,
      `<rect x="${x - 0.5}" y="${y - 0.5}" width="${width * scale + 1}" height="${
        height * scale + 1
      }" fill="none" stroke="#ccc"/>`,
    );
    if (captions[k] !== undefined) {
      parts.push(
        `<text x="${x + (width * scale) / 2}" y="${y + height * scale + 13}" text-anchor="middle">${
          escapeHtml(captions[k])
        }</text>`,
      );
    }
  }
  const svgW = cols * cellW, svgH = titleH + rows * cellH;
  const title = options.title
    ? `<text x="4" y="15" font-weight="bold">${escapeHtml(options.title)}</text>`
    : "";
  return figure(
    `<svg xmlns="http://www.w3.org/2000/svg" class="nn-images" width="${svgW}" height="${svgH}" viewBox="0 0 ${svgW} ${svgH}" font-family="sans-serif" font-size="11">${title}${
      parts.join("")
    }</svg>`,
  );
}
