// The test task's runner: runs phases (each a Deno command), keeps their whole output in a log
// file, and prints one line per phase with its result and time. On a failure it prints what is
// needed to act: the failing tests with their error excerpts, or the problems a check reported.
// Its last line is "test: N passed, N failed", which CI reads.

/** One phase: a Deno command, or a check done in this process that returns its problems. */
export type Phase =
  | { name: string; args: string[]; tests?: boolean }
  | { name: string; check: () => Promise<string[]> };

/** What a run of phases found. */
export interface Outcome {
  passed: number;
  failed: number;
  failures: string[];
}

/** Where the runner writes: the screen and the log. */
export interface RunOptions {
  deno: string;
  cwd: string;
  log: string;
  /** Prints to the screen; the default writes to stdout. */
  print?: (text: string) => void;
  /** Also copies every phase's output to the screen. */
  verbose?: boolean;
}

/** The counts of a `deno test` run from its summary line "ok | 12 passed | 0 failed". */
export function testCounts(text: string): { passed: number; failed: number } | undefined {
  const line = text.split("\n").filter((l) => /\d+ passed.*\| \d+ failed/.test(l)).at(-1);
  const m = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(line ?? "");
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

/** Lines that tell nothing about a failure: progress, downloads, passing tests. */
const NOISE = /^(Check |Download |Initialize |running \d+ tests? from |.* \.\.\. ok \(|$)/;

/**
 * What to show of a failed phase: for `deno test`, each error of its ERRORS section (the test's
 * name, then the error, cut after `perError` lines); otherwise its output without progress lines.
 * At most `max` lines.
 */
export function failureExcerpt(text: string, max = 60, perError = 12): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === "ERRORS");
  let out: string[];
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && l.trim() === "FAILURES");
    out = [];
    let block: string[] = [];
    const flush = () => {
      if (block.length === 0) return;
      out.push(...block.slice(0, perError));
      if (block.length > perError) out.push(`    … ${block.length - perError} more lines`);
      block = [];
    };
    for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
      if (/ => \S+:\d+:\d+$/.test(line)) flush();
      if (line.trim() !== "" && !/^\s+at .*(ext:|node:)/.test(line)) block.push(line);
    }
    flush();
  } else {
    out = lines.filter((l) => !NOISE.test(l) && !/^(Stack backtrace:|\s+\d+: <unknown>)$/.test(l));
  }
  return out.length > max ? [...out.slice(0, max), `… ${out.length - max} more lines`] : out;
}

/** "2.1 s", "4 min 3 s". */
export function duration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Runs the phases in order, each to the end; returns the counts and the failed phases. */
export async function runPhases(phases: Phase[], options: RunOptions): Promise<Outcome> {
  const print = options.print ?? ((text: string) => {
    Deno.stdout.writeSync(new TextEncoder().encode(text));
  });
  const log = await Deno.open(options.log, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const outcome: Outcome = { passed: 0, failed: 0, failures: [] };
  const width = Math.max(...phases.map((p) => p.name.length));
  try {
    for (const phase of phases) {
      const started = performance.now();
      print(`  ${phase.name.padEnd(width)}  `);
      let text: string, ok: boolean, result: string;
      if ("check" in phase) {
        await log.write(encoder.encode(`\n=== ${phase.name}\n`));
        const problems = await phase.check();
        text = problems.join("\n");
        await log.write(encoder.encode(`${problems.length === 0 ? "ok" : text}\n`));
        ok = problems.length === 0;
        result = ok ? "ok" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
        ok ? outcome.passed++ : outcome.failed++;
      } else {
        await log.write(encoder.encode(`\n=== ${phase.name}: deno ${phase.args.join(" ")}\n`));
        const child = new Deno.Command(options.deno, {
          args: phase.args,
          cwd: options.cwd,
          stdout: "piped",
          stderr: "piped",
          env: { NO_COLOR: "1" },
        }).spawn();
        let output = "";
        const copy = async (stream: ReadableStream<Uint8Array>) => {
          const decoder = new TextDecoder();
          for await (const chunk of stream) {
            await log.write(chunk);
            const piece = decoder.decode(chunk, { stream: true });
            output += piece;
            if (options.verbose) print(piece);
          }
        };
        const [{ code }] = await Promise.all([
          child.status,
          copy(child.stdout),
          copy(child.stderr),
        ]);
        text = output;
        const counts = phase.tests ? testCounts(text) : undefined;
        if (counts) {
          outcome.passed += counts.passed;
          outcome.failed += counts.failed;
          // A run that fails without a failed test (a type error, a crash) counts as one failure.
          if (code !== 0 && counts.failed === 0) outcome.failed++;
          result = `${counts.passed} passed, ${counts.failed} failed`;
        } else {
          code === 0 ? outcome.passed++ : outcome.failed++;
          result = code === 0 ? "ok" : "failed";
        }
        if (code !== 0) result += ` (exit code ${code})`;
        ok = code === 0;
      }
      print(`${result} (${duration(performance.now() - started)})\n`);
      if (!ok) {
        outcome.failures.push(phase.name);
        for (const line of failureExcerpt(text)) print(`      ${line}\n`);
      }
    }
  } finally {
    log.close();
  }
  return outcome;
}

/** The runner's last lines: the failed phases, where the log is, and the counts CI reads. */
export function summary(outcome: Outcome, log: string, took: number): string[] {
  return [
    ...(outcome.failures.length > 0 ? [`Failed: ${outcome.failures.join("; ")}`] : []),
    `Full output: ${log} (${duration(took)} in all)`,
    `test: ${outcome.passed} passed, ${outcome.failed} failed`,
  ];
}
