import assert from "node:assert/strict";
import { diagram } from "nn";

Deno.test("diagram: one shape per node, one arrow per edge, labels escaped, bad edges named", () => {
  const fig = diagram(
    [
      { id: "x", label: "x<1>", x: 30, y: 30 },
      { id: "W", label: "W1", x: 30, y: 90, kind: "parameter", note: "dW1" },
      { id: "op", label: "·", x: 120, y: 60, kind: "operation" },
      { id: "z", label: "Z1", x: 210, y: 60 },
    ],
    [["x", "op"], ["W", "op"], ["op", "z"]],
    { title: "Z1 = x·W1" },
  );
  const svg = fig.html;
  assert.match(svg, /^<svg[^>]*width="\d+"/);
  assert.equal(svg.match(/<line /g)?.length, 3);
  assert.equal(svg.match(/<rect /g)?.length, 3);
  assert.equal(svg.match(/<circle /g)?.length, 1);
  assert.match(svg, />x&lt;1&gt;</);
  assert.match(svg, /fill="#b2182b">dW1</);
  assert.match(svg, />Z1 = x·W1</);
  // The arrow into Z1 (centred at x = 210, a box 18 px wide each side) stops before the box.
  const into = [...svg.matchAll(/<line [^>]*x2="([\d.]+)" y2="60"/g)].map((m) => Number(m[1]));
  assert.ok(into.length === 1 && into[0] < 210 - 18, `${into}`);
  assert.throws(() => diagram([{ id: "a", label: "a", x: 0, y: 0 }], [["a", "b"]]), /do not exist/);
  assert.throws(() => diagram([], []), /at least one node/);
  assert.throws(
    () => diagram([{ id: "a", label: "a", x: 0, y: 0 }, { id: "a", label: "b", x: 1, y: 1 }], []),
    /Two diagram nodes have the id "a"/,
  );
});
