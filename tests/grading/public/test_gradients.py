"""Public checks for topic `gradients` (梯度 / 激活函数与Loss的梯度). Oracles: autograd (run by the
grader, never by the submission), torch.softmax, F.mse_loss and torch.autograd.functional."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_sequence, assert_tensor, randn
from grader.functions import cubic_sum
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


def autograd_of(f, x):
    """The gradient of f(x).sum() at x, by autograd (in the grader's own process)."""
    leaf = x.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(leaf).sum(), leaf)
    return grad


@exercise("gradients.sigmoid_grad")
@points(1)
def test_sigmoid_grad(student):
    x = randn(3, 4, seed=1) * 3
    assert_tensor(student.gradients.sigmoid_grad(x), autograd_of(torch.sigmoid, x))


@exercise("gradients.tanh_grad")
@points(1)
def test_tanh_grad(student):
    x = randn(3, 4, seed=2) * 2
    assert_tensor(student.gradients.tanh_grad(x), autograd_of(torch.tanh, x))


@exercise("gradients.relu_grad")
@points(1)
def test_relu_grad(student):
    x = torch.tensor([[-2.0, -0.5, 0.0], [0.5, 0.0, 3.0]])
    assert_tensor(student.gradients.relu_grad(x), autograd_of(torch.relu, x))


@exercise("gradients.mse_loss_and_grad")
@points(1)
def test_mse_loss_and_grad(student):
    pred, target = randn(4, 3, seed=3), randn(4, 3, seed=4)
    got = student.gradients.mse_loss_and_grad(pred, target)
    assert_sequence(got, 2)
    assert_tensor(got[0], F.mse_loss(pred, target), what=Msg("the loss", "损失"))
    grad = autograd_of(lambda p: F.mse_loss(p, target), pred)
    assert_tensor(got[1], grad, what=Msg("the gradient", "梯度"))


@exercise("gradients.softmax_by_hand")
@points(1)
def test_softmax_by_hand(student):
    a = randn(4, 5, seed=5) * 3
    assert_tensor(student.gradients.softmax_by_hand(a), torch.softmax(a, -1))
    assert_tensor(student.gradients.softmax_by_hand(a, 0), torch.softmax(a, 0))


@exercise("gradients.softmax_jacobian")
@points(1)
def test_softmax_jacobian(student):
    a = randn(4, seed=6)
    expected = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), a)
    assert_tensor(student.gradients.softmax_jacobian(a), expected)


@exercise("gradients.grad_of")
@points(1)
def test_grad_of(student):
    x = randn(2, 3, seed=7)
    assert_tensor(student.gradients.grad_of(cubic_sum, x), 3 * x**2)
