"""Judge-side functions that grading tests hand to a submission's code.

A test may pass a function as an argument, e.g. ``student.gradients.grad_of(cubic_sum, x)`` or
``student.optimization.minimize(himmelblau, x0)``. Functions cannot cross the wire as code: a
module-level function of a ``grader.`` module travels as its module and name (``("F", module,
qualname)`` in grader/sandbox/wire.py) and the sandbox imports it there. So every function a test
passes is defined here, at module level (lambdas and closures cannot cross), is pure (no state,
no I/O) and differentiable with autograd. Inside a call they run in the sandbox, under the
submission's call, so the torch functions they use appear in that call's record: none of them
uses an autograd or softmax built-in.
"""

from __future__ import annotations

import torch


def himmelblau(xy: torch.Tensor) -> torch.Tensor:
    """Himmelblau's function ``(x² + y − 11)² + (x + y² − 7)²`` over ``xy [..., 2]`` → ``[...]``.

    Four minima, all of value 0: (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186) and
    (3.584428, −1.848126). The course's lesson 46 (优化问题实战) minimises it with Adam.
    """
    x, y = xy[..., 0], xy[..., 1]
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def cubic_sum(x: torch.Tensor) -> torch.Tensor:
    """``Σ x³`` over every element: a 0-dim tensor. Its gradient is ``3 x²``."""
    return (x * x * x).sum()


def wavy(x: torch.Tensor) -> torch.Tensor:
    """``Σ sin(x) · x² + exp(−x²)`` over every element: a 0-dim tensor.

    Its gradient is ``cos(x) x² + 2 x sin(x) − 2 x exp(−x²)``; every element's partial derivative
    differs from the others', so a gradient put in the wrong place shows.
    """
    return (torch.sin(x) * x * x + torch.exp(-x * x)).sum()


def weighted_square(x: torch.Tensor) -> torch.Tensor:
    """``Σ w · x²`` with weights ``w = 1, 2, 3, …`` in row-major order: a 0-dim tensor.

    Its gradient is ``2 w x``: elements of equal value get different gradients, so a gradient
    returned in another layout (transposed, flattened in another order) shows.
    """
    w = torch.arange(1, x.numel() + 1, dtype=x.dtype, device=x.device).reshape(x.shape)
    return (w * x * x).sum()


def bowl(xy: torch.Tensor) -> torch.Tensor:
    """A stretched quadratic bowl ``(x − 1)² + 10 (y + 2)²`` over ``xy [..., 2]`` → ``[...]``.

    One minimum, at (1, −2). Cheap to minimise in a few steps: tests compare a short optimisation
    of it with ``torch.optim.Adam``'s, step for step.
    """
    x, y = xy[..., 0], xy[..., 1]
    return (x - 1) ** 2 + 10 * (y + 2) ** 2


# --- autoencoder ---
def seeded_forward(model, x, seed: int):
    """``model(x)`` right after seeding torch's global generators with ``seed`` (the CPU one, and
    CUDA's where it exists): a VAE that draws its noise with ``torch.randn_like`` then draws the
    same noise as the judge's reference seeded alike. Run in the sandbox, with the submission's
    module as ``model``."""
    torch.default_generator.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    return model(x)
