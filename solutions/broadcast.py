"""Broadcast 自动扩展 / Broadcasting (lessons 24–26).
第24–26课「Broadcast 自动扩展」。

Broadcasting lets two tensors of different shapes meet in one elementwise operation without
copying data. The rule, applied to the shapes aligned on the RIGHT (the last dims first):

广播让两个形状不同的张量无需拷贝数据就能做同一个逐元素运算。规则作用于按右侧对齐的形状（从最后
一维开始）：

1. if one shape has fewer dims, insert size-1 dims in front of it (``[3]`` → ``[1, 3]``);
2. then, dim by dim, two sizes match when they are equal or one of them is 1; a size-1 dim is
   expanded (without copying) to the other size. Any other pair is incompatible.

1. 若一个形状的维度较少，就在它前面插入大小为 1 的维度（``[3]`` → ``[1, 3]``）；
2. 然后逐维比较：两个大小相等或其中一个为 1 时匹配；大小为 1 的维度（不拷贝地）扩展成另一个
   大小。其他任何组合都不兼容。

Example from the course: ``scores [4 classes, 32 students, 8 courses] + bonus [8]`` adds the
bonus of each course to every student of every class. Never change the inputs in place.

课程中的例子：``scores [4 classes, 32 students, 8 courses] + bonus [8]`` 把每门课程的加分加到每个
班级的每个学生身上。不要原地修改输入。
"""

import torch


def broadcast_shape(shape_a, shape_b) -> tuple:
    """The shape that broadcasting ``shape_a`` against ``shape_b`` gives, computed by hand.
    ``shape_a`` 与 ``shape_b`` 广播后得到的形状，手动计算。

    Broadcast 自动扩展 / Broadcasting (lesson 24). By hand: ``torch.broadcast_shapes`` (under
    any name or module, numpy's included) is not allowed; a loop over the dims is fine. Align
    the shapes on the right, pad the shorter one with 1s in front, then take, dim by dim, the
    size that is not 1. A size-0 dim meets only 0 or 1 and stays 0, as in PyTorch
    (``(0,)`` with ``(1,)`` gives ``(0,)``; ``(0,)`` with ``(3,)`` is incompatible).

    第24课「Broadcast 自动扩展」。手动实现：不能用 ``torch.broadcast_shapes``（无论以什么名字、
    从哪个模块调用，numpy 的也不行）；对各维做循环是可以的。把形状按右侧对齐，在较短的形状前面补
    1，然后逐维取不为 1 的那个大小。大小为 0 的维度只能遇到 0 或 1，结果仍为 0，与 PyTorch 一致
    （``(0,)`` 与 ``(1,)`` 得到 ``(0,)``；``(0,)`` 与 ``(3,)`` 不兼容）。

    Args:
        shape_a, shape_b: tuples (or lists, or ``torch.Size``) of non-negative ints; either may
            be empty (the shape of a 0-dim tensor).
            由非负 int 组成的 tuple（或 list、``torch.Size``）；两者都可以为空（0 维张量的形状）。

    Returns:
        a ``tuple`` of ints (not a list).

    Raises:
        ValueError: when two aligned sizes differ and neither is 1; the message names both
            shapes, e.g. ``"cannot broadcast (2, 3) with (4, 3)"``.
            两个对齐的大小不相等且都不为 1 时；错误信息要写出两个形状，如
            ``"cannot broadcast (2, 3) with (4, 3)"``。

    Example:
        >>> broadcast_shape((4, 32, 8), (8,))
        (4, 32, 8)
        >>> broadcast_shape((5, 1, 3), (4, 1))
        (5, 4, 3)
    """
    ### BEGIN SOLUTION
    a = tuple(int(n) for n in shape_a)
    b = tuple(int(n) for n in shape_b)
    ndim = max(len(a), len(b))
    padded_a = (1,) * (ndim - len(a)) + a
    padded_b = (1,) * (ndim - len(b)) + b
    result = []
    for size_a, size_b in zip(padded_a, padded_b):
        if size_a == size_b or size_b == 1:
            result.append(size_a)
        elif size_a == 1:
            result.append(size_b)
        else:
            raise ValueError(
                f"cannot broadcast {a} with {b}: aligned on the right, size {size_a} "
                f"meets size {size_b} and neither is 1"
            )
    return tuple(result)
    ### END SOLUTION


def broadcast_by_hand(x: torch.Tensor, shape) -> torch.Tensor:
    """``x`` seen as a tensor of ``shape``, without copying: broadcasting by hand.
    不拷贝数据，把 ``x`` 看作形状为 ``shape`` 的张量：手动实现广播。

    Broadcast 自动扩展 / Broadcasting (lessons 24–25). By hand: ``torch.broadcast_to``,
    ``Tensor.broadcast_to``, ``torch.broadcast_tensors`` and ``Tensor.expand_as`` are not
    allowed. Do the two steps of the rule yourself: insert size-1 dims in FRONT of ``x`` (with
    ``unsqueeze(0)``, ``view`` or ``x[None]``) until it has ``len(shape)`` dims, then ``expand``
    its size-1 dims. The result must share memory with ``x`` (no ``repeat``, ``clone`` or
    ``contiguous``) and equal ``torch.broadcast_to(x, shape)``.

    第24–25课「Broadcast 自动扩展」。手动实现：不能用 ``torch.broadcast_to``、
    ``Tensor.broadcast_to``、``torch.broadcast_tensors`` 和 ``Tensor.expand_as``。自己完成规则的
    两步：在 ``x`` 的前面插入大小为 1 的维度（用 ``unsqueeze(0)``、``view`` 或 ``x[None]``），直到它
    有 ``len(shape)`` 维，然后 ``expand`` 它大小为 1 的维度。结果必须与 ``x`` 共享内存（不要用
    ``repeat``、``clone`` 或 ``contiguous``），并且等于 ``torch.broadcast_to(x, shape)``。

    Args:
        x: any tensor, e.g. ``[c]`` or ``[c, 1, 1]``; it may be non-contiguous.
            任意张量，如 ``[c]`` 或 ``[c, 1, 1]``；它可能不连续。
        shape: a tuple of non-negative ints that ``x`` can be broadcast to (``len(shape) >=
            x.dim()``). For a shape it cannot be broadcast to, PyTorch's ``broadcast_to``
            raises RuntimeError; this case is not graded.
            ``x`` 能广播到的、由非负 int 组成的 tuple（``len(shape) >= x.dim()``）。对于无法广播到的
            形状，PyTorch 的 ``broadcast_to`` 会抛出 RuntimeError；这种情况不评分。

    Returns:
        a view of ``x`` of shape ``shape``, same dtype and device.
            ``x`` 的一个形状为 ``shape`` 的视图，dtype 和设备与 ``x`` 相同。

    Example:
        >>> x = torch.tensor([1.0, 2.0, 3.0])
        >>> broadcast_by_hand(x, (2, 3))
        tensor([[1., 2., 3.],
                [1., 2., 3.]])
    """
    ### BEGIN SOLUTION
    shape = tuple(shape)
    front = (1,) * (len(shape) - x.dim())
    return x.view(front + tuple(x.shape)).expand(shape)
    ### END SOLUTION


def add_bonus(scores: torch.Tensor, bonus) -> torch.Tensor:
    """Every score plus its bonus: one number for all, or one per course.
    每个分数加上它的加分：所有分数共用一个数，或者每门课程一个。

    Broadcast 自动扩展 / Broadcasting (lesson 24): the course's example of
    ``[4 classes, 32 students, 8 courses] + [8]``. Broadcasting lines ``bonus [courses]`` up with
    the LAST dim of ``scores``. Return a new tensor: ``scores`` must not change (no ``+=``,
    no ``add_``).

    第24课「Broadcast 自动扩展」：课程中 ``[4 classes, 32 students, 8 courses] + [8]`` 的例子。
    广播把 ``bonus [courses]`` 与 ``scores`` 的最后一维对齐。返回一个新张量：``scores`` 不能改变
    （不要用 ``+=``，也不要用 ``add_``）。

    Args:
        scores: ``[classes, students, courses]``.
        bonus: a Python number, a 0-dim tensor, or a ``[courses]`` tensor (same dtype and device
            as ``scores``).
            Python 数字、0 维张量，或 ``[courses]`` 张量（dtype 和设备与 ``scores`` 相同）。

    Returns:
        ``[classes, students, courses]``, the dtype that ``scores + bonus`` has in PyTorch
        (float32 scores stay float32).
        ``[classes, students, courses]``，dtype 与 PyTorch 中 ``scores + bonus`` 的相同（float32
        的分数仍是 float32）。

    Example:
        >>> scores = torch.zeros(4, 32, 8)
        >>> add_bonus(scores, torch.arange(8.0))[3, 31]
        tensor([0., 1., 2., 3., 4., 5., 6., 7.])
    """
    ### BEGIN SOLUTION
    return scores + bonus
    ### END SOLUTION


def normalize_channels(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """``(x - mean) / std`` with one mean and one std per channel.
    每个通道一个 mean 和一个 std，计算 ``(x - mean) / std``。

    Broadcast 自动扩展 / Broadcasting (lessons 24–25), as in the course's image normalisation
    (``transforms.Normalize``). ``mean`` and ``std`` are ``[c]``; ``x`` is ``[b, c, h, w]``.
    Broadcasting aligns on the RIGHT, so a plain ``x - mean`` would line ``[c]`` up with ``w``,
    not with the channels: reshape ``mean`` and ``std`` to ``[c, 1, 1]`` (or ``[1, c, 1, 1]``)
    first. Do not change ``x``.

    第24–25课「Broadcast 自动扩展」，与课程中的图片标准化（``transforms.Normalize``）相同。
    ``mean`` 和 ``std`` 是 ``[c]``；``x`` 是 ``[b, c, h, w]``。广播按右侧对齐，所以直接写
    ``x - mean`` 会把 ``[c]`` 与 ``w`` 对齐，而不是与通道对齐：要先把 ``mean`` 和 ``std`` 变形为
    ``[c, 1, 1]``（或 ``[1, c, 1, 1]``）。不要修改 ``x``。

    Args:
        x: images ``[b, c, h, w]`` (possibly non-contiguous, e.g. channels-last memory).
            图片 ``[b, c, h, w]``（可能不连续，如 channels-last 的内存布局）。
        mean: ``[c]``.
        std: ``[c]``, all positive.

    Returns:
        ``[b, c, h, w]``: ``out[i, k] = (x[i, k] - mean[k]) / std[k]``, x's dtype and device.
            ``[b, c, h, w]``：``out[i, k] = (x[i, k] - mean[k]) / std[k]``，dtype 和设备与 x 相同。

    Example:
        >>> x = torch.ones(2, 3, 4, 5)
        >>> out = normalize_channels(x, torch.tensor([1.0, 0.0, 0.5]), torch.tensor([1.0, 2.0, 0.25]))
        >>> out[0, :, 0, 0]
        tensor([0.0000, 0.5000, 2.0000])
    """
    ### BEGIN SOLUTION
    return (x - mean[:, None, None]) / std[:, None, None]
    ### END SOLUTION


def pairwise_sq_dist(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distance between every row of ``a`` and every row of ``b``.
    ``a`` 的每一行与 ``b`` 的每一行之间欧氏距离的平方。

    Broadcast 自动扩展 / Broadcasting (lessons 24–26). No Python loops (``for``, ``while``,
    comprehensions): let broadcasting pair the rows, e.g. ``a[:, None, :] - b[None, :, :]`` is
    ``[n, m, d]``; or expand ``|a_i - b_j|² = |a_i|² + |b_j|² − 2 a_i·b_j`` with a matmul.
    Squared distances: no square root.

    第24–26课「Broadcast 自动扩展」。不要用 Python 循环（``for``、``while``、推导式）：让广播来
    配对各行，例如 ``a[:, None, :] - b[None, :, :]`` 的形状是 ``[n, m, d]``；或者用矩阵乘法展开
    ``|a_i - b_j|² = |a_i|² + |b_j|² − 2 a_i·b_j``。求的是距离的平方：不开平方根。

    Args:
        a: ``[n, d]``.
        b: ``[m, d]``.

    Returns:
        ``[n, m]`` with ``out[i, j] = Σ_k (a[i, k] − b[j, k])²``; a's dtype and device.
            ``[n, m]``，其中 ``out[i, j] = Σ_k (a[i, k] − b[j, k])²``；dtype 和设备与 a 相同。

    Example:
        >>> a = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
        >>> b = torch.tensor([[3.0, 4.0]])
        >>> pairwise_sq_dist(a, b)
        tensor([[25.],
                [13.]])
    """
    ### BEGIN SOLUTION
    diff = a[:, None, :] - b[None, :, :]
    return (diff * diff).sum(dim=-1)
    ### END SOLUTION
