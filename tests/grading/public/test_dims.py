"""Public checks for topic `dims` (维度变换). Oracles: torch's own view/reshape, squeeze/unsqueeze,
expand/repeat and permute, and literals."""

import pytest
import torch

from grader.checks import assert_shares_storage, assert_tensor, randn

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("dims.flatten_images")
@points(1)
def test_flatten_images(student):
    x = randn(4, 3, 5, 6, seed=1)
    assert_tensor(student.dims.flatten_images(x), x.reshape(4, 3 * 5 * 6))


@exercise("dims.rows_of_pixels")
@points(1)
def test_rows_of_pixels(student):
    x = randn(2, 3, 4, 5, seed=2)
    assert_tensor(student.dims.rows_of_pixels(x), x.reshape(2 * 3 * 4, 5))


@exercise("dims.add_group_dim")
@points(1)
def test_add_group_dim(student):
    x = randn(4, 3, 5, 6, seed=3)
    assert_tensor(student.dims.add_group_dim(x), x.reshape(1, 4, 3, 5, 6))


@exercise("dims.as_channel_bias")
@points(1)
def test_as_channel_bias(student):
    bias = torch.tensor([1.0, 2.0, 3.0])
    assert_tensor(student.dims.as_channel_bias(bias), torch.tensor([[[[1.0]], [[2.0]], [[3.0]]]]))


@exercise("dims.squeeze_singletons")
@points(1)
def test_squeeze_singletons(student):
    x = randn(1, 3, 1, 5, seed=4)
    assert_tensor(student.dims.squeeze_singletons(x), x.reshape(3, 5))


@exercise("dims.expand_bias")
@points(1)
def test_expand_bias(student):
    bias = torch.tensor([1.0, 2.0, 3.0]).reshape(1, 3, 1, 1)
    call = student.dims.expand_bias.call(bias, (2, 3, 4, 4))
    expected = torch.tensor([1.0, 2.0, 3.0])[None, :, None, None] * torch.ones(2, 3, 4, 4)
    assert_tensor(call.value, expected)
    assert_shares_storage(call)


@exercise("dims.tile")
@points(1)
def test_tile(student):
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    expected = torch.tensor([[1.0, 2.0, 1.0, 2.0, 1.0, 2.0], [3.0, 4.0, 3.0, 4.0, 3.0, 4.0]] * 2)
    assert_tensor(student.dims.tile(x, (2, 3)), expected)


@exercise("dims.to_channels_last")
@points(1)
def test_to_channels_last(student):
    x = randn(2, 3, 4, 5, seed=5)
    got = student.dims.to_channels_last(x)
    assert_tensor(got, torch.stack([x[:, k] for k in range(3)], dim=-1))


@exercise("dims.to_channels_first")
@points(1)
def test_to_channels_first(student):
    x = randn(2, 4, 5, 3, seed=6)
    got = student.dims.to_channels_first(x)
    assert_tensor(got, torch.stack([x[..., k] for k in range(3)], dim=1))


@exercise("dims.flatten_channels_last")
@points(1)
def test_flatten_channels_last(student):
    x = torch.arange(8.0).reshape(1, 2, 2, 2)
    got = student.dims.flatten_channels_last(x)
    assert_tensor(got, torch.tensor([[0.0, 4.0, 1.0, 5.0, 2.0, 6.0, 3.0, 7.0]]))


@exercise("dims.unflatten_channels_last")
@points(1)
def test_unflatten_channels_last(student):
    x = randn(2, 3, 4, 5, seed=7)
    y = x.permute(0, 2, 3, 1).reshape(2, -1)
    assert_tensor(student.dims.unflatten_channels_last(y, 3, 4, 5), x)


@exercise("dims.swap_height_width")
@points(1)
def test_swap_height_width(student):
    x = randn(2, 3, 4, 6, seed=8)
    assert_tensor(student.dims.swap_height_width(x), x.transpose(2, 3))
