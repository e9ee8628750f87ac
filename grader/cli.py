"""The `grade` command.

    grade PATH            grade the topic modules in PATH (exercises/, solutions/, a student's folder)
    grade list            topics, functions and points
    grade status [PATH]   progress in course order and the next exercise (also: `grade` alone)
    grade watch [PATH]    regrade on every save (the function you changed first), Ctrl-C to stop
    grade hint TOPIC.FUNCTION   the next hint for an exercise (two or three, in order)
    grade reset TOPIC.FUNCTION  that exercise's stub back (your version kept in a backup file)
    grade stubs [--check] regenerate exercises/ from solutions/ (or check they agree)
    grade release DEST    the student bundle: stubs, public checks, data, grader, README
    grade nbgrader COURSE --assignment NAME   an nbgrader course: config and source notebooks
    grade batch SUBMISSIONS --out DIR         a whole class: grades.csv and a report per student

Exit status: 0 when grading ran (whatever the score), 1 when --fail-under is not met, 2 on a usage
error or an internal fault.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from grader import i18n
from grader.sandbox.process import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT  # no torch import
from grader.topics import find_suites, kit_root, submission_modules, suite_files, trains

EXIT_OK, EXIT_FAIL_UNDER, EXIT_USAGE = 0, 1, 2


def help_text(en: str, zh: str) -> str:
    """A help text in the language of the locale (or GRADE_LANG): click formats the help before
    a command reads its --lang, so the help's language is the default one, chosen at import."""
    return zh if i18n.default_language() == "zh" else en


LANG_HELP = help_text(
    "Language of the messages (default: from the locale).", "消息的语言（默认：按系统的语言环境）。"
)


class _HelpFormatter(click.HelpFormatter):
    """click's help with click's own words (the headings, "[default: …]") in the help's
    language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog, args, help_text("Usage: ", "用法：") if prefix is None else prefix
        )

    def write_heading(self, heading: str) -> None:
        headings = {
            "Options": help_text("Options:", "选项："),
            "Commands": help_text("Commands:", "命令："),
        }
        self.write(f"{'':>{self.current_indent}}{headings.get(heading, heading + ':')}\n")

    def write_dl(self, rows, *args, **kwargs) -> None:
        words = [
            ("[default: ", help_text("[default: ", "[默认：")),
            ("[required]", help_text("[required]", "[必填]")),
        ]
        translated = []
        for term, text in rows:
            for word, said in words:
                text = text.replace(word, said)
            translated.append((term, text))
        super().write_dl(translated, *args, **kwargs)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _HelpOption:
    """-h/--help described in the help's language."""

    context_class = _Context

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = help_text("Show this message and exit.", "显示本帮助并退出。")
        return option


class _Command(_HelpOption, click.Command):
    pass


class _DefaultToRun(_HelpOption, click.Group):
    """`grade PATH ...` means `grade run PATH ...`."""

    command_class = _Command

    def parse_args(self, ctx, args):
        if not args and _default_exercises() is not None:
            args = ["status"]  # a student bundle: where the student stands
        elif args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _warm_up_now(in_process: bool = False, topics=None) -> None:
    """Start the sandboxes' warm parent before this process imports torch and pytest: the two
    imports then run side by side (about a second of a cold run). `topics`: those to be graded
    (None: all), which tell whether it preloads what training needs."""
    if not in_process:
        from grader.sandbox.process import warm_up

        warm_up(training=trains(topics))


def _default_exercises() -> Path | None:
    """./exercises where it exists, else the kit's (or the bundle's) exercises/."""
    for folder in (Path("exercises"), kit_root() / "exercises"):
        if folder.is_dir():
            return folder
    return None


def _die(message: str) -> None:
    """`message` (in the run's language: the default one until a command sets it) and exit 2."""
    click.echo(i18n.tr(f"grade: {message}", f"grade：{message}"), err=True)
    sys.exit(EXIT_USAGE)


def _suites_or_die(path: Path | None = None) -> Path:
    suites = find_suites(path)
    if suites is None:
        _die(
            i18n.tr(
                "cannot find the grading suites (a tests/grading folder beside the grader or here)",
                "找不到评分测试套件（应在评分程序旁边或当前文件夹中的 tests/grading 文件夹里）",
            )
        )
    return suites


def _no_such_folder(path) -> str:
    return i18n.tr(f"no such folder: {path}", f"没有这个文件夹：{path}")


def _unknown_topics(unknown, known) -> str:
    return i18n.tr(
        f"unknown topic {', '.join(unknown)}; the topics are: {', '.join(known)}",
        f"没有主题 {'、'.join(unknown)}；现有的主题：{'、'.join(known)}",
    )


def _no_topic_module(folder, example: str) -> str:
    return i18n.tr(
        f"{folder} holds no topic module (e.g. {example}.py)",
        f"{folder} 中没有主题模块（例如 {example}.py）",
    )


def _os_error(exc: OSError) -> str:
    """What the system said, quoted, after the file it is about where it names one."""
    said = i18n.quote(exc.strerror or str(exc))
    return i18n.tr(f"{exc.filename}: {said}", f"{exc.filename}：{said}") if exc.filename else said


def _timeout_not_positive() -> str:
    return i18n.tr("--timeout must be positive", "--timeout 必须是正数")


def main():
    """Console entry point: no bare tracebacks, exit 2 on an internal fault."""
    code = EXIT_OK
    i18n.set_language(i18n.default_language())  # until a command's --lang says otherwise
    try:
        returned = cli.main(prog_name="grade", standalone_mode=False)
        code = returned if isinstance(returned, int) else EXIT_OK  # ctx.exit(n), e.g. --help
    except SystemExit as exc:
        code = exc.code
    except click.UsageError as exc:  # click's own words are English: quoted, with ours around
        said = i18n.quote(exc.format_message())
        command = exc.ctx.command_path if exc.ctx else "grade"
        click.echo(
            i18n.tr(
                f"grade: {said}\nTry '{command} -h' for help.",
                f"grade：用法不对：{said}\n运行 '{command} -h' 查看帮助。",
            ),
            err=True,
        )
        code = exc.exit_code
    except click.ClickException as exc:
        said = i18n.quote(exc.format_message())
        click.echo(i18n.tr(f"grade: {said}", f"grade：{said}"), err=True)
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo(i18n.tr("grade: interrupted", "grade：已中断"), err=True)
        code = 130
    except KeyboardInterrupt:
        click.echo(i18n.tr("grade: interrupted", "grade：已中断"), err=True)
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        name, said = type(exc).__name__, i18n.quote(str(exc))
        click.echo(
            i18n.tr(f"grade: internal error: {name}: {said}", f"grade：内部错误：{name}：{said}"),
            err=True,
        )
        code = EXIT_USAGE
    _exit(code)


def _exit(code) -> None:
    """Exit with `code` as sys.exit would, less the interpreter's teardown of every module: with
    torch loaded that takes about half a second, and nothing the command wrote depends on it (the
    files it writes are closed as it writes them; the exit handlers run, the streams are flushed)."""
    if "torch" not in sys.modules:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)  # as sys.exit prints a message
        code = 1
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


@click.group(
    cls=_DefaultToRun,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=help_text(
        "Auto-graded PyTorch exercises (“深度学习与PyTorch入门实战”).\n\n"
        "Run `grade exercises/` to grade your work, `grade exercises/ -t indexing` for one topic.",
        "《深度学习与PyTorch入门实战》的自动评分练习。\n\n"
        "运行 `grade exercises/` 为你的练习评分，`grade exercises/ -t indexing` 只评一个主题。",
    ),
)
def cli():
    """Auto-graded PyTorch exercises (深度学习与PyTorch入门实战).

    Run `grade exercises/` to grade your work, `grade exercises/ -t indexing` for one topic.
    """
    i18n.set_language(i18n.default_language())  # until a command's --lang says otherwise


TIMEOUT_HELP = help_text(
    "Seconds each call into your code may take.", "每次调用你的代码最多可用的秒数。"
)
MEMORY_HELP = help_text("Memory cap of the sandbox.", "沙箱的内存上限。")


@cli.command(
    "run", help=help_text("Grade the topic modules in PATH.", "为 PATH 中的主题模块评分。")
)
@click.argument("path", metavar="PATH")
@click.option(
    "-t",
    "--topic",
    "topics",
    multiple=True,
    metavar="TOPIC",
    help=help_text("Grade only this topic (repeatable).", "只评这个主题（可多次使用）。"),
)
@click.option(
    "--json",
    "json_path",
    metavar="FILE",
    help=help_text(
        "Write the grade-report/1 JSON here.", "把 grade-report/1 格式的 JSON 报告写入 FILE。"
    ),
)
@click.option(
    "--gradescope",
    "gradescope_path",
    metavar="FILE",
    help=help_text(
        "Write Gradescope's results.json here.", "把 Gradescope 的 results.json 写入 FILE。"
    ),
)
@click.option(
    "--junit",
    "junit_path",
    metavar="FILE",
    help=help_text("Write a JUnit XML report here.", "把 JUnit XML 格式的报告写入 FILE。"),
)
@click.option(
    "--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help=TIMEOUT_HELP
)
@click.option(
    "--memory-mb", type=int, default=DEFAULT_MEMORY_MB, show_default=True, help=MEMORY_HELP
)
@click.option(
    "--in-process",
    is_flag=True,
    help=help_text(
        "Run your code in the grader's own process (debugging only: no isolation, no timeouts).",
        "在评分程序自己的进程中运行你的代码（仅用于调试：没有隔离，也没有超时限制）。",
    ),
)
@click.option(
    "--fail-under",
    type=float,
    metavar="SCORE",
    help=help_text("Exit 1 when the score is below SCORE.", "得分低于 SCORE 时以状态 1 退出。"),
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help=help_text(
        "Language of the report (default: from the locale).",
        "报告的语言（默认：按系统的语言环境）。",
    ),
)
@click.option(
    "--suites",
    type=click.Path(path_type=Path),
    help=help_text(
        "The grading suites folder (default: found automatically).",
        "评分测试套件所在的文件夹（默认：自动查找）。",
    ),
)
@click.option(
    "--report-dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help=help_text(
        "Write pictures here, e.g. the capstone's training curve (PNG; needs matplotlib).",
        "把图片写入这个文件夹，例如 MNIST 实战的训练曲线（PNG；需要 matplotlib）。",
    ),
)
def run(
    path,
    topics,
    json_path,
    gradescope_path,
    junit_path,
    timeout,
    memory_mb,
    in_process,
    fail_under,
    lang,
    suites,
    report_dir,
):
    """Grade the topic modules in PATH."""
    i18n.set_language(lang or i18n.default_language())
    from rich.console import Console

    _warm_up_now(in_process, topics or None)
    from grader.report import render

    tr = i18n.tr
    folder = Path(path)
    if not folder.exists():
        _die(_no_such_folder(path))
    if not folder.is_dir():
        _die(
            tr(
                f"not a folder: {path} (give the folder that holds your topic modules, "
                "e.g. exercises/)",
                f"{path} 不是文件夹（请给出存放主题模块的文件夹，例如 exercises/）",
            )
        )
    if timeout <= 0:
        _die(_timeout_not_positive())
    suites = suites or _suites_or_die(folder)
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(_unknown_topics(unknown, known))
    if not submission_modules(folder, topics or known):
        expected = [t + ".py" for t in (topics or known)[:4]]
        _die(
            tr(
                f"{path} holds no topic module: expected files named like {', '.join(expected)} …",
                f"{path} 中没有主题模块：应有 {'、'.join(expected)} …这样命名的文件",
            )
        )
    console = Console(stderr=False, highlight=False)
    if report_dir is not None:
        try:
            report_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            said = i18n.quote(exc.strerror or str(exc))
            _die(tr(f"cannot create {report_dir}: {said}", f"无法创建 {report_dir}：{said}"))
        before = set(report_dir.iterdir())
    report = _grade_with_progress(
        folder,
        suites,
        topics or None,
        console,
        timeout=timeout,
        memory_mb=memory_mb,
        in_process=in_process,
        target=path.rstrip("/") or path,
        report_dir=report_dir,
    )
    render(report, console)
    if report_dir is not None:
        for picture in sorted(set(report_dir.iterdir()) - before):
            console.print(i18n.tr(f"Wrote {picture}", f"已写入 {picture}"))
    from grader.exports import write_gradescope, write_junit

    for out, write in (
        (json_path, report.write_json),
        (gradescope_path, lambda p: write_gradescope(report, p)),
        (junit_path, lambda p: write_junit(report, p)),
    ):
        if out:
            try:
                write(out)
            except OSError as exc:
                said = i18n.quote(exc.strerror or str(exc))
                _die(tr(f"cannot write {out}: {said}", f"无法写入 {out}：{said}"))
    if fail_under is not None and report.score < fail_under:
        sys.exit(EXIT_FAIL_UNDER)


class _progress:
    """A progress bar on a terminal, nothing elsewhere."""

    def __init__(self, console):
        self.console, self.bar = console, None

    def __enter__(self):
        if not self.console.is_terminal:
            return None, None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
        )
        self.bar.start()
        task = self.bar.add_task(i18n.tr("grading", "评分中"), total=None)

        def on_test(record, done, total):
            self.bar.update(task, completed=done, total=total)

        def on_start(nodeid):
            # "tests/grading/hidden/test_mlp_mnist.py::test_fit[...]" -> "mlp_mnist: test_fit"
            file, _, test = nodeid.partition("::")
            topic = file.rsplit("/", 1)[-1].removeprefix("test_").removesuffix(".py")
            self.bar.update(task, description=f"{topic}: {test.split('[')[0]}")

        return on_test, on_start

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


@cli.command(
    "list",
    short_help=help_text("Topics, functions and points.", "主题、函数与分值。"),
    help=help_text(
        "List the topics, their functions and the points each is worth; given a folder (your "
        "exercises/), also which of them pass there.",
        "列出各个主题、其中的函数和每个函数的分值；给出文件夹（你的 exercises/）时，"
        "还会显示其中哪些已经通过。",
    ),
)
@click.argument("path", metavar="[PATH]", required=False)
@click.option(
    "--suites",
    type=click.Path(path_type=Path),
    help=help_text("The grading suites folder.", "评分测试套件所在的文件夹。"),
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help=help_text("Language of the table.", "表格的语言。"),
)
def list_(path, suites, lang):
    """List the topics, their functions and the points each is worth; given a folder (your
    exercises/), also which of them pass there."""
    i18n.set_language(lang or i18n.default_language())
    from rich.console import Console
    from rich.table import Table

    from grader.points import points as points_of

    suites = suites or _suites_or_die()
    try:
        points = points_of(suites)
    except Exception as exc:  # noqa: BLE001 - grader.runner.GradingError, without importing it
        _die(_internal_error(exc))
    console = Console(highlight=False)
    states = _states_in(Path(path), suites, console) if path else {}
    tr = i18n.tr
    table = Table(title=tr("Exercises and points", "练习与分值"), title_justify="left")
    columns = [tr("topic", "主题"), tr("function", "函数")]
    columns += [tr("public", "公开"), tr("hidden", "隐藏"), tr("total", "合计")]
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i < 2 else "right")
    if path:
        table.add_column(tr("in " + path, "在 " + path + " 中"))
    marks = {"passes": "[green]✓[/green]", "fails": "[red]✗[/red]", "not started": "·"}
    last_topic, grand = None, 0.0
    for (topic, function), (public, hidden) in points.items():
        if last_topic is not None and topic != last_topic:
            table.add_section()
        row = [topic if topic != last_topic else "", function.split(".", 1)[1]]
        row += [f"{public:g}", f"{hidden:g}", f"{public + hidden:g}"]
        if path:
            row.append(marks.get(states.get(function, ""), ""))
        table.add_row(*row)
        last_topic, grand = topic, grand + public + hidden
    table.add_section()
    table.add_row(tr("total", "合计"), "", "", "", f"{grand:g}", *([""] if path else []))
    console.print(table)


def _states_in(folder: Path, suites: Path, console) -> dict[str, str]:
    """function -> "passes", "fails" or "not started", graded now in `folder`."""
    from grader.status import exercise_states

    if not folder.is_dir():
        _die(_no_such_folder(folder))
    present = submission_modules(folder, list(suite_files(suites)))
    if not present:
        return {}
    report = _grade_with_progress(folder, suites, present, console)
    return {e.function: e.state for v in exercise_states(report).values() for e in v}


def _grade_with_progress(folder: Path, suites: Path, topics, console, **options):
    """The report of `topics` in `folder`, with the progress bar on a terminal; `options` go to
    grader.runner.grade (default: the default timeout and memory cap)."""
    _warm_up_now(options.get("in_process", False), topics)
    from grader.runner import GradingError, grade

    options = {"timeout": DEFAULT_TIMEOUT, "memory_mb": DEFAULT_MEMORY_MB, **options}
    try:
        with _progress(console) as (on_test, on_start):
            return grade(
                folder,
                suites,
                topics=topics,
                lang=i18n.language(),
                on_test=on_test,
                on_start=on_start,
                **options,
            )
    except GradingError as exc:
        _die(_internal_error(exc))


def _internal_error(exc: Exception) -> str:
    said = i18n.quote(str(exc))
    return i18n.tr(f"internal error: {said}", f"内部错误：{said}")


REPORT_LANG_HELP = help_text("Language of the report.", "报告的语言。")


@cli.command(
    "status",
    short_help=help_text("Your progress and the next exercise.", "你的进度和下一个练习。"),
    help=help_text(
        "Your progress, topic by topic in course order, and the next exercise to do.",
        "按课程顺序逐个主题显示你的进度，以及下一个要做的练习。",
    ),
)
@click.argument("path", metavar="[PATH]", required=False)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=REPORT_LANG_HELP)
def status(path, lang):
    """Your progress, topic by topic in course order, and the next exercise to do."""
    i18n.set_language(lang or i18n.default_language())
    from rich.console import Console

    _warm_up_now()
    from grader.status import render_status

    folder = Path(path) if path else _default_exercises()
    if folder is None or not folder.is_dir():
        _die(_no_such_folder(path or "exercises/"))
    suites = _suites_or_die(folder)
    known = list(suite_files(suites))
    present = submission_modules(folder, known)
    if not present:
        _die(_no_topic_module(folder, known[0]))
    console = Console(highlight=False)
    report = _grade_with_progress(folder, suites, present, console)
    render_status(report, folder, console)


@cli.command(
    "watch",
    short_help=help_text("Regrade on every save.", "每次保存都重新评分。"),
    help=help_text(
        "Regrade on every save: the function you changed at once, then the rest of its topic.",
        "每次保存都重新评分：先立即评你改动的函数，再评它所在主题的其余部分。",
    ),
)
@click.argument("path", metavar="[PATH]", required=False)
@click.option(
    "-t",
    "--topic",
    "topics",
    multiple=True,
    metavar="TOPIC",
    help=help_text("Watch only these.", "只监视这些主题。"),
)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=REPORT_LANG_HELP)
def watch(path, topics, lang):
    """Regrade on every save: the function you changed at once, then the rest of its topic."""
    i18n.set_language(lang or i18n.default_language())
    from rich.console import Console

    from grader.watch import Watcher

    folder = Path(path) if path else _default_exercises()
    if folder is None or not folder.is_dir():
        _die(_no_such_folder(path or "exercises/"))
    suites = _suites_or_die(folder)
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(_unknown_topics(unknown, known))
    present = submission_modules(folder, list(topics) or known)
    if not present:
        _die(_no_topic_module(folder, known[0]))
    _warm_up_now()
    import grader.runner  # noqa: F401 - pytest and the checks now: the first save is as quick as any

    # Ctrl-C stops it even where it was started with SIGINT ignored (a background job, some IDE
    # runners), which Python would otherwise keep.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    try:
        Watcher(folder, suites, present, Console(highlight=False)).run()
    except KeyboardInterrupt:
        click.echo(i18n.tr("stopped watching", "已停止监视"))
        sys.stdout.flush()
        # At once, without multiprocessing's exit handlers (which wait on the sandboxes): the
        # forkserver ends when this process does, and every sandbox dies with the forkserver.
        os._exit(0)


@cli.command(
    "hint",
    short_help=help_text("The next hint for an exercise.", "一个练习的下一条提示。"),
    help=help_text(
        "The next hint for an exercise, e.g. `grade hint indexing.every_other_pixel`: the first "
        "a nudge, the last close to the answer (but not it).",
        "显示一个练习的下一条提示，例如 `grade hint indexing.every_other_pixel`：第一条只点拨"
        "方向，最后一条接近答案（但不是答案）。",
    ),
)
@click.argument("function", metavar="TOPIC.FUNCTION")
@click.option(
    "--level",
    type=int,
    help=help_text(
        "Show this hint (1 = the first) instead of the next.",
        "显示指定的一条提示（1 表示第一条），而不是下一条。",
    ),
)
@click.option(
    "--again",
    is_flag=True,
    help=help_text(
        "Start this exercise's hints from the first again.", "这个练习的提示从第一条重新开始。"
    ),
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help=help_text("Language of the hint.", "提示的语言。"),
)
def hint(function, level, again, lang):
    """The next hint for an exercise, e.g. `grade hint indexing.every_other_pixel`: the first a
    nudge, the last close to the answer (but not it)."""
    from grader.hints import HintError, forget, next_hint

    i18n.set_language(lang or i18n.default_language())
    tr = i18n.tr
    if again:
        forget(function)
    try:
        number, count, found = next_hint(function, level)
    except HintError as exc:
        _die(str(exc))
    click.echo(
        tr(f"Hint {number} of {count} for {function}:", f"{function} 的提示 {number}/{count}：")
    )
    click.echo("  " + tr(found.en, found.zh))
    if number < count:
        click.echo(
            tr(f"(run it again for hint {number + 1})", f"（再运行一次可看提示 {number + 1}）")
        )
    else:
        click.echo(tr("(that is the last hint)", "（这是最后一条提示）"))


@cli.command(
    "reset",
    short_help=help_text(
        "Put an exercise's stub back (your file is kept).",
        "把练习恢复为初始代码（原文件另存一份）。",
    ),
    help=help_text(
        "Put an exercise's stub back (`grade reset indexing.first_image`; a topic alone resets "
        "the whole file). What the file held is first copied next to it, never lost.",
        "把一个练习恢复为初始代码（`grade reset indexing.first_image`；只给主题则恢复整个"
        "文件）。文件原来的内容会先复制一份放在它旁边，不会丢失。",
    ),
)
@click.argument("target", metavar="TOPIC.FUNCTION")
@click.option(
    "--exercises",
    type=click.Path(path_type=Path, file_okay=False),
    help=help_text(
        "Your exercises folder (default: ./exercises, else the kit's).",
        "你的练习文件夹（默认：./exercises，没有则用工具包自带的）。",
    ),
)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=LANG_HELP)
def reset_(target, exercises, lang):
    """Put an exercise's stub back (`grade reset indexing.first_image`; a topic alone resets the
    whole file). What the file held is first copied next to it, never lost."""
    i18n.set_language(lang or i18n.default_language())
    from grader.reset import ResetError, reset

    tr = i18n.tr
    folder = exercises or (
        Path("exercises") if Path("exercises").is_dir() else kit_root() / "exercises"
    )
    try:
        path, backup = reset(folder, target)
    except ResetError as exc:
        _die(str(exc))
    except OSError as exc:
        said = _os_error(exc)
        _die(tr(f"cannot reset {target}: {said}", f"无法恢复 {target}：{said}"))
    click.echo(
        tr(
            f"Reset {target} in {path}; what it held is in {backup}.",
            f"已将 {path} 中的 {target} 恢复为初始代码；原内容保存在 {backup}。",
        )
    )


@cli.command(
    "stubs",
    help=help_text(
        "Regenerate the exercise stubs from the solutions.",
        "根据参考答案重新生成练习的初始代码。",
    ),
)
@click.option(
    "--check",
    is_flag=True,
    help=help_text(
        "Only compare; exit 1 when exercises/ differs from what solutions/ gives.",
        "只比较，不写入；exercises/ 与由 solutions/ 生成的初始代码不一致时以状态 1 退出。",
    ),
)
@click.option(
    "--solutions",
    type=click.Path(path_type=Path),
    help=help_text(
        "Solution modules (default: the kit's solutions/).",
        "参考答案模块所在的文件夹（默认：工具包的 solutions/）。",
    ),
)
@click.option(
    "--exercises",
    type=click.Path(path_type=Path),
    help=help_text(
        "Stub modules (default: the kit's exercises/).",
        "初始代码模块所在的文件夹（默认：工具包的 exercises/）。",
    ),
)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=LANG_HELP)
def stubs(check, solutions, exercises, lang):
    """Regenerate the exercise stubs from the solutions."""
    i18n.set_language(lang or i18n.default_language())
    from grader.stubs import StubError, sync

    tr = i18n.tr
    solutions = solutions or kit_root() / "solutions"
    exercises = exercises or kit_root() / "exercises"
    if not solutions.is_dir():
        _die(_no_such_folder(solutions))
    try:
        differ = sync(solutions, exercises, check=check)
    except StubError as exc:
        _die(str(exc))
    except OSError as exc:
        _die(_os_error(exc))
    if check:
        if differ:
            click.echo(
                tr(
                    f"stubs out of date in {exercises}: {', '.join(differ)} (run `grade stubs`)",
                    f"{exercises} 中的初始代码已过时：{'、'.join(differ)}（请运行 `grade stubs`）",
                )
            )
            sys.exit(EXIT_FAIL_UNDER)
        click.echo(
            tr(
                f"stubs in {exercises} match {solutions}",
                f"{exercises} 中的初始代码与 {solutions} 一致",
            )
        )
    elif differ:
        click.echo(
            tr(
                f"wrote {len(differ)} stub(s) to {exercises}",
                f"已向 {exercises} 写入 {len(differ)} 个初始代码文件",
            )
        )
    else:
        click.echo(tr("stubs already up to date", "初始代码已是最新"))


@cli.command(
    "release",
    short_help=help_text(
        "The student bundle: stubs, public checks, data, grader.",
        "学生用的练习包：初始代码、公开检查、数据、评分程序。",
    ),
    help=help_text(
        "Write the student bundle to DEST: the stubs, the public checks, the data, the grader "
        "and a student README (Chinese and English). No solutions, no hidden checks.",
        "把学生用的练习包写入 DEST：初始代码、公开检查、数据、评分程序和给学生的 README"
        "（中英双语）。不含参考答案和隐藏检查。",
    ),
)
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--force",
    is_flag=True,
    help=help_text("Replace DEST if it is not empty.", "DEST 不为空时替换它。"),
)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=LANG_HELP)
def release(dest, force, lang):
    """Write the student bundle to DEST: the stubs, the public checks, the data, the grader and
    a student README (Chinese and English). No solutions, no hidden checks."""
    i18n.set_language(lang or i18n.default_language())
    from grader.release import ReleaseError, make_bundle

    tr = i18n.tr
    try:
        bundle = make_bundle(kit_root(), dest, force=force)
    except ReleaseError as exc:
        _die(tr(f"release: {exc}", f"release：{exc}"))
    except OSError as exc:
        _die(tr(f"release: {_os_error(exc)}", f"release：{_os_error(exc)}"))
    topics, suites = len(bundle.topics), bundle.public_suites
    click.echo(
        tr(
            f"Wrote the student bundle to {bundle.path}: {topics} topics "
            f"({', '.join(bundle.topics)}), {suites} public suites. Solutions and "
            "hidden checks are not in it; students run `grade exercises/` there.",
            f"已把学生用的练习包写入 {bundle.path}：{topics} 个主题"
            f"（{'、'.join(bundle.topics)}），{suites} 个公开测试套件。其中没有参考答案和"
            "隐藏检查；学生在那里运行 `grade exercises/`。",
        )
    )


ONE_TOPIC_HELP = help_text("Only this topic (repeatable).", "只要这个主题（可多次使用）。")


@cli.command(
    "nbgrader",
    short_help=help_text(
        "An nbgrader course: config and source notebooks.",
        "生成 nbgrader 课程：配置和源 notebook。",
    ),
    help=help_text(
        "Write an nbgrader course in COURSE: nbgrader_config.py and one source notebook per "
        "topic in source/NAME/. Then run `nbgrader generate_assignment NAME` there.",
        "在 COURSE 中生成一个 nbgrader 课程：nbgrader_config.py，以及 source/NAME/ 下每个主题"
        "一个源 notebook。然后在那里运行 `nbgrader generate_assignment NAME`。",
    ),
)
@click.argument("course", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--assignment",
    required=True,
    metavar="NAME",
    help=help_text("The assignment's name.", "作业的名称。"),
)
@click.option("-t", "--topic", "topics", multiple=True, metavar="TOPIC", help=ONE_TOPIC_HELP)
@click.option("--lang", type=click.Choice(["en", "zh"]), help=LANG_HELP)
def nbgrader_(course, assignment, topics, lang):
    """Write an nbgrader course in COURSE: nbgrader_config.py and one source notebook per topic
    in source/NAME/. Then run `nbgrader generate_assignment NAME` there."""
    i18n.set_language(lang or i18n.default_language())
    from grader.course import CourseError, write_course
    from grader.runner import GradingError

    tr = i18n.tr
    try:
        written = write_course(kit_root(), course, assignment, topics or None)
    except (CourseError, GradingError) as exc:
        _die(tr(f"nbgrader: {exc}", f"nbgrader：{exc}"))
    except OSError as exc:
        _die(tr(f"nbgrader: {_os_error(exc)}", f"nbgrader：{_os_error(exc)}"))
    folder, notebooks = course / "source" / assignment, len(written.notebooks)
    click.echo(
        tr(
            f"Wrote {written.config} and {notebooks} source notebooks in {folder} "
            f"({written.points:g} points). Next, in {course}: "
            f"nbgrader generate_assignment {assignment}",
            f"已写入 {written.config}，以及 {folder} 中的 {notebooks} 个源 notebook"
            f"（共 {written.points:g} 分）。下一步，在 {course} 中运行："
            f"nbgrader generate_assignment {assignment}",
        )
    )


@cli.command(
    "batch",
    short_help=help_text(
        "Grade a whole class: grades.csv and a report per student.",
        "为整个班级评分：grades.csv 和每个学生的报告。",
    ),
    help=help_text(
        "Grade every student folder in SUBMISSIONS (or nbgrader's "
        "submitted/<student>/<assignment>/) and write grades.csv, a JSON report and a "
        "Gradescope results.json per student to --out.",
        "为 SUBMISSIONS 中的每个学生文件夹（或 nbgrader 的 submitted/<student>/<assignment>/）"
        "评分，把 grades.csv、每个学生的 JSON 报告和 Gradescope 的 results.json 写入 --out。",
    ),
)
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help=help_text(
        "Where grades.csv, the reports and summary.json go.",
        "grades.csv、各份报告和 summary.json 写入的文件夹。",
    ),
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=lambda: max(1, min(4, os.cpu_count() or 1)),
    show_default=help_text("CPUs, at most 4", "CPU 核数，最多 4"),
    help=help_text("Students graded at once.", "同时评分的学生人数。"),
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help=help_text(
        "Grade on a Dask cluster: the scheduler's address (tcp://host:8786), or local:N for a "
        "local cluster of N workers. Instead of -j.",
        "在 Dask 集群上评分：调度器的地址（tcp://host:8786），或 local:N 表示在本机启动 N 个"
        "工作进程的集群。代替 -j。",
    ),
)
@click.option(
    "--force",
    is_flag=True,
    help=help_text(
        "Grade again students already graded in --out.", "重新评分 --out 中已经评过的学生。"
    ),
)
@click.option("-t", "--topic", "topics", multiple=True, metavar="TOPIC", help=ONE_TOPIC_HELP)
@click.option(
    "--assignment",
    metavar="NAME",
    help=help_text("nbgrader layout: <student>/NAME/.", "nbgrader 的目录结构：<student>/NAME/。"),
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help=help_text(
        "Seconds each call into a submission may take.", "每次调用提交的代码最多可用的秒数。"
    ),
)
@click.option(
    "--memory-mb", type=int, default=DEFAULT_MEMORY_MB, show_default=True, help=MEMORY_HELP
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help=help_text(
        "Language of the messages and of the students' reports (default: from the locale).",
        "消息和学生报告的语言（默认：按系统的语言环境）。",
    ),
)
def batch(submissions, out, jobs, scheduler, force, topics, assignment, timeout, memory_mb, lang):
    """Grade every student folder in SUBMISSIONS (or nbgrader's submitted/<student>/<assignment>/)
    and write grades.csv, a JSON report and a Gradescope results.json per student to --out."""
    i18n.set_language(lang or i18n.default_language())
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from grader.batch import BatchError, run_batch
    from grader.cluster import ClusterError
    from grader.cluster import available as cluster_available
    from grader.sandbox import jail

    tr = i18n.tr
    suites = _suites_or_die()
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(_unknown_topics(unknown, known))
    if timeout <= 0:
        _die(_timeout_not_positive())
    if scheduler and not cluster_available():
        _die(
            tr(
                "--scheduler needs Dask: pip install -e '.[cluster]' in the kit",
                "--scheduler 需要 Dask：请在评分程序目录中运行 pip install -e '.[cluster]'",
            )
        )
    console = Console(highlight=False)
    exposed = jail.isolation().exposed()
    if exposed:  # before the first student: the TA should know what submissions can reach
        console.print(
            tr(f"Warning: {exposed}.", f"警告：{exposed}。"), markup=False, soft_wrap=True
        )
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task(tr("grading", "评分中"), total=None)

        def on_student(outcome, done, total):
            progress.update(task, completed=done, total=total, description=outcome.student)

        try:
            result = run_batch(
                submissions,
                out,
                suites=suites,
                topics=topics or None,
                jobs=jobs,
                force=force,
                timeout=timeout,
                memory_mb=memory_mb,
                assignment=assignment,
                on_student=on_student,
                lang=i18n.language(),
                scheduler=scheduler,
            )
        except (BatchError, ClusterError) as exc:
            _die(tr(f"batch: {exc}", f"batch：{exc}"))
        except OSError as exc:
            _die(tr(f"batch: {_os_error(exc)}", f"batch：{_os_error(exc)}"))
    _print_batch(console, result, out)


def _print_batch(console, result, out):
    from rich.table import Table

    tr = i18n.tr
    outcomes = result.outcomes
    if len(outcomes) <= 60:
        table = Table(
            title=tr(f"Grades ({len(outcomes)} students)", f"成绩（{len(outcomes)} 名学生）"),
            title_justify="left",
        )
        table.add_column(tr("student", "学生"), justify="left")
        for name in (*result.topics, tr("total", "合计"), ""):
            table.add_column(name, justify="right")
        for o in outcomes:
            note = (
                "[red]" + o.problem + "[/red]"
                if o.problem
                else (tr("earlier run", "上次的结果") if o.skipped else "")
            )
            table.add_row(
                o.student,
                *(f"{o.scores.get(t, 0):g}/{o.maxima.get(t, 0):g}" for t in result.topics),
                f"{o.score:g}/{o.max_score:g}",
                note,
            )
        console.print(table)
    scores = sorted(o.score for o in outcomes)
    count, now, earlier = len(outcomes), result.graded, len(outcomes) - result.graded
    mean, median = sum(scores) / len(scores), scores[len(scores) // 2]
    console.print(
        tr(
            f"{count} students ({now} graded now, {earlier} from an earlier run) in "
            f"{result.seconds:.1f} s; mean {mean:.1f}, median {median:g}.",
            f"{count} 名学生（本次评分 {now} 名，{earlier} 名沿用上次的结果），用时 "
            f"{result.seconds:.1f} 秒；平均分 {mean:.1f}，中位数 {median:g}。",
        )
    )
    for o in outcomes:
        if o.problem:
            console.print(
                tr(f"[red]{o.student}[/red]: {o.problem}", f"[red]{o.student}[/red]：{o.problem}")
            )
    flagged = [o for o in outcomes if o.flags]
    if flagged:
        from grader.report import flag_line

        tampering = sum(o.tampering for o in flagged)
        console.print(
            tr(
                f"{len(flagged)} students flagged by the source scan "
                f"({tampering} for tampering, scored 0 on that topic):",
                f"源代码扫描标记了 {len(flagged)} 名学生（其中 {tampering} 名涉嫌篡改，"
                "该主题记 0 分）：",
            )
        )
        for o in flagged:
            for flag in o.flags:
                console.print(f"  {o.student}: {flag_line(flag)}", markup=False, highlight=False)
    files = [str(out / name) for name in ("grades.csv", "mistakes.csv", "report.html")]
    files += [f"{out / 'reports'}/", f"{out / 'gradescope'}/"]
    written, written_zh = ", ".join(files), "、".join(files)
    console.print(tr(f"Wrote {written}", f"已写入 {written_zh}"))
