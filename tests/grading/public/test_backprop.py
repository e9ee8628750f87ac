"""Public checks for topic `backprop` (反向传播). Oracle: torch's own autograd, in the judge."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_close_number, assert_sequence, assert_tensor, randn
from grader.checks.gradients import assert_gradients_match, autograd_gradients

exercise = pytest.mark.exercise
points = pytest.mark.points


def perceptron_error(w, x, t):
    return 0.5 * (torch.sigmoid(x @ w) - t) ** 2


@exercise("backprop.perceptron_grad")
@points(1)
def test_perceptron_grad(student):
    x, w = randn(5, seed=1), randn(5, seed=2)
    (expected,), _ = autograd_gradients(lambda w_: perceptron_error(w_, x, 1.0), [w])
    assert_tensor(student.backprop.perceptron_grad(x, w, 1.0), expected)


@exercise("backprop.multi_perceptron_grad")
@points(1)
def test_multi_perceptron_grad(student):
    x, w, t = randn(4, seed=3), randn(3, 4, seed=4), torch.tensor([1.0, 0.0, 1.0])
    (expected,), _ = autograd_gradients(
        lambda w_: 0.5 * ((torch.sigmoid(w_ @ x) - t) ** 2).sum(), [w]
    )
    assert_tensor(student.backprop.multi_perceptron_grad(x, w, t), expected)


@exercise("backprop.mlp_loss_and_grads")
@points(1)
def test_mlp_loss_and_grads(student):
    x, y = randn(6, 3, seed=5), randn(6, 2, seed=6)
    params = {
        "w1": randn(4, 3, seed=7),
        "b1": randn(4, seed=8),
        "w2": randn(2, 4, seed=9),
        "b2": randn(2, seed=10),
    }

    def loss_of(w1, b1, w2, b2):
        return F.mse_loss(torch.sigmoid(x @ w1.T + b1) @ w2.T + b2, y)

    expected, _ = autograd_gradients(loss_of, list(params.values()))
    result = student.backprop.mlp_loss_and_grads(x, y, params)
    assert_sequence(result, 2)
    loss, grads = result
    assert_close_number(
        float(loss) if isinstance(loss, torch.Tensor) and loss.dim() == 0 else loss,
        loss_of(*params.values()).item(),
        rel=1e-5,
    )
    assert_gradients_match(grads, dict(zip(params, expected)), None, rtol=1e-4, atol=1e-6)


@exercise("backprop.LinearFunction")
@points(1)
def test_linear_function(student):
    x, w, b = randn(3, 4, seed=11), randn(2, 4, seed=12), randn(2, seed=13)
    fn = student.backprop.LinearFunction.apply
    assert_tensor(fn(x, w, b), x @ w.T + b)
    call = fn.backward_call(*[t.clone().requires_grad_(True) for t in (x, w, b)])
    expected, _ = autograd_gradients(lambda x_, w_, b_: x_ @ w_.T + b_, [x, w, b])
    assert_gradients_match(call.input_grads, expected, ["x", "w", "b"])


@exercise("backprop.SigmoidFunction")
@points(1)
def test_sigmoid_function(student):
    x = randn(2, 5, seed=14)
    fn = student.backprop.SigmoidFunction.apply
    assert_tensor(fn(x), torch.sigmoid(x))
    call = fn.backward_call(x.clone().requires_grad_(True))
    expected, _ = autograd_gradients(torch.sigmoid, [x])
    assert_gradients_match(call.input_grads, expected, ["x"])
