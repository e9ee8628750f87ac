"""The pytest plugin that makes test suites into grading suites.

A grading test lives under `tests/grading/public` or `tests/grading/hidden`, carries
`@pytest.mark.points(n)` and `@pytest.mark.exercise("topic.function")`, and uses the `student`
fixture to call the submission. The plugin classifies each test's outcome (passed, failed, error,
timeout, not-implemented, skipped), writes a message for the student, and attaches a record to the
test's report for the runner to collect.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from grader import i18n
from grader.checks import feedback
from grader.checks.compare import GradingFailure
from grader.sandbox.client import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    ImportFailure,
    NotImplementedByStudent,
    RecorderInterference,
    SandboxCrash,
    SandboxTimeout,
    Student,
    StudentError,
    TopicSandboxes,
    warm_up,
)

OUTCOMES = ("passed", "failed", "error", "timeout", "not-implemented", "skipped")


@dataclass
class TestRecord:
    __test__ = False  # a record, not a test class for pytest to collect
    id: str
    topic: str
    function: str
    visibility: str
    outcome: str
    score: float
    max_score: float
    message: str
    # Facts the report and the class's statistics need, as fields (never read out of message):
    mistake: str | None = None  # the named mistake the answer matched
    import_failed: bool = False  # the topic's module did not import
    # why the record scored 0 as tampering: "source" (grader.source_scan found the topic
    # reaching into the kit), "recorder" (the sandbox's recorder was interfered with), or ""
    tampering: str = ""

    def to_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    """What a test's outcome was, in words for the student and in fields for the judge."""

    outcome: str
    message: str
    mistake: str | None = None
    import_failed: bool = False
    tampering: str = ""


class SourceTampering(Exception):
    """The topic's source reaches into the kit or the interpreter: its checks do not run."""

    def __init__(self, findings):
        super().__init__(findings)
        self.findings = findings


def pytest_addoption(parser):
    group = parser.getgroup("grade", "grading a submission")
    group.addoption(
        "--submission", default=None, help="folder of topic modules to grade (default: solutions/)"
    )
    group.addoption(
        "--call-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds per call into the submission",
    )
    group.addoption(
        "--memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help="memory cap of a sandbox (MB, data segment)",
    )
    group.addoption(
        "--in-process",
        action="store_true",
        help="run the submission in this process (no isolation)",
    )
    group.addoption("--lang", default=None, choices=("en", "zh"), help="language of the messages")
    group.addoption(
        "--no-cuda",
        action="store_true",
        help="skip the CUDA checks even where CUDA is (notebooks, whose points leave them out)",
    )
    group.addoption(
        "--only-function", default=None, help="grade only this topic.function (notebook cells)"
    )
    group.addoption(
        "--only-visibility", default=None, choices=("public", "hidden"), help="grade only these"
    )
    group.addoption(
        "--report-dir",
        default=None,
        help="folder for what checks draw (training curves as PNG); nothing is drawn without it",
    )


def pytest_configure(config):
    for marker in (  # en only: pytest's own documentation of the markers
        "points(n): points a grading test is worth",  # en only
        "exercise(name): the topic.function a grading test checks",  # en only
        "call_timeout(seconds): per-call time limit for this test",  # en only
    ):
        config.addinivalue_line("markers", marker)
    i18n.set_language(config.getoption("--lang") or i18n.default_language())
    config.stash[_LOSING] = set()
    if not config.getoption("--in-process") and not hasattr(config, "workerinput"):
        warm_up()  # the forkserver imports torch while pytest collects


def start_submission(config, submission) -> None:
    """Make the session grade `submission` next (grader.runner.GradingSession): its path, and
    none of the last submission's state (its source scan, the functions that lost a point)."""
    config.option.submission = os.path.abspath(submission)
    config.stash[_LOSING] = set()
    if SOURCE_FINDINGS in config.stash:
        del config.stash[SOURCE_FINDINGS]


def submission_dir(config) -> str:
    path = config.getoption("--submission")
    return os.path.abspath(path) if path else os.path.join(str(config.rootpath), "solutions")


def visibility_of(path) -> str | None:
    parts = [p.name for p in path.parents]
    if len(parts) >= 2 and parts[1] == "grading" and parts[0] in ("public", "hidden"):
        return parts[0]
    return None


def pytest_collection_modifyitems(config, items):
    problems = []
    for item in items:
        visibility = visibility_of(item.path)
        if visibility is None:
            continue
        points = item.get_closest_marker("points")
        exercise = item.get_closest_marker("exercise")
        if (
            points is None
            or exercise is None
            or "." not in str(exercise.args[0] if exercise.args else "")
        ):
            problems.append(item.nodeid)
            continue
        function = exercise.args[0]
        item.stash[_INFO] = {
            "topic": function.split(".")[0],
            "function": function,
            "visibility": visibility,
            "max_score": float(points.args[0]),
        }
    if problems:
        raise pytest.UsageError(
            "grading tests need @pytest.mark.points(n) and @pytest.mark.exercise('topic.function'): "
            + ", ".join(problems)
        )
    _keep_only(config, items)
    if config.getoption("--no-cuda"):
        from grader.checks.devices import NO_CUDA, needs_cuda

        for item in items:
            if needs_cuda(item):
                item.add_marker(pytest.mark.skip(reason=NO_CUDA))
    _group_by_exercise(items)


def _keep_only(config, items):
    """--only-function / --only-visibility: deselect the other grading tests."""
    function = config.getoption("--only-function")
    visibility = config.getoption("--only-visibility")
    if not function and not visibility:
        return
    kept, dropped = [], []
    for item in items:
        info = item.stash.get(_INFO, None)
        wanted = info is not None and (
            (not function or info["function"] == function)
            and (not visibility or info["visibility"] == visibility)
        )
        (kept if wanted else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_INFO = pytest.StashKey[dict]()
_BOXES = pytest.StashKey[TopicSandboxes]()
_LOSING = pytest.StashKey[set]()  # the exercise functions that have lost a point so far
# topic -> its source_scan findings; also read by the runner for the report's flags
SOURCE_FINDINGS = pytest.StashKey[dict]()


def source_findings(config) -> dict:
    """topic -> what grader.source_scan found in its source (read once, in the judge)."""
    if SOURCE_FINDINGS not in config.stash:
        from grader.source_scan import scan_submission

        if os.environ.get("GRADE_SOURCE_SCAN") == "0":  # the kit's own tests of what it stops
            config.stash[SOURCE_FINDINGS] = {}
        else:
            config.stash[SOURCE_FINDINGS] = scan_submission(Path(submission_dir(config)))
    return config.stash[SOURCE_FINDINGS]


def _group_by_exercise(items):
    """Grading tests of one exercise function run one after another (in the order in which the
    functions first appear), so that each function gets its own fresh sandbox; other tests keep
    their places after them."""
    grading = [i for i in items if _INFO in i.stash]
    first_seen = {}
    for i in grading:
        first_seen.setdefault(i.stash[_INFO]["function"], len(first_seen))
    grading.sort(key=lambda i: first_seen[i.stash[_INFO]["function"]])
    items[:] = grading + [i for i in items if _INFO not in i.stash]
    functions = list(first_seen)  # in the order they are graded
    for i in grading:
        k = first_seen[i.stash[_INFO]["function"]]
        after = functions[k + 1] if k + 1 < len(functions) else None
        i.stash[_INFO]["topic_after"] = after.split(".")[0] if after else None


@pytest.fixture(scope="session")
def _sandboxes(request):
    config = request.config
    boxes = TopicSandboxes(
        submission_dir(config),
        timeout=config.getoption("--call-timeout"),
        memory_mb=config.getoption("--memory-mb"),
        in_process=config.getoption("--in-process"),
    )
    config.stash[_BOXES] = boxes
    yield boxes
    boxes.close()
    del config.stash[_BOXES]


def pytest_runtest_setup(item):
    """Checks format their messages for the test's visibility (grader.checks.feedback): a hidden
    check shows no hidden input or expected value."""
    info = item.stash.get(_INFO, None)
    feedback.set_visibility(info["visibility"] if info else None)
    if info is not None:
        from grader.source_scan import TAMPERING

        found = [
            f
            for f in source_findings(item.config).get(info["topic"], [])
            if f.severity == TAMPERING
        ]
        if found:
            raise SourceTampering(found)


@pytest.fixture
def student(_sandboxes, request):
    """The submission, as a package: `student.indexing.first_image(x)` runs in the sandbox."""
    base = request.config.getoption("--call-timeout")
    marker = request.node.get_closest_marker("call_timeout")
    # A test that declares a larger budget gets it, scaled like the run's own limit.
    _sandboxes.timeout = base * marker.args[0] / DEFAULT_TIMEOUT if marker else base
    return Student(_sandboxes)


@pytest.fixture
def report_dir(request):
    """The folder given with --report-dir (created), or None: where a check may leave pictures."""
    path = request.config.getoption("--report-dir")
    if not path:
        return None
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_runtest_teardown(item, nextitem):
    """Fresh sandboxes for the next exercise function, so that nothing one function's code does
    to its process (a patched builtin, a changed global) costs another a point; they start now,
    while pytest moves on. Where the next function is of the same topic and this one lost no
    point, its process goes on to serve the next instead if it left nothing running
    (TopicSandboxes.carry_on), and a check that then fails is rerun in a fresh process
    (pytest_pyfunc_call)."""
    # From the config, not item.funcargs: a test skipped at setup (a CUDA check without CUDA)
    # never set up its fixtures, and a function's last test is often such a one.
    boxes = item.config.stash.get(_BOXES, None)
    if boxes is None:
        return
    this = item.stash.get(_INFO, {})
    following = nextitem.stash.get(_INFO, {}) if nextitem is not None else {}
    if following.get("function") == this.get("function"):
        return
    topic = following.get("topic")
    if (
        topic is None
        or topic != this.get("topic")
        or this["function"] in item.config.stash[_LOSING]
        or not boxes.carry_on(topic)
    ):
        boxes.reset(topic, then_topic=following.get("topic_after"))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """A check that fails in a process that served an earlier function of its topic (the last
    function lost no point and left nothing running: TopicSandboxes.carry_on) runs again in a
    fresh process, and only that run counts: what an earlier function did to the process costs
    this one nothing. Not rerun: what the recorder saw interfered with (tampering, scored as
    such) and pytest-timeout's backstop (the check's time is spent)."""
    info = pyfuncitem.stash.get(_INFO, None)
    boxes = pyfuncitem.config.stash.get(_BOXES, None)
    if info is None or boxes is None or not boxes.inherited(info["topic"]):
        return None  # pytest's own call
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    try:
        pyfuncitem.obj(**args)
    except RecorderInterference:
        raise
    except (Exception, pytest.fail.Exception) as exc:
        if _is_backstop(exc):
            raise
        boxes.reset(info["topic"])
        pyfuncitem.obj(**args)
    return True


def _is_backstop(exc) -> bool:
    """Whether `exc` (a failed check) is pytest-timeout's, stopping the check on the judge."""
    return str(exc).strip().startswith("Timeout")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    result = yield
    report = result.get_result()
    info = item.stash.get(_INFO, None)
    if info is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        verdict = classify(report, call, info["visibility"])
        if verdict.outcome not in ("passed", "skipped"):
            item.config.stash[_LOSING].add(info["function"])
        score = info["max_score"] if verdict.outcome == "passed" else 0.0
        max_score = 0.0 if verdict.outcome == "skipped" else info["max_score"]
        report.grade_record = TestRecord(
            item.nodeid,
            info["topic"],
            info["function"],
            info["visibility"],
            verdict.outcome,
            score,
            max_score,
            verdict.message,
            mistake=verdict.mistake,
            import_failed=verdict.import_failed,
            tampering=verdict.tampering,
        )


def classify(report, call, visibility) -> Verdict:
    outcome, message = _outcome(report, call, visibility)
    exc = call.excinfo.value if call.excinfo and not report.skipped else None
    return Verdict(
        outcome,
        message,
        mistake=exc.mistake if isinstance(exc, GradingFailure) else None,
        import_failed=isinstance(exc, ImportFailure),
        tampering="source"
        if isinstance(exc, SourceTampering)
        else ("recorder" if isinstance(exc, RecorderInterference) else ""),
    )


def _outcome(report, call, visibility) -> tuple[str, str]:
    tr, quote = i18n.tr, i18n.quote
    if report.skipped:
        from grader.checks.devices import NO_CUDA

        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        return "skipped", tr("no CUDA device", "没有 CUDA 设备") if reason == NO_CUDA else reason
    if report.passed:
        return "passed", ""
    exc = call.excinfo.value if call.excinfo else None
    if isinstance(exc, SourceTampering):
        first = exc.findings[0]
        more = len(exc.findings) - 1
        return "failed", tr(
            f"This topic scores 0: {first.file} line {first.line}: `{first.code}`: {first.reason}"
            + (f" (and {more} more)" if more else "")
            + ". A submission may not reach into the grader or the interpreter's machinery; "
            "your instructor sees this flag.",
            f"本主题记 0 分：{first.file} 第 {first.line} 行 `{first.code}`：{first.reason_zh}"
            + (f"（另有 {more} 处）" if more else "")
            + "。提交的代码不得访问评分程序或解释器的内部机制；老师会看到此标记。",
        )
    if isinstance(exc, RecorderInterference):
        return "failed", tr(
            f"This topic scores 0: during {exc.what}, the grader's recorder in the sandbox did not "
            f"report as an intact one does ({'; '.join(exc.problems)}). A submission may not "
            "interfere with it; your instructor sees this flag.",
            f"本主题记 0 分：在 {exc.what} 期间，沙箱中评分程序的记录器没有正常报告"
            f"（{'；'.join(exc.problems)}）。提交的代码不得干扰它；老师会看到此标记。",
        )
    if isinstance(exc, NotImplementedByStudent):
        return "not-implemented", tr(
            f"Not implemented yet: {exc.what} still raises NotImplementedError.",
            f"尚未实现：{exc.what} 仍然抛出 NotImplementedError。",
        )
    if isinstance(exc, SandboxTimeout):
        return "timeout", tr(
            f"{exc}. A Python loop over every element is too slow here: use tensor operations "
            "(indexing, broadcasting, matmul) instead.",
            f"{exc.what} 在 {exc.seconds:g} 秒内没有完成，已被终止。逐元素的 Python 循环太慢：请改用张量运算（索引、广播、矩阵乘法）。",
        )
    feedback.set_visibility(visibility)
    if isinstance(exc, ImportFailure):
        message = quote(feedback.student_text(exc.message))
        text = tr(
            f"{exc.what} failed: {exc.exc_type}: {message}",
            f"{exc.what} 失败：{exc.exc_type}：{message}",
        )
        return "error", text + indented(exc.traceback_text)
    if isinstance(exc, StudentError):
        # what the submission wrote: its numbers could be a hidden check's inputs
        message = quote(feedback.student_text(exc.message))
        text = tr(
            f"{exc.what} raised {exc.exc_type}: {message}",
            f"{exc.what} 抛出了 {exc.exc_type}：{message}",
        )
        text += indented(exc.traceback_text)
        if exc.output and visibility == "hidden":
            text += "\n" + tr(
                f"It printed {len(exc.output)} characters (not shown for a hidden check).",
                f"它输出了 {len(exc.output)} 个字符（隐藏检查不显示）。",
            )
        elif exc.output:
            text += "\n" + tr("It printed:", "它输出了：") + indented(exc.output)
        return "error", text
    if isinstance(exc, SandboxCrash):
        return "error", feedback.student_text(str(exc))
    if isinstance(exc, AssertionError) or isinstance(exc, pytest.fail.Exception):
        message = str(exc).strip()
        if _is_backstop(exc):
            backstop = quote(message.splitlines()[0])
            return "timeout", tr(
                f"The check ran past its time limit: {backstop}",
                f"这项检查超过了时间限制：{backstop}",
            )
        return "failed", message or tr("A check failed.", "有一项检查未通过。")
    name = type(exc).__name__ if exc else "error"
    detail = str(exc) if visibility == "public" or exc is None else str(exc).splitlines()[0][:300]
    detail = quote(feedback.student_text(detail))
    return "error", tr(
        f"The check could not use the result ({name}: {detail}). Is it of the type the docstring asks for?",
        f"检查无法使用返回值（{name}：{detail}）。返回值的类型是否与文档字符串要求的一致？",
    )


def indented(text: str) -> str:
    """Text the submission wrote or ran into (a traceback, its output) on lines of its own,
    indented: set apart from the kit's sentences, in the terminal and for the language checks."""
    lines = [line for line in (text or "").rstrip().splitlines() if line.strip()]
    return "".join(f"\n    {line}" for line in lines)
