"""`grade watch exercises/`: regrade on every save, with the judge kept warm.

One process holds pytest, torch and the sandboxes' warm parent for the whole session. It polls
the topic modules' modification times (a save by any editor, in place or by rename, changes
them). On a change it grades, first, the function whose source changed (the first one, in file
order), redraws that at once, and then the rest of that topic, redrawing the topic's table, the
first failing function's messages and the next step. Ctrl-C stops it; the sandboxes die with it.
"""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass
from pathlib import Path

from grader import i18n
from grader.sandbox.process import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

POLL_S = 0.05


@dataclass
class Change:
    topic: str
    function: str | None  # "topic.name" of the first definition that changed, if any


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def definitions(source: str) -> dict[str, str]:
    """name -> source text of each top-level def and class, in file order ({} if unparsable)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = ast.get_source_segment(source, node) or ""
    return found


def first_changed(old: str, new: str) -> str | None:
    """The first definition (in the new file's order) whose text differs from the old file's."""
    before, after = definitions(old), definitions(new)
    return next((name for name, text in after.items() if before.get(name) != text), None)


class Watcher:
    """Polls `folder` for saves of the topic modules in `topics` and grades what changed."""

    def __init__(self, folder: Path, suites: Path, topics: list[str], console, *, lang=None):
        self.folder, self.suites, self.topics, self.console = folder, suites, topics, console
        self.lang = lang or i18n.language()
        self.stamps = {t: _stamp(folder / f"{t}.py") for t in topics}
        self.sources = {t: self._read(t) for t in topics}

    def _read(self, topic: str) -> str:
        try:
            return (self.folder / f"{topic}.py").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def poll(self) -> Change | None:
        for topic in self.topics:
            stamp = _stamp(self.folder / f"{topic}.py")
            if stamp != self.stamps[topic]:
                self.stamps[topic] = stamp
                source = self._read(topic)
                name = first_changed(self.sources[topic], source)
                self.sources[topic] = source
                return Change(topic, f"{topic}.{name}" if name else None)
        return None

    def grade(self, topic: str, function: str | None = None):
        from grader.runner import grade

        return grade(
            self.folder,
            self.suites,
            topics=[topic],
            timeout=DEFAULT_TIMEOUT,
            memory_mb=DEFAULT_MEMORY_MB,
            lang=self.lang,
            function=function,
            target=str(self.folder),
        )

    def on_change(self, change: Change) -> None:
        from grader.report import render

        tr = i18n.tr
        started = time.perf_counter()
        first = None
        if change.function:
            first = self.grade(change.topic, change.function)
            if first.tests:  # a function the suites check: its verdict now
                self._clear()
                self._verdict(change.function, first, time.perf_counter() - started)
                self.console.print(
                    tr(
                        f"(grading the rest of {change.topic}…)",
                        f"（正在评分 {change.topic} 的其余部分……）",
                    ),
                    style="dim",
                    markup=False,
                )
        report = self.grade(change.topic)
        self._clear()
        render(report, self.console)
        if change.function and first is not None and first.tests:
            self._verdict(change.function, first, None)
        self._next(report)
        self.console.print(
            tr(
                f"Watching {self.folder} (Ctrl-C to stop): save a file to grade it again.",
                f"正在监视 {self.folder}（Ctrl-C 退出）：保存文件即可重新评分。",
            ),
            style="dim",
            markup=False,
        )

    def _verdict(self, function, report, seconds) -> None:
        tr = i18n.tr
        ran = [r for r in report.tests if r.outcome != "skipped"]
        passed = sum(r.outcome == "passed" for r in ran)
        score, most = sum(r.score for r in ran), sum(r.max_score for r in ran)
        took = tr(f" in {seconds:.2f} s", f"，用时 {seconds:.2f} 秒") if seconds is not None else ""
        style = "bold green" if passed == len(ran) else "bold red"
        self.console.print(
            tr(
                f"{function}: {passed}/{len(ran)} checks pass ({score:g}/{most:g} points){took}",
                f"{function}：{len(ran)} 项检查通过 {passed} 项（{score:g}/{most:g} 分）{took}",
            ),
            style=style,
            markup=False,
            soft_wrap=True,
        )
        failing = next((r for r in ran if r.outcome != "passed"), None)
        if failing is not None and seconds is not None:
            self.console.print("  " + failing.message, markup=False, highlight=False)

    def _next(self, report) -> None:
        from grader.status import exercise_states

        tr = i18n.tr
        states = exercise_states(report).get(report.topics[0]["name"], [])
        upcoming = next((e for e in states if e.state != "passes"), None)
        if upcoming is None:
            self.console.print(
                tr(
                    "This topic is complete: on to the next one.",
                    "本主题已全部通过：继续下一个主题。",
                ),
                style="bold green",
                markup=False,
            )
        else:
            doing = tr("fix", "修改") if upcoming.state == "fails" else tr("write", "完成")
            self.console.print(
                tr(f"Next: {doing} {upcoming.function}.", f"下一步：{doing} {upcoming.function}。"),
                style="bold",
                markup=False,
            )

    def _clear(self) -> None:
        if self.console.is_terminal:
            self.console.clear()

    def run(self) -> None:
        tr = i18n.tr
        self.console.print(
            tr(
                f"Watching {self.folder} (Ctrl-C to stop): save a file to grade it.",
                f"正在监视 {self.folder}（Ctrl-C 退出）：保存文件即可评分。",
            ),
            markup=False,
        )
        while True:
            change = self.poll()
            if change is None:
                time.sleep(POLL_S)
                continue
            try:
                self.on_change(change)
            except Exception as exc:  # noqa: BLE001 - one bad save must not end the session
                said = i18n.quote(str(exc))
                self.console.print(
                    tr(f"grade: could not grade: {said}", f"grade：无法评分：{said}"),
                    markup=False,
                )
