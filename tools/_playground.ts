// Builds the playground page into the site: its two classic scripts (the page,
// and the workbook writer it loads on demand) and its HTML.
import { ROOT } from "./_paths.ts";
import { bundleForBrowser } from "./_bundle.ts";

/** Writes site/playground/: index.html, playground.js and workbook.js. */
export async function buildPlayground(site: string): Promise<void> {
  const out = `${site}/playground`;
  await Deno.mkdir(out, { recursive: true });
  // One bundle at a time: on a fresh machine the first `deno bundle` installs esbuild into Deno's
  // cache, and two running at once race for it ("failed to copy esbuild binary").
  await bundleForBrowser("playground/main.ts", `${out}/playground.js`);
  await bundleForBrowser("playground/workbook.ts", `${out}/workbook.js`);
  await Deno.copyFile(`${ROOT}/playground/index.html`, `${out}/index.html`);
}

if (import.meta.main) {
  const out = Deno.args[0] ?? `${ROOT}/site`;
  await buildPlayground(out);
  console.log(`Built ${out}/playground/index.html`);
}
