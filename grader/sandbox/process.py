"""Sandbox processes: start, send, receive, time out, kill.

A sandbox is a child of multiprocessing's forkserver, whose warm parent has loaded torch (see
warm.py) but computed nothing (torch's thread pools do not survive a fork). A sandbox that times
out is killed with its whole process group; one that crashes is reaped and described. The
errors below are what the judge sees of a submission's failures.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import types

from grader.i18n import tr
from grader.sandbox.channel import Channel, ChannelClosed, ChannelTimeout, FrameTooLarge
from grader.sandbox.facts import FactReader
from grader.sandbox.jail import SUBMISSION as SUBMISSION_IN_JAIL

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 4096
MAX_REPLY_BYTES = 256 << 20  # one frame from a sandbox, checked before it is read
# A call's budget is CPU time as much as wall time (see CallDeadline); a call that uses neither
# (a sleep, a wait on a pipe) is stopped at this many times the budget, plus a second.
WALL_BACKSTOP_FACTOR = 3.0


class SandboxTimeout(Exception):
    def __init__(self, what: str, seconds: float):
        super().__init__(
            tr(
                f"{what} did not finish within {seconds:g} s and was stopped",
                f"{what} 在 {seconds:g} 秒内没有完成，已被终止",
            )
        )
        self.what, self.seconds = what, seconds


class SandboxCrash(Exception):
    """The sandbox process died, or answered with something that is not a valid message."""


class RecorderInterference(Exception):
    """The recorder in the sandbox did not report as an intact one does (grader.sandbox.facts):
    the submission silenced, replaced or flooded it. Scored as tampering, never a pass."""

    def __init__(self, what: str, problems: list[str]):
        super().__init__(f"{what}: {'; '.join(problems)}")
        self.what, self.problems = what, problems


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
    """How the sandbox ended, to follow "the sandbox" / "沙箱" in a message."""
    if exitcode is None:
        return tr("stopped responding", "没有响应了")
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = {
            "SIGSEGV": tr(" (segmentation fault)", "（段错误）"),
            "SIGKILL": tr(" (killed: often too much memory)", "（被强制终止：通常是内存用得太多）"),
            "SIGABRT": tr(" (aborted)", "（异常中止）"),
        }.get(name, "")
        return tr(f"was killed by {name}{hint}", f"被 {name} 终止{hint}")
    return tr(
        f"exited with status {exitcode} (sys.exit or os._exit in the submission?)",
        f"以状态 {exitcode} 退出（提交的代码里有 sys.exit 或 os._exit 吗？）",
    )


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) that the process and its live descendants have used so far (a
    jailed sandbox computes in a child of its own), from /proc; None where there is no /proc."""
    total, seen, todo = 0.0, 0, [pid]
    while todo and seen < 64:
        current = todo.pop()
        seen += 1
        try:
            with open(f"/proc/{current}/stat", "rb") as f:
                # after the command name in parentheses: state is field 3, utime..cstime 14..17
                fields = f.read().rsplit(b")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15]) / _CLOCK_TICKS
        except (OSError, ValueError, IndexError):
            if current == pid:
                return None
            continue
        try:
            with open(f"/proc/{current}/task/{current}/children", "rb") as f:
                todo.extend(int(n) for n in f.read().split())
        except (OSError, ValueError):
            pass
    return total


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children(pid: int) -> list[int]:
    """The live and zombie children of `pid`, from every one of its threads."""
    found = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in threads:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                found.extend(int(n) for n in f.read().split())
        except (OSError, ValueError):
            pass
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return False


def kill_descendants(pid: int, sweeps: int = 100) -> bool:
    """SIGKILL every process below `pid` (not `pid` itself), sweep after sweep, until none is
    left running; False if some were still running after `sweeps` (a fork bomb outpacing them)."""
    for _ in range(sweeps):
        below, todo = [], _children(pid)
        while todo and len(below) < 10_000:
            below.append(todo.pop())
            todo.extend(_children(below[-1]))
        running = [p for p in below if _running(p)]
        if not running:
            return True
        for p in running:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _wait_for_exits(running)
    return False


def _wait_for_exits(pids: list[int], timeout: float = 0.05, most: int = 64) -> None:
    """Sleep until the first `most` of `pids` have exited, or `timeout` has passed. A killed
    torch process takes milliseconds to give its memory back; without this, the next sweep of
    kill_descendants would spin through /proc meanwhile (about 8 ms of CPU per forked function)."""
    poller, fds = select.poll(), []
    for pid in pids[:most]:
        try:
            fd = os.pidfd_open(pid)
        except (OSError, AttributeError):  # gone already, or no pidfds here: sweep again
            continue
        fds.append(fd)
        poller.register(fd, select.POLLIN)
    try:
        end, waiting = time.monotonic() + timeout, len(fds)
        while waiting:
            left = end - time.monotonic()
            if left <= 0:
                return
            for fd, _ in poller.poll(left * 1000):
                poller.unregister(fd)
                waiting -= 1
    finally:
        for fd in fds:
            os.close(fd)


def can_list_children() -> bool:
    """Whether /proc lists a process's children (Linux with CONFIG_PROC_CHILDREN), which
    kill_descendants needs."""
    return os.path.exists(f"/proc/self/task/{threading.get_native_id()}/children")


class CallClock:
    """When a request was sent, and the sandbox's CPU time then, read lazily: most calls reply
    within milliseconds, and reading /proc for every one of them cost the judge about 0.2 ms a
    call (a whole submission makes about 1,750). The CPU time is read the first time a deadline
    has waited CPU_GRACE_S for the reply; the CPU the call used before that is taken to be the
    wall time that had passed (at most what one thread can use, and the sandbox computes on one)."""

    def __init__(self, pid: int | None):
        """`pid` None: a clock of wall time alone (the import's, which starts with the sandbox)."""
        self.pid, self.started = pid, time.monotonic()
        self._cpu: float | None = None
        self._read = False
        self._read_at = self.started

    def cpu_used(self) -> float | None:
        """CPU seconds the call has used so far; None where it cannot be read (no /proc)."""
        now = None if self.pid is None else cpu_seconds(self.pid)
        if not self._read:
            self._read, self._cpu, self._read_at = True, now, time.monotonic()
        if now is None or self._cpu is None:
            return None
        return now - self._cpu + (self._read_at - self.started)


# A deadline's first look at the sandbox's CPU time (CallClock): its wall time before that counts
# as CPU time, so this is about how early a call that slept at first may be stopped.
CPU_GRACE_S = 0.05


class CallDeadline:
    """When a call into a sandbox has run out of time.

    A budget of B seconds is spent when the call has taken B seconds of wall time AND B seconds
    of the sandbox's CPU time, or 3·B + 1 seconds of wall time whatever it did. On a quiet
    machine that is B seconds for a loop that computes; on a loaded one (a CI runner, a class
    graded on every core) a call that needs 0.3 s of CPU is not stopped because the machine gave
    it only a third of a core; and a call that sleeps or waits is stopped at the backstop. Where
    CPU time cannot be read (no /proc), the budget is wall time alone."""

    def __init__(self, clock: CallClock, budget: float):
        self.clock, self.budget = clock, budget

    def next_wait(self) -> float:
        """Seconds to wait for the reply before asking `expired` again."""
        elapsed = time.monotonic() - self.clock.started
        if not self.clock._read and elapsed < min(CPU_GRACE_S, self.budget):
            return min(CPU_GRACE_S, self.budget) - elapsed
        if elapsed < self.budget:
            return self.budget - elapsed
        return min(0.1, max(0.0, self.backstop - elapsed))

    @property
    def backstop(self) -> float:
        return WALL_BACKSTOP_FACTOR * self.budget + 1.0

    def expired(self) -> bool:
        elapsed = time.monotonic() - self.clock.started
        if not self.clock._read and elapsed >= min(CPU_GRACE_S, self.budget):
            self.clock.cpu_used()  # the mark the call's CPU time is counted from
        if elapsed < self.budget:
            return False
        if elapsed >= self.backstop:
            return True
        used = self.clock.cpu_used()
        return used is None or used >= self.budget


_context = None
_context_lock = threading.Lock()


def forkserver_context(training: bool = True):
    """The forkserver context, torch preloaded in its warm parent, and torch._dynamo too unless
    the first caller says that no graded topic trains (topics.TRAINING_TOPICS): a warm parent
    without it is ready a second sooner, and every sandbox of a topic that trains would import it
    itself."""
    global _context
    with _context_lock:
        if _context is None:
            # torch.cuda.is_available() asks NVML instead of initialising CUDA: a CUDA driver
            # initialised in the warm parent would not work in the sandboxes it forks.
            os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
            ctx = multiprocessing.get_context("forkserver")
            preload = ["torch._dynamo"] if training else []
            ctx.set_forkserver_preload([*preload, "grader.sandbox.warm"])  # see warm.py
            _context = ctx
        return _context


def warm_up(training: bool = True):
    """Start the forkserver now (it imports torch in the background while the judge works);
    `training`: see forkserver_context."""
    forkserver_context(training)
    ensure_forkserver()


# The environment the forkserver starts in, over the judge's (None: left out).
FORKSERVER_ENVIRON = {
    # see ensure_forkserver
    "PYTHONSAFEPATH": "1",
    # Dask's nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536, and glibc reads it as a
    # process starts: in every sandbox forked from a warm parent started with it, malloc gives
    # memory back to the kernel and faults it in again. Measured (2-core VM, `grade batch -j 1`
    # of 6 whole submissions): 50.5 s wall, 8.9 s of system CPU without it; 61.2 s, 16.6 s with.
    "MALLOC_TRIM_THRESHOLD_": None,
}


# mallopt's parameters (malloc.h) and the values a judge gives them where it runs with Dask's
# MALLOC_TRIM_THRESHOLD_: the ceilings glibc's own dynamic thresholds rise to (32 MiB, twice that).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
JUDGE_MALLOC = {M_MMAP_THRESHOLD: 32 << 20, M_TRIM_THRESHOLD: 64 << 20}


def undo_dasks_malloc_trim() -> bool:
    """In a judge started with MALLOC_TRIM_THRESHOLD_ (a `dask worker` of its own: Dask's nanny
    sets it to 65536; `local:N` leaves it out), set glibc's malloc thresholds as its dynamic ones
    end up under torch. The variable fixes them (128 KiB to mmap, 64 KiB to trim), so every
    tensor over 128 KiB the judge frees is unmapped and faulted in again: measured on a whole
    16-topic submission, 0.85 s of the judge's system CPU against 0.3 s without it, and 0.25 s
    after this. True where it set them (glibc, Linux)."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is None:  # not glibc
        return False
    return all(mallopt(param, value) == 1 for param, value in JUDGE_MALLOC.items())


def ensure_forkserver():
    """Start the forkserver if it is not running, outside the judge's working folder, in
    FORKSERVER_ENVIRON.

    multiprocessing starts it as `python -c ...`, which puts the working folder first on its
    sys.path; started from a submission's folder (`cd SUB && grade .`) it would import that
    folder's `torch.py` or `grader/` as root before it forks anything. So it starts in `/` with
    PYTHONSAFEPATH set (Python 3.11 and later leave the working folder out altogether)."""
    from multiprocessing import forkserver

    with _lock_for_cwd:
        saved_cwd = os.getcwd()
        saved_env = {name: os.environ.get(name) for name in FORKSERVER_ENVIRON}
        _set_environ(FORKSERVER_ENVIRON)
        os.chdir("/")
        try:
            forkserver.ensure_running()
        finally:
            os.chdir(saved_cwd)
            _set_environ(saved_env)


def _set_environ(values: dict) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


_lock_for_cwd = threading.Lock()


class ProcessSandbox:
    """One sandbox process for one submission folder."""

    def __init__(
        self, submission_dir: str, memory_mb: int = DEFAULT_MEMORY_MB, uid=None, jailed=False
    ):
        self.submission_dir = submission_dir
        self.memory_mb = memory_mb
        self.uid = uid  # the user it runs as (grader.sandbox.users), or None: the judge's
        self.jailed = jailed  # in namespaces of its own (grader.sandbox.jail)
        self.workdir = None  # the folder made for it here when it is not jailed
        self.process = None
        # `conn`/`control` reach the sandbox's process 1; `channel` is what calls go over: the
        # control channel itself, or the socket of the forked process that serves the function
        # (`function_socket`, the judge's end), which no other process of the sandbox holds.
        self.conn = self.control = self.channel = None
        self.function_socket = None
        self.fact_conn = self.facts = None
        self.clock = CallClock(None)  # of the last request
        self.forks = False  # whether its process 1 forks a process per function (client.py)
        self.function_pid = None  # the forked process that serves the function, if watched
        self.fork_due = False  # whether the reply to a Fork is still to be read

    def start(self):
        from grader.sandbox import worker

        ctx = forkserver_context()
        ensure_forkserver()  # before Process.start would start it in the working folder
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        fact_reader, fact_writer = ctx.Pipe(duplex=False)  # see grader.sandbox.facts
        if not self.jailed:
            self.workdir = tempfile.mkdtemp(prefix="grade-sandbox-")
        self.process = ctx.Process(
            target=worker.serve,
            args=(
                child_conn,
                self.submission_dir,
                self.memory_mb,
                self.uid,
                self.workdir,
                self.jailed,
                fact_writer,
            ),
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
        fact_writer.close()
        self.conn = parent_conn
        self.control = self.channel = Channel(parent_conn.fileno())
        self.fact_conn = fact_reader  # kept: its descriptor is the reader's
        self.facts = FactReader(fact_reader.fileno())

    @property
    def seen_as(self) -> str:
        """The submission folder as the sandbox names it (in its tracebacks)."""
        if self.jailed:
            return SUBMISSION_IN_JAIL
        if self.uid is not None and self.workdir:
            return os.path.join(self.workdir, "submission")
        return self.submission_dir

    @property
    def alive(self):
        return self.process is not None and self.process.is_alive()

    def send(self, payload: bytes, what: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Send a request; its deadline (CallDeadline) starts now and covers the reply too."""
        if not self.alive:
            self.start()
        self.facts.discard()  # what the pipe holds now belongs to no request the judge made
        self.clock = CallClock(self.process.pid)
        deadline = CallDeadline(self.clock, timeout)
        try:
            self.channel.send(payload, deadline)
        except ChannelTimeout:  # it does not read what it is sent
            self.stop()
            raise SandboxTimeout(what, timeout) from None
        except (ChannelClosed, OSError):
            ended = describe_exit(self._reap())
            raise SandboxCrash(
                tr(f"the sandbox {ended} before {what}", f"在 {what} 之前，沙箱{ended}")
            ) from None

    def receive(self, timeout: float, what: str, from_process_1: bool = False) -> bytes:
        """The reply to the request last sent, within `timeout` seconds of it (CallDeadline);
        `from_process_1`: on the control channel (the import's reply), not the function's."""
        deadline = CallDeadline(self.clock, timeout)
        try:
            channel = self.control if from_process_1 else self.channel
            return channel.receive(deadline, MAX_REPLY_BYTES)
        except ChannelTimeout:
            self.stop()
            raise SandboxTimeout(what, timeout) from None
        except FrameTooLarge as exc:
            self.stop()
            raise SandboxCrash(
                tr(
                    f"the sandbox announced a reply of {exc.size:,} bytes during {what}, more "
                    f"than the {exc.limit:,} allowed",
                    f"在 {what} 期间，沙箱要发回 {exc.size:,} 字节的结果，超过了上限 {exc.limit:,} 字节",
                )
            ) from None
        except (ChannelClosed, OSError):
            ended = describe_exit(self._reap())
            raise SandboxCrash(
                tr(f"the sandbox {ended} during {what}", f"在 {what} 期间，沙箱{ended}")
            ) from None

    def request(self, payload: bytes, timeout: float, what: str) -> bytes:
        self.send(payload, what, timeout)
        return self.receive(timeout, what)

    def fork_for_next_function(self, what: str, timeout: float) -> None:
        """A jailed sandbox between two functions of its topic: kill the process that served the
        last one and everything it started (all below process 1 of the sandbox's PID namespace,
        the stand-in's one child), then ask process 1, which has imported the topic and run
        nothing else, for a fresh one (`ask_for_function_process`). SandboxCrash where that
        cannot be done (the sandbox is then stopped)."""
        namespace_init = _children(self.process.pid) if self.alive else []
        if len(namespace_init) != 1 or not kill_descendants(namespace_init[0]):
            self.stop()
            raise SandboxCrash(
                tr(f"the sandbox could not be renewed for {what}", f"无法为 {what} 更新沙箱")
            )
        self.control.discard()  # what process 1 wrote and the judge did not read
        self.ask_for_function_process(what, timeout)

    def ask_for_function_process(self, what: str, timeout: float) -> None:
        """Send process 1 a Fork with a new socket, whose other end the forked process serves
        the function over (grader.sandbox.worker.serve); its reply (Done from the new process, or
        process 1's refusal) is read on that socket later. A fresh socket per function means
        nothing the last function's processes read or wrote (half a request, a forged reply) is
        left for the next one, and process 1's own channel is never in a function's hands."""
        from grader.sandbox.protocol import FORK_REQUEST  # torch: not for the CLI's quick commands

        self._close_function_socket()
        self.channel = self.control
        self.send(FORK_REQUEST, what, timeout)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            carrier = socket.socket(fileno=os.dup(self.control.fd))
            carrier.setblocking(False)  # as the channel is: a full buffer must not stop the judge
            try:
                sent = socket.send_fds(carrier, [b"F"], [theirs.fileno()])
            finally:
                carrier.close()
        except OSError:
            sent = 0
        finally:
            theirs.close()
        if sent != 1:  # process 1 does not read its channel: no fork will come of it
            ours.close()
            self.stop()
            raise SandboxCrash(
                tr(f"the sandbox could not be renewed for {what}", f"无法为 {what} 更新沙箱")
            )
        self.function_socket = ours
        self.channel = Channel(ours.fileno())

    def serve_from_process_1(self) -> None:
        """Process 1 refused to fork (see ask_for_function_process): calls go to it."""
        self._close_function_socket()
        self.channel = self.control

    def _close_function_socket(self) -> None:
        self._unwatch()
        if self.function_socket is not None:
            self.function_socket.close()
            self.function_socket = None

    def watch_function_process(self) -> bool:
        """Once process 1 has forked the process that serves the function (its reply read),
        watch that process: its exit ends the channel, as a sandbox's own exit does. False where
        there is not exactly one such process to watch."""
        below = _children(self.process.pid) if self.alive else []
        served_by = _children(below[0]) if len(below) == 1 else []
        if len(served_by) != 1:
            return False
        try:
            self.channel.peer_exit_fd = os.pidfd_open(served_by[0])
        except OSError:
            return False
        self.function_pid = served_by[0]
        return True

    def left_nothing_running(self) -> bool:
        """Whether the process that serves the function is alone: one thread, no process of its
        own, and nothing else below process 1 (a process that left its parent, by a double fork
        and setsid, is adopted by process 1, the PID namespace's init). Read from /proc by the
        judge; False where it cannot be read."""
        if not self.alive or self.function_pid is None or self.fork_due:
            return False
        below = _children(self.process.pid)
        if len(below) != 1 or _children(below[0]) != [self.function_pid]:
            return False
        if _children(self.function_pid):
            return False
        try:
            return len(os.listdir(f"/proc/{self.function_pid}/task")) == 1
        except OSError:
            return False

    def _unwatch(self) -> None:
        if self.channel is not None and self.channel.peer_exit_fd is not None:
            os.close(self.channel.peer_exit_fd)
            self.channel.peer_exit_fd = None
        self.function_pid = None

    def _function_exit_code(self) -> int | None:
        """How the function's process ended (a zombie that process 1 leaves unreaped), in
        multiprocessing's terms (a signal as its negative number)."""
        try:
            with open(f"/proc/{self.function_pid}/stat", "rb") as f:
                status = int(f.read().rsplit(b")", 1)[1].split()[49])  # field 52, exit_code
            return os.waitstatus_to_exitcode(status)
        except (OSError, ValueError, IndexError):
            return None

    def _reap(self):
        if self.process is None:
            return None
        if self.channel is not None and self.channel.peer_exit_fd is not None:
            code = self._function_exit_code()
            self.stop()
            return code
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
        self._close_function_socket()
        for conn in (self.conn, self.fact_conn):
            if conn is not None:
                conn.close()
        self.process = self.conn = self.control = self.channel = None
        self.fact_conn = self.facts = None
        if self.workdir:
            _left_behind.append(self.workdir)
            self.workdir = None
        if wait:
            remove_left_behind()


_left_behind: list[str] = []


def remove_left_behind() -> None:
    """Remove the working folders of sandboxes that were stopped (once they, and whatever they
    started, are dead: the judge calls this after it has killed their users' processes)."""
    while _left_behind:
        shutil.rmtree(_left_behind.pop(), ignore_errors=True)


class InProcessSandbox:
    """`--in-process`: the same worker, in the judge's own process. No isolation, no timeouts;
    for debugging a submission (e.g. with breakpoints), never for grading others' code."""

    forks = fork_due = False

    def __init__(self, submission_dir: str):
        from grader.sandbox.worker import Worker

        self.worker = Worker(submission_dir)
        self.reply = None
        # calls run in a working folder of their own, as in a sandbox: what they write (a
        # checkpoint, grader.files) goes there, not into the folder grade was started from
        self.workdir = tempfile.mkdtemp(prefix="grade-in-process-")
        self._pipe = os.pipe()  # this sandbox's fact pipe, in this process
        os.set_blocking(self._pipe[1], False)  # a full pipe drops a fact, never hangs the judge
        self.facts = FactReader(self._pipe[0])

    def send(self, payload: bytes, what: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        from grader.sandbox import facts

        self.facts.discard()
        facts.open_writer(self._pipe[1])  # several may live in this one process: this one's
        started_in = os.getcwd()
        os.chdir(self.workdir)
        try:
            self.reply = self.worker.handle(payload)
        finally:
            os.chdir(started_in)
            facts.EMITTER.fd = None

    def receive(self, timeout: float, what: str, from_process_1: bool = False) -> bytes:
        return self.reply

    def request(self, payload: bytes, timeout: float, what: str) -> bytes:
        self.send(payload, what)
        return self.receive(timeout, what)

    def stop(self, wait: bool = True):
        pass

    def __del__(self):
        for fd in getattr(self, "_pipe", ()):
            try:
                os.close(fd)
            except OSError:
                pass
        if getattr(self, "workdir", None):
            shutil.rmtree(self.workdir, ignore_errors=True)
