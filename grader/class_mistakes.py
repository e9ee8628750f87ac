"""What a class got wrong (issue 15): `DIR/mistakes.csv` of `grade batch`.

Read from the students' reports, never from their messages: per exercise function, how many
students lost points on it, and each named mistake (the `mistake` field a check sets when a
wrong answer matches one) with how many students made it. The lesson column is the topic's
lesson in the course (grader.lessons); a named mistake's own text cites the part of it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field

from grader import lessons
from grader.topics import course_order

HEADER = ["topic", "function", "students", "lost_points", "mistake", "made_it", "lesson"]

# The lesson a topic's exercises come from, as grader.lessons names it.
TOPIC_LESSONS = {
    "gradient_descent": "regression",
    "tensor_basics": "dtypes",
    "indexing": "indexing",
    "dims": "dims",
    "broadcast": "broadcast",
    "merge_split": "merge_split",
    "math_stats": "math",
    "where_gather": "where_gather",
    "gradients": "gradients",
    "backprop": "backprop",
    "optimization": "optimization",
    "logistic": "logistic",
    "mlp_mnist": "multiclass",
    "regularization": "regularization",
    "conv": "conv",
    "cnn": "classic_cnns",
    "augmentation": "augmentation",
    "rnn": "rnn",
    "lstm": "lstm",
    "autoencoder": "autoencoder",
    "gan": "gan",
    "transfer": "transfer",
}


@dataclass
class FunctionTally:
    topic: str
    function: str
    students: int = 0  # whose report grades this function
    lost_points: int = 0
    mistakes: dict[str, int] = field(default_factory=dict)  # named mistake: students


def tally(reports) -> list[FunctionTally]:
    """`reports`: one grade-report/1 dict per student. Functions in course order, then in the
    order their tests ran."""
    tallies: dict[str, FunctionTally] = {}
    for report in reports:
        scores: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        made: dict[str, set[str]] = defaultdict(set)
        for test in report.get("tests", []):
            function = test.get("function")
            if not isinstance(function, str) or test.get("outcome") == "skipped":
                continue
            if function not in tallies:
                tallies[function] = FunctionTally(str(test.get("topic", "")), function)
            scores[function][0] += float(test.get("score", 0.0))
            scores[function][1] += float(test.get("max_score", 0.0))
            if isinstance(test.get("mistake"), str) and test["mistake"]:
                made[function].add(test["mistake"])
        for function, (score, most) in scores.items():
            entry = tallies[function]
            entry.students += 1
            entry.lost_points += score < most
            for mistake in made[function]:
                entry.mistakes[mistake] = entry.mistakes.get(mistake, 0) + 1
    order = {name: i for i, name in enumerate(tallies)}
    return sorted(tallies.values(), key=lambda t: (course_order(t.topic), order[t.function]))


def lesson_of(topic: str) -> str:
    key = TOPIC_LESSONS.get(topic)
    return str(lessons.name(key)) if key else ""


def write_mistakes_csv(path, reports, cell=str) -> list[FunctionTally]:
    """One row per function (`mistake` empty), then one per named mistake, most made first.
    `cell` makes a submission's text safe for a spreadsheet (grader.batch.csv_cell)."""
    tallies = tally(reports)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for t in tallies:
            lesson = lesson_of(t.topic)
            writer.writerow([t.topic, t.function, t.students, t.lost_points, "", "", lesson])
            for mistake, students in sorted(t.mistakes.items(), key=lambda kv: (-kv[1], kv[0])):
                writer.writerow(
                    [
                        t.topic,
                        t.function,
                        t.students,
                        t.lost_points,
                        cell(mistake),
                        students,
                        lesson,
                    ]
                )
    return tallies
