"""简单回归问题 / 回归问题实战 — Simple regression and regression in practice (lessons 4–6).

第4–6课「简单回归问题 / 回归问题实战」。

Fit a line ``y = w * x + b`` to points by gradient descent on the mean squared error, as the
course's ``gd.py`` does, then compare with the least-squares answer in closed form, and run
gradient descent on a function of one variable.

像课程的 ``gd.py`` 那样，用梯度下降最小化均方误差，把直线 ``y = w * x + b`` 拟合到一组点上；再与
最小二乘的闭式解比较；最后对一元函数做梯度下降。

``points`` is an ``[N, 2]`` array: column 0 holds x, column 1 holds y (the course loads it with
``numpy.genfromtxt("data.csv", delimiter=",")``; here ``grader.data.load_regression_points()``
gives 100 such points). Every function accepts a numpy array or a ``torch.Tensor`` for ``points``
(``torch.as_tensor(points)`` turns either into a tensor and keeps float64 as float64) and never
changes it. Loops over the points as in ``gd.py`` are fine; so are vectorised tensor operations.

``points`` 是 ``[N, 2]`` 的数组：第 0 列是 x，第 1 列是 y（课程用
``numpy.genfromtxt("data.csv", delimiter=",")`` 读入；这里 ``grader.data.load_regression_points()``
给出 100 个这样的点）。每个函数的 ``points`` 既可以是 numpy 数组，也可以是 ``torch.Tensor``
（``torch.as_tensor(points)`` 能把两者都变成张量，并保持 float64 不变），并且不能修改它。像 ``gd.py``
那样对点做循环可以；用向量化的张量运算也可以。
"""

import torch


def compute_error_for_line_given_points(b: float, w: float, points) -> float:
    """The mean squared error of the line ``y = w * x + b`` on ``points``.
    直线 ``y = w * x + b`` 在 ``points`` 上的均方误差。

    简单回归问题 / Simple regression (lessons 4–6): the loss is the MEAN over the N points of
    ``(y - (w * x + b)) ** 2``, the squared vertical distance from each point to the line, as
    ``compute_error_for_line_given_points`` in the course's ``gd.py``.

    第4–6课「简单回归问题」：损失是 ``(y - (w * x + b)) ** 2`` 在 N 个点上的均值（每个点到直线的
    竖直距离的平方），与课程 ``gd.py`` 中的 ``compute_error_for_line_given_points`` 相同。

    Args:
        b: the intercept, a Python number. / 截距，Python 数字。
        w: the slope, a Python number. / 斜率，Python 数字。
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y. / ``[N, 2]`` 的
            numpy 数组或张量；第 0 列是 x，第 1 列是 y。

    Returns:
        a Python float (not a tensor: use ``.item()`` or ``float(...)``).
        Python float（不是张量：请用 ``.item()`` 或 ``float(...)``）。

    Example:
        >>> import numpy as np
        >>> compute_error_for_line_given_points(0.0, 1.0, np.array([[1.0, 2.0], [3.0, 3.0]]))
        0.5
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def step_gradient(b_current: float, w_current: float, points, learning_rate: float):
    """One step of (batch) gradient descent on the mean squared error of the line.
    对直线的均方误差做一步（批量）梯度下降。

    回归问题实战 / Regression in practice (lessons 4–6), ``step_gradient`` of the course's
    ``gd.py``. With ``loss = (1/N) * Σ (y - (w * x + b)) ** 2`` over the N points:

    第4–6课「回归问题实战」，即课程 ``gd.py`` 中的 ``step_gradient``。对 N 个点取
    ``loss = (1/N) * Σ (y - (w * x + b)) ** 2``，有：

        ∂loss/∂b = -(2/N) * Σ (y - (w * x + b))
        ∂loss/∂w = -(2/N) * Σ x * (y - (w * x + b))

    both computed at the CURRENT ``b`` and ``w``; then each moves against its gradient:
    ``new_b = b - learning_rate * ∂loss/∂b`` and ``new_w = w - learning_rate * ∂loss/∂w``. Do
    not use the new ``b`` to compute the gradient of ``w``.

    两个梯度都在当前的 ``b`` 和 ``w`` 处计算；然后各自沿梯度的反方向移动：
    ``new_b = b - learning_rate * ∂loss/∂b``，``new_w = w - learning_rate * ∂loss/∂w``。不要用
    更新后的 ``b`` 去计算 ``w`` 的梯度。

    Args:
        b_current, w_current: the line now, Python numbers. / 当前的直线，Python 数字。
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y. / ``[N, 2]`` 的
            numpy 数组或张量；第 0 列是 x，第 1 列是 y。
        learning_rate: a Python number, e.g. ``0.0001``. / 学习率，Python 数字，例如 ``0.0001``。

    Returns:
        ``(new_b, new_w)``: a tuple or a list, of Python floats (0-dim tensors are accepted too).
        由 Python float 组成的 tuple 或 list（0 维张量也接受）。

    Example:
        >>> import numpy as np
        >>> step_gradient(0.0, 0.0, np.array([[1.0, 2.0], [3.0, 4.0]]), 0.1)
        (0.6000000000000001, 1.4000000000000001)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gradient_descent_runner(
    points, starting_b: float, starting_w: float, learning_rate: float, num_iterations: int
):
    """Gradient descent: ``num_iterations`` steps of ``step_gradient`` from
    ``(starting_b, starting_w)``.
    梯度下降：从 ``(starting_b, starting_w)`` 出发，做 ``num_iterations`` 次 ``step_gradient``。

    回归问题实战 / Regression in practice (lessons 4–6), ``gradient_descent_runner`` of the
    course's ``gd.py``: ``b, w = step_gradient(b, w, points, learning_rate)`` repeated exactly
    ``num_iterations`` times (0 iterations give back the starting values). The course runs it on
    its ``data.csv`` with ``b = w = 0``, ``learning_rate = 0.0001`` and 1000 iterations.

    第4–6课「回归问题实战」，即课程 ``gd.py`` 中的 ``gradient_descent_runner``：把
    ``b, w = step_gradient(b, w, points, learning_rate)`` 恰好重复 ``num_iterations`` 次（迭代 0 次
    则返回起始值）。课程在它的 ``data.csv`` 上以 ``b = w = 0``、``learning_rate = 0.0001``
    迭代 1000 次。

    Args:
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y. / ``[N, 2]`` 的
            numpy 数组或张量；第 0 列是 x，第 1 列是 y。
        starting_b, starting_w: where to start, Python numbers. / 起点，Python 数字。
        learning_rate: a Python number.
        num_iterations: an int ``>= 0``.

    Returns:
        ``(b, w)``: a tuple or a list, of Python floats (0-dim tensors are accepted too).
        由 Python float 组成的 tuple 或 list（0 维张量也接受）。

    Example:
        >>> import numpy as np
        >>> gradient_descent_runner(np.array([[1.0, 2.0], [3.0, 4.0]]), 0.0, 0.0, 0.1, 1)
        (0.6000000000000001, 1.4000000000000001)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def fit_line_closed_form(points):
    """The least-squares line through ``points``, in closed form (no iterations).
    用闭式解（不迭代）求 ``points`` 的最小二乘直线。

    回归问题实战 / Regression in practice (lessons 4–6): the ``(b, w)`` that gradient descent
    approaches, in one step. With the means ``x̄`` and ``ȳ``:

    第4–6课「回归问题实战」：一步求出梯度下降所逼近的 ``(b, w)``。记均值为 ``x̄`` 和 ``ȳ``：

        w = Σ (x - x̄)(y - ȳ) / Σ (x - x̄)²        b = ȳ - w * x̄

    (the same as ``numpy.polyfit(x, y, 1)``, which returns ``[w, b]`` in THAT order, or
    ``torch.linalg.lstsq`` on the columns ``[1, x]``). The x values are not all equal.

    （与 ``numpy.polyfit(x, y, 1)`` 相同，但它按 ``[w, b]`` 的顺序返回；也与对列 ``[1, x]`` 做
    ``torch.linalg.lstsq`` 相同。）x 的值不会全都相等。

    Args:
        points: ``[N, 2]`` numpy array or tensor, ``N >= 2``; column 0 is x, column 1 is y.
            ``[N, 2]`` 的 numpy 数组或张量，``N >= 2``；第 0 列是 x，第 1 列是 y。

    Returns:
        ``(b, w)``, intercept first: a tuple or a list, of Python floats (0-dim tensors are
        accepted too).
        截距在前：由 Python float 组成的 tuple 或 list（0 维张量也接受）。

    Example:
        >>> import numpy as np
        >>> fit_line_closed_form(np.array([[0.0, 1.0], [1.0, 3.0], [2.0, 5.0]]))
        (1.0, 2.0)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gradient_descent_1d(grad, x0: float, learning_rate: float, steps: int) -> float:
    """Minimise a function of one variable by gradient descent, given its derivative.
    已知一元函数的导数，用梯度下降求它的极小值。

    简单回归问题 / Simple regression (lessons 4–6): starting at ``x = x0``, repeat exactly
    ``steps`` times ``x = x - learning_rate * grad(x)`` (0 steps give back ``x0``), always
    evaluating the derivative at the CURRENT x.

    第4–6课「简单回归问题」：从 ``x = x0`` 出发，把 ``x = x - learning_rate * grad(x)`` 恰好重复
    ``steps`` 次（0 步则返回 ``x0``），每次都在当前的 x 处计算导数。

    Args:
        grad: a function of one float returning the derivative there, e.g.
            ``lambda x: 2 * (x - 3)`` for ``(x - 3) ** 2``.
            接受一个 float、返回该处导数的函数，例如 ``(x - 3) ** 2`` 对应
            ``lambda x: 2 * (x - 3)``。
        x0: the starting point, a Python number. / 起点，Python 数字。
        learning_rate: a Python number ``> 0``.
        steps: an int ``>= 0``.

    Returns:
        the final x, a Python float. / 最终的 x，Python float。

    Example:
        >>> gradient_descent_1d(lambda x: 2 * (x - 3), 0.0, 0.25, 2)
        2.25
    """
    # YOUR CODE HERE
    raise NotImplementedError()
