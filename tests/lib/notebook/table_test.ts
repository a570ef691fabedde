import assert from "node:assert/strict";
import { htmlTable } from "nn";

Deno.test("htmlTable escapes its text and rounds its numbers", () => {
  const table = htmlTable([{ formula: "=IF(A1>0,A1,0)", n: 0.1234567 }]);
  assert.match(table.html, /=IF\(A1&gt;0,A1,0\)/);
  assert.match(table.html, /<td>0\.123457<\/td>/);
  assert.throws(() => htmlTable([]), /at least one row/);
});
