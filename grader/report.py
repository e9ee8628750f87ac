"""The grading report: `grade-report/1` JSON and the terminal view."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from grader.hints import has_hints
from grader.i18n import tr

SCHEMA = "grade-report/1"
PROBLEMS = ("failed", "error", "timeout")
MESSAGES_PER_FUNCTION = 2


@dataclass
class Report:
    target: str
    score: float
    max_score: float
    duration_s: float
    environment: dict
    topics: list[dict]
    tests: list = field(default_factory=list)  # TestRecord
    # files of the submission that were not graded (links, pipes, oversized): path and reason
    refused_files: list = field(default_factory=list)
    # what the source scan found, for the instructor: topic, file, line, code, severity
    # ("tampering": the topic scored 0; "review": no point lost), reason (grader/source_scan.py)
    flags: list = field(default_factory=list)

    @classmethod
    def build(cls, *, target, duration_s, environment, topics, records, refused_files=(), flags=()):
        per_topic = {t: [0.0, 0.0] for t in topics}
        for r in records:
            totals = per_topic.setdefault(r.topic, [0.0, 0.0])
            totals[0] += r.score
            totals[1] += r.max_score
        return cls(
            target=target,
            score=sum(r.score for r in records),
            max_score=sum(r.max_score for r in records),
            duration_s=round(duration_s, 3),
            environment=environment,
            topics=[{"name": t, "score": s, "max_score": m} for t, (s, m) in per_topic.items()],
            tests=list(records),
            refused_files=list(refused_files),
            flags=list(flags),
        )

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "target": self.target,
            "score": self.score,
            "max_score": self.max_score,
            "duration_s": self.duration_s,
            "environment": self.environment,
            "topics": self.topics,
            "tests": [r.to_dict() for r in self.tests],
            "refused_files": self.refused_files,
            "flags": self.flags,
        }

    def write_json(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)
            f.write("\n")


def outcome_label(outcome: str) -> str:
    """A test's outcome as the student reads it."""
    return {
        "passed": tr("passed", "通过"),
        "failed": tr("failed", "未通过"),
        "error": tr("error", "出错"),
        "timeout": tr("timeout", "超时"),
        "not-implemented": tr("not implemented", "未实现"),
        "skipped": tr("skipped", "跳过"),
    }.get(outcome, outcome)


def topic_status(records) -> str:
    outcomes = {r.outcome for r in records if r.outcome != "skipped"}
    if not outcomes:
        return tr("no checks", "无检查")
    if outcomes == {"passed"}:
        return tr("complete", "全部通过")
    if outcomes == {"not-implemented"}:
        return tr("not started", "未开始")
    if any(r.tampering for r in records):
        return tr("flagged: scored 0", "已标记：记 0 分")
    if any(r.import_failed for r in records):
        return tr("does not import", "无法导入")
    return tr("in progress", "进行中")


def render(report: Report, console) -> None:
    """Print the report: a table of topics, then what failed and why."""
    from rich.padding import Padding
    from rich.table import Table

    by_topic = defaultdict(list)
    for r in report.tests:
        by_topic[r.topic].append(r)

    table = Table(
        title=tr(f"Grading {report.target}", f"评分：{report.target}"), title_justify="left"
    )
    table.add_column(tr("topic", "主题"))
    table.add_column(tr("score", "得分"), justify="right")
    table.add_column(tr("max", "满分"), justify="right")
    table.add_column(tr("status", "状态"))
    for t in report.topics:
        status = topic_status(by_topic[t["name"]])
        style = (
            "green"
            if t["score"] == t["max_score"] and t["max_score"]
            else ("yellow" if t["score"] else "red")
        )
        table.add_row(
            t["name"], _num(t["score"]), _num(t["max_score"]), f"[{style}]{status}[/{style}]"
        )
    table.add_section()
    table.add_row(tr("total", "总分"), _num(report.score), _num(report.max_score), "")
    console.print(table)

    for topic, records in by_topic.items():
        problems = defaultdict(list)
        for r in records:
            if r.outcome in PROBLEMS:
                problems[r.function].append(r)
        missing = list(dict.fromkeys(r.function for r in records if r.outcome == "not-implemented"))
        if not problems and not missing:
            continue
        console.print(f"\n[bold]{topic}[/bold]")
        flagged = next((r for r in records if r.tampering), None)
        if flagged is not None:  # one reason for every check: said once
            console.print(Padding(flagged.message, (0, 0, 0, 2), expand=False), markup=False)
            continue
        if missing:
            console.print(
                Padding(
                    tr("not implemented yet: ", "尚未实现：") + ", ".join(missing),
                    (0, 0, 0, 2),
                    expand=False,
                ),
                markup=False,
            )
        for function, failing in problems.items():
            # the most telling messages first: those that name the mistake
            failing = sorted(failing, key=lambda r: r.mistake is None)
            for r in failing[:MESSAGES_PER_FUNCTION]:
                label = {"failed": "✗", "error": "!", "timeout": "⏱"}[r.outcome]
                name = r.id.split("::")[-1]
                console.print(
                    Padding(
                        f"{label} {function} ({outcome_label(r.outcome)}, {name})",
                        (0, 0, 0, 2),
                        expand=False,
                    ),
                    style="bold",
                    markup=False,
                )
                console.print(
                    Padding(r.message, (0, 0, 0, 6), expand=False), markup=False, highlight=False
                )
            more = len(failing) - MESSAGES_PER_FUNCTION
            if more > 0:
                console.print(
                    Padding(
                        tr(
                            f"... and {more} more failing checks of {function}",
                            f"…… 以及 {function} 的另外 {more} 项未通过检查",
                        ),
                        (0, 0, 0, 6),
                        expand=False,
                    ),
                    markup=False,
                )
            if has_hints(function):
                console.print(
                    Padding(
                        tr(
                            f"Stuck? `grade hint {function}` gives a hint (run it again for the next).",
                            f"卡住了？运行 `grade hint {function}` 看提示（再运行一次看下一条）。",
                        ),
                        (0, 0, 0, 6),
                        expand=False,
                    ),
                    markup=False,
                    style="cyan",
                )

    if report.refused_files:
        console.print("\n" + tr("Files not graded:", "未评分的文件："), style="bold", markup=False)
        for refused in report.refused_files:
            reason = tr(refused["reason"], refused["reason_zh"])
            console.print(Padding(f"{refused['path']}: {reason}", (0, 0, 0, 2)), markup=False)
    if report.flags:
        console.print(
            "\n" + tr("Flagged for the instructor:", "已标记给老师："), style="bold", markup=False
        )
        for flag in report.flags:
            console.print(Padding(flag_line(flag), (0, 0, 0, 2)), markup=False, highlight=False)
    skipped = [r for r in report.tests if r.outcome == "skipped"]
    if skipped:
        reasons = sorted({r.message for r in skipped})
        console.print(
            "\n"
            + tr(
                f"{len(skipped)} check{'s' if len(skipped) != 1 else ''} skipped and left out of the maximum: {'; '.join(reasons)}",
                f"{len(skipped)} 项检查被跳过，不计入满分：{'；'.join(reasons)}",
            ),
            markup=False,
        )
    console.print(
        "\n"
        + tr(
            f"Score: {_num(report.score)} / {_num(report.max_score)}  ({report.duration_s:.1f} s)",
            f"得分：{_num(report.score)} / {_num(report.max_score)}（用时 {report.duration_s:.1f} 秒）",
        ),
        style="bold",
        markup=False,
    )


def flag_line(flag: dict) -> str:
    """One flag of the source scan, as the terminal and the gradebook show it."""
    severity = {
        "tampering": tr("tampering, scored 0", "篡改，记 0 分"),
        "review": tr("for review, no point lost", "待复核，不扣分"),
    }[flag["severity"]]
    where = f"{flag['topic']}: {flag['file']}:{flag['line']} `{flag['code']}`"
    return tr(
        f"{where}: {flag['reason']} ({severity})", f"{where}：{flag['reason_zh']}（{severity}）"
    )


def _num(x: float) -> str:
    return f"{x:g}"
