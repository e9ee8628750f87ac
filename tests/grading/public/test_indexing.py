"""Public checks for topic `indexing` (索引与切片). Oracles: torch's own indexing."""

import pytest
import torch

from grader.checks import assert_tensor, randint, randn

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("indexing.first_image")
@points(1)
def test_first_image(student):
    x = randn(4, 3, 5, 6, seed=1)
    assert_tensor(student.indexing.first_image(x), x[0])


@exercise("indexing.pixel")
@points(1)
def test_pixel(student):
    x = torch.arange(2 * 3 * 4 * 5, dtype=torch.float32).reshape(2, 3, 4, 5)
    got = student.indexing.pixel(x, 1, 2, 3, 4)
    assert_tensor(got, torch.tensor(119.0))


@exercise("indexing.first_n_images")
@points(1)
def test_first_n_images(student):
    x = randn(6, 1, 4, 4, seed=2)
    assert_tensor(student.indexing.first_n_images(x, 3), x[:3])


@exercise("indexing.last_channels")
@points(1)
def test_last_channels(student):
    x = randn(2, 4, 3, 3, seed=3)
    assert_tensor(student.indexing.last_channels(x, 2), x[:, 2:])


@exercise("indexing.every_other_pixel")
@points(1)
def test_every_other_pixel(student):
    x = randn(2, 3, 6, 8, seed=4)
    assert_tensor(student.indexing.every_other_pixel(x), x[:, :, ::2, ::2])


@exercise("indexing.select_images")
@points(1)
def test_select_images(student):
    x = randn(5, 2, 3, 3, seed=5)
    assert_tensor(student.indexing.select_images(x, [4, 0, 2]), torch.stack([x[4], x[0], x[2]]))


@exercise("indexing.select_channels")
@points(1)
def test_select_channels(student):
    x = randn(2, 3, 4, 4, seed=6)
    bgr = torch.stack([x[:, 2], x[:, 1], x[:, 0]], dim=1)
    assert_tensor(student.indexing.select_channels(x, [2, 1, 0]), bgr)


@exercise("indexing.last_column")
@points(1)
def test_last_column(student):
    x = randn(2, 3, 4, 5, seed=7)
    assert_tensor(student.indexing.last_column(x), x[:, :, :, 4])


@exercise("indexing.values_at_least")
@points(1)
def test_values_at_least(student):
    x = torch.tensor([[[[0.5, 2.0], [1.0, -1.0]]]])
    assert_tensor(student.indexing.values_at_least(x, 1.0), torch.tensor([2.0, 1.0]))


@exercise("indexing.take_flat")
@points(1)
def test_take_flat(student):
    x = randn(2, 3, 4, 5, seed=8)
    idx = randint(0, x.numel(), (7,), seed=9)
    assert_tensor(student.indexing.take_flat(x, idx), torch.take(x, idx))
