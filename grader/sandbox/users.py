"""Sandboxes as users of their own, where the judge runs as root.

A sandbox that runs as the judge's user can signal the judge and the forkserver, rewrite the
reports, and leave a process in a new session that outlives its process group. Where the judge
is root (containers, CI, a TA's grading box), each sandbox instead switches to a user id of its
own, unused by any account: it can then signal only its own processes, write only where anyone
may, and the judge can find and kill whatever it leaves behind by that id, however it detached.
`RLIMIT_NPROC` (counted per user id) caps a fork bomb.

Where the judge is not root none of this is possible; sandboxes run as the judge's user and the
README says what that leaves undefended.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

# Processes and threads one sandbox may have (torch starts a thread per core).
MAX_TASKS = 512
# Where our ids start in a full 32-bit id space: far above any real account.
FULL_RANGE_BASE = 1_500_000_000
SLOTS_PER_JUDGE = 1000


# Standard-library modules not to preload (they open windows, print, or are for tests).
NOT_PRELOADED = {
    "antigravity",
    "this",
    "idlelib",
    "turtle",
    "turtledemo",
    "tkinter",
    "_tkinter",
    "lib2to3",
    "ensurepip",
    "venv",
    "pydoc",
    "pydoc_data",
    "test",
    "webbrowser",
    "curses",
    "_curses",
    "_curses_panel",
    "readline",
    "dbm",
    "sqlite3",
    "msilib",
    "winreg",
    "winsound",
    "msvcrt",
    "nt",
    "_winapi",
    "_overlapped",
    "_msi",
}
# Submodules that a package import does not bring along, but students use.
PRELOADED_SUBMODULES = (
    "collections.abc",
    "concurrent.futures",
    "importlib.metadata",
    "importlib.resources",
    "json.decoder",
    "logging.handlers",
    "unittest.mock",
    "urllib.parse",
    "xml.etree.ElementTree",
)


def why_not_switch_users() -> str | None:
    """None when sandboxes can run as users of their own here, else the reason.

    Only the judge's own rights decide. A folder on sys.path that other users cannot read (a
    pytest temporary folder, a Python below /root) must not turn the switch off: that would run
    every submission as root. Such a sandbox may fail to import what it cannot read, and says
    so; in namespaces (grader.sandbox.jail) the folders it needs are readable anyway."""
    if not hasattr(os, "setuid") or os.geteuid() != 0:
        return "the judge does not run as root"
    if os.environ.get("GRADE_SANDBOX_USERS") == "0":
        return "GRADE_SANDBOX_USERS=0"
    return None


def can_switch_users() -> bool:
    return why_not_switch_users() is None


def world_readable(path: str) -> bool:
    """Whether any user may enter every folder on the way to `path` and read it."""
    path = os.path.abspath(path)
    try:
        if not os.stat(path).st_mode & stat.S_IROTH:
            return False
        parent = path
        while True:
            if os.path.isdir(parent) and not os.stat(parent).st_mode & stat.S_IXOTH:
                return False
            if parent == os.path.dirname(parent):
                return True
            parent = os.path.dirname(parent)
    except OSError:
        return False


def _stdlib_paths() -> set[str]:
    import sysconfig

    return {os.path.realpath(sysconfig.get_path(key)) for key in ("stdlib", "platstdlib")}


def stdlib_readable() -> bool:
    return all(world_readable(p) for p in _stdlib_paths())


def preload_stdlib() -> None:
    """Import the standard library now (in the warm parent), for sandboxes whose user could
    not read it later (e.g. a Python installed below /root). About 0.4 s."""
    import contextlib
    import importlib
    import io
    import pkgutil

    names = [n for n in sorted(sys.stdlib_module_names) if n not in NOT_PRELOADED]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for name in [*names, *PRELOADED_SUBMODULES]:
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - a module that cannot load here is skipped
                pass
        import encodings

        for info in pkgutil.iter_modules(encodings.__path__):
            try:
                importlib.import_module(f"encodings.{info.name}")
            except BaseException:  # noqa: BLE001
                pass


def _id_range() -> tuple[int, int]:
    """The ids usable here: the largest range /proc/self/uid_map maps (a user namespace may map
    only 65,536), less the low quarter where real accounts live."""
    best = (0, 1 << 32)
    try:
        with open("/proc/self/uid_map") as f:
            ranges = [tuple(int(n) for n in line.split()) for line in f if line.strip()]
        inside, _, count = max(ranges, key=lambda r: r[2])
        best = (inside, inside + count)
    except (OSError, ValueError):
        pass
    start, end = best
    if end - start > 2 * FULL_RANGE_BASE:
        return FULL_RANGE_BASE, end - 1
    return start + (end - start) // 4, end - 1


_taken = itertools.count()


class SandboxUsers:
    """Hands out a fresh user id per sandbox of one judge, and kills what those ids leave."""

    def __init__(self, slot: int | None = None):
        low, high = _id_range()
        judges = max(1, (high - low) // SLOTS_PER_JUDGE)
        slot = os.getpid() if slot is None else slot
        self.base = low + (slot % judges) * SLOTS_PER_JUDGE

    def take(self) -> int:
        """A user id not given to the last SLOTS_PER_JUDGE sandboxes of this process (the count
        is per process: one student's leftovers never share an id with the next student)."""
        return self.base + next(_taken) % SLOTS_PER_JUDGE

    def kill_everything_of(self, uids) -> int:
        """SIGKILL every process whose real or effective user id is one of `uids` (a detached
        process in a new session included); returns how many were found alive.

        The caller has just killed the sandboxes' process groups, which takes the kernel a few
        milliseconds; those are waited for (up to 15 ms) before anything is killed as the user,
        since starting `kill` as the user costs more (~20 ms) than the wait."""
        uids = set(uids)
        found = 0
        for attempt in range(9):
            left = [(pid, uid) for pid, uid in _processes() if uid in uids]
            if not left:
                break
            if attempt < 4:  # 1 + 2 + 4 + 8 ms
                time.sleep(0.001 * 2**attempt)
                continue
            found += len(left)
            for uid in {uid for _, uid in left}:
                _kill_all_as(uid, [pid for pid, u in left if u == uid])
            time.sleep(0.01)
        return found


KILL = shutil.which("kill")


def _kill_all_as(uid: int, pids) -> None:
    """`kill -9 -1` run as that user: one kill(2) that reaches all its processes at once, so a
    fork bomb cannot outrun it. Without a kill program, one by one."""
    if KILL:
        try:
            subprocess.run(
                [KILL, "-9", "-1"],
                user=uid,
                group=uid,
                extra_groups=[],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=10,
            )
            return
        except (OSError, subprocess.SubprocessError):
            pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _processes():
    """(pid, real uid) and (pid, effective uid) of every live process (not zombies: they are
    dead already, waiting for their parent), from /proc."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                for line in f:
                    if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                        break
                    if line.startswith("Uid:"):
                        real, effective = line.split()[1:3]
                        yield int(name), int(real)
                        yield int(name), int(effective)
                        break
        except (OSError, ValueError, IndexError):
            continue


def become(uid: int, workdir: str) -> None:
    """In a sandbox, before any submission code runs: its folder and output file become the
    user's, then the process drops root for that user (groups emptied)."""
    import resource

    for root, _, files in os.walk(workdir):
        os.chown(root, uid, uid)
        for name in files:
            os.chown(os.path.join(root, name), uid, uid)
    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_TASKS, MAX_TASKS))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    os.environ["HOME"] = workdir
