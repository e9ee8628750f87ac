"""What a sandbox can see of the machine: an allow-list, not a list of things hidden.

Where the sandbox starts as root with CAP_SYS_ADMIN (the judge runs as root: a container, CI, a
TA's grading box), it gets namespaces of its own before any submission code runs:

- a mount namespace whose root is a fresh tmpfs holding only, read-only, the Python installation
  and its site-packages, the system's shared libraries, the kit's ``grader/`` and ``datasets/``,
  ``/dev``'s harmless devices, ``/proc`` and ``/sys``; plus, writable and private, ``/tmp`` (the
  sandbox's working folder) and ``/submission``, a copy of the submission's files owned by the
  sandbox's user alone. The rest of the kit (its git history, ``solutions/``, ``tests/``), course
  and release folders, other students' folders and whatever the judge writes are not in it: they
  cannot be read, listed or reached through a link. Everything the sandbox writes lives in its
  tmpfs and is gone when its last process is.
- a network namespace with nothing in it (its loopback is down): no connection anywhere, not even
  to the judge's own loopback.

Elsewhere (the judge is not root, or the OS refuses namespaces) the sandbox sees what the judge's
user sees; `Isolation` says which, for the report's ``environment`` and for `grade batch`.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import stat
import sys
import tempfile
from dataclasses import asdict, dataclass

from grader.i18n import tr
from grader.sandbox.submission_files import copy_submission

CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID = 0x00020000, 0x40000000, 0x20000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID
PR_SET_PDEATHSIG = 1
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
# Where the new root may be built: any folder that exists and holds none of the allowed paths
# (the tmpfs mounted on it, seen only in the sandbox's own mount namespace, would hide them).
BUILD_PLACES = ("/mnt", "/media", "/srv", "/opt", "/var/tmp", "/tmp", "/home")
SUBMISSION = "/submission"  # the copy, as the sandbox sees it
WORKDIR = "/tmp/work"
TMP_SIZE = "size=256m"
DEVICES = ("null", "zero", "full", "random", "urandom")
SYSTEM_LIBRARIES = ("/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64", "/usr/lib32")
OWN_PLACES = ("/tmp", "/dev", "/proc", "/sys", SUBMISSION)  # made afresh in each sandbox
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")


@dataclass(frozen=True)
class Isolation:
    """What the sandboxes of this grading run are shut off from."""

    users: bool  # each sandbox runs as a user of its own (grader.sandbox.users)
    filesystem: bool  # it sees the allow-list above, not all that the judge's user can read
    network: bool  # it has no network

    def to_dict(self) -> dict:
        return {**asdict(self), "exposed": self.exposed()}

    def exposed(self) -> str:
        """What a submission can reach here, in a sentence ("" when it is isolated)."""
        if self.users and self.filesystem and self.network:
            return ""
        if self.users:
            return tr(
                "no namespaces here: a sandbox, as a user of its own, can read whatever any "
                "user may read (the kit's solutions and other submissions included, where their "
                "folders are readable by all) and can use the network",
                "这里没有命名空间：沙箱以自己的用户运行，能读取任何用户都能读的文件（包括所有人"
                "可读的参考答案和其他人的提交），也能访问网络",
            )
        return tr(
            "sandboxes run as the grader's own user (it is not root, or GRADE_SANDBOX_USERS=0): "
            "a submission can read and write all that user can (the kit's solutions and other "
            "submissions included), signal its processes and use the network",
            "沙箱以评分程序自己的用户运行（它不是 root，或设置了 GRADE_SANDBOX_USERS=0）：提交的代码"
            "能读写该用户能读写的一切（包括参考答案和其他人的提交），能向它的进程发信号，也能访问网络",
        )


def isolation(in_process: bool = False) -> Isolation:
    """What sandboxes started by this process get."""
    from grader.sandbox.users import can_switch_users

    users = not in_process and can_switch_users()
    jailed = users and available_here()
    return Isolation(users=users, filesystem=jailed, network=jailed)


_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _mount(source, target, fstype=None, flags=0, data=None):
    encode = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    if _c().mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def available() -> bool:
    """Whether sandboxes started here can get their namespaces and their root: a child process
    tries it all (on an empty submission), so that this process keeps its own."""
    if not hasattr(os, "fork") or os.geteuid() != 0 or not sys.platform.startswith("linux"):
        return False
    if os.environ.get("GRADE_SANDBOX_JAIL") == "0":
        return False
    from grader.topics import kit_root

    empty = tempfile.mkdtemp(prefix="grade-jail-probe-")
    try:
        pid = os.fork()
        if pid == 0:
            try:
                if _c().unshare(NAMESPACES) != 0:
                    os._exit(1)
                build_root(empty, None, str(kit_root()))
                os._exit(0 if os.path.isdir(SUBMISSION) else 1)
            except BaseException:  # noqa: BLE001 - any failure means: not here
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0
    finally:
        os.rmdir(empty)


_available = None


def available_here() -> bool:
    """`available()`, asked once per process."""
    global _available
    if _available is None:
        _available = available()
    return _available


def allowed_paths(kit_root: str) -> list[str]:
    """The folders and files a sandbox may read, read-only: Python, site-packages, the system's
    libraries, the kit's grader/ and datasets/."""
    kit_root = os.path.realpath(kit_root)

    def holds(folder, path):  # `path` is `folder` or lies below it
        return (path + os.sep).startswith(folder.rstrip(os.sep) + os.sep)

    def holds_the_kit(path):  # the kit's solutions, tests and git history lie below it
        return holds(path, kit_root)

    def holds_a_place_of_its_own(path):  # e.g. / or /tmp, a grading script's folder
        return any(holds(path, own) for own in OWN_PLACES)

    prefixes = {
        os.path.realpath(p)
        for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)
    }
    prefixes = {p for p in prefixes if not holds_the_kit(p)}  # e.g. a venv inside the kit: fine
    python = set(prefixes)
    executable_dir = os.path.dirname(os.path.realpath(sys.executable))
    if not holds_the_kit(executable_dir):
        python.add(executable_dir)
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else None
        if not real or not os.path.isdir(real) or holds_the_kit(real):
            continue
        if holds_a_place_of_its_own(real):
            continue  # bound over the sandbox's own /tmp, /dev, ... it would hide them
        inside_a_prefix = any(real.startswith(p + os.sep) for p in prefixes)
        if real.startswith(kit_root + os.sep) and not inside_a_prefix:
            continue  # e.g. the kit's tests/ put on sys.path by pytest
        python.add(real)
    kit = [os.path.join(kit_root, part) for part in ("grader", "datasets")]
    system = [p for p in (*SYSTEM_LIBRARIES, *SYSTEM_FILES) if os.path.lexists(p)]
    return sorted(python) + kit + system


def _bind_read_only(path: str, root: str) -> None:
    target = root + path
    if os.path.islink(path):  # /lib -> usr/lib on a merged /usr: the link, not a bind
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(path), target)
        return
    if os.path.isdir(path):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(path, target, None, MS_BIND | MS_REC)
    _mount(path, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def enter(channel: int) -> None:
    """Unshare the namespaces and fork: the child, process 1 of the new PID namespace, returns
    and goes on as the sandbox; this process stays behind as its stand-in for the forkserver
    (which knows only this pid): it waits for the child and exits as the child did. Each dies
    with its parent (PR_SET_PDEATHSIG), and with process 1 the kernel kills the whole namespace,
    so nothing a submission starts outlives its sandbox or the judge. Raises OSError where the
    OS refuses."""
    die_with_parent()
    if _c().unshare(NAMESPACES) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare: {os.strerror(err)}")
    alive_r, alive_w = os.pipe()  # the stand-in holds the write end while it lives
    child = os.fork()
    if child == 0:
        os.close(alive_w)
        die_with_parent()
        if select.select([alive_r], [], [], 0)[0]:  # EOF: the stand-in died before that
            os._exit(1)
        os.close(alive_r)
        return
    os.close(alive_r)
    os.close(channel)  # the child's alone: its end closes when the child dies
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies (Linux; elsewhere nothing happens)."""
    if sys.platform.startswith("linux"):
        _c().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _build_place(needed) -> str:
    for place in BUILD_PLACES:
        clear = not any(p == place or p.startswith(place + os.sep) for p in needed)
        if clear and os.path.isdir(place) and not os.path.islink(place):
            return place
    raise OSError(f"no folder to build the sandbox's root in: {', '.join(BUILD_PLACES)}")


def build_root(submission_dir: str, uid: int | None, kit_root: str) -> str:
    """In process 1 of the new namespaces, still root: build the root described above with a
    private copy of `submission_dir` for `uid`, and chroot into it. Returns the submission
    folder as the sandbox now sees it."""
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    allowed = allowed_paths(kit_root)
    root = _build_place([*allowed, submission_dir])
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=755")
    # The sandbox's own /tmp, /dev, /proc and /sys first: an allowed path below one of them (a kit
    # cloned into /tmp) is then bound on top, not hidden beneath.
    os.makedirs(root + "/tmp", exist_ok=True)
    _mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, TMP_SIZE + ",mode=1777")
    os.makedirs(root + "/dev", exist_ok=True)
    _mount("tmpfs", root + "/dev", "tmpfs", MS_NOSUID, "size=64k,mode=755")
    nvidia = [n for n in os.listdir("/dev") if n.startswith("nvidia")]
    for name in (*DEVICES, *nvidia):
        if os.path.exists("/dev/" + name) and stat.S_ISCHR(os.stat("/dev/" + name).st_mode):
            open(f"{root}/dev/{name}", "a").close()
            _mount("/dev/" + name, f"{root}/dev/{name}", None, MS_BIND)
    os.makedirs(root + "/dev/shm", exist_ok=True)
    _mount("tmpfs", root + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    os.makedirs(root + "/proc", exist_ok=True)
    try:  # this namespace's own processes only
        _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        _mount("/proc", root + "/proc", None, MS_BIND | MS_REC)
    os.makedirs(root + "/sys", exist_ok=True)
    _mount("/sys", root + "/sys", None, MS_BIND | MS_REC)
    _mount("/sys", root + "/sys", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    for path in allowed:
        _bind_read_only(path, root)
    copy_submission(submission_dir, root + SUBMISSION, uid)
    os.chroot(root)
    os.chdir("/")
    return SUBMISSION
