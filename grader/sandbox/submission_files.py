"""Which files of a submission folder a sandbox gets, and the copy it gets them in.

A submission is plain files in folders. Whatever else a folder holds is refused, by name and
with the reason, and costs nothing to the other files: a symbolic link (it could point at the
kit's solutions or another student's folder), a hard link (the same, from inside), a named pipe,
a socket or a device (a read would block or reach the machine), and a file larger than
`MAX_FILE_BYTES`. Caches (``__pycache__``, ``.git``, ``.ipynb_checkpoints``, ``*.pyc``) are left
out silently.

The copy is made by the sandbox while it is still root, before any submission code runs, by
walking the folder with descriptors (``openat`` with ``O_NOFOLLOW``), so that a link swapped in
after the judge looked is not followed either.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MAX_FILE_BYTES = 4 << 20
MAX_TOTAL_BYTES = 32 << 20
MAX_ENTRIES = 5000
SKIPPED = {"__pycache__", ".git", ".ipynb_checkpoints", ".DS_Store"}


@dataclass(frozen=True)
class Refused:
    path: str  # relative to the submission folder
    reason: str  # English
    reason_zh: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason, "reason_zh": self.reason_zh}


def _why_not(st: os.stat_result) -> tuple[str, str] | None:
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return (
            "a symbolic link: the grader takes regular files only",
            "符号链接：评分程序只接收普通文件",
        )
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)", "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "a socket", "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file", "设备文件"
    if stat.S_ISREG(mode) and st.st_nlink > 1:
        return (
            "a hard link to a file that also lies elsewhere",
            "硬链接：同一个文件还位于别处",
        )
    if stat.S_ISREG(mode) and st.st_size > MAX_FILE_BYTES:
        return (
            f"{st.st_size / (1 << 20):.1f} MB, more than the {MAX_FILE_BYTES >> 20} MB a file may have",
            f"{st.st_size / (1 << 20):.1f} MB，超过了单个文件 {MAX_FILE_BYTES >> 20} MB 的上限",
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not a regular file", "不是普通文件"
    return None


def _walk(dir_fd: int, prefix: str, visit, budget: list[int]):
    """Calls visit(relative path, name, parent dir_fd, stat result or None, problem) for every
    entry below `dir_fd`, depth first, never following a link."""
    for name in sorted(os.listdir(dir_fd)):
        if name in SKIPPED or name.endswith(".pyc"):
            continue
        rel = f"{prefix}{name}"
        budget[0] -= 1
        if budget[0] < 0:
            visit(rel, name, dir_fd, None, ("one entry too many", "条目过多"))
            continue
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        problem = _why_not(st)
        if problem is None and stat.S_ISREG(st.st_mode):
            budget[1] -= st.st_size
            if budget[1] < 0:
                problem = (
                    f"the submission holds more than {MAX_TOTAL_BYTES >> 20} MB",
                    f"提交内容超过 {MAX_TOTAL_BYTES >> 20} MB",
                )
        visit(rel, name, dir_fd, st, problem)
        if problem is None and stat.S_ISDIR(st.st_mode):
            sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            try:
                _walk(sub, rel + "/", visit, budget)
            finally:
                os.close(sub)


def _budget():
    return [MAX_ENTRIES, MAX_TOTAL_BYTES]


def refused_files(folder: str) -> list[Refused]:
    """What `copy_submission` would leave out of `folder`, and why."""
    refused = []

    def visit(rel, name, dir_fd, st, problem):
        if problem:
            refused.append(Refused(rel, *problem))

    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _walk(fd, "", visit, _budget())
    finally:
        os.close(fd)
    return refused


def copy_submission(folder: str, dest: str, uid: int | None) -> None:
    """Copy the files of `folder` that are not refused into `dest` (created), readable and
    writable by `uid` alone (None: by the current user alone)."""
    owner = uid if uid is not None else os.geteuid()
    os.mkdir(dest, 0o700)
    os.chown(dest, owner, owner)

    def visit(rel, name, dir_fd, st, problem):
        if problem:
            return
        target = os.path.join(dest, rel)
        if stat.S_ISDIR(st.st_mode):
            os.mkdir(target, 0o700)
            os.chown(target, owner, owner)
            return
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
        src = os.open(name, flags, dir_fd=dir_fd)
        try:
            now = os.fstat(src)
            if _why_not(now) is not None or not stat.S_ISREG(now.st_mode):
                return  # swapped since it was looked at: left out
            out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                left = MAX_FILE_BYTES
                while left > 0 and (chunk := os.read(src, min(left, 1 << 20))):
                    os.write(out, chunk)
                    left -= len(chunk)
                os.fchown(out, owner, owner)
            finally:
                os.close(out)
        finally:
            os.close(src)

    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _walk(fd, "", visit, _budget())
    finally:
        os.close(fd)
