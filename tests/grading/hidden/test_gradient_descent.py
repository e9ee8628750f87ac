"""Hidden checks for topic `gradient_descent` (简单回归问题 / 回归问题实战): the course's run on
the kit's regression set (b = w = 0, learning rate 0.0001, 1000 iterations), iteration counts
0 and 1, one point, float64 and float32 tensors as well as numpy arrays, points left alone, and
the classic slips (a missing 2/N, a wrong sign, w updated with the new b, `=` for `+=`, an
iteration too many or too few, (w, b) for (b, w), float32 arithmetic on float64 data)."""

import math

import numpy as np
import pytest
import torch

from grader import functions_1d
from grader.checks import (
    assert_close_number,
    assert_inputs_unchanged,
    assert_sequence,
    fail,
    generator,
)
from grader.checks.devices import LeftOut
from grader.checks.oracle import oracle
from grader.data import load_regression_points
from grader.i18n import Msg, before_chinese
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "compute_error_for_line_given_points": LeftOut(
        meta="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
        cuda="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
    ),
    "step_gradient": LeftOut(
        meta="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
        cuda="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
    ),
    "gradient_descent_runner": LeftOut(
        meta="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
        cuda="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
    ),
    "fit_line_closed_form": LeftOut(
        meta="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
        cuda="points is a numpy array (the course's gd.py) and the answers are Python floats: no device to keep",
    ),
    "gradient_descent_1d": LeftOut(
        meta="a Python float in, a Python float out: no tensor, so no device",
        cuda="a Python float in, a Python float out: no tensor, so no device",
    ),
}

LESSON = cite("regression")
DTYPES = cite("dtypes_only")
F64 = {"rel": 1e-9, "abs_": 1e-12}  # float64 data: float64 arithmetic
F32 = {"rel": 1e-4, "abs_": 1e-6}  # float32 tensors: float32 arithmetic is fine


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"gradient_descent.{function}"), points(n)], id=id)


# -- the judge's own arithmetic, in float64 numpy, with the mistakes it can name -------------------
def _xy(pts):
    a = pts.numpy() if isinstance(pts, torch.Tensor) else pts
    a = a.astype(np.float64)
    return a[:, 0], a[:, 1]


def _error(b, w, pts):
    x, y = _xy(pts)
    return float(np.mean((y - (w * x + b)) ** 2))


def _step(b, w, pts, lr, *, scale=None, sign=1.0, sequential=False, last_only=False):
    """gd.py's step_gradient; the keywords make its mistakes."""
    x, y = _xy(pts)
    if last_only:
        x, y = x[-1:], y[-1:]
    n = len(_xy(pts)[0])
    scale = 2.0 / n if scale is None else scale
    error = y - (w * x + b)
    new_b = b - sign * lr * (-scale * error.sum())
    if sequential:
        error = y - (w * x + new_b)
    new_w = w - sign * lr * (-scale * (x * error).sum())
    return float(new_b), float(new_w)


@oracle
def _run(pts, b, w, lr, iterations, **mistake):
    for _ in range(iterations):
        b, w = _step(b, w, pts, lr, **mistake)
    return float(b), float(w)


def _gd_1d(grad, x0, lr, steps, *, sign=1.0, frozen=False):
    """The descent; None where a mistake's run overflows (climbing a quartic)."""
    x = float(x0)
    try:
        for _ in range(steps):
            x = x - sign * lr * grad(x0 if frozen else x)
    except OverflowError:
        return None
    return x


def _float32(pts):
    """The points as float32 numbers (what torch.FloatTensor(points) computes with)."""
    return _xy(pts)[0].astype(np.float32), _xy(pts)[1].astype(np.float32)


def _noisy_line(n, seed, *, slope=-0.8, intercept=3.0):
    g = generator(seed)
    x = torch.rand(n, generator=g, dtype=torch.float64) * 20 - 5
    y = slope * x + intercept + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)
    return torch.stack([x, y], dim=1).numpy()


# -- checking numbers, pairs, and points left alone -----------------------------------------------
def _as_number(v):
    """A 0-dim tensor or 0-dim numpy array counts as its number."""
    if isinstance(v, torch.Tensor) and v.dim() == 0 and not v.dtype.is_complex:
        return v.item()
    if isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "fiu":
        return v.item()
    return v


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _close(got, expected, rel, abs_):
    return all(math.isclose(g, e, rel_tol=rel, abs_tol=abs_) for g, e in zip(got, expected))


def _show(values):
    return repr(values[0]) if len(values) == 1 else "(" + ", ".join(map(repr, values)) + ")"


def _check(got, expected, *, what, names, rel, abs_, mistakes=None, float64=True):
    """`got` (a list of numbers) close to `expected`; a wrong answer that equals a known mistake's
    is told so, and one close to it but not within float64 precision is told about float32."""
    if all(_is_number(v) for v in got) and not _close(got, expected, rel, abs_):
        for name, candidate in (mistakes or {}).items():
            if candidate is None:
                continue
            candidate = list(candidate) if isinstance(candidate, (tuple, list)) else [candidate]
            if not _close(candidate, expected, rel, abs_) and _close(got, candidate, rel, abs_):
                fail(
                    f"{what} is {_show(got)}, expected {_show(expected)}. This looks like: {name}.",
                    f"{before_chinese(what)}是 {_show(got)}，应为 {_show(expected)}。很可能是这个错误：{name}。",
                )
        if float64 and _close(got, expected, 1e-4, abs_):
            fail(
                f"{what} is {_show(got)}, expected {_show(expected)}: close, but not to float64 "
                f"precision. Was it computed in float32 (torch.FloatTensor(points), "
                f"torch.tensor(points, dtype=torch.float), .float())? The data are float64: keep "
                f"them so with torch.as_tensor(points) or torch.from_numpy(points). {DTYPES}",
                f"{before_chinese(what)}是 {_show(got)}，应为 {_show(expected)}：很接近，但没有达到 float64 的精度。"
                f"是否用 float32 计算了（torch.FloatTensor(points)、dtype=torch.float、.float()）？"
                f"数据是 float64：请用 torch.as_tensor(points) 或 torch.from_numpy(points) 保持 float64。{DTYPES}",
            )
    for value, want, name in zip(got, expected, names):
        assert_close_number(
            value, want, what=_part(what, name) if name else what, rel=rel, abs_=abs_
        )


def _part(what, name):
    """`name` inside `what` (b inside the pair (b, w)), in both languages."""
    gap = " " if what.zh[-1:].isascii() else ""
    return Msg(f"{what.en}: {name}", f"{what.zh}{gap}中的 {name}")


def _check_number(got, expected, *, what, tol=F64, mistakes=None, float64=True):
    _check([got], [expected], what=what, names=[None], mistakes=mistakes, float64=float64, **tol)


def _check_pair(got, expected, *, what, tol=F64, mistakes=None, float64=True):
    """(b, w) as a tuple or list of 2 Python numbers (0-dim tensors accepted)."""
    assert_sequence(got, 2, what=what)
    values = [_as_number(v) for v in got]
    _check(values, expected, what=what, names=["b", "w"], mistakes=mistakes, float64=float64, **tol)


def _assert_points_unchanged(call, pts, index):
    after = call.inputs_after[0][index]
    if isinstance(pts, torch.Tensor):
        args = [None] * index + [pts]
        assert_inputs_unchanged(call, *args, names=[None] * index + ["points"])
        return
    if not (
        isinstance(after, np.ndarray) and after.shape == pts.shape and np.array_equal(after, pts)
    ):
        fail(
            "The function changed `points` in place. A numpy slice such as x = points[:, 0] is a "
            "view: x -= x.mean() or y -= ... writes into points, and so does an in-place op on "
            "torch.as_tensor(points) or torch.from_numpy(points), which share its memory. Use "
            "out-of-place arithmetic (x = x - x.mean()) or work on a copy (points.copy()).",
            "函数原地修改了 points。numpy 切片（如 x = points[:, 0]）是视图：x -= x.mean() 或 y -= ... "
            "会写回 points；对 torch.as_tensor(points) 或 torch.from_numpy(points) 做原地运算也一样，"
            "它们与 points 共享内存。请用非原地运算（x = x - x.mean()）或先复制（points.copy()）。",
        )


def _tensor_points(pts, dtype):
    return torch.from_numpy(pts).to(dtype)


# -- compute_error_for_line_given_points ----------------------------------------------------------
def _error_mistakes(b, w, pts):
    x, y = _xy(pts)
    residual = y - (w * x + b)
    x32, y32 = _float32(pts)
    return {
        Msg(
            f"the SUM of the squared errors; the error is their MEAN (divide by N) {LESSON.en}",
            f"求的是误差平方的和；误差应当是它们的均值（要除以 N）{LESSON.zh}",
        ): float((residual**2).sum()),
        Msg(
            f"the square root of the mean (RMSE); the error is the mean squared error {LESSON.en}",
            f"求的是均值的平方根（RMSE）；误差应当是均方误差{LESSON.zh}",
        ): math.sqrt(np.mean(residual**2)),
        Msg(
            f"the mean absolute error; the errors must be squared {LESSON.en}",
            f"求的是平均绝对误差；误差要先平方{LESSON.zh}",
        ): float(np.mean(np.abs(residual))),
        Msg(
            f"y - w * x + b: brackets missing, the prediction is (w * x + b) {LESSON.en}",
            f"y - w * x + b：漏了括号，预测值是 (w * x + b){LESSON.zh}",
        ): float(np.mean((y - w * x + b) ** 2)),
        Msg(
            f"x and y swapped: column 0 is x, column 1 is y {LESSON.en}",
            f"x 和 y 弄反了：第 0 列是 x，第 1 列是 y{LESSON.zh}",
        ): float(np.mean((x - (w * y + b)) ** 2)),
        Msg(
            f"computed in float32 (e.g. torch.FloatTensor(points)); keep the data's float64 {LESSON.en}",
            f"用 float32 计算了（例如 torch.FloatTensor(points)）；应保持数据的 float64{LESSON.zh}",
        ): float(np.mean((y32 - (np.float32(w) * x32 + np.float32(b))) ** 2, dtype=np.float32)),
    }


@pytest.mark.parametrize(
    "b, w",
    [
        _case(0.0, 0.0, function="compute_error_for_line_given_points", n=2, id="course-start"),
        _case(0.089, 1.477, function="compute_error_for_line_given_points", n=2, id="true-line"),
        _case(-3.5, 2.25, function="compute_error_for_line_given_points", n=2, id="far-line"),
    ],
)
def test_compute_error_course_data(student, b, w):
    pts = load_regression_points()
    got = student.gradient_descent.compute_error_for_line_given_points(b, w, pts)
    _check_number(
        got,
        _error(b, w, pts),
        what=Msg(
            "the mean squared error on the course's 100 points", "课程的 100 个点上的均方误差"
        ),
        mistakes=_error_mistakes(b, w, pts),
    )


@pytest.mark.parametrize(
    "dtype, tol",
    [
        _case(
            torch.float64, F64, function="compute_error_for_line_given_points", n=1, id="float64"
        ),
        _case(
            torch.float32, F32, function="compute_error_for_line_given_points", n=1, id="float32"
        ),
    ],
)
def test_compute_error_tensor_points(student, dtype, tol):
    pts = _tensor_points(_noisy_line(23, seed=101), dtype)
    got = student.gradient_descent.compute_error_for_line_given_points(0.75, -1.25, pts)
    _check_number(
        got,
        _error(0.75, -1.25, pts),
        what=Msg(
            f"the mean squared error of a {str(dtype).removeprefix('torch.')} tensor of points",
            f"点为 {str(dtype).removeprefix('torch.')} 张量时的均方误差",
        ),
        tol=tol,
        mistakes=_error_mistakes(0.75, -1.25, pts),
        float64=dtype == torch.float64,
    )


@exercise("gradient_descent.compute_error_for_line_given_points")
@points(1)
def test_compute_error_one_point(student):
    pts = np.array([[2.0, -1.0]])
    got = student.gradient_descent.compute_error_for_line_given_points(0.5, 1.5, pts)
    _check_number(
        got, 20.25, what=Msg("the mean squared error of one point", "只有一个点时的均方误差")
    )


@exercise("gradient_descent.compute_error_for_line_given_points")
@points(1)
def test_compute_error_leaves_points_alone(student):
    pts = _noisy_line(17, seed=102)
    call = student.gradient_descent.compute_error_for_line_given_points.call(1.0, 0.5, pts.copy())
    _check_number(
        call.value,
        _error(1.0, 0.5, pts),
        what=Msg("the mean squared error", "均方误差"),
        mistakes=_error_mistakes(1.0, 0.5, pts),
    )
    _assert_points_unchanged(call, pts, 2)


# -- step_gradient --------------------------------------------------------------------------------
def _step_mistakes(b, w, pts, lr):
    n = len(_xy(pts)[0])
    x, y = _xy(pts)
    error = y - (w * x + b)
    grads = (float(-2 / n * error.sum()), float(-2 / n * (x * error).sum()))
    right = _step(b, w, pts, lr)
    x32, y32 = _float32(pts)
    e32 = y32 - (np.float32(w) * x32 + np.float32(b))
    f32 = (
        float(b + lr * 2 * np.mean(e32, dtype=np.float32)),
        float(w + lr * 2 * np.mean(x32 * e32, dtype=np.float32)),
    )
    return {
        Msg(
            f"the 2/N factor is missing: the gradient of the MEAN squared error is -(2/N)·Σ(y - (w·x + b)) {LESSON.en}",
            f"漏了系数 2/N：均方误差的梯度是 -(2/N)·Σ(y - (w·x + b)){LESSON.zh}",
        ): _step(b, w, pts, lr, scale=1.0),
        Msg(
            f"the 1/N is missing: the loss is a mean, so its gradient is -(2/N)·Σ(...), not -2·Σ(...) {LESSON.en}",
            f"漏了 1/N：损失是均值，所以它的梯度是 -(2/N)·Σ(...)，而不是 -2·Σ(...){LESSON.zh}",
        ): _step(b, w, pts, lr, scale=2.0),
        Msg(
            f"the factor 2 is missing: d/db of (y - (w·x + b))² is -2·(y - (w·x + b)) {LESSON.en}",
            f"漏了系数 2：(y - (w·x + b))² 对 b 的导数是 -2·(y - (w·x + b)){LESSON.zh}",
        ): _step(b, w, pts, lr, scale=1.0 / n),
        Msg(
            f"a wrong sign: the step goes uphill; new = current - learning_rate · gradient, with gradient = -(2/N)·Σ(...) {LESSON.en}",
            f"符号错了：这一步在往上坡走；新值 = 当前值 - learning_rate · 梯度，其中梯度 = -(2/N)·Σ(...){LESSON.zh}",
        ): _step(b, w, pts, lr, sign=-1.0),
        Msg(
            f"w's gradient was computed with the NEW b: compute both gradients from the current b and w, then update both {LESSON.en}",
            f"w 的梯度是用更新后的 b 算的：应先用当前的 b 和 w 算出两个梯度，再同时更新两者{LESSON.zh}",
        ): _step(b, w, pts, lr, sequential=True),
        Msg(
            f"`b_gradient = ...` instead of `b_gradient += ...` in the loop: only the last point counts {LESSON.en}",
            f"循环里写成了 `b_gradient = ...` 而不是 `b_gradient += ...`：只有最后一个点起作用{LESSON.zh}",
        ): _step(b, w, pts, lr, last_only=True),
        Msg(
            f"(w, b) returned instead of (b, w): gd.py returns [new_b, new_w] {LESSON.en}",
            f"返回了 (w, b) 而不是 (b, w)：gd.py 返回的是 [new_b, new_w]{LESSON.zh}",
        ): right[::-1],
        Msg(
            f"the gradients were returned, not the new b and w {LESSON.en}",
            f"返回的是梯度，而不是新的 b 和 w{LESSON.zh}",
        ): grads,
        Msg(
            f"computed in float32 (e.g. torch.FloatTensor(points)); keep the data's float64 {LESSON.en}",
            f"用 float32 计算了（例如 torch.FloatTensor(points)）；应保持数据的 float64{LESSON.zh}",
        ): f32,
    }


@pytest.mark.parametrize(
    "b, w, lr",
    [
        _case(0.0, 0.0, 0.0001, function="step_gradient", n=2, id="course-first-step"),
        _case(1.0, 1.0, 0.0001, function="step_gradient", n=2, id="from-1-1"),
        _case(5.0, -1.0, 0.0002, function="step_gradient", n=2, id="from-5-minus-1"),
    ],
)
def test_step_gradient_course_data(student, b, w, lr):
    pts = load_regression_points()
    got = student.gradient_descent.step_gradient(b, w, pts, lr)
    _check_pair(
        got,
        _step(b, w, pts, lr),
        what=Msg(
            "(new_b, new_w) after one step on the course's 100 points",
            "在课程的 100 个点上走一步后的 (new_b, new_w)",
        ),
        mistakes=_step_mistakes(b, w, pts, lr),
    )


@pytest.mark.parametrize(
    "dtype, tol",
    [
        _case(torch.float64, F64, function="step_gradient", n=1, id="float64"),
        _case(torch.float32, F32, function="step_gradient", n=1, id="float32"),
    ],
)
def test_step_gradient_tensor_points(student, dtype, tol):
    pts = _tensor_points(_noisy_line(31, seed=103), dtype)
    got = student.gradient_descent.step_gradient(-0.5, 0.25, pts, 0.01)
    _check_pair(
        got,
        _step(-0.5, 0.25, pts, 0.01),
        what=Msg(
            f"(new_b, new_w) for a {str(dtype).removeprefix('torch.')} tensor of points",
            f"点为 {str(dtype).removeprefix('torch.')} 张量时的 (new_b, new_w)",
        ),
        tol=tol,
        mistakes=_step_mistakes(-0.5, 0.25, pts, 0.01),
        float64=dtype == torch.float64,
    )


@exercise("gradient_descent.step_gradient")
@points(1)
def test_step_gradient_one_point(student):
    pts = np.array([[3.0, 1.0]])
    # error = 1 - (2·3 + 1) = -6; ∂b = -2·(-6) = 12, ∂w = -2·3·(-6) = 36
    got = student.gradient_descent.step_gradient(1.0, 2.0, pts, 0.05)
    _check_pair(
        got,
        (1.0 - 0.05 * 12, 2.0 - 0.05 * 36),
        what=Msg("(new_b, new_w) for one point", "只有一个点时的 (new_b, new_w)"),
        mistakes=_step_mistakes(1.0, 2.0, pts, 0.05),
    )


@exercise("gradient_descent.step_gradient")
@points(1)
def test_step_gradient_leaves_points_alone(student):
    pts = _noisy_line(19, seed=104)
    call = student.gradient_descent.step_gradient.call(0.2, 0.3, pts.copy(), 0.02)
    _check_pair(
        call.value,
        _step(0.2, 0.3, pts, 0.02),
        what=Msg.code("(new_b, new_w)"),
        mistakes=_step_mistakes(0.2, 0.3, pts, 0.02),
    )
    _assert_points_unchanged(call, pts, 2)


# -- gradient_descent_runner ----------------------------------------------------------------------
def _runner_mistakes(pts, b, w, lr, iterations):
    right = _run(pts, b, w, lr, iterations)
    return {
        Msg(
            f"one iteration too many: run step_gradient exactly num_iterations times (range(num_iterations)) {LESSON.en}",
            f"多迭代了一次：step_gradient 应恰好运行 num_iterations 次（range(num_iterations)）{LESSON.zh}",
        ): _run(pts, b, w, lr, iterations + 1),
        Msg(
            f"one iteration too few: range(num_iterations) already counts from 0 {LESSON.en}",
            f"少迭代了一次：range(num_iterations) 本来就从 0 开始计数{LESSON.zh}",
        ): _run(pts, b, w, lr, iterations - 1) if iterations > 0 else None,
        Msg(
            f"started from b = w = 0 instead of starting_b, starting_w {LESSON.en}",
            f"从 b = w = 0 出发，而不是从 starting_b、starting_w 出发{LESSON.zh}",
        ): _run(pts, 0.0, 0.0, lr, iterations),
        Msg(
            f"(w, b) returned instead of (b, w) {LESSON.en}",
            f"返回了 (w, b) 而不是 (b, w){LESSON.zh}",
        ): right[::-1],
        Msg(
            f"returned inside the loop, after the first iteration: return after the for loop ends {LESSON.en}",
            f"在循环内部、第一次迭代后就返回了：应在 for 循环结束后再返回{LESSON.zh}",
        ): _run(pts, b, w, lr, 1) if iterations > 1 else None,
        Msg(
            f"a wrong sign in the step: the loss goes up {LESSON.en}",
            f"更新的符号错了：损失在上升{LESSON.zh}",
        ): _run(pts, b, w, lr, iterations, sign=-1.0),
        Msg(
            f"w's gradient was computed with the new b: compute both from the current b and w {LESSON.en}",
            f"w 的梯度是用更新后的 b 算的：两个梯度都应由当前的 b 和 w 算出{LESSON.zh}",
        ): _run(pts, b, w, lr, iterations, sequential=True),
    }


@exercise("gradient_descent.gradient_descent_runner")
@points(3)
def test_runner_course_run(student):
    pts = load_regression_points()
    got = student.gradient_descent.gradient_descent_runner(pts, 0.0, 0.0, 0.0001, 1000)
    expected = _run(pts, 0.0, 0.0, 0.0001, 1000)
    _check_pair(
        got,
        expected,
        what=Msg(
            "(b, w) after the course's run (b = w = 0, learning rate 0.0001, 1000 iterations)",
            "按课程的设置（b = w = 0，学习率 0.0001，迭代 1000 次）运行后的 (b, w)",
        ),
        mistakes=_runner_mistakes(pts, 0.0, 0.0, 0.0001, 1000),
    )


@pytest.mark.parametrize(
    "iterations",
    [
        _case(0, function="gradient_descent_runner", n=1, id="zero-iterations"),
        _case(1, function="gradient_descent_runner", n=1, id="one-iteration"),
        _case(7, function="gradient_descent_runner", n=2, id="seven-iterations"),
    ],
)
def test_runner_iteration_counts(student, iterations):
    pts = _noisy_line(25, seed=105)
    got = student.gradient_descent.gradient_descent_runner(pts, 2.0, -0.5, 0.004, iterations)
    _check_pair(
        got,
        _run(pts, 2.0, -0.5, 0.004, iterations),
        what=Msg(
            f"(b, w) after {iterations} iteration(s) from b = 2, w = -0.5",
            f"从 b = 2、w = -0.5 出发迭代 {iterations} 次后的 (b, w)",
        ),
        mistakes=_runner_mistakes(pts, 2.0, -0.5, 0.004, iterations),
    )


@pytest.mark.parametrize(
    "dtype, tol",
    [
        _case(torch.float64, F64, function="gradient_descent_runner", n=1, id="float64"),
        _case(torch.float32, F32, function="gradient_descent_runner", n=1, id="float32"),
    ],
)
def test_runner_tensor_points(student, dtype, tol):
    pts = _tensor_points(_noisy_line(15, seed=106), dtype)
    got = student.gradient_descent.gradient_descent_runner(pts, 1.0, 1.0, 0.003, 20)
    _check_pair(
        got,
        _run(pts, 1.0, 1.0, 0.003, 20),
        what=Msg(
            f"(b, w) after 20 iterations on a {str(dtype).removeprefix('torch.')} tensor of points",
            f"点为 {str(dtype).removeprefix('torch.')} 张量时迭代 20 次后的 (b, w)",
        ),
        tol=tol,
        mistakes=_runner_mistakes(pts, 1.0, 1.0, 0.003, 20),
        float64=dtype == torch.float64,
    )


@exercise("gradient_descent.gradient_descent_runner")
@points(1)
def test_runner_leaves_points_alone(student):
    pts = _noisy_line(12, seed=107)
    call = student.gradient_descent.gradient_descent_runner.call(pts.copy(), 0.5, 0.5, 0.005, 5)
    _check_pair(
        call.value,
        _run(pts, 0.5, 0.5, 0.005, 5),
        what=Msg("(b, w) after 5 iterations", "迭代 5 次后的 (b, w)"),
        mistakes=_runner_mistakes(pts, 0.5, 0.5, 0.005, 5),
    )
    _assert_points_unchanged(call, pts, 0)


# -- fit_line_closed_form -------------------------------------------------------------------------
def _fit(pts):
    x, y = _xy(pts)
    dx, dy = x - x.mean(), y - y.mean()
    w = (dx * dy).sum() / (dx * dx).sum()
    return float(y.mean() - w * x.mean()), float(w)


def _fit_mistakes(pts):
    x, y = _xy(pts)
    b, w = _fit(pts)
    n = len(x)
    w_unbiased = w * (n - 1) / n
    return {
        Msg(
            f"(w, b) returned instead of (b, w): numpy.polyfit(x, y, 1) gives [w, b], slope first {LESSON.en}",
            f"返回了 (w, b) 而不是 (b, w)：numpy.polyfit(x, y, 1) 给出的是 [w, b]，斜率在前{LESSON.zh}",
        ): (
            w,
            b,
        ),
        Msg(
            f"a line through the origin (no intercept): the design matrix needs a column of ones for b {LESSON.en}",
            f"拟合的是过原点的直线（没有截距）：设计矩阵需要为 b 加一列全 1{LESSON.zh}",
        ): (
            0.0,
            float((x * y).sum() / (x * x).sum()),
        ),
        Msg(
            f"a biased covariance over an unbiased variance (x.var() divides by N-1 by default): use the same divisor in both {LESSON.en}",
            f"用有偏的协方差除以无偏的方差（x.var() 默认除以 N-1）：两者要用相同的除数{LESSON.zh}",
        ): (
            float(y.mean() - w_unbiased * x.mean()),
            float(w_unbiased),
        ),
        Msg(
            f"x and y swapped: column 0 is x, column 1 is y {LESSON.en}",
            f"x 和 y 弄反了：第 0 列是 x，第 1 列是 y{LESSON.zh}",
        ): _fit(pts[:, ::-1].copy()) if isinstance(pts, np.ndarray) else None,
    }


@exercise("gradient_descent.fit_line_closed_form")
@points(2)
def test_fit_line_course_data(student):
    pts = load_regression_points()
    w, b = np.polyfit(pts[:, 0], pts[:, 1], 1)
    _check_pair(
        student.gradient_descent.fit_line_closed_form(pts),
        (float(b), float(w)),
        what=Msg(
            "the least-squares (b, w) of the course's 100 points",
            "课程的 100 个点的最小二乘 (b, w)",
        ),
        mistakes=_fit_mistakes(pts),
    )


@exercise("gradient_descent.fit_line_closed_form")
@points(2)
def test_fit_line_exact_line(student):
    # every point on y = -2 x + 7, at uneven x: the fit must give the line back
    x = np.array([-3.0, -0.5, 0.0, 1.25, 4.0, 9.5])
    pts = np.stack([x, -2.0 * x + 7.0], axis=1)
    _check_pair(
        student.gradient_descent.fit_line_closed_form(pts),
        (7.0, -2.0),
        what=Msg(
            "(b, w) for points exactly on y = -2x + 7", "点恰好都在 y = -2x + 7 上时的 (b, w)"
        ),
        mistakes=_fit_mistakes(pts),
    )


@exercise("gradient_descent.fit_line_closed_form")
@points(1)
def test_fit_line_two_points(student):
    pts = np.array([[1.0, 4.0], [3.0, 0.0]])  # the line through both: y = -2x + 6
    _check_pair(
        student.gradient_descent.fit_line_closed_form(pts),
        (6.0, -2.0),
        what=Msg("(b, w) for two points", "只有两个点时的 (b, w)"),
        mistakes=_fit_mistakes(pts),
    )


@pytest.mark.parametrize(
    "dtype, tol",
    [
        _case(torch.float64, F64, function="fit_line_closed_form", n=1, id="float64"),
        _case(torch.float32, F32, function="fit_line_closed_form", n=1, id="float32"),
    ],
)
def test_fit_line_tensor_points(student, dtype, tol):
    pts = _tensor_points(_noisy_line(40, seed=108, slope=0.3, intercept=-2.0), dtype)
    design = torch.stack([torch.ones(40, dtype=torch.float64), pts[:, 0].double()], dim=1)
    solution = torch.linalg.lstsq(design, pts[:, 1:].double()).solution
    _check_pair(
        student.gradient_descent.fit_line_closed_form(pts),
        (solution[0, 0].item(), solution[1, 0].item()),
        what=Msg(
            f"the least-squares (b, w) of a {str(dtype).removeprefix('torch.')} tensor of points",
            f"点为 {str(dtype).removeprefix('torch.')} 张量时的最小二乘 (b, w)",
        ),
        tol=tol,
        mistakes=_fit_mistakes(pts),
        float64=dtype == torch.float64,
    )


@exercise("gradient_descent.fit_line_closed_form")
@points(1)
def test_fit_line_leaves_points_alone(student):
    pts = _noisy_line(21, seed=109)
    call = student.gradient_descent.fit_line_closed_form.call(pts.copy())
    _check_pair(
        call.value,
        _fit(pts),
        what=Msg("the least-squares (b, w)", "最小二乘 (b, w)"),
        mistakes=_fit_mistakes(pts),
    )
    _assert_points_unchanged(call, pts, 0)


# -- gradient_descent_1d --------------------------------------------------------------------------
def _gd_1d_mistakes(grad, x0, lr, steps):
    return {
        Msg(
            f"x + learning_rate·grad(x) climbs: descent subtracts the gradient {LESSON.en}",
            f"x + learning_rate·grad(x) 是在往上爬：梯度下降要减去梯度{LESSON.zh}",
        ): _gd_1d(grad, x0, lr, steps, sign=-1.0),
        Msg(
            f"one step too many: repeat exactly `steps` times {LESSON.en}",
            f"多走了一步：应恰好重复 `steps` 次{LESSON.zh}",
        ): _gd_1d(grad, x0, lr, steps + 1),
        Msg(f"one step too few {LESSON.en}", f"少走了一步{LESSON.zh}"): _gd_1d(
            grad, x0, lr, steps - 1
        )
        if steps > 0
        else None,
        Msg(
            f"the derivative was always taken at x0: evaluate grad at the current x in every step {LESSON.en}",
            f"导数一直是在 x0 处求的：每一步都要在当前的 x 处计算 grad{LESSON.zh}",
        ): _gd_1d(grad, x0, lr, steps, frozen=True),
    }


@pytest.mark.parametrize(
    "grad, name, x0, lr, steps",
    [
        _case(
            functions_1d.quadratic_grad,
            "(x - 3)²",
            -2.0,
            0.1,
            25,
            function="gradient_descent_1d",
            n=2,
            id="quadratic",
        ),
        _case(
            functions_1d.quartic_grad,
            "x⁴ - 3x³ + 2",
            6.0,
            0.01,
            40,
            function="gradient_descent_1d",
            n=2,
            id="quartic",
        ),
        _case(
            functions_1d.wide_bowl_grad,
            "0.5·(x + 1.5)² + 1",
            4.0,
            0.3,
            12,
            function="gradient_descent_1d",
            n=2,
            id="wide-bowl",
        ),
    ],
)
def test_gradient_descent_1d_functions(student, grad, name, x0, lr, steps):
    got = student.gradient_descent.gradient_descent_1d(grad, x0, lr, steps)
    _check_number(
        got,
        _gd_1d(grad, x0, lr, steps),
        what=Msg(
            f"the final x on {name} from x0 = {x0} after {steps} steps of learning rate {lr}",
            f"在 {name} 上从 x0 = {x0} 出发、以学习率 {lr} 走 {steps} 步后最终的 x",
        ),
        mistakes=_gd_1d_mistakes(grad, x0, lr, steps),
    )


@pytest.mark.parametrize(
    "steps",
    [
        _case(0, function="gradient_descent_1d", n=1, id="zero-steps"),
        _case(1, function="gradient_descent_1d", n=1, id="one-step"),
        _case(3, function="gradient_descent_1d", n=1, id="three-steps"),
    ],
)
def test_gradient_descent_1d_step_counts(student, steps):
    grad = functions_1d.quadratic_grad
    got = student.gradient_descent.gradient_descent_1d(grad, 10.0, 0.2, steps)
    _check_number(
        got,
        _gd_1d(grad, 10.0, 0.2, steps),
        what=Msg(
            f"the final x after {steps} step(s) on (x - 3)² from x0 = 10",
            f"在 (x - 3)² 上从 x0 = 10 出发走 {steps} 步后最终的 x",
        ),
        mistakes=_gd_1d_mistakes(grad, 10.0, 0.2, steps),
    )


@exercise("gradient_descent.gradient_descent_1d")
@points(1)
def test_gradient_descent_1d_reaches_the_minimum(student):
    # x^4 - 3x^3 + 2 from x0 = 6: the local minimum is at 9/4
    got = student.gradient_descent.gradient_descent_1d(functions_1d.quartic_grad, 6.0, 0.01, 500)
    _check_number(
        got,
        _gd_1d(functions_1d.quartic_grad, 6.0, 0.01, 500),
        what=Msg(
            "the final x on x⁴ - 3x³ + 2 from x0 = 6 (the minimum is at 2.25)",
            "在 x⁴ - 3x³ + 2 上从 x0 = 6 出发最终的 x（极小值点在 2.25）",
        ),
        mistakes=_gd_1d_mistakes(functions_1d.quartic_grad, 6.0, 0.01, 500),
    )
    assert_close_number(got, 2.25, what=Msg("the final x", "最终的 x"), rel=1e-6)


# No device-agreement (CUDA) cases in this topic: its functions give Python numbers, and the
# course's own way (gd.py) works on numpy arrays; the correct numpy answers (and others that turn
# numbers into CPU tensors) cannot take points on CUDA, so a CUDA case would cost them a point.
