"""Runs the grading suites on one submission and returns a Report."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
import threading
import time
from pathlib import Path

import pytest
import torch

from grader import dynamo_deferred, i18n
from grader.plugin import TestRecord, source_findings
from grader.report import Report
from grader.sandbox import jail
from grader.sandbox.submission_files import refused_files
from grader.topics import course_order, suite_files, trains

dynamo_deferred.defer()  # the judge's own meta checks need no torch._dynamo either
# pytest's plugins that grading has no use for; unraisableexception alone costs a full garbage
# collection (~0.15 s) at the end of every run
UNUSED_PLUGINS = ("unraisableexception", "threadexception", "logging", "pastebin", "doctest")


class GradingError(Exception):
    """The grading run itself could not happen (bad suites, a pytest usage error)."""


class _Collector:
    """Receives each graded test's record as pytest reports it."""

    def __init__(self, on_test=None, on_start=None, import_dynamo=False):
        self.records: list[TestRecord] = []
        self.on_test, self.on_start = on_test, on_start
        self.total = 0
        self.findings: dict = {}  # topic -> source_scan findings (the plugin's)
        self.import_dynamo = import_dynamo

    def pytest_sessionfinish(self, session):
        self.findings = source_findings(session.config)

    def pytest_runtest_logstart(self, nodeid, location):
        if self.on_start:
            self.on_start(nodeid)

    def pytest_collection_finish(self, session):
        self.total = sum(1 for _ in session.items)
        if self.import_dynamo:
            _import_dynamo_meanwhile()

    def pytest_runtest_logreport(self, report):
        record = getattr(report, "grade_record", None)
        if record is not None:
            self.records.append(record)
            if self.on_test:
                self.on_test(record, len(self.records), self.total)


def grade(
    submission: Path,
    suites: Path,
    *,
    topics=None,
    timeout: float,
    memory_mb: int,
    in_process: bool = False,
    lang: str | None = None,
    on_test=None,
    on_start=None,
    target: str | None = None,
    report_dir: Path | None = None,
    function: str | None = None,
    visibility: str | None = None,
    cuda: bool = True,
) -> Report:
    files = suite_files(suites)
    chosen = list(topics) if topics else list(files)
    paths = [str(f) for t in chosen for f in files[t]]
    root = suites.parent.parent
    args = [
        *paths,
        f"--rootdir={root}",
        "-p",
        "grader.plugin",
        "-p",
        "no:cacheprovider",
        *(f"-pno:{name}" for name in UNUSED_PLUGINS),
        "--assert=plain",
        "--tb=no",  # the report has its own messages; pytest's tracebacks cost ~20 ms a failure
        "-q",
        f"--submission={submission}",
        f"--call-timeout={timeout}",
        f"--memory-mb={memory_mb}",
        f"--lang={lang or i18n.default_language()}",
    ]
    if in_process:
        args.append("--in-process")
    if report_dir is not None:
        args.append(f"--report-dir={report_dir}")
    if function:
        args.append(f"--only-function={function}")
    if visibility:
        args.append(f"--only-visibility={visibility}")
    if not cuda:
        args.append("--no-cuda")
    collector = _Collector(on_test, on_start, import_dynamo=not in_process and trains(chosen))
    started = time.perf_counter()
    captured = io.StringIO()
    threads = torch.get_num_threads()
    # The judge's oracles compute on small tensors too, beside its one-thread sandboxes (see
    # worker._isolate): both on one thread took `grade solutions/` from 10.1 s to 9.1 s.
    torch.set_num_threads(1)
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            code = pytest.main(args, plugins=[collector])
    finally:
        torch.set_num_threads(threads)
    duration = time.perf_counter() - started
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt  # Ctrl-C, which pytest caught: the caller stops (grade watch)
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        stopped = i18n.tr(f"pytest stopped ({code.name}):", f"pytest 中途停止（{code.name}）：")
        raise GradingError(f"{stopped}\n{captured.getvalue()[-3000:]}")
    if not collector.records and code != pytest.ExitCode.NO_TESTS_COLLECTED:
        none_ran = i18n.tr("no grading test ran:", "没有运行任何评分检查：")
        raise GradingError(f"{none_ran}\n{captured.getvalue()[-3000:]}")
    observed = sorted(collector.records, key=lambda r: course_order(r.topic))
    records = _zero_tampered(observed)
    return Report.build(
        target=target or os.path.normpath(str(submission)),
        duration_s=duration,
        environment={
            "torch": torch.__version__.split("+")[0],
            "cuda": torch.cuda.is_available(),
            "isolation": jail.isolation(in_process).to_dict(),
        },
        topics=chosen,
        records=records,
        refused_files=[] if in_process else _refused(submission),
        flags=[
            {"topic": topic, **finding.to_dict()}
            for topic in chosen
            for finding in collector.findings.get(topic, [])
        ]
        + _runtime_flags(observed),
    )


def _import_dynamo_meanwhile() -> None:
    """Import torch._dynamo in a thread of its own. The judge's oracles for the topics that train
    step torch.optim, which imports it (~1 s) at its first step; imported now, it is ready by
    then, having used the time the judge spends waiting for its sandboxes. It starts once the
    test modules are imported (the judge's main thread imports little after that) and after the
    one fork the judge makes itself (jail's probe): a fork while a thread imports could leave the
    child waiting for that import forever."""
    if "torch._dynamo" in sys.modules:
        return
    jail.available_here()

    def load():
        try:
            import torch._dynamo  # noqa: F401
        except Exception:  # noqa: BLE001 - the first optimizer step will say what is wrong
            pass

    threading.Thread(target=load, name="import torch._dynamo", daemon=True).start()


def _zero_tampered(records):
    """A topic with a tampering record scores 0 in all its checks, with that record's reason."""
    first = {}
    for r in records:
        if r.tampering:
            first.setdefault(r.topic, r)
    return [
        r
        if r.topic not in first or r.tampering or r.outcome == "skipped"
        else dataclasses.replace(
            r,
            outcome="failed",
            score=0.0,
            tampering=first[r.topic].tampering,
            message=first[r.topic].message,
        )
        for r in records
    ]


def _runtime_flags(records) -> list[dict]:
    """A flag for each function whose recorder was interfered with (seen at run time, where the
    source scan flagged nothing)."""
    flags, seen = [], set()
    for r in records:
        if r.tampering == "recorder" and r.function not in seen:
            seen.add(r.function)
            flags.append(
                {
                    "topic": r.topic,
                    "file": f"{r.topic}.py",
                    "line": 0,
                    "code": r.function,
                    "severity": "tampering",
                    "reason": "the grader's recorder in its sandbox was interfered with",  # en only: paired with reason_zh
                    "reason_zh": "干扰了沙箱中评分程序的记录器",
                }
            )
    return flags


def _refused(submission: Path) -> list[dict]:
    try:
        return [r.to_dict() for r in refused_files(str(submission))]
    except OSError:
        return []


class _PointsCollector:
    def __init__(self, cuda=True):
        self.points: dict[tuple[str, str], list[float]] = {}
        self.cuda = cuda

    def pytest_collection_finish(self, session):
        from grader.checks.devices import needs_cuda
        from grader.plugin import _INFO

        for item in session.items:
            info = item.stash.get(_INFO, None)
            if info and (self.cuda or not needs_cuda(item)):
                slot = self.points.setdefault((info["topic"], info["function"]), [0.0, 0.0])
                slot[info["visibility"] == "hidden"] += info["max_score"]


def collect_points(suites: Path, cuda=True) -> dict[tuple[str, str], tuple[float, float]]:
    """(topic, function) -> (public points, hidden points), in course order; without `cuda`,
    leaving out the CUDA checks."""
    paths = [str(f) for files in suite_files(suites).values() for f in files]
    collector = _PointsCollector(cuda)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        code = pytest.main(
            [
                *paths,
                f"--rootdir={suites.parent.parent}",
                "-p",
                "grader.plugin",
                "-p",
                "no:cacheprovider",
                "--collect-only",
                "-q",
                "--in-process",
            ],
            plugins=[collector],
        )
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        failed = i18n.tr(
            f"collecting the suites failed ({code!r}):", f"收集评分检查失败（{code!r}）："
        )
        raise GradingError(f"{failed}\n{captured.getvalue()[-3000:]}")
    return {
        k: tuple(v)
        for k, v in sorted(collector.points.items(), key=lambda kv: course_order(kv[0][0]))
    }


def grade_many(
    submissions,
    suites: Path,
    out_dir: Path,
    *,
    topics=None,
    timeout=10.0,
    memory_mb=4096,
    lang="en",
):
    """Grade several submission folders in this one process (the kit's own tests use this to try
    many wrong answers cheaply); writes OUT_DIR/<folder name>.json for each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for submission in submissions:
        report = grade(
            Path(submission), suites, topics=topics, timeout=timeout, memory_mb=memory_mb, lang=lang
        )
        report.write_json(out_dir / f"{Path(submission).name}.json")


if __name__ == "__main__":
    import argparse

    from grader.topics import find_suites

    parser = argparse.ArgumentParser(prog="python -m grader.runner", description=grade_many.__doc__)
    parser.add_argument("submissions", nargs="+")
    parser.add_argument("--json-dir", required=True, type=Path)
    parser.add_argument("--topic", action="append")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    ns = parser.parse_args()
    grade_many(
        ns.submissions,
        find_suites(),
        ns.json_dir,
        topics=ns.topic,
        timeout=ns.timeout,
        lang=ns.lang,
    )
