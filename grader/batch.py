"""`grade batch SUBMISSIONS --out DIR`: a whole class.

Each subfolder of SUBMISSIONS is one student: topic modules (`indexing.py`, ...) or, in
nbgrader's `submitted/<student>/<assignment>/` layout, notebooks (`indexing.ipynb`), whose code
cells become the module. Students are graded by judge workers (`-j` of them, each with one warm
parent for all its sandboxes, so torch is imported once per worker, not per student, and one
pytest session, so the suites are collected once per worker: runner.GradingSession), each
student in fresh sandboxes. A worker that dies (a student that got out of its sandbox and killed
it) costs only the students it was grading: they are tried once more on a fresh worker, alone.

Written to DIR: `grades.csv` (student, one column per topic, total, the source scan's flags),
`reports/<student>.json` (grade-report/1), `gradescope/<student>/results.json`, and
`summary.json`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time
import types
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from grader import class_report, similarity
from grader.class_mistakes import write_mistakes_csv
from grader.i18n import quote, tr
from grader.topics import course_order, suite_files

# A student whose grading takes longer than this is stopped (its worker with it).
STUDENT_TIME_LIMIT_S = 1800


class BatchError(RuntimeError):
    """The batch cannot run (no students, a bad folder); the message says why."""


@dataclass
class Student:
    name: str
    folder: Path
    notebooks: bool = False
    report_name: str = ""  # its file name in reports/ and gradescope/ (see report_names)


@dataclass
class Outcome:
    student: str
    scores: dict = field(default_factory=dict)  # topic -> score
    maxima: dict = field(default_factory=dict)  # topic -> max score
    score: float = 0.0
    max_score: float = 0.0
    problem: str = ""  # why the student could not be graded, if so
    skipped: bool = False  # graded by an earlier run
    flags: list = field(default_factory=list)  # the report's source-scan flags

    @property
    def tampering(self) -> bool:
        return any(f["severity"] == "tampering" for f in self.flags)


def report_names(names) -> dict[str, str]:
    """A file name for each student's report: the name itself where it is plain (lower-case
    letters of any script, digits, `_ . @ -`, not starting with `.` or `-`), else its plain form
    and a hash of the name. Distinct for distinct names, also on a file system that ignores case
    ("Alice" and "alice"), and the same on every run whoever else is in the class."""
    out = {}
    for name in names:
        plain = re.sub(r"[^\w.@-]", "_", name)[:80].lower().lstrip(".-") or "student"
        if plain == name:
            out[name] = name
        else:
            digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            out[name] = f"{plain}-{digest}"
    return out


def csv_cell(text: str) -> str:
    """A student's name as grades.csv holds it: a leading = + - @ (or tab, CR) would make a
    spreadsheet read the cell as a formula, so such a name gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def find_students(root: Path, known_topics, assignment: str | None = None) -> list[Student]:
    """The students under `root`: a folder with topic modules, or nbgrader's
    `<student>/<assignment>/` holding modules or notebooks."""
    if not root.is_dir():
        raise BatchError(tr(f"no such folder: {root}", f"没有这个文件夹：{root}"))
    students = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = [folder / assignment] if assignment else [folder, *sorted(folder.iterdir())]
        for candidate in candidates:
            if not candidate.is_dir():
                continue
            if any((candidate / f"{t}.py").is_file() for t in known_topics):
                students.append(Student(folder.name, candidate))
                break
            if any((candidate / f"{t}.ipynb").is_file() for t in known_topics):
                students.append(Student(folder.name, candidate, notebooks=True))
                break
    names = report_names([s.name for s in students])
    for s in students:
        s.report_name = names[s.name]
    if not students:
        notebook = f"alice/{assignment or 'week1'}/indexing.ipynb"
        raise BatchError(
            tr(
                f"{root} holds no student folder with topic modules (e.g. alice/indexing.py) or "
                f"notebooks (e.g. {notebook})",
                f"{root} 中没有学生文件夹：学生文件夹里应有主题模块（例如 alice/indexing.py）"
                f"或 notebook（例如 {notebook}）",
            )
        )
    return students


def notebook_module(path: Path) -> str:
    """A notebook's code cells as one module: the same code a test cell grades."""
    from grader.notebook import notebook_code

    notebook = json.loads(path.read_text(encoding="utf-8"))
    return notebook_code(notebook.get("cells", []))


def topics_of(students, known_topics) -> list[str]:
    present = set()
    for s in students:
        suffix = ".ipynb" if s.notebooks else ".py"
        present |= {t for t in known_topics if (s.folder / f"{t}{suffix}").is_file()}
    return sorted(present, key=course_order)


# -- in a judge worker -----------------------------------------------------------------------
def grade_student(
    student: Student, out: Path, suites: Path, topics, timeout, memory_mb, lang="en"
) -> Outcome:
    """Grade one student (its report in `lang`) and write its report and Gradescope file."""
    from grader.exports import write_gradescope

    name = student.report_name or report_names([student.name])[student.name]
    with tempfile.TemporaryDirectory(prefix="grade-batch-") as scratch:
        folder = student.folder
        if student.notebooks:
            folder = Path(scratch)
            for topic in topics:
                notebook = student.folder / f"{topic}.ipynb"
                if notebook.is_file():
                    (folder / f"{topic}.py").write_text(notebook_module(notebook), encoding="utf-8")
        session = _grading_session(suites, tuple(topics), timeout, memory_mb, lang)
        try:
            report = session.grade(folder, target=student.name)
        except BaseException:
            _forget(session)
            raise
    report.write_json(out / "reports" / f"{name}.json")
    (out / "gradescope" / name).mkdir(parents=True, exist_ok=True)
    write_gradescope(report, out / "gradescope" / name / "results.json")
    return _outcome(student.name, report.to_json())


# (suites, topics, timeout, memory_mb, lang, thread) -> the worker's GradingSession for them
_SESSIONS: dict = {}


def _grading_session(suites, topics, timeout, memory_mb, lang):
    """The judge worker's pytest session for these settings, made at its first student: the
    suites are collected once per worker, not once per student. One a thread: a `dask worker
    --nthreads 4` would otherwise run two students in one session at once."""
    from grader.runner import GradingSession
    from grader.sandbox.process import undo_dasks_malloc_trim

    key = (suites, topics, timeout, memory_mb, lang, threading.get_ident())
    if key not in _SESSIONS:
        undo_dasks_malloc_trim()  # on a `dask worker` of its own
        _SESSIONS[key] = GradingSession(
            suites, topics=topics, timeout=timeout, memory_mb=memory_mb, lang=lang
        )
    return _SESSIONS[key]


def _forget(session) -> None:
    """Close a session whose run raised; the worker's next student gets a new one."""
    for key in [k for k, s in _SESSIONS.items() if s is session]:
        del _SESSIONS[key]
    try:
        session.close()
    except Exception:  # noqa: BLE001 - the run's own error is the one the student's row says
        pass


def _outcome(student: str, report: dict, skipped=False) -> Outcome:
    return Outcome(
        student,
        {t["name"]: t["score"] for t in report["topics"]},
        {t["name"]: t["max_score"] for t in report["topics"]},
        report["score"],
        report["max_score"],
        skipped=skipped,
        flags=list(report.get("flags", [])),
    )


# -- the coordinator -------------------------------------------------------------------------
@dataclass
class BatchResult:
    outcomes: list[Outcome]
    topics: list[str]
    seconds: float
    graded: int


def run_batch(
    submissions: Path,
    out: Path,
    *,
    suites: Path,
    topics=None,
    jobs: int = 1,
    force: bool = False,
    timeout: float,
    memory_mb: int,
    assignment: str | None = None,
    on_student=None,
    grade_one=None,
    lang: str = "en",
    scheduler: str | None = None,
) -> BatchResult:
    """Grade every student, their reports in `lang`; `grade_one` (a module-level function,
    default `grade_student`) lets the kit's tests make a worker die. The problems an Outcome
    tells (in grades.csv's terminal summary and summary.json) are in the run's language."""
    known = list(suite_files(suites))
    students = find_students(submissions, known, assignment)
    topics = list(topics) if topics else topics_of(students, known)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcomes: dict[str, Outcome] = {}
    todo = []
    for s in students:
        previous = out / "reports" / f"{s.report_name}.json"
        if previous.is_file() and not force:
            try:
                outcomes[s.name] = _outcome(s.name, json.loads(previous.read_text()), True)
                if on_student:
                    on_student(outcomes[s.name], len(outcomes), len(students))
                continue
            except (ValueError, KeyError):
                pass  # unreadable: grade again
        todo.append(s)
    work = (grade_one or grade_student, out, suites, topics, timeout, memory_mb, lang)
    if scheduler:
        from grader import cluster

        graded = cluster.grade_all(todo, work, scheduler)
    else:
        graded = _grade_all(todo, work, jobs)
    for outcome in graded:
        outcomes[outcome.student] = outcome
        if on_student:
            on_student(outcome, len(outcomes), len(students))
    ordered = [outcomes[s.name] for s in students]
    write_grades_csv(out / "grades.csv", ordered, topics)
    reports = _reports(out, students)
    tallies = write_mistakes_csv(out / "mistakes.csv", reports.values(), cell=csv_cell)
    pairs = None
    if similarity.available():
        stubs = suites.parent.parent / "exercises"
        at_once = min(jobs, len(topics))  # the graders are done: their CPUs compare the topics
        with judge_workers(at_once) if at_once > 1 else contextlib.nullcontext() as pool:
            pairs = similarity.class_pairs(students, topics, _answer, stubs, pool, at_once)
        write_similarity_csv(out / "similarity.csv", pairs)
    (out / "report.html").write_text(
        class_report.render(ordered, topics, tallies, reports, pairs), encoding="utf-8"
    )
    result = BatchResult(ordered, topics, time.perf_counter() - started, len(todo))
    (out / "summary.json").write_text(json.dumps(_summary(result), indent=1) + "\n")
    return result


def _grade_all(students, work, jobs):
    """Yield an Outcome per student, as they finish. When a worker dies, every student it had
    not finished is a suspect: suspects are then graded one at a time, so that a second death
    can be laid at one student's door (graded 0) and no one else pays for it."""
    tries = {s.name: 0 for s in students}
    queue, suspects = list(students), []
    while queue or suspects:
        alone = bool(suspects)
        batch = [suspects.pop(0)] if alone else list(queue)
        if not alone:
            queue.clear()
        finished, broken = [], []
        for item in _run(batch, 1 if alone else jobs, work):
            if isinstance(item, Outcome):
                finished.append(item.student)
                yield item
            else:
                broken.append(item)
        for s in broken:
            if not alone:
                suspects.append(s)
                continue
            tries[s.name] += 1
            if tries[s.name] >= 2:
                yield stopped_twice(s)
            else:
                suspects.insert(0, s)


def grading_failed(student: Student, exc: Exception) -> Outcome:
    """The Outcome of a student whose grading raised `exc` (the batch goes on)."""
    name, said = type(exc).__name__, quote(str(exc))
    return Outcome(
        student.name, problem=tr(f"grading failed: {name}: {said}", f"评分失败：{name}：{said}")
    )


def stopped_twice(student: Student) -> Outcome:
    return Outcome(
        student.name,
        problem=tr(
            "its grading was stopped twice (the judge's worker died or ran past "
            f"{STUDENT_TIME_LIMIT_S} s): graded 0",
            f"评分两次被中止（评分的工作进程崩溃，或用时超过 {STUDENT_TIME_LIMIT_S} 秒）：记 0 分",
        ),
    )


def judge_workers(jobs: int) -> ProcessPoolExecutor:
    """`jobs` judge worker processes, from the warm parent (torch already imported); as for
    sandboxes, a blank __main__ keeps them from re-running the judge's own script."""
    from grader.sandbox.process import ensure_forkserver, forkserver_context

    ensure_forkserver()
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        executor = ProcessPoolExecutor(jobs, mp_context=forkserver_context())
        # the workers start now, while __main__ is blank
        for future in [executor.submit(os.getpid) for _ in range(jobs)]:
            future.result()
    finally:
        sys.modules["__main__"] = main
    return executor


def _run(batch, jobs, work):
    """Grade `batch` on up to `jobs` fresh workers; yield Outcomes, and the Students whose
    worker died or who ran past the time limit."""
    executor = judge_workers(min(jobs, len(batch)))
    grade_one, *rest = work
    futures = {executor.submit(grade_one, s, *rest): s for s in batch}
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, timeout=STUDENT_TIME_LIMIT_S, return_when=FIRST_COMPLETED)
            if not done:  # nothing finished in the time limit: stop them all
                _kill_workers(executor)
                yield from (futures[f] for f in pending)
                return
            for future in done:
                student = futures[future]
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield student
                except Exception as exc:  # noqa: BLE001 - one student's grading, not the batch
                    yield grading_failed(student, exc)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _kill_workers(executor):
    for process in list(getattr(executor, "_processes", {}).values()):
        try:
            process.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass


def _answer(student: Student, topic: str) -> str | None:
    """The student's module of `topic` (a notebook's code cells as one), None where absent."""
    try:
        if student.notebooks:
            notebook = student.folder / f"{topic}.ipynb"
            return notebook_module(notebook) if notebook.is_file() else None
        return (student.folder / f"{topic}.py").read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return None


def write_similarity_csv(path: Path, pairs) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "topic",
                "student_a",
                "student_b",
                "similarity",
                "similarity_a",
                "similarity_b",
                "excerpt_a",
                "excerpt_b",
            ]
        )
        for p in pairs:
            writer.writerow(
                [
                    p.topic,
                    csv_cell(p.student_a),
                    csv_cell(p.student_b),
                    _num(p.similarity),
                    _num(p.similarity_a),
                    _num(p.similarity_b),
                    csv_cell(p.excerpt_a),
                    csv_cell(p.excerpt_b),
                ]
            )


def _reports(out: Path, students) -> dict[str, dict]:
    """{student: report} for the reports this batch has (none where grading failed)."""
    reports = {}
    for s in students:
        try:
            path = out / "reports" / f"{s.report_name}.json"
            reports[s.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return reports


def write_grades_csv(path: Path, outcomes, topics) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *topics, "total", "flags"])
        for o in outcomes:
            writer.writerow(
                [
                    csv_cell(o.student),
                    *(_num(o.scores.get(t, 0.0)) for t in topics),
                    _num(o.score),
                    csv_cell(flags_cell(o.flags)),
                ]
            )


def flags_cell(flags) -> str:
    """The source scan's flags in one cell: `tampering: dims.py:3 import grader; review: ...`."""
    return "; ".join(f"{f['severity']}: {f['file']}:{f['line']} {f['code']}" for f in flags)


def _num(x: float) -> str:
    return f"{x:g}"


def _summary(result: BatchResult) -> dict:
    scores = sorted(o.score for o in result.outcomes)
    maxima = [o.max_score for o in result.outcomes if o.max_score]
    return {
        "students": len(result.outcomes),
        "graded_now": result.graded,
        "topics": result.topics,
        "max_score": max(maxima) if maxima else 0.0,
        "mean": sum(scores) / len(scores) if scores else 0.0,
        "median": scores[len(scores) // 2] if scores else 0.0,
        "seconds": round(result.seconds, 2),
        "problems": {o.student: o.problem for o in result.outcomes if o.problem},
        # students whose source reaches into the kit (scored 0 there) or is worth a look
        "flagged": {o.student: o.flags for o in result.outcomes if o.flags},
        "environment": {"cpus": os.cpu_count()},
    }
