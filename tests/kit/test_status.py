"""`grade status` (grader/status.py), and `grade` alone in a folder with exercises/: progress in
course order and the next exercise with its lesson."""

import shutil

from tests.kit.conftest import ROOT, run_grade


def _work(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(ROOT / "exercises" / "indexing.py", folder)  # not started
    shutil.copy(ROOT / "solutions" / "where_gather.py", folder)  # done
    return folder


def test_status_shows_progress_and_the_next_exercise(tmp_path):
    folder = _work(tmp_path)
    proc = run_grade("status", folder, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.index("indexing") < out.index("where_gather")  # course order
    assert "4/4" in out and "0/10" in out
    assert "4 of 14 exercises pass." in out
    assert f"Next: write indexing.first_image ({folder / 'indexing.py'}:" in out
    assert "Lesson: " in out and "grade hint indexing.first_image" in out


def test_a_failing_exercise_comes_next_as_one_to_fix(tmp_path):
    folder = _work(tmp_path)
    shutil.copy(ROOT / "solutions" / "indexing.py", folder)
    with open(folder / "where_gather.py", "a") as f:
        f.write("\n\ndef relu_where(x):\n    return x\n")
    proc = run_grade("status", folder, "--lang", "zh")
    assert "下一步：修改 where_gather.relu_where" in proc.stdout


def test_grade_alone_is_status_where_there_are_exercises(tmp_path):
    _work(tmp_path)
    proc = run_grade(cwd=tmp_path, env={"GRADE_LANG": "en"})
    assert proc.returncode == 0, proc.stderr
    assert "Next: write indexing.first_image" in proc.stdout


def test_grade_list_marks_what_passes_in_a_folder(tmp_path):
    folder = _work(tmp_path)
    proc = run_grade("list", folder, "--lang", "en", env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    rows = {line.split("│")[2].strip(): line for line in proc.stdout.splitlines() if "│" in line}
    assert "✓" in rows["relu_where"] and "✓" in rows["pick_target_scores"]
    assert "·" in rows["first_image"] and "✓" not in rows["first_image"]
    assert "✓" not in rows["sigmoid_grad"] and "·" not in rows["sigmoid_grad"]  # not in the folder
