"""Kit-side objects for grading training code (topic ``mlp_mnist``: 多分类问题实战 / MNIST测试实战).

Loaders, optimizers and models are not plain data, so they cannot cross into the sandbox: a test
builds them there with ``student.<topic>.kit_function(builder).keep(...)`` and hands the
resulting handles to the submission, e.g.::

    loader = student.mlp_mnist.kit_function(tensor_loader).keep(x, y, 8)
    probe = student.mlp_mnist.kit_function(ProbeMLP).keep(mlp_state(seed=3))
    optimizer = student.mlp_mnist.kit_function(make_optimizer).keep(probe, "sgd", 0.1)
    loss = student.mlp_mnist.train_epoch(probe, loader, optimizer, "cpu")

Everything here takes plain data (tensors, numbers, strings) or such handles, computes nothing
at import and holds no reference answer: the judge computes its expectations itself, with the
same builders in its own process.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from grader.i18n import tr
from grader.sandbox import facts

# The course's MNIST network, 784 -> 200 -> 200 -> 10, as (out, in) of its three nn.Linear.
MLP_LAYERS = ((200, 784), (200, 200), (10, 200))
# Their names in MLP's state_dict: `model` = Sequential(Linear, ReLU, Linear, ReLU, Linear).
MLP_KEYS = tuple(
    f"model.{2 * i}.{kind}" for i in range(len(MLP_LAYERS)) for kind in ("weight", "bias")
)


def tensor_loader(x: torch.Tensor, y: torch.Tensor, batch_size: int) -> DataLoader:
    """A DataLoader over ``(x, y)`` in their order (no shuffling), ``batch_size`` per batch;
    the last batch holds what is left (``drop_last=False``)."""
    return DataLoader(TensorDataset(x, y), batch_size=int(batch_size), shuffle=False)


def make_optimizer(model: nn.Module, name: str = "sgd", lr: float = 0.1, momentum: float = 0.0):
    """``torch.optim.SGD(model.parameters(), lr, momentum)`` for ``name == "sgd"``,
    ``torch.optim.Adam(model.parameters(), lr)`` for ``"adam"``."""
    if name == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    if name == "adam":
        return torch.optim.Adam(model.parameters(), lr=lr)
    raise ValueError(
        tr(
            f"unknown optimizer {name!r}: 'sgd' or 'adam'",
            f"未知的优化器 {name!r}：应为 'sgd' 或 'adam'",
        )
    )


def mlp_state(seed: int, dtype=torch.float32) -> dict[str, torch.Tensor]:
    """Weights for the 784-200-200-10 network under MLP's state_dict names, drawn as
    ``nn.Linear`` draws them (uniform in ``±1/sqrt(fan_in)``) from a generator seeded ``seed``:
    the same seed gives the same weights in the judge and in the sandbox."""
    gen = torch.Generator().manual_seed(seed)
    state = {}
    for i, (fan_out, fan_in) in enumerate(MLP_LAYERS):
        bound = 1.0 / math.sqrt(fan_in)
        for kind, shape in (("weight", (fan_out, fan_in)), ("bias", (fan_out,))):
            values = (torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1) * bound
            state[f"model.{2 * i}.{kind}"] = values.to(dtype)
    return state


class ProbeMLP(nn.Module):
    """The course's MLP (``model`` = Linear(784, 200), ReLU, Linear(200, 200), ReLU,
    Linear(200, 10)) that also reports, on every forward, whether autograd was recording
    (``torch.is_grad_enabled()``, False under ``no_grad`` and ``inference_mode``) and whether
    it was in training mode. The report goes to the judge as it happens, on the sandbox's fact
    pipe (grader.sandbox.facts), so a submission holding the probe cannot rewrite it: the judge
    reads it as ``Call.probe_modes`` of the call in which the forwards ran.

    ``forward`` flattens every image (``[b, 1, 28, 28]`` and ``[b, 784]`` both work) and computes
    in the dtype of its weights, whatever the batch's: a probe loaded with float64 weights trains
    on float32 batches in float64. Training checks use such probes, because two correct epochs
    that sum in another order (another thread count, another BLAS) then agree to ~1e-15, where
    in float32 Adam can turn the rounding of a near-zero gradient into a whole step of ``lr``.

    Args:
        state: a state_dict (e.g. ``mlp_state(seed)``) to load, or None for nn.Linear's own
            initialisation.
        training: the mode to start in (``False``: as after ``model.eval()``).
    """

    def __init__(self, state: dict | None = None, training: bool = True):
        super().__init__()
        layers = []
        for i, (fan_out, fan_in) in enumerate(MLP_LAYERS):
            if i:
                layers.append(nn.ReLU())
            layers.append(nn.Linear(fan_in, fan_out))
        self.model = nn.Sequential(*layers)
        if state is not None:
            self.to(next(iter(state.values())).dtype)
            self.load_state_dict(state)
        self.train(training)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        facts.emit("probe", {"grad_enabled": torch.is_grad_enabled(), "training": self.training})
        return self.model(x.reshape(x.shape[0], -1).to(self.model[0].weight.dtype))
