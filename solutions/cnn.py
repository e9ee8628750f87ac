"""经典卷积网络 / ResNet与DenseNet / nn.Module模块 — Classic CNNs, ResNet and DenseNet, nn.Module.

Networks are written as ``nn.Module`` subclasses: layers are attributes set in ``__init__`` (so
that PyTorch registers their parameters), and ``forward`` says how data flows through them.
Images are batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns.

The attribute names given in each docstring are part of the exercise: the grader copies its own
weights into your module with ``load_state_dict``, so ``state_dict()`` must have exactly the
names and shapes asked for. A tensor is a parameter only when wrapped in ``nn.Parameter``; a
layer is registered only when it is an attribute that is an ``nn.Module`` (a Python list of
layers is invisible to PyTorch: use ``nn.ModuleList``).
"""

import torch
import torch.nn.functional as F
from torch import nn


class Flatten(nn.Module):
    """Flattens every sample of a batch: ``[b, ...]`` → ``[b, prod(...)]``.

    nn.Module模块 / nn.Module (the course writes this layer by hand; PyTorch now has
    ``nn.Flatten``, which does the same). It has no parameters. ``forward`` keeps dim 0 (the
    batch, also when ``b == 1``) and joins all the other dims, in row-major order, as
    ``torch.flatten(x, 1)`` does. The input may be non-contiguous (e.g. after a ``transpose``):
    ``view`` raises on such a tensor, ``reshape`` does not.

    Example:
        >>> Flatten()(torch.rand(2, 16, 5, 5)).shape
        torch.Size([2, 400])
    """

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return x.reshape(x.shape[0], -1)
        ### END SOLUTION


class MyLinear(nn.Module):
    """A fully connected layer written by hand: ``y = x @ w.T + b``.

    nn.Module模块 / nn.Module (全连接层 / fully connected layer). In ``__init__`` register two
    parameters, named exactly ``w`` (shape ``[outp, inp]``, the layout of ``nn.Linear.weight``)
    and ``b`` (shape ``[outp]``), each an ``nn.Parameter`` (a plain tensor attribute is not a
    parameter: it is missing from ``state_dict()`` and ``parameters()``, so it is never trained).
    Initialise them as you like (the course uses ``torch.randn``); the grader loads its own
    values.

    Args:
        inp: number of input features; outp: number of output features.

    ``forward(x)``: ``x`` is ``[b, inp]`` (as with ``nn.Linear``, any leading dims
    ``[..., inp]`` work) → ``[..., outp]``, equal to ``F.linear(x, w, b)``.

    Example:
        >>> layer = MyLinear(784, 200)
        >>> layer.w.shape, layer.b.shape, layer(torch.rand(4, 784)).shape
        (torch.Size([200, 784]), torch.Size([200]), torch.Size([4, 200]))
    """

    def __init__(self, inp: int, outp: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.w = nn.Parameter(torch.randn(outp, inp))
        self.b = nn.Parameter(torch.randn(outp))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return x @ self.w.T + self.b
        ### END SOLUTION


class Lenet5(nn.Module):
    """The course's LeNet-5 for CIFAR-10: ``[b, 3, 32, 32]`` → logits ``[b, 10]``.

    经典卷积网络 / Classic CNNs (LeNet-5). Two attributes, in this order:

    - ``conv_unit = nn.Sequential(nn.Conv2d(3, 16, kernel_size=5), nn.MaxPool2d(2, 2),
      nn.Conv2d(16, 32, kernel_size=5), nn.MaxPool2d(2, 2))`` (stride 1, no padding, no
      activation): ``[b, 3, 32, 32]`` → ``[b, 16, 28, 28]`` → ``[b, 16, 14, 14]`` →
      ``[b, 32, 10, 10]`` → ``[b, 32, 5, 5]``;
    - ``fc_unit = nn.Sequential(nn.Linear(32*5*5, 32), nn.ReLU(), nn.Linear(32, 10))``.

    ``forward``: ``conv_unit``, then flatten each image to ``[b, 800]`` (keep the batch dim;
    channel-major order, as ``view``/``reshape`` give), then ``fc_unit``. Return the logits (no
    softmax: ``nn.CrossEntropyLoss`` applies it). 40,010 parameters in all.

    Example:
        >>> Lenet5()(torch.rand(2, 3, 32, 32)).shape
        torch.Size([2, 10])
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv_unit = nn.Sequential(
            nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
            nn.MaxPool2d(kernel_size=2, stride=2),
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = self.conv_unit(x)
        x = x.reshape(x.shape[0], 32 * 5 * 5)
        return self.fc_unit(x)
        ### END SOLUTION


class ResBlk(nn.Module):
    """A ResNet basic block: ``relu(extra(x) + bn2(conv2(relu(bn1(conv1(x))))))``.

    ResNet与DenseNet / ResNet and DenseNet. Attributes (``nn.Conv2d`` with its default
    ``bias=True``):

    - ``conv1 = nn.Conv2d(ch_in, ch_out, kernel_size=3, stride=stride, padding=1)``,
      ``bn1 = nn.BatchNorm2d(ch_out)``;
    - ``conv2 = nn.Conv2d(ch_out, ch_out, kernel_size=3, stride=1, padding=1)``,
      ``bn2 = nn.BatchNorm2d(ch_out)``;
    - ``extra``, the shortcut: an empty ``nn.Sequential()`` (identity) when
      ``ch_in == ch_out and stride == 1``; otherwise
      ``nn.Sequential(nn.Conv2d(ch_in, ch_out, kernel_size=1, stride=stride),
      nn.BatchNorm2d(ch_out))``, which brings ``x`` to the shape of the main path. Note: the
      shortcut is needed whenever the shape changes, so also when only the stride differs from
      1 (equal channels, ``stride=2`` halves h and w).

    ``forward``: ``[b, ch_in, h, w]`` → ``[b, ch_out, h', w']`` with
    ``h' = (h - 1) // stride + 1`` (and so for ``w'``). The ReLU comes after the addition.
    Batch norm behaves as PyTorch's does: batch statistics in training mode (which also update
    the running statistics), running statistics after ``.eval()``.

    Example:
        >>> ResBlk(16, 32, stride=2)(torch.rand(2, 16, 32, 32)).shape
        torch.Size([2, 32, 16, 16])
    """

    def __init__(self, ch_in: int, ch_out: int, stride: int = 1):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(ch_in, ch_out, kernel_size=3, stride=stride, padding=1)
        self.bn1 = nn.BatchNorm2d(ch_out)
        self.conv2 = nn.Conv2d(ch_out, ch_out, kernel_size=3, stride=1, padding=1)
        self.bn2 = nn.BatchNorm2d(ch_out)
        self.extra = nn.Sequential()
        if ch_in != ch_out or stride != 1:
            self.extra = nn.Sequential(
                nn.Conv2d(ch_in, ch_out, kernel_size=1, stride=stride),
                nn.BatchNorm2d(ch_out),
            )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(self.extra(x) + out)
        ### END SOLUTION


class DenseBlock(nn.Module):
    """A DenseNet block: every layer sees the input and the outputs of all the layers before it.

    ResNet与DenseNet / ResNet and DenseNet. ``layers`` is an ``nn.ModuleList`` of ``n_layers``
    layers; layer ``i`` (from 0) is ``nn.Sequential(nn.BatchNorm2d(c_i), nn.ReLU(),
    nn.Conv2d(c_i, growth, kernel_size=3, padding=1))`` (default ``bias=True``) with
    ``c_i = ch_in + i * growth`` input channels.

    ``forward``: start from ``features = x``; for each layer, compute ``new = layer(features)``
    (``[b, growth, h, w]``) and append it after the existing channels,
    ``features = torch.cat([features, new], dim=1)``. Return ``features``:
    ``[b, ch_in + n_layers * growth, h, w]``, whose first ``ch_in`` channels are ``x`` itself,
    followed by the output of layer 0, layer 1, ... Batch norm behaves as PyTorch's does (batch
    statistics in training mode, running statistics after ``.eval()``).

    Example:
        >>> DenseBlock(3, growth=4, n_layers=2)(torch.rand(2, 3, 8, 8)).shape
        torch.Size([2, 11, 8, 8])
    """

    def __init__(self, ch_in: int, growth: int, n_layers: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.layers = nn.ModuleList(
            nn.Sequential(
                nn.BatchNorm2d(ch_in + i * growth),
                nn.ReLU(),
                nn.Conv2d(ch_in + i * growth, growth, kernel_size=3, padding=1),
            )
            for i in range(n_layers)
        )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        features = [x]
        for layer in self.layers:
            features.append(layer(torch.cat(features, dim=1)))
        return torch.cat(features, dim=1)
        ### END SOLUTION


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """The number of parameter values (elements) of a model.

    nn.Module模块 / nn.Module. Sum ``p.numel()`` over ``model.parameters()``; with
    ``trainable_only=True`` only over the parameters with ``requires_grad`` (frozen ones, e.g.
    after ``layer.requires_grad_(False)``, are left out). As ``parameters()`` does, count a
    parameter shared by two layers once, and count no buffers (batch norm's ``running_mean``,
    ``running_var``, ``num_batches_tracked`` are in ``state_dict()`` but are not parameters).

    Returns:
        a Python ``int``.

    Example:
        >>> count_parameters(nn.Linear(784, 200))
        157000
    """
    ### BEGIN SOLUTION
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
    ### END SOLUTION


def save_checkpoint(model: nn.Module, path) -> None:
    """Save the model's weights to the file ``path``.

    nn.Module模块 / nn.Module (save and load). Save ``model.state_dict()`` (parameters and
    buffers, e.g. batch norm's running statistics) with ``torch.save``; not the model object
    itself, so that the file loads with ``torch.load(path, weights_only=True)``.

    Example:
        >>> save_checkpoint(nn.Linear(2, 1), "ckpt.mdl")
        >>> sorted(torch.load("ckpt.mdl", weights_only=True))
        ['bias', 'weight']
    """
    ### BEGIN SOLUTION
    torch.save(model.state_dict(), path)
    ### END SOLUTION


def load_checkpoint(model: nn.Module, path) -> nn.Module:
    """Load into ``model`` the weights that ``save_checkpoint`` wrote to ``path``.

    nn.Module模块 / nn.Module (save and load): ``torch.load`` the state_dict and give it to
    ``model.load_state_dict``. The model's parameters stay on the model's device.

    Returns:
        ``model`` itself (the same object, now holding the loaded weights).

    Example:
        >>> net = load_checkpoint(nn.Linear(2, 1), "ckpt.mdl")
    """
    ### BEGIN SOLUTION
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return model
    ### END SOLUTION
