// The order in which the build starts notebooks when it runs several at a time,
// and the record of how long each took, which that order is read from.

/**
 * The notebooks' names, longest first by the seconds a previous build took
 * (`seconds`); names never timed come first, the later chapters before the
 * earlier ones, since the course's chapters grow heavier as it goes. With N
 * running at a time, starting the longest first keeps one long notebook from
 * running alone at the end.
 */
export function longestFirst(names: readonly string[], seconds: Record<string, number>): string[] {
  const known = (name: string) => Number.isFinite(seconds[name]) && seconds[name] >= 0;
  return [...names].sort((a, b) => {
    if (known(a) !== known(b)) return known(a) ? 1 : -1;
    if (known(a) && seconds[a] !== seconds[b]) return seconds[b] - seconds[a];
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** The seconds recorded in `path`, or none when it is missing or unreadable. */
export async function readSeconds(path: string): Promise<Record<string, number>> {
  try {
    const value = JSON.parse(await Deno.readTextFile(path));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(([, s]) => typeof s === "number" && Number.isFinite(s)),
    ) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Adds `seconds` to the record in `path`, keeping the other notebooks' times. */
export async function recordSeconds(path: string, seconds: Record<string, number>): Promise<void> {
  const all = { ...await readSeconds(path), ...seconds };
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, JSON.stringify(all, Object.keys(all).sort(), 2) + "\n");
}

/**
 * How many notebooks to run at a time: `--jobs N` (or `--jobs=N`) among the
 * build's arguments, else one per processor core. Returns the number and the
 * other arguments.
 */
export function parseJobs(
  args: readonly string[],
  cores: number,
): { jobs: number; rest: string[] } {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--jobs") {
      if (i + 1 >= args.length) throw new Error("--jobs needs a number, such as --jobs 2");
      given = args[++i];
    } else if (args[i].startsWith("--jobs=")) given = args[i].slice("--jobs=".length);
    else rest.push(args[i]);
  }
  if (given === undefined) return { jobs: Math.max(1, cores), rest };
  const jobs = Number(given);
  if (!/^[0-9]+$/.test(given) || !Number.isInteger(jobs) || jobs < 1) {
    throw new Error(`--jobs must be a whole number of at least 1, got ${JSON.stringify(given)}`);
  }
  return { jobs, rest };
}
