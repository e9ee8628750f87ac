"""The regression set: its loader, its build script, and the messages for a missing or corrupt
file."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.data import DatasetError, load_regression_points
from tests.kit.conftest import ROOT

POINTS = ROOT / "datasets" / "regression" / "points.csv"
BUILD = ROOT / "datasets" / "regression" / "build.py"
REBUILD = "python datasets/regression/build.py"


def test_shape_dtype_and_the_formula():
    points = load_regression_points()
    assert isinstance(points, np.ndarray)
    assert points.shape == (100, 2) and points.dtype == np.float64
    x, y = points[:, 0], points[:, 1]
    assert (x >= 0).all() and (x < 100).all()
    w, b = np.polyfit(x, y, 1)  # y = 1.477 x + 0.089 + noise of std 10
    assert abs(w - 1.477) < 0.05 and abs(b - 0.089) < 5
    assert 5 < np.std(y - (1.477 * x + 0.089)) < 15


def test_deterministic_and_a_fresh_copy_each_time():
    first = load_regression_points()
    first[:] = 0  # a caller that scribbles on its copy changes nothing for the next one
    second, third = load_regression_points(), load_regression_points()
    assert np.array_equal(second, third) and not np.array_equal(first, second)
    assert second is not third


def test_default_path_is_the_kit_file():
    assert np.array_equal(load_regression_points(), load_regression_points(POINTS))
    assert np.array_equal(load_regression_points(), np.genfromtxt(POINTS, delimiter=","))


def test_build_script_reproduces_the_committed_file(tmp_path):
    out = tmp_path / "points.csv"
    proc = subprocess.run(
        [sys.executable, str(BUILD), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == POINTS.read_bytes()


def test_crlf_line_endings_still_load(tmp_path):
    crlf = tmp_path / "points.csv"
    crlf.write_bytes(POINTS.read_bytes().replace(b"\n", b"\r\n"))
    assert np.array_equal(load_regression_points(crlf), load_regression_points())


def test_missing_file_names_it_and_the_rebuild(tmp_path):
    missing = tmp_path / "points.csv"
    with pytest.raises(DatasetError) as info:
        load_regression_points(missing)
    message = str(info.value)
    assert str(missing) in message and "missing" in message and REBUILD in message


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: "not,a\nnumber,file\n", id="not-numbers"),
        pytest.param(lambda text: "".join(text.splitlines(keepends=True)[:60]), id="truncated"),
        pytest.param(
            lambda text: text.replace("\n", ",0\n"),
            id="three-columns",
        ),
        pytest.param(
            lambda text: text.replace("83.230240", "83.230241", 1), id="one-value-changed"
        ),
        pytest.param(lambda text: "", id="empty"),
    ],
)
def test_corrupt_file_names_it_and_the_rebuild(tmp_path, damage):
    corrupt = tmp_path / "points.csv"
    corrupt.write_text(damage(POINTS.read_text(encoding="ascii")), encoding="ascii")
    with pytest.raises(DatasetError) as info:
        load_regression_points(corrupt)
    message = str(info.value)
    assert str(corrupt) in message and "corrupt" in message and REBUILD in message


def test_binary_garbage_is_reported_as_corrupt(tmp_path):
    corrupt = tmp_path / "points.csv"
    corrupt.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DatasetError, match="corrupt"):
        load_regression_points(corrupt)


def test_datasets_is_not_an_importable_package():
    # a top-level `datasets` package would shadow Hugging Face's: the folder holds data only (at
    # most a namespace portion, which any installed `datasets` package takes precedence over)
    assert not (ROOT / "datasets" / "__init__.py").exists()
    spec = importlib.util.find_spec("datasets")
    if spec is not None and spec.origin:
        assert ROOT / "datasets" not in Path(spec.origin).parents
