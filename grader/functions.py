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


# --- gan ---
# Small judge-side networks for topic `gan` (WGAN-GP实战): a test builds them in the sandbox with
# `student.gan.kit_function(Critic).keep(state)` and hands them to the submission, so that each
# loss and the training step are graded with a critic and a generator of known weights (the
# student's own Generator and Discriminator are graded on their own). Tanh between the layers:
# smooth, so that the penalty's gradients and their numerical checks have no kinks.

_GAN_FUNCTIONS = ("gradient_penalty", "discriminator_loss", "generator_loss")


def _tanh_net(state: dict) -> torch.nn.Sequential:
    """Linear layers of the shapes in `state` ("net.0.weight", "net.2.weight", ...), a Tanh
    between each two, with `state` loaded (and its dtype taken)."""
    sizes = []
    while f"net.{2 * len(sizes)}.weight" in state:
        sizes.append(tuple(state[f"net.{2 * len(sizes)}.weight"].shape))
    layers = []
    for i, (fan_out, fan_in) in enumerate(sizes):
        if i:
            layers.append(torch.nn.Tanh())
        layers.append(torch.nn.Linear(fan_in, fan_out))
    net = torch.nn.Sequential(*layers)
    net.to(next(iter(state.values())).dtype)
    net.load_state_dict({k.removeprefix("net."): v for k, v in state.items()})
    return net


class Critic(torch.nn.Module):
    """A critic ``[b, 2]`` → scores ``[b]`` (Linear, Tanh, ..., Linear to 1, flattened), with
    the weights of `state`. ``through(name, ...)`` calls the submission's ``gan.<name>(self,
    ...)`` here, in the sandbox: a backward through that method differentiates the submission's
    loss with respect to this critic's parameters (``Call.param_grads``)."""

    def __init__(self, state: dict):
        super().__init__()
        self.net = _tanh_net(state)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).reshape(-1)

    def through(self, name: str, *args, **kwargs):
        if name not in _GAN_FUNCTIONS:
            raise ValueError(f"not a loss of topic gan: {name!r}")  # en only: for the kit's authors
        import importlib  # here, not at the top: only this method needs it

        module = importlib.import_module("gan")  # the submission, as the sandbox imported it
        return getattr(module, name)(self, *args, **kwargs)


class SmallGenerator(torch.nn.Module):
    """A generator ``[b, 2]`` → ``[b, 2]`` (Linear, Tanh, ..., Linear to 2), with the weights of
    `state`."""

    def __init__(self, state: dict):
        super().__init__()
        self.net = _tanh_net(state)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)
