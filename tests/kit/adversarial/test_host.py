"""Attacks on the grading machine itself (DESIGN threat model item 9; issue 11, items 3, 4, 6).

- Code from the submission folder never runs as the judge, whatever the working folder.
- A sandbox has no network where the OS gives it a namespace of its own.
- A sandbox inherits no descriptor but its own channel to the judge.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from grader.sandbox import jail
from grader.sandbox.client import Student, TopicSandboxes
from tests.kit.conftest import ROOT

GRADE = Path(sys.executable).with_name("grade")

# A module that, imported, leaves a mark saying which user imported it and from where.
MARKER = """
import os, sys
with open(os.environ.get("GRADE_ATTACK_MARKS", "/nonexistent") + "/" + __name__ + "-" + str(os.getpid()), "w") as f:
    f.write(str(os.getuid()) + " " + " ".join(sys.argv))
raise ImportError("the submission's own " + __name__)
"""


@pytest.mark.slow
@pytest.mark.skipif(not GRADE.exists(), reason="the grade script is not installed beside python")
def test_cd_into_the_submission_and_grade_it_imports_nothing_of_it_into_the_judge(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(ROOT / "solutions" / "indexing.py", sub / "indexing.py")
    for name in ("torch", "numpy", "pytest", "click", "rich", "grader"):
        (sub / f"{name}.py").write_text(MARKER)
    marks = tmp_path / "marks"
    marks.mkdir()
    os.chmod(marks, 0o777)
    env = {**os.environ, "GRADE_ATTACK_MARKS": str(marks)}
    proc = subprocess.run(
        [str(GRADE), ".", "-t", "indexing", "--json", str(tmp_path / "r.json"), "--lang", "en"],
        cwd=sub,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert not list(marks.iterdir()), [p.read_text() for p in marks.iterdir()]
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["score"] == report["max_score"] > 0


NETWORK = """
import socket
def connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__
"""

DESCRIPTORS = """
import os
def descriptors():
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass  # the listing's own descriptor, closed by now
    return found
"""


@pytest.fixture
def sandbox(tmp_path):
    made = []

    def make(source):
        (tmp_path / "topic.py").write_text(source)
        made.append(TopicSandboxes(tmp_path, timeout=10, memory_mb=2048))
        return Student(made[-1]).topic

    yield make
    for boxes in made:
        boxes.close()


@pytest.mark.skipif(not jail.available(), reason="no namespaces here: see the README")
def test_a_sandbox_reaches_no_network_not_even_the_judges_loopback(sandbox):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert sandbox(NETWORK).connect(port) != "connected"


def test_a_sandbox_holds_no_descriptor_but_its_channel_and_its_fact_pipe(sandbox):
    found = sandbox(DESCRIPTORS).descriptors()
    beyond_stdio = sorted(target.split(":")[0] for fd, target in found.items() if fd > 2)
    assert beyond_stdio == ["pipe", "socket"], found
