// Typesets the maths of the reading site at build time with KaTeX, so that a
// page shows formulas with nothing fetched or run when it is read. The
// notebooks write LaTeX in their markdown cells, $…$ inline and $$…$$ on a
// line of its own (Jupyter renders it itself); nbconvert leaves it in the
// exported HTML as text, and this step replaces it with KaTeX's HTML. The
// KaTeX style sheet is inlined in each page that has maths, and its fonts are
// copied into site/katex/fonts/.
//
// Only the markdown cells are touched, never code, outputs or scripts, and a
// formula KaTeX cannot read fails the build, naming the page and the formula.
import katex from "katex";
import { ROOT } from "./_paths.ts";

const KATEX_DIST = `${ROOT}/node_modules/katex/dist`;
const MARKDOWN_CELL = /<div class="[^"]*\bjp-MarkdownOutput\b[^"]*"[^>]*>/g;

/** The end of the element that starts at `from` (just after its opening <div>): the index of its </div>. */
function closingDiv(html: string, from: number): number {
  const tag = /<\/?div\b[^>]*>/g;
  tag.lastIndex = from;
  let depth = 1;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return m.index;
  }
  throw new Error("A markdown cell's <div> is not closed");
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|#39|#x27);/g,
    (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", "#x27": "'" })[e]!,
  );
}

function render(tex: string, displayMode: boolean, where: string): string {
  try {
    return katex.renderToString(decodeEntities(tex).trim(), {
      displayMode,
      throwOnError: true,
      strict: "error",
    });
  } catch (e) {
    throw new Error(
      `${where}: KaTeX cannot typeset ${JSON.stringify(tex)}: ${(e as Error).message}`,
    );
  }
}

/** Replaces $$…$$ and $…$ in a run of text (no tags inside a formula). */
function typesetText(text: string, where: string): string {
  const display = text.replace(/\$\$([\s\S]+?)\$\$/g, (_, tex) => render(tex, true, where));
  // Inline: $ then a non-space, up to the next $ that follows a non-space and is not followed by
  // a digit (so that "costs $5 and $6" is not maths).
  return display.replace(
    /\$(?=\S)((?:\\\$|[^$])+?)(?<=\S)\$(?!\d)/g,
    (_, tex) => render(tex, false, where),
  );
}

/** Typesets the markdown cells of one page; returns the page and how many formulas it typeset. */
export function typesetPage(html: string, where = "the page"): { html: string; formulas: number } {
  let out = "", last = 0, formulas = 0;
  for (const m of html.matchAll(MARKDOWN_CELL)) {
    const start = m.index! + m[0].length;
    if (start < last) continue;
    const end = closingDiv(html, start);
    // Split the cell into tags, code (left alone) and text.
    const cell = html.slice(start, end).split(
      /(<(?:pre|code)\b[\s\S]*?<\/(?:pre|code)>|<[^>]+>)/g,
    );
    // A formula may not contain a tag, but nbconvert keeps a display formula inside one <p>.
    const typeset = cell.map((part, i) => {
      if (i % 2 === 1) return part;
      const done = typesetText(part, where);
      formulas += (done.match(/class="katex"/g) ?? []).length;
      return done;
    }).join("");
    out += html.slice(last, start) + typeset;
    last = end;
  }
  out += html.slice(last);
  if (formulas > 0) {
    const css = Deno.readTextFileSync(`${KATEX_DIST}/katex.min.css`)
      // woff2 only: every browser that runs the pages reads it, and the site stays small.
      .replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, "")
      .replaceAll("url(fonts/", "url(katex/fonts/") +
      // A display formula wider than a phone's screen scrolls sideways instead of being cut off
      // (KaTeX does not break display maths). Half of KaTeX's 1em margin becomes padding, so that
      // the scroll box has room above and below for parentheses and fractions that reach past
      // the formula's line box, which overflow-y: hidden would otherwise clip by a pixel or two.
      ".katex-display{overflow:auto hidden;margin:.5em 0;padding:.5em 0}";
    out = out.replace("</head>", `<style>${css}</style>\n</head>`);
  }
  return { html: out, formulas };
}

/** Typesets every HTML page of the site and ships KaTeX's fonts beside them. */
export async function typesetSite(site: string): Promise<number> {
  let total = 0;
  for (const entry of Deno.readDirSync(site)) {
    if (!entry.name.endsWith(".html")) continue;
    const path = `${site}/${entry.name}`;
    const { html, formulas } = typesetPage(await Deno.readTextFile(path), entry.name);
    if (formulas > 0) await Deno.writeTextFile(path, html);
    total += formulas;
  }
  if (total > 0) {
    await Deno.mkdir(`${site}/katex/fonts`, { recursive: true });
    for (const font of Deno.readDirSync(`${KATEX_DIST}/fonts`)) {
      if (font.name.endsWith(".woff2")) {
        await Deno.copyFile(`${KATEX_DIST}/fonts/${font.name}`, `${site}/katex/fonts/${font.name}`);
      }
    }
  }
  return total;
}
