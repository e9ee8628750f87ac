"""Runs the grading suites on one submission and returns a Report."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
import threading
import time
import traceback
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
    """Receives each graded test's record as pytest reports it, and the collection's failures."""

    def __init__(self, import_dynamo=False):
        self.records: list[TestRecord] = []
        self.on_test = self.on_start = None
        self.total = 0
        self.collection_errors: list[str] = []
        self.import_dynamo = import_dynamo

    def pytest_runtest_logstart(self, nodeid, location):
        if self.on_start:
            self.on_start(nodeid)

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext}")

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


class GradingSession:
    """One pytest session that grades one submission after another: pytest's configuration, its
    plugins and the collected suites are made once (for the 16 topics, 0.3–0.5 s of CPU warm,
    which `grade batch` paid for every student), and each `grade(submission)` runs the same items
    again with that submission's own sandboxes, source scan and records (grader.plugin
    `start_submission`). pytest's runtest protocol supports running an item again, as
    pytest-rerunfailures does. A judge worker of `grade batch` keeps one for all its students;
    `grade()` makes one for one submission."""

    def __init__(
        self,
        suites: Path,
        *,
        topics=None,
        timeout: float,
        memory_mb: int,
        in_process: bool = False,
        lang: str | None = None,
        report_dir: Path | None = None,
        function: str | None = None,
        visibility: str | None = None,
        cuda: bool = True,
    ):
        from _pytest.config import _prepareconfig
        from _pytest.main import Session

        files = suite_files(suites)
        self.topics = list(topics) if topics else list(files)
        self.in_process = in_process
        self.lang = lang or i18n.default_language()
        paths = [str(f) for t in self.topics for f in files[t]]
        args = [
            *paths,
            f"--rootdir={suites.parent.parent}",
            "-p",
            "grader.plugin",
            "-p",
            "no:cacheprovider",
            *(f"-pno:{name}" for name in UNUSED_PLUGINS),
            "--assert=plain",
            "--tb=no",  # the report has its own messages; pytest's tracebacks cost ~20 ms a failure
            "-q",
            f"--call-timeout={timeout}",
            f"--memory-mb={memory_mb}",
            f"--lang={self.lang}",
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
        self._output = io.StringIO()  # what pytest writes; the tail goes into a GradingError
        self._collector = _Collector(import_dynamo=not in_process and trains(self.topics))
        self.config = self.session = None
        self._started = False  # pytest_sessionstart ran: pytest_sessionfinish is due
        with self._quiet():
            try:
                self.config = _prepareconfig(args, plugins=[self._collector])
                self.session = Session.from_config(self.config)
                self.config._do_configure()
                self.config.hook.pytest_sessionstart(session=self.session)
                self._started = True
                self.config.hook.pytest_collection(session=self.session)
            except pytest.UsageError as exc:
                self.close()
                raise self._stopped("USAGE_ERROR", str(exc)) from None
            except Exception:  # noqa: BLE001 - a suite pytest could not load, said in the error
                self.close()
                raise self._stopped("INTERNAL_ERROR", traceback.format_exc()) from None
        if self._collector.collection_errors:
            errors = "\n".join(self._collector.collection_errors)
            self.close()
            raise self._stopped("INTERRUPTED", errors)

    def grade(self, submission: Path, *, target=None, on_test=None, on_start=None) -> Report:
        """Run every collected check on `submission`; its Report. `on_start(nodeid)` and
        `on_test(record, done, total)` follow the run as it goes."""
        from grader.plugin import start_submission

        if self.session is None:
            raise GradingError(i18n.tr("this grading session is closed", "这个评分会话已经关闭"))
        i18n.set_language(self.lang)
        start_submission(self.config, submission)
        collector = self._collector
        collector.records, collector.on_test, collector.on_start = [], on_test, on_start
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.stats.clear()  # a long session would keep every report of every submission
        self._output.seek(0)
        self._output.truncate()
        started = time.perf_counter()
        threads = torch.get_num_threads()
        # The judge's oracles compute on small tensors too, beside its one-thread sandboxes (see
        # worker._isolate): both on one thread took `grade solutions/` from 10.1 s to 9.1 s.
        torch.set_num_threads(1)
        try:
            with self._quiet():
                self._run_items()
        finally:
            torch.set_num_threads(threads)
        duration = time.perf_counter() - started
        if not collector.records and self.session.items:
            none_ran = i18n.tr("no grading test ran:", "没有运行任何评分检查：")
            raise GradingError(f"{none_ran}\n{self._output.getvalue()[-3000:]}")
        observed = sorted(collector.records, key=lambda r: course_order(r.topic))
        findings = source_findings(self.config)
        return Report.build(
            target=target or os.path.normpath(str(submission)),
            duration_s=duration,
            environment={
                "torch": torch.__version__.split("+")[0],
                "cuda": torch.cuda.is_available(),
                "isolation": jail.isolation(self.in_process).to_dict(),
            },
            topics=self.topics,
            records=_zero_tampered(observed),
            refused_files=[] if self.in_process else _refused(submission),
            flags=[
                {"topic": topic, **finding.to_dict()}
                for topic in self.topics
                for finding in findings.get(topic, [])
            ]
            + _runtime_flags(observed),
        )

    def _run_items(self) -> None:
        """pytest's own run loop (main.pytest_runtestloop), which tears down the last item's
        fixtures, the submission's sandboxes among them; after a Ctrl-C too."""
        items = self.session.items
        setup_state = self.session._setupstate
        try:
            for i, item in enumerate(items):
                nextitem = items[i + 1] if i + 1 < len(items) else None
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        except KeyboardInterrupt:
            raise
        except Exception:  # noqa: BLE001 - pytest's INTERNAL_ERROR: the grading could not happen
            raise self._stopped("INTERNAL_ERROR", traceback.format_exc()) from None
        finally:
            setup_state.teardown_exact(None)

    def close(self) -> None:
        """End the session as pytest ends one (its plugins unconfigured)."""
        config, session, self.session = self.config, self.session, None
        if config is None:
            return
        with self._quiet():
            if self._started:
                config.hook.pytest_sessionfinish(session=session, exitstatus=0)
            config._ensure_unconfigure()
        self.config = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _quiet(self):
        output = contextlib.ExitStack()
        output.enter_context(contextlib.redirect_stdout(self._output))
        output.enter_context(contextlib.redirect_stderr(self._output))
        return output

    def _stopped(self, code: str, detail: str) -> GradingError:
        stopped = i18n.tr(f"pytest stopped ({code}):", f"pytest 中途停止（{code}）：")
        return GradingError(f"{stopped}\n{(self._output.getvalue() + detail)[-3000:]}")


def grade(
    submission: Path,
    suites: Path,
    *,
    target: str | None = None,
    on_test=None,
    on_start=None,
    **settings,
) -> Report:
    """Grade one submission in a session of its own; `settings` are GradingSession's (timeout
    and memory_mb are required)."""
    with GradingSession(suites, **settings) as session:
        return session.grade(submission, target=target, on_test=on_test, on_start=on_start)


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
    """Grade several submission folders in this one process and one GradingSession, as a judge
    worker of `grade batch` does (the kit's own tests use this to try many wrong answers
    cheaply); writes OUT_DIR/<folder name>.json for each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with GradingSession(
        suites, topics=topics, timeout=timeout, memory_mb=memory_mb, lang=lang
    ) as session:
        for submission in submissions:
            report = session.grade(Path(submission))
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
