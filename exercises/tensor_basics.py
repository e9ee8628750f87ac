"""张量数据类型 / 创建Tensor — Tensor data types / Creating tensors (lessons 14–17).

第14–17课「张量数据类型」「创建Tensor」。

What a tensor is made of (its type, its number of dims, its shape, its number of elements) and the
ways to make one: from random numbers, from class labels, from another tensor's rows, and from a
numpy array.

张量由什么构成（它的类型、维度数、形状、元素个数），以及创建张量的几种方式：从随机数、从类别
标签、从另一个张量的行，以及从 numpy 数组创建。
"""

import numpy as np
import torch


def describe(t: torch.Tensor) -> dict:
    """The basic facts of a tensor, as plain Python values.
    张量的基本信息，以普通的 Python 值给出。

    张量数据类型 / Tensor data types (lesson 14): ``t.type()`` names the tensor type
    (``'torch.FloatTensor'`` for float32, ``'torch.DoubleTensor'`` for float64,
    ``'torch.LongTensor'`` for int64, ``'torch.ByteTensor'`` for uint8, ...); ``t.dim()`` is the
    number of dims, ``t.shape`` (or ``t.size()``) the size of each, ``t.numel()`` the number of
    elements.

    第14课「张量数据类型」：``t.type()`` 给出张量类型的名字（float32 是
    ``'torch.FloatTensor'``，float64 是 ``'torch.DoubleTensor'``，int64 是
    ``'torch.LongTensor'``，uint8 是 ``'torch.ByteTensor'``，……）；``t.dim()`` 是维度数，
    ``t.shape``（或 ``t.size()``）是每一维的大小，``t.numel()`` 是元素个数。

    Args:
        t: any tensor, e.g. ``[b, c, h, w]``; also a 0-dim tensor (a scalar such as
            ``torch.tensor(1.5)``: dim 0, shape ``()``, 1 element) or an empty one.
            任意张量，例如 ``[b, c, h, w]``；也可以是 0 维张量（标量，例如
            ``torch.tensor(1.5)``：维度数为 0，形状 ``()``，1 个元素）或空张量。

    Returns:
        ``{"type": str, "dim": int, "shape": tuple of ints, "numel": int}`` with exactly these
        four keys. The numbers are Python ints, not tensors.
        恰好有这四个键。其中的数都是 Python int，而不是张量。

    Example:
        >>> describe(torch.zeros(2, 3))
        {'type': 'torch.FloatTensor', 'dim': 2, 'shape': (2, 3), 'numel': 6}
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def uniform(low: float, high: float, shape, generator: torch.Generator | None = None):
    """Random float32 numbers drawn uniformly from ``[low, high)``.
    从 ``[low, high)`` 上均匀抽取的 float32 随机数。

    创建Tensor / Creating tensors (lesson 16): ``torch.rand`` draws from ``[0, 1)``; scale and
    shift it (or use ``Tensor.uniform_``).

    第16课「创建Tensor」：``torch.rand`` 从 ``[0, 1)`` 中抽取；对它做缩放和平移即可（或用
    ``Tensor.uniform_``）。

    Args:
        low, high: the bounds (``low < high``; Python numbers, possibly ints).
            上下界（``low < high``；Python 数，可能是 int）。
        shape: a tuple of ints, e.g. ``(b, c, h, w)``. / 由 int 组成的 tuple，例如 ``(b, c, h, w)``。
        generator: a ``torch.Generator`` to draw from; ``None`` uses the global random state.
            Pass it on to torch (``torch.rand(..., generator=generator)``), so that the same
            generator state gives the same numbers.
            用来抽样的 ``torch.Generator``；为 ``None`` 时用全局随机状态。把它传给 torch
            （``torch.rand(..., generator=generator)``），这样生成器状态相同时得到的数也相同。

    Returns:
        float32 tensor of ``shape``; every value ``>= low`` and ``< high``.
        形状为 ``shape`` 的 float32 张量；每个值都 ``>= low`` 且 ``< high``。

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> x = uniform(-1.0, 1.0, (2, 3), generator=g)
        >>> x.shape, x.dtype, bool(((x >= -1) & (x < 1)).all())
        (torch.Size([2, 3]), torch.float32, True)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def one_hot(labels: torch.Tensor, depth: int) -> torch.Tensor:
    """One-hot encode class labels.
    把类别标签转成 one-hot 编码。

    创建Tensor / Creating tensors (lesson 16): start from ``torch.zeros`` and put a 1 in each row
    at the column of its label (``scatter_``, or indexing), or compare the labels with
    ``torch.arange(depth)``. Create new tensors on the labels' device
    (``device=labels.device``).

    第16课「创建Tensor」：从 ``torch.zeros`` 开始，在每一行中该行标签对应的列上放一个 1
    （用 ``scatter_`` 或索引），或者把标签与 ``torch.arange(depth)`` 比较。新建的张量要放在标签
    所在的设备上（``device=labels.device``）。

    Args:
        labels: int64 ``[N]``, values in ``0 .. depth-1``. / int64 ``[N]``，值在 ``0 .. depth-1`` 中。
        depth: the number of classes (it may exceed the largest label + 1).
            类别数（可以大于最大的标签 + 1）。

    Returns:
        float32 ``[N, depth]`` on ``labels``' device: row i is 1.0 at column ``labels[i]``,
        0.0 elsewhere. (``torch.nn.functional.one_hot`` gives int64: convert it.)
        在 ``labels`` 所在设备上的 float32 ``[N, depth]``：第 i 行在第 ``labels[i]`` 列为 1.0，
        其余为 0.0。（``torch.nn.functional.one_hot`` 返回 int64：需要转换。）

    Example:
        >>> one_hot(torch.tensor([2, 0]), 3)
        tensor([[0., 0., 1.],
                [1., 0., 0.]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def shuffle_together(a: torch.Tensor, b: torch.Tensor, generator: torch.Generator | None = None):
    """Shuffle the rows (dim 0) of ``a`` and ``b`` with one and the same random permutation.
    用同一个随机排列打乱 ``a`` 和 ``b`` 的行（第 0 维）。

    创建Tensor / Creating tensors (lesson 17): ``torch.randperm(n)`` is a random order of
    ``0 .. n-1``; indexing both tensors with the same permutation keeps each example with its
    label (as a data loader does when it shuffles).

    第17课「创建Tensor」：``torch.randperm(n)`` 是 ``0 .. n-1`` 的一个随机顺序；用同一个排列
    索引两个张量，每个样本就仍和它的标签在一起（DataLoader 打乱数据时就是这样做的）。

    Args:
        a: ``[N, ...]``, e.g. images ``[N, c, h, w]``. / ``[N, ...]``，例如图像 ``[N, c, h, w]``。
        b: ``[N, ...]``, e.g. labels ``[N]``; the same N as ``a``.
            ``[N, ...]``，例如标签 ``[N]``；N 与 ``a`` 相同。
        generator: a ``torch.Generator`` to draw the permutation from (pass it on to
            ``torch.randperm``); ``None`` uses the global random state. It lives on the inputs'
            device (a CUDA generator for CUDA tensors), like the permutation: make it there
            with ``device=a.device``.
            用来抽取排列的 ``torch.Generator``（把它传给 ``torch.randperm``）；为 ``None`` 时用
            全局随机状态。它与输入在同一设备上（CUDA 张量配 CUDA 生成器），排列也一样：用
            ``device=a.device`` 在那里生成排列。

    Returns:
        ``(a2, b2)``: ``a2[i] == a[perm[i]]`` and ``b2[i] == b[perm[i]]`` for one permutation
        ``perm``; shapes and dtypes as the inputs. ``a`` and ``b`` themselves are not changed.
        对同一个排列 ``perm``，``a2[i] == a[perm[i]]`` 且 ``b2[i] == b[perm[i]]``；形状和 dtype
        与输入相同。``a`` 和 ``b`` 本身不被修改。

    Example:
        >>> a, b = torch.arange(6.).reshape(3, 2), torch.tensor([0, 1, 2])
        >>> a2, b2 = shuffle_together(a, b, torch.Generator().manual_seed(0))
        >>> torch.equal(a2[:, 0] / 2, b2.float())   # each row still has its own label
        True
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def from_numpy_float32(array: np.ndarray) -> torch.Tensor:
    """A numpy array of any float dtype (float16, float32, float64) as a float32 tensor.
    把任意浮点 dtype（float16、float32、float64）的 numpy 数组转成 float32 张量。

    创建Tensor / Creating tensors (lesson 15): ``torch.from_numpy`` keeps numpy's dtype (numpy's
    default float64 becomes ``torch.float64``, a DoubleTensor); networks want float32.

    第15课「创建Tensor」：``torch.from_numpy`` 保留 numpy 的 dtype（numpy 默认的 float64 会变成
    ``torch.float64``，即 DoubleTensor）；而网络要的是 float32。

    Args:
        array: a numpy array of any shape (also 0-dim or empty), dtype float16/float32/float64.
            任意形状的 numpy 数组（也可以是 0 维或空数组），dtype 为 float16/float32/float64。

    Returns:
        float32 tensor of the same shape and values (rounded to float32), on the CPU.
        形状和数值相同的 float32 张量（数值舍入到 float32），在 CPU 上。

    Example:
        >>> from_numpy_float32(np.array([[1.0, 2.5]])).dtype
        torch.float32
    """
    # YOUR CODE HERE
    raise NotImplementedError()
