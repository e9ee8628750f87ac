"""The test cells of the kit's notebooks: `check("indexing.first_image", "public")`.

A notebook's code is the cells it has run (IPython's `In`), less the test cells and the magics:
that becomes the topic's module in a folder of its own, which the usual engine grades in a
sandbox, for one function and one visibility. The cell prints what each check said (on stdout:
nbgrader scores a cell that writes to stderr 0) and returns the points, which nbgrader takes as
the cell's partial credit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
from pathlib import Path

from grader import i18n
from grader.report import outcome_label
from grader.sandbox.client import DEFAULT_MEMORY_MB
from grader.topics import find_suites, suite_files

# A notebook cell holding this text is one of the kit's test cells, not the student's code.
TEST_CELL_SIGN = "from grader.notebook import check"
# Seconds a call into the notebook's code may take (the capstone trains a network).
CALL_TIMEOUT = 60.0

_cache: dict[tuple, object] = {}


class NotebookError(RuntimeError):
    """The check cannot run here (outside IPython, no suites); the message says why."""


def notebook_source() -> str:
    """The code this notebook has run so far, as one module."""
    try:
        shell = get_ipython()  # noqa: F821 - defined inside IPython only
    except NameError:
        raise NotebookError(
            i18n.tr(
                "check() runs in a Jupyter notebook (IPython), not here",
                "check() 只能在 Jupyter notebook（IPython）里运行，不能在这里运行",
            )
        ) from None
    return module_of_cells(shell.user_ns.get("In", []))


def module_of_cells(cells) -> str:
    """Code cells as one module, less the kit's test cells and the IPython magics and shell
    escapes (which Python cannot run); also what `grade batch` makes of a notebook."""
    kept = []
    for cell in cells:
        if not cell or TEST_CELL_SIGN in cell:
            continue
        lines = [
            line
            for line in cell.splitlines()
            if not line.lstrip().startswith(("%", "!")) and "get_ipython()" not in line
        ]
        kept.append("\n".join(lines))
    return "\n\n".join(kept) + "\n"


def notebook_code(cells) -> str:
    """A notebook's code cells (nbformat's nodes or the JSON's dicts) as one module: what the
    test cells, `grade batch` and nbgrader's autograde (grader.nbgrader_engine) all grade."""
    sources = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        sources.append("".join(source) if isinstance(source, list) else str(source))
    return module_of_cells(sources)


def cell_report(function: str, records) -> str:
    """What a test cell prints for `function`: points per visibility, then each failing check."""
    lines = []
    for visibility in ("public", "hidden"):
        mine = [r for r in records if r.visibility == visibility]
        if not mine:
            continue
        label = i18n.tr(
            f"{visibility} checks", "公开检查" if visibility == "public" else "隐藏检查"
        )
        score, most = sum(r.score for r in mine), sum(r.max_score for r in mine)
        lines.append(f"{function} — {label}: {score:g} / {most:g}")
        for r in mine:
            if r.outcome not in ("passed", "skipped"):
                lines.append(f"  ✗ {outcome_label(r.outcome)}: {r.message.strip()}")
    return "\n".join(lines) + "\n"


def grade_source(topic: str, source: str, function: str, visibility: str):
    """Grade `source` as the module `topic`, only `function`'s checks of `visibility`."""
    from grader.runner import grade

    suites = find_suites()
    if suites is None or topic not in suite_files(suites):
        raise NotebookError(
            i18n.tr(
                f"the grading suites of {topic} are not installed here",
                f"这里没有安装 {topic} 的评分检查",
            )
        )
    key = (topic, hashlib.sha256(source.encode()).hexdigest(), function, visibility)
    if key not in _cache:
        with tempfile.TemporaryDirectory(prefix="grade-notebook-") as folder:
            (Path(folder) / f"{topic}.py").write_text(source, encoding="utf-8")
            _cache[key] = grade(
                Path(folder),
                suites,
                topics=[topic],
                timeout=CALL_TIMEOUT,
                memory_mb=DEFAULT_MEMORY_MB,
                lang=i18n.language(),
                function=function,
                visibility=visibility,
                cuda=False,  # the notebook's points leave the CUDA checks out
            )
    return _cache[key]


def check(function: str, visibility: str = "public") -> float:
    """Run the `visibility` checks of `function` ("topic.name") on this notebook's code; print
    what they say and return the points earned."""
    topic = function.split(".", 1)[0]
    i18n.set_language(i18n.default_language())  # a kernel has no --lang: GRADE_LANG or the locale
    # Whatever the engine writes to stderr is dropped: nbgrader would score the cell 0.
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            report = grade_source(topic, notebook_source(), function, visibility)
        except NotebookError as exc:
            print(f"{function}: {exc}")
            return 0.0
    records = [r for r in report.tests if r.function == function]
    if not records:
        if visibility == "hidden":
            return 0.0  # the student's copy: hidden checks run only when the instructor grades
        print(
            i18n.tr(
                f"{function}: no {visibility} checks found",
                f"{function}：没有找到{'公开' if visibility == 'public' else '隐藏'}检查",
            )
        )
        return 0.0
    print(cell_report(function, records), end="")
    return sum(r.score for r in records)
