import assert from "node:assert/strict";
import { DISPLAY, htmlTable, lossCurve } from "nn";

Deno.test("htmlTable escapes its text and rounds its numbers", () => {
  const table = htmlTable([{ formula: "=IF(A1>0,A1,0)", n: 0.1234567 }]);
  assert.match(table.html, /=IF\(A1&gt;0,A1,0\)/);
  assert.match(table.html, /<td>0\.123457<\/td>/);
  assert.throws(() => htmlTable([]), /at least one row/);
});

Deno.test("figures and tables are shown in an element MathJax skips, so a formula's $ stays a $", () => {
  const table = htmlTable([{ formula: "=EXP(B4-MAX($B4:$K4))" }]);
  const html = String(table[DISPLAY]()["text/html"]);
  assert.match(html, /^<div class="tex2jax_ignore"><table[^]*\$B4:\$K4[^]*<\/table><\/div>$/);
  const curve = String(lossCurve([1, 0.5])[DISPLAY]()["text/html"]);
  assert.match(curve, /^<div class="tex2jax_ignore">/);
});
