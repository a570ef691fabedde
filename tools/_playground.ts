// Builds the playground page into the site: its two classic scripts (the page,
// and the workbook writer it loads on demand) and its HTML.
import { ROOT } from "./_paths.ts";
import { bundleForBrowser } from "./_bundle.ts";

/** Writes site/playground/: index.html, playground.js and workbook.js. */
export async function buildPlayground(site: string): Promise<void> {
  const out = `${site}/playground`;
  await Deno.mkdir(out, { recursive: true });
  await Promise.all([
    bundleForBrowser("playground/main.ts", `${out}/playground.js`),
    bundleForBrowser("playground/workbook.ts", `${out}/workbook.js`),
    Deno.copyFile(`${ROOT}/playground/index.html`, `${out}/index.html`),
  ]);
}

if (import.meta.main) {
  const out = Deno.args[0] ?? `${ROOT}/site`;
  await buildPlayground(out);
  console.log(`Built ${out}/playground/index.html`);
}
