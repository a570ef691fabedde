// Builds the reading site: executes every notebook with the Deno kernel (as
// many at a time as the machine has cores, longest first), exports each to offline HTML with previous / next links, writes an
// index, ships the Excel workbooks and builds the playground page, then zips the
// site into nn-course-site.zip beside it. Fails, naming the notebook and the
// cell, when a cell errors or an expected output is missing.
//
//   deno task book            build site/ and nn-course-site.zip
//   deno task book 03 04b     build only these notebooks (04 is 04 alone; 0 is every 0x)
//   deno task book --jobs 1   run one notebook at a time (default: one per core)
import { projectJupyterPath } from "./kernel/spec.ts";
import {
  listNotebooks,
  pathWithDeno,
  ROOT,
  selects,
  SITE as DEFAULT_SITE,
  SYSTEM_PYTHON,
  VEGA_BUNDLES,
} from "./_paths.ts";
import { installNpmPackages, requireJupyter } from "./_install.ts";
import { writeSiteExtras } from "./_site.ts";
import { buildPlayground } from "./_playground.ts";
import { typesetSite } from "./typeset.ts";
import { outlineSite } from "./_outline.ts";
import { longestFirst, parseJobs, readSeconds, recordSeconds } from "./_schedule.ts";

/** How long each notebook took in the last build that ran it: the order of the next. */
const SECONDS_FILE = `${ROOT}/.cache/book-seconds.json`;

interface Report {
  name: string;
  title: string;
  summary?: string;
  ok: boolean;
  seconds: number;
  error?: string;
  /** The kernel's own faults (a lost port race, a lost value) that made a run start again. */
  retried?: string[];
}

export interface BuildOptions {
  /**
   * Build only the notebooks these select (default: all): a two-digit number selects that notebook
   * alone ("04", not "04b"), anything else the names that start with it ("04b", "0").
   */
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
  /**
   * How many notebooks to execute at a time (default: one per processor
   * core). Each runs in its own kernel, so the pages are the same for any
   * number.
   */
  jobs?: number;
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
    : all.filter((p) => filters.some((f) => selects(f, p.split("/").at(-1)!)));
  if (notebooks.length === 0) throw new Error(`No notebook matches ${filters.join(", ")}`);
  // npm packages the notebooks import must be in node_modules before the kernel starts.
  await installNpmPackages();
  await Deno.remove(SITE, { recursive: true }).catch(() => {});
  await Deno.mkdir(SITE, { recursive: true });
  const started = performance.now();
  const jobs = options.jobs ?? Math.max(1, navigator.hardwareConcurrency ?? 1);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new Error(`jobs must be a whole number of at least 1, got ${jobs}`);
  }
  const name = (path: string) => path.split("/").at(-1)!.replace(/\.ipynb$/, "");
  const env = {
    JUPYTER_PATH: await projectJupyterPath(),
    NN_SITE_DIR: SITE,
    PATH: pathWithDeno(),
  };
  const queue = longestFirst(notebooks.map(name), await readSeconds(SECONDS_FILE));
  const reports: Report[] = [];
  const stopped: string[] = [];
  /** Executes one notebook in its own runner (every path is passed, for the pages' links). */
  const run = async (notebook: string) => {
    const child = new Deno.Command(SYSTEM_PYTHON, {
      args: [
        `${ROOT}/tools/execute.py`,
        "--vega",
        ...VEGA_BUNDLES,
        "--out",
        SITE,
        "--templates",
        `${ROOT}/book/templates`,
        "--run",
        notebook,
        ...notebooks,
      ],
      env,
      stdout: "piped",
      stderr: "inherit",
      cwd: ROOT,
    }).spawn();
    const decoder = new TextDecoder();
    let buffer = "";
    let reported = false;
    for await (const chunk of child.stdout) buffer += decoder.decode(chunk, { stream: true });
    for (const line of buffer.split("\n").filter((l) => l.trim() !== "")) {
      const report = JSON.parse(line) as Report;
      reports.push(report);
      reported = true;
      const mark = report.ok ? "ok  " : "FAIL";
      log(`${mark} ${report.name.padEnd(40)} ${report.seconds.toFixed(1).padStart(6)} s`);
      for (const fault of report.retried ?? []) {
        log(`     run again after the kernel's fault: ${fault}`);
      }
      if (!report.ok) log(`     ${report.error}`);
    }
    const status = await child.status;
    if (!reported || (!status.success && reports.every((r) => r.name !== notebook || r.ok))) {
      stopped.push(notebook);
    }
  };
  const next = queue[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let item = next.next(); !item.done; item = next.next()) await run(item.value);
    }),
  );
  const order = notebooks.map(name);
  reports.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const failed = reports.filter((r) => !r.ok);
  if (failed.length > 0 || stopped.length > 0 || reports.length !== notebooks.length) {
    throw new Error(
      failed.length > 0
        ? `The build failed: ${failed.map((r) => r.error).join("; ")}`
        : `The notebook runner stopped without finishing ${stopped.join(", ")}`,
    );
  }
  await recordSeconds(SECONDS_FILE, Object.fromEntries(reports.map((r) => [r.name, r.seconds])));
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
    `Built ${reports.length} notebook${reports.length === 1 ? "" : "s"} in ${total.toFixed(1)} s` +
      ` (${Math.min(jobs, notebooks.length)} at a time).`,
  );
  log(`Open ${SITE}/index.html in a browser (it works offline).`);
  return reports;
}

if (import.meta.main) {
  try {
    const { jobs, rest } = parseJobs(Deno.args, navigator.hardwareConcurrency ?? 1);
    await buildBook({ filters: rest, jobs });
  } catch (e) {
    console.error(`book: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
