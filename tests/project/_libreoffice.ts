// Recalculates workbooks with LibreOffice Calc, the real spreadsheet engine,
// and reads every defined name back. A missing LibreOffice is a failure that
// names the package, never a skip.
import ExcelJS from "exceljs";

export async function requireSoffice(): Promise<string> {
  for (const candidate of ["soffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]) {
    try {
      const { code } = await new Deno.Command(candidate, {
        args: ["--version"],
        stdout: "null",
        stderr: "null",
      })
        .output();
      if (code === 0) return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "LibreOffice Calc is missing (no soffice on PATH): install it with " +
      "'apt-get install --no-install-recommends libreoffice-calc' (./nn test does this)",
  );
}

/** Opens the workbook in LibreOffice with a fresh profile, recalculates every formula, and returns the saved bytes. */
export async function recalculate(bytes: Uint8Array): Promise<Uint8Array> {
  return (await recalculateAll([bytes]))[0];
}

/** {@link recalculate} for several workbooks, in one run of LibreOffice. */
export async function recalculateAll(workbooks: Uint8Array[]): Promise<Uint8Array[]> {
  const soffice = await requireSoffice();
  const dir = await Deno.makeTempDir({ prefix: "nn-calc-" });
  try {
    // A fresh profile per run, set to always recalculate on load.
    const profile = `${dir}/profile`;
    await Deno.mkdir(`${profile}/user`, { recursive: true });
    await Deno.writeTextFile(
      `${profile}/user/registrymodifications.xcu`,
      `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
    );
    const names = workbooks.map((_, i) => `in${i}.xlsx`);
    for (const [i, bytes] of workbooks.entries()) await Deno.writeFile(`${dir}/${names[i]}`, bytes);
    const { code, stderr } = await new Deno.Command(soffice, {
      args: [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        `${dir}/out`,
        ...names.map((n) => `${dir}/${n}`),
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    const made = await Promise.all(
      names.map((n) => Deno.stat(`${dir}/out/${n}`).then(() => true, () => false)),
    );
    if (code !== 0 || !made.every(Boolean)) {
      throw new Error(
        `LibreOffice failed to recalculate (exit ${code}, ${
          made.filter(Boolean).length
        } of ${names.length} saved): ${new TextDecoder().decode(stderr)}`,
      );
    }
    return await Promise.all(names.map((n) => Deno.readFile(`${dir}/out/${n}`)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Every defined name's values, as rows of numbers. A cell holding an error or text fails loudly. */
export async function readNames(bytes: Uint8Array): Promise<Map<string, number[][]>> {
  const wb = new ExcelJS.Workbook();
  // deno-lint-ignore no-explicit-any
  await wb.xlsx.load(bytes as any);
  const out = new Map<string, number[][]>();
  // deno-lint-ignore no-explicit-any
  const model = (wb.definedNames as any).model as { name: string; ranges: string[] }[];
  for (const { name, ranges } of model) {
    const m = /^'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ranges[0]);
    if (!m) throw new Error(`Cannot read the range of ${name}: ${ranges[0]}`);
    const ws = wb.getWorksheet(m[1]);
    if (!ws) throw new Error(`${name} points at a missing sheet ${m[1]}`);
    const col = (s: string) => [...s].reduce((c, ch) => c * 26 + ch.charCodeAt(0) - 64, 0);
    const [c0, r0] = [col(m[2]), Number(m[3])];
    const [c1, r1] = m[4] ? [col(m[4]), Number(m[5])] : [c0, r0];
    const rows: number[][] = [];
    for (let r = r0; r <= r1; r++) {
      const row: number[] = [];
      for (let c = c0; c <= c1; c++) {
        const cell = ws.getCell(r, c);
        // A formula's cached result is in cell.result (cell.value loses a result of 0).
        const v = cell.formula !== undefined ? cell.result : cell.value;
        if (typeof v !== "number") {
          throw new Error(
            `${name} at ${m[1]}!${cell.address} holds ${JSON.stringify(v)}, not a number`,
          );
        }
        row.push(v);
      }
      rows.push(row);
    }
    out.set(name, rows);
  }
  return out;
}
