"""Drives the project's kernel (nn-deno) as a learner does from a notebook's toolbar.

    _kernel_interrupt.py

In one kernel it interrupts, three times over, a live training that awaits
between its steps (fitLive, as notebooks 05 and 07 train), then a synchronous
endless loop, and after each asks for a variable made before. In another it
trains notebook 07's hidden-layer network on MNIST, whose epochs take seconds,
and interrupts that cell twice, running it again in between. Then, in a third
kernel, it queues a failing cell between others, as Run All does, and a
second after the error runs one more, as a learner re-running a cell does.

Prints one JSON object: for each interrupt, the seconds from sending the cell
to its first chart, from the interrupt to the cell's reply, the reply's
status, ename and evalue, the cell's error outputs, and the value of the
variable asked for after it; for the failing run, each cell's status and
outputs.
"""
import json
import os
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager

TIMEOUT = 120  # seconds for one cell
HUMAN = 1.0  # seconds a learner takes at least to send the next cell


class Kernel:
    def __init__(self):
        self.km = KernelManager(kernel_name="nn-deno")
        self.km.start_kernel(cwd=os.getcwd(), env=dict(os.environ))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.cells = {}

    def send(self, code):
        msg_id = self.kc.execute(code, stop_on_error=True)
        self.cells[msg_id] = {"status": None, "outputs": [], "idle": False, "reply": None}
        return msg_id

    def pump(self):
        try:
            msg = self.kc.get_iopub_msg(timeout=0.02)
            cell = self.cells.get(msg["parent_header"].get("msg_id"))
            if cell is not None:
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status" and content["execution_state"] == "idle":
                    cell["idle"] = True
                elif kind in ("error", "execute_result", "stream", "display_data"):
                    cell["outputs"].append({"type": kind, **{
                        k: content[k] for k in ("ename", "evalue", "text", "data") if k in content}})
        except Empty:
            pass
        while True:
            try:
                reply = self.kc.get_shell_msg(timeout=0)
            except Empty:
                return
            cell = self.cells.get(reply["parent_header"].get("msg_id"))
            if cell is not None:
                cell["status"], cell["reply"] = reply["content"]["status"], reply["content"]

    def done(self, msg_id):
        return self.cells[msg_id]["status"] is not None and self.cells[msg_id]["idle"]

    def wait(self, msg_id, until=None):
        deadline = time.monotonic() + TIMEOUT
        while not (until or self.done)(msg_id):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply within {TIMEOUT} s")
            self.pump()
        return self.cells[msg_id]

    def run(self, code):
        time.sleep(HUMAN)
        return self.wait(self.send(code))

    def value(self, code):
        cell = self.run(code)
        results = [o["data"]["text/plain"] for o in cell["outputs"] if o["type"] == "execute_result"]
        return results[0] if cell["status"] == "ok" and results else cell

    def interrupt(self, code, started):
        """Sends the cell, interrupts it once `started` holds for it, and times the stop."""
        time.sleep(HUMAN)
        sent = time.monotonic()
        msg_id = self.send(code)
        self.wait(msg_id, started)
        shown = time.monotonic() - sent
        time.sleep(0.5)
        asked = time.monotonic()
        self.km.interrupt_kernel()
        cell = self.wait(msg_id, lambda m: self.cells[m]["status"] is not None)
        seconds = time.monotonic() - asked
        cell = self.wait(msg_id)
        reply = cell["reply"]
        return {
            "seconds": round(seconds, 2), "shown": round(shown, 2), "status": reply["status"],
            "ename": reply.get("ename"), "evalue": reply.get("evalue"),
            "errors": [[o["ename"], o["evalue"]] for o in cell["outputs"] if o["type"] == "error"],
        }

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def interrupts():
    kernel = Kernel()
    try:
        made = kernel.run('import { fitLive, mlp, xor } from "nn";\n'
                          "const { X, y } = xor();\nconst before = 42;\nlet trainings = 0;")
        if made["status"] != "ok":
            raise RuntimeError(f"the first cell failed: {made}")
        drawn = lambda m: any(o["type"] == "display_data" for o in kernel.cells[m]["outputs"])
        live = ("trainings++;\nawait fitLive(mlp([2, 16, 16, 1], { seed: trainings }), X, y, "
                "{ lr: 0.1, epochs: 10_000_000 }, { display: Deno.jupyter.display, every: 50 });")
        report = {"live": []}
        for _ in range(3):
            stopped = kernel.interrupt(live, drawn)
            stopped["after"] = [kernel.value("before"), kernel.value("trainings")]
            report["live"].append(stopped)
        report["sync"] = kernel.interrupt("let n = 0;\nwhile (true) n++;", lambda m: True)
        report["sync"]["after"] = [kernel.value("before"), kernel.value("n > 0")]
        return report
    finally:
        kernel.close()


def mnist():
    """Notebook 07's live training of 784 → 128 → 10, interrupted twice and run again between."""
    kernel = Kernel()
    try:
        made = kernel.run('import { fitLive, loadMnist, mlp, oneHot } from "nn";\n'
                          "const { train } = await loadMnist();\n"
                          "const trainY = oneHot(train.labels, 10);\nlet trainings = 0;")
        if made["status"] != "ok":
            raise RuntimeError(f"loading MNIST failed: {made}")
        drawn = lambda m: any(o["type"] == "display_data" for o in kernel.cells[m]["outputs"])
        live = ("trainings++;\nconst hidden = mlp([784, 128, 10], { seed: 1 });\n"
                "await fitLive(hidden, train.X, trainY, { loss: \"softmaxCrossEntropy\", "
                "momentum: 0.9, seed: 1, lr: 0.1, batchSize: 128, epochs: 3 }, "
                "{ display: Deno.jupyter.display, title: \"784 → 128 → 10\", logY: false });")
        report = []
        for _ in range(2):
            stopped = kernel.interrupt(live, drawn)
            stopped["after"] = [kernel.value("train.X.rows"), kernel.value("trainings")]
            report.append(stopped)
        return report
    finally:
        kernel.close()


def failing():
    kernel = Kernel()
    try:
        queued = [kernel.send(c) for c in ["const a = 1;", 'throw new Error("boom")', "a + 2"]]
        for msg_id in queued:
            kernel.wait(msg_id)
        later = kernel.run("a + 3")
        return [{"status": c["status"], "outputs": c["outputs"]}
                for c in [*(kernel.cells[m] for m in queued), later]]
    finally:
        kernel.close()


if __name__ == "__main__":
    json.dump({"interrupts": interrupts(), "mnist": mnist(), "failing": failing()}, sys.stdout)
