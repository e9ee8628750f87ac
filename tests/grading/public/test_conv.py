"""Public checks for topic `conv` (卷积 / 池化层与采样 / Batch Norm). Oracles: torch.nn.functional."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_close_number, assert_tensor, randn
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("conv.conv_output_size")
@points(1)
def test_conv_output_size(student):
    # The oracle: the width of what F.conv2d returns for an input of that width.
    expected = F.conv2d(torch.zeros(1, 1, 1, 28), torch.zeros(1, 1, 1, 5), stride=2, padding=(0, 2))
    got = student.conv.conv_output_size(28, 5, stride=2, padding=2)
    assert_close_number(got, expected.shape[-1], kind=int)


@exercise("conv.conv2d_by_hand")
@points(1)
def test_conv2d_by_hand(student):
    x, weight, bias = randn(2, 3, 7, 6, seed=1), randn(4, 3, 3, 2, seed=2), randn(4, seed=3)
    got = student.conv.conv2d_by_hand(x, weight, bias, stride=1, padding=1)
    assert_tensor(got, F.conv2d(x, weight, bias, stride=1, padding=1))


@exercise("conv.max_pool2d_by_hand")
@points(1)
def test_max_pool2d_by_hand(student):
    x = randn(2, 3, 6, 6, seed=4)
    assert_tensor(student.conv.max_pool2d_by_hand(x, 2), F.max_pool2d(x, 2))


@exercise("conv.avg_pool2d_by_hand")
@points(1)
def test_avg_pool2d_by_hand(student):
    x = randn(2, 3, 6, 6, seed=5)
    assert_tensor(student.conv.avg_pool2d_by_hand(x, 2), F.avg_pool2d(x, 2))


@exercise("conv.upsample_nearest")
@points(1)
def test_upsample_nearest(student):
    x = randn(2, 3, 4, 5, seed=6)
    expected = F.interpolate(x, scale_factor=2, mode="nearest")
    assert_tensor(student.conv.upsample_nearest(x, 2), expected)


@exercise("conv.batch_norm_by_hand")
@points(1)
def test_batch_norm_by_hand_training(student):
    x = randn(4, 3, 5, 5, seed=7) * 2 + 1
    weight, bias = randn(3, seed=8), randn(3, seed=9)
    mean, var = torch.zeros(3), torch.ones(3)
    call = student.conv.batch_norm_by_hand.call(x, mean, var, weight, bias, True)
    expected = F.batch_norm(x, mean, var, weight, bias, training=True)  # updates mean, var
    assert_tensor(call.value, expected)
    after = call.inputs_after[0]
    assert_tensor(
        after[1], mean, what=Msg("running_mean after the call", "调用之后的 running_mean")
    )
    assert_tensor(after[2], var, what=Msg("running_var after the call", "调用之后的 running_var"))
