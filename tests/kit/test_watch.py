"""`grade watch` (grader/watch.py), driven on a temporary copy: save a fix, see the new score;
save a mistake, see it fail; Ctrl-C leaves nothing running."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from grader.watch import first_changed
from tests.kit.conftest import ROOT

STUB = (ROOT / "exercises" / "indexing.py").read_text(encoding="utf-8")
FIX = STUB.replace("raise NotImplementedError()", "return x[0]", 1)  # first_image, answered
MISTAKE = STUB.replace("raise NotImplementedError()", "return x[:1]", 1)


def test_the_first_changed_definition_is_the_one_graded_first():
    assert first_changed(STUB, FIX) == "first_image"
    assert first_changed(FIX, FIX) is None
    assert first_changed(STUB, STUB + "\n\ndef helper():\n    pass\n") == "helper"


def _descendants(pid: int) -> set[int]:
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, set()).add(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class _Session:
    def __init__(self, folder):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from grader.cli import main; main()", "watch", str(folder)]
            + ["--lang", "en"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text, timeout=60.0):
        deadline, seen = time.monotonic() + timeout, []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"never saw {text!r}; saw:\n{''.join(seen)[-3000:]}")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "exercises").mkdir()
    shutil.copy(ROOT / "exercises" / "indexing.py", tmp_path / "exercises")
    return tmp_path / "exercises"


def test_a_save_is_graded_and_ctrl_c_leaves_nothing_running(folder):
    session = _Session(folder)
    try:
        session.wait_for("Watching")
        (folder / "indexing.py").write_text(FIX, encoding="utf-8")
        line = session.wait_for("indexing.first_image: ")
        assert "5/5 checks pass (7/7 points)" in line, line
        session.wait_for("Next: write indexing.pixel.")
        time.sleep(0.05)  # a new modification time on any file system
        (folder / "indexing.py").write_text(MISTAKE, encoding="utf-8")
        line = session.wait_for("indexing.first_image: ")
        assert "checks pass (0/7 points)" in line, line
        session.wait_for("Next: fix indexing.first_image.")
        running = _descendants(session.proc.pid)
        assert running, "the warm parent and the sandboxes run under the watcher"
        session.proc.send_signal(signal.SIGINT)
        assert session.proc.wait(timeout=20) == 0
        session.wait_for("stopped watching", timeout=5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in running):
            time.sleep(0.1)
        left = [p for p in running if os.path.exists(f"/proc/{p}")]
        zombies = [p for p in left if open(f"/proc/{p}/stat").read().split(") ")[1][0] == "Z"]
        assert left == zombies, f"still running after Ctrl-C: {left}"
    finally:
        if session.proc.poll() is None:
            session.proc.kill()


TERMINALS = {
    "vscode": {"TERM": "xterm-256color", "TERM_PROGRAM": "vscode", "COLORTERM": "truecolor"},
    "pycharm": {"TERM": "xterm-256color", "TERMINAL_EMULATOR": "JetBrains-JediTerm"},
    "plain": {"TERM": "xterm"},
}


@pytest.mark.slow
@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_in_a_terminal_each_save_redraws_and_ctrl_c_typed_there_stops_it(folder, terminal):
    """As VS Code's, PyCharm's or a plain terminal runs it: on a pseudo-terminal of its own, as
    that terminal's environment says. A save as PyCharm makes it (a new file renamed over the
    old) is graded; the screen is cleared before each redraw; Ctrl-C typed at the terminal (the
    terminal's SIGINT to the whole foreground group) stops it with status 0."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("TERM_PROGRAM", "TERMINAL_EMULATOR")}
    env.update(TERMINALS[terminal], PYTHONUNBUFFERED="1", COLUMNS="160", LINES="50")
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session whose controlling terminal is the pseudo-terminal
        os.chdir(ROOT)
        argv = [sys.executable, "-c", "from grader.cli import main; main()", "watch"]
        os.execve(sys.executable, [*argv, str(folder), "--lang", "en"], env)
    screen = _Screen(fd)
    try:
        screen.wait_for("Watching")
        before_save = len(screen.text)
        fresh = folder / "indexing.py.new"
        fresh.write_text(FIX, encoding="utf-8")
        os.replace(fresh, folder / "indexing.py")
        screen.wait_for("5/5 checks pass (7/7 points)")
        screen.wait_for("Next: write indexing.pixel.")
        assert "\x1b[2J" in screen.text[before_save:], "the screen was not cleared to redraw"
        os.write(fd, b"\x03")  # Ctrl-C, typed
        screen.wait_for("stopped watching", timeout=20)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)


class _Screen:
    """What a pseudo-terminal's program has written so far."""

    def __init__(self, fd):
        self.fd, self.text = fd, ""

    def wait_for(self, text, timeout=60.0):
        import select

        deadline = time.monotonic() + timeout
        while text not in self.text:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never saw {text!r}; saw:\n{self.text[-3000:]}")
            if select.select([self.fd], [], [], min(left, 0.2))[0]:
                try:
                    self.text += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:  # the program ended and the terminal closed
                    raise AssertionError(f"ended before {text!r}:\n{self.text[-3000:]}") from None
