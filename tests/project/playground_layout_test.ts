// The playground's layout and access, on the built page in headless Chromium
// with no network: what a laptop screen and a phone show without scrolling,
// readouts that follow the weights, the keys that work the two canvases, tap
// targets, and a wide network drawn with a bounded number of lines.
import assert from "node:assert/strict";
import type { Page } from "./_chromium.ts";
import { playgroundSite, textOf } from "./_playground_page.ts";
import { defaults, fromHash, toHash } from "../../playground/config.ts";
import { layoutNetwork } from "../../playground/network_view.ts";
import { moveOnNetwork, moveOnPlot, type NetworkCursor } from "../../playground/keyboard.ts";

const { withPage } = playgroundSite("nn-playground-layout-");

const valueOf = (p: Page, id: string) =>
  p.evaluate(`document.getElementById(${JSON.stringify(id)}).value`) as Promise<string>;

/** Waits until the page has drawn two more frames. */
const frames = (p: Page) =>
  p.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);

/** The pointer moved to (x, y) from the element's top-left corner, without a click. */
async function hover(p: Page, selector: string, x: number, y: number): Promise<void> {
  await p.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const r = el.getBoundingClientRect();
    el.dispatchEvent(new PointerEvent("pointermove", {
      clientX: r.left + ${x}, clientY: r.top + ${y}, bubbles: true,
    }));
  })()`);
  await frames(p);
}

/** Keys pressed on the element that has the focus. */
async function press(p: Page, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    await p.evaluate(`document.activeElement.dispatchEvent(new KeyboardEvent("keydown", {
      key: ${JSON.stringify(key)}, bubbles: true, cancelable: true,
    }))`);
  }
  await frames(p);
}

/** Each element's box on the screen: left, top, right, bottom, in CSS pixels. */
function boxes(p: Page, selectors: string[]): Promise<Record<string, number[]>> {
  return p.evaluate(`Object.fromEntries(${JSON.stringify(selectors)}.map((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return [s, [r.left, r.top, r.right, r.bottom]];
  }))`) as Promise<Record<string, number[]>>;
}

/** How wide the page and its widest element are, against the viewport. */
const widths = (p: Page) =>
  p.evaluate(`({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    widest: Math.max(...[...document.body.querySelectorAll("*")]
      .map((el) => el.getBoundingClientRect().right)),
  })`) as Promise<{ page: number; viewport: number; widest: number }>;

const FIRST_SCREEN = ["#reset", "#play", "#step", "#datasets", "#network", "#boundary", ".scores"];

Deno.test("at 1366×800 the controls, the data, the network, the plot, the scores and the loss chart are on the first screen, and the formula starts on it", async () => {
  await withPage("", async (p) => {
    const at = await boxes(p, [...FIRST_SCREEN, "#chart", "#formula-panel", "#network-box"]);
    for (const s of [...FIRST_SCREEN, "#chart"]) {
      const [, top, , bottom] = at[s];
      assert.ok(top >= 0 && bottom <= 800, `${s} spans ${top} to ${bottom} px down`);
    }
    // The formula's panel is beside the network, its title and first lines on the screen.
    const [left, top, right] = at["#formula-panel"];
    assert.ok(top + 120 <= 800, `the formula starts ${top} px down`);
    assert.ok(right <= at["#network-box"][0] || left >= at["#network-box"][2], "beside the net");
    const w = await widths(p);
    assert.ok(w.page <= w.viewport, `the page is ${w.page} px wide in ${w.viewport}`);
  }, { width: 1366, height: 800 });
  // Larger and smaller screens: nothing overflows sideways, and the plot and the chart are seen.
  for (const [width, height] of [[1920, 1080], [1024, 768]]) {
    await withPage("", async (p) => {
      const w = await widths(p);
      assert.ok(w.page <= w.viewport, `at ${width} px the page is ${w.page} px wide`);
      assert.ok(w.widest <= w.viewport, `at ${width} px an element reaches ${w.widest} px`);
      const at = await boxes(p, ["#boundary", "#chart", "#datasets"]);
      for (const [s, [, , , bottom]] of Object.entries(at)) {
        assert.ok(bottom <= height, `at ${width}×${height} ${s} ends ${bottom} px down`);
      }
    }, { width, height });
  }
});

Deno.test("on a 390×844 phone the buttons, the data picker and the plot come first, nothing overflows sideways, and every control is at least 24 px square", async () => {
  await withPage("", async (p) => {
    const at = await boxes(p, ["#reset", "#play", "#step", "#datasets", "#boundary"]);
    for (const s of ["#reset", "#play", "#step"]) {
      assert.ok(at[s][3] <= 844, `${s} ends ${at[s][3]} px down`);
    }
    for (const s of ["#datasets", "#boundary"]) {
      assert.ok(at[s][1] <= 1.5 * 844, `${s} starts ${at[s][1]} px down`);
    }
    const w = await widths(p);
    assert.equal(w.viewport, 390);
    assert.ok(w.page <= 390, `the page is ${w.page} px wide`);
    assert.ok(w.widest <= 390, `an element reaches ${w.widest} px`);
    // Every control shown, with the details of own data opened, is large enough to tap.
    await p.click("#own-data summary");
    const small = await p.evaluate(`[...document.querySelectorAll(
      "button, select, input, summary, textarea, canvas[tabindex]")]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => [el.id || el.textContent.trim().slice(0, 20) || el.tagName,
        el.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24)
      .map(([name, r]) => name + " " + Math.round(r.width) + "×" + Math.round(r.height))`);
    assert.deepEqual(small, [], "controls smaller than 24 × 24 px");
  }, { width: 390, height: 844, mobile: true });
});

/** The number a readout gives for a weight or a bias: "W2[1][2] = -0.3142: from …" → -0.3142. */
const valueIn = (text: string) => Number(/ = (-?[\d.e+-]+)/.exec(text)?.[1]);

Deno.test("after an edit, a Step and training, the readouts, the editor and the formula show the weights as they are", async () => {
  const downloads = await Deno.makeTempDir({ prefix: "nn-layout-downloads-" });
  try {
    await withPage("", async (p) => {
      const width = await p.evaluate(
        `document.getElementById("network").getBoundingClientRect().width`,
      ) as number;
      const { xs, ys, size } = layoutNetwork([2, 6, 4, 1], width);
      // A third of the way along the line of W2[1][2], as in the page's other test.
      const [x0, y0, x1, y1] = [xs[1] + size, ys[1][1] + size / 2, xs[2], ys[2][2] + size / 2];
      const onWeight = { x: x0 + (x1 - x0) / 3, y: y0 + (y1 - y0) / 3 };
      await p.click("#network", onWeight);
      assert.equal(await textOf(p, "editor-title"), "Weight W2[1][2]");
      assert.match(await textOf(p, "net-readout"), /^W2\[1\]\[2\] = /);
      await p.type("#editor-value", "-2.5");
      await p.click("#editor-set");
      await frames(p);
      assert.match(await textOf(p, "net-readout"), /^W2\[1\]\[2\] = -2\.5: /);
      // The formula of unit 3 of layer 2 multiplies by the new weight.
      await hover(p, "#network", xs[2] + size / 2, ys[2][2] + size / 2);
      assert.match(await textOf(p, "formula-title"), /^layer 2, unit 3 /);
      assert.match(await textOf(p, "formula-ts"), / \* -2\.5 /);
      // The editor open on that weight follows a Step, which changes it.
      await p.click("#network", onWeight);
      assert.equal(await valueOf(p, "editor-value"), "-2.5");
      await p.click("#step");
      await p.waitFor(`document.getElementById("epoch").textContent === "1"`);
      await p.waitFor(`document.getElementById("editor-value").value !== "-2.5"`);
      const editing = Number(await valueOf(p, "editor-value"));
      await p.click("#editor-cancel");
      // Training for a while: the readout still names W2[1][2], with its value as it is now.
      await p.click("#play");
      await p.waitFor(`Number(document.getElementById("epoch").textContent) >= 5`);
      await p.click("#play");
      await frames(p);
      await p.click("#export-json");
      const json = JSON.parse(new TextDecoder().decode((await p.download()).bytes));
      const now = json.layers[1].W[1][2];
      assert.ok(Math.abs(editing - -2.5) > 1e-6, "the Step changed the weight");
      assert.ok(Math.abs(now - editing) > 1e-6, "training changed it again");
      const readout = await textOf(p, "net-readout");
      assert.match(readout, /^W2\[1\]\[2\] = /);
      assert.ok(
        Math.abs(valueIn(readout) - now) <= 1e-3 * Math.abs(now),
        `the readout says ${readout}, the weight is ${now}`,
      );
      // The plot's readout follows an edit of the output's bias.
      await hover(p, "#boundary", 60, 60);
      const before = await textOf(p, "boundary-readout");
      await p.click("#network", { x: xs[3] + size / 2, y: ys[3][0] + size / 2 });
      assert.equal(await textOf(p, "editor-title"), "Bias b3[0]");
      await p.type("#editor-value", "-4");
      await p.click("#editor-set");
      await p.waitFor(
        `document.getElementById("boundary-readout").textContent !== ${JSON.stringify(before)}`,
      );
      const after = await textOf(p, "boundary-readout");
      await hover(p, "#boundary", 60, 60);
      assert.equal(after, await textOf(p, "boundary-readout"), "the same as a fresh hover");
    }, { downloads });
  } finally {
    await Deno.remove(downloads, { recursive: true });
  }
});

Deno.test("the keyboard reaches the network and the plot and does there what a click does", async () => {
  await withPage("", async (p) => {
    // Both canvases are in the page's tab order, with a name and a description of their keys.
    const reach = await p.evaluate(`[...document.querySelectorAll("#network, #boundary")]
      .map((el) => ({ id: el.id, tab: el.tabIndex, name: el.getAttribute("aria-label"),
        keys: document.getElementById(el.getAttribute("aria-describedby")).textContent
          .replace(/\\s+/g, " ") }))`) as {
      id: string;
      tab: number;
      name: string;
      keys: string;
    }[];
    for (const r of reach) {
      assert.equal(r.tab, 0, `${r.id} takes the focus in the page's order`);
      assert.ok(r.name.length > 10, `${r.id} has a name`);
      assert.match(r.keys, /^Keys: .*Enter/, `${r.id} tells its keys`);
    }
    // The network: from the first input along a weight to a unit and back, then an edit.
    await p.evaluate(`document.getElementById("network").focus()`);
    assert.notEqual(
      await p.evaluate(`getComputedStyle(document.getElementById("network-keys")).display`),
      "none",
      "the keys are shown while the network has the focus",
    );
    await press(p, "ArrowDown");
    assert.match(await textOf(p, "net-readout"), /^input x₁: /);
    await press(p, "ArrowRight");
    assert.match(await textOf(p, "net-readout"), /^W1\[0\]\[0\] = /);
    await press(p, "ArrowDown", "ArrowRight");
    assert.match(await textOf(p, "net-readout"), /^layer 1, unit 2: bias b1\[1\] = /);
    assert.match(await textOf(p, "formula-title"), /^layer 1, unit 2 /);
    const said = (panel: string) =>
      p.evaluate(`document.querySelector("${panel} [aria-live]").textContent`) as Promise<string>;
    assert.match(await said("#net-panel"), /^layer 1, unit 2: bias b1\[1\] = /, "read out");
    // The unit under the keyboard is ringed in the focus colour (26, 95, 180) on the canvas.
    const width = await p.evaluate(
      `document.getElementById("network").getBoundingClientRect().width`,
    ) as number;
    const { xs, ys, size } = layoutNetwork([2, 6, 4, 1], width);
    const ring = await p.evaluate(`(() => {
      const ctx = document.getElementById("network").getContext("2d");
      const r = devicePixelRatio;
      const d = ctx.getImageData(Math.round((${xs[1]} - 3) * r), Math.round(${ys[1][1]} * r),
        Math.round(2 * r), Math.round(${size} * r)).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 26) < 30 && Math.abs(d[i + 1] - 95) < 30 && Math.abs(d[i + 2] - 180) < 30) n++;
      }
      return n;
    })()`) as number;
    assert.ok(ring > 3, `${ring} pixels of the ring`);
    await press(p, "ArrowLeft");
    assert.match(await textOf(p, "net-readout"), /^W1\[0\]\[1\] = /);
    await press(p, "Enter");
    assert.equal(await textOf(p, "editor-title"), "Weight W1[0][1]");
    assert.equal(await p.evaluate(`document.activeElement.id`), "editor-value");
    await p.type("#editor-value", "1.5");
    await press(p, "Enter");
    assert.ok(await p.evaluate(`document.getElementById("editor").hidden`), "the editor closed");
    assert.equal(await p.evaluate(`document.activeElement.id`), "network", "focus back");
    assert.match(await textOf(p, "net-readout"), /^W1\[0\]\[1\] = 1\.5: /);
    await press(p, "Escape");
    assert.equal(await textOf(p, "net-readout"), "");
    // The plot: the cross to the top-left corner, then three steps right and down.
    await p.evaluate(`document.getElementById("boundary").focus()`);
    assert.notEqual(
      await p.evaluate(`getComputedStyle(document.getElementById("plot-keys")).display`),
      "none",
      "the keys are shown while the plot has the focus",
    );
    await press(p, ...Array(25).fill("ArrowLeft"), ...Array(25).fill("ArrowUp"));
    assert.match(await textOf(p, "boundary-readout"), /^x = \(-1\.5, 1\.5\): /);
    await press(p, ...Array(3).fill("ArrowRight"), ...Array(3).fill("ArrowDown"));
    assert.match(await textOf(p, "boundary-readout"), /^x = \(-1\.05, 1\.05\): /);
    assert.match(await said("#out-panel"), /^x = \(-1\.05, 1\.05\): /, "read out");
    await press(p, "1");
    await p.waitFor(
      `document.getElementById("csv-message").textContent.startsWith("Own data: ${
        defaults().points + 1
      } points")`,
    );
    await press(p, "0");
    const { points } = fromHash(await p.evaluate("location.hash") as string);
    assert.deepEqual(points!.slice(-2), [
      { x1: -1.05, x2: 1.05, label: 1 },
      { x1: -1.05, x2: 1.05, label: 0 },
    ]);
    // Enter pins the formula's input where the cross is, as a click does.
    await press(p, "Enter");
    assert.match(await textOf(p, "formula-ts"), /^\/\/ x = \(-1\.05, 1\.05\)/);
    await hover(p, "#boundary", 200, 200);
    assert.match(await textOf(p, "formula-ts"), /^\/\/ x = \(-1\.05, 1\.05\)/, "pinned");
    // A click focuses the plot too, but tells no keys: they are for the keyboard.
    await p.click("header h1");
    await p.click("#boundary", { x: 200, y: 200 });
    assert.equal(await p.evaluate(`document.activeElement.id`), "boundary");
    assert.equal(
      await p.evaluate(`getComputedStyle(document.getElementById("plot-keys")).display`),
      "none",
    );
    // On a regression's plot, 1 and 0 add nothing and say why: its targets are numbers.
    await p.click(`#regression-sets button[data-name="sine"]`);
    await p.waitFor(`location.hash.includes("data=sine")`);
    await p.evaluate(`document.getElementById("boundary").focus()`);
    await press(p, "1");
    assert.match(await said("#out-panel"), /1 and 0 add points only to classification data/);
    // Its vertical is the output: ↑ and ↓ move nothing; a click adds nothing there either.
    const before = await textOf(p, "boundary-readout");
    await press(p, "ArrowUp", "ArrowDown", "ArrowDown");
    assert.equal(await textOf(p, "boundary-readout"), before);
    assert.equal(await p.evaluate(`document.getElementById("click-class").disabled`), true);
    const after = fromHash(await p.evaluate("location.hash") as string);
    assert.equal(after.config.data, "sine");
    assert.equal(after.points, undefined);
  });
});

Deno.test("a network of six 64-unit layers draws a bounded number of lines, says how many, and its units can still be hovered and clicked", async () => {
  const config = {
    ...defaults(),
    hidden: [64, 64, 64, 64, 64, 64],
    activations: Array(6).fill("tanh"),
  };
  // Every line of the network's drawing is a lineTo on a Path2D; the page draws nothing else so.
  const count = `globalThis.lines = 0;
    const lineTo = Path2D.prototype.lineTo;
    Path2D.prototype.lineTo = function (...a) { globalThis.lines++; return lineTo.apply(this, a); };`;
  await withPage(`#${toHash(config)}`, async (p) => {
    await frames(p);
    await p.evaluate(`globalThis.lines = 0`);
    // A pointer leaving the network redraws it once.
    await p.evaluate(
      `document.getElementById("network").dispatchEvent(new PointerEvent("pointerleave"))`,
    );
    await frames(p);
    const lines = await p.evaluate(`globalThis.lines`) as number;
    const weights = 2 * 64 + 5 * 64 * 64 + 64;
    assert.ok(lines > 0 && lines <= 500, `${lines} lines drawn for ${weights} weights`);
    const note = await p.evaluate(
      `document.getElementById("network-box").nextElementSibling.textContent`,
    ) as string;
    assert.match(
      note,
      new RegExp(`^Lines drawn: ${lines} of the ${weights.toLocaleString("en")} weights`),
    );
    // Unit 11 of layer 3: the pointer on it names it, and a click edits its bias.
    const width = await p.evaluate(
      `document.getElementById("network").getBoundingClientRect().width`,
    ) as number;
    const { xs, ys, size } = layoutNetwork([2, ...config.hidden, 1], width);
    const at = { x: xs[3] + size / 2, y: ys[3][10] + size / 2 };
    await hover(p, "#network", at.x, at.y);
    assert.match(await textOf(p, "net-readout"), /^layer 3, unit 11: bias b3\[10\] = /);
    assert.match(await textOf(p, "formula-title"), /^layer 3, unit 11 /);
    await p.click("#network", at);
    assert.equal(await textOf(p, "editor-title"), "Bias b3[10]");
  }, { beforeLoad: count, width: 1366, height: 800 });
});

Deno.test("the keys' moves on the network stay within its columns and on the plot within its square", () => {
  const widths = [2, 3, 1];
  const walk = (keys: string[]) =>
    keys.reduce<NetworkCursor | undefined>((c, k) => moveOnNetwork(c, k, widths) ?? c, undefined);
  assert.deepEqual(walk(["ArrowDown"]), { unit: { c: 0, u: 0 } }, "the first key: input x1");
  assert.deepEqual(walk(["ArrowDown", "ArrowDown", "ArrowDown"]), { unit: { c: 0, u: 1 } });
  assert.deepEqual(walk(["ArrowDown", "ArrowRight"]), { weight: { l: 0, i: 0, j: 0 } });
  // Down through the weights out of x1 stops at the last unit of layer 1, then right to it.
  assert.deepEqual(
    walk(["ArrowUp", "ArrowRight", ...Array(5).fill("ArrowDown"), "ArrowRight"]),
    { unit: { c: 1, u: 2 } },
  );
  // Left from a unit goes along its weight from the first unit before it; right at the output stays.
  assert.deepEqual(walk(["ArrowUp", "ArrowRight", "ArrowRight", "ArrowLeft"]), {
    weight: { l: 0, i: 0, j: 0 },
  });
  const out = { unit: { c: 2, u: 0 } };
  assert.deepEqual(moveOnNetwork(out, "ArrowRight", widths), out);
  assert.deepEqual(moveOnNetwork(out, "ArrowLeft", widths), { weight: { l: 1, i: 0, j: 0 } });
  assert.equal(moveOnNetwork(out, "Enter", widths), undefined, "not a move");
  // A cursor left from a wider network is brought into this one.
  assert.deepEqual(moveOnNetwork({ unit: { c: 5, u: 9 } }, "ArrowUp", widths), out);
  const domain = { lo: -1.5, hi: 1.5 };
  assert.deepEqual(moveOnPlot([0, 0], "ArrowRight", false, domain), [0.15, 0]);
  assert.deepEqual(moveOnPlot([0, 0], "ArrowUp", true, domain), [0, 0.03]);
  assert.deepEqual(moveOnPlot([1.45, -1.45], "ArrowRight", false, domain), [1.5, -1.45]);
  assert.deepEqual(moveOnPlot([1.45, -1.45], "ArrowDown", false, domain), [1.45, -1.5]);
  assert.equal(moveOnPlot([0, 0], "a", false, domain), undefined);
});
