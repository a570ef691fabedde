"""Runs Deno's Jupyter kernel behind a proxy that makes Run All behave.

    proxy.py CONNECTION_FILE KERNEL_COMMAND...

The kernel command is started with the path of its own connection file
appended; the proxy takes the frontend's ports and sits between the two.

Why: Deno 2.9's kernel (cli/js/jupyter_kernel.js) publishes what a cell prints
or displays from a separate loop that drains a channel fed by the thread
running the code, and tags each message with the request being handled when
the message is *published*. Its execute handler does not wait for that loop:
it sends execute_reply and idle as soon as the code returns. So an output can
arrive after its cell's idle (a frontend then drops it or shows it under the
next cell), and when requests are queued, as Run All queues them, it is tagged
with the next request. The kernel also runs queued requests after an error.

How: the proxy passes on one execute_request at a time and, right behind it,
a silent request whose code broadcasts a marker through that same channel.
The channel is first in, first out, so once the marker arrives on IOPub every
output of the cell has been published. Outputs that arrive tagged with the
marker's request are re-tagged with the cell's. Only then does the proxy pass
on the cell's error, its reply and its idle, and the next request. After an
error reply it answers the requests it holds with status "aborted", as IPython
does, and also the requests from the same frontend that keep arriving soon
after: a browser creates Run All's requests one cell at a time (Notebook 6
took 120 ms for 14 cells on a busy machine) and Jupyter's server relays them,
so a cell that fails early can come before the last of them exist.
Everything else passes through unchanged; the heartbeat goes straight to the
kernel, so a dead kernel still shows as dead.
"""
import ctypes
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import OrderedDict, deque
from datetime import datetime, timezone
from pathlib import Path

import zmq

DELIMITER = b"<IDS|MSG>"
MARKER = "deno_proxy_drained"
# globalThis.Deno: a cell's top-level `const Deno = ...` cannot shadow it.
MARKER_CODE = f'globalThis.Deno.jupyter.broadcast("{MARKER}", {{}})'
REMEMBERED = 256  # finished cells whose stray outputs are still routed home
KERNEL_PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port"]
START_ATTEMPTS = 3
# Seconds: an execute_request from the frontend whose cell failed, arriving this soon after
# the error reply or after the last request so aborted, belongs to the same Run All and is
# aborted. A learner who runs a cell again after reading the error takes longer than this.
ABORT_GAP = 0.3
# Installed in the kernel before the first cell (a silent request of the proxy's own). The
# library reads globalThis[Symbol.for("nn.kernel")].interrupted; `cell()` starts every cell.
SETUP_CODE = """(() => {
  const D = globalThis.Deno, phase = D.env.get("NN_KERNEL_PHASE");
  const kernel = { interrupted: false };
  kernel.cell = () => {
    kernel.interrupted = false;
    queueMicrotask(() => D.writeTextFileSync(phase, "async"));
  };
  Object.defineProperty(globalThis, Symbol.for("nn.kernel"), { value: kernel });
  D.addSignalListener("SIGINT", () => { kernel.interrupted = true; });
})()"""
CELL_PREFIX = 'globalThis[Symbol.for("nn.kernel")]?.cell();'
INTERRUPTED = {
    "ename": "Interrupted",
    "evalue": "Kernel → Interrupt stopped this cell; every variable keeps the value it had",
}
# Seconds after an interrupt the cell has not obeyed: then the learner is told why.
STUBBORN = 3.0
# Kernel stderr that says nothing to a learner: Deno's banner about an unstable
# subcommand, and its log of an interrupt the learner asked for.
NOISE = [b"is unstable and might change", b'"message":"Execution was terminated"']


class Message:
    """One Jupyter message as frames: routing identities, then the signed parts."""

    def __init__(self, frames):
        at = frames.index(DELIMITER)
        self.idents = frames[:at]
        self.signature, self.header_bytes, self.parent_bytes, self.metadata, self.content_bytes = (
            frames[at + 1:at + 6])
        self.buffers = frames[at + 6:]
        self.header, parent = json.loads(self.header_bytes), json.loads(self.parent_bytes)
        if not (isinstance(self.header, dict) and isinstance(parent, dict)):
            raise ValueError("a header that is not a JSON object")
        self.msg_id = self.header.get("msg_id")
        self.type = self.header.get("msg_type")
        self.parent_id = parent.get("msg_id")

    def content(self):
        return json.loads(self.content_bytes)

    def frames(self, idents=None):
        return [*(self.idents if idents is None else idents), DELIMITER, self.signature,
                self.header_bytes, self.parent_bytes, self.metadata, self.content_bytes,
                *self.buffers]


class Signer:
    """The wire protocol's HMAC over header, parent header, metadata and content."""

    def __init__(self, key, scheme):
        self.key = key.encode()
        self.digest = getattr(hashlib, scheme.split("-", 1)[1])
        self.session = uuid.uuid4().hex

    def sign(self, parts):
        if not self.key:
            return b""
        mac = hmac.new(self.key, digestmod=self.digest)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def valid(self, msg):
        parts = [msg.header_bytes, msg.parent_bytes, msg.metadata, msg.content_bytes]
        return hmac.compare_digest(self.sign(parts), msg.signature)

    def reparent(self, msg, parent_bytes):
        msg.parent_bytes = parent_bytes
        msg.signature = self.sign([msg.header_bytes, parent_bytes, msg.metadata, msg.content_bytes])
        return msg

    def make(self, msg_type, content, parent_bytes=b"{}"):
        header = json.dumps({
            "msg_id": uuid.uuid4().hex, "session": self.session, "username": "kernel",
            "date": datetime.now(timezone.utc).isoformat(), "msg_type": msg_type, "version": "5.3",
        }).encode()
        parts = [header, parent_bytes, b"{}", json.dumps(content).encode()]
        return Message([DELIMITER, self.sign(parts), *parts])


class Cell:
    """An execute_request the proxy holds, runs, and answers."""

    def __init__(self, msg):
        self.msg = msg
        self.marker_id = None
        self.reply = None  # the kernel's execute_reply, held until drained
        self.drained = False
        self.held = []  # error messages, passed on after every other output
        self.idle = None
        self.interrupted_at = None  # when the frontend first asked to interrupt it
        self.signalled_at = None  # when the proxy first sent the kernel SIGINT for it
        self.explained = False  # whether the learner has been told why it runs on


class Proxy:
    """Binds the frontend's ports, starts the kernel on its own, and passes messages between."""

    def __init__(self, front_conn, signer):
        self.front_conn = front_conn
        self.signer = signer
        self.parent_pid = os.getppid()
        self.ctx = zmq.Context()
        self.child = None
        self.stderr = None
        self.kernel = {}
        self.running = None
        self.pending = deque()
        self.routes = {}  # request msg_id -> (frontend socket, identities)
        self.markers = OrderedDict()  # marker msg_id -> Cell
        self.finished = OrderedDict()  # cell msg_id -> Cell
        self.own = set()  # ids of the proxy's own kernel_info requests
        self.aborting, self.aborting_until = None, 0.0  # see abort_pending
        self.phase_file = None  # see SETUP_CODE
        self.setup_id, self.setup_done, self.can_signal = None, False, False
        self.front = {name: self.socket(kind, front_conn, name, bind=True) for name, kind in
                      [("shell", zmq.ROUTER), ("control", zmq.ROUTER), ("stdin", zmq.ROUTER),
                       ("iopub", zmq.PUB)]}

    def alive(self):
        """The kernel runs, and so does the frontend's server: the proxy never outlives it."""
        return self.child.poll() is None and os.getppid() == self.parent_pid

    def start_kernel(self, command, conn_path):
        """Starts the kernel on fresh ports; True once it answers, False if it exits first."""
        conn = dict(self.front_conn)
        conn.update(zip(KERNEL_PORTS, free_ports(conn["ip"], len(KERNEL_PORTS))))
        Path(conn_path).write_text(json.dumps(conn))
        self.phase_file = str(Path(conn_path).with_name("phase"))
        env = dict(os.environ, NN_KERNEL_PHASE=self.phase_file)
        self.child = subprocess.Popen([*command, conn_path], stderr=subprocess.PIPE, env=env,
                                      preexec_fn=die_with_parent)
        self.stderr = KernelStderr(self.child.stderr)
        self.kernel = {name: self.socket(kind, conn, name, bind=False) for name, kind in
                       [("shell", zmq.DEALER), ("control", zmq.DEALER), ("stdin", zmq.DEALER),
                        ("iopub", zmq.SUB)]}
        self.kernel["iopub"].setsockopt(zmq.SUBSCRIBE, b"")
        if self.wait_for_kernel():
            self.stderr.release(show=True)
            setup = self.signer.make("execute_request", {
                "code": SETUP_CODE, "silent": True, "store_history": False,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": False,
            })
            self.own.add(setup.msg_id)
            self.setup_id = setup.msg_id
            self.kernel["shell"].send_multipart(setup.frames([]))
            return True
        for sock in self.kernel.values():
            sock.close(linger=0)
        return False

    def stop_kernel(self):
        if self.child and self.child.poll() is None:
            self.child.terminate()
            try:
                self.child.wait(5)
            except subprocess.TimeoutExpired:
                self.child.kill()

    def socket(self, kind, conn, name, bind):
        sock = self.ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, 1000)
        # No high-water mark: a burst of outputs is queued, never dropped.
        sock.setsockopt(zmq.SNDHWM, 0)
        sock.setsockopt(zmq.RCVHWM, 0)
        url = f"tcp://{conn['ip']}:{conn[name + '_port']}"
        sock.bind(url) if bind else sock.connect(url)
        return sock

    def wait_for_kernel(self):
        """Asks for kernel_info until the kernel answers on IOPub too.

        Only then is the proxy's subscription live, so that no output of the
        first cell is lost; frontend requests wait in their sockets meanwhile.
        """
        poller = zmq.Poller()
        poller.register(self.kernel["iopub"], zmq.POLLIN)
        while self.alive():
            nudge = self.signer.make("kernel_info_request", {})
            self.own.add(nudge.msg_id)
            self.kernel["shell"].send_multipart(nudge.frames([]))
            if poller.poll(200):
                msg = receive(self.kernel["iopub"])
                if msg and msg.parent_id in self.own:
                    return True
        return False

    def serve(self):
        handlers = {
            self.front["shell"]: self.from_front_shell,
            self.front["control"]: self.from_front_control,
            self.front["stdin"]: lambda m: self.kernel["stdin"].send_multipart(m.frames([])),
            self.kernel["shell"]: self.from_kernel_shell,
            self.kernel["control"]: self.route_back,
            self.kernel["stdin"]: self.from_kernel_stdin,
            self.kernel["iopub"]: self.from_kernel_iopub,
        }
        poller = zmq.Poller()
        for sock in handlers:
            poller.register(sock, zmq.POLLIN)
        while self.alive():
            for sock, _ in poller.poll(100):
                msg = receive(sock)
                if msg:
                    handlers[sock](msg)
                self.finish_if_drained()
                self.start_next()
            self.explain_stubborn_interrupt()

    # --- frontend to kernel ---------------------------------------------------

    def from_front_shell(self, msg):
        if not self.signer.valid(msg):
            return  # the kernel would drop it too, and never answer
        if msg.type == "execute_request" and self.after_failure(msg):
            self.abort(msg)
        elif msg.type == "execute_request":
            self.pending.append(Cell(msg))
        else:
            self.forward(msg, self.front["shell"], "shell")

    def from_front_control(self, msg):
        cell = self.running
        if msg.type == "interrupt_request" and (cell is None or cell.reply is not None):
            # No cell of the learner's is running (or it has already answered): passed on now, the
            # interrupt could stop the proxy's marker or the next cell instead. Answered here.
            reply = self.signer.make("interrupt_reply", {"status": "ok"}, msg.header_bytes)
            self.front["control"].send_multipart(reply.frames(msg.idents))
        elif msg.type == "interrupt_request":
            self.interrupt(cell, msg)
        else:
            self.forward(msg, self.front["control"], "control")

    def interrupt(self, cell, msg):
        """Stops the running cell: see the module's docstring."""
        cell.interrupted_at = cell.interrupted_at or time.monotonic()
        if self.read_phase() == "sync" or not self.can_signal:
            self.forward(msg, self.front["control"], "control")
            return
        os.kill(self.child.pid, signal.SIGINT)
        cell.signalled_at = cell.signalled_at or time.monotonic()
        reply = self.signer.make("interrupt_reply", {"status": "ok"}, msg.header_bytes)
        self.front["control"].send_multipart(reply.frames(msg.idents))

    def read_phase(self):
        try:
            return Path(self.phase_file).read_text()
        except OSError:
            return "unknown"

    def explain_stubborn_interrupt(self):
        """A cell that awaits but checks no interrupt flag runs on: say so, once."""
        cell = self.running
        if not (cell and cell.signalled_at and not cell.explained and cell.reply is None
                and time.monotonic() - cell.signalled_at > STUBBORN):
            return
        cell.explained = True
        text = ("Interrupt: this cell awaits something that does not stop on an interrupt; "
                "it stops when that ends, or at an await of the library's training loops. "
                "Kernel → Restart stops it now, and forgets every variable.\n")
        self.front["iopub"].send_multipart(self.signer.make(
            "stream", {"name": "stderr", "text": text}, cell.msg.header_bytes).frames())

    def forward(self, msg, front_socket, channel):
        self.routes[msg.msg_id] = (front_socket, msg.idents)
        self.kernel[channel].send_multipart(msg.frames([]))

    def start_next(self):
        if self.running or not self.pending or not self.setup_done:
            return
        cell = self.running = self.pending.popleft()
        marker = self.signer.make("execute_request", {
            "code": MARKER_CODE, "silent": True, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False,
        })
        cell.marker_id = marker.msg_id
        remember(self.markers, marker.msg_id, cell)
        self.kernel["shell"].send_multipart(self.with_prefix(cell.msg).frames([]))
        self.kernel["shell"].send_multipart(marker.frames([]))

    def with_prefix(self, msg):
        """The request with CELL_PREFIX before its code, the phase file saying "sync".

        A cell starting with "{" is left as it is (the kernel reads such a cell as an object, which
        the prefix would turn into a block); its phase stays unknown, so an interrupt is a signal.
        """
        content = msg.content()
        code = content.get("code", "")
        sync = self.can_signal and not code.lstrip().startswith("{")
        try:
            Path(self.phase_file).write_text("sync" if sync else "unknown")
        except OSError:
            return msg
        if not sync:
            return msg
        content["code"] = CELL_PREFIX + code
        prefixed = Message(msg.frames())
        prefixed.content_bytes = json.dumps(content).encode()
        prefixed.signature = self.signer.sign([prefixed.header_bytes, prefixed.parent_bytes,
                                               prefixed.metadata, prefixed.content_bytes])
        return prefixed

    # --- kernel to frontend ---------------------------------------------------

    def from_kernel_shell(self, msg):
        cell = self.running
        if msg.parent_id in self.own:
            if msg.parent_id == self.setup_id:
                self.setup_done = True
                self.can_signal = msg.content().get("status") == "ok"
            return
        if cell and msg.parent_id == cell.msg.msg_id:
            cell.reply = msg
        elif msg.parent_id in self.markers:
            # A marker that failed (say, interrupted) broadcasts nothing: stop waiting.
            if cell and msg.parent_id == cell.marker_id and msg.content().get("status") != "ok":
                cell.drained = True
        else:
            self.route_back(msg)

    def route_back(self, msg):
        front_socket, idents = self.routes.pop(msg.parent_id, (None, None))
        if front_socket:
            front_socket.send_multipart(msg.frames(idents))

    def from_kernel_stdin(self, msg):
        # input_request comes while a cell runs; it goes to that cell's frontend.
        if self.running:
            self.front["stdin"].send_multipart(msg.frames(self.running.msg.idents))

    def from_kernel_iopub(self, msg):
        cell, parent = self.running, msg.parent_id
        publish = self.front["iopub"].send_multipart
        if cell and parent == cell.msg.msg_id:
            if msg.type == "status" and msg.content().get("execution_state") == "idle":
                cell.idle = msg
            elif msg.type == "error":
                cell.held.append(msg)
            elif msg.type == "execute_input":
                # The code the frontend sent, without CELL_PREFIX.
                content = msg.content()
                content["code"] = cell.msg.content().get("code", "")
                publish(self.signer.make("execute_input", content, cell.msg.header_bytes).frames())
            else:
                publish(msg.frames())
        elif parent in self.markers:
            owner = self.markers[parent]
            if msg.type == MARKER:
                owner.drained = True
            elif msg.type not in ("status", "execute_input"):
                # Published after the marker's request began: it is still the owner's output.
                publish(self.signer.reparent(msg, owner.msg.header_bytes).frames())
        elif parent in self.own or (parent in self.finished and msg.type in ("status", "execute_input")):
            return
        else:
            publish(msg.frames())

    def finish_if_drained(self):
        cell = self.running
        if not (cell and cell.reply and cell.drained):
            return
        publish = self.front["iopub"].send_multipart
        reply, parent = cell.reply.content(), cell.msg.header_bytes
        if reply.get("status") == "error" and cell.interrupted_at and not any(
                m.content().get("ename") == INTERRUPTED["ename"] for m in cell.held):
            # Deno's words for a terminated cell ("Execution failed"): say what happened.
            reply.update(INTERRUPTED, traceback=[])
            cell.reply = self.signer.make("execute_reply", reply, parent)
            cell.held = []
        if reply.get("status") == "error" and not cell.held:
            # An interrupted cell gets an error reply but no error output: show the reply's.
            ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
            error = {"ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]}
            cell.held.append(self.signer.make("error", error, parent))
        for msg in cell.held:
            publish(msg.frames())
        self.front["shell"].send_multipart(cell.reply.frames(cell.msg.idents))
        publish((cell.idle or self.signer.make("status", {"execution_state": "idle"}, parent)).frames())
        self.running = None
        remember(self.finished, cell.msg.msg_id, cell)
        request = cell.msg.content()
        if (reply.get("status") == "error" and request.get("stop_on_error", True)
                and not request.get("silent", False)):
            self.abort_pending(cell.msg)

    def abort_pending(self, failed):
        """Answers every queued execute_request with "aborted", as IPython does.

        Run All's later requests may not have arrived yet: for ABORT_GAP
        seconds after the error, and after each one, requests from the frontend
        session whose cell failed are aborted as they arrive.
        """
        self.aborting = failed.header.get("session")
        self.aborting_until = time.monotonic() + ABORT_GAP
        while self.front["shell"].poll(0):
            msg = receive(self.front["shell"])
            if msg:
                self.from_front_shell(msg)
        while self.pending:
            self.abort(self.pending.popleft().msg)

    def after_failure(self, msg):
        """Is this request one more of a Run All that failed (see abort_pending)?"""
        now = time.monotonic()
        if msg.header.get("session") != self.aborting or now > self.aborting_until:
            return False
        self.aborting_until = now + ABORT_GAP
        return True

    def abort(self, msg):
        publish = self.front["iopub"].send_multipart
        publish(self.signer.make("status", {"execution_state": "busy"}, msg.header_bytes).frames())
        reply = self.signer.make("execute_reply", {"status": "aborted"}, msg.header_bytes)
        self.front["shell"].send_multipart(reply.frames(msg.idents))
        publish(self.signer.make("status", {"execution_state": "idle"}, msg.header_bytes).frames())


def receive(sock):
    """The next message on a socket, or None if it is not a Jupyter message."""
    try:
        return Message(sock.recv_multipart())
    except ValueError:  # no delimiter, or a part that is not JSON
        return None


def remember(table, key, value):
    table[key] = value
    while len(table) > REMEMBERED:
        table.popitem(last=False)


def free_ports(ip, count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind((ip, 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def die_with_parent():
    """In the child: the kernel gets SIGTERM when the proxy dies, even by SIGKILL."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class KernelStderr:
    """Passes the kernel's stderr on, without the lines in NOISE.

    Lines are held until the kernel is up: if it could not listen on its ports,
    another process took one after free_ports() chose it, and the proxy starts
    it again on other ports without showing that failure.
    """

    def __init__(self, stream):
        self.lock = threading.Lock()
        self.held = []
        self.thread = threading.Thread(target=self.copy, args=(stream,), daemon=True)
        self.thread.start()

    def copy(self, stream):
        for line in iter(stream.readline, b""):
            if any(noise in line for noise in NOISE):
                continue
            with self.lock:
                if self.held is None:
                    self.write(line)
                else:
                    self.held.append(line)

    @staticmethod
    def write(line):
        sys.stderr.buffer.write(line)
        sys.stderr.flush()

    def release(self, show):
        with self.lock:
            for line in self.held if show else []:
                self.write(line)
            self.held = None

    def port_taken(self):
        """After the kernel exited: did it fail because a port was in use?"""
        self.thread.join(2)
        with self.lock:
            return any(b"AddrInUse" in line for line in self.held or [])


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: proxy.py CONNECTION_FILE KERNEL_COMMAND...")
    front_conn = json.loads(Path(argv[1]).read_text())
    if front_conn.get("transport", "tcp") != "tcp":
        sys.exit(f"proxy.py: Deno's kernel speaks tcp only, not {front_conn['transport']}")
    # Interrupts arrive as interrupt_request messages (kernel.json's interrupt_mode); the proxy
    # sends the kernel its own SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signer = Signer(front_conn.get("key", ""), front_conn.get("signature_scheme", "hmac-sha256"))
    proxy = Proxy(front_conn, signer)
    with tempfile.TemporaryDirectory(prefix="deno-kernel-") as folder:
        try:
            for _ in range(START_ATTEMPTS):
                if proxy.start_kernel(argv[2:], f"{folder}/connection.json"):
                    proxy.serve()
                    break
                if not proxy.stderr.port_taken():
                    proxy.stderr.release(show=True)
                    break
        finally:
            proxy.stop_kernel()
    sys.exit(proxy.child.returncode or 0)


if __name__ == "__main__":
    main(sys.argv)
