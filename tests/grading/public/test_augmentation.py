"""Public checks for topic `augmentation` (数据增强). Oracles: torch's own flip, rot90, rand and
randint, literals, and slicing."""

import pytest
import torch

from grader.checks import assert_tensor, generator, randn

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("augmentation.hflip")
@points(1)
def test_hflip(student):
    x = randn(2, 3, 4, 5, seed=1)
    assert_tensor(student.augmentation.hflip(x), x.flip(-1))


@exercise("augmentation.vflip")
@points(1)
def test_vflip(student):
    x = randn(2, 3, 4, 5, seed=2)
    assert_tensor(student.augmentation.vflip(x), x.flip(-2))


@exercise("augmentation.rotate90")
@points(1)
def test_rotate90(student):
    x = randn(2, 3, 4, 5, seed=3)
    assert_tensor(student.augmentation.rotate90(x, 1), torch.rot90(x, 1, dims=(-2, -1)))


@exercise("augmentation.center_crop")
@points(1)
def test_center_crop(student):
    x = torch.arange(2 * 6 * 7, dtype=torch.float32).reshape(2, 6, 7)
    # top = round((6 - 2) / 2) = 2, left = round((7 - 4) / 2) = round(1.5) = 2
    assert_tensor(student.augmentation.center_crop(x, (2, 4)), x[:, 2:4, 2:6])


@exercise("augmentation.random_crop")
@points(1)
def test_random_crop(student):
    x = randn(3, 10, 9, seed=4)
    g = generator(5)
    top = int(torch.randint(10 - 4 + 1, (1,), generator=g))
    left = int(torch.randint(9 - 6 + 1, (1,), generator=g))
    got = student.augmentation.random_crop(x, (4, 6), generator=generator(5))
    assert_tensor(got, x[:, top : top + 4, left : left + 6])


@exercise("augmentation.normalize")
@points(1)
def test_normalize(student):
    x = torch.rand(2, 3, 4, 5, generator=generator(6))
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    expected = (x - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
    assert_tensor(student.augmentation.normalize(x, mean, std), expected)


@exercise("augmentation.denormalize")
@points(1)
def test_denormalize(student):
    x = torch.rand(2, 3, 4, 5, generator=generator(7))
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    normalized = (x - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
    assert_tensor(student.augmentation.denormalize(normalized, mean, std), x)


@exercise("augmentation.augment_batch")
@points(1)
def test_augment_batch(student):
    x = randn(3, 1, 32, 30, seed=8)
    g, expected = generator(9), []
    for img in x:
        if torch.rand(1, generator=g) < 0.5:
            img = img.flip(-1)
        top = int(torch.randint(32 - 28 + 1, (1,), generator=g))
        left = int(torch.randint(30 - 28 + 1, (1,), generator=g))
        expected.append(img[:, top : top + 28, left : left + 28])
    got = student.augmentation.augment_batch(x, generator=generator(9))
    assert_tensor(got, torch.stack(expected))
