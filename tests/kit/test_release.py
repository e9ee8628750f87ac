"""`grade release`: the student bundle grades its public checks and holds no solution text."""

import json
import shutil

import pytest

from grader.release import ReleaseError, find_leaks, make_bundle
from tests.kit.conftest import ROOT, run_grade


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    dest = tmp_path_factory.mktemp("release") / "bundle"
    proc = run_grade("release", dest)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote the student bundle" in proc.stdout
    return dest


def test_what_is_in_and_what_is_not(bundle):
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    topics = sorted(p.stem for p in (ROOT / "solutions").glob("*.py") if p.stem[0] != "_")
    assert {f"exercises/{t}.py" for t in topics} <= files
    assert {f"tests/grading/public/test_{t}.py" for t in topics} <= files
    assert {"README.md", "pyproject.toml", "grader/cli.py", "datasets/mnist/mnist5k.npz"} <= files
    assert not [f for f in files if f.startswith(("solutions/", "tests/kit/", "benchmarks/"))]
    assert not [f for f in files if "hidden" in f or "__pycache__" in f]
    for t in topics:  # the stubs are exactly what `grade stubs` makes
        assert (bundle / "exercises" / f"{t}.py").read_text() == (
            ROOT / "exercises" / f"{t}.py"
        ).read_text()


def test_no_solution_text_anywhere(bundle):
    assert find_leaks(bundle, ROOT / "solutions") == []


def test_student_readme_in_chinese_and_english(bundle):
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    for text in ("grade exercises/", "pip install -e .", "安装", "Install", "隐藏", "hidden"):
        assert text in readme


@pytest.mark.slow
def test_stubs_grade_zero_and_solved_exercises_get_every_public_point(bundle, tmp_path):
    out = tmp_path / "r.json"
    proc = run_grade("exercises/", "--json", out, "--lang", "en", cwd=bundle)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text())
    assert report["score"] == 0 and report["max_score"] > 0
    assert {t["visibility"] for t in report["tests"]} == {"public"}
    assert {t["outcome"] for t in report["tests"]} <= {"not-implemented", "skipped"}
    solved = bundle / "solved"
    shutil.copytree(ROOT / "solutions", solved, ignore=shutil.ignore_patterns("__pycache__"))
    try:
        proc = run_grade("solved/", "--json", out, "--lang", "en", cwd=bundle)
    finally:
        shutil.rmtree(solved)
    assert proc.returncode == 0, proc.stderr
    full = json.loads(out.read_text())
    assert full["score"] == full["max_score"] == report["max_score"]


def _small_kit(tmp_path):
    kit = tmp_path / "kit"
    for part in ("grader", "datasets", "hints", "tests/grading/public", "solutions"):
        shutil.copytree(ROOT / part, kit / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("tests/__init__.py", "tests/grading/__init__.py", "pyproject.toml"):
        shutil.copy(ROOT / part, kit / part)
    return kit


def test_a_leak_stops_the_release_and_names_the_file(tmp_path):
    kit = _small_kit(tmp_path)
    solution = (kit / "solutions" / "indexing.py").read_text()
    regions = [
        part.split("### END SOLUTION", 1)[0] for part in solution.split("### BEGIN SOLUTION\n")[1:]
    ]
    region = max(regions, key=len)  # a helper that copies the longest answer
    helper = kit / "tests" / "grading" / "public" / "test_indexing.py"
    helper.write_text(helper.read_text() + "\n\ndef _oracle(x):\n" + region)
    with pytest.raises(ReleaseError, match="test_indexing.py") as err:
        make_bundle(kit, tmp_path / "out")
    assert "from solutions/indexing.py" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_refuses_a_full_folder_without_force_and_the_kit_itself(tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    proc = run_grade("release", dest)
    assert proc.returncode == 2 and "not empty (use --force" in proc.stderr
    assert proc.stderr.count("\n") == 1  # one line, no traceback
    assert run_grade("release", dest, "--force").returncode == 0
    assert not (dest / "notes.txt").exists() and (dest / "exercises").is_dir()
    kit = _small_kit(tmp_path)
    with pytest.raises(ReleaseError, match="inside a folder the bundle copies"):
        make_bundle(kit, kit / "grader" / "out")
    with pytest.raises(ReleaseError, match="the kit itself"):
        make_bundle(kit, kit, force=True)
    assert (kit / "solutions").is_dir()
