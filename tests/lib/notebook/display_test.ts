import assert from "node:assert/strict";
import { checked, DISPLAY } from "nn";

Deno.test("checked: a check line as text, and as HTML with its text escaped", () => {
  const line = checked("a < b")[DISPLAY]();
  assert.equal(line["text/plain"], "✓ a < b");
  assert.match(String(line["text/html"]), /✓ a &lt; b/);
});
