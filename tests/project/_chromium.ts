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

export interface Browser {
  open(url: string, probe: string, awaitPromise?: boolean): Promise<PageReport>;
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

  return {
    async open(url: string, probe: string, awaitPromise = false): Promise<PageReport> {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true }) as {
        sessionId: string;
      };
      const report: PageReport = { requests: [], errors: [], probe: undefined };
      let loaded: () => void = () => {};
      const done = new Promise<void>((resolve) => (loaded = resolve));
      const listener = (
        msg: { method: string; params: Record<string, unknown>; sessionId?: string },
      ) => {
        if (msg.sessionId !== sessionId) return;
        if (msg.method === "Network.requestWillBeSent") {
          report.requests.push((msg.params.request as { url: string }).url);
        } else if (msg.method === "Runtime.exceptionThrown") {
          report.errors.push(JSON.stringify(msg.params.exceptionDetails));
        } else if (msg.method === "Page.loadEventFired") {
          loaded();
        }
      };
      listeners.push(listener);
      await send("Network.enable", {}, sessionId);
      await send("Runtime.enable", {}, sessionId);
      await send("Page.enable", {}, sessionId);
      await send("Emulation.setDeviceMetricsOverride", {
        width: 1100,
        height: 900,
        deviceScaleFactor: 1,
        mobile: false,
      }, sessionId);
      await send("Page.navigate", { url }, sessionId);
      const timeout = setTimeout(() => loaded(), 15000);
      await done;
      clearTimeout(timeout);
      const { result } = await send(
        "Runtime.evaluate",
        { expression: probe, returnByValue: true, awaitPromise },
        sessionId,
      ) as {
        result: { value: unknown };
      };
      report.probe = result.value;
      listeners.splice(listeners.indexOf(listener), 1);
      await send("Target.closeTarget", { targetId });
      return report;
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
