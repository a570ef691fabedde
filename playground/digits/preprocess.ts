// A drawing made into the kind of image MNIST holds. MNIST's digits were
// scaled, keeping their shape, so that the longer side of their bounding box
// is 20 pixels, with grey levels from the anti-aliasing, and then placed in a
// 28×28 image so that their centre of mass is at its centre. The same is done
// here to the ink of the page's canvas: the box's area is averaged into the
// 20-pixel box (each small pixel is the mean ink of the canvas pixels it
// covers), and the result is shifted by whole pixels so that its centre of
// mass lands within half a pixel of the image's centre.

/** The side of the images, and of the box the drawing is scaled into. */
export const SIDE = 28;
export const BOX = 20;

/** Rows and columns of a grid that hold ink: the first and last of each (inclusive). */
export interface InkBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The bounding box of the values above 0 in a `width`-wide grid, or undefined when there are none. */
export function inkBox(ink: ArrayLike<number>, width: number): InkBox | undefined {
  let top = Infinity, bottom = -1, left = Infinity, right = -1;
  for (let i = 0; i < ink.length; i++) {
    if (ink[i] <= 0) continue;
    const r = Math.floor(i / width), c = i % width;
    top = Math.min(top, r), bottom = Math.max(bottom, r);
    left = Math.min(left, c), right = Math.max(right, c);
  }
  return bottom < 0 ? undefined : { top, bottom, left, right };
}

/**
 * The centre of mass of a `width`-wide grid of ink, in pixel units from its
 * top-left corner (pixel (r, c) covers [c, c + 1) × [r, r + 1), so its centre
 * is at (c + ½, r + ½)); NaN when there is no ink.
 */
export function centreOfMass(ink: ArrayLike<number>, width: number): { x: number; y: number } {
  let sum = 0, x = 0, y = 0;
  for (let i = 0; i < ink.length; i++) {
    sum += ink[i];
    x += ink[i] * (i % width + 0.5);
    y += ink[i] * (Math.floor(i / width) + 0.5);
  }
  return { x: x / sum, y: y / sum };
}

/**
 * For each of `n` small pixels of size 1/`scale` (in source pixels, from
 * `from`), the source pixels it covers and by how much (as a share of a small
 * pixel, so that the shares of a fully covered small pixel add up to 1).
 */
function coverage(from: number, size: number, scale: number, n: number) {
  return Array.from({ length: n }, (_, j) => {
    const lo = j / scale, hi = (j + 1) / scale;
    const parts: [number, number][] = [];
    for (let s = Math.floor(lo); s < Math.min(Math.ceil(hi), size); s++) {
      const share = (Math.min(hi, s + 1) - Math.max(lo, s)) * scale;
      if (share > 0) parts.push([from + s, share]);
    }
    return parts;
  });
}

/**
 * The 28×28 image (784 values in [0, 1], row by row) MNIST's rule makes of
 * the ink in a `width` × `height` grid (values in [0, 1], row by row), or
 * undefined when nothing is drawn.
 */
export function toMnist(
  ink: ArrayLike<number>,
  width: number,
  height: number,
): Float64Array | undefined {
  if (ink.length !== width * height) {
    throw new RangeError(
      `The ink must have ${width}×${height} = ${width * height} values, got ${ink.length}`,
    );
  }
  const box = inkBox(ink, width);
  if (!box) return undefined;
  const w = box.right - box.left + 1, h = box.bottom - box.top + 1;
  const scale = BOX / Math.max(w, h);
  const cols = Math.ceil(w * scale - 1e-9), rows = Math.ceil(h * scale - 1e-9);
  const across = coverage(box.left, w, scale, cols), down = coverage(box.top, h, scale, rows);
  // Averaged across, then down: the mean ink of the source area each small pixel covers.
  const wide = new Float64Array(h * cols);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < cols; c++) {
      let v = 0;
      for (const [s, share] of across[c]) v += share * ink[(box.top + r) * width + s];
      wide[r * cols + c] = v;
    }
  }
  const small = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (const [s, share] of down[r]) {
      for (let c = 0; c < cols; c++) small[r * cols + c] += share * wide[(s - box.top) * cols + c];
    }
  }
  // Whole-pixel shifts that bring the centre of mass nearest to (14, 14), keeping the box inside.
  const mass = centreOfMass(small, cols);
  const shift = (centre: number, size: number) =>
    Math.min(SIDE - size, Math.max(0, Math.round(SIDE / 2 - centre)));
  const dx = shift(mass.x, cols), dy = shift(mass.y, rows);
  const out = new Float64Array(SIDE * SIDE);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[(r + dy) * SIDE + c + dx] = Math.min(1, small[r * cols + c]);
  }
  return out;
}
