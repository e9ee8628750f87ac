"""`grade reset` (grader/reset.py): one exercise's stub back, everything else of the file as the
student left it, and the whole file kept in a backup."""

import shutil

import pytest

from grader.release import make_bundle
from grader.reset import ResetError, reset
from tests.kit.conftest import ROOT, run_grade

STUB = (ROOT / "exercises" / "indexing.py").read_text(encoding="utf-8")
ANSWER = (ROOT / "solutions" / "indexing.py").read_text(encoding="utf-8")


def _student(tmp_path, text):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "indexing.py").write_text(text, encoding="utf-8")
    return folder


def _definition(text, name):
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {name}("))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].strip()), len(lines))
    return "\n".join(lines[start:end]).rstrip()


def test_one_function_goes_back_and_the_rest_stays(tmp_path):
    folder = _student(tmp_path, ANSWER)  # every function answered
    proc = run_grade("reset", "indexing.pixel", "--exercises", folder, env={"LANG": "C"})
    assert proc.returncode == 0, proc.stderr
    now = (folder / "indexing.py").read_text(encoding="utf-8")
    assert _definition(now, "pixel") == _definition(STUB, "pixel")
    assert _definition(now, "first_image") == _definition(ANSWER, "first_image")
    (backup,) = folder.glob("indexing.py.bak-*")
    assert backup.read_text(encoding="utf-8") == ANSWER
    assert f"Reset indexing.pixel in {folder / 'indexing.py'}" in proc.stdout


def test_a_file_that_does_not_parse_can_still_be_reset(tmp_path):
    broken = ANSWER.replace("    return x[0]\n", "    return x[0\n", 1)
    folder = _student(tmp_path, broken)
    reset(folder, "indexing.first_image", ROOT)
    now = (folder / "indexing.py").read_text(encoding="utf-8")
    assert _definition(now, "first_image") == _definition(STUB, "first_image")
    compile(now, "indexing.py", "exec")  # the broken line was in the function reset


def test_a_deleted_function_comes_back_and_backups_never_overwrite(tmp_path):
    text = ANSWER.replace(_definition(ANSWER, "pixel"), "")
    folder = _student(tmp_path, text)
    reset(folder, "indexing.pixel", ROOT)
    assert _definition((folder / "indexing.py").read_text(), "pixel") == _definition(STUB, "pixel")
    (folder / "indexing.py").write_text(ANSWER, encoding="utf-8")
    reset(folder, "indexing.pixel", ROOT)
    assert len(list(folder.glob("indexing.py.bak-*"))) == 2


def test_a_whole_topic_and_the_errors(tmp_path):
    folder = _student(tmp_path, ANSWER)
    reset(folder, "indexing", ROOT)
    assert (folder / "indexing.py").read_text(encoding="utf-8") == STUB
    with pytest.raises(ResetError, match="already the stub"):
        reset(folder, "indexing.pixel", ROOT)
    with pytest.raises(ResetError, match="no exercise 'nope'"):
        reset(folder, "indexing.nope", ROOT)
    proc = run_grade("reset", "indexing.nope", "--exercises", folder)
    assert proc.returncode == 2 and "no exercise 'nope'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_in_a_student_bundle_without_solutions(tmp_path):
    bundle = make_bundle(ROOT, tmp_path / "bundle").path
    assert not (bundle / "solutions").exists()
    shutil.copy(ROOT / "solutions" / "indexing.py", bundle / "exercises" / "indexing.py")
    reset(bundle / "exercises", "indexing.pixel", bundle)
    now = (bundle / "exercises" / "indexing.py").read_text(encoding="utf-8")
    assert _definition(now, "pixel") == _definition(STUB, "pixel")
