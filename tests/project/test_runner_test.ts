// The test task's runner (tools/_runner.ts) on tiny phases: one line per phase, the failing
// tests' names and errors on screen, everything in the log, and the last line CI reads.
import assert from "node:assert/strict";
import { failureExcerpt, type Phase, runPhases, summary, testCounts } from "../../tools/_runner.ts";

const FAKE_TESTS = `import assert from "node:assert/strict";
Deno.test("adds", () => assert.equal(1 + 1, 2));
Deno.test("breaks on purpose", () => assert.equal(1 + 1, 3, "the sum is wrong"));
`;

Deno.test("the runner prints a line per phase, the failing test and its error, and the counts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-runner-" });
  try {
    await Deno.writeTextFile(`${dir}/fake_test.ts`, FAKE_TESTS);
    const phases: Phase[] = [
      { name: "a check that passes", check: () => Promise.resolve([]) },
      { name: "tests", args: ["test", "--no-check", "fake_test.ts"], tests: true },
      { name: "a command that fails", args: ["eval", "console.log('went wrong'); Deno.exit(3)"] },
    ];
    let screen = "";
    const log = `${dir}/test.log`;
    const outcome = await runPhases(phases, {
      deno: Deno.execPath(),
      cwd: dir,
      log,
      print: (text) => screen += text,
    });
    const lines = [...screen.trimEnd().split("\n"), ...summary(outcome, "test.log", 1500)];
    assert.match(lines[0], /^ {2}a check that passes +ok \(\d+\.\d s\)$/);
    assert.match(lines[1], /^ {2}tests +1 passed, 1 failed \(exit code 1\) \(\d+\.\d s\)$/);
    assert.ok(screen.includes("breaks on purpose => ./fake_test.ts:3:6"), screen);
    assert.ok(screen.includes("the sum is wrong"), screen);
    assert.ok(!/running \d+ tests|Check |adds \.\.\. ok/.test(screen), screen);
    assert.match(screen, /a command that fails +failed \(exit code 3\) .*\n +went wrong\n/);
    assert.deepEqual(lines.slice(-3), [
      "Failed: tests; a command that fails",
      "Full output: test.log (1.5 s in all)",
      "test: 2 passed, 2 failed",
    ]);
    const logged = await Deno.readTextFile(log);
    assert.ok(logged.includes("running 2 tests from ./fake_test.ts"), logged);
    assert.ok(logged.includes("adds ... ok"), logged);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the runner reads deno test's summary, with steps, and cuts long errors", () => {
  assert.deepEqual(testCounts("ok | 12 passed (30 steps) | 0 failed (2s)"), {
    passed: 12,
    failed: 0,
  });
  assert.deepEqual(testCounts("FAILED | 11 passed | 1 failed (1 step) (9s)"), {
    passed: 11,
    failed: 1,
  });
  assert.equal(testCounts("error: Module not found"), undefined);
  const long = [
    " ERRORS ",
    "",
    "one => ./a_test.ts:1:6",
    ...Array.from({ length: 30 }, (_, i) => `detail ${i}`),
    "",
    "two => ./a_test.ts:9:6",
    "error: short",
    "",
    " FAILURES ",
    "",
    "one => ./a_test.ts:1:6",
  ].join("\n");
  const excerpt = failureExcerpt(long, 60, 5);
  assert.deepEqual(excerpt, [
    "one => ./a_test.ts:1:6",
    "detail 0",
    "detail 1",
    "detail 2",
    "detail 3",
    "    … 26 more lines",
    "two => ./a_test.ts:9:6",
    "error: short",
  ]);
});
