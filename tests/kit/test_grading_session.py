"""One pytest session grading one submission after another (grader.runner.GradingSession, as a
judge worker of `grade batch` keeps one): each submission's report is the one a session of its
own gives, whatever was graded before it in the same session."""

import shutil
import threading

import pytest

from grader.runner import GradingError, GradingSession, grade
from tests.kit.conftest import ROOT, demo_suites

SUITES = ROOT / "tests" / "grading"
TOPICS = ("where_gather",)
SETTINGS = dict(topics=TOPICS, timeout=10.0, memory_mb=2048, lang="en")


def _submission(tmp_path, name, extra=""):
    folder = tmp_path / name
    folder.mkdir()
    source = (ROOT / "solutions" / "where_gather.py").read_text()
    (folder / "where_gather.py").write_text(source + extra)
    return folder


def _graded(report):
    """What a report says of the submission (its run's duration and target aside)."""
    data = report.to_json()
    return {
        "score": data["score"],
        "tests": [(t["id"], t["outcome"], t["score"], t["message"]) for t in data["tests"]],
        "flags": data.get("flags", []),
    }


@pytest.mark.slow
def test_a_session_grades_each_submission_as_a_session_of_its_own(tmp_path):
    """A tampering submission (the source scan's flag, its topic at 0), one that loses points in
    one function, and honest ones, in an order where each follows a different kind: none
    inherits the last one's source scan, flags or score."""
    honest = _submission(tmp_path, "honest")
    mallory = _submission(tmp_path, "mallory", "\nimport grader.sandbox.facts as _facts\n")
    wrong = _submission(
        tmp_path,
        "wrong",
        # every sample's scores at every target, not each sample's at its own target
        "\n\ndef pick_target_scores(scores, targets):\n    return scores[:, targets]\n",
    )
    order = [mallory, honest, wrong, honest, mallory]
    with GradingSession(SUITES, **SETTINGS) as session:
        reused = [_graded(session.grade(s)) for s in order]
    alone = {s: _graded(grade(s, SUITES, **SETTINGS)) for s in {*order}}
    assert reused == [alone[s] for s in order]
    assert alone[mallory]["score"] == 0 and alone[mallory]["flags"]
    assert 0 < alone[wrong]["score"] < alone[honest]["score"] and not alone[honest]["flags"]


def test_a_suite_that_does_not_import_is_a_grading_error_not_an_interrupt(tmp_path):
    suites = demo_suites(tmp_path, "import no_such_module_anywhere\n")
    with pytest.raises(GradingError, match="(?s)pytest stopped.*ImportError while importing"):
        GradingSession(suites, timeout=10.0, memory_mb=2048, in_process=True)


def test_a_closed_session_says_so(tmp_path):
    submission = tmp_path / "s"
    submission.mkdir()
    shutil.copy(ROOT / "solutions" / "where_gather.py", submission)
    session = GradingSession(SUITES, **SETTINGS, in_process=True)
    session.close()
    with pytest.raises(GradingError, match="closed"):
        session.grade(submission)


def test_a_judge_worker_keeps_a_session_per_thread_and_drops_one_whose_run_raised(
    tmp_path, monkeypatch
):
    from grader import batch

    settings = (SUITES, TOPICS, 10.0, 2048, "en")
    monkeypatch.setattr(batch, "_SESSIONS", {})
    first = batch._grading_session(*settings)
    assert batch._grading_session(*settings) is first
    other = []
    thread = threading.Thread(target=lambda: other.append(batch._grading_session(*settings)))
    thread.start()
    thread.join()
    assert other[0] is not first

    def broken(self, submission, **kwargs):
        raise GradingError("the run could not happen")

    monkeypatch.setattr(GradingSession, "grade", broken)
    student = batch.Student("ana", _submission(tmp_path, "ana"), report_name="ana")
    with pytest.raises(GradingError, match="could not happen"):
        batch.grade_student(student, tmp_path / "out", *settings)
    assert first.session is None  # closed
    assert batch._grading_session(*settings) is not first
    for session in [*batch._SESSIONS.values()]:
        session.close()
