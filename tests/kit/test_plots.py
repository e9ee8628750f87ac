"""Training curves for --report-dir: drawn with matplotlib when it is there, skipped without."""

import json
import sys

from grader.plots import save_training_curve
from tests.kit.conftest import demo_suites, run_grade

HISTORY = [
    {"loss": 0.9, "accuracy": 0.7},
    {"loss": 0.4, "accuracy": 0.85},
    {"loss": 0.3, "accuracy": 0.9},
]


def test_curve_is_a_png(tmp_path):
    path = save_training_curve(HISTORY, tmp_path / "curve.png")
    assert path == tmp_path / "curve.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_drawn_without_matplotlib_or_without_data(tmp_path, monkeypatch):
    assert save_training_curve([], tmp_path / "a.png") is None
    assert save_training_curve([{"loss": "x"}, 3], tmp_path / "b.png") is None
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    assert save_training_curve(HISTORY, tmp_path / "c.png") is None
    assert not list(tmp_path.iterdir())


SUITE = """
import pytest
import torch

from grader.checks import assert_tensor
from grader.plots import save_training_curve


@pytest.mark.exercise("demo.fit")
@pytest.mark.points(2)
def test_fit(student, report_dir):
    history = student.demo.fit()
    if report_dir is not None:
        save_training_curve(history, report_dir / "demo_fit.png")
    assert_tensor(torch.tensor([h["loss"] for h in history]), torch.tensor([0.5, 0.25]))
"""


def test_report_dir_option_collects_the_pictures(tmp_path):
    suites = demo_suites(tmp_path, SUITE)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "demo.py").write_text(
        "def fit():\n    return [{'loss': 0.5, 'accuracy': 0.8}, {'loss': 0.25, 'accuracy': 0.9}]\n"
    )
    pictures = tmp_path / "pictures"
    out = tmp_path / "r.json"
    args = (sub, "--suites", suites, "--json", out, "--lang", "en")
    proc = run_grade(*args, "--report-dir", pictures)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["score"] == 2
    assert (pictures / "demo_fit.png").read_bytes()[:4] == b"\x89PNG"
    assert f"Wrote {pictures / 'demo_fit.png'}" in proc.stdout.replace("\n", "")
    # without the option nothing is drawn anywhere, and the score is the same
    proc = run_grade(*args)
    assert proc.returncode == 0 and json.loads(out.read_text())["score"] == 2
