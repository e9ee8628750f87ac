"""`nbgrader autograde` that scores with the kit's engine, not in the student's kernel.

nbgrader's own autograde runs the submitted notebook in a kernel ("no different than Restart and
run all") and reads each test cell's points from that cell's output, so the student's code, which
runs in the same kernel, decides its own score: it can rebind `check`, rebind `In`, or leave a
test cell without output (which nbgrader counts as full points). `EngineGrade` takes the place of
nbgrader's `Execute` preprocessor: it runs no kernel, grades the notebook's code once with the
kit's sandboxed engine (both visibilities, as `grade` and `grade batch` do) and writes every
test cell's output itself: what the checks said and, as the cell's result, the points the judge
computed (0 where it has none). nbgrader's SaveAutoGrades, late penalties, export and
generate_feedback then see only those.

The course that `grade nbgrader` writes configures it in `nbgrader_config.py`:

    c.Autograde.autograde_preprocessors = [
        "grader.nbgrader_engine.EngineGrade",  # in place of nbgrader.preprocessors.Execute
        "nbgrader.preprocessors.IgnorePattern",  # ... the rest as nbgrader has them
    ]
    c.EngineGrade.suites = "/path/to/kit/tests/grading"

The list is written out by name (`engine_preprocessors()`), so the config imports nothing: a
config file that fails to load is ignored by nbgrader, which would then grade in the kernel.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nbformat.v4 import new_output
from traitlets import Float, Int, Unicode
from traitlets.utils.importstring import import_item

from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from grader import i18n
from grader.notebook import cell_report, notebook_code
from grader.sandbox.client import DEFAULT_MEMORY_MB
from grader.topics import find_suites, suite_files

TEST_CELL_PREFIX = "test_"  # a test cell's grade_id is test_<exercise> (grader.course)


def engine_preprocessors() -> list[str]:
    """The names of nbgrader's autograde preprocessors, EngineGrade in place of Execute."""
    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in default:
        raise RuntimeError(
            "this nbgrader's autograde has no Execute preprocessor to replace: the kit cannot "
            "take over its grading (tested with nbgrader 0.9)"
        )
    return [_public_name(EngineGrade if p is Execute else p) for p in default]


def _public_name(cls) -> str:
    """`nbgrader.preprocessors.SaveAutoGrades` rather than its module's own path, where the
    package exports it (the name nbgrader's docs use)."""
    package = cls.__module__.rsplit(".", 1)[0]
    try:
        if import_item(f"{package}.{cls.__name__}") is cls:
            return f"{package}.{cls.__name__}"
    except (ImportError, AttributeError):
        pass
    return f"{cls.__module__}.{cls.__name__}"


def is_test_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


class EngineGrade(NbGraderPreprocessor):
    """Grades the notebook with the kit's engine and writes each test cell's points."""

    suites = Unicode("", help="the kit's tests/grading (default: the installed kit's)").tag(
        config=True
    )
    call_timeout = Float(60.0, help="seconds a call into the notebook's code may take").tag(
        config=True
    )
    memory_mb = Int(DEFAULT_MEMORY_MB, help="memory cap of a sandbox, MB").tag(config=True)
    lang = Unicode("", help="language of the messages: en or zh (default: the locale's)").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        topic = resources["nbgrader"]["notebook"]  # the source notebook's name: nbgrader's own
        records, problem = self._grade(topic, nb)
        count = 0
        for cell in nb.cells:
            if not is_test_cell(cell):
                continue
            count += 1
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            function = f"{topic}.{grade_id.removeprefix(TEST_CELL_PREFIX)}"
            mine = [r for r in records if r.function == function]
            points = float(cell.metadata["nbgrader"].get("points") or 0)
            score, text = self._cell(function, mine, problem, points)
            cell.outputs = [
                new_output("stream", name="stdout", text=text),
                new_output("execute_result", data={"text/plain": repr(score)}, execution_count=count),
            ]
            cell.execution_count = count
        return nb, resources

    def _grade(self, topic, nb):
        """(the engine's records for this notebook, or [] and why there are none)."""
        from grader.runner import GradingError, grade

        suites = Path(self.suites) if self.suites else find_suites()
        if suites is None or topic not in suite_files(suites):
            return [], f"no grading suites for the notebook {topic!r} in {suites}"
        lang = self.lang or i18n.default_language()
        with tempfile.TemporaryDirectory(prefix="grade-autograde-") as folder:
            (Path(folder) / f"{topic}.py").write_text(notebook_code(nb.cells), encoding="utf-8")
            try:
                report = grade(
                    Path(folder),
                    suites,
                    topics=[topic],
                    timeout=self.call_timeout,
                    memory_mb=self.memory_mb,
                    lang=lang,
                    cuda=False,  # the notebooks' points leave the CUDA checks out
                )
            except GradingError as exc:
                return [], f"the kit's engine could not grade {topic}: {exc}"
        self.log.info("%s: %g / %g from the kit's engine", topic, report.score, report.max_score)
        return report.tests, None

    def _cell(self, function, records, problem, points):
        if problem or not records:
            why = problem or f"the kit has no checks of {function}"
            self.log.warning("%s: 0 points: %s", function, why)
            return 0.0, f"{function}: 0 / {points:g} — {why}\n"
        score = sum(r.score for r in records)
        most = sum(r.max_score for r in records)
        if most != points:
            # The suites changed since the course was written: nbgrader refuses a score above
            # the cell's points, so the judge's fraction is kept.
            self.log.warning(
                "%s: the suites give %g points, the notebook's cell %g: regenerate the course "
                "with `grade nbgrader`; scored as the same fraction",
                function,
                most,
                points,
            )
            score = score / most * points if most else 0.0
        return round(score, 6), cell_report(function, records)
