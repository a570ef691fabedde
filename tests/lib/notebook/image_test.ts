// The PNG encoder and the image grid: the file's structure checked byte by
// byte, its checksums by an independent (bitwise) CRC-32, and its pixels by
// decompressing the image data with the platform's own zlib.
import assert from "node:assert/strict";
import { encodePng, imageGrid, Tensor } from "nn";

/** CRC-32 one bit at a time (the encoder uses a table). */
function crc32Bitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    assert.equal(v.getUint32(at + 8 + length), crc32Bitwise(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("encodePng writes a valid PNG whose pixels decompress to the input", async () => {
  const width = 3, height = 2;
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
  const png = encodePng(rgb, { width, height });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [ihdr, idat, iend] = chunks(png);
  assert.deepEqual([ihdr.type, idat.type, iend.type], ["IHDR", "IDAT", "IEND"]);
  const h = new DataView(ihdr.data.buffer, ihdr.data.byteOffset);
  assert.deepEqual([h.getUint32(0), h.getUint32(4), ...ihdr.data.subarray(8)], [
    3,
    2,
    8,
    2,
    0,
    0,
    0,
  ]);
  const raw = await inflate(idat.data);
  // Each row: filter byte 0, then its pixels.
  assert.deepEqual([...raw], [0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
  assert.throws(() => encodePng(rgb, { width: 2, height: 2 }), /needs 12 bytes, .* of 18 bytes/);
});

Deno.test("encodePng splits large images into several stored blocks that still decompress", async () => {
  const width = 200, height = 150; // 90,150 bytes of raw data: two blocks
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 251);
  const [, idat] = chunks(encodePng(rgb, { width, height }));
  const raw = await inflate(idat.data);
  assert.equal(raw.length, height * (1 + width * 3));
  assert.deepEqual([...raw.subarray(1 + width * 3 + 1, 1 + width * 3 + 7)], [
    ...rgb.subarray(600, 606),
  ]);
});

Deno.test("imageGrid: one embedded PNG per image, captions, ink or diverging colours", async () => {
  const images = Tensor.from([[0, 0.5, 1, 0], [-2, 0, 1, 2]]);
  const ink = imageGrid(Tensor.from([[0, 0.5, 1, 0]]), { width: 2, height: 2 });
  const base64 = /href="data:image\/png;base64,([^"]+)"/.exec(ink.html)![1];
  const png = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const raw = await inflate(chunks(png)[1].data);
  // Ink: 0 is white, 1 is black, 0.5 mid-grey.
  assert.deepEqual([...raw], [0, 255, 255, 255, 128, 128, 128, 0, 0, 0, 0, 255, 255, 255]);
  const weights = imageGrid(images, {
    width: 2,
    height: 2,
    colours: "diverging",
    captions: ["a", "b<"],
  });
  assert.equal((weights.html.match(/<image /g) ?? []).length, 2);
  assert.match(weights.html, />b&lt;<\/text>/);
  const second = /href="data:image\/png;base64,([^"]+)"/g;
  second.exec(weights.html);
  const png2 = Uint8Array.from(atob(second.exec(weights.html)![1]), (c) => c.charCodeAt(0));
  const raw2 = await inflate(chunks(png2)[1].data);
  // Scaled by the largest |value|, 2: −2 is the red end, 2 the blue end, 0 white.
  assert.deepEqual([...raw2.subarray(1, 7)], [178, 24, 43, 255, 255, 255]);
  assert.deepEqual([...raw2.subarray(11, 14)], [33, 102, 172]);
  // A long caption widens its cell instead of being cut off.
  const svgWidth = (html: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(html)![1]);
  const long = imageGrid(images, { width: 2, height: 2, captions: ["a", "a much longer caption"] });
  assert.ok(svgWidth(long.html) >= 2 * "a much longer caption".length * 6);
  assert.throws(
    () => imageGrid(images, { width: 3, height: 2 }),
    /Images of 2×3 pixels need 6 values each, but each row has 4/,
  );
});
