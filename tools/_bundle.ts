// Bundles library code for web pages opened from disk: one classic script
// (an IIFE), because a browser refuses ES modules loaded from file:// URLs.
import { ROOT } from "./_paths.ts";

/** Bundles `entry` (a path under the project) into the classic script `out`. */
export async function bundleForBrowser(entry: string, out: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "browser", "--format", "iife", "-o", out, entry],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (code !== 0) {
    throw new Error(`deno bundle ${entry} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
}
