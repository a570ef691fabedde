import assert from "node:assert/strict";
import {
  checkAnswer,
  checked,
  decisionBoundary,
  DISPLAY,
  figureRow,
  htmlTable,
  lossCurve,
  map,
  Tensor,
  vegaLite,
  xor,
} from "nn";

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

Deno.test("lossCurve: one line per run, log axis by default, dashed reference lines on request", () => {
  const two = lossCurve({ a: [1, 0.5, 0.1], b: [1, 0.9, 0.8] });
  const lines = /<g[^>]*stroke-width="2"[^>]*>([\s\S]*?)<\/g>/.exec(two.html)![1];
  assert.equal(count(lines, /<path\b/g), 2);
  assert.match(two.html, /1e-1|1e\+0/, "a log axis labelled with powers of ten");
  const plain = lossCurve([0.4, 0.3], { yDomain: [0, 0.5], rules: [0.25] });
  assert.match(plain.html, /stroke-dasharray="5,4"/);
  assert.equal(count(lossCurve([0.4, 0.3]).html, /stroke-dasharray/g), 0);
  assert.throws(() => lossCurve([0.4, NaN]), /Loss 2 of "loss" is NaN/);
  // Three epochs get ticks 1, 2, 3, not half epochs.
  const short = lossCurve([0.3, 0.2, 0.1]).html;
  assert.match(short, />3</);
  assert.doesNotMatch(short, />(1\.5|2\.5)</);
  assert.throws(() => lossCurve({ empty: [] }), /non-empty array of losses for "empty"/);
});

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

Deno.test("tables, rows of figures and check lines escape their text", () => {
  const table = htmlTable([{ formula: "=IF(A1>0,A1,0)", n: 0.1234567 }]);
  assert.match(table.html, /=IF\(A1&gt;0,A1,0\)/);
  assert.match(table.html, /<td>0\.123457<\/td>/);
  assert.throws(() => htmlTable([]), /at least one row/);
  const row = figureRow([lossCurve([1, 0.5])], { captions: ["<epoch> & more"] });
  assert.match(row.html, /&lt;epoch&gt; &amp; more/);
  // Titled plots are <figure>s; in a row they lose the default margins that would wrap them.
  const titled = figureRow([
    lossCurve([1, 0.5], { title: "a" }),
    lossCurve([1, 0.5], { title: "b" }),
  ]);
  assert.equal((titled.html.match(/<figure style="margin:0"/g) ?? []).length, 2);
  const line = checked("a < b")[DISPLAY]();
  assert.equal(line["text/plain"], "✓ a < b");
  assert.match(String(line["text/html"]), /✓ a &lt; b/);
});

Deno.test("vegaLite: the spec for Jupyter and a static SVG for everything else", async () => {
  const chart = await vegaLite({
    data: { values: [{ x: 1, y: 1 }, { x: 2, y: 4 }] },
    mark: "line",
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
  });
  const bundle = chart[DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), [
    "application/vnd.vegalite.v5+json",
    "image/svg+xml",
    "text/plain",
  ]);
  assert.match(String(bundle["image/svg+xml"]), /^<svg[\s\S]*<path/);
  await assert.rejects(
    () => vegaLite(null as unknown as Record<string, unknown>),
    /Vega-Lite specification object/,
  );
});

Deno.test("checkAnswer: not answered, right within the tolerance, wrong with the hint, by predicate", () => {
  const text = (answer: unknown, expected: unknown, options = {}) =>
    String(checkAnswer(answer, expected, options)[DISPLAY]()["text/plain"]);
  assert.match(text(undefined, 3), /^… not answered yet/);
  assert.match(text(0.30000000000000004, 0.3), /^✓ right: 0\.3/);
  assert.match(text(0.31, 0.3, { tolerance: 0.02 }), /^✓/);
  assert.match(
    text(0.35, 0.3, { tolerance: 0.02, hint: "h" }),
    /^✗ not yet: 0\.35 is not it\. Hint: h$/,
  );
  assert.match(text("3", 3), /^✗/, "a string is not the number");
  assert.match(
    text((x: number) => x + 1, (f: (x: number) => number) => f(1) === 2),
    /^✓ right: your function/,
  );
  assert.match(
    text(() => 0, () => {
      throw new Error("boom");
    }),
    /^✗ not yet: checking your answer threw boom/,
  );
});

Deno.test("lossCurve keeps a log axis with a fixed range when asked, and refuses a range from 0 on it", () => {
  const fixed = lossCurve({ a: [0.5, 0.1], b: [0.3, 0.01] }, { logY: true, yDomain: [1e-4, 10] });
  // Log ticks at the powers of ten across the whole range, not only the data's.
  for (const tick of ["1e-4", "1e-3", "1e+1"]) assert.ok(fixed.html.includes(`>${tick}<`), tick);
  assert.doesNotMatch(lossCurve([0.5, 0.1], { yDomain: [0, 1] }).html, />1e-1</);
  assert.throws(
    () => lossCurve([0.5, 0.1], { logY: true, yDomain: [0, 1] }),
    /lossCurve's yDomain must be above 0 on a logarithmic axis, got \[0,1\]/,
  );
});

Deno.test("lossCurve colours its curves in the order given, so an added curve leaves the others' colours", () => {
  // The legend's swatches: [name, colour] in the order drawn.
  const swatches = (html: string) =>
    [...html.matchAll(/<svg fill="(#[0-9a-f]{6})"[^>]*><rect[^>]*\/><\/svg>([a-z]+)</g)]
      .map((m) => [m[2], m[1]]);
  const first = swatches(lossCurve({ zeta: [0.5, 0.1], alpha: [0.4, 0.2] }).html);
  const later = swatches(
    lossCurve({ zeta: [0.5, 0.1], alpha: [0.4, 0.2], mid: [0.3, 0.1] }).html,
  );
  assert.deepEqual(first.map(([name]) => name), ["zeta", "alpha"]);
  assert.deepEqual(later.map(([name]) => name), ["zeta", "alpha", "mid"]);
  assert.deepEqual(later.slice(0, 2), first);
});

Deno.test("figures and tables are shown in an element MathJax skips, so a formula's $ stays a $", () => {
  const table = htmlTable([{ formula: "=EXP(B4-MAX($B4:$K4))" }]);
  const html = String(table[DISPLAY]()["text/html"]);
  assert.match(html, /^<div class="tex2jax_ignore"><table[^]*\$B4:\$K4[^]*<\/table><\/div>$/);
  const curve = String(lossCurve([1, 0.5])[DISPLAY]()["text/html"]);
  assert.match(curve, /^<div class="tex2jax_ignore">/);
});
