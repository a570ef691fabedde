// decisionBoundary: the grid, the threshold contour, the points and the colour key.
import assert from "node:assert/strict";
import { decisionBoundary, map, Tensor, xor } from "nn";

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

Deno.test("decisionBoundary: a grid of cells, the threshold contour only where the output crosses it", () => {
  const data = xor();
  const crossing = decisionBoundary((P) => P, data, { resolution: 12, domain: [[0, 1], [0, 1]] });
  assert.equal(count(crossing.html, /<rect\b/g) >= 144, true);
  assert.match(crossing.html, /stroke="black"/, "the 0.5 contour is drawn");
  const flat = decisionBoundary((P) => map(P, () => 0.5), data, { resolution: 8 });
  assert.doesNotMatch(flat.html, /stroke="black"/, "a flat output has no boundary to draw");
  assert.equal(count(flat.html, /<circle\b/g), 4, "one dot per data point");
  // The colour key says which colour is which class, in the colours the dots are drawn in.
  const key = /<div class="nn-key"[^>]*>([\s\S]*?)<\/div>/.exec(crossing.html)![1];
  assert.match(key, /#b2182b[^<]*>●<\/span> y = 0 .*#2166ac[^<]*>●<\/span> y = 1/);
  assert.match(key, /output &lt; 0\.5.*output &gt; 0\.5/);
  assert.match(crossing.html, /<circle[^>]*fill="#b2182b"|fill="#b2182b"[^>]*>\s*<circle/);
  const named = decisionBoundary((P) => P, data, { key: ["inner <ring>", "outer"] });
  assert.match(named.html, /inner &lt;ring&gt;.*outer/);
  assert.doesNotMatch(decisionBoundary((P) => P, data, { key: false }).html, /nn-key/);
  assert.throws(
    () => decisionBoundary((P) => P, { X: Tensor.zeros(3, 3), y: Tensor.zeros(3, 1) }),
    /2-D inputs/,
  );
  assert.throws(
    // A prediction that went NaN (data written directly, as a diverged network's would be).
    () =>
      decisionBoundary((P) => {
        const out = P.clone();
        out.data[0] = NaN;
        return out;
      }, data),
    /non-finite value on the grid/,
  );
  assert.throws(
    () => decisionBoundary(() => Tensor.zeros(1, 1), data, { resolution: 4 }),
    /1 rows for 16 grid points/,
  );
});

Deno.test("decisionBoundary's key shows the panel's output range as a colour bar, and the threshold line", () => {
  const data = { X: Tensor.from([[0, 0], [1, 1]]), y: Tensor.column([0, 1]) };
  // Output x₁ + x₂ − 0.5 on the default domain: from below −0.5 to above 2, so the spread is set
  // by the top, and the bar runs from 0.5 − spread to 0.5 + spread.
  const fig = decisionBoundary(
    (P) => {
      const out = new Tensor(P.rows, 1);
      for (let i = 0; i < P.rows; i++) out.data[i] = P.get(i, 0) + P.get(i, 1) - 0.5;
      return out;
    },
    data,
    { resolution: 20, domain: [[0, 1], [0, 1]] },
  );
  const key = /<div class="nn-key"[^>]*>([\s\S]*?)<\/div>/.exec(fig.html)![1];
  // Cell centres reach 1.45 at most: spread 0.95, bar from −0.45 to 1.45.
  assert.match(
    key,
    /output -0\.45 <span[^>]*linear-gradient\(to right,[^)]*rgb[^>]*><\/span> 1\.5/,
  );
  assert.match(key, /border-top:2px solid black[^>]*><\/span> output = 0\.5/);
});

Deno.test("decisionBoundary: the contour is not drawn along the frame where the output is above the threshold", () => {
  // Output x₁ on the unit square: the boundary is the line x₁ = 0.5, and the right half of the
  // frame has outputs above 0.5.
  const { html } = decisionBoundary((P) => P, xor(), { resolution: 12, domain: [[0, 1], [0, 1]] });
  const clip =
    /<clipPath id="([^"]+)"><rect height="([\d.]+)" width="([\d.]+)" y="([\d.]+)" x="([\d.]+)"/
      .exec(html);
  assert.ok(clip, "the contour is clipped to the frame");
  const [, id, height, width, top, left] = clip;
  const [x0, y0] = [Number(left), Number(top)];
  const [x1, y1] = [x0 + Number(width), y0 + Number(height)];
  const contour = new RegExp(`clip-path="url\\(#${id}\\)"[\\s\\S]*?<path d="([^"]+)"`).exec(html);
  assert.ok(contour, "the clipped group holds the contour's path");
  const vertices = [...contour[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [+m[1], +m[2]]);
  const near = (a: number, b: number) => Math.abs(a - b) < 0.5;
  const onFrame = vertices.filter(([x, y]) =>
    (x > x0 && x < x1 && (near(y, y0) || near(y, y1))) ||
    (y > y0 && y < y1 && (near(x, x0) || near(x, x1)))
  );
  assert.deepEqual(onFrame, [], "no vertex of the contour lies on the frame");
  // The line x₁ = 0.5 is still drawn, halfway across the frame.
  const middle = (x0 + x1) / 2;
  assert.ok(vertices.filter(([x, y]) => near(x, middle) && y > y0 && y < y1).length >= 10);
});

Deno.test("decisionBoundary: plots given the same spread share one colour scale", () => {
  const data = xor();
  // The first cell's colour, for outputs 0.5 + slope·(x₁ − 0.5) on a 4 × 4 grid of the unit square.
  const corner = (slope: number, spread?: number) =>
    /<rect[^>]*fill="([^"]+)"/.exec(
      decisionBoundary((P) => map(P, (v) => 0.5 + slope * (v - 0.5)), data, {
        resolution: 4,
        domain: [[0, 1], [0, 1]],
        ...(spread === undefined ? {} : { spread }),
      }).html,
    )![1];
  // On its own scale each plot's extreme cell gets the deepest shade, whatever its output.
  assert.equal(corner(2), corner(4));
  // With the steep plot's spread for both, the gentle plot's corner is paler.
  assert.equal(corner(4, 1.5), corner(4));
  assert.notEqual(corner(2, 1.5), corner(4, 1.5));
  assert.throws(
    () => decisionBoundary((P) => P, data, { spread: 0 }),
    /decisionBoundary's spread must be a finite number > 0, got 0/,
  );
});
