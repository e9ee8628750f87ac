"""`grade status` (also `grade` alone in a student bundle): where the student stands.

In course order: each topic's score and which of its exercises pass, then the next exercise to
do (the first, in course order, that does not pass yet) with its lesson and where it is.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from grader.hints import has_hints
from grader.i18n import tr


@dataclass
class ExerciseState:
    function: str  # "topic.name"
    state: str  # "passes", "fails", "not started"
    score: float
    max_score: float


def exercise_states(report) -> dict[str, list[ExerciseState]]:
    """topic -> its exercises in the suites' order, each passing, failing or not started."""
    by_function = defaultdict(list)
    for r in report.tests:
        if r.outcome != "skipped":
            by_function[r.function].append(r)
    topics = defaultdict(list)
    for function, records in by_function.items():
        outcomes = {r.outcome for r in records}
        state = (
            "passes"
            if outcomes == {"passed"}
            else "not started"
            if outcomes == {"not-implemented"}
            else "fails"
        )
        topics[records[0].topic].append(
            ExerciseState(
                function,
                state,
                sum(r.score for r in records),
                sum(r.max_score for r in records),
            )
        )
    return topics


def lesson_of(folder: Path, topic: str) -> str:
    """The topic's lesson as its module docstring names it (its first line)."""
    try:
        tree = ast.parse((folder / f"{topic}.py").read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


def line_of(folder: Path, function: str) -> int | None:
    topic, _, name = function.partition(".")
    try:
        lines = (folder / f"{topic}.py").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^(?:def|class)\s+{re.escape(name)}\b")
    found = [i + 1 for i, line in enumerate(lines) if pattern.match(line)]
    return found[-1] if found else None


def render_status(report, folder: Path, console) -> ExerciseState | None:
    """Print the student's progress; returns the next exercise (None when all pass)."""
    from rich.table import Table

    states = exercise_states(report)
    table = Table(
        title=tr(f"Progress in {folder}", f"进度：{folder}"), title_justify="left", show_lines=False
    )
    table.add_column(tr("topic", "主题"))
    table.add_column(tr("score", "得分"), justify="right")
    table.add_column(tr("exercises", "练习"), justify="right")
    table.add_column("")
    marks = {"passes": "[green]✓[/green]", "fails": "[red]✗[/red]", "not started": "·"}
    for t in report.topics:
        mine = states.get(t["name"], [])
        done = sum(e.state == "passes" for e in mine)
        table.add_row(
            t["name"],
            f"{t['score']:g}/{t['max_score']:g}",
            f"{done}/{len(mine)}",
            " ".join(marks[e.state] for e in mine),
        )
    console.print(table)
    upcoming = next(
        (e for t in report.topics for e in states.get(t["name"], []) if e.state != "passes"), None
    )
    total = sum(len(v) for v in states.values())
    passing = sum(e.state == "passes" for v in states.values() for e in v)
    console.print(
        tr(f"{passing} of {total} exercises pass.", f"{total} 个练习中已通过 {passing} 个。"),
        markup=False,
        soft_wrap=True,
    )
    if upcoming is None:
        console.print(
            tr("Every exercise passes. Well done!", "全部练习都已通过！"), style="bold green"
        )
        return None
    topic = upcoming.function.split(".")[0]
    line = line_of(folder, upcoming.function)
    where = f"{folder / f'{topic}.py'}" + (f":{line}" if line else "")
    lesson = lesson_of(folder, topic)
    doing = tr("fix", "修改") if upcoming.state == "fails" else tr("write", "完成")
    console.print(
        tr(
            f"Next: {doing} {upcoming.function} ({where})",
            f"下一步：{doing} {upcoming.function}（{where}）",
        ),
        style="bold",
        markup=False,
        soft_wrap=True,
    )
    if lesson:
        console.print(
            tr(f"  Lesson: {lesson}", f"  对应课程：{lesson}"), markup=False, soft_wrap=True
        )
    command = f"grade {folder} -t {topic}"
    console.print(
        tr(f"  Check it with `{command}`.", f"  用 `{command}` 检查。"),
        markup=False,
        soft_wrap=True,
    )
    if has_hints(upcoming.function):
        console.print(
            tr(
                f"  Stuck? `grade hint {upcoming.function}`.",
                f"  卡住了？运行 `grade hint {upcoming.function}`。",
            ),
            markup=False,
            soft_wrap=True,
        )
    return upcoming
