"""A class graded with `grade batch` in which some students attack (DESIGN threat model, issue 7):
memory grabs, fork bombs, detached processes that outlive their sandbox, killing the grader's
processes, output floods. Each attacker loses the attacked function only; everyone else keeps
every point.

The fork bomb, the detached process and the killer need sandboxes that run as users of their own
(grader.sandbox.users: the judge must be root, and the Python installation readable); without
that they are not defended, and their tests are skipped with the reason.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from grader.batch import run_batch
from grader.sandbox.users import why_not_switch_users
from tests.kit.conftest import ROOT, function_scores

TARGET, VICTIM = "indexing", "first_image"
SUITES = ROOT / "tests" / "grading"
NO_USERS = why_not_switch_users()
needs_users = pytest.mark.skipif(
    NO_USERS is not None, reason=f"sandboxes cannot run as users of their own: {NO_USERS}"
)

ANYWHERE = {
    "memory_grab": """
def first_image(x):
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))
""",
    "output_flood": """
import os, sys
def first_image(x):
    for _ in range(50):
        print("spam " * 200_000)
        os.write(1, b"raw spam " * 100_000)
        os.write(2, b"raw spam " * 100_000)
    return x[1]
""",
}
AS_OTHER_USER = {
    "fork_bomb": """
import os
def first_image(x):
    while True:
        os.fork()
""",
    "detached": """
import os, time
def first_image(x):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(4)  # grading is over by now
            for path in ({report!r}, {marker!r}):
                try:
                    with open(path, "w") as f:
                        f.write("rewritten by a process that outlived grading")
                except OSError:
                    pass
            os._exit(0)
        os._exit(0)
    return x[1]
""",
    "report_writer": """
import os
def first_image(x):
    for folder, _, files in os.walk({out!r}):
        for name in files:
            try:
                with open(os.path.join(folder, name), "w") as f:
                    f.write('{{"score": 999}}')
            except OSError:
                pass
    return x[1]
""",
    "killer": """
import os, signal
def first_image(x):
    pid = os.getpid()
    while pid > 1:  # every ancestor: the warm parent, the judge, the batch, ...
        try:
            with open(f"/proc/{{pid}}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        if pid > 1:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    os.kill(-1, signal.SIGKILL)  # everything it may signal
    return x[1]
""",
}


def _grade_class(tmp_path, attacks, memory_mb=4096, timeout=2):
    root = tmp_path / "class"
    out = tmp_path / "out"
    reference = (ROOT / "solutions" / f"{TARGET}.py").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "solutions", root / "alice", ignore=shutil.ignore_patterns("__*"))
    for name, source in attacks.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / f"{TARGET}.py").write_text(reference + "\n\n" + source, encoding="utf-8")
    (root / "alice" / "where_gather.py").unlink()  # alice: indexing and the rest, not where_gather
    result = run_batch(
        root, out, suites=SUITES, topics=[TARGET], jobs=2, timeout=timeout, memory_mb=memory_mb
    )
    return {o.student: o for o in result.outcomes}, out


def _assert_only_the_victim_lost(out, name):
    import json

    report = json.loads((out / "reports" / f"{name}.json").read_text())
    scores = function_scores(report)
    victim = f"{TARGET}.{VICTIM}"
    assert scores[victim][0] == 0 < scores[victim][1], scores[victim]
    for function, (score, most) in scores.items():
        if function != victim:
            assert score == most > 0, (name, function, score, most)
    return [t for t in report["tests"] if t["function"] == victim and t["outcome"] != "skipped"]


@pytest.mark.slow
def test_memory_grab_and_output_flood(tmp_path):
    # a generous timeout: the cap, not the clock, must stop the grab (even on a loaded machine)
    outcomes, out = _grade_class(tmp_path, ANYWHERE, memory_mb=1024, timeout=20)
    assert outcomes["alice"].score == outcomes["alice"].max_score > 0
    grabbed = _assert_only_the_victim_lost(out, "memory_grab")
    assert all("MemoryError" in t["message"] or "memory" in t["message"] for t in grabbed), grabbed
    flooded = _assert_only_the_victim_lost(out, "output_flood")
    assert all(len(t["message"]) < 20_000 for t in flooded)


@needs_users
@pytest.mark.slow
def test_fork_bomb_detached_process_and_killer(tmp_path):
    # A place the attacker's user can reach and write, to prove that it survived (pytest's own
    # temporary folders are closed to other users).
    shared = Path(tempfile.mkdtemp(prefix="grade-attack-"))
    os.chmod(shared, 0o777)
    marker = shared / "survived.txt"
    report = tmp_path / "out" / "reports" / "alice.json"
    attacks = dict(AS_OTHER_USER)
    attacks["detached"] = attacks["detached"].format(report=str(report), marker=str(marker))
    attacks["killer"] = attacks["killer"].format()
    attacks["report_writer"] = attacks["report_writer"].format(out=str(tmp_path / "out"))
    started = time.perf_counter()
    outcomes, out = _grade_class(tmp_path, attacks)
    assert time.perf_counter() - started < 300
    alice_report = report.read_text()
    assert outcomes["alice"].score == outcomes["alice"].max_score > 0
    for name in AS_OTHER_USER:
        assert not outcomes[name].problem, outcomes[name].problem
        _assert_only_the_victim_lost(out, name)
    time.sleep(6)  # longer than the detached process waits
    survived = marker.exists()
    shutil.rmtree(shared, ignore_errors=True)
    assert not survived, "a process outlived grading"
    assert report.read_text() == alice_report
