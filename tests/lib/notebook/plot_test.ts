import * as Plot from "@observablehq/plot";
import assert from "node:assert/strict";
import { DISPLAY, plot } from "nn";

Deno.test("plot: an <svg>, a <figure> once it has a title, shown as that HTML in an element MathJax skips", () => {
  const bare = plot({ marks: [Plot.dot([[1, 2], [3, 4]])] });
  assert.match(bare.html, /^<svg[^>]*>[\s\S]*<circle[\s\S]*<\/svg>$/);
  assert.equal((bare.html.match(/<circle\b/g) ?? []).length, 2);
  assert.deepEqual(bare[DISPLAY](), {
    "text/html": `<div class="tex2jax_ignore">${bare.html}</div>`,
  });
  const titled = plot({ title: "two <dots>", marks: [Plot.dot([[1, 2], [3, 4]])] });
  assert.match(titled.html, /^<figure[\s\S]*two &lt;dots&gt;[\s\S]*<svg/);
});

Deno.test("plot: a mark that needs a canvas fails saying so and what to use instead", () => {
  assert.throws(
    () => plot({ marks: [Plot.raster([0, 1, 1, 0], { width: 2, height: 2 })] }),
    new RegExp(
      "^Error: This figure needs a canvas, which figures drawn for a notebook do not have: " +
        "use cell or rect marks instead of raster, and a discrete colour scale or no colour legend " +
        "\\(Observable Plot said: .+\\)$",
    ),
  );
});
