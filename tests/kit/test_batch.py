"""`grade batch`: a class at once, its CSV, reports and Gradescope files, reruns, nbgrader's
layout, and a broken worker that costs no one else their grade."""

import csv
import json
import shutil

import pytest

from grader.batch import notebook_module, run_batch
from tests.kit.conftest import ROOT, run_grade

TOPICS = ("merge_split", "where_gather")  # in course order, as the CSV has them
SUITES = ROOT / "tests" / "grading"


def _class(tmp_path, students):
    root = tmp_path / "class"
    for name, source in students.items():
        (root / name).mkdir(parents=True)
        for topic in TOPICS:
            shutil.copy(ROOT / source / f"{topic}.py", root / name)
    return root


def _csv(path):
    with open(path, newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


@pytest.mark.slow
def test_a_class_graded_like_single_runs_and_written_out(tmp_path):
    root = _class(tmp_path, {"alice": "solutions", "bob": "exercises"})
    (root / "carol").mkdir()
    shutil.copy(ROOT / "solutions" / "merge_split.py", root / "carol")
    out = tmp_path / "out"
    proc = run_grade("batch", root, "--out", out, "-j", "2")
    assert proc.returncode == 0, proc.stderr
    grades = _csv(out / "grades.csv")
    assert list(next(iter(grades.values()))) == ["student", *TOPICS, "total", "flags"]
    assert all(row["flags"] == "" for row in grades.values())
    single = tmp_path / "alice.json"
    assert (
        run_grade(root / "alice", "-t", TOPICS[0], "-t", TOPICS[1], "--json", single).returncode
        == 0
    )
    expected = json.loads(single.read_text())
    assert float(grades["alice"]["total"]) == expected["score"] == expected["max_score"] > 0
    assert float(grades["bob"]["total"]) == 0
    assert float(grades["carol"]["where_gather"]) == 0 and float(grades["carol"]["merge_split"]) > 0
    report = json.loads((out / "reports" / "alice.json").read_text())
    assert report["schema"] == "grade-report/1" and report["score"] == expected["score"]
    results = json.loads((out / "gradescope" / "carol" / "results.json").read_text())
    assert results["score"] == float(grades["carol"]["total"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["students"] == 3 and summary["graded_now"] == 3 and not summary["problems"]
    assert "3 students" in proc.stdout

    again = run_grade("batch", root, "--out", out)
    assert again.returncode == 0 and "0 graded now, 3 from an earlier run" in again.stdout
    assert _csv(out / "grades.csv") == grades
    forced = run_grade("batch", root, "--out", out, "--force", "-t", "where_gather")
    assert forced.returncode == 0 and "3 graded now" in forced.stdout
    assert list(next(iter(_csv(out / "grades.csv").values()))) == [
        "student",
        "where_gather",
        "total",
        "flags",
    ]


def _notebook(cells):
    return {
        "cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": []} for c in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_notebook_code_cells_become_the_module(tmp_path):
    path = tmp_path / "where_gather.ipynb"
    path.write_text(
        json.dumps(
            _notebook(
                [
                    "import torch",
                    "%timeit 1\ndef f(x):\n    return x",
                    "from grader.notebook import check\ncheck('where_gather.f')",
                ]
            )
        )
    )
    source = notebook_module(path)
    assert "def f(x)" in source and "import torch" in source
    assert "%timeit" not in source and "check(" not in source


@pytest.mark.slow
def test_nbgrader_layout_with_notebooks(tmp_path):
    root = tmp_path / "submitted"
    reference = (ROOT / "solutions" / "where_gather.py").read_text()
    for name, code in (("dana", reference), ("eve", "import torch\n")):
        folder = root / name / "week8"
        folder.mkdir(parents=True)
        (folder / "where_gather.ipynb").write_text(json.dumps(_notebook([code])))
    out = tmp_path / "out"
    result = run_batch(
        root, out, suites=SUITES, jobs=1, timeout=10, memory_mb=4096, assignment="week8"
    )
    scores = {o.student: o for o in result.outcomes}
    assert result.topics == ["where_gather"]
    assert scores["dana"].score == scores["dana"].max_score > 0
    assert scores["eve"].score == 0


@pytest.mark.slow
def test_a_dead_worker_costs_only_the_student_who_killed_it(tmp_path):
    root = _class(
        tmp_path, {"alice": "solutions", "crash-mallory": "solutions", "bob": "solutions"}
    )
    out = tmp_path / "out"
    result = run_batch(
        root,
        out,
        suites=SUITES,
        topics=["where_gather"],
        jobs=2,
        timeout=10,
        memory_mb=4096,
        grade_one=_grade_or_die(),
    )
    scores = {o.student: o for o in result.outcomes}
    assert scores["alice"].score == scores["bob"].score == scores["alice"].max_score > 0
    assert scores["crash-mallory"].score == 0
    assert "stopped twice" in scores["crash-mallory"].problem
    assert not scores["alice"].problem and not scores["bob"].problem
    assert _csv(out / "grades.csv")["crash-mallory"]["total"] == "0"


def _grade_or_die():
    from tests.kit.batch_helpers import grade_or_die

    return grade_or_die


def test_tampering_and_review_flags_reach_the_gradebook(tmp_path):
    """The source scan's flags for the instructor: a topic that imports the kit scores 0 and is
    flagged in grades.csv, summary.json and the terminal; one flagged for review keeps its points."""
    root = _class(tmp_path, {"honest": "solutions", "mallory": "solutions", "quinn": "solutions"})
    with open(root / "mallory" / "where_gather.py", "a") as f:
        f.write("\nimport grader.sandbox.facts as _facts\n")
    with open(root / "quinn" / "where_gather.py", "a") as f:
        f.write("\n\ndef _pick(name):\n    return getattr(torch, name)\n")
    out = tmp_path / "out"
    proc = run_grade("batch", root, "--out", out, "-t", "where_gather")
    assert proc.returncode == 0, proc.stderr
    grades = _csv(out / "grades.csv")
    assert grades["honest"]["flags"] == ""
    assert float(grades["mallory"]["total"]) == 0
    assert grades["mallory"]["flags"].startswith("tampering: where_gather.py:")
    assert "import grader.sandbox.facts" in grades["mallory"]["flags"]
    assert float(grades["quinn"]["total"]) == float(grades["honest"]["total"]) > 0
    assert grades["quinn"]["flags"].startswith("review: where_gather.py:")
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(summary["flagged"]) == ["mallory", "quinn"]
    assert summary["flagged"]["mallory"][0]["severity"] == "tampering"
    assert "2 students flagged by the source scan (1 for tampering" in proc.stdout
    assert "mallory: where_gather: where_gather.py:" in proc.stdout


def test_no_students_is_a_one_line_error(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_grade("batch", tmp_path / "empty", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "holds no student folder" in proc.stderr
    assert proc.stderr.count("\n") == 1
