import assert from "node:assert/strict";
import { figureRow, lossCurve } from "nn";

Deno.test("figureRow escapes its captions and takes the margins off titled figures", () => {
  const row = figureRow([lossCurve([1, 0.5])], { captions: ["<epoch> & more"] });
  assert.match(row.html, /&lt;epoch&gt; &amp; more/);
  // Titled plots are <figure>s; in a row they lose the default margins that would wrap them.
  const titled = figureRow([
    lossCurve([1, 0.5], { title: "a" }),
    lossCurve([1, 0.5], { title: "b" }),
  ]);
  assert.equal((titled.html.match(/<figure style="margin:0"/g) ?? []).length, 2);
});
