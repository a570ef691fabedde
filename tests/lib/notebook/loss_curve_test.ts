// lossCurve: a line per run, its axes, reference lines, and colours that stay with their runs.
import assert from "node:assert/strict";
import { lossCurve } from "nn";

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

Deno.test("lossCurve names a reference line on the chart, and says when its loss axis is logarithmic", () => {
  const named = lossCurve([0.5, 0.3, 0.26], { rules: [0.2, { y: 0.25, label: "best line" }] });
  assert.equal(count(named.html, /stroke-dasharray="5,4"/g) >= 1, true);
  assert.equal(count(named.html, /<line\b[^>]*>|<path d="M[^"]*"/g) > 0, true);
  assert.match(named.html, />best line</);
  assert.match(named.html, /loss \(log scale\)/);
  assert.doesNotMatch(lossCurve([0.5, 0.3], { yDomain: [0, 1] }).html, /log scale/);
  assert.throws(
    () => lossCurve([0.5], { rules: [{ y: 0.25 } as never] }),
    /lossCurve's rules must be an array of finite numbers or \{ y, label \} objects, got/,
  );
  assert.throws(
    () => lossCurve([0.5], { rules: [{ y: NaN, label: "x" }] }),
    /lossCurve's rules must be an array/,
  );
});
