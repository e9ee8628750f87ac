"""简单回归问题 / 回归问题实战 — Simple regression and regression in practice (lessons 4–6).

Fit a line ``y = w * x + b`` to points by gradient descent on the mean squared error, as the
course's ``gd.py`` does, then compare with the least-squares answer in closed form, and run
gradient descent on a function of one variable.

``points`` is an ``[N, 2]`` array: column 0 holds x, column 1 holds y (the course loads it with
``numpy.genfromtxt("data.csv", delimiter=",")``; here ``grader.data.load_regression_points()``
gives 100 such points). Every function accepts a numpy array or a ``torch.Tensor`` for ``points``
(``torch.as_tensor(points)`` turns either into a tensor and keeps float64 as float64) and never
changes it. Loops over the points as in ``gd.py`` are fine; so are vectorised tensor operations.
"""

import torch


def compute_error_for_line_given_points(b: float, w: float, points) -> float:
    """The mean squared error of the line ``y = w * x + b`` on ``points``.

    简单回归问题 / Simple regression (lessons 4–6): the loss is the MEAN over the N points of
    ``(y - (w * x + b)) ** 2``, the squared vertical distance from each point to the line, as
    ``compute_error_for_line_given_points`` in the course's ``gd.py``.

    Args:
        b: the intercept, a Python number.
        w: the slope, a Python number.
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y.

    Returns:
        a Python float (not a tensor: use ``.item()`` or ``float(...)``).

    Example:
        >>> import numpy as np
        >>> compute_error_for_line_given_points(0.0, 1.0, np.array([[1.0, 2.0], [3.0, 3.0]]))
        0.5
    """
    ### BEGIN SOLUTION
    pts = torch.as_tensor(points)
    x, y = pts[:, 0], pts[:, 1]
    return ((y - (w * x + b)) ** 2).mean().item()
    ### END SOLUTION


def step_gradient(b_current: float, w_current: float, points, learning_rate: float):
    """One step of (batch) gradient descent on the mean squared error of the line.

    回归问题实战 / Regression in practice (lessons 4–6), ``step_gradient`` of the course's
    ``gd.py``. With ``loss = (1/N) * Σ (y - (w * x + b)) ** 2`` over the N points:

        ∂loss/∂b = -(2/N) * Σ (y - (w * x + b))
        ∂loss/∂w = -(2/N) * Σ x * (y - (w * x + b))

    both computed at the CURRENT ``b`` and ``w``; then each moves against its gradient:
    ``new_b = b - learning_rate * ∂loss/∂b`` and ``new_w = w - learning_rate * ∂loss/∂w``. Do
    not use the new ``b`` to compute the gradient of ``w``.

    Args:
        b_current, w_current: the line now, Python numbers.
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y.
        learning_rate: a Python number, e.g. ``0.0001``.

    Returns:
        ``(new_b, new_w)``: a tuple or a list, of Python floats (0-dim tensors are accepted too).

    Example:
        >>> import numpy as np
        >>> step_gradient(0.0, 0.0, np.array([[1.0, 2.0], [3.0, 4.0]]), 0.1)
        (0.6000000000000001, 1.4000000000000001)
    """
    ### BEGIN SOLUTION
    pts = torch.as_tensor(points)
    x, y = pts[:, 0], pts[:, 1]
    n = pts.shape[0]
    error = y - (w_current * x + b_current)
    b_gradient = -(2 / n) * error.sum()
    w_gradient = -(2 / n) * (x * error).sum()
    new_b = b_current - learning_rate * b_gradient
    new_w = w_current - learning_rate * w_gradient
    return new_b.item(), new_w.item()
    ### END SOLUTION


def gradient_descent_runner(
    points, starting_b: float, starting_w: float, learning_rate: float, num_iterations: int
):
    """Gradient descent: ``num_iterations`` steps of ``step_gradient`` from
    ``(starting_b, starting_w)``.

    回归问题实战 / Regression in practice (lessons 4–6), ``gradient_descent_runner`` of the
    course's ``gd.py``: ``b, w = step_gradient(b, w, points, learning_rate)`` repeated exactly
    ``num_iterations`` times (0 iterations give back the starting values). The course runs it on
    its ``data.csv`` with ``b = w = 0``, ``learning_rate = 0.0001`` and 1000 iterations.

    Args:
        points: ``[N, 2]`` numpy array or tensor; column 0 is x, column 1 is y.
        starting_b, starting_w: where to start, Python numbers.
        learning_rate: a Python number.
        num_iterations: an int ``>= 0``.

    Returns:
        ``(b, w)``: a tuple or a list, of Python floats (0-dim tensors are accepted too).

    Example:
        >>> import numpy as np
        >>> gradient_descent_runner(np.array([[1.0, 2.0], [3.0, 4.0]]), 0.0, 0.0, 0.1, 1)
        (0.6000000000000001, 1.4000000000000001)
    """
    ### BEGIN SOLUTION
    pts = torch.as_tensor(points)
    x, y = pts[:, 0], pts[:, 1]
    b, w = float(starting_b), float(starting_w)
    for _ in range(num_iterations):
        error = y - (w * x + b)
        b, w = (
            b + learning_rate * 2 * error.mean().item(),
            w + learning_rate * 2 * (x * error).mean().item(),
        )
    return b, w
    ### END SOLUTION


def fit_line_closed_form(points):
    """The least-squares line through ``points``, in closed form (no iterations).

    回归问题实战 / Regression in practice (lessons 4–6): the ``(b, w)`` that gradient descent
    approaches, in one step. With the means ``x̄`` and ``ȳ``:

        w = Σ (x - x̄)(y - ȳ) / Σ (x - x̄)²        b = ȳ - w * x̄

    (the same as ``numpy.polyfit(x, y, 1)``, which returns ``[w, b]`` in THAT order, or
    ``torch.linalg.lstsq`` on the columns ``[1, x]``). The x values are not all equal.

    Args:
        points: ``[N, 2]`` numpy array or tensor, ``N >= 2``; column 0 is x, column 1 is y.

    Returns:
        ``(b, w)``, intercept first: a tuple or a list, of Python floats (0-dim tensors are
        accepted too).

    Example:
        >>> import numpy as np
        >>> fit_line_closed_form(np.array([[0.0, 1.0], [1.0, 3.0], [2.0, 5.0]]))
        (1.0, 2.0)
    """
    ### BEGIN SOLUTION
    pts = torch.as_tensor(points)
    x, y = pts[:, 0], pts[:, 1]
    dx, dy = x - x.mean(), y - y.mean()
    w = (dx * dy).sum() / (dx * dx).sum()
    b = y.mean() - w * x.mean()
    return b.item(), w.item()
    ### END SOLUTION


def gradient_descent_1d(grad, x0: float, learning_rate: float, steps: int) -> float:
    """Minimise a function of one variable by gradient descent, given its derivative.

    简单回归问题 / Simple regression (lessons 4–6): starting at ``x = x0``, repeat exactly
    ``steps`` times ``x = x - learning_rate * grad(x)`` (0 steps give back ``x0``), always
    evaluating the derivative at the CURRENT x.

    Args:
        grad: a function of one float returning the derivative there, e.g.
            ``lambda x: 2 * (x - 3)`` for ``(x - 3) ** 2``.
        x0: the starting point, a Python number.
        learning_rate: a Python number ``> 0``.
        steps: an int ``>= 0``.

    Returns:
        the final x, a Python float.

    Example:
        >>> gradient_descent_1d(lambda x: 2 * (x - 3), 0.0, 0.25, 2)
        2.25
    """
    ### BEGIN SOLUTION
    x = float(x0)
    for _ in range(steps):
        x = x - learning_rate * grad(x)
    return float(x)
    ### END SOLUTION
