import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_grade(*args, cwd=ROOT, timeout=600):
    """Run the `grade` CLI as a student would, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-c", "from grader.cli import main; main()", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def grade_cli():
    return run_grade
