"""Functions of one float that grading tests pass to a submission (e.g. the derivative ``grad``
given to ``gradient_descent.gradient_descent_1d``).

They travel to the sandbox by reference: the wire sends a module-level function of a ``grader.``
module as its module and name, and the sandbox imports it again (see
``grader.sandbox.wire.FUNCTION_MODULES``). So every function here must stay at module level,
pure, and work on a Python float (plain arithmetic, so a 0-dim tensor works too).
"""

from __future__ import annotations


def quadratic(x):
    """``(x - 3) ** 2``: minimum 0 at ``x = 3``."""
    return (x - 3.0) ** 2


def quadratic_grad(x):
    """The derivative of ``quadratic``: ``2 * (x - 3)``."""
    return 2.0 * (x - 3.0)


def quartic(x):
    """``x ** 4 - 3 * x ** 3 + 2``: a local minimum at ``x = 9 / 4``."""
    return x**4 - 3.0 * x**3 + 2.0


def quartic_grad(x):
    """The derivative of ``quartic``: ``4 * x ** 3 - 9 * x ** 2``."""
    return 4.0 * x**3 - 9.0 * x**2


def wide_bowl(x):
    """``0.5 * (x + 1.5) ** 2 + 1``: minimum 1 at ``x = -1.5``."""
    return 0.5 * (x + 1.5) ** 2 + 1.0


def wide_bowl_grad(x):
    """The derivative of ``wide_bowl``: ``x + 1.5``."""
    return x + 1.5


def slope(x):
    """``-2 * x``: no minimum; gradient descent walks right at a constant pace."""
    return -2.0 * x


def slope_grad(x):
    """The derivative of ``slope``: the constant ``-2`` (whatever ``x`` is)."""
    return -2.0 + 0.0 * x
