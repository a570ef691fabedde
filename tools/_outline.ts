// The outline of a chapter page: its section headings (## and ###) as links,
// written into the place the page template leaves for it, so that the page
// shows where it goes with no script run.
import { escapeHtml } from "../lib/notebook/_html.ts";

const PLACE = "<!-- nn-outline -->";
// A markdown heading as nbconvert writes it: an id, the text, then its ¶ anchor link.
const HEADING = /<h([23]) id="([^"]+)">([\s\S]*?)<a class="anchor-link"/g;

/** The text of a heading's HTML: tags dropped, entities read. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, "").replace(
    /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|#39);/gi,
    (_, e: string) =>
      e[0] === "#"
        ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ amp: "&", lt: "<", gt: ">", quot: '"' } as Record<string, string>)[e] ?? "'",
  ).trim();
}

/** The page with its outline written in; a page with no place for one is returned unchanged. */
export function outlinePage(html: string): { html: string; headings: number } {
  if (!html.includes(PLACE)) return { html, headings: 0 };
  const items = [...html.matchAll(HEADING)].map(([, level, id, inner]) =>
    `<li class="nn-h${level}"><a href="#${id}">${escapeHtml(text(inner))}</a></li>`
  );
  const outline = items.length === 0
    ? ""
    : `<h2>On this page</h2>\n<ul>\n${items.join("\n")}\n</ul>`;
  return { html: html.replace(PLACE, outline), headings: items.length };
}

/** Writes the outline into every chapter page of the site. */
export async function outlineSite(site: string, names: string[]): Promise<void> {
  for (const name of names) {
    const path = `${site}/${name}.html`;
    const { html } = outlinePage(await Deno.readTextFile(path));
    await Deno.writeTextFile(path, html);
  }
}
