// The test task: formatting, lint, type checks (notebook code included), doc
// lint, then the test suites. Library tests run with no permissions at all;
// only the project tests (notebooks, site, workbooks) get file and process
// access. Prints one line per phase; the whole output goes to .tools/logs/test.log.
// Ends with one line "test: N passed, N failed".
import { ROOT } from "./_paths.ts";
import { extractNotebookCode, NBCODE, unformattedNotebooks } from "./_nbcode.ts";
import { type Phase, runPhases, summary } from "./_runner.ts";

const USAGE = `usage: ./nn test [--verbose]
Runs formatting, lint, type checks, doc lint and every test suite, printing one line per phase.
  --verbose   also print every phase's whole output (it is always kept in .tools/logs/test.log)`;
const args = [...Deno.args];
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  Deno.exit(0);
}
const verbose = args.includes("--verbose");
const unknown = args.filter((a) => a !== "--verbose");
if (unknown.length > 0) {
  console.error(`test: unknown argument ${JSON.stringify(unknown[0])}\n${USAGE}`);
  Deno.exit(2);
}

const deno = Deno.execPath();
const SOURCES = ["lib", "tests", "tools", "bench", "playground"].filter((d) => {
  try {
    return Deno.statSync(`${ROOT}/${d}`).isDirectory;
  } catch {
    return false;
  }
});

// Modules whose examples need permissions: exceljs reads the environment when it loads, and
// saving an artifact writes a file and reads NN_SITE_DIR, loading MNIST or the cars reads files.
const NEEDS_PERMISSIONS = [
  "lib/excel/write.ts",
  "lib/notebook/artifacts.ts",
  "lib/notebook/mnist.ts",
  "lib/notebook/cars.ts",
];

/** Every library module, sorted, but those whose examples need permissions. */
function libFiles(dir = "lib"): string[] {
  return [...Deno.readDirSync(`${ROOT}/${dir}`)].flatMap((e) =>
    e.isDirectory
      ? libFiles(`${dir}/${e.name}`)
      : e.name.endsWith(".ts")
      ? [`${dir}/${e.name}`]
      : []
  ).filter((f) => !NEEDS_PERMISSIONS.includes(f)).sort();
}

const LOGS = `${ROOT}/.tools/logs`;
const LOG = `${LOGS}/test.log`;
/** How long the last full run took here, kept to estimate the next one. */
const TIMES = `${LOGS}/test-time.json`;
await Deno.mkdir(LOGS, { recursive: true });
const last = await Deno.readTextFile(TIMES).then((t) => JSON.parse(t).ms as number).catch(() => 0);
const cores = navigator.hardwareConcurrency;
const minutes = (ms: number) => `about ${Math.max(1, Math.round(ms / 60_000))} minutes`;
console.log(
  last > 0
    ? `test: ${minutes(last)}, as long as the last full run on this machine took`
    : `test: ${minutes(10 * 60_000)} on 2 cores${
      cores === 2 ? "" : ` (this machine has ${cores})`
    }`,
);
const started = performance.now();

const phases: Phase[] = [
  {
    name: "notebooks formatted",
    check: async () => {
      const unformatted = await unformattedNotebooks(deno);
      return unformatted.map((n) =>
        `notebooks/${n} is not formatted: run './nn deno task fmt:notebooks'`
      );
    },
  },
  { name: "format", args: ["fmt", "--check", ...SOURCES] },
  {
    name: "lint (notebook code included)",
    args: ["lint", ...SOURCES, ...await extractNotebookCode()],
  },
  { name: "type check (notebook code included)", args: ["check", ...SOURCES, NBCODE] },
  {
    name: "doc lint",
    args: [
      "doc",
      "--lint",
      "lib/mod.ts",
      "lib/core/mod.ts",
      "lib/fast/mod.ts",
      "lib/excel/mod.ts",
      "lib/notebook/mod.ts",
    ],
  },
  {
    name: "library tests and doc examples (no permissions)",
    args: ["test", "--doc", ...libFiles(), "tests/lib/"],
    tests: true,
  },
  {
    name: "doc examples that write workbooks and files",
    args: [
      "test",
      "--doc",
      "--allow-env",
      "--allow-sys",
      "--allow-read",
      "--allow-write",
      ...NEEDS_PERMISSIONS,
    ],
    tests: true,
  },
  {
    name: "project tests: notebooks, site, browser, workbooks, bench",
    args: [
      "test",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      "--allow-sys",
      // Only to talk to the headless Chromium and the Jupyter server that the tests start here.
      "--allow-net=127.0.0.1,localhost",
      "tests/project/",
    ],
    tests: true,
  },
];

const outcome = await runPhases(phases, { deno, cwd: ROOT, log: LOG, verbose });
const took = performance.now() - started;
if (outcome.failed === 0) await Deno.writeTextFile(TIMES, JSON.stringify({ ms: Math.round(took) }));
console.log("");
for (const line of summary(outcome, ".tools/logs/test.log", took)) console.log(line);
Deno.exit(outcome.failed > 0 ? 1 : 0);
