"""The gradient checks: a correct backward passes; a wrong one fails with a message that names
the parameter and the worst entry."""

import pytest
import torch

from grader import i18n
from grader.checks import GradingFailure
from grader.checks.gradients import (
    assert_backward_consistent,
    assert_gradients_match,
    autograd_gradients,
    numerical_gradient,
)
from grader.sandbox.client import Student, TopicSandboxes

MODULE = """
import torch


def _linear_function(transpose_bug):
    class Linear(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w)
            return x @ w.T + b

        @staticmethod
        def backward(ctx, grad_out):
            x, w = ctx.saved_tensors
            grad_w = grad_out.T @ x
            if transpose_bug:
                grad_w = (x.T @ grad_out).T * 1.5
            return grad_out @ w, grad_w, grad_out.sum(0)

    return Linear


Good = _linear_function(False)
Bad = _linear_function(True)


def good(x, w, b):
    return Good.apply(x, w, b)


def bad(x, w, b):
    return Bad.apply(x, w, b)


def square(x):
    return (x * x).sum()


class Cheat(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            y = x.detach().requires_grad_(True)
            (g,) = torch.autograd.grad((y * y * grad_out).sum(), y)
        return g
"""


@pytest.fixture
def student(tmp_path):
    (tmp_path / "grads.py").write_text(MODULE)
    boxes = TopicSandboxes(tmp_path)
    yield Student(boxes)
    boxes.close()


def inputs():
    g = torch.Generator().manual_seed(1)
    return [
        torch.randn(3, 4, generator=g, dtype=torch.float64),
        torch.randn(2, 4, generator=g, dtype=torch.float64),
        torch.randn(2, generator=g, dtype=torch.float64),
    ]


def reference(x, w, b):
    return x @ w.T + b


def test_numerical_gradient_matches_autograd():
    xs = inputs()
    numeric = numerical_gradient(reference, xs)
    exact, _ = autograd_gradients(reference, xs)
    for n, e in zip(numeric, exact):
        assert torch.allclose(n, e, atol=1e-6)


def test_correct_backward_passes_both_checks(student):
    xs = inputs()
    call = assert_backward_consistent(student.grads.good, xs, ["x", "w", "b"])
    expected, _ = autograd_gradients(reference, xs, grad_output=None)
    call = student.grads.good.backward_call(*[x.clone().requires_grad_(True) for x in xs])
    assert_gradients_match(call.input_grads, expected, ["x", "w", "b"])


def test_wrong_backward_is_named_with_its_worst_entry(student):
    i18n.set_language("en")
    xs = inputs()
    with pytest.raises(GradingFailure) as err:
        assert_backward_consistent(student.grads.bad, xs, ["x", "w", "b"])
    message = str(err.value)
    assert (
        "gradient for w" in message
        and "worst at w[" in message
        and "central differences" in message
    )
    expected, _ = autograd_gradients(reference, xs)
    call = student.grads.bad.backward_call(*[x.clone().requires_grad_(True) for x in xs])
    with pytest.raises(GradingFailure, match=r"gradient for w is wrong at \d+ of 8 entries"):
        assert_gradients_match(call.input_grads, expected, ["x", "w", "b"])


def test_only_inputs_that_require_grad_get_gradients(student):
    x, w, b = inputs()
    call = student.grads.good.backward_call(x, w.clone().requires_grad_(True), b)
    assert len(call.input_grads) == 1 and call.input_grads[0].shape == w.shape


def test_second_order_probe_matches_the_judges_autograd(student):
    x = torch.randn(5, dtype=torch.float64)
    v = torch.randn(5, dtype=torch.float64)
    call = student.grads.square.backward_call(x.clone().requires_grad_(True), second_order=[v])
    _, expected = autograd_gradients(lambda t: (t * t).sum(), [x], second_order=[v])
    assert torch.allclose(call.second_order[0], expected[0]) and torch.allclose(
        call.second_order[0], 2 * v
    )


def test_transposed_gradient_and_missing_keys_are_named():
    i18n.set_language("en")
    with pytest.raises(GradingFailure, match="transposed"):
        assert_gradients_match([torch.zeros(4, 2)], [torch.zeros(2, 4)], ["w"])
    with pytest.raises(GradingFailure, match="lack"):
        assert_gradients_match(
            {"w1": torch.zeros(1)}, {"w1": torch.zeros(1), "b1": torch.zeros(1)}, None
        )


def test_autograd_inside_a_backward_is_recorded_and_the_graders_own_is_not(student):
    x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    honest = student.grads.good.backward_call(*[t.clone().requires_grad_(True) for t in inputs()])
    assert "grad" not in honest.calls and "backward" not in honest.calls
    cheat = student.grads.Cheat.apply.backward_call(x)
    assert "grad" in cheat.calls and torch.allclose(cheat.input_grads[0], 2 * x.detach())


def test_nan_gradients_are_wrong():
    with pytest.raises(GradingFailure, match="gradient for x is wrong at 1 of 2"):
        assert_gradients_match([torch.tensor([0.0, float("nan")])], [torch.zeros(2)], ["x"])
    assert_gradients_match([torch.tensor([float("nan")])], [torch.tensor([float("nan")])], ["x"])
