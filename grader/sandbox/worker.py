"""The sandbox side: imports a submission's topic module and runs calls on request.

This module runs in a child process forked from a warm parent (see client.py); everything the
submission does happens here. Requests and replies are the typed messages of
grader.sandbox.protocol, carried as wire data (grader.sandbox.wire).

A call's target is a function of the submission's module, a method of an object kept here, or a
function of the kit (`grader.*`) run here. With `keep`, a result that is not plain data stays
here and a handle goes back (for a tuple or list, each element that is not plain). How the call
computed (the torch functions it used, its result's strides and storage, the probe network's
modes) is not in the reply: it goes to the judge on the fact pipe as it happens, and the call ends
with the canary (grader.sandbox.facts). The reply carries the result, the inputs after the call
and gradients computed here, which the judge checks against its own.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import multiprocessing.connection
import os
import resource
import shutil
import signal
import socket
import sys
import traceback

import torch
from torch.overrides import TorchFunctionMode

from grader.sandbox import facts, jail, protocol, wire
from grader.sandbox.facts import TORCH_CANARY, WATCHED_PY_FUNCTIONS
from grader.sandbox.submission_files import copy_submission
from grader.topics import kit_root

ORIGINALS: dict[
    tuple[str, str], object
] = {}  # what the wrappers replaced, for the grader's own use
OUTPUT_LIMIT = 4000  # characters of a call's printed output sent back to the judge
OUTPUT_FILE_NAME = "output.txt"  # in the working folder: what is written to fds 1 and 2
OUTPUT_FILE = os.path.join(jail.WORKDIR, OUTPUT_FILE_NAME)


class CallLog:
    """The torch functions used during the current call, each sent to the judge's fact pipe as
    it is first used (grader.sandbox.facts); `token` is the call's canary."""

    def __init__(self):
        self.recording = False
        self.token = 0

    def record(self, name, kind="call"):
        if self.recording:
            facts.emit(kind, str(name))


LOG = CallLog()
# What the canary calls pass instead of a real argument: the recorder answers with the token.
_CANARY = object()
_CANARY_TENSOR = torch.empty(0)


class _Recorder(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        if args and args[0] is _CANARY_TENSOR:  # the same route as every call it records
            LOG.record(f"{TORCH_CANARY}:{LOG.token}", kind="canary")
            return None
        LOG.record(getattr(func, "__name__", None) or repr(func))
        return func(*args, **(kwargs or {}))


def _sing_torch_canary() -> None:
    """At the end of a call, inside the recorder's mode: a torch call with the canary, which an
    intact mode answers with the call's token (one the submission popped or replaced is silent)."""
    try:
        torch.neg(_CANARY_TENSOR)
    except Exception:  # noqa: BLE001 - a recorder the submission broke: the judge sees silence
        pass


def _sing_python_canaries() -> None:
    """Each wrapped Python function once more with the canary, looked up afresh where the
    submission finds it (one it replaced or unwrapped stays silent)."""
    for module_name, path in WATCHED_PY_FUNCTIONS:
        try:
            owner = importlib.import_module(module_name)
            for part in path.split("."):
                owner = getattr(owner, part)
            owner(_CANARY)
        except Exception:  # noqa: BLE001 - as above
            pass


def _watch(module_name, path):
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    if getattr(original, "__grader_watched__", False):
        return
    ORIGINALS[(module_name, path)] = original

    @functools.wraps(original)
    def watched(*args, **kwargs):
        if args and args[0] is _CANARY:
            LOG.record(f"{module_name}:{path}:{LOG.token}", kind="canary")
            return None
        LOG.record(name)
        return original(*args, **kwargs)

    watched.__grader_watched__ = True
    setattr(owner, name, watched)


class _BoundedText(io.TextIOBase):
    """A stdout/stderr stand-in that keeps the first OUTPUT_LIMIT characters."""

    def __init__(self):
        self.parts, self.size, self.dropped = [], 0, 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(room, len(s))
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def text(self):
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n... ({self.dropped} more characters of output cut)"
        return out


class Worker:
    """Handles requests for one submission folder. Used in the sandbox process, or in the judge's
    own process by `--in-process` (then without any isolation)."""

    def __init__(self, submission_dir: str):
        self.submission_dir = os.path.realpath(submission_dir)
        if self.submission_dir not in sys.path:
            sys.path.insert(0, self.submission_dir)
        self.modules: dict[str, object] = {}
        self.handles: dict[int, object] = {}
        self.next_handle = 1
        for module_name, name in WATCHED_PY_FUNCTIONS:
            _watch(module_name, name)

    # -- requests ---------------------------------------------------------------------------
    def handle(self, request: bytes) -> bytes:
        output = _BoundedText()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = output
        try:
            message = protocol.parse_request(wire.decode(request, resolve_handle=self._resolve))
            if isinstance(message, protocol.Load):
                self._module(message.topic)
                reply = protocol.Done(None)
            elif isinstance(message, protocol.Call):
                reply = self._call(message)
            elif isinstance(message, protocol.Release):
                self.handles.pop(message.handle_id, None)
                reply = protocol.Done(None)
            else:  # a Fork that reached a sandbox without a PID namespace (see serve)
                reply = protocol.Raised("ForkRefused", "this sandbox does not fork", "", False)
        except BaseException as exc:  # noqa: BLE001 - everything the submission raises is reported
            reply = self._describe(exc)
        finally:
            sys.stdout, sys.stderr = saved
        return self.encode_reply(reply, output.text())

    def encode_reply(self, reply, output: str) -> bytes:
        kind, fields = protocol.reply_fields(reply)
        fields = (*fields[:-1], output)
        names = {
            "done": ("the result", "facts", "the inputs after the call", "output"),
            "raised": ("exception type", "message", "traceback", "in_submission", "output"),
        }[kind]
        try:
            return wire.dumps(
                (
                    "t",
                    [
                        ("v", kind),
                        *(wire.tag(v, w, handle_for=self._keep) for v, w in zip(fields, names)),
                    ],
                )
            )
        except wire.Unencodable as exc:
            return _unsupported(str(exc), output)
        except Exception as exc:  # noqa: BLE001 - a result whose own methods fail while read
            message = f"the result could not be read: {type(exc).__name__}: {_safe_str(exc)}"
            return _unsupported(message, output)

    def _module(self, topic):
        if topic not in self.modules:
            self.modules[topic] = importlib.import_module(topic)
        return self.modules[topic]

    def _resolve(self, ref):
        if ref.handle_id not in self.handles:
            raise LookupError(f"object #{ref.handle_id} no longer exists in the sandbox")
        return self.handles[ref.handle_id]

    def _keep(self, obj):
        """Send a handle instead of an object: for objects already kept here, and for the
        result of a `keep` call (e.g. a constructed nn.Module)."""
        for handle_id, kept in self.handles.items():
            if kept is obj:
                return wire.HandleRef(handle_id, type(obj).__qualname__)
        if not self._keeping:
            return None
        handle_id = self.next_handle
        self.next_handle += 1
        self.handles[handle_id] = obj
        return wire.HandleRef(handle_id, type(obj).__qualname__)

    _keeping = False

    def _call(self, request: protocol.Call):
        target, args, kwargs = request.target, request.args, request.kwargs
        if isinstance(target, protocol.HandleTarget):
            owner = self.handles[target.handle_id]
            func = getattr(owner, target.method)
        elif isinstance(target, protocol.KitTarget):  # e.g. a builder of DataLoaders, run here
            if not str(target.module).startswith("grader."):
                raise LookupError(f"{target.module} is not a module of the kit")
            owner, func = None, importlib.import_module(target.module)
            for part in target.name.split("."):
                func = getattr(func, part)
        else:
            owner, func = None, self._module(target.topic)
            for part in target.name.split("."):  # e.g. "LinearFunction.apply"
                func = getattr(func, part)
        # torch.manual_seed(0) would also queue a lazy seeding of every accelerator torch knows,
        # with a traceback each time (~0.3 ms a call): only the generators that exist are seeded
        torch.default_generator.manual_seed(0)
        if torch.cuda.is_available():
            torch.cuda.manual_seed_all(0)
        facts.EMITTER.start_call()
        LOG.token, LOG.recording = request.canary, True
        try:
            if request.record:
                with _Recorder():
                    value = func(*args, **kwargs)
                    _sing_torch_canary()
            else:  # the value alone is wanted: the recorder's mode only for the canary
                value = func(*args, **kwargs)
                with _Recorder():
                    _sing_torch_canary()
            # what the result is, the moment it exists, before more of the submission runs
            facts.emit("tensors", _tensor_facts(value, (args, kwargs)))
            if request.backward is not None:  # autograd runs a Function's backward outside the mode
                backward = _backward(value, (args, kwargs), *request.backward, owner=owner)
            _sing_python_canaries()
        finally:
            LOG.recording = False
        values = {}
        if request.backward is not None:
            values["input_grads"], values["param_grads"], values["second_order"] = backward
        inputs_after = [list(args), kwargs] if request.inputs else None
        keep = isinstance(func, type) if request.keep is None else request.keep
        if keep and not _is_plain(value):
            self._keeping = True
            try:
                if type(value) in (tuple, list):  # e.g. (model, history): keep only the model
                    value = type(value)(v if _is_plain(v) else self._keep(v) for v in value)
                else:
                    value = self._keep(value)
            finally:
                self._keeping = False
        return protocol.Done(value, values, inputs_after)

    def _describe(self, exc):
        tb = traceback.extract_tb(exc.__traceback__)
        mine = [
            f for f in tb if os.path.realpath(f.filename).startswith(self.submission_dir + os.sep)
        ]
        in_submission = bool(tb) and tb[-1] in mine
        if isinstance(exc, NotImplementedError) and in_submission:
            # A stub's own `raise`, not torch refusing an op at the student's line (which is an
            # error to report, not "not implemented yet").
            in_submission = (tb[-1].line or "").lstrip().startswith("raise")
        text = "".join(traceback.format_list(mine)) if mine else ""
        if isinstance(exc, SyntaxError) and exc.filename:
            in_submission = True
            text = "".join(traceback.format_exception_only(type(exc), exc))
        return protocol.Raised(_safe_name(exc), _safe_str(exc), text, in_submission)


def _unsupported(message: str, output: str) -> bytes:
    return _refusal("UnsupportedResult", message, output, in_submission=True)


def _refusal(exc_type: str, message: str, output: str = "", in_submission=False) -> bytes:
    fields = ("raised", exc_type, message, "", in_submission, output)
    return wire.dumps(("t", [("v", f) for f in fields]))


def _safe_name(exc) -> str:
    name = type(exc).__name__
    return name if type(name) is str and name else "Exception"


def _backward(value, inputs, grad_outputs, second_order_vectors, owner=None):
    """Gradients of the result with respect to every input that requires grad (in traversal
    order; None where unused), for `grad_outputs` (None: ones); when the call was a method of an
    nn.Module, also {name: gradient} for its parameters that require grad. With
    `second_order_vectors` (one per such input), also d(sum_i <grad_i, v_i>)/d(input): what
    gradgradcheck probes. Returns (input grads, parameter grads or None, second order or None)."""
    outputs = [t for t in _walk_tensors(value) if t.requires_grad]
    wrt = [t for t in _walk_tensors(inputs) if t.requires_grad]
    params = []
    if isinstance(owner, torch.nn.Module):
        params = [(n, p) for n, p in owner.named_parameters() if p.requires_grad]
    if not outputs:
        raise TypeError(
            "the result does not depend on any input that requires grad (no graph to differentiate)"
        )
    if grad_outputs is None:
        grad_outputs = [torch.ones_like(t) for t in outputs]
    second = second_order_vectors is not None
    autograd_grad = ORIGINALS[("torch.autograd", "grad")]  # the grader's own, unrecorded
    everything = wrt + [p for _, p in params]
    grads = autograd_grad(outputs, everything, grad_outputs, allow_unused=True, create_graph=second)
    input_grads, param_grads = grads[: len(wrt)], grads[len(wrt) :]
    detach = [g.detach() if g is not None else None for g in input_grads]
    by_name = {n: (g.detach() if g is not None else None) for (n, _), g in zip(params, param_grads)}
    by_name = by_name if params else None
    if not second:
        return detach, by_name, None
    pairs = [
        (g, v)
        for g, v in zip(input_grads, second_order_vectors)
        if g is not None and g.requires_grad
    ]
    if not pairs:
        return detach, by_name, [None] * len(wrt)
    seconds = autograd_grad([g for g, _ in pairs], wrt, [v for _, v in pairs], allow_unused=True)
    return detach, by_name, [g.detach() if g is not None else None for g in seconds]


def _safe_str(exc):
    try:
        return str(exc)[:2000]
    except BaseException:  # noqa: BLE001 - a rigged __str__
        return "(the exception's message could not be read)"


def read_attribute(obj, name: str):
    """What `RemoteObject.get(name)` runs here: an attribute of a kept object (a kit function)."""
    return getattr(obj, name)


def _is_plain(value):
    try:
        wire.encode(value)
        return True
    except wire.Unencodable:
        return False


def _storages(tree):
    ptrs = set()
    for t in _walk_tensors(tree):
        if t.device.type != "meta":
            ptr = t.untyped_storage().data_ptr()
            if ptr:
                ptrs.add(ptr)
    return ptrs


def _walk_tensors(x, depth=0):
    if depth > wire.MAX_DEPTH:
        return
    if type(x) in (torch.Tensor, torch.nn.Parameter):  # subclasses are refused by the wire
        yield x
    elif type(x) in (list, tuple):
        for v in x:
            yield from _walk_tensors(v, depth + 1)
    elif type(x) is dict:
        for v in x.values():
            yield from _walk_tensors(v, depth + 1)


def _tensor_facts(value, inputs):
    if not any(True for _ in _walk_tensors(value)):
        return []
    input_storages = _storages(inputs)
    entries = []
    for t in _walk_tensors(value):
        ptr = t.untyped_storage().data_ptr() if t.device.type != "meta" else 0
        entries.append(
            {
                "shares_input_storage": bool(ptr) and ptr in input_storages,
                "stride": tuple(t.stride()),
                "storage_offset": int(t.storage_offset()),
                "contiguous": bool(t.is_contiguous()),
                "requires_grad": bool(t.requires_grad),
                "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
            }
        )
    return entries


# -- the sandbox process ---------------------------------------------------------------------
def serve(
    conn,
    submission_dir: str,
    memory_mb: int,
    uid: int | None = None,
    workdir: str | None = None,
    jailed: bool = False,
    fact_conn=None,
) -> None:
    """Entry point of a sandbox process: isolate, then answer requests until the channel closes.

    `uid`: the user to become (grader.sandbox.users), or None to stay the judge's. `jailed`:
    enter the namespaces of grader.sandbox.jail (the submission is copied into them). `fact_conn`:
    the write end of the fact pipe (grader.sandbox.facts). Otherwise
    `workdir` is the folder the judge made for this sandbox (and removes when it ends); a sandbox
    with a user of its own gets its private copy of the submission there."""
    os.setsid()  # its own process group: the judge kills the group, children included
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fact_fd = fact_conn.fileno() if fact_conn is not None else None
    _keep_only(conn.fileno(), fact_fd)
    if fact_fd is not None:
        facts.open_writer(fact_fd)
    try:
        submission_dir = _isolate(conn, submission_dir, memory_mb, uid, workdir, jailed)
    except Exception as exc:  # noqa: BLE001 - no submission code has run yet: the grader's fault
        _refuse_every_request(conn, f"the sandbox could not be set up: {type(exc).__name__}: {exc}")
    worker = Worker(submission_dir)
    while True:
        try:
            request = conn.recv_bytes()
        except (EOFError, OSError):
            os._exit(0)
        if jailed and request == protocol.FORK_REQUEST:
            function_conn = _fork_for_next_function(worker, conn)
            if function_conn is None:  # process 1: wait for the next Fork
                continue
            conn, reply = function_conn, worker.encode_reply(protocol.Done(None), "")
        else:
            reply = worker.handle(request)
        conn.send_bytes(reply)


def _fork_for_next_function(worker, conn):
    """In process 1 of a jailed sandbox's PID namespace, which has imported the topic module and
    run nothing else: take the socket the judge sent with the Fork, end every other process of
    the namespace (what the last function's process started), empty the scratch folders, and
    fork the process that serves the next function over that socket.

    Returns, in the new process, the socket's Connection (the control channel `conn` closed, so
    nothing the function starts can read or write process 1's requests). Returns None in process
    1, which has sent its refusal on that socket where it will not fork: where the topic's import
    left threads running (a fork keeps only this one, and torch's pools would hang), the judge
    then sends this function's calls to process 1 itself."""
    function_fd = _receive_socket(conn)
    if function_fd is None:
        return None  # nothing to answer on: the judge, whose send failed, has stopped us
    function_conn = multiprocessing.connection.Connection(function_fd)
    refusal = None
    if os.getpid() != 1:  # kill(-1) below is only safe as a PID namespace's process 1
        refusal = _refusal("ForkRefused", "not process 1 of a PID namespace of its own")
    elif (threads := len(os.listdir("/proc/self/task"))) > 1:
        message = f"the topic's import left {threads - 1} thread(s) running: no fork"
        refusal = _refusal("ForkRefused", message)
    if refusal is not None:
        with contextlib.suppress(OSError):
            function_conn.send_bytes(refusal)
        function_conn.close()
        return None
    _end_every_other_process()
    _empty_scratch()
    if os.fork() == 0:
        conn.close()
        return function_conn
    function_conn.close()  # the new process's exit leaves a zombie, reaped at the next Fork:
    return None  # the judge reads its exit status there


def _receive_socket(conn) -> int | None:
    """The descriptor the judge sends right after a Fork: one byte carrying it (SCM_RIGHTS)."""
    carrier = socket.socket(fileno=os.dup(conn.fileno()))
    try:
        _, fds, _, _ = socket.recv_fds(carrier, 1, 1)
    except OSError:
        return None
    finally:
        carrier.close()
    return fds[0] if fds else None


def _end_every_other_process() -> None:
    """SIGKILL every process of this PID namespace but this one (process 1 is spared by kill(-1),
    and every orphan is this process's child), and reap them all."""
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass  # none left to signal; zombies may remain
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue


def _empty_scratch() -> None:
    """The next function starts with /tmp, /dev/shm and the working folder as the import left
    them: empty (the output file emptied too)."""
    for folder, keep in (("/tmp", jail.WORKDIR), (jail.WORKDIR, OUTPUT_FILE), ("/dev/shm", None)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if path == keep:
                continue
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
    with contextlib.suppress(OSError):
        os.ftruncate(1, 0)
        os.lseek(1, 0, os.SEEK_SET)  # fds 1 and 2 share it (dup2)


def _isolate(conn, submission_dir, memory_mb, uid, workdir, jailed) -> str:
    """Everything `serve` does before the submission's code may run; returns the submission
    folder as this process now sees it."""
    if jailed:
        # The rest runs as process 1 of a PID namespace of its own: whatever it starts dies
        # with it, and it dies with the forkserver (which dies with the judge).
        jail.enter(conn.fileno())
        submission_dir = jail.build_root(submission_dir, uid, str(kit_root()))
        workdir = jail.WORKDIR
        os.mkdir(workdir, 0o700)
    else:
        jail.die_with_parent()  # with the forkserver, which dies with the judge
        if uid is not None:
            copy = os.path.join(workdir, "submission")
            copy_submission(submission_dir, copy, uid)
            submission_dir = copy
    os.chdir(workdir)
    # Output written to the raw file descriptors (C code, os.write) goes to a capped file, never
    # to the judge's terminal.
    sink = os.open(os.path.join(workdir, OUTPUT_FILE_NAME), os.O_WRONLY | os.O_CREAT, 0o600)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    os.close(sink)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20))
    if memory_mb:
        # The data limit (private writable memory: heap, tensors) rather than the address-space
        # limit: CUDA reserves tens of GB of address space that it never fills.
        limit = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    if uid is not None:  # see grader.sandbox.users
        from grader.sandbox.users import become

        become(uid, workdir)
    # One thread: the tensors of grading are small, and the cores are shared with the judge,
    # the next sandbox and, in a batch, other students' judges: a second thread would mostly
    # spin (OpenMP waits actively after each parallel region). See also runner.grade.
    torch.set_num_threads(1)
    # CPU and CUDA results must agree to float32 tolerances: no TF32 in cuDNN convolutions.
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    return submission_dir


def _refuse_every_request(conn, message: str) -> None:
    while True:
        try:
            conn.recv_bytes()
        except (EOFError, OSError):
            os._exit(0)
        conn.send_bytes(_refusal("SandboxSetupError", message[:2000]))


def _keep_only(channel: int, fact_fd: int | None = None) -> None:
    """Close every descriptor the sandbox inherited (the forkserver's, the resource tracker's)
    but its channel to the judge, its fact pipe and the standard streams."""
    try:
        inherited = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        inherited = range(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    for fd in inherited:
        if fd > 2 and fd not in (channel, fact_fd):
            try:
                os.close(fd)
            except OSError:
                pass
