"""经典卷积网络 / ResNet与DenseNet / nn.Module模块 — Classic CNNs, ResNet and DenseNet, nn.Module.
「经典卷积网络」「ResNet与DenseNet」「nn.Module模块」三课：经典卷积网络、ResNet 与 DenseNet、nn.Module。

Networks are written as ``nn.Module`` subclasses: layers are attributes set in ``__init__`` (so
that PyTorch registers their parameters), and ``forward`` says how data flows through them.
Images are batches ``x`` of shape ``[b, c, h, w]``: b images, c channels, h rows, w columns.

网络写成 ``nn.Module`` 的子类：各层是在 ``__init__`` 中设置的属性（这样 PyTorch 才会注册它们的
参数），``forward`` 说明数据如何流过这些层。图片是形状为 ``[b, c, h, w]`` 的一批 ``x``：b 张图片，
c 个通道，h 行，w 列。

The attribute names given in each docstring are part of the exercise: the grader copies its own
weights into your module with ``load_state_dict``, so ``state_dict()`` must have exactly the
names and shapes asked for. A tensor is a parameter only when wrapped in ``nn.Parameter``; a
layer is registered only when it is an attribute that is an ``nn.Module`` (a Python list of
layers is invisible to PyTorch: use ``nn.ModuleList``).

每个文档字符串中给出的属性名都是练习的一部分：评分程序用 ``load_state_dict`` 把它自己的权重拷贝进
你的模块，所以 ``state_dict()`` 中的名字和形状必须与要求的完全一致。张量只有包成 ``nn.Parameter``
才是参数；层只有作为 ``nn.Module`` 类型的属性才会被注册（Python 列表里的层对 PyTorch 不可见：请用
``nn.ModuleList``）。
"""

import torch
import torch.nn.functional as F
from torch import nn


class Flatten(nn.Module):
    """Flattens every sample of a batch: ``[b, ...]`` → ``[b, prod(...)]``.
    把一批中的每个样本展平：``[b, ...]`` → ``[b, prod(...)]``。

    nn.Module模块 / nn.Module (the course writes this layer by hand; PyTorch now has
    ``nn.Flatten``, which does the same). It has no parameters. ``forward`` keeps dim 0 (the
    batch, also when ``b == 1``) and joins all the other dims, in row-major order, as
    ``torch.flatten(x, 1)`` does. The input may be non-contiguous (e.g. after a ``transpose``):
    ``view`` raises on such a tensor, ``reshape`` does not.

    「nn.Module模块」一课（课程手写了这一层；如今 PyTorch 自带 ``nn.Flatten``，作用相同）。它没有
    参数。``forward`` 保留第 0 维（批维度，``b == 1`` 时也保留），把其余所有维度按行优先顺序合并，
    与 ``torch.flatten(x, 1)`` 相同。输入可能是不连续的（例如 ``transpose`` 之后）：对这样的张量
    ``view`` 会报错，``reshape`` 不会。

    Example:
        >>> Flatten()(torch.rand(2, 16, 5, 5)).shape
        torch.Size([2, 400])
    """

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


class MyLinear(nn.Module):
    """A fully connected layer written by hand: ``y = x @ w.T + b``.
    手写的全连接层：``y = x @ w.T + b``。

    nn.Module模块 / nn.Module (全连接层 / fully connected layer). In ``__init__`` register two
    parameters, named exactly ``w`` (shape ``[outp, inp]``, the layout of ``nn.Linear.weight``)
    and ``b`` (shape ``[outp]``), each an ``nn.Parameter`` (a plain tensor attribute is not a
    parameter: it is missing from ``state_dict()`` and ``parameters()``, so it is never trained).
    Initialise them as you like (the course uses ``torch.randn``); the grader loads its own
    values.

    「nn.Module模块」一课（全连接层）。在 ``__init__`` 中注册两个参数，名字必须是 ``w``（形状
    ``[outp, inp]``，与 ``nn.Linear.weight`` 的布局相同）和 ``b``（形状 ``[outp]``），都要是
    ``nn.Parameter``（普通的张量属性不是参数：它不在 ``state_dict()`` 和 ``parameters()`` 中，所以
    永远不会被训练）。初始化方式随意（课程用 ``torch.randn``）；评分程序会加载它自己的值。

    Args:
        inp: number of input features; outp: number of output features. / inp：输入特征数；
            outp：输出特征数。

    ``forward(x)``: ``x`` is ``[b, inp]`` (as with ``nn.Linear``, any leading dims
    ``[..., inp]`` work) → ``[..., outp]``, equal to ``F.linear(x, w, b)``.

    ``forward(x)``：``x`` 是 ``[b, inp]``（与 ``nn.Linear`` 一样，前面有任意多个维度
    ``[..., inp]`` 也可以）→ ``[..., outp]``，等于 ``F.linear(x, w, b)``。

    Example:
        >>> layer = MyLinear(784, 200)
        >>> layer.w.shape, layer.b.shape, layer(torch.rand(4, 784)).shape
        (torch.Size([200, 784]), torch.Size([200]), torch.Size([4, 200]))
    """

    def __init__(self, inp: int, outp: int):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


class Lenet5(nn.Module):
    """The course's LeNet-5 for CIFAR-10: ``[b, 3, 32, 32]`` → logits ``[b, 10]``.
    课程中用于 CIFAR-10 的 LeNet-5：``[b, 3, 32, 32]`` → logits ``[b, 10]``。

    经典卷积网络 / Classic CNNs (LeNet-5). Two attributes, in this order:

    「经典卷积网络」一课（LeNet-5）。按顺序有两个属性：

    - ``conv_unit = nn.Sequential(nn.Conv2d(3, 16, kernel_size=5), nn.MaxPool2d(2, 2),
      nn.Conv2d(16, 32, kernel_size=5), nn.MaxPool2d(2, 2))`` (stride 1, no padding, no
      activation): ``[b, 3, 32, 32]`` → ``[b, 16, 28, 28]`` → ``[b, 16, 14, 14]`` →
      ``[b, 32, 10, 10]`` → ``[b, 32, 5, 5]``;
    - ``fc_unit = nn.Sequential(nn.Linear(32*5*5, 32), nn.ReLU(), nn.Linear(32, 10))``.

    - ``conv_unit = nn.Sequential(nn.Conv2d(3, 16, kernel_size=5), nn.MaxPool2d(2, 2),
      nn.Conv2d(16, 32, kernel_size=5), nn.MaxPool2d(2, 2))``（步长 1，无填充（padding），
      无激活函数）：``[b, 3, 32, 32]`` → ``[b, 16, 28, 28]`` → ``[b, 16, 14, 14]`` →
      ``[b, 32, 10, 10]`` → ``[b, 32, 5, 5]``；
    - ``fc_unit = nn.Sequential(nn.Linear(32*5*5, 32), nn.ReLU(), nn.Linear(32, 10))``。

    ``forward``: ``conv_unit``, then flatten each image to ``[b, 800]`` (keep the batch dim;
    channel-major order, as ``view``/``reshape`` give), then ``fc_unit``. Return the logits (no
    softmax: ``nn.CrossEntropyLoss`` applies it). 40,010 parameters in all.

    ``forward``：先过 ``conv_unit``，再把每张图片展平为 ``[b, 800]``（保留批维度；按通道在前的
    顺序，即 ``view``/``reshape`` 给出的顺序），最后过 ``fc_unit``。返回 logits（不做 softmax：
    ``nn.CrossEntropyLoss`` 自己会做）。共 40,010 个参数。

    Example:
        >>> Lenet5()(torch.rand(2, 3, 32, 32)).shape
        torch.Size([2, 10])
    """

    def __init__(self):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


class ResBlk(nn.Module):
    """A ResNet basic block: ``relu(extra(x) + bn2(conv2(relu(bn1(conv1(x))))))``.
    ResNet 的基本残差块：``relu(extra(x) + bn2(conv2(relu(bn1(conv1(x))))))``。

    ResNet与DenseNet / ResNet and DenseNet. Attributes (``nn.Conv2d`` with its default
    ``bias=True``):

    「ResNet与DenseNet」一课。属性如下（``nn.Conv2d`` 用默认的 ``bias=True``）：

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

    - ``conv1 = nn.Conv2d(ch_in, ch_out, kernel_size=3, stride=stride, padding=1)``，
      ``bn1 = nn.BatchNorm2d(ch_out)``；
    - ``conv2 = nn.Conv2d(ch_out, ch_out, kernel_size=3, stride=1, padding=1)``，
      ``bn2 = nn.BatchNorm2d(ch_out)``；
    - ``extra``，即短接（shortcut）：当 ``ch_in == ch_out and stride == 1`` 时是空的
      ``nn.Sequential()``（恒等映射）；否则是
      ``nn.Sequential(nn.Conv2d(ch_in, ch_out, kernel_size=1, stride=stride),
      nn.BatchNorm2d(ch_out))``，它把 ``x`` 变成主路径的形状。注意：只要形状改变就需要这个
      短接，所以只有步长不为 1 时也需要（通道数相同时，``stride=2`` 会把 h 和 w 减半）。

    ``forward``: ``[b, ch_in, h, w]`` → ``[b, ch_out, h', w']`` with
    ``h' = (h - 1) // stride + 1`` (and so for ``w'``). The ReLU comes after the addition.
    Batch norm behaves as PyTorch's does: batch statistics in training mode (which also update
    the running statistics), running statistics after ``.eval()``.

    ``forward``：``[b, ch_in, h, w]`` → ``[b, ch_out, h', w']``，其中
    ``h' = (h - 1) // stride + 1``（``w'`` 同理）。ReLU 在相加之后。批标准化的行为与 PyTorch
    相同：训练模式下用批内统计量（同时更新滑动统计量），``.eval()`` 之后用滑动统计量。

    Example:
        >>> ResBlk(16, 32, stride=2)(torch.rand(2, 16, 32, 32)).shape
        torch.Size([2, 32, 16, 16])
    """

    def __init__(self, ch_in: int, ch_out: int, stride: int = 1):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


class DenseBlock(nn.Module):
    """A DenseNet block: every layer sees the input and the outputs of all the layers before it.
    DenseNet 的块：每一层都能看到输入以及它之前所有层的输出。

    ResNet与DenseNet / ResNet and DenseNet. ``layers`` is an ``nn.ModuleList`` of ``n_layers``
    layers; layer ``i`` (from 0) is ``nn.Sequential(nn.BatchNorm2d(c_i), nn.ReLU(),
    nn.Conv2d(c_i, growth, kernel_size=3, padding=1))`` (default ``bias=True``) with
    ``c_i = ch_in + i * growth`` input channels.

    「ResNet与DenseNet」一课。``layers`` 是含 ``n_layers`` 层的 ``nn.ModuleList``；第 ``i`` 层
    （从 0 开始）是 ``nn.Sequential(nn.BatchNorm2d(c_i), nn.ReLU(),
    nn.Conv2d(c_i, growth, kernel_size=3, padding=1))``（默认 ``bias=True``），输入通道数为
    ``c_i = ch_in + i * growth``。

    ``forward``: start from ``features = x``; for each layer, compute ``new = layer(features)``
    (``[b, growth, h, w]``) and append it after the existing channels,
    ``features = torch.cat([features, new], dim=1)``. Return ``features``:
    ``[b, ch_in + n_layers * growth, h, w]``, whose first ``ch_in`` channels are ``x`` itself,
    followed by the output of layer 0, layer 1, ... Batch norm behaves as PyTorch's does (batch
    statistics in training mode, running statistics after ``.eval()``).

    ``forward``：从 ``features = x`` 开始；对每一层计算 ``new = layer(features)``
    （``[b, growth, h, w]``），把它接在已有通道之后，
    ``features = torch.cat([features, new], dim=1)``。返回 ``features``：
    ``[b, ch_in + n_layers * growth, h, w]``，它的前 ``ch_in`` 个通道就是 ``x`` 本身，后面依次是
    第 0 层、第 1 层……的输出。批标准化的行为与 PyTorch 相同（训练模式下用批内统计量，
    ``.eval()`` 之后用滑动统计量）。

    Example:
        >>> DenseBlock(3, growth=4, n_layers=2)(torch.rand(2, 3, 8, 8)).shape
        torch.Size([2, 11, 8, 8])
    """

    def __init__(self, ch_in: int, growth: int, n_layers: int):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """The number of parameter values (elements) of a model.
    模型参数的元素个数。

    nn.Module模块 / nn.Module. Sum ``p.numel()`` over ``model.parameters()``; with
    ``trainable_only=True`` only over the parameters with ``requires_grad`` (frozen ones, e.g.
    after ``layer.requires_grad_(False)``, are left out). As ``parameters()`` does, count a
    parameter shared by two layers once, and count no buffers (batch norm's ``running_mean``,
    ``running_var``, ``num_batches_tracked`` are in ``state_dict()`` but are not parameters).

    「nn.Module模块」一课。对 ``model.parameters()`` 求 ``p.numel()`` 之和；``trainable_only=True``
    时只算 ``requires_grad`` 的参数（冻结的参数不算，例如 ``layer.requires_grad_(False)`` 之后的）。
    与 ``parameters()`` 一样，两层共享的参数只算一次，缓冲区一律不算（批标准化的
    ``running_mean``、``running_var``、``num_batches_tracked`` 在 ``state_dict()`` 中，但不是参数）。

    Returns:
        a Python ``int``. / 一个 Python ``int``。

    Example:
        >>> count_parameters(nn.Linear(784, 200))
        157000
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def save_checkpoint(model: nn.Module, path) -> None:
    """Save the model's weights to the file ``path``.
    把模型的权重保存到文件 ``path``。

    nn.Module模块 / nn.Module (save and load). Save ``model.state_dict()`` (parameters and
    buffers, e.g. batch norm's running statistics) with ``torch.save``; not the model object
    itself, so that the file loads with ``torch.load(path, weights_only=True)``.

    「nn.Module模块」一课（保存与加载）。用 ``torch.save`` 保存 ``model.state_dict()``（参数和
    缓冲区，例如批标准化的滑动统计量）；不要保存模型对象本身，这样文件才能用
    ``torch.load(path, weights_only=True)`` 读取。

    Example:
        >>> save_checkpoint(nn.Linear(2, 1), "ckpt.mdl")
        >>> sorted(torch.load("ckpt.mdl", weights_only=True))
        ['bias', 'weight']
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def load_checkpoint(model: nn.Module, path) -> nn.Module:
    """Load into ``model`` the weights that ``save_checkpoint`` wrote to ``path``.
    把 ``save_checkpoint`` 写到 ``path`` 的权重加载进 ``model``。

    nn.Module模块 / nn.Module (save and load): ``torch.load`` the state_dict and give it to
    ``model.load_state_dict``. The model's parameters stay on the model's device.

    「nn.Module模块」一课（保存与加载）：用 ``torch.load`` 读出 state_dict，再交给
    ``model.load_state_dict``。模型的参数留在模型所在的设备上。

    Returns:
        ``model`` itself (the same object, now holding the loaded weights). / ``model`` 本身
        （同一个对象，现在存着加载进来的权重）。

    Example:
        >>> net = load_checkpoint(nn.Linear(2, 1), "ckpt.mdl")
    """
    # YOUR CODE HERE
    raise NotImplementedError()
