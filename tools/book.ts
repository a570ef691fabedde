// Builds the reading site: executes every notebook in order with the Deno
// kernel, exports each to offline HTML with previous / next links, writes an
// index, ships the Excel workbooks and builds the playground page, then zips the
// site into nn-course-site.zip beside it. Fails, naming the notebook and the
// cell, when a cell errors or an expected output is missing.
//
//   deno task book            build site/ and nn-course-site.zip
//   deno task book 03 04      build only the notebooks whose names start so
import { projectJupyterPath } from "./kernel/spec.ts";
import {
  listNotebooks,
  pathWithDeno,
  ROOT,
  SITE as DEFAULT_SITE,
  SYSTEM_PYTHON,
  VEGA_BUNDLES,
} from "./_paths.ts";
import { installNpmPackages, requireJupyter } from "./_install.ts";
import { writeSiteExtras } from "./_site.ts";
import { buildPlayground } from "./_playground.ts";
import { typesetSite } from "./typeset.ts";
import { outlineSite } from "./_outline.ts";

interface Report {
  name: string;
  title: string;
  summary?: string;
  ok: boolean;
  seconds: number;
  error?: string;
}

export interface BuildOptions {
  /** Build only notebooks whose names start with one of these (default: all). */
  filters?: string[];
  /** Where to write the site (default: site/). */
  outDir?: string;
  /** Notebook paths to build instead of notebooks/NN_*.ipynb. */
  notebooks?: string[];
  /** Print progress (default true). */
  verbose?: boolean;
  /**
   * Where to write a zip of the site (default: nn-course-site.zip beside the
   * default site/, none for another outDir); false for none.
   */
  zip?: string | false;
}

/** Zips the folder `dir` into `zip`, its files under one folder named `top`. */
export async function zipSite(dir: string, zip: string, top: string): Promise<void> {
  const script = `import os, sys, zipfile
src, out, top = sys.argv[1:4]
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            z.write(path, os.path.join(top, os.path.relpath(path, src)))
os.replace(out + ".part", out)
`;
  const { code, stderr } = await new Deno.Command(SYSTEM_PYTHON, {
    args: ["-c", script, dir, zip, top],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`Zipping ${dir} into ${zip} failed: ${new TextDecoder().decode(stderr)}`);
  }
}

export async function buildBook(options: BuildOptions = {}): Promise<Report[]> {
  const filters = options.filters ?? [];
  const SITE = options.outDir ?? DEFAULT_SITE;
  const log = options.verbose === false ? () => {} : console.log;
  await requireJupyter();
  const all = options.notebooks ?? listNotebooks();
  const notebooks = filters.length === 0
    ? all
    : all.filter((p) => filters.some((f) => p.split("/").at(-1)!.startsWith(f)));
  if (notebooks.length === 0) throw new Error(`No notebook matches ${filters.join(", ")}`);
  // npm packages the notebooks import must be in node_modules before the kernel starts.
  await installNpmPackages();
  await Deno.remove(SITE, { recursive: true }).catch(() => {});
  await Deno.mkdir(SITE, { recursive: true });
  const started = performance.now();
  const child = new Deno.Command(SYSTEM_PYTHON, {
    args: [
      `${ROOT}/tools/execute.py`,
      "--vega",
      ...VEGA_BUNDLES,
      "--out",
      SITE,
      "--templates",
      `${ROOT}/book/templates`,
      ...notebooks,
    ],
    env: {
      JUPYTER_PATH: await projectJupyterPath(),
      NN_SITE_DIR: SITE,
      PATH: pathWithDeno(),
    },
    stdout: "piped",
    stderr: "inherit",
    cwd: ROOT,
  }).spawn();
  const reports: Report[] = [];
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const report = JSON.parse(line) as Report;
      reports.push(report);
      const mark = report.ok ? "ok  " : "FAIL";
      log(`${mark} ${report.name.padEnd(40)} ${report.seconds.toFixed(1).padStart(6)} s`);
      if (!report.ok) log(`     ${report.error}`);
    }
  }
  const status = await child.status;
  const failed = reports.filter((r) => !r.ok);
  if (failed.length > 0 || !status.success || reports.length !== notebooks.length) {
    throw new Error(
      failed.length > 0
        ? `The build failed: ${failed.map((r) => r.error).join("; ")}`
        : `The notebook runner stopped after ${reports.length} of ${notebooks.length} notebooks`,
    );
  }
  await writeSiteExtras(SITE, reports);
  await outlineSite(SITE, reports.map((r) => r.name));
  await typesetSite(SITE);
  await buildPlayground(SITE);
  const zip = options.zip ?? (SITE === DEFAULT_SITE ? `${ROOT}/nn-course-site.zip` : false);
  if (zip) {
    await zipSite(SITE, zip, "nn-course-site");
    log(`Zipped the site into ${zip} (unzip it anywhere: it needs no server).`);
  }
  const total = (performance.now() - started) / 1000;
  log(
    `Built ${reports.length} notebook${reports.length === 1 ? "" : "s"} in ${total.toFixed(1)} s.`,
  );
  log(`Open ${SITE}/index.html in a browser (it works offline).`);
  return reports;
}

if (import.meta.main) {
  try {
    await buildBook({ filters: Deno.args });
  } catch (e) {
    console.error(`book: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
