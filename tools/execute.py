"""Executes notebooks with the project's Deno kernel and exports each to HTML.

Used by tools/book.ts, which runs several of these at once, each with every
notebook's path (for the pages' contents and previous / next links) and
`--run` naming the ones it executes. Prints one JSON line per notebook run on stdout:
{"name", "seconds", "ok", "error"?}. A notebook fails when a cell raises or
when a cell that should show something (its last statement is an expression)
shows nothing. The kernelspec (nn-deno) runs Deno's kernel behind tools/kernel/proxy.py,
which publishes every output of a cell before that cell's idle, so plain
nbclient keeps them all; the check still turns an output that went missing
into a failure instead of a blank figure.

Links between notebooks are written as Jupyter follows them (`02_relu.ipynb`,
`./` for the folder); the HTML pages get the site's own targets
(`02_relu.html`, `index.html`).
"""
import argparse
import copy
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

DECLARATIONS = {
    "const", "let", "var", "function", "class", "import", "export", "type", "interface",
    "for", "while", "if", "try", "enum", "declare", "do", "switch",
}


def expects_output(source: str) -> bool:
    """True when the cell's last top-level statement is an expression.

    Cells are formatted by `deno fmt`, so a top-level statement starts at
    column 0 and its continuation lines are indented or start with a closing
    bracket.
    """
    for line in reversed(source.rstrip().split("\n")):
        if not line.strip() or line[0] in " \t)]}." or line.startswith(("//", "/*", "*", "`")):
            continue
        word = re.match(r"[A-Za-z_$]*", line).group(0)
        if word == "async" and line.startswith("async function"):
            return False
        return word not in DECLARATIONS
    return False


def kernel_output(log) -> str:
    """What the kernel wrote to stderr (the proxy leaves out Deno's banner)."""
    if log is None:
        return ""
    log.seek(0)
    return log.read().strip()


def has_vegalite(nb) -> bool:
    return any(
        "application/vnd.vegalite.v5+json" in out.get("data", {})
        for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )


def inline_scripts(paths) -> str:
    """The bundles as one inline script; '</script' inside them would end the element early."""
    return "\n".join(Path(p).read_text(encoding="utf-8") for p in paths).replace("</script", "<\\/script")


def first_line(source: str) -> str:
    return next((l.strip() for l in source.split("\n") if l.strip()), "")[:80]


def check(nb, name: str) -> None:
    code_index = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        where = f"{name}, code cell {code_index} ({first_line(cell.source)!r})"
        for out in cell.outputs:
            if out.output_type == "error":
                raise RuntimeError(f"{where} raised {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr" and re.search(r"^error\b", out.text, re.I | re.M):
                raise RuntimeError(f"{where} wrote an error: {out.text.strip()[:300]}")
        if expects_output(cell.source) and not cell.outputs:
            raise RuntimeError(f"{where} should show a value but its output is missing (lost or empty)")


# A markdown link's target, or an HTML href: ](target) or href="target".
LINK = re.compile(r'(\]\(|href=")([^)"\s]*)')


def site_link(target: str) -> str:
    """Where a notebook's link leads on the site: .ipynb pages are .html, the folder is its index."""
    if target in ("./", "."):
        return "index.html"
    return re.sub(r"^(\d\d[a-z]?_[a-z0-9_]+)\.ipynb(?=$|#)", r"\1.html", target)


def with_site_links(nb):
    """A copy of the notebook whose markdown links lead where they should on the site."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LINK.sub(lambda m: m.group(1) + site_link(m.group(2)), cell.source)
    return nb


def title_of(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return fallback


def summary_of(nb) -> str:
    """The notebook's one-line summary (metadata nn.summary), else its first sentence."""
    given = nb.metadata.get("nn", {}).get("summary")
    if given:
        return given
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for para in re.split(r"\n\s*\n", cell.source):
            para = " ".join(para.split())
            if para and not para.startswith(("#", "|", "-", ">", "<")):
                m = re.match(r"(.+?[.!?])(\s|$)", para)
                return m.group(1) if m else para
    return ""


# Two kinds of failure are the kernel's, not the notebook's, and only they are tried again, on a
# fresh kernel and new ports:
# - two notebooks run at once each take free ports for their kernel, and a port found free can be
#   taken by the other before it is bound: the kernel then dies at its start with "Address already
#   in use", before any cell ran;
# - Deno's kernel now and then loses a cell's value to V8's garbage collector before it has read
#   it, and says so on its stderr: "CDP response has null result ... Promise was collected"
#   (denoland/deno#20528); the cell's code ran, its shown value is lost.
ATTEMPTS = 3


def lost_port_race(error: Exception, log) -> bool:
    """The kernel died before it replied at all, because a port it was given was taken."""
    return "before replying to kernel_info" in str(error) and \
        "Address already in use" in kernel_output(log)


def lost_value(log) -> bool:
    """The kernel lost a cell's value to the garbage collector (its own CDP error)."""
    out = kernel_output(log)
    return "CDP response has null result" in out and "Promise was collected" in out


def kernel_fault(error: Exception, log) -> bool:
    return lost_port_race(error, log) or lost_value(log)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--templates", required=True)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--vega", nargs=3, metavar=("VEGA", "VEGA_LITE", "VEGA_EMBED"),
                    help="browser bundles to inline in pages that show a Vega-Lite chart")
    ap.add_argument("--run", action="append", metavar="NAME",
                    help="execute only this notebook (its name without .ipynb; repeat for more); default: all")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in args.notebooks]
    titles = {p.stem: title_of(nbformat.read(p, as_version=4), p.stem) for p in paths}
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[args.templates])
    failed = 0
    unknown = sorted(set(args.run or []) - set(titles))
    if unknown:
        ap.error(f"--run names notebooks that are not among the paths: {', '.join(unknown)}")
    for i, path in enumerate(paths):
        if args.run is not None and path.stem not in args.run:
            continue
        started = time.monotonic()
        report = {"name": path.stem, "title": titles[path.stem]}
        kernel_log = None
        try:
            for attempt in range(1, ATTEMPTS + 1):
                nb = nbformat.read(path, as_version=4)
                report["summary"] = summary_of(nb)
                client = NotebookClient(
                    nb, timeout=args.timeout, kernel_name="nn-deno",
                    resources={"metadata": {"path": str(path.parent.resolve())}},
                )
                # The kernel's own stderr (Deno's "unstable" banner, npm install notes) goes to a
                # file, shown only when the notebook fails.
                kernel_log = tempfile.TemporaryFile(mode="w+")
                try:
                    try:
                        client.execute(stderr=kernel_log)
                    except CellExecutionError as e:
                        # The executed cells so far carry the error output; check() names the cell.
                        check(nb, path.stem)
                        raise RuntimeError(f"{path.stem}: {str(e).strip().splitlines()[-1]}") from e
                    check(nb, path.stem)
                    break
                except Exception as e:  # noqa: BLE001 - only the kernel's own faults are retried
                    if attempt == ATTEMPTS or not kernel_fault(e, kernel_log):
                        raise
                    retried = report.setdefault("retried", [])
                    retried.append(str(e)[:300])
            nbformat.write(nb, out / f"{path.stem}.ipynb")
            nav = {
                "prev": {"href": f"{paths[i - 1].stem}.html", "title": titles[paths[i - 1].stem]} if i > 0 else None,
                "next": {"href": f"{paths[i + 1].stem}.html", "title": titles[paths[i + 1].stem]}
                if i + 1 < len(paths) else None,
            }
            contents = [{"href": f"{p.stem}.html", "title": titles[p.stem], "current": p == path} for p in paths]
            resources = {"metadata": {"name": titles[path.stem]}, "nn_nav": nav, "nn_contents": contents}
            if args.vega and has_vegalite(nb):
                resources["nn_vega"] = inline_scripts(args.vega)
            body, _ = exporter.from_notebook_node(with_site_links(nb), resources=resources)
            (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
            report["ok"] = True
        except Exception as e:  # noqa: BLE001 - every failure is reported, named
            report["ok"] = False
            report["error"] = str(e)
            log = kernel_output(kernel_log)
            if log:
                report["error"] += f" (kernel stderr: {log[-1500:]})"
            failed += 1
        report["seconds"] = round(time.monotonic() - started, 2)
        print(json.dumps(report), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
