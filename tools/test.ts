// The test task: formatting, lint, type checks (notebook code included), doc
// lint, then the test suites. Library tests run with no permissions at all;
// only the project tests (notebooks, site, workbooks) get file and process
// access. Ends with one line "test: N passed, N failed".
import { ROOT } from "./_paths.ts";
import { extractNotebookCode, NBCODE, unformattedNotebooks } from "./_nbcode.ts";

const deno = Deno.execPath();
const SOURCES = ["lib", "tests", "tools", "bench", "playground"].filter((d) => {
  try {
    return Deno.statSync(`${ROOT}/${d}`).isDirectory;
  } catch {
    return false;
  }
});
let passed = 0, failed = 0;

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
const failures: string[] = [];

async function step(
  name: string,
  args: string[],
  options: { parse?: boolean } = {},
): Promise<void> {
  console.log(`\n=== ${name}: deno ${args.join(" ")}`);
  const child = new Deno.Command(deno, {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const chunks: Uint8Array[] = [];
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    chunks.push(chunk);
  }
  const { code } = await child.status;
  const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  if (options.parse) {
    // deno test ends with "ok | 12 passed | 0 failed" or "FAILED | 11 passed | 1 failed".
    const m = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(
      text.split("\n").filter((l) => /passed/.test(l)).at(-1) ?? "",
    );
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (code !== 0 && (!m || Number(m[2]) === 0)) {
      failed++;
      failures.push(`${name} (exit ${code})`);
    } else if (code !== 0) failures.push(name);
  } else if (code === 0) {
    passed++;
  } else {
    failed++;
    failures.push(name);
  }
}

function check(name: string, problems: string[]): void {
  console.log(`\n=== ${name}`);
  if (problems.length === 0) {
    console.log("ok");
    passed++;
  } else {
    for (const p of problems) console.log(p);
    failed++;
    failures.push(name);
  }
}

const nbFiles = await extractNotebookCode();
const nbUnformatted = await unformattedNotebooks(deno);
check(
  "notebooks formatted (deno fmt on a copy changes nothing)",
  nbUnformatted.map((n) => `notebooks/${n} is not formatted: run 'deno fmt notebooks'`),
);
await step("format", ["fmt", "--check", ...SOURCES]);
await step("lint", ["lint", ...SOURCES, ...nbFiles]);
await step("type check", ["check", ...SOURCES, NBCODE]);
await step("doc lint", [
  "doc",
  "--lint",
  "lib/mod.ts",
  "lib/core/mod.ts",
  "lib/fast/mod.ts",
  "lib/excel/mod.ts",
  "lib/notebook/mod.ts",
]);
await step(
  "library tests and doc examples (no permissions)",
  ["test", "--doc", ...libFiles(), "tests/lib/"],
  { parse: true },
);
await step(
  "doc examples that write workbooks and files (env, sys, and writing temporary files)",
  [
    "test",
    "--doc",
    "--allow-env",
    "--allow-sys",
    "--allow-read",
    "--allow-write",
    ...NEEDS_PERMISSIONS,
  ],
  { parse: true },
);
await step(
  "project tests: notebooks, site, browser, workbooks, bench",
  [
    "test",
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--allow-env",
    "--allow-sys",
    // Only to talk to the headless Chromium that the page tests start on this machine.
    "--allow-net=127.0.0.1",
    "tests/project/",
  ],
  { parse: true },
);

console.log("");
if (failures.length > 0) console.log(`Failed: ${failures.join("; ")}`);
console.log(`test: ${passed} passed, ${failed} failed`);
Deno.exit(failed > 0 ? 1 : 0);
