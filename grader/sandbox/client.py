"""The judge side of the sandbox: processes, timeouts, restarts, and the `student` proxy.

A sandbox is a child of multiprocessing's forkserver, whose warm parent has imported torch and
`grader.sandbox.worker` but computed nothing (torch's thread pools do not survive a fork). Each
topic gets its own sandbox, so one topic's import-time side effects cannot reach another's. A
sandbox that times out is killed with its whole process group; one that crashes is reaped; either
way the failing call is reported and the next call starts a fresh sandbox.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import types
from dataclasses import dataclass, field

from grader.sandbox import wire

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 4096
MAX_REPLY_BYTES = 512 << 20


class SandboxTimeout(Exception):
    def __init__(self, what: str, seconds: float):
        super().__init__(f"{what} did not finish within {seconds:g} s and was stopped")
        self.what, self.seconds = what, seconds


class SandboxCrash(Exception):
    """The sandbox process died, or answered with something that is not a valid message."""


class StudentError(Exception):
    """The submission raised an exception (reported from the sandbox as plain text)."""

    def __init__(self, what, exc_type, message, traceback_text, in_submission, output=""):
        super().__init__(f"{what} raised {exc_type}: {message}")
        self.what, self.exc_type, self.message = what, exc_type, message
        self.traceback_text, self.in_submission, self.output = traceback_text, in_submission, output


class NotImplementedByStudent(StudentError):
    """The stub's own `raise NotImplementedError()` is still there."""


class ImportFailure(StudentError):
    """Importing the topic module raised: every test of the topic reports it."""


def describe_exit(exitcode) -> str:
    if exitcode is None:
        return "stopped responding"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = {
            "SIGSEGV": " (segmentation fault)",
            "SIGKILL": " (killed: often too much memory)",
            "SIGABRT": " (aborted)",
        }.get(name, "")
        return f"was killed by {name}{hint}"
    return f"exited with status {exitcode} (sys.exit or os._exit in the submission?)"


_context = None
_context_lock = threading.Lock()


def forkserver_context():
    """The forkserver context, started on first use with torch preloaded."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["grader.sandbox.warm"])  # see warm.py
            _context = ctx
        return _context


def warm_up():
    """Start the forkserver now (it imports torch in the background while the judge works)."""
    from multiprocessing import forkserver

    forkserver_context()
    forkserver.ensure_running()


class ProcessSandbox:
    """One sandbox process for one submission folder."""

    def __init__(self, submission_dir: str, memory_mb: int = DEFAULT_MEMORY_MB):
        self.submission_dir = submission_dir
        self.memory_mb = memory_mb
        self.process = None
        self.conn = None

    def start(self):
        from grader.sandbox import worker

        ctx = forkserver_context()
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=worker.serve,
            args=(child_conn, self.submission_dir, self.memory_mb),
            daemon=True,
        )
        # multiprocessing would make the child re-run the judge's __main__ (the `grade` script,
        # pytest); a blank one keeps the child to what the warm parent preloaded.
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            self.process.start()
        finally:
            sys.modules["__main__"] = main
        child_conn.close()
        self.conn = parent_conn

    @property
    def alive(self):
        return self.process is not None and self.process.is_alive()

    def send(self, payload: bytes, what: str) -> None:
        if not self.alive:
            self.start()
        try:
            self.conn.send_bytes(payload)
        except (BrokenPipeError, OSError):
            raise SandboxCrash(f"the sandbox {describe_exit(self._reap())} before {what}") from None

    def receive(self, timeout: float, what: str) -> bytes:
        if not self.conn.poll(timeout):
            self.stop()
            raise SandboxTimeout(what, timeout)
        try:
            return self.conn.recv_bytes(MAX_REPLY_BYTES)
        except (EOFError, OSError):
            raise SandboxCrash(f"the sandbox {describe_exit(self._reap())} during {what}") from None

    def request(self, payload: bytes, timeout: float, what: str) -> bytes:
        self.send(payload, what)
        return self.receive(timeout, what)

    def _reap(self):
        if self.process is None:
            return None
        self.process.join(5)
        code = self.process.exitcode
        self.stop()
        return code

    def stop(self, wait: bool = True):
        """Kill the sandbox and every process in its group (without waiting for the forkserver
        to reap it when `wait` is False)."""
        if self.process is None:
            return
        pid = self.process.pid
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except Exception:  # already gone
            pass
        if wait:
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


class InProcessSandbox:
    """`--in-process`: the same worker, in the judge's own process. No isolation, no timeouts;
    for debugging a submission (e.g. with breakpoints), never for grading others' code."""

    def __init__(self, submission_dir: str, memory_mb: int = 0):
        from grader.sandbox.worker import Worker

        self.worker = Worker(submission_dir)

    def request(self, payload: bytes, timeout: float, what: str) -> bytes:
        return self.worker.handle(payload)

    def receive(self, timeout: float, what: str) -> bytes:
        return self.pending_reply

    def stop(self, wait: bool = True):
        pass


@dataclass
class Call:
    """What one call into the submission gave back."""

    value: object
    facts: dict = field(default_factory=dict)
    inputs_after: tuple | None = None
    output: str = ""

    @property
    def calls(self) -> set[str]:
        """Names of the torch functions the call used (as recorded in the sandbox)."""
        return set(self.facts.get("calls", ()))

    @property
    def tensor_facts(self) -> list[dict]:
        return list(self.facts.get("tensors", ()))

    @property
    def input_grads(self) -> list:
        return list(self.facts.get("input_grads") or ())

    @property
    def second_order(self) -> list:
        return list(self.facts.get("second_order") or ())


class TopicSandboxes:
    """A sandbox per topic for one submission, restarted after a crash or a timeout."""

    def __init__(
        self,
        submission_dir,
        *,
        timeout=DEFAULT_TIMEOUT,
        memory_mb=DEFAULT_MEMORY_MB,
        in_process=False,
    ):
        self.submission_dir = os.path.realpath(submission_dir)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.in_process = in_process
        self.sandboxes: dict[str, object] = {}
        self.pending: set = set()  # sandboxes whose import reply has not been read yet
        self.import_failures: dict[str, Exception] = {}

    def for_topic(self, topic: str):
        """The topic's sandbox with the topic module imported (or the import's failure)."""
        if topic in self.import_failures:
            raise self.import_failures[topic]
        box = self.sandboxes.get(topic)
        if box is None or not (self.in_process or box.alive or box in self.pending):
            box = self._start(topic)
        if box in self.pending:
            self.pending.discard(box)
            what = f"importing {topic}.py"
            try:
                reply = self._decode(box, box.receive(self.timeout, what), what)
            except (SandboxCrash, SandboxTimeout) as exc:
                reply = ("raise", type(exc).__name__, str(exc), "", True, "")
            if reply[0] == "raise":
                self.import_failures[topic] = ImportFailure(what, *reply[1:])
                raise self.import_failures[topic]
        return box

    def _start(self, topic):
        """A new sandbox for `topic`, asked to import the topic module; the reply is read later,
        so the import runs while the judge goes on."""
        if not os.path.isfile(os.path.join(self.submission_dir, f"{topic}.py")):
            self.import_failures[topic] = ImportFailure(
                f"importing {topic}.py",
                "FileNotFoundError",
                f"there is no {topic}.py in {self.submission_dir}",
                "",
                True,
            )
            raise self.import_failures[topic]
        if self.in_process:
            box = InProcessSandbox(self.submission_dir)
            box.pending_reply = box.request(wire.encode(("load", topic)), self.timeout, "")
        else:
            box = ProcessSandbox(self.submission_dir, self.memory_mb)
            box.send(wire.encode(("load", topic)), f"importing {topic}.py")
        box.topic = topic
        self.sandboxes[topic] = box
        self.pending.add(box)
        return box

    def _exchange(self, box, message, what, timeout):
        payload = wire.encode(message, handle_for=encode_handle)
        return self._decode(box, box.request(payload, timeout, what), what)

    def _decode(self, box, data, what):
        try:
            return wire.decode(data, resolve_handle=lambda ref: RemoteObject(self, box, ref))
        except wire.WireError as exc:
            box.stop()
            raise SandboxCrash(f"the sandbox sent an invalid reply during {what}: {exc}") from None

    def call(
        self,
        topic,
        target,
        args,
        kwargs,
        *,
        what,
        inputs=False,
        keep=None,
        backward=None,
        timeout=None,
    ) -> Call:
        box = self.for_topic(topic)
        options = {"inputs": inputs}
        if keep is not None:
            options["keep"] = keep
        if backward is not None:
            options["backward"] = backward
        reply = self._exchange(
            box, ("call", target, list(args), dict(kwargs), options), what, timeout or self.timeout
        )
        if reply[0] == "raise":
            exc_type, message, tb, in_submission, output = reply[1:]
            cls = (
                NotImplementedByStudent
                if exc_type == "NotImplementedError" and in_submission
                else StudentError
            )
            raise cls(what, exc_type, message, tb, in_submission, output)
        _, value, facts, inputs_after, output = reply
        if inputs_after is not None:
            inputs_after = (tuple(inputs_after[0]), inputs_after[1])
        return Call(value, facts, inputs_after, output)

    def reset(self, next_topic: str | None = None):
        """Replace every sandbox by a fresh one, so that nothing a call did to its process (a
        patched builtin, a changed global) reaches what comes next. The sandbox for
        `next_topic` starts and imports its module now, while the judge moves on."""
        if self.in_process:
            return
        self.close(wait=False)
        if next_topic and next_topic not in self.import_failures:
            try:
                self._start(next_topic)
            except ImportFailure:
                pass  # reported when a test asks for the topic

    def close(self, wait: bool = True):
        for box in self.sandboxes.values():
            box.stop(wait)
        self.sandboxes.clear()
        self.pending.clear()


class RemoteFunction:
    """`student.<topic>.<name>`: calling it runs the submission's function in the sandbox."""

    def __init__(self, boxes: TopicSandboxes, topic: str, name: str, target=None, what=None):
        self._boxes, self._topic, self._name = boxes, topic, name
        self._target = target or (topic, name)
        self._what = what or f"{topic}.{name}"

    def __call__(self, *args, **kwargs):
        return self._boxes.call(self._topic, self._target, args, kwargs, what=self._what).value

    def call(self, *args, **kwargs) -> Call:
        """Like calling it, but returns a `Call` with the inputs as they were afterwards and the
        facts the sandbox recorded (torch functions used, storage sharing, strides)."""
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, inputs=True
        )

    def backward_call(self, *args, grad_outputs=None, second_order=None, **kwargs) -> Call:
        """Call, then differentiate the result in the sandbox with respect to every tensor
        argument that requires grad: `Call.input_grads` (one per such argument, in order; None
        where unused), and with `second_order` vectors (one per such argument)
        `Call.second_order`, the gradient of sum_i <grad_i, v_i> (gradgradcheck's probe)."""
        backward = (grad_outputs, second_order)
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, inputs=True, backward=backward
        )

    def __getattr__(self, name):
        """`student.backprop.LinearFunction.apply`: an attribute of the named object."""
        if name.startswith("_") or self._target[0] == "H":
            raise AttributeError(name)
        return RemoteFunction(
            self._boxes, self._topic, f"{self._name}.{name}", what=f"{self._what}.{name}"
        )

    def keep(self, *args, **kwargs):
        """Call and keep the result in the sandbox, returning a RemoteObject."""
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, keep=True
        ).value

    def __repr__(self):
        return f"<submission's {self._what}>"


class RemoteObject:
    """An object that lives in the sandbox (e.g. a constructed nn.Module): its methods are
    RemoteFunctions. It is gone when its sandbox restarts."""

    def __init__(self, boxes, box, ref):
        self._boxes, self._box, self._ref = boxes, box, ref

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._method(name)

    def _method(self, name):
        topic = self._box.topic
        if self._boxes.sandboxes.get(topic) is not self._box:
            raise SandboxCrash(
                f"the {self._ref.type_name} object was lost when its sandbox restarted"
            )
        return RemoteFunction(
            self._boxes,
            topic,
            name,
            target=("H", self._ref.handle_id, name),
            what=f"{self._ref.type_name}.{name}",
        )

    def __call__(self, *args, **kwargs):
        return self._method("__call__")(*args, **kwargs)

    @property
    def type_name(self):
        return self._ref.type_name

    def __repr__(self):
        return f"<submission's {self._ref.type_name} object>"


def encode_handle(obj):
    """Send a RemoteObject back to its sandbox as a handle."""
    if isinstance(obj, RemoteObject):
        return obj._ref
    return None


class Student:
    """The `student` fixture: `student.indexing.first_image(x)` runs the submission's function."""

    def __init__(self, boxes: TopicSandboxes):
        self._boxes = boxes

    def __getattr__(self, topic):
        if topic.startswith("_"):
            raise AttributeError(topic)
        return _Topic(self._boxes, topic)


class _Topic:
    def __init__(self, boxes, topic):
        self._boxes, self._topic = boxes, topic

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return RemoteFunction(self._boxes, self._topic, name)
