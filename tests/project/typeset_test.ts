// The build's maths typesetting: LaTeX in markdown cells becomes KaTeX's HTML, and nothing else on
// the page is touched.
import assert from "node:assert/strict";
import { typesetPage } from "../../tools/typeset.ts";

const page = (markdown: string, rest = "") =>
  `<html><head><title>t</title></head><body>` +
  `<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput " data-mime-type="text/markdown">${markdown}</div>` +
  `${rest}</body></html>`;

Deno.test("inline and display maths become KaTeX; code, outputs and dollar amounts stay as they are", () => {
  const { html, formulas } = typesetPage(
    page(
      "<p>With $a &lt; b$ and $x_1^2$:\n$$Z = XW + b$$</p><p><code>$not maths$</code> costs $5 and $6</p>",
      `<div class="jp-OutputArea-output"><pre>$also not$</pre></div>`,
    ),
  );
  assert.equal(formulas, 3);
  assert.equal((html.match(/class="katex-display"/g) ?? []).length, 1);
  assert.match(html, /<annotation encoding="application\/x-tex">a &lt; b<\/annotation>/);
  assert.match(html, /<code>\$not maths\$<\/code> costs \$5 and \$6/);
  assert.match(html, /<pre>\$also not\$<\/pre>/);
  // The style sheet is inlined, with its fonts beside the page, and only woff2.
  assert.match(html, /<style>@font-face\{[^}]*url\(katex\/fonts\/KaTeX_AMS-Regular\.woff2\)/);
  assert.doesNotMatch(html, /\.woff\)|\.ttf\)/);
  // A display too wide for a narrow screen scrolls instead of being cut off.
  assert.match(html, /\.katex-display\{overflow:auto hidden;margin:\.5em 0;padding:\.5em 0\}/);
});

Deno.test("a page without maths is left byte for byte; bad TeX fails, naming the page and the formula", () => {
  const plain = page("<p>No maths here.</p>");
  assert.deepEqual(typesetPage(plain), { html: plain, formulas: 0 });
  assert.throws(
    () => typesetPage(page("<p>$\\frac{1}{$</p>"), "07_broken.html"),
    /07_broken\.html: KaTeX cannot typeset "\\\\frac\{1\}\{"/,
  );
});
