// Prints the reading site to PDF with headless Chromium: one chapter, several,
// or the whole course (the contents page, then every chapter) in one file. The
// pages print with their print style sheet: no navigation, and with
// --no-code no code cells either. Builds the site first when it is missing.
//
//   deno task pdf               pdf/nn-course.pdf: the whole course
//   deno task pdf 04            pdf/04_two_layer_fix.pdf
//   deno task pdf 01 04         pdf/nn-course-01-04.pdf
//   deno task pdf --no-code 04  pdf/04_two_layer_fix-no-code.pdf
import { notebookNumber, ROOT, selects, SITE } from "./_paths.ts";

export interface PdfOptions {
  /** The built site to print (default: site/). */
  site?: string;
  /** Chapters these select, as `./nn book` does: "04" is 04 alone, "04b" 04b (default: all). */
  chapters?: string[];
  /** Leave out the code cells' input (default false). */
  noCode?: boolean;
  /** The PDF to write (default: in pdf/, named after what it holds). */
  out?: string;
}

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function command(bin: string, args: string[], what: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(bin, { args, stdout: "null", stderr: "piped" })
    .output().catch((e) => {
      throw new Error(`${what}: cannot run ${bin} (${(e as Error).message})`);
    });
  if (code !== 0) {
    throw new Error(`${what} failed (exit ${code}): ${new TextDecoder().decode(stderr).trim()}`);
  }
}

/** The chapter pages of a built site, in reading order. */
export function chapterPages(site: string): string[] {
  return [...Deno.readDirSync(site)].map((e) => e.name)
    .filter((n) => /^\d\d[a-z]?_[a-z0-9_]+\.html$/.test(n)).sort().map((n) => n.slice(0, -5));
}

/** Prints pages of the site into one PDF; returns its path. */
export async function makePdf(options: PdfOptions = {}): Promise<string> {
  const site = options.site ?? SITE;
  const filters = options.chapters ?? [];
  const bad = filters.filter((f) => !/^\d{1,2}/.test(f));
  if (bad.length > 0) {
    throw new Error(`pdf: chapters are named by number (01, 04), got ${JSON.stringify(bad)}`);
  }
  if (!await exists(`${site}/index.html`)) {
    if (options.site !== undefined) throw new Error(`pdf: no built site in ${site}`);
    console.log("pdf: no site yet: building it first (./nn book)");
    const { buildBook } = await import("./book.ts");
    await buildBook();
  }
  const all = chapterPages(site);
  const chosen = filters.length === 0
    ? ["index", ...all]
    : all.filter((n) => filters.some((f) => selects(f.padStart(2, "0"), n)));
  if (chosen.length === 0) {
    throw new Error(
      `pdf: no chapter matches ${filters.join(", ")}; the site has ${all.join(", ")}`,
    );
  }
  const chromium = (await Promise.all(CHROMIUM.map(exists))).indexOf(true);
  if (chromium < 0) {
    throw new Error(
      "pdf: Chromium is missing (no /usr/bin/chromium): install it with " +
        "'apt-get install --no-install-recommends chromium' (./nn pdf does this)",
    );
  }
  const suffix = options.noCode ? "-no-code" : "";
  const name = filters.length === 0
    ? "nn-course"
    : chosen.length === 1
    ? chosen[0]
    : `nn-course-${chosen.map(notebookNumber).join("-")}`;
  const out = options.out ?? `${ROOT}/pdf/${name}${suffix}.pdf`;
  await Deno.mkdir(out.replace(/\/[^/]+$/, ""), { recursive: true });
  const work = await Deno.makeTempDir({ prefix: "nn-pdf-" });
  try {
    const parts: string[] = [];
    for (const page of chosen) {
      const part = `${work}/${page}.pdf`;
      const url = `file://${site}/${page}.html${options.noCode ? "?print=no-code" : ""}`;
      await command(CHROMIUM[chromium], [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        `--user-data-dir=${work}/profile`,
        "--no-pdf-header-footer",
        // Time for the fonts and the live charts after the load event.
        "--virtual-time-budget=5000",
        `--print-to-pdf=${part}`,
        url,
      ], `Printing ${page}.html with Chromium`);
      parts.push(part);
    }
    if (parts.length === 1) {
      await Deno.copyFile(parts[0], out);
    } else {
      await command("pdfunite", [...parts, out], "Joining the pages with pdfunite (poppler-utils)");
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  return out;
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--no-code");
  const unknown = args.filter((a) => a.startsWith("-"));
  try {
    if (unknown.length > 0) {
      throw new Error(
        `pdf: unknown option ${unknown.join(" ")} (usage: ./nn pdf [--no-code] [NN...])`,
      );
    }
    const started = performance.now();
    const out = await makePdf({ chapters: args, noCode: Deno.args.includes("--no-code") });
    const kb = Math.round((await Deno.stat(out)).size / 1024);
    console.log(
      `Wrote ${out} (${kb} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
}
