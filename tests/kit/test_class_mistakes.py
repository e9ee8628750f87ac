"""mistakes.csv: what a class got wrong, counted from the reports' typed fields."""

import csv
import shutil

import pytest

from grader import i18n
from grader.class_mistakes import tally, write_mistakes_csv
from tests.kit.conftest import ROOT, run_grade


def _test(function, score, most, mistake=None, outcome=None):
    return {
        "topic": function.split(".")[0],
        "function": function,
        "score": score,
        "max_score": most,
        "outcome": outcome or ("passed" if score == most else "failed"),
        "mistake": mistake,
    }


def test_a_student_counts_once_per_mistake_and_function():
    swapped = "transpose swaps c and w only"
    reports = [
        {
            "tests": [
                _test("dims.tile", 2, 2),
                _test("dims.to_channels_last", 0, 2, swapped),
                _test("dims.to_channels_last", 0, 3, swapped),
            ]
        },
        {"tests": [_test("dims.tile", 0, 2), _test("dims.to_channels_last", 0, 2, swapped)]},
        {
            "tests": [
                _test("dims.tile", 2, 2),
                _test("dims.to_channels_last", 2, 2),
                _test("dims.to_channels_last", 0, 0, outcome="skipped"),
            ]
        },
    ]
    by_function = {t.function: t for t in tally(reports)}
    assert list(by_function) == ["dims.tile", "dims.to_channels_last"]  # the order they ran in
    tile, channels = by_function["dims.tile"], by_function["dims.to_channels_last"]
    assert (tile.students, tile.lost_points, tile.mistakes) == (3, 1, {})
    assert (channels.students, channels.lost_points, channels.mistakes) == (3, 2, {swapped: 2})


def test_the_csv_lists_each_mistake_under_its_function_with_the_lesson(tmp_path):
    reports = [{"tests": [_test("dims.tile", 0, 2, "=cmd|' /C calc'!A0")]}]
    i18n.set_language("zh")
    try:
        write_mistakes_csv(tmp_path / "m.csv", reports, cell=lambda text: "'" + text)
    finally:
        i18n.set_language("en")
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["mistake"] for r in rows] == ["", "'=cmd|' /C calc'!A0"]  # made safe by `cell`
    assert rows[1]["made_it"] == "1" and rows[0]["lost_points"] == "1"
    assert rows[0]["lesson"] == "第20–23课「维度变换」"


@pytest.mark.slow
def test_a_batch_writes_what_the_class_got_wrong(tmp_path):
    root = tmp_path / "class"
    for name in ("ann", "ben", "cat"):
        (root / name).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "dims.py", root / name)
    swapped = "\n\ndef to_channels_last(x):\n    return x.transpose(1, 3)\n"
    for name in ("ann", "ben"):
        with open(root / name / "dims.py", "a", encoding="utf-8") as f:
            f.write(swapped)
    out = tmp_path / "out"
    proc = run_grade("batch", root, "--out", out, "-j", "2", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    with open(out / "mistakes.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["function"] == "dims.to_channels_last"]
    assert rows[0]["mistake"] == "" and rows[0]["students"] == "3" and rows[0]["lost_points"] == "2"
    named = rows[1:]
    assert named and all(r["made_it"] == "2" for r in named), named
    assert "transpose(1, 3)" in named[0]["mistake"] and "Lesson 23" in named[0]["mistake"]
    assert "mistakes.csv" in proc.stdout
