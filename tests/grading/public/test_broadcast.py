"""Public checks for topic `broadcast` (Broadcast 自动扩展). Oracles: torch's own broadcasting."""

import pytest
import torch

from grader.checks import (
    assert_equal,
    assert_not_using,
    assert_shares_storage,
    assert_tensor,
    fail,
    randn,
)
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("broadcast.broadcast_shape")
@points(1)
def test_broadcast_shape(student):
    fn = student.broadcast.broadcast_shape
    call = fn.call((2, 1, 4), (3, 1))
    if not isinstance(call.value, tuple):
        fail(
            f"broadcast_shape should return a tuple, but it returned {call.value!r}.",
            f"broadcast_shape 应当返回 tuple，但返回了 {call.value!r}。",
        )
    expected = tuple(torch.broadcast_shapes((2, 1, 4), (3, 1)))
    assert_equal(call.value, expected, what=Msg.code("broadcast_shape((2, 1, 4), (3, 1))"))
    assert_not_using(fn, call, {"broadcast_shapes", "_broadcast_shapes", "_infer_size"})


@exercise("broadcast.broadcast_by_hand")
@points(1)
def test_broadcast_by_hand(student):
    fn = student.broadcast.broadcast_by_hand
    x = randn(3, 1, seed=1)
    call = fn.call(x, (2, 3, 4))
    assert_tensor(call.value, torch.broadcast_to(x, (2, 3, 4)))
    assert_shares_storage(call)
    assert_not_using(fn, call, {"broadcast_to", "broadcast_tensors", "expand_as"})


@exercise("broadcast.add_bonus")
@points(1)
def test_add_bonus(student):
    scores = randn(4, 32, 8, seed=2)
    bonus = randn(8, seed=3)
    assert_tensor(student.broadcast.add_bonus(scores, bonus), scores + bonus)


@exercise("broadcast.normalize_channels")
@points(1)
def test_normalize_channels(student):
    x = randn(2, 3, 4, 5, seed=4)
    mean = torch.tensor([0.5, -1.0, 2.0])
    std = torch.tensor([2.0, 0.5, 1.0])
    expected = torch.stack([(x[:, k] - mean[k]) / std[k] for k in range(3)], dim=1)
    assert_tensor(student.broadcast.normalize_channels(x, mean, std), expected)


@exercise("broadcast.pairwise_sq_dist")
@points(1)
def test_pairwise_sq_dist(student):
    a = randn(5, 3, seed=5)
    b = randn(4, 3, seed=6)
    expected = torch.cdist(a.double(), b.double()).pow(2).float()
    assert_tensor(student.broadcast.pairwise_sq_dist(a, b), expected, rtol=1e-5, atol=1e-4)
