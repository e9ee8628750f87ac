"""Threat model items 5 and 6: what is hidden stays hidden from students (a release holds
none of it; a sandbox on the grading machine does not see the kit's solutions), and shortcuts gain
nothing: a by-hand exercise that reaches the forbidden built-in by a roundabout way, and an
answer hard-coded for the public case."""

import shutil
import subprocess

import pytest

from grader.release import find_leaks, make_bundle
from grader.sandbox.users import why_not_switch_users
from tests.kit.conftest import ROOT, function_scores, grade_many

SHORTCUTS = {
    "conv": {
        # F.conv2d, reached through getattr and a string built at run time
        "conv2d_by_hand": """
import importlib
def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
    functional = importlib.import_module("torch.nn." + "functional")
    return getattr(functional, "con" + "v2d")(x, weight, bias, stride, padding)
""",
    },
    "indexing": {
        # right for the public test's input only
        "first_image": """
def first_image(x):
    if tuple(x.shape) == (4, 3, 5, 6):
        return x[0]
    return torch.zeros_like(x[0])
""",
    },
}


@pytest.mark.slow
def test_shortcuts_lose_points(tmp_path):
    folders = []
    for topic, variants in SHORTCUTS.items():
        for function, source in variants.items():
            folder = tmp_path / f"{topic}-{function}"
            folder.mkdir()
            reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
            (folder / f"{topic}.py").write_text(reference + "\n" + source, encoding="utf-8")
            folders.append(folder)
    reports = grade_many(folders, tmp_path / "reports", topics=list(SHORTCUTS))
    for topic, variants in SHORTCUTS.items():
        for function in variants:
            report = reports[f"{topic}-{function}"]
            got, most = function_scores(report)[f"{topic}.{function}"]
            assert got < most, (topic, function, got, most)
            if topic == "conv":  # the forbidden call is named
                messages = " ".join(t["message"] for t in report["tests"])
                assert "conv2d" in messages
            else:  # the public check passes, the hidden ones do not
                public = [t for t in report["tests"] if t["function"] == f"{topic}.{function}"]
                assert any(t["visibility"] == "public" and t["outcome"] == "passed" for t in public)


PEEKER = """
import importlib.util, pathlib
def first_image(x):
    import grader.topics
    path = pathlib.Path(grader.topics.kit_root()) / "solutions" / "indexing.py"
    spec = importlib.util.spec_from_file_location("answers", path)
    answers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(answers)
    return answers.first_image(x)
"""


def _can_hide_kit():
    if why_not_switch_users() is not None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_hide_kit(), reason="needs root and mount namespaces")
@pytest.mark.slow
def test_the_kits_solutions_are_out_of_a_sandboxs_sight(tmp_path):
    folder = tmp_path / "peeker"
    folder.mkdir()
    reference = (ROOT / "solutions" / "indexing.py").read_text(encoding="utf-8")
    (folder / "indexing.py").write_text(reference + "\n" + PEEKER, encoding="utf-8")
    report = grade_many([folder], tmp_path / "reports", topics=["indexing"], source_scan=False)[
        "peeker"
    ]
    got, most = function_scores(report)["indexing.first_image"]
    assert got == 0 < most
    messages = [t["message"] for t in report["tests"] if t["function"] == "indexing.first_image"]
    assert any("No such file" in m or "FileNotFoundError" in m for m in messages), messages[:1]


def test_a_student_release_holds_nothing_hidden(tmp_path):
    bundle = make_bundle(ROOT, tmp_path / "bundle").path
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()]
    assert not [f for f in files if "hidden" in f or f.startswith("solutions")]
    hidden_suites = {p.name for p in (ROOT / "tests" / "grading" / "hidden").glob("test_*.py")}
    for path in bundle.rglob("test_*.py"):
        assert path.parent.name == "public"
        assert path.read_text() != (ROOT / "tests/grading/hidden" / path.name).read_text() or (
            path.name not in hidden_suites
        )
    assert find_leaks(bundle, ROOT / "solutions") == []
    shutil.rmtree(bundle)
