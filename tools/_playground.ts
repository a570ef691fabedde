// Builds the playground pages into the site: the playground's two classic
// scripts (the page, and the workbook writer it loads on demand) and its HTML,
// and the digits page: its script, its HTML and the MNIST images it trains on; and the style both
// pages share.
import { ROOT } from "./_paths.ts";
import { bundleForBrowser } from "./_bundle.ts";
import { loadMnist } from "../lib/notebook/mnist.ts";
import { dataScript, firstOfEachDigit } from "../playground/digits/data.ts";

/** The digits page's share of MNIST: the first images of each digit. */
export const DIGITS_SHIPPED = { trainPerDigit: 600, testPerDigit: 100 } as const;

/**
 * Writes site/playground/: index.html, playground.js and workbook.js; and
 * digits.html, digits.js and digits-data.js; and page.css, the style both pages share.
 */
export async function buildPlayground(site: string): Promise<void> {
  const out = `${site}/playground`;
  await Deno.mkdir(out, { recursive: true });
  // One bundle at a time: on a fresh machine the first `deno bundle` installs esbuild into Deno's
  // cache, and two running at once race for it ("failed to copy esbuild binary").
  await bundleForBrowser("playground/main.ts", `${out}/playground.js`);
  await bundleForBrowser("playground/workbook.ts", `${out}/workbook.js`);
  await Deno.copyFile(`${ROOT}/playground/page.css`, `${out}/page.css`);
  await Deno.copyFile(`${ROOT}/playground/index.html`, `${out}/index.html`);
  await bundleForBrowser("playground/digits/main.ts", `${out}/digits.js`);
  await Deno.copyFile(`${ROOT}/playground/digits.html`, `${out}/digits.html`);
  const { train, test } = await loadMnist();
  await Deno.writeTextFile(
    `${out}/digits-data.js`,
    await dataScript({
      train: firstOfEachDigit(train, DIGITS_SHIPPED.trainPerDigit),
      test: firstOfEachDigit(test, DIGITS_SHIPPED.testPerDigit),
    }),
  );
}

if (import.meta.main) {
  const out = Deno.args[0] ?? `${ROOT}/site`;
  await buildPlayground(out);
  console.log(`Built ${out}/playground/index.html and digits.html`);
}
