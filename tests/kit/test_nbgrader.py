"""`grade nbgrader` with the real nbgrader (the `instructor` extra): generate_assignment,
autograde, export and feedback agree with `grade`, leak nothing, and ignore edited test cells."""

import ast
import csv
import json
import shutil
import time

import pytest

from grader.release import find_leaks
from tests.kit.conftest import ROOT, run_grade

nbformat = pytest.importorskip(
    "nbformat", reason="nbgrader (the instructor extra) is not installed"
)
pytest.importorskip("nbgrader", reason="nbgrader (the instructor extra) is not installed")

from tests.kit.nbgrader_helpers import cells, fill_from_source, nbgrader  # noqa: E402

pytestmark = pytest.mark.slow  # the real nbgrader, end to end: the full tier

TOPIC = "where_gather"
ASSIGNMENT = "week8"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    proc = run_grade("nbgrader", course, "--assignment", ASSIGNMENT, "-t", TOPIC)
    assert proc.returncode == 0, proc.stderr
    timings = {"generate_assignment": nbgrader(course, "generate_assignment", ASSIGNMENT)}
    source = course / "source" / ASSIGNMENT / f"{TOPIC}.ipynb"
    release = course / "release" / ASSIGNMENT / f"{TOPIC}.ipynb"
    submitted = course / "submitted"
    fill_from_source(release, source, submitted / "alice" / ASSIGNMENT / f"{TOPIC}.ipynb")
    shutil.copytree(release.parent, submitted / "bob" / ASSIGNMENT)  # handed in untouched
    fill_from_source(
        release, source, submitted / "carol" / ASSIGNMENT / f"{TOPIC}.ipynb", edit_test="1000"
    )
    started = time.perf_counter()
    nbgrader(course, "autograde", ASSIGNMENT, "--create")
    timings["autograde (3 students)"] = time.perf_counter() - started
    nbgrader(course, "export")
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    (course / "timings.json").write_text(json.dumps(timings))
    print("nbgrader timings:", timings)
    return course


def _scores(course):
    with open(course / "grades.csv", newline="") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


def test_source_notebook_points_equal_the_suites(course):
    listing = run_grade("list", "--lang", "en")
    assert listing.returncode == 0
    from grader.runner import collect_points

    points = collect_points(ROOT / "tests" / "grading", cuda=False)
    source = course / "source" / ASSIGNMENT / f"{TOPIC}.ipynb"
    graded = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
        for c in cells(source)
        if c.metadata.get("nbgrader", {}).get("grade")
    }
    expected = {f"test_{f.split('.')[1]}": a + b for (t, f), (a, b) in points.items() if t == TOPIC}
    assert graded == expected


def test_release_notebooks_hold_no_solution_or_hidden_test_text(course, tmp_path):
    release = course / "release" / ASSIGNMENT / f"{TOPIC}.ipynb"
    text = "\n\n".join(c.source for c in cells(release))
    assert "HIDDEN TESTS" not in text and '"hidden")' not in text
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / f"{TOPIC}.py").write_text(text)
    assert find_leaks(tmp_path, ROOT / "solutions") == []
    # every exercise is still there, as its stub
    stub = ast.parse((ROOT / "exercises" / f"{TOPIC}.py").read_text())
    for node in stub.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            assert (
                ast.get_source_segment((ROOT / "exercises" / f"{TOPIC}.py").read_text(), node)
                in text
            )


def test_autograde_agrees_with_grade(course, tmp_path):
    scores = _scores(course)
    folder = tmp_path / "alice"
    folder.mkdir()
    shutil.copy(ROOT / "solutions" / f"{TOPIC}.py", folder)
    out = tmp_path / "r.json"
    assert run_grade(folder, "-t", TOPIC, "--json", out).returncode == 0
    report = json.loads(out.read_text())
    assert float(scores["alice"]["score"]) == report["score"] == report["max_score"] > 0
    assert float(scores["alice"]["max_score"]) == report["max_score"]
    assert float(scores["bob"]["score"]) == 0


def test_an_edited_test_cell_is_graded_as_the_original(course):
    scores = _scores(course)
    assert float(scores["carol"]["score"]) == float(scores["alice"]["score"])
    graded = cells(course / "autograded" / "carol" / ASSIGNMENT / f"{TOPIC}.ipynb")
    tests = [c for c in graded if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all("check(" in c.source and c.source != "1000" for c in tests)


def test_test_cells_write_nothing_to_stderr(course):
    graded = cells(course / "autograded" / "alice" / ASSIGNMENT / f"{TOPIC}.ipynb")
    for cell in graded:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", output
            assert output.get("output_type") != "error", output


def test_feedback_does_not_show_hidden_tests(course):
    feedback = list((course / "feedback" / "alice" / ASSIGNMENT).glob("*.html"))
    assert feedback
    html = feedback[0].read_text(encoding="utf-8")
    assert "HIDDEN TESTS" not in html and "&quot;hidden&quot;" not in html
    assert "where_gather" in html


def test_source_notebooks_are_their_owners_only(course):
    folder = course / "source" / ASSIGNMENT
    assert folder.stat().st_mode & 0o077 == 0
    assert (folder / f"{TOPIC}.ipynb").stat().st_mode & 0o777 == 0o600


def test_autograded_test_cells_say_what_the_engine_found(course):
    """Each test cell's output is written by the kit's engine: what the checks said, then the
    points as the cell's result; the feedback shows the same."""
    from grader.runner import collect_points

    points = collect_points(ROOT / "tests" / "grading", cuda=False)
    for student, expect in (("alice", "public checks:"), ("bob", "Not implemented yet")):
        graded = cells(course / "autograded" / student / ASSIGNMENT / f"{TOPIC}.ipynb")
        tests = [c for c in graded if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(tests) == sum(1 for t, _ in points if t == TOPIC)
        for cell in tests:
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            result = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert expect in text, (student, text)
            assert len(result) == 1
            score = float(result[0]["data"]["text/plain"])
            assert score == (cell.metadata["nbgrader"]["points"] if student == "alice" else 0)
    html = next((course / "feedback" / "bob" / ASSIGNMENT).glob("*.html")).read_text("utf-8")
    assert "Not implemented yet" in html
