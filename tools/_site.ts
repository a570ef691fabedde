import { escapeHtml } from "../lib/notebook/_html.ts";
import { WORKBOOK_LIMITS } from "../lib/excel/planning.ts";
// The reading site's index page and downloads.

export interface Entry {
  name: string;
  title: string;
  summary?: string;
  seconds: number;
}

/** Writes the index page, listing the notebooks and the workbooks the notebooks wrote into site/workbooks/. */
export async function writeSiteExtras(SITE: string, entries: Entry[]): Promise<void> {
  let files: string[] = [];
  try {
    files = [...Deno.readDirSync(`${SITE}/workbooks`)]
      .filter((e) => e.name.endsWith(".xlsx"))
      .map((e) => `workbooks/${e.name}`)
      .sort();
  } catch {
    // no workbooks
  }
  const items = entries.map((e) =>
    `<li><a href="${e.name}.html">${escapeHtml(e.title)}</a>` +
    (e.summary ? `<p>${escapeHtml(e.summary)}</p>` : "") +
    `<p class="files"><a href="${e.name}.ipynb" download>notebook with outputs</a></p></li>`
  ).join("\n");
  const summaries = await Promise.all(files.map((f) => workbookSummary(`${SITE}/${f}`)));
  const downloadList = files.length === 0 ? "" : `<h2 id="workbooks">Workbooks</h2>
<p>Each workbook holds a computation of a notebook in spreadsheet cells with live formulas, and its
README sheet says how to read it. Open it in LibreOffice Calc or Excel and change an input (a
yellow cell) to see every formula that depends on it follow.</p>
<ul>${
    files.map((f, i) =>
      `<li><a href="${escapeHtml(f)}" download>${escapeHtml(f.split("/").at(-1)!)}</a>` +
      (summaries[i] ? `: ${escapeHtml(summaries[i])}` : "") + "</li>"
    )
      .join("")
  }</ul>`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Why neural networks need non-linearity and more than one layer</title>
<style>
  body { font: 16px/1.55 system-ui, sans-serif; max-width: 760px; margin: 40px auto; padding: 0 16px; color: #222; }
  h1 { font-size: 1.7em; line-height: 1.25; }
  ol { padding-left: 1.4em; }
  li { margin: 0 0 18px; }
  li > a { font-weight: 600; font-size: 1.1em; color: #1a5fb4; text-decoration: none; }
  li p { margin: 4px 0; }
  p.files { font-size: 0.85em; }
  p.files a { color: #666; }
  code { font: 0.9em ui-monospace, monospace; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
  @media print { p.files { display: none; } }
</style>
</head>
<body>
<h1>Why neural networks need non-linearity and more than one layer</h1>
<p>A short course in executed notebooks. Each one builds a piece from scratch in TypeScript,
shows steps of it as Excel formulas, and checks its claims with assertions that run every time
this site is built. Read them in order.</p>
<ol>
${items}
</ol>
<h2>Playground</h2>
<p><a href="playground/index.html">The playground</a> trains this course's own library live in
your browser: pick data (or bring your own CSV), a network and its settings, watch the decision
boundary, the hidden space and the size of each layer's gradient change as it learns, hover over a unit for
its formula in TypeScript and Excel, and take the network away as JSON, or (a network of at most
${WORKBOOK_LIMITS.layers - 1} hidden layers of at most ${WORKBOOK_LIMITS.units} units) as a workbook
that trains it on the first ${WORKBOOK_LIMITS.samples} training points in live formulas.</p>
<p><a href="playground/digits.html">Digits</a> trains notebook 07's network, or notebook 08's
convolutional one, live in your browser on MNIST digits shipped with this site, and classifies digits you draw.</p>
${downloadList}
<h2 id="offline">Offline, hosting and printing</h2>
<p>This folder is the whole site and is self-contained: every page, figure, formula font, script
and workbook is in it, and nothing is fetched from the network. Open <code>index.html</code>
straight from disk, or copy the folder (or <code>nn-course-site.zip</code>, which
<code>./nn book</code> writes beside it, unzipped) to any static host: a web server, a learning
platform, a shared drive. No server-side code is needed.</p>
<p>Each chapter prints cleanly, without the navigation: use the page's <em>Print</em> button, or
<em>Print without code</em> for the prose, maths and figures alone. <code>./nn pdf 04</code> makes a
PDF of chapter 04, and <code>./nn pdf</code> one of the whole course.</p>
</body>
</html>
`;
  await Deno.writeTextFile(`${SITE}/index.html`, html);
}

/** A workbook's own description: the first sentence of its README sheet (from A3 on), or "". */
export async function workbookSummary(path: string): Promise<string> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await Deno.readFile(path)).buffer as ArrayBuffer);
  const readme = wb.getWorksheet("README");
  if (!readme) return "";
  const lines: string[] = [];
  for (let r = 3; typeof readme.getCell(r, 1).value === "string"; r++) {
    const line = String(readme.getCell(r, 1).value).trim();
    if (line === "") break;
    lines.push(line);
  }
  return /^.*?\.(?=\s|$)/.exec(lines.join(" "))?.[0] ?? lines.join(" ");
}
