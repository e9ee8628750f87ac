"""Three one-cell tricks that score full marks in plain nbgrader, whose autograde runs the
notebook in a kernel and believes each test cell's output, with every answer left as its stub.
Each is run twice with the real nbgrader: in a copy of the course without the kit's autograde
(the attack works: full marks) and in the course `grade nbgrader` writes (0 points)."""

import csv
import shutil

import pytest

pytest.importorskip("nbgrader", reason="nbgrader (the instructor extra) is not installed")

from tests.kit.conftest import run_grade  # noqa: E402
from tests.kit.nbgrader_helpers import (  # noqa: E402
    add_cell,
    fill_from_source,
    plain_nbgrader_copy,
    run_nbgrader,
)

pytestmark = pytest.mark.slow  # the real nbgrader, end to end: the full tier

TOPIC = "where_gather"
ASSIGNMENT = "week8"

TRICKS = {
    # The test cell's `check` is the student's: it says -1, which nbgrader reads as full points.
    "rebinds_check": "import grader.notebook\ngrader.notebook.check = lambda *args, **kwargs: -1",
    # The code a test cell grades is IPython's `In`: make it the kit's reference solution.
    "rebinds_in": (
        "from grader.topics import kit_root\n"
        f"In = [(kit_root() / 'solutions' / '{TOPIC}.py').read_text()]"
    ),
    # A test cell without a result is full points to nbgrader.
    "hides_results": "get_ipython().ast_node_interactivity = 'none'",
}


def _course(root):
    proc = run_grade("nbgrader", root, "--assignment", ASSIGNMENT, "-t", TOPIC)
    assert proc.returncode == 0, proc.stderr
    run_nbgrader(root, "generate_assignment", ASSIGNMENT)
    source = root / "source" / ASSIGNMENT / f"{TOPIC}.ipynb"
    release = root / "release" / ASSIGNMENT / f"{TOPIC}.ipynb"
    submitted = root / "submitted"
    fill_from_source(release, source, submitted / "honest" / ASSIGNMENT / f"{TOPIC}.ipynb")
    for student, trick in TRICKS.items():
        notebook = submitted / student / ASSIGNMENT / f"{TOPIC}.ipynb"
        notebook.parent.mkdir(parents=True)
        shutil.copy(release, notebook)  # every answer is the stub
        add_cell(notebook, trick)
    return root


def _autograde(root):
    proc = run_nbgrader(root, "autograde", ASSIGNMENT, "--create")
    run_nbgrader(root, "export")
    with open(root / "grades.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    return {s: (float(r["score"]), float(r["max_score"])) for s, r in rows.items()}, proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = _course(tmp_path_factory.mktemp("course"))
    plain = plain_nbgrader_copy(course, tmp_path_factory.mktemp("plain"))
    kit_scores, kit_run = _autograde(course)
    plain_scores, plain_run = _autograde(plain)
    return kit_scores, kit_run, plain_scores, plain_run


@pytest.mark.parametrize("student", sorted(TRICKS))
def test_the_trick_scores_full_marks_in_plain_nbgrader(graded, student):
    _, _, plain_scores, plain_run = graded
    score, most = plain_scores[student]
    assert most > 0 and score == most, (student, plain_scores)
    assert "from the kit's engine" not in plain_run.stderr


@pytest.mark.parametrize("student", sorted(TRICKS))
def test_the_trick_scores_nothing_when_the_engine_grades(graded, student):
    kit_scores, kit_run, _, _ = graded
    assert kit_scores[student][0] == 0, (student, kit_scores)
    assert "from the kit's engine" in kit_run.stderr


def test_an_honest_student_keeps_full_marks_either_way(graded):
    kit_scores, _, plain_scores, _ = graded
    score, most = kit_scores["honest"]
    assert most > 0 and score == most
    assert plain_scores["honest"] == kit_scores["honest"]
