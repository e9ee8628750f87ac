import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_grade(*args, cwd=ROOT, timeout=600, env=None):
    """Run the `grade` CLI as a student would, in a fresh process (`env`: variables to add)."""
    return subprocess.run(
        [sys.executable, "-c", "from grader.cli import main; main()", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def demo_suites(tmp_path, source: str, topic: str = "demo"):
    """A grading-suites folder of its own, holding one public suite `test_<topic>.py`."""
    suites = tmp_path / "kit" / "tests" / "grading"
    (suites / "public").mkdir(parents=True)
    for folder in (tmp_path / "kit" / "tests", suites, suites / "public"):
        (folder / "__init__.py").write_text("")
    (suites / "public" / f"test_{topic}.py").write_text(source)
    return suites


@pytest.fixture
def grade_cli():
    return run_grade


def function_scores(report) -> dict[str, list[float]]:
    """{"topic.function": [score, max_score]} from a grade-report/1 dict."""
    scores = defaultdict(lambda: [0.0, 0.0])
    for t in report["tests"]:
        scores[t["function"]][0] += t["score"]
        scores[t["function"]][1] += t["max_score"]
    return dict(scores)


def grade_many(
    folders, out, *, topics=(), timeout=10.0, source_scan=True, lang="en"
) -> dict[str, dict]:
    """Grade several submission folders in one `python -m grader.runner` process; returns
    {folder name: report}. `source_scan=False`: without grader.source_scan, for the tests of
    the defences behind it (an attack the scan scores 0 must still be contained)."""
    topic_args = [a for t in topics for a in ("--topic", t)]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader.runner",
            "--timeout",
            str(timeout),
            "--lang",
            lang,
            *topic_args,
            "--json-dir",
            out,
            *folders,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "GRADE_SOURCE_SCAN": "1" if source_scan else "0"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {
        Path(f).name: json.loads((Path(out) / f"{Path(f).name}.json").read_text()) for f in folders
    }
