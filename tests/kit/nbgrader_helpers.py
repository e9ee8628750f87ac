"""Driving the real nbgrader in the kit's tests: its commands, and students' notebooks."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat


def nbgrader(course, *args, timeout=900) -> float:
    """Run `nbgrader ARGS` in the course; its seconds (it must succeed)."""
    return run_nbgrader(course, *args, timeout=timeout).seconds


def run_nbgrader(course, *args, timeout=900) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course (it must succeed); `.seconds` is how long it took."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # alembic
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    proc.seconds = time.perf_counter() - started
    return proc


def cells(path):
    return nbformat.read(str(path), as_version=4).cells


def fill_from_source(release, source, target, edit_test=None):
    """A student's notebook: the release copy with each solution cell taken from the source
    notebook by grade_id; `edit_test` rewrites every test cell (a student who tampers)."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in cells(source)
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    notebook = nbformat.read(str(release), as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
        elif meta.get("grade") and edit_test:
            cell.source = edit_test
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))


def add_cell(path, source, index=1):
    """A student who adds a code cell of their own to a notebook."""
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells.insert(index, nbformat.v4.new_code_cell(source))
    nbformat.write(notebook, str(path))


def plain_nbgrader_copy(course, root):
    """The same course, submissions and all, graded as plain nbgrader does (in a kernel)."""
    shutil.copytree(course, root, dirs_exist_ok=True)
    config = (root / "nbgrader_config.py").read_text()
    config = config.replace(repr(str(course.resolve())), repr(str(root.resolve())))
    config = re.sub(r"(?m)^c\.Autograde\.autograde_preprocessors = .*$", "", config)
    assert "grader.nbgrader_engine.EngineGrade" not in config
    (root / "nbgrader_config.py").write_text(config)
    return root
