"""What a sandbox can read, what its copy of the submission is, and what it leaves behind (issue
11, items 1, 2 and 7; grader.sandbox.jail and grader.sandbox.submission_files).

Where the grader runs as root with namespaces (CI, a container, a TA's box), a sandbox sees an
allow-list; these tests plant answers where a submission might look for them and check that it
finds none. Where there are no namespaces the README says what a sandbox can read, and these
tests are skipped.
"""

import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from grader.sandbox import jail
from grader.sandbox.client import ImportFailure, Student, TopicSandboxes
from grader.sandbox.submission_files import MAX_FILE_BYTES, refused_files
from grader.sandbox.users import _processes
from tests.kit.conftest import ROOT

needs_jail = pytest.mark.skipif(not jail.available(), reason="no namespaces here: see the README")

SNOOP = """
import os, time

def snoop(paths, folders, needle):
    read, listed, walked = {}, {}, []
    for p in paths:
        try:
            with open(p, "rb") as f:
                read[p] = f.read(200).decode("latin-1")
        except OSError:
            pass
    for d in folders:
        try:
            listed[d] = sorted(os.listdir(d))
        except OSError:
            pass
    stop = time.monotonic() + 20
    for root, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/proc", "/sys", "/dev")]
        walked += [os.path.join(root, f) for f in files if needle in f]
        if time.monotonic() > stop:
            break
    return read, listed, walked

def leave_note(name):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, name), "w") as f:
        f.write("alice's answers")
    return True

def whoami():
    here = os.path.dirname(os.path.abspath(__file__))
    st = os.stat(here)
    return os.getuid(), here, st.st_uid, oct(st.st_mode & 0o777), sorted(os.listdir(here))
"""


@pytest.fixture
def planted():
    """Answers where a submission might look: the kit's own folders, another student's folder
    that any user may read, and a report the judge wrote; each file's name holds the needle."""
    needle = f"needle-{uuid.uuid4().hex}"
    other = Path(tempfile.mkdtemp(prefix="grade-other-student-"))
    os.chmod(other, 0o755)
    places = [
        ROOT / f"{needle}.txt",
        ROOT / "solutions" / f"{needle}.py",
        ROOT / "tests" / "grading" / "hidden" / f"{needle}.py",
        other / f"{needle}.py",
        Path(tempfile.gettempdir()) / f"{needle}-report.json",
    ]
    for place in places:
        place.write_text("the answers")
        os.chmod(place, 0o644)
    yield needle, places, other
    for place in places:
        place.unlink(missing_ok=True)
    other.rmdir()


@pytest.fixture
def sandbox(tmp_path):
    made = []

    def make(source, name="sub"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "topic.py").write_text(source)
        made.append(TopicSandboxes(folder, timeout=60, memory_mb=2048))
        return Student(made[-1]).topic

    yield make
    for boxes in made:
        boxes.close()


@needs_jail
def test_a_sandbox_finds_no_answer_anywhere_it_looks(sandbox, planted):
    needle, places, other = planted
    secrets = [
        *map(str, places),
        str(ROOT / "solutions" / "indexing.py"),
        str(ROOT / "tests" / "grading" / "hidden" / "test_indexing.py"),
        str(ROOT / ".git" / "HEAD"),
    ]
    folders = [str(ROOT), str(ROOT / "solutions"), str(other), tempfile.gettempdir(), "/"]
    read, listed, walked = sandbox(SNOOP).snoop(secrets, folders, needle)
    assert read == {}, sorted(read)
    assert walked == [], walked
    # of the kit: its grader and data, and a Python installation that lies inside it (a venv)
    pythons = {
        Path(os.path.realpath(p)).relative_to(ROOT.resolve()).parts[0]
        for p in (sys.prefix, sys.base_prefix)
        if Path(os.path.realpath(p)).is_relative_to(ROOT.resolve())
    }
    assert listed.get(str(ROOT)) == sorted({"datasets", "grader"} | pythons), listed.get(str(ROOT))
    assert not any(needle in name for names in listed.values() for name in names), listed


@needs_jail
def test_each_sandbox_reads_its_own_private_copy_and_no_one_elses(sandbox):
    alice = sandbox(SNOOP, "alice")
    uid, here, owner, mode, names = alice.whoami()
    assert owner == uid != 0 and mode == "0o700" and names == ["topic.py"]
    needle = f"needle-{uuid.uuid4().hex}"
    assert alice.leave_note(needle)  # in alice's copy, while her sandbox lives
    bob = sandbox(SNOOP, "bob")
    read, listed, walked = bob.snoop([os.path.join(here, needle)], [here], needle)
    assert bob.whoami()[0] != uid
    assert read == {} and walked == [] and listed == {here: ["topic.py"]}, (read, listed, walked)


def test_links_pipes_devices_and_large_files_are_refused_by_name(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "topic.py").write_text(
        "import os\ndef f():\n    return sorted(os.listdir(os.path.dirname(__file__)))\n"
    )
    (sub / "helper.py").write_text("X = 1\n")
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET = 42\n")
    (sub / "link.py").symlink_to(ROOT / "solutions" / "indexing.py")
    (sub / "folder_link").symlink_to(ROOT / "solutions")
    os.link(outside, sub / "hard.py")
    os.mkfifo(sub / "pipe")
    (sub / "big.bin").write_bytes(b"0" * (MAX_FILE_BYTES + 1))
    if os.geteuid() == 0:
        os.mknod(sub / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    refused = {r.path: r.reason for r in refused_files(str(sub))}
    expected = {"link.py", "folder_link", "hard.py", "pipe", "big.bin"}
    expected |= {"null"} if os.geteuid() == 0 else set()
    assert set(refused) == expected, refused
    assert "symbolic link" in refused["link.py"] and "hard link" in refused["hard.py"]
    assert "FIFO" in refused["pipe"] and "MB" in refused["big.bin"]
    # the rest of the submission is graded as if they were not there (a FIFO does not hang it)
    boxes = TopicSandboxes(sub, timeout=20, memory_mb=2048)
    try:
        names = Student(boxes).topic.f()
    finally:
        boxes.close()
    if boxes.users is not None:  # a private copy: only what was not refused
        assert "topic.py" in names and not set(names) & expected, names


def test_a_topic_module_that_is_a_link_is_not_graded_and_says_why(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "indexing.py").symlink_to(ROOT / "solutions" / "indexing.py")
    boxes = TopicSandboxes(sub, timeout=20, memory_mb=2048)
    try:
        with pytest.raises(
            ImportFailure, match="indexing.py was not graded: it is a symbolic link"
        ):
            Student(boxes).indexing.first_image(None)
    finally:
        boxes.close()


LITTER = """
import os, subprocess, time
def litter():
    for folder in (".", "/tmp", os.path.expanduser("~")):
        try:
            with open(os.path.join(folder, "litter.txt"), "w") as f:
                f.write("left behind")
        except OSError:
            pass
    if os.fork() == 0:  # a detached process that would outlive its sandbox
        os.setsid()
        time.sleep(600)
        os._exit(0)
    return os.getuid()
"""


def _owned_by(uid):
    """What lies in the machine's temporary folder that belongs to user `uid`."""
    found = []
    for name in os.listdir(tempfile.gettempdir()):
        try:
            if os.lstat(os.path.join(tempfile.gettempdir(), name)).st_uid == uid:
                found.append(name)
        except OSError:
            pass
    return found


@needs_jail
def test_nothing_is_left_behind_after_grading(sandbox):
    Path(tempfile.gettempdir(), "litter.txt").unlink(missing_ok=True)  # from an earlier run
    uid = sandbox(LITTER).litter()
    # not even while it runs: no folder, no copy of the submission, nothing it wrote
    assert _owned_by(uid) == []
    assert not os.path.exists(os.path.join(tempfile.gettempdir(), "litter.txt"))
    assert any(u == uid for _, u in _processes())  # the detached process runs, for now


JUDGE = """
import sys, time
from grader.sandbox.client import Student, TopicSandboxes
boxes = TopicSandboxes(sys.argv[1], timeout=60, memory_mb=2048)
print(Student(boxes).topic.litter(), flush=True)
time.sleep(600)
"""


@needs_jail
@pytest.mark.slow
def test_a_killed_judge_leaves_no_sandbox_running(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "topic.py").write_text(LITTER)
    judge = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(JUDGE), str(sub)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        uid = int(judge.stdout.readline())
        assert any(u == uid for _, u in _processes())
    finally:
        judge.send_signal(signal.SIGKILL)
        judge.wait()
    deadline = time.monotonic() + 15
    while any(u == uid for _, u in _processes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(u == uid for _, u in _processes()), "a sandbox process outlived the judge"


@pytest.mark.parametrize("entry", ["/", "/tmp", "/dev", "/proc", "/sys"])
def test_a_judge_started_from_a_folder_above_the_sandboxs_own_binds_none_of_it(monkeypatch, entry):
    """A grading script run from / or /tmp puts that folder on sys.path, which sandboxes bind
    read-only: / would show them the whole machine (the kit's solutions included), /tmp would
    hide their own /tmp (and show the judge's). Such an entry is left out."""
    monkeypatch.setattr(sys, "path", [entry, *sys.path])
    assert entry not in jail.allowed_paths(str(ROOT))
