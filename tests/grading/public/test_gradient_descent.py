"""Public checks for topic `gradient_descent` (简单回归问题 / 回归问题实战). Oracles: torch's
autograd and optimisers, numpy.polyfit, closed forms."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader import functions_1d
from grader.checks import assert_close_number, assert_sequence, fail, generator
from grader.i18n import Msg, before_chinese

exercise = pytest.mark.exercise
points = pytest.mark.points


def _noisy_line(n, seed):
    """`[n, 2]` float64 numpy points near y = 1.5 x + 2."""
    g = generator(seed)
    x = torch.rand(n, generator=g, dtype=torch.float64) * 10
    y = 1.5 * x + 2 + torch.randn(n, generator=g, dtype=torch.float64)
    return torch.stack([x, y], dim=1).numpy()


def _number(got, expected, what, rel=1e-7):
    """A Python number (a 0-dim tensor counts as its number) close to `expected`; one close but
    not to float64 precision is told about float32."""
    if isinstance(got, torch.Tensor) and got.dim() == 0:
        got = got.item()
    if (
        isinstance(got, float)
        and not math.isclose(got, expected, rel_tol=rel, abs_tol=1e-9)
        and math.isclose(got, expected, rel_tol=1e-4, abs_tol=1e-9)
    ):
        fail(
            f"{what} is {got!r}, expected {expected!r}: close, but not to float64 precision. Was it "
            f"computed in float32 (torch.FloatTensor(points), .float())? Keep the data's float64 "
            f"with torch.as_tensor(points) or torch.from_numpy(points).",
            f"{before_chinese(what)}是 {got!r}，应为 {expected!r}：很接近，但没有达到 float64 的精度。是否用 float32 "
            f"计算了（torch.FloatTensor(points)、.float()）？请用 torch.as_tensor(points) 或 "
            f"torch.from_numpy(points) 保持 float64。",
        )
    assert_close_number(got, expected, what=what, rel=rel, abs_=1e-9)


def _part(what, name):
    """`name` inside `what` (b inside the pair (b, w)), in both languages."""
    gap = " " if what.zh[-1:].isascii() else ""
    return Msg(f"{what.en}: {name}", f"{what.zh}{gap}中的 {name}")


def _pair(got, expected, what):
    """(b, w) as a 2-sequence of numbers (0-dim tensors accepted)."""
    assert_sequence(got, 2, what=what)
    for value, want, name in zip(got, expected, ("b", "w")):
        _number(value, want, _part(what, name))


MSE = Msg("the mean squared error", "均方误差")


@exercise("gradient_descent.compute_error_for_line_given_points")
@points(1)
def test_compute_error(student):
    pts = _noisy_line(8, seed=1)
    x, y = torch.from_numpy(pts).unbind(1)
    expected = F.mse_loss(1.2 * x + 0.5, y).item()
    got = student.gradient_descent.compute_error_for_line_given_points(0.5, 1.2, pts)
    if isinstance(got, torch.Tensor):  # the error is a Python float, not a 0-dim tensor
        assert_close_number(got, expected, what=MSE)
    _number(got, expected, MSE, rel=1e-9)


@exercise("gradient_descent.step_gradient")
@points(1)
def test_step_gradient(student):
    pts = _noisy_line(10, seed=2)
    x, y = torch.from_numpy(pts).unbind(1)
    b = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(-0.2, dtype=torch.float64, requires_grad=True)
    F.mse_loss(w * x + b, y).backward()
    lr = 0.01
    expected = ((b - lr * b.grad).item(), (w - lr * w.grad).item())
    got = student.gradient_descent.step_gradient(0.3, -0.2, pts, lr)
    _pair(
        got,
        expected,
        Msg("the (new_b, new_w) from step_gradient", "step_gradient 返回的 (new_b, new_w)"),
    )


@exercise("gradient_descent.gradient_descent_runner")
@points(1)
def test_gradient_descent_runner(student):
    pts = _noisy_line(12, seed=3)
    x, y = torch.from_numpy(pts).unbind(1)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    w = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([b, w], lr=0.005)
    for _ in range(6):
        opt.zero_grad()
        F.mse_loss(w * x + b, y).backward()
        opt.step()
    got = student.gradient_descent.gradient_descent_runner(pts, 0.0, 0.0, 0.005, 6)
    _pair(
        got,
        (b.item(), w.item()),
        Msg("the (b, w) from gradient_descent_runner", "gradient_descent_runner 返回的 (b, w)"),
    )


@exercise("gradient_descent.fit_line_closed_form")
@points(1)
def test_fit_line_closed_form(student):
    pts = _noisy_line(20, seed=4)
    w, b = np.polyfit(pts[:, 0], pts[:, 1], 1)
    got = student.gradient_descent.fit_line_closed_form(pts)
    _pair(
        got,
        (float(b), float(w)),
        Msg("the (b, w) from fit_line_closed_form", "fit_line_closed_form 返回的 (b, w)"),
    )


@exercise("gradient_descent.gradient_descent_1d")
@points(1)
def test_gradient_descent_1d(student):
    # (x - 3) ** 2 from x0 = 0: each step multiplies the distance to 3 by (1 - 2 * lr).
    lr, steps = 0.1, 10
    expected = 3 + (0 - 3) * (1 - 2 * lr) ** steps
    got = student.gradient_descent.gradient_descent_1d(functions_1d.quadratic_grad, 0.0, lr, steps)
    assert_close_number(got, expected, what=Msg("the final x", "最终的 x"), rel=1e-9)
