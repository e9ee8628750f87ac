"""索引与切片 / Indexing and slicing (lessons 18–19).

第18–19课「索引与切片」。

Every function here takes a batch of images ``x`` of shape ``[b, c, h, w]``: b images, c channels,
h rows, w columns (MNIST would be ``[b, 1, 28, 28]``). Return new tensors or views of ``x``; never
change ``x`` itself.

这里的每个函数都接收一批形状为 ``[b, c, h, w]`` 的图片 ``x``：b 张图片，c 个通道，h 行，w 列
（MNIST 就是 ``[b, 1, 28, 28]``）。返回新的张量或 ``x`` 的视图；不要改动 ``x`` 本身。
"""

import torch


def first_image(x: torch.Tensor) -> torch.Tensor:
    """The first image of the batch.
    这批图片中的第一张。

    索引与切片 / Indexing and slicing (lesson 18): ``x[0]`` indexes dim 0.

    第18课「索引与切片」：``x[0]`` 在第 0 维上索引。

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[c, h, w]``: image 0. / 第 0 张图片。

    Example:
        >>> first_image(torch.rand(4, 3, 28, 28)).shape
        torch.Size([3, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def pixel(x: torch.Tensor, b: int, c: int, i: int, j: int) -> torch.Tensor:
    """One value: image ``b``, channel ``c``, row ``i``, column ``j``.
    一个值：第 ``b`` 张图片、第 ``c`` 个通道、第 ``i`` 行、第 ``j`` 列。

    索引与切片 / Indexing and slicing (lesson 18). Negative indices count from the end, as in
    Python.

    第18课「索引与切片」。负数索引从末尾数起，和 Python 一样。

    Returns:
        a 0-dim tensor (``shape == torch.Size([])``), not a Python number.
        一个 0 维张量（``shape == torch.Size([])``），而不是 Python 数字。

    Example:
        >>> x = torch.arange(24.).reshape(1, 2, 3, 4)
        >>> pixel(x, 0, 1, 2, 3)
        tensor(23.)
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def first_n_images(x: torch.Tensor, n: int) -> torch.Tensor:
    """The first ``n`` images.
    前 ``n`` 张图片。

    索引与切片 / Indexing and slicing (lesson 18): slicing ``start:end`` excludes ``end``.

    第18课「索引与切片」：切片 ``start:end`` 不包含 ``end``。

    Returns:
        ``[n, c, h, w]`` (fewer when the batch has fewer than ``n`` images, as slicing does).
        ``[n, c, h, w]``（这批图片不足 ``n`` 张时就少一些，和切片的行为一样）。

    Example:
        >>> first_n_images(torch.rand(8, 1, 28, 28), 2).shape
        torch.Size([2, 1, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def last_channels(x: torch.Tensor, k: int) -> torch.Tensor:
    """The last ``k`` channels of every image (``k >= 1``).
    每张图片的最后 ``k`` 个通道（``k >= 1``）。

    索引与切片 / Indexing and slicing (lesson 18): negative slice bounds count from the end.

    第18课「索引与切片」：切片的负数边界从末尾数起。

    Returns:
        ``[b, k, h, w]``.

    Example:
        >>> last_channels(torch.rand(2, 3, 5, 5), 2).shape   # channels 1 and 2
        torch.Size([2, 2, 5, 5])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def every_other_pixel(x: torch.Tensor) -> torch.Tensor:
    """Rows 0, 2, 4, … and columns 0, 2, 4, … of every image (downsampling by 2).
    每张图片的第 0、2、4、… 行和第 0、2、4、… 列（2 倍下采样）。

    索引与切片 / Indexing and slicing (lesson 18): the step in ``start:end:step``.

    第18课「索引与切片」：``start:end:step`` 中的步长。

    Returns:
        ``[b, c, ceil(h/2), ceil(w/2)]``.

    Example:
        >>> every_other_pixel(torch.rand(2, 1, 5, 4)).shape
        torch.Size([2, 1, 3, 2])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def select_images(x: torch.Tensor, indices) -> torch.Tensor:
    """The images at ``indices`` (a list of ints), in that order; repeats allowed.
    位于 ``indices``（一个 int 列表）处的图片，按这个顺序排列；允许重复。

    索引与切片 / Indexing and slicing (lesson 19): ``index_select``.

    第19课「索引与切片」：``index_select``。

    Returns:
        ``[len(indices), c, h, w]``.

    Example:
        >>> x = torch.rand(5, 1, 2, 2)
        >>> torch.equal(select_images(x, [3, 0])[0], x[3])
        True
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def select_channels(x: torch.Tensor, indices) -> torch.Tensor:
    """The channels at ``indices`` (a list of ints), in that order, of every image.
    每张图片位于 ``indices``（一个 int 列表）处的通道，按这个顺序排列。

    索引与切片 / Indexing and slicing (lesson 19): ``index_select`` on dim 1, e.g. RGB → BGR with
    ``[2, 1, 0]``.

    第19课「索引与切片」：在第 1 维上 ``index_select``，例如用 ``[2, 1, 0]`` 把 RGB 变成 BGR。

    Returns:
        ``[b, len(indices), h, w]``.

    Example:
        >>> select_channels(torch.rand(2, 3, 4, 4), [2, 1, 0]).shape
        torch.Size([2, 3, 4, 4])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def last_column(x: torch.Tensor) -> torch.Tensor:
    """The last column of every row of every channel: ``x[..., -1]``.
    每个通道每一行的最后一列：``x[..., -1]``。

    索引与切片 / Indexing and slicing (lesson 19): ``...`` stands for all the dims before.

    第19课「索引与切片」：``...`` 代表前面的所有维度。

    Returns:
        ``[b, c, h]``.

    Example:
        >>> last_column(torch.rand(2, 3, 4, 5)).shape
        torch.Size([2, 3, 4])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def values_at_least(x: torch.Tensor, threshold: float) -> torch.Tensor:
    """Every element ``>= threshold``, as a 1-D tensor in row-major order.
    所有 ``>= threshold`` 的元素，按行优先顺序组成一个一维张量。

    索引与切片 / Indexing and slicing (lesson 19): a mask (``x >= threshold``) and
    ``masked_select``. Values equal to the threshold are kept.

    第19课「索引与切片」：掩码（``x >= threshold``）加 ``masked_select``。等于阈值的数值要
    保留。

    Returns:
        1-D, as many elements as pass the test (possibly none).
        一维张量，元素个数等于满足条件的元素个数（可能为 0）。

    Example:
        >>> values_at_least(torch.tensor([[[[0.5, 2.0], [1.0, -1.0]]]]), 1.0)
        tensor([2., 1.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def take_flat(x: torch.Tensor, flat_indices: torch.Tensor) -> torch.Tensor:
    """The elements at ``flat_indices`` into ``x`` flattened in row-major order (``torch.take``).
    把 ``x`` 按行优先顺序展平后，位于 ``flat_indices`` 处的元素（``torch.take``）。

    索引与切片 / Indexing and slicing (lesson 19). Negative indices count from the end.

    第19课「索引与切片」。负数索引从末尾数起。

    Args:
        flat_indices: int64 tensor of any shape. / 任意形状的 int64 张量。

    Returns:
        a tensor of ``flat_indices``' shape. / 形状与 ``flat_indices`` 相同的张量。

    Example:
        >>> x = torch.arange(24.).reshape(1, 2, 3, 4)
        >>> take_flat(x, torch.tensor([0, 5, -1]))
        tensor([ 0.,  5., 23.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
