// What the tests of the playground's pages share: the site built once per test file into a
// temporary folder, a page opened in headless Chromium that must stay offline and error-free, and
// the page's main-thread tasks read from Chromium's trace.
import assert from "node:assert/strict";
import { buildPlayground } from "../../tools/_playground.ts";
import { launchChromium, type Page, type PageOptions, type TraceEvent } from "./_chromium.ts";

/** The playground's first frame has drawn the untrained network (it shows "–" until then). */
export const PLAYGROUND_READY = `document.getElementById("epoch").textContent === "0"`;
/** The digits page has scored the untrained network on its test images (it shows "–" until then). */
export const DIGITS_READY = `document.getElementById("test-acc").textContent !== "–"`;

/** The pages of one built site: built on first use, removed when the test file's run ends. */
export interface PlaygroundSite {
  /** The site's folder. */
  dir: string;
  /** Builds the site (once; later calls wait for the same build). */
  build(): Promise<void>;
  /**
   * Opens `file` (under playground/) at `hash`, waits until `ready` holds, runs `use` on it, then
   * checks that the page requested nothing from outside and threw nothing.
   */
  withPage(
    hash: string,
    use: (p: Page) => Promise<void>,
    options?: PageOptions & { file?: string; ready?: string },
  ): Promise<void>;
}

export function playgroundSite(prefix: string): PlaygroundSite {
  const dir = Deno.makeTempDirSync({ prefix });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  let built: Promise<void> | undefined;
  const build = () => built ??= buildPlayground(dir);
  return {
    dir,
    build,
    async withPage(hash, use, options = {}) {
      const { file = "index.html", ready = PLAYGROUND_READY, ...pageOptions } = options;
      await build();
      const browser = await launchChromium();
      try {
        const p = await browser.page(`file://${dir}/playground/${file}${hash}`, pageOptions);
        await p.waitFor(ready);
        await use(p);
        const outside = p.requests.filter((u) => !/^(file|blob|data):/.test(u));
        assert.deepEqual(outside, [], `the page requested ${outside.join(", ")}`);
        assert.deepEqual(p.errors, [], `the page threw ${p.errors.join("; ")}`);
      } finally {
        await browser.close();
      }
    },
  };
}

/** The text of the element with this id. */
export const textOf = (p: Page, id: string) =>
  p.evaluate(`document.getElementById(${JSON.stringify(id)}).textContent`) as Promise<string>;

/** A task on the page's main thread, from Chromium's trace: start on the page's clock, wall and CPU time, in ms. */
export interface MainTask {
  start: number;
  wall: number;
  cpu: number;
}

/**
 * Traces the page while `during` runs and returns the main thread's tasks that started meanwhile,
 * and when that was, on the page's clock (a mark set at the start is in both the trace and the page).
 */
export async function mainTasksDuring(
  p: Page,
  during: () => Promise<void>,
): Promise<{ start: number; end: number; tasks: MainTask[] }> {
  let start = 0, end = 0;
  const events: TraceEvent[] = await p.trace(
    ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"],
    async () => {
      start = await p.evaluate(`performance.mark("nn-training").startTime`) as number;
      await during();
      end = await p.evaluate("performance.now()") as number;
    },
  );
  const mark = events.find((e) => e.name === "nn-training");
  assert.ok(mark, "the trace holds the page's mark");
  const main = new Set(
    events.filter((e) =>
      e.ph === "M" && e.name === "thread_name" && e.args.name === "CrRendererMain"
    ).map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events
    .filter((e) => e.name === "RunTask" && e.ph === "X" && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({
      start: start + (e.ts - mark.ts) / 1000,
      wall: e.dur! / 1000,
      cpu: e.tdur! / 1000,
    }))
    .filter((t) => t.start >= start && t.start <= end);
  return { start, end, tasks };
}

/** The task that computed longest. */
export const busiest = (tasks: MainTask[]) => tasks.reduce((a, b) => (b.cpu > a.cpu ? b : a));
