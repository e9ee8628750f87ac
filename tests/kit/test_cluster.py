"""`grade batch --scheduler`: a class graded on a Dask LocalCluster of 2 workers gets the same
gradebook as `-j 2`, and a student who kills workers costs only their own grade."""

import shutil

import pytest

from grader.batch import run_batch
from tests.kit.conftest import ROOT, run_grade

pytest.importorskip("distributed", reason="Dask distributed is not installed (the cluster extra)")
pytestmark = pytest.mark.slow

TOPIC = "where_gather"
SUITES = ROOT / "tests" / "grading"


def _class(tmp_path, students):
    root = tmp_path / "class"
    for name, source in students.items():
        (root / name).mkdir(parents=True)
        shutil.copy(ROOT / source / f"{TOPIC}.py", root / name)
    return root


def test_a_local_cluster_writes_the_gradebook_that_jobs_write(tmp_path):
    root = _class(tmp_path, {"alice": "solutions", "bob": "exercises", "carol": "solutions"})
    with open(root / "bob" / f"{TOPIC}.py", "a", encoding="utf-8") as f:  # one right answer
        f.write((ROOT / "solutions" / f"{TOPIC}.py").read_text(encoding="utf-8"))
    by = {}
    for how, args in (("jobs", ["-j", "2"]), ("dask", ["--scheduler", "local:2"])):
        out = tmp_path / how
        proc = run_grade("batch", root, "--out", out, "-t", TOPIC, *args)
        assert proc.returncode == 0, proc.stderr[-3000:]
        by[how] = (out / "grades.csv").read_text(encoding="utf-8")
        assert (out / "mistakes.csv").is_file() and (out / "report.html").is_file()
        assert len(list((out / "reports").glob("*.json"))) == 3
    assert by["dask"] == by["jobs"]
    assert "alice" in by["dask"] and by["dask"].count("\n") == 4


def test_a_student_who_kills_workers_is_graded_0_and_no_one_else_pays(tmp_path):
    from tests.kit.batch_helpers import grade_or_die

    root = _class(
        tmp_path, {"alice": "solutions", "crash-mallory": "solutions", "bob": "solutions"}
    )
    result = run_batch(
        root,
        tmp_path / "out",
        suites=SUITES,
        topics=[TOPIC],
        timeout=10,
        memory_mb=4096,
        grade_one=grade_or_die,
        scheduler="local:2",
    )
    scores = {o.student: o for o in result.outcomes}
    assert scores["alice"].score == scores["bob"].score == scores["alice"].max_score > 0
    assert scores["crash-mallory"].score == 0 and "stopped twice" in scores["crash-mallory"].problem
    assert not scores["alice"].problem and not scores["bob"].problem


def test_a_bad_scheduler_is_a_one_line_error(tmp_path):
    root = _class(tmp_path, {"alice": "solutions"})
    proc = run_grade("batch", root, "--out", tmp_path / "out", "--scheduler", "local:zero")
    assert proc.returncode == 2 and proc.stderr.strip().startswith("grade: batch: 'local:zero'")
