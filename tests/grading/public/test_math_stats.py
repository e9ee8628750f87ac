"""Public checks for topic `math_stats` (数学运算 / 属性统计). Oracles: torch's own functions
(F.linear, matmul, clamp, clip_grad_norm_, vector_norm, argmax, topk, kthvalue)."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    assert_close_number,
    assert_sequence,
    assert_tensor,
    randint,
    randn,
)
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("math_stats.linear")
@points(1)
def test_linear(student):
    x, w, b = randn(4, 3, seed=1), randn(5, 3, seed=2), randn(5, seed=3)
    assert_tensor(student.math_stats.linear(x, w, b), F.linear(x, w, b))


@exercise("math_stats.batched_matmul")
@points(1)
def test_batched_matmul(student):
    a, b = randn(2, 3, 4, seed=4), randn(2, 4, 5, seed=5)
    assert_tensor(student.math_stats.batched_matmul(a, b), torch.matmul(a, b))


@exercise("math_stats.clamp_gradients")
@points(1)
def test_clamp_gradients(student):
    grad = randn(3, 4, seed=6) * 3
    assert_tensor(student.math_stats.clamp_gradients(grad, 1.5), grad.clamp(-1.5, 1.5))


@exercise("math_stats.clip_grad_norm")
@points(1)
def test_clip_grad_norm(student):
    grads = [randn(3, 4, seed=7), randn(3, seed=8)]
    params = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, 1.0)
    call = student.math_stats.clip_grad_norm.call(grads, 1.0)
    assert_close_number(call.value, total.item(), rel=1e-5)
    for i, (after, p) in enumerate(zip(call.inputs_after[0][0], params)):
        assert_tensor(after, p.grad, what=Msg(f"grads[{i}] after the call", f"调用后的 grads[{i}]"))


@exercise("math_stats.row_norms")
@points(1)
def test_row_norms(student):
    x = randn(4, 6, seed=9)
    for p in (1, 2):
        assert_tensor(student.math_stats.row_norms(x, p), torch.linalg.vector_norm(x, p, dim=1))


@exercise("math_stats.accuracy")
@points(1)
def test_accuracy(student):
    logits = randn(8, 5, seed=10)
    labels = logits.argmax(dim=1)
    labels[::3] = (labels[::3] + 1) % 5  # rows 0, 3 and 6 wrong: 5 of 8 right
    assert_close_number(student.math_stats.accuracy(logits, labels), 5 / 8)


@exercise("math_stats.topk_accuracy")
@points(1)
def test_topk_accuracy(student):
    logits = randn(10, 6, seed=11)
    labels = randint(0, 6, (10,), seed=12)
    top3 = logits.topk(3, dim=1).indices
    expected = (top3 == labels[:, None]).any(dim=1).float().mean().item()
    assert_close_number(student.math_stats.topk_accuracy(logits, labels, 3), expected)


@exercise("math_stats.kth_smallest")
@points(1)
def test_kth_smallest(student):
    x = randn(3, 7, seed=13)
    got = student.math_stats.kth_smallest(x, 2, 1)
    assert_sequence(got, 2)
    values, indices = torch.kthvalue(x, 2, 1)
    assert_tensor(got[0], values, what="values")
    assert_tensor(got[1], indices, what="indices")
