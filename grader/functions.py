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


# --- transfer ---
# Topic `transfer` (自定义数据集 / 迁移学习): the backbones its checks hand to the submission, the
# class-folder trees they build in the sandbox's own folder (it sees none of the judge's), and the
# facts they read back about the models the submission returns. Each runs in the sandbox as a kit
# function (`student.transfer.kit_function(tiny_resnet).keep(...)`); the judge builds the same
# backbones in its own process, from the same seeds, to compute what it expects.


class TinyBlock(torch.nn.Module):
    """A residual block of ResNet-18 in small: conv-bn-relu-conv-bn, plus the input, then relu."""

    def __init__(self, channels: int):
        super().__init__()
        nn = torch.nn
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(x + self.bn2(self.conv2(out)))


class TinyResNet(torch.nn.Module):
    """ResNet-18's layout in small, and its children in the same order: ``conv1``, ``bn1``,
    ``relu``, ``layer1`` (an ``nn.Sequential`` of two ``TinyBlock``), ``avgpool``
    (``[b, features, 1, 1]``) and last ``fc = nn.Linear(features, num_classes)``. Its forward is
    torchvision's: the children in order, with a ``torch.flatten(x, 1)`` before ``fc``."""

    def __init__(self, features: int = 16, num_classes: int = 10, in_channels: int = 3):
        super().__init__()
        nn = torch.nn
        self.conv1 = nn.Conv2d(in_channels, features, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(features)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(TinyBlock(features), TinyBlock(features))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(features, num_classes)

    def forward(self, x):
        x = self.layer1(self.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def tiny_resnet(
    features: int = 16,
    num_classes: int = 10,
    seed: int = 0,
    dtype: torch.dtype = torch.float32,
    device: str = "cpu",
    frozen: bool = False,
    head_trainable: bool = False,
) -> TinyResNet:
    """A ``TinyResNet`` with weights drawn from ``seed`` (torch's global generator is left as it
    was) and batch-norm statistics away from their defaults, in eval mode, in ``dtype`` on
    ``device``; with ``frozen`` every parameter's ``requires_grad`` is False (but ``fc``'s, with
    ``head_trainable``)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = TinyResNet(features, num_classes)
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
                    m.running_var.uniform_(0.5, 1.5)
    model = model.to(device=device, dtype=dtype).eval()
    if frozen:
        model.requires_grad_(False)
        model.fc.requires_grad_(head_trainable)
    return model


def tied_net(frozen_first: bool = False) -> torch.nn.Sequential:
    """A network whose parameters are shared: ``Sequential(a, ReLU, b, ReLU, a, c)`` where ``a``
    is one ``Linear(6, 6)`` used twice and ``c = Linear(6, 6)`` holds ``b``'s weight (tied) and a
    bias of its own. Its parameters: a's weight and bias, b's weight and bias, c's bias (36 + 6 +
    36 + 6 + 6 = 90 elements); with ``frozen_first`` a's are frozen (48 left)."""
    nn = torch.nn
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(5)
        a, b, c = nn.Linear(6, 6), nn.Linear(6, 6), nn.Linear(6, 6)
    c.weight = b.weight
    if frozen_first:
        a.requires_grad_(False)
    return nn.Sequential(a, nn.ReLU(), b, nn.ReLU(), a, c)


def make_tree(name: str, folders=(), files=()) -> str:
    """A folder ``name`` in the sandbox's files folder, emptied first, holding the given folders
    and (empty) files, each a path relative to it with ``/`` between its parts, made in the
    order given; returns its absolute path."""
    import os
    import shutil

    from grader.files import sandbox_path

    root = sandbox_path(name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    for part in [*folders, *files]:
        if part.startswith("/") or ".." in part.split("/"):
            raise ValueError(f"{part!r} is not inside the tree")  # en only: a bug in a suite
    for folder in folders:
        os.makedirs(os.path.join(root, *folder.split("/")), exist_ok=True)
    for file in files:
        path = os.path.join(root, *file.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
    return root


def same_object(a, b) -> bool:
    """Whether ``a`` is ``b``."""
    return a is b


def model_facts(model, backbone=None) -> dict:
    """What the checks read about a model the submission returned, as plain data: its type,
    its children's types, for each child the index of the same object among ``backbone``'s
    children (or None), each parameter's name, shape, dtype, device and ``requires_grad``, and the
    last child's ``in_features``, ``out_features``, weight and bias where it is an
    ``nn.Linear``."""
    facts = {"type": type(model).__qualname__, "module": isinstance(model, torch.nn.Module)}
    if not isinstance(model, torch.nn.Module):
        return facts
    children = list(model.children())
    old = list(backbone.children()) if isinstance(backbone, torch.nn.Module) else []
    facts["sequential"] = isinstance(model, torch.nn.Sequential)
    facts["children"] = [type(c).__qualname__ for c in children]
    facts["from_backbone"] = [
        next((i for i, o in enumerate(old) if o is c), None) for c in children
    ]
    facts["params"] = [
        (name, tuple(p.shape), p.dtype, str(p.device), bool(p.requires_grad))
        for name, p in model.named_parameters()
    ]
    last = children[-1] if children else None
    facts["head"] = None
    if isinstance(last, torch.nn.Linear):
        facts["head"] = {
            "in_features": last.in_features,
            "out_features": last.out_features,
            "weight": last.weight.detach().clone() if last.weight.device.type != "meta" else None,
            "bias": None
            if last.bias is None or last.bias.device.type == "meta"
            else last.bias.detach().clone(),
            "dtype": last.weight.dtype,
            "device": str(last.weight.device),
            "requires_grad": bool(last.weight.requires_grad),
            "is_backbone_fc": bool(old) and last is old[-1],
        }
    return facts


def requires_grad_flags(model) -> list:
    """``[(name, requires_grad)]`` over ``model.named_parameters()``, or None for a non-module."""
    if not isinstance(model, torch.nn.Module):
        return None
    return [(name, bool(p.requires_grad)) for name, p in model.named_parameters()]


def forward_eval(model, x):
    """``model.eval()`` then ``model(x)``, without recording autograd."""
    model.eval()
    with torch.no_grad():
        return model(x)


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
