"""`DIR/report.html` of `grade batch`: the class at a glance, for an instructor's browser.

One self-contained file (inline SVG and CSS, no script, nothing fetched): per topic the score
distribution and the most made named mistakes, the students to look at (flagged by the source
scan, not graded, timed out), and the gradebook. Every text a submission could have written
(a student's folder name, a mistake's message) is escaped.
"""

from __future__ import annotations

from html import escape

from grader.i18n import language, tr

BINS = 10  # score bins of a topic's histogram: [0, 10%), ..., [90%, 100%]
MISTAKES_PER_TOPIC = 5
PAIRS_SHOWN = 100  # the most similar; similarity.csv has them all
# en only: CSS
STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:75em}"  # en only
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"  # en only
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    "section{margin-bottom:2em}"
)


def _num(x: float) -> str:
    return f"{x:g}"


def histogram(scores: list[float], most: float) -> list[int]:
    """How many of `scores` (out of `most`) fall in each tenth; full marks in the last."""
    counts = [0] * BINS
    for score in scores:
        fraction = score / most if most else 0.0
        counts[min(int(fraction * BINS), BINS - 1)] += 1
    return counts


def _svg(counts: list[int], topic: str) -> str:
    width, height, bar = 300, 110, 28
    top = max(counts) or 1
    bars = []
    for i, n in enumerate(counts):
        h = round(80 * n / top)
        x = 5 + i * (bar + 2)
        bars.append(
            f'<rect x="{x}" y="{90 - h}" width="{bar}" height="{h}" fill="#4c78a8">'
            f"<title>{i * 10}–{i * 10 + 10}%: {n}</title></rect>"
            f'<text x="{x + bar / 2}" y="{86 - h}" font-size="9" text-anchor="middle">'
            f"{n or ''}</text>"
        )
    label = escape(tr(f"score distribution of {topic}", f"{topic} 的得分分布"))
    axis = (
        f'<text x="5" y="104" font-size="9">0%</text>'
        f'<text x="{width - 5}" y="104" font-size="9" text-anchor="end">100%</text>'
    )
    return (
        f'<svg role="img" aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(bars)}{axis}</svg>'
    )


def _row(cells, header=False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def _timeouts(report) -> int:
    return sum(1 for t in (report or {}).get("tests", []) if t.get("outcome") == "timeout")


def _similar(pairs) -> str:
    head = _row(
        [tr("topic", "主题"), tr("students", "学生"), tr("similarity", "相似度"), "", ""],
        header=True,
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(p.topic)}</td><td>{escape(p.student_a)}<br>{escape(p.student_b)}</td>"
        f"<td>{p.similarity:.0%}</td>"
        f"<td><pre>{escape(p.excerpt_a)}</pre></td><td><pre>{escape(p.excerpt_b)}</pre></td>"
        "</tr>"
        for p in pairs[:PAIRS_SHOWN]
    )
    if len(pairs) > PAIRS_SHOWN:
        more = len(pairs) - PAIRS_SHOWN
        rows += _row(
            [tr(f"… and {more} more in similarity.csv", f"…… 另有 {more} 对，见 similarity.csv")]
        )
    title = escape(tr("Similar answers", "相似的答案"))
    note = escape(
        tr(
            "Pairs whose answers share most of their code (docstrings and the stub do not "
            "count); the longest shared part of each, side by side. A lead to check, not a verdict.",
            "答案中大部分代码相同的学生对（不计文档字符串和题目模板）；并排显示两人最长的相同部分。"
            "这只是需要核实的线索，不是结论。",
        )
    )
    return (
        f'<section><h2>{title}</h2><p>{note}</p><table id="similar">{head}{rows}</table></section>'
    )


def render(outcomes, topics, tallies, reports, pairs=None) -> str:
    """The page. `reports`: {student: its grade-report/1 dict} (absent where grading failed);
    `pairs`: grader.similarity's similar answers (None: not looked for)."""
    scores = sorted(o.score for o in outcomes)
    most = max((o.max_score for o in outcomes), default=0.0)
    mean = sum(scores) / len(scores) if scores else 0.0
    parts = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if language() == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><title>'
        + escape(tr("Class report", "班级报告"))
        + f"</title><style>{STYLE}</style></head><body>",
        "<h1>" + escape(tr("Class report", "班级报告")) + "</h1>",
        '<p id="summary">'
        + escape(
            tr(
                f"{len(outcomes)} students; mean {mean:.1f} of {_num(most)}",
                f"{len(outcomes)} 名学生；平均分 {mean:.1f}（满分 {_num(most)}）",
            )
        )
        + "</p>",
    ]
    by_topic: dict[str, list] = {}
    for t in tallies:
        by_topic.setdefault(t.topic, []).append(t)
    for topic in topics:
        topic_scores = [o.scores.get(topic, 0.0) for o in outcomes if topic in o.maxima]
        topic_most = max((o.maxima[topic] for o in outcomes if topic in o.maxima), default=0.0)
        made = sorted(
            ((n, t.function, m) for t in by_topic.get(topic, []) for m, n in t.mistakes.items()),
            key=lambda x: (-x[0], x[1], x[2]),
        )[:MISTAKES_PER_TOPIC]
        parts.append(f'<section class="topic" id="topic-{escape(topic)}"><h2>{escape(topic)}</h2>')
        parts.append(_svg(histogram(topic_scores, topic_most), topic))
        if made:
            parts.append(
                "<h3>" + escape(tr("Most made named mistakes", "最常见的错误")) + "</h3>"
                '<table class="mistakes">'
                + _row(
                    [
                        tr("function", "函数"),
                        tr("mistake", "错误"),
                        tr("students", "学生数"),
                    ],
                    header=True,
                )
                + "".join(_row([function, mistake, n]) for n, function, mistake in made)
                + "</table>"
            )
        parts.append("</section>")
    watch = [
        (o, reports.get(o.student))
        for o in outcomes
        if o.flags or o.problem or _timeouts(reports.get(o.student))
    ]
    if watch:
        parts.append(
            "<section><h2>" + escape(tr("Students to look at", "需要关注的学生")) + "</h2>"
            '<table id="watch">'
            + _row(
                [tr("student", "学生"), tr("why", "原因")],
                header=True,
            )
        )
        for o, report in watch:
            why = [f"{f['severity']}: {f['file']}:{f['line']} {f['code']}" for f in o.flags]
            why += [o.problem] if o.problem else []
            if timeouts := _timeouts(report):
                why.append(tr(f"{timeouts} checks timed out", f"{timeouts} 项检查超时"))
            parts.append(_row([o.student, "; ".join(why)]))
        parts.append("</table></section>")
    if pairs:
        parts.append(_similar(pairs))
    parts.append(
        "<section><h2>" + escape(tr("Gradebook", "成绩表")) + "</h2>"
        '<table id="grades">'
        + _row([tr("student", "学生"), *topics, tr("total", "总分")], header=True)
        + "".join(
            _row([o.student, *(_num(o.scores.get(t, 0.0)) for t in topics), _num(o.score)])
            for o in outcomes
        )
        + "</table></section></body></html>\n"
    )
    return "".join(parts)
