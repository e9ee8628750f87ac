"""Hints (grader/hints.py, hints/<topic>.toml): every exercise has two or three, in English and
Chinese, and none gives away its answer region's code."""

import re
from pathlib import Path

import pytest

from grader.course import split_module
from grader.hints import MAX_HINTS, MIN_HINTS, hints_dir, load_topic
from grader.topics import suite_files
from tests.kit.conftest import ROOT, run_grade

TOPICS = list(suite_files(ROOT / "tests" / "grading"))
CJK = re.compile(r"[\u4e00-\u9fff]")
# An answer line shorter than this (without spaces; `return out`, `x = x0`) is not telling.
TELLING = 12


def exercises(topic: str) -> list[str]:
    source = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    return [name for kind, _, name in split_module(source, topic) if kind == "solution"]


def answer_lines(topic: str) -> set[str]:
    """Each line of the topic's solution regions, without spaces and a leading `return`."""
    lines, inside = set(), False
    for line in (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text == "### BEGIN SOLUTION":
            inside = True
        elif text == "### END SOLUTION":
            inside = False
        elif inside and text and not text.startswith("#"):
            squeezed = re.sub(r"\s+", "", text.removeprefix("return "))
            if len(squeezed) >= TELLING:
                lines.add(squeezed)
    return lines


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_has_two_or_three_hints_in_both_languages(topic):
    hints = load_topic(topic, hints_dir(ROOT))
    assert sorted(hints) == sorted(exercises(topic)), "hints for exactly the topic's exercises"
    for name, found in hints.items():
        assert MIN_HINTS <= len(found) <= MAX_HINTS, name
        for hint in found:
            assert CJK.search(hint.zh), f"{topic}.{name}: {hint.zh!r} is not Chinese"
            assert not CJK.search(hint.en.replace("维度变换", "")) or "Lesson" in hint.en, (
                f"{topic}.{name}: {hint.en!r} is not English"
            )


@pytest.mark.parametrize("topic", TOPICS)
def test_no_hint_holds_a_line_of_the_answer(topic):
    answers = answer_lines(topic)
    for name, found in load_topic(topic, hints_dir(ROOT)).items():
        for hint in found:
            for text in (hint.en, hint.zh):
                squeezed = re.sub(r"\s+", "", text)
                given = sorted(a for a in answers if a in squeezed)
                assert not given, f"{topic}.{name}: the hint {text!r} holds the answer {given}"


def test_the_leak_check_can_fail(tmp_path):
    topic = "indexing"
    line = next(iter(answer_lines(topic)))
    (tmp_path / f"{topic}.toml").write_text(
        f'[first_image]\nen = ["write {line}", "b"]\nzh = ["写 {line}", "乙"]\n', encoding="utf-8"
    )
    squeezed = re.sub(r"\s+", "", load_topic(topic, tmp_path)["first_image"][0].en)
    assert line in squeezed


def test_hints_ship_in_the_student_bundle():
    from grader.release import COPIED

    assert "hints" in COPIED
    assert Path(ROOT / "hints").is_dir()


def test_grade_hint_gives_the_next_hint_each_time(tmp_path):
    env = {"GRADE_STATE_DIR": str(tmp_path)}
    count = len(load_topic("indexing", hints_dir(ROOT))["every_other_pixel"])
    seen = []
    for number in range(1, count + 2):
        proc = run_grade("hint", "indexing.every_other_pixel", "--lang", "en", env=env)
        assert proc.returncode == 0, proc.stderr
        shown = min(number, count)
        assert f"Hint {shown} of {count} for indexing.every_other_pixel" in proc.stdout
        seen.append(proc.stdout.splitlines()[1])
    assert "(that is the last hint)" in proc.stdout
    assert len(set(seen)) == count  # each hint once, then the last again
    again = run_grade("hint", "indexing.every_other_pixel", "--again", "--lang", "zh", env=env)
    assert "提示 1/" in again.stdout and CJK.search(again.stdout.splitlines()[1])
    level = run_grade("hint", "indexing.every_other_pixel", "--level", "2", env=env)
    assert f"2 of {count}" in level.stdout or f"2/{count}" in level.stdout


@pytest.mark.parametrize(
    "name, says",
    [
        ("indexing.no_such_exercise", "there are no hints for indexing.no_such_exercise"),
        ("indexing", "name an exercise as topic.function"),
    ],
)
def test_grade_hint_for_what_does_not_exist_is_a_one_line_error(tmp_path, name, says):
    proc = run_grade("hint", name, env={"GRADE_STATE_DIR": str(tmp_path)})
    assert proc.returncode == 2 and says in proc.stderr and "Traceback" not in proc.stderr
    bad_level = run_grade(
        "hint", "indexing.first_image", "--level", "9", env={"GRADE_STATE_DIR": str(tmp_path)}
    )
    assert bad_level.returncode == 2 and "hints 1 to" in bad_level.stderr


def test_a_failing_function_says_a_hint_exists(tmp_path):
    proc = run_grade(ROOT / "exercises", "-t", "where_gather", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "grade hint where_gather.relu_where" not in proc.stdout  # not implemented: no hint line
    (tmp_path / "where_gather.py").write_text(
        (ROOT / "solutions" / "where_gather.py").read_text(encoding="utf-8")
        + "\n\ndef relu_where(x):\n    return x\n",
        encoding="utf-8",
    )
    proc = run_grade(tmp_path, "-t", "where_gather", "--lang", "en")
    assert "Stuck? `grade hint where_gather.relu_where`" in proc.stdout
