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


# --- rnn ---
SINE_HIDDEN = 16  # the course's lesson-49 Net: nn.RNN(1, 16, batch_first=True), nn.Linear(16, 1)


def sine_state(seed: int, std: float = 0.5, dtype=torch.float32) -> dict[str, torch.Tensor]:
    """Weights for SineNet's state_dict names (``rnn.weight_ih_l0`` ... ``linear.bias``), every
    value drawn from ``N(0, std²)`` with a generator seeded ``seed``: the same seed gives the
    same weights in the judge and in the sandbox. The default ``std`` is far above the course's
    0.001, so that the hidden state and every weight visibly matter in a check."""
    gen = torch.Generator().manual_seed(seed)
    shapes = {
        "rnn.weight_ih_l0": (SINE_HIDDEN, 1),
        "rnn.weight_hh_l0": (SINE_HIDDEN, SINE_HIDDEN),
        "rnn.bias_ih_l0": (SINE_HIDDEN,),
        "rnn.bias_hh_l0": (SINE_HIDDEN,),
        "linear.weight": (1, SINE_HIDDEN),
        "linear.bias": (1,),
    }
    return {
        name: (torch.randn(shape, generator=gen, dtype=torch.float64) * std).to(dtype)
        for name, shape in shapes.items()
    }


class ProbeSineNet(torch.nn.Module):
    """The course's lesson-49 ``Net`` (``rnn = nn.RNN(1, 16, batch_first=True)``,
    ``linear = nn.Linear(16, 1)``; ``forward(x, hidden_prev)`` → ``(out [1, seq, 1], h_n)``)
    that, like grader.training.ProbeMLP, reports on every forward whether autograd was recording
    and whether it was in training mode (``Call.probe_modes``). It computes in the dtype of its
    weights whatever the inputs' (``state``: a state_dict such as ``sine_state(seed)``, or None
    for torch's own initialisation): a float64 probe trains on float32 sequences in float64, so
    that two correct runs agree to ~1e-15."""

    def __init__(self, state: dict | None = None):
        super().__init__()
        self.rnn = torch.nn.RNN(1, SINE_HIDDEN, num_layers=1, batch_first=True)
        self.linear = torch.nn.Linear(SINE_HIDDEN, 1)
        if state is not None:
            self.to(next(iter(state.values())).dtype)
            self.load_state_dict(state)

    def forward(self, x: torch.Tensor, hidden_prev: torch.Tensor):
        from grader.sandbox import facts

        facts.emit("probe", {"grad_enabled": torch.is_grad_enabled(), "training": self.training})
        dtype = self.linear.weight.dtype
        out, hidden = self.rnn(x.to(dtype), hidden_prev.to(dtype))
        return self.linear(out), hidden
