"""Drives the project's Deno kernel as a frontend does on Run All.

    _kernel_queue.py NOTEBOOK...

For each notebook it starts the kernel named "nn-deno" (found through
JUPYTER_PATH, as Jupyter finds it) in the notebook's folder, sends every code
cell's execute_request at once, and files each IOPub message under the cell
whose request is its parent, the way a frontend does. Then, in fresh kernels,
it queues a failing cell between others, and interrupts an endless cell; after
each it runs one more.

Prints one JSON object on stdout: per notebook, each cell's reply status and
outputs (nbformat's shape, display updates applied), the outputs that came
after their cell's idle ("late") or under no request of ours ("stray"); and
what the failing run saw, including a request that arrives just after the
error, as Run All's last requests can through Jupyter's server; and what an
interrupted run saw. The Deno test compares it with the build.
"""
import json
import os
import sys
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.manager import KernelManager

TIMEOUT = 300  # seconds for a whole notebook
LINGER = 0.5  # seconds to keep listening after the last idle, to catch late outputs
AFTER_FAILURE = 1.5  # seconds: a learner's pause, far longer than tools/kernel/proxy.py's ABORT_GAP
OUTPUTS = {"stream", "display_data", "execute_result", "error", "update_display_data", "clear_output"}


class Run:
    """One kernel with a batch of queued cells, and what came back for each."""

    def __init__(self, folder):
        self.km = KernelManager(kernel_name="nn-deno")
        self.km.start_kernel(cwd=str(folder), env=dict(os.environ))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.cells = {}  # msg_id -> {"status", "outputs", "idle"}
        self.order = []
        self.displays = {}  # display_id -> outputs showing it
        self.late, self.stray = [], []

    def queue(self, sources):
        for source in sources:
            msg_id = self.kc.execute(source, stop_on_error=True)
            self.cells[msg_id] = {"status": None, "outputs": [], "idle": False, "clear": False}
            self.order.append(msg_id)

    def pump(self):
        """Files the messages that have come, waiting up to 50 ms for one."""
        try:
            self.on_iopub(self.kc.get_iopub_msg(timeout=0.05))
        except Empty:
            pass
        while True:
            try:
                reply = self.kc.get_shell_msg(timeout=0)
            except Empty:
                return
            cell = self.cells.get(reply["parent_header"].get("msg_id"))
            if cell is not None:
                cell["status"] = reply["content"]["status"]

    def collect(self):
        """Files messages until every cell has its idle and its reply, and LINGER seconds more."""
        deadline = time.monotonic() + TIMEOUT
        done_at = None
        while done_at is None or time.monotonic() < done_at + LINGER:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no idle and reply for every cell within {TIMEOUT} s")
            self.pump()
            if done_at is None and all(c["idle"] and c["status"] for c in self.cells.values()):
                done_at = time.monotonic()
        return [{"status": self.cells[m]["status"], "outputs": self.cells[m]["outputs"]} for m in self.order]

    def then(self, source):
        """Runs one more cell after a failed run is over: after the proxy's ABORT_GAP, during
        which requests from this client still count as part of the failed run."""
        time.sleep(AFTER_FAILURE)
        self.queue([source])
        return self.collect()[-1]

    def on_iopub(self, msg):
        kind, content = msg["msg_type"], msg["content"]
        cell = self.cells.get(msg["parent_header"].get("msg_id"))
        if kind == "status" and cell is not None and content["execution_state"] == "idle":
            cell["idle"] = True
        if kind not in OUTPUTS:
            return
        if cell is None:
            self.stray.append(kind)
            return
        if cell["idle"]:
            self.late.append({"cell": self.order.index(msg["parent_header"]["msg_id"]), "type": kind})
        self.add_output(cell, kind, content)

    def add_output(self, cell, kind, content):
        """As nbclient builds a cell's outputs."""
        outputs = cell["outputs"]
        if kind == "clear_output":
            if content.get("wait"):
                cell["clear"] = True
            else:
                outputs.clear()
            return
        display_id = content.get("transient", {}).get("display_id")
        if kind == "update_display_data":
            for shown in self.displays.get(display_id, []):
                shown["data"], shown["metadata"] = content["data"], content["metadata"]
            return
        if cell["clear"]:
            outputs.clear()
            cell["clear"] = False
        if kind == "stream" and outputs and outputs[-1]["output_type"] == "stream" \
                and outputs[-1]["name"] == content["name"]:
            outputs[-1]["text"] += content["text"]
            return
        output = nbformat.v4.output_from_msg({"header": {"msg_type": kind}, "content": content})
        outputs.append(output)
        if display_id:
            self.displays.setdefault(display_id, []).append(output)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def run(folder, sources, straggler=None, then=None):
    """Queues the sources at once. With a straggler: one more request as soon as a cell has
    failed, as the last requests of a Run All can come through Jupyter's server; then, once
    that Run All is over, one more."""
    kernel = Run(folder)
    try:
        kernel.queue(sources)
        if straggler is not None:
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline and "error" not in (c["status"] for c in kernel.cells.values()):
                kernel.pump()
            kernel.queue([straggler])
        cells = kernel.collect()
        report = {"cells": cells[:len(sources)], "late": kernel.late, "stray": kernel.stray}
        if straggler is not None:
            report["straggler"] = cells[-1]
        if then is not None:
            report["then"] = kernel.then(then)
        return report
    finally:
        kernel.close()


def interrupted(folder):
    """A cell that never ends, interrupted as Kernel > Interrupt does, with one queued behind it.

    The state it changes is made by the cell before it, so that an interrupt that lands before the
    loop has started cannot leave it undefined.
    """
    kernel = Run(folder)
    try:
        kernel.queue(["let n = 0;", "while (true) n++;", "n >= 0"])
        made, endless = (kernel.cells[k] for k in kernel.order[:2])
        deadline = time.monotonic() + TIMEOUT
        while made["status"] is None and time.monotonic() < deadline:
            kernel.pump()
        # An interrupt that comes before the loop starts is forgotten: ask until it ends, but give
        # each request 3 s to take effect, so that a busy machine does not send a second one.
        while endless["status"] is None and time.monotonic() < deadline:
            kernel.km.interrupt_kernel()
            for _ in range(60):
                kernel.pump()
                if endless["status"] is not None:
                    break
        cells = kernel.collect()
        return {"cells": cells, "then": kernel.then("typeof n")}
    finally:
        kernel.close()


def main(paths):
    report = {"notebooks": {}}
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        sources = [c.source for c in nb.cells if c.cell_type == "code"]
        report["notebooks"][path.stem] = run(path.parent, sources)
    report["failing"] = run(Path.cwd(), [
        "const a = 1;", "a + 1", 'throw new Error("boom")', "a + 2", 'console.log("after")',
    ], straggler="a + 10", then="a + 3")
    report["interrupted"] = interrupted(Path.cwd())
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
