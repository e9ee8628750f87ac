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


class _DefaultToRun(click.Group):
    """`grade PATH ...` means `grade run PATH ...`."""

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
    click.echo(f"grade: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _suites_or_die(path: Path | None = None) -> Path:
    suites = find_suites(path)
    if suites is None:
        _die("cannot find the grading suites (a tests/grading folder beside the grader or here)")
    return suites


def main():
    """Console entry point: no bare tracebacks, exit 2 on an internal fault."""
    code = EXIT_OK
    try:
        cli(standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        click.echo("grade: interrupted", err=True)
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        click.echo(f"grade: internal error: {type(exc).__name__}: {exc}", err=True)
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


@click.group(cls=_DefaultToRun, context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Auto-graded PyTorch exercises (深度学习与PyTorch入门实战).

    Run `grade exercises/` to grade your work, `grade exercises/ -t indexing` for one topic.
    """


@cli.command("run")
@click.argument("path", metavar="PATH")
@click.option(
    "-t",
    "--topic",
    "topics",
    multiple=True,
    metavar="TOPIC",
    help="Grade only this topic (repeatable).",
)
@click.option("--json", "json_path", metavar="FILE", help="Write the grade-report/1 JSON here.")
@click.option(
    "--gradescope", "gradescope_path", metavar="FILE", help="Write Gradescope's results.json here."
)
@click.option("--junit", "junit_path", metavar="FILE", help="Write a JUnit XML report here.")
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds each call into your code may take.",
)
@click.option(
    "--memory-mb",
    type=int,
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="Memory cap of the sandbox.",
)
@click.option(
    "--in-process",
    is_flag=True,
    help="Run your code in the grader's own process (debugging only: no isolation, no timeouts).",
)
@click.option(
    "--fail-under", type=float, metavar="SCORE", help="Exit 1 when the score is below SCORE."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help="Language of the report (default: from the locale).",
)
@click.option(
    "--suites",
    type=click.Path(path_type=Path),
    help="The grading suites folder (default: found automatically).",
)
@click.option(
    "--report-dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Write pictures here, e.g. the capstone's training curve (PNG; needs matplotlib).",
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
    from rich.console import Console

    _warm_up_now(in_process, topics or None)
    from grader.report import render

    i18n.set_language(lang or i18n.default_language())
    folder = Path(path)
    if not folder.exists():
        _die(f"no such folder: {path}")
    if not folder.is_dir():
        _die(
            f"not a folder: {path} (give the folder that holds your topic modules, e.g. exercises/)"
        )
    if timeout <= 0:
        _die("--timeout must be positive")
    suites = suites or _suites_or_die(folder)
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(f"unknown topic {', '.join(unknown)}; the topics are: {', '.join(known)}")
    if not submission_modules(folder, topics or known):
        _die(
            f"{path} holds no topic module: expected files named like "
            f"{', '.join(t + '.py' for t in (topics or known)[:4])} …"
        )
    console = Console(stderr=False, highlight=False)
    if report_dir is not None:
        try:
            report_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _die(f"cannot create {report_dir}: {exc.strerror}")
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
                _die(f"cannot write {out}: {exc.strerror}")
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


@cli.command("list")
@click.argument("path", metavar="[PATH]", required=False)
@click.option("--suites", type=click.Path(path_type=Path), help="The grading suites folder.")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Language of the table.")
def list_(path, suites, lang):
    """List the topics, their functions and the points each is worth; given a folder (your
    exercises/), also which of them pass there."""
    from rich.console import Console
    from rich.table import Table

    from grader.points import points as points_of

    i18n.set_language(lang or i18n.default_language())
    suites = suites or _suites_or_die()
    try:
        points = points_of(suites)
    except Exception as exc:  # noqa: BLE001 - grader.runner.GradingError, without importing it
        _die(f"internal error: {exc}")
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
        _die(f"no such folder: {folder}")
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
        _die(f"internal error: {exc}")


@cli.command("status")
@click.argument("path", metavar="[PATH]", required=False)
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Language of the report.")
def status(path, lang):
    """Your progress, topic by topic in course order, and the next exercise to do."""
    from rich.console import Console

    _warm_up_now()
    from grader.status import render_status

    i18n.set_language(lang or i18n.default_language())
    folder = Path(path) if path else _default_exercises()
    if folder is None or not folder.is_dir():
        _die(f"no such folder: {path or 'exercises/'}")
    suites = _suites_or_die(folder)
    known = list(suite_files(suites))
    present = submission_modules(folder, known)
    if not present:
        _die(f"{folder} holds no topic module (e.g. {known[0]}.py)")
    console = Console(highlight=False)
    report = _grade_with_progress(folder, suites, present, console)
    render_status(report, folder, console)


@cli.command("watch")
@click.argument("path", metavar="[PATH]", required=False)
@click.option("-t", "--topic", "topics", multiple=True, metavar="TOPIC", help="Watch only these.")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Language of the report.")
def watch(path, topics, lang):
    """Regrade on every save: the function you changed at once, then the rest of its topic."""
    from rich.console import Console

    from grader.watch import Watcher

    i18n.set_language(lang or i18n.default_language())
    folder = Path(path) if path else _default_exercises()
    if folder is None or not folder.is_dir():
        _die(f"no such folder: {path or 'exercises/'}")
    suites = _suites_or_die(folder)
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(f"unknown topic {', '.join(unknown)}; the topics are: {', '.join(known)}")
    present = submission_modules(folder, list(topics) or known)
    if not present:
        _die(f"{folder} holds no topic module (e.g. {known[0]}.py)")
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


@cli.command("hint")
@click.argument("function", metavar="TOPIC.FUNCTION")
@click.option("--level", type=int, help="Show this hint (1 = the first) instead of the next.")
@click.option("--again", is_flag=True, help="Start this exercise's hints from the first again.")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Language of the hint.")
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


@cli.command("reset")
@click.argument("target", metavar="TOPIC.FUNCTION")
@click.option(
    "--exercises",
    type=click.Path(path_type=Path, file_okay=False),
    help="Your exercises folder (default: ./exercises, else the kit's).",
)
def reset_(target, exercises):
    """Put an exercise's stub back (`grade reset indexing.first_image`; a topic alone resets the
    whole file). What the file held is first copied next to it, never lost."""
    from grader.reset import ResetError, reset

    tr = i18n.tr
    i18n.set_language(i18n.default_language())
    folder = exercises or (
        Path("exercises") if Path("exercises").is_dir() else kit_root() / "exercises"
    )
    try:
        path, backup = reset(folder, target)
    except (ResetError, OSError) as exc:
        _die(str(exc))
    click.echo(
        tr(
            f"Reset {target} in {path}; what it held is in {backup}.",
            f"已将 {path} 中的 {target} 恢复为初始代码；原内容保存在 {backup}。",
        )
    )


@cli.command("stubs")
@click.option(
    "--check",
    is_flag=True,
    help="Only compare; exit 1 when exercises/ differs from what solutions/ gives.",
)
@click.option(
    "--solutions",
    type=click.Path(path_type=Path),
    help="Solution modules (default: the kit's solutions/).",
)
@click.option(
    "--exercises",
    type=click.Path(path_type=Path),
    help="Stub modules (default: the kit's exercises/).",
)
def stubs(check, solutions, exercises):
    """Regenerate the exercise stubs from the solutions."""
    from grader.stubs import StubError, sync

    solutions = solutions or kit_root() / "solutions"
    exercises = exercises or kit_root() / "exercises"
    if not solutions.is_dir():
        _die(f"no such folder: {solutions}")
    try:
        differ = sync(solutions, exercises, check=check)
    except StubError as exc:
        _die(str(exc))
    if check:
        if differ:
            click.echo(f"stubs out of date in {exercises}: {', '.join(differ)} (run `grade stubs`)")
            sys.exit(EXIT_FAIL_UNDER)
        click.echo(f"stubs in {exercises} match {solutions}")
    else:
        click.echo(
            f"wrote {len(differ)} stub(s) to {exercises}" if differ else "stubs already up to date"
        )


@cli.command("release")
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Replace DEST if it is not empty.")
def release(dest, force):
    """Write the student bundle to DEST: the stubs, the public checks, the data, the grader and
    a student README (Chinese and English). No solutions, no hidden checks."""
    from grader.release import ReleaseError, make_bundle

    try:
        bundle = make_bundle(kit_root(), dest, force=force)
    except ReleaseError as exc:
        _die(f"release: {exc}")
    click.echo(
        f"Wrote the student bundle to {bundle.path}: {len(bundle.topics)} topics "
        f"({', '.join(bundle.topics)}), {bundle.public_suites} public suites. Solutions and "
        f"hidden checks are not in it; students run `grade exercises/` there."
    )


@cli.command("nbgrader")
@click.argument("course", type=click.Path(path_type=Path, file_okay=False))
@click.option("--assignment", required=True, metavar="NAME", help="The assignment's name.")
@click.option(
    "-t", "--topic", "topics", multiple=True, metavar="TOPIC", help="Only this topic (repeatable)."
)
def nbgrader_(course, assignment, topics):
    """Write an nbgrader course in COURSE: nbgrader_config.py and one source notebook per topic
    in source/NAME/. Then run `nbgrader generate_assignment NAME` there."""
    from grader.course import CourseError, write_course
    from grader.runner import GradingError

    try:
        written = write_course(kit_root(), course, assignment, topics or None)
    except (CourseError, GradingError) as exc:
        _die(f"nbgrader: {exc}")
    click.echo(
        f"Wrote {written.config} and {len(written.notebooks)} source notebooks in "
        f"{course / 'source' / assignment} ({written.points:g} points). Next, in {course}: "
        f"nbgrader generate_assignment {assignment}"
    )


@cli.command("batch")
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=lambda: max(1, min(4, os.cpu_count() or 1)),
    show_default="CPUs, at most 4",
    help="Students graded at once.",
)
@click.option("--force", is_flag=True, help="Grade again students already graded in --out.")
@click.option(
    "-t", "--topic", "topics", multiple=True, metavar="TOPIC", help="Only this topic (repeatable)."
)
@click.option("--assignment", metavar="NAME", help="nbgrader layout: <student>/NAME/.")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True)
@click.option("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, show_default=True)
def batch(submissions, out, jobs, force, topics, assignment, timeout, memory_mb):
    """Grade every student folder in SUBMISSIONS (or nbgrader's submitted/<student>/<assignment>/)
    and write grades.csv, a JSON report and a Gradescope results.json per student to --out."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from grader.batch import BatchError, run_batch
    from grader.sandbox import jail

    i18n.set_language("en")
    suites = _suites_or_die()
    known = list(suite_files(suites))
    unknown = [t for t in topics if t not in known]
    if unknown:
        _die(f"unknown topic {', '.join(unknown)}; the topics are: {', '.join(known)}")
    if timeout <= 0:
        _die("--timeout must be positive")
    console = Console(highlight=False)
    exposed = jail.isolation().exposed()
    if exposed:  # before the first student: the TA should know what submissions can reach
        console.print(f"Warning: {exposed}.", markup=False, soft_wrap=True)
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
        task = progress.add_task("grading", total=None)

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
            )
        except (BatchError, OSError) as exc:
            _die(f"batch: {exc}")
    _print_batch(console, result, out)


def _print_batch(console, result, out):
    from rich.table import Table

    outcomes = result.outcomes
    if len(outcomes) <= 60:
        table = Table(title=f"Grades ({len(outcomes)} students)", title_justify="left")
        for name in ("student", *result.topics, "total", ""):
            table.add_column(name, justify="left" if name == "student" else "right")
        for o in outcomes:
            note = (
                "[red]" + o.problem + "[/red]"
                if o.problem
                else ("earlier run" if o.skipped else "")
            )
            table.add_row(
                o.student,
                *(f"{o.scores.get(t, 0):g}/{o.maxima.get(t, 0):g}" for t in result.topics),
                f"{o.score:g}/{o.max_score:g}",
                note,
            )
        console.print(table)
    scores = sorted(o.score for o in outcomes)
    console.print(
        f"{len(outcomes)} students ({result.graded} graded now, {len(outcomes) - result.graded} "
        f"from an earlier run) in {result.seconds:.1f} s; mean {sum(scores) / len(scores):.1f}, "
        f"median {scores[len(scores) // 2]:g}."
    )
    for o in outcomes:
        if o.problem:
            console.print(f"[red]{o.student}[/red]: {o.problem}")
    flagged = [o for o in outcomes if o.flags]
    if flagged:
        from grader.report import flag_line

        console.print(
            f"{len(flagged)} students flagged by the source scan "
            f"({sum(o.tampering for o in flagged)} for tampering, scored 0 on that topic):"
        )
        for o in flagged:
            for flag in o.flags:
                console.print(f"  {o.student}: {flag_line(flag)}", markup=False, highlight=False)
    console.print(f"Wrote {out / 'grades.csv'}, {out / 'reports'}/, {out / 'gradescope'}/")
