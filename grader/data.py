"""Loaders for the data in ``datasets/`` (the folder holds data and build scripts, no code to
import: a top-level package named ``datasets`` would shadow Hugging Face's)."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np

from grader.topics import kit_root

REGRESSION_FILE = Path("datasets") / "regression" / "points.csv"
REGRESSION_BUILD = "python datasets/regression/build.py"
REGRESSION_SHAPE = (100, 2)
# SHA-256 of the parsed float64 array's bytes (not of the file, so that a checkout that turns
# line endings into CRLF still loads); datasets/regression/build.py makes exactly these values.
REGRESSION_SHA256 = "0e27663f714ff9950469b417cf9870b028d61ffe98f6014b6c2bd19de6fbb46a"


class DatasetError(RuntimeError):
    """A data file is missing or not what its build script makes; the message says how to rebuild
    it."""


def load_regression_points(path: str | Path | None = None) -> np.ndarray:
    """The regression set of topic ``gradient_descent`` (简单回归问题 / 回归问题实战): 100 points
    on a noisy line, as the course's ``data.csv``.

    Made once by ``datasets/regression/build.py`` (fixed seed) and committed as
    ``datasets/regression/points.csv``: for each point, ``x`` is uniform in ``[0, 100)`` and
    ``y = 1.477 * x + 0.089 + 10 * z`` with ``z`` standard normal (Box-Muller on Python's
    ``random.Random(2019)``), each value rounded to 6 decimals.

    Args:
        path: the CSV to read; by default the kit's ``datasets/regression/points.csv``.

    Returns:
        a new float64 numpy array ``[100, 2]``: column 0 is x, column 1 is y.

    Raises:
        DatasetError: the file is missing, unreadable or not the file the build script makes;
            the message names the file and the command that rebuilds it.
    """
    file = Path(path) if path is not None else kit_root() / REGRESSION_FILE
    rebuild = f"Rebuild it from the kit's root with: {REGRESSION_BUILD}"
    if not file.is_file():
        raise DatasetError(f"The regression data file {file} is missing. {rebuild}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an empty file: reported below as a wrong shape
            points = np.loadtxt(file, delimiter=",", dtype=np.float64, ndmin=2)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DatasetError(
            f"The regression data file {file} is corrupt ({type(exc).__name__}: {exc}). {rebuild}"
        ) from None
    if points.shape != REGRESSION_SHAPE:
        raise DatasetError(
            f"The regression data file {file} is corrupt: it holds an array of shape "
            f"{list(points.shape)}, expected {list(REGRESSION_SHAPE)} (x, y per line). {rebuild}"
        )
    if hashlib.sha256(points.astype("<f8").tobytes()).hexdigest() != REGRESSION_SHA256:
        raise DatasetError(
            f"The regression data file {file} is corrupt: its values are not the ones the build "
            f"script makes. {rebuild}"
        )
    return points
