"""Batch bookkeeping is exact whatever the students' folder names (issue 11, item 9): each gets a
report of its own, names that normalise alike stay apart, and no name reaches grades.csv in a
form a spreadsheet would run as a formula."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from grader.batch import report_names, run_batch
from tests.kit.conftest import ROOT

TOPIC = "merge_split"
SUITES = ROOT / "tests" / "grading"

# name -> whose answers (solutions score full marks, exercises score 0)
STUDENTS = {
    "alice": "solutions",
    "Alice": "exercises",  # the same file name on a case-insensitive file system
    "a b": "solutions",
    "a_b": "exercises",  # "a b" normalises to it
    "张三": "solutions",
    "李四": "exercises",
    '=HYPERLINK("x","click")': "solutions",
    "+1": "exercises",
    "-2": "solutions",
    "@SUM(A1)": "exercises",
    "new\nline": "solutions",
    "..": "exercises",
}


def test_report_names_are_distinct_and_stable():
    names = report_names(list(STUDENTS))
    assert len(set(n.lower() for n in names.values())) == len(STUDENTS)
    assert all("/" not in n and "\n" not in n and n not in (".", "..") for n in names.values())
    assert report_names(list(STUDENTS)) == names  # a rerun finds the same files
    assert names["alice"] == "alice" and names["张三"] == "张三"  # plain names stay as they are
    assert names["Alice"] != "alice" and names["a b"] != names["a_b"] == "a_b"


@pytest.mark.slow
def test_every_student_is_graded_apart_and_no_name_becomes_a_formula(tmp_path):
    root = tmp_path / "class"
    for name, source in STUDENTS.items():
        folder = root / name.replace("..", "dots")  # ".." cannot be a folder; see the unit test
        folder.mkdir(parents=True)
        shutil.copy(ROOT / source / f"{TOPIC}.py", folder)
    out = tmp_path / "out"
    result = run_batch(root, out, suites=SUITES, topics=[TOPIC], jobs=2, timeout=10, memory_mb=4096)
    graded = {o.student: o for o in result.outcomes}
    folders = {name.replace("..", "dots"): source for name, source in STUDENTS.items()}
    assert set(graded) == set(folders)
    for name, source in folders.items():
        assert (graded[name].score > 0) == (source == "solutions"), name
    reports = list((out / "reports").glob("*.json"))
    assert len(reports) == len(folders)
    targets = {json.loads(p.read_text())["target"] for p in reports}
    assert targets == set(folders)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    assert len(rows) == len(folders)
    for row in rows:
        assert row[0][:1] not in ("=", "+", "-", "@", "\t", "\r"), row[0]
    shown = {row[0].removeprefix("'") for row in rows}
    assert shown == set(folders)


@pytest.mark.slow
def test_batch_says_in_one_line_what_sandboxes_can_reach_where_they_are_not_isolated(tmp_path):
    root = tmp_path / "class"
    (root / "alice").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / f"{TOPIC}.py", root / "alice")
    command = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(root)]
    env = {**os.environ, "GRADE_SANDBOX_USERS": "0"}
    proc = subprocess.run(
        [*command, "--out", str(tmp_path / "out"), "-t", TOPIC],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Warning:") and "solutions" in first and "network" in first, first
    report = json.loads((tmp_path / "out" / "reports" / "alice.json").read_text())
    assert report["environment"]["isolation"]["users"] is False
    assert "network" in report["environment"]["isolation"]["exposed"]
