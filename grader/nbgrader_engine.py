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

import hashlib
import json
import os
import tempfile
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Float, Int, Unicode
from traitlets.utils.importstring import import_item

from grader import i18n
from grader.notebook import cell_report, notebook_code
from grader.report import flag_line
from grader.sandbox.client import DEFAULT_MEMORY_MB
from grader.topics import find_suites, suite_files

TEST_CELL_PREFIX = "test_"  # a test cell's grade_id is test_<exercise> (grader.course)

# (suites, topic, sha256 of the module code) -> (records, flags, problem): what the engine found
# for exactly that code, kept for the run of `nbgrader autograde` (one process for every student)
_graded: dict[tuple, tuple] = {}


def _in_workers(topics, codes, args, jobs) -> dict:
    """topic -> grade_topic's result, for those whose worker did not die."""
    from concurrent.futures.process import BrokenProcessPool

    from grader.batch import judge_workers

    executor = judge_workers(jobs)
    results = {}
    try:
        futures = {t: executor.submit(grade_topic, t, codes[t], *args) for t in topics}
        for topic, future in futures.items():
            try:
                results[topic] = future.result()
            except BrokenProcessPool:
                continue
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return results


def _key(suites, topic, code) -> tuple:
    return (str(suites), topic, hashlib.sha256(code.encode("utf-8")).hexdigest())


def grade_topic(topic, code, suites, timeout, memory_mb, lang) -> tuple:
    """Grade one notebook's code (alone in a folder) with the engine, in its sandboxes: (records,
    flags, None), or ([], [], why) when the engine could not. Also run in judge workers."""
    from grader.runner import GradingError, grade

    with tempfile.TemporaryDirectory(prefix="grade-autograde-") as folder:
        (Path(folder) / f"{topic}.py").write_text(code, encoding="utf-8")
        try:
            report = grade(
                Path(folder),
                Path(suites),
                topics=[topic],
                timeout=timeout,
                memory_mb=memory_mb,
                lang=lang,
                cuda=False,  # the notebooks' points leave the CUDA checks out
            )
        except GradingError as exc:
            return (
                [],
                [],
                i18n.tr(
                    f"the kit's engine could not grade {topic}: {exc}",
                    f"评分程序无法评 {topic}：{exc}",
                ),
            )
    return report.tests, report.flags, None


def engine_preprocessors() -> list[str]:
    """The names of nbgrader's autograde preprocessors, EngineGrade in place of Execute."""
    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in default:
        raise RuntimeError(  # en only: for the instructor, in nbgrader's own (English) log
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
    jobs = Int(
        min(2, os.cpu_count() or 1),
        help="judge workers that grade a submission's notebooks side by side",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        topic = resources["nbgrader"]["notebook"]  # the source notebook's name: nbgrader's own
        student = resources["nbgrader"].get("student", "?")
        records, problem = self._grade(topic, nb, student, resources["nbgrader"]["assignment"])
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
                new_output(
                    "execute_result", data={"text/plain": repr(score)}, execution_count=count
                ),
            ]
            cell.execution_count = count
        return nb, resources

    def _grade(self, topic, nb, student, assignment):
        """(the engine's records for this notebook, or [] and why there are none)."""
        suites = Path(self.suites) if self.suites else find_suites()
        if suites is None or topic not in suite_files(suites):
            return [], i18n.tr(
                f"no grading suites for the notebook {topic!r} in {suites}",
                f"{suites} 中没有笔记本 {topic!r} 的评分检查",
            )
        code = notebook_code(nb.cells)
        key = _key(suites, topic, code)
        if key not in _graded:
            # The first notebook of a submission: grade all of it at once, on `jobs` workers.
            # The others reuse their result where their code, once nbgrader has restored the
            # locked cells, is what was graded; else they are graded alone.
            codes = self._submission_codes(suites, student, assignment)
            codes[topic] = code
            self._grade_codes(suites, codes)
        if key not in _graded:
            self._grade_codes(suites, {topic: code}, jobs=1)
        records, flags, problem = _graded[key]
        if problem:
            return [], problem
        score = sum(r.score for r in records)
        self.log.info(  # en only: the instructor's log, as nbgrader's own
            "%s: %g / %g from the kit's engine", topic, score, sum(r.max_score for r in records)
        )
        for flag in flags:  # the instructor's: the source scan's findings
            self.log.warning("%s: flagged: %s", student, flag_line(flag))
        return records, None

    def _submission_codes(self, suites, student, assignment) -> dict[str, str]:
        """topic -> module code of each notebook the student submitted for the assignment."""
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)
        folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
        known = suite_files(suites)
        codes = {}
        for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
            if path.stem in known:
                try:
                    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
                    codes[path.stem] = notebook_code(cells)
                except (OSError, ValueError, AttributeError):
                    continue  # nbgrader reports an unreadable notebook itself
        return codes

    def _grade_codes(self, suites, codes: dict[str, str], jobs: int | None = None) -> None:
        """Grade each topic's code (each alone in a folder, as its notebook) into _graded."""
        todo = {t: c for t, c in codes.items() if _key(suites, t, c) not in _graded}
        if not todo:
            return
        jobs = min(jobs or self.jobs or 1, len(todo))
        # the longest suites first, so that the workers finish together
        order = sorted(todo, key=lambda t: -sum(f.stat().st_size for f in suite_files(suites)[t]))
        args = (
            str(suites),
            self.call_timeout,
            self.memory_mb,
            self.lang or i18n.default_language(),
        )
        # Grading runs in judge workers, never in nbgrader's own process: a submission that
        # got out of its sandbox and killed its worker costs only its own notebooks. As in
        # `grade batch`, what a death interrupted is tried again alone, and a second death is 0.
        results = _in_workers(order, todo, args, jobs) if jobs > 1 else {}
        for topic in order:
            for _ in range(2):
                if topic not in results:
                    results.update(_in_workers([topic], todo, args, 1))
            if topic not in results:
                why = i18n.tr(
                    "grading this notebook stopped the judge's worker twice: 0 points",
                    "评分这个笔记本时评分进程两次中断：记 0 分",
                )
                results[topic] = ([], [], why)
        for topic, result in results.items():
            _graded[_key(suites, topic, todo[topic])] = result

    def _cell(self, function, records, problem, points):
        if problem or not records:
            why = problem or i18n.tr(
                f"the kit has no checks of {function}", f"评分程序没有 {function} 的检查"
            )
            self.log.warning("%s: 0 points: %s", function, why)
            return 0.0, f"{function}: 0 / {points:g} — {why}\n"
        score = sum(r.score for r in records)
        most = sum(r.max_score for r in records)
        if most != points:
            # The suites changed since the course was written: nbgrader refuses a score above
            # the cell's points, so the judge's fraction is kept.
            self.log.warning(  # en only: the instructor's log
                "%s: the suites give %g points, the notebook's cell %g: regenerate the course "
                "with `grade nbgrader`; scored as the same fraction",
                function,
                most,
                points,
            )
            score = score / most * points if most else 0.0
        return round(score, 6), cell_report(function, records)
