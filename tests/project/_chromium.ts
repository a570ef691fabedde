// Opens pages in headless Chromium (Debian's package) over the DevTools
// protocol, to see what a reader sees: which figures have a size on screen,
// which requests the page makes, and which errors it throws. A missing
// Chromium is a failure that names the package, never a skip.

export async function requireChromium(): Promise<string> {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (await Deno.stat(candidate).then(() => true, () => false)) return candidate;
  }
  throw new Error(
    "Chromium is missing (no /usr/bin/chromium): install it with " +
      "'apt-get install --no-install-recommends chromium' (./nn test does this)",
  );
}

export interface PageReport {
  /** Every URL the page requested. */
  requests: string[];
  /** Exceptions thrown by scripts on the page. */
  errors: string[];
  /** The result of evaluating `probe` in the loaded page. */
  probe: unknown;
}

/** How to open a page with {@link Browser.page}. */
export interface PageOptions {
  /** Viewport width in CSS pixels (default 1100). */
  width?: number;
  /** Viewport height in CSS pixels (default 900). */
  height?: number;
  /** Emulate a phone: touch, and the viewport meta tag honoured (default false). */
  mobile?: boolean;
  /** Script run in the page before any of its own (to install observers, say). */
  beforeLoad?: string;
  /** A folder where the page's downloads are saved (see {@link Page.download}). */
  downloads?: string;
}

/** One event of a Chromium trace: durations in microseconds, `tdur` the thread's CPU time. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args: Record<string, unknown>;
}

/** An open page, to act on as a reader does and to inspect. */
export interface Page {
  /** Every URL the page requested so far. */
  readonly requests: string[];
  /** Exceptions thrown by scripts on the page so far. */
  readonly errors: string[];
  /** The value of an expression in the page (awaited when it is a promise). */
  evaluate(expression: string): Promise<unknown>;
  /** Polls an expression until it is truthy and returns its value; fails after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<unknown>;
  /**
   * A real mouse click (move, press, release) on the element `selector`
   * finds, at its centre or at (x, y) from its top-left corner, after
   * scrolling it into view.
   */
  click(selector: string, at?: { x: number; y: number }): Promise<void>;
  /** Focuses the element and types `text` into it, as a keyboard would. */
  type(selector: string, text: string): Promise<void>;
  /** Puts files into a file input, as choosing them in a file dialog does. */
  setFiles(selector: string, paths: string[]): Promise<void>;
  /** Changes the viewport. */
  setViewport(width: number, height: number, mobile?: boolean): Promise<void>;
  /** Lays the page out for a medium: "print" as when printing, "" for the screen again. */
  emulateMedia(media: "print" | "screen" | ""): Promise<void>;
  /** A PNG of the viewport, or of the whole page with `fullPage`. */
  screenshot(fullPage?: boolean): Promise<Uint8Array>;
  /**
   * Chromium's trace events of the given categories, recorded while `during`
   * runs (thread names come as metadata events, `ph: "M"`).
   */
  trace(categories: string[], during: () => Promise<void>): Promise<TraceEvent[]>;
  /** Waits for the next download to finish and returns its file name and bytes. */
  download(timeoutMs?: number): Promise<{ name: string; bytes: Uint8Array }>;
  close(): Promise<void>;
}

export interface Browser {
  /** Opens a page, waits for its load event, evaluates `probe`, and closes it. */
  open(url: string, probe: string, awaitPromise?: boolean): Promise<PageReport>;
  /** Opens a page and waits for its load event; the caller closes it. */
  page(url: string, options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const bin = await requireChromium();
  const profile = await Deno.makeTempDir({ prefix: "nn-chromium-" });
  const child = new Deno.Command(bin, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let port = "", path = "";
  for (let i = 0; i < 200 && !path; i++) {
    try {
      [port, path] = (await Deno.readTextFile(`${profile}/DevToolsActivePort`)).trim().split("\n");
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!path) {
    child.kill();
    throw new Error("Chromium did not open its DevTools port within 10 s");
  }
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map<
    number,
    (msg: { result?: unknown; error?: { message: string } }) => void
  >();
  const listeners:
    ((msg: { method: string; params: Record<string, unknown>; sessionId?: string }) => void)[] = [];
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
    else for (const l of listeners) l(msg);
  };
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (msg) => {
        pending.delete(id);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result as Record<string, unknown>);
      });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });

  async function page(url: string, options: PageOptions = {}): Promise<Page> {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true }) as {
      sessionId: string;
    };
    const requests: string[] = [], errors: string[] = [];
    const finished: { name: string; path: string }[] = [];
    const guesses = new Map<string, string>();
    let traced: ((stream: string) => void) | undefined;
    let loaded: () => void = () => {};
    const done = new Promise<void>((resolve) => (loaded = resolve));
    const listener = (
      msg: { method: string; params: Record<string, unknown>; sessionId?: string },
    ) => {
      if (msg.method === "Browser.downloadWillBegin") {
        guesses.set(msg.params.guid as string, msg.params.suggestedFilename as string);
      } else if (msg.method === "Browser.downloadProgress" && msg.params.state === "completed") {
        const guid = msg.params.guid as string;
        if (options.downloads) {
          finished.push({ name: guesses.get(guid) ?? guid, path: `${options.downloads}/${guid}` });
        }
      }
      if (msg.sessionId !== sessionId) return;
      if (msg.method === "Network.requestWillBeSent") {
        requests.push((msg.params.request as { url: string }).url);
      } else if (msg.method === "Runtime.exceptionThrown") {
        errors.push(JSON.stringify(msg.params.exceptionDetails));
      } else if (msg.method === "Page.loadEventFired") {
        loaded();
      } else if (msg.method === "Tracing.tracingComplete") {
        traced?.(msg.params.stream as string);
      }
    };
    listeners.push(listener);
    const on = (method: string, params: Record<string, unknown> = {}) =>
      send(method, params, sessionId);
    await on("Network.enable");
    await on("Runtime.enable");
    await on("Page.enable");
    if (options.downloads) {
      await send("Browser.setDownloadBehavior", {
        behavior: "allowAndName",
        downloadPath: options.downloads,
        eventsEnabled: true,
      });
    }
    const setViewport = async (width: number, height: number, mobile = false) => {
      await on("Emulation.setDeviceMetricsOverride", {
        width,
        height,
        deviceScaleFactor: 1,
        mobile,
      });
      await on("Emulation.setTouchEmulationEnabled", { enabled: mobile });
    };
    await setViewport(options.width ?? 1100, options.height ?? 900, options.mobile);
    if (options.beforeLoad) {
      await on("Page.addScriptToEvaluateOnNewDocument", { source: options.beforeLoad });
    }
    await on("Page.navigate", { url });
    const timeout = setTimeout(() => loaded(), 15000);
    await done;
    clearTimeout(timeout);
    const evaluate = async (expression: string) => {
      const { result, exceptionDetails } = await on("Runtime.evaluate", {
        expression,
        returnByValue: true,
        awaitPromise: true,
      }) as {
        result: { value: unknown };
        exceptionDetails?: { exception?: { description?: string } };
      };
      if (exceptionDetails) {
        throw new Error(
          `${expression.slice(0, 80)} threw: ${exceptionDetails.exception?.description}`,
        );
      }
      return result.value;
    };
    const centre = async (selector: string, at?: { x: number; y: number }) => {
      const box = await evaluate(`(() => {
        const el = document.querySelector(${JSON.stringify(selector)});
        if (!el) return null;
        el.scrollIntoView({ block: "center", inline: "center" });
        const r = el.getBoundingClientRect();
        return { x: r.left, y: r.top, w: r.width, h: r.height };
      })()`) as { x: number; y: number; w: number; h: number } | null;
      if (!box) throw new Error(`No element matches ${selector}`);
      return at
        ? { x: box.x + at.x, y: box.y + at.y }
        : { x: box.x + box.w / 2, y: box.y + box.h / 2 };
    };
    return {
      requests,
      errors,
      evaluate,
      async waitFor(expression: string, timeoutMs = 20000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const value = await evaluate(expression);
          if (value) return value;
          if (Date.now() > until) {
            throw new Error(
              `Waited ${timeoutMs} ms for ${expression}, got ${JSON.stringify(value)}`,
            );
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async click(selector: string, at?: { x: number; y: number }) {
        const { x, y } = await centre(selector, at);
        await on("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
        for (const type of ["mousePressed", "mouseReleased"]) {
          await on("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
        }
      },
      async type(selector: string, text: string) {
        await evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
        await on("Input.insertText", { text });
      },
      async setFiles(selector: string, paths: string[]) {
        const { root } = await on("DOM.getDocument") as { root: { nodeId: number } };
        const { nodeId } = await on("DOM.querySelector", {
          nodeId: root.nodeId,
          selector,
        }) as { nodeId: number };
        if (!nodeId) throw new Error(`No element matches ${selector}`);
        await on("DOM.setFileInputFiles", { nodeId, files: paths });
      },
      setViewport,
      async emulateMedia(media: "print" | "screen" | "") {
        await on("Emulation.setEmulatedMedia", { media });
      },
      async screenshot(fullPage = false) {
        let clip;
        if (fullPage) {
          const { cssContentSize } = await on("Page.getLayoutMetrics") as {
            cssContentSize: { width: number; height: number };
          };
          clip = {
            x: 0,
            y: 0,
            width: cssContentSize.width,
            height: cssContentSize.height,
            scale: 1,
          };
        }
        const { data } = await on("Page.captureScreenshot", {
          format: "png",
          captureBeyondViewport: fullPage,
          ...(clip ? { clip } : {}),
        }) as { data: string };
        return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      },
      async trace(categories: string[], during: () => Promise<void>) {
        const complete = new Promise<string>((resolve) => (traced = resolve));
        await on("Tracing.start", {
          traceConfig: { includedCategories: [...categories, "__metadata"] },
          transferMode: "ReturnAsStream",
        });
        try {
          await during();
        } finally {
          await on("Tracing.end");
        }
        const stream = await complete;
        let text = "";
        for (;;) {
          const { data, base64Encoded, eof } = await on("IO.read", { handle: stream }) as {
            data: string;
            base64Encoded?: boolean;
            eof: boolean;
          };
          text += base64Encoded
            ? new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)))
            : data;
          if (eof) break;
        }
        await on("IO.close", { handle: stream });
        const json = JSON.parse(text);
        return (Array.isArray(json) ? json : json.traceEvents) as TraceEvent[];
      },
      async download(timeoutMs = 20000) {
        if (!options.downloads) throw new Error("This page was opened without a downloads folder");
        const until = Date.now() + timeoutMs;
        while (finished.length === 0) {
          if (Date.now() > until) throw new Error(`No download finished within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const { name, path } = finished.shift()!;
        return { name, bytes: await Deno.readFile(path) };
      },
      async close() {
        listeners.splice(listeners.indexOf(listener), 1);
        await send("Target.closeTarget", { targetId });
      },
    };
  }

  return {
    page,
    async open(url: string, probe: string, _awaitPromise = false): Promise<PageReport> {
      // Page.evaluate awaits a promise anyway; the flag stays for the callers that pass it.
      const p = await page(url);
      try {
        return { requests: p.requests, errors: p.errors, probe: await p.evaluate(probe) };
      } finally {
        await p.close();
      }
    },
    async close() {
      try {
        await send("Browser.close");
      } catch {
        // already closing
      }
      ws.close();
      child.kill();
      await child.status;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
