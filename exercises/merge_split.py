"""合并与分割 / Merging and splitting (lessons 27–28).

第27–28课「合并与分割」。

``torch.cat`` joins tensors along a dim that already exists (that dim grows); ``torch.stack``
puts them side by side along a new dim (all inputs the same shape). ``split`` cuts a tensor into
pieces of given sizes; ``chunk`` cuts it into a given number of pieces. Never change the inputs.

``torch.cat`` 沿一个已有的维度拼接张量（这一维变长）；``torch.stack`` 沿一个新的维度把它们
堆叠起来（所有输入形状相同）。``split`` 把张量拆分成给定大小的块；``chunk`` 把它分成给定数目
的块。不要改动输入。

The running example is the course's score sheets: ``[classes, students, courses]``.

贯穿全篇的例子是课上的成绩表：``[classes, students, courses]``（班级、学生、课程）。
"""

import torch


def merge_classes(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The score sheets of two groups of classes, one after the other.
    两组班级的成绩表，一组接在另一组后面。

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along dim 0.

    第27课「合并与分割」：沿第 0 维 ``torch.cat``。

    Args:
        a: ``[c1, s, k]``: c1 classes, s students, k courses / c1 个班级、s 个学生、k 门课程。
        b: ``[c2, s, k]``: c2 more classes (c2 may differ from c1). / 另外 c2 个班级
            （c2 可以与 c1 不同）。

    Returns:
        ``[c1+c2, s, k]``: ``a``'s classes first, then ``b``'s. / 先是 ``a`` 的班级，
            然后是 ``b`` 的。

    Example:
        >>> merge_classes(torch.rand(4, 32, 8), torch.rand(5, 32, 8)).shape
        torch.Size([9, 32, 8])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def add_alpha(rgb: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """Add an alpha (transparency) channel after the RGB channels of a batch of images.
    在一批图片的 RGB 通道之后加上 alpha（透明度）通道。

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along the channel dim (1).

    第27课「合并与分割」：沿通道维（第 1 维）``torch.cat``。

    Args:
        rgb: ``[b, 3, h, w]``.
        alpha: ``[b, 1, h, w]``.

    Returns:
        ``[b, 4, h, w]``: channels R, G, B, then alpha. / 通道依次是 R、G、B，
            然后是 alpha。

    Example:
        >>> add_alpha(torch.rand(2, 3, 28, 28), torch.ones(2, 1, 28, 28)).shape
        torch.Size([2, 4, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def join_halves(top: torch.Tensor, bottom: torch.Tensor) -> torch.Tensor:
    """Put the rows of ``bottom`` under those of ``top`` (join two image parts vertically).
    把 ``bottom`` 的各行接在 ``top`` 的各行下面（把图片的两部分上下拼接）。

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along the height dim (2, i.e.
    -2).

    第27课「合并与分割」：沿高度维（第 2 维，即 -2）``torch.cat``。

    Args:
        top: ``[b, c, h1, w]``.
        bottom: ``[b, c, h2, w]`` (h2 may differ from h1).

    Returns:
        ``[b, c, h1+h2, w]``: ``top``'s rows first. / ``top`` 的行在前。

    Example:
        >>> join_halves(torch.rand(2, 3, 10, 28), torch.rand(2, 3, 18, 28)).shape
        torch.Size([2, 3, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def stack_classes(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Two classes' score sheets of the same shape, stacked along a new leading class dim.
    两个班级形状相同的成绩表，沿最前面新加的班级维堆叠起来。

    合并与分割 / Merging and splitting (lesson 27): ``torch.stack`` creates a new dim (where
    ``torch.cat`` would lengthen an existing one).

    第27课「合并与分割」：``torch.stack`` 会新建一个维度（而 ``torch.cat`` 是让已有的维度
    变长）。

    Args:
        a: ``[s, k]``: s students, k courses (class A). / s 个学生，k 门课程
            （A 班）。
        b: ``[s, k]``: the same shape (class B). / 形状相同（B 班）。

    Returns:
        ``[2, s, k]``: ``result[0]`` is ``a``, ``result[1]`` is ``b``.

    Example:
        >>> stack_classes(torch.rand(32, 8), torch.rand(32, 8)).shape
        torch.Size([2, 32, 8])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def split_by_sizes(x: torch.Tensor, sizes, dim: int):
    """Cut ``x`` along ``dim`` into consecutive pieces of the given sizes.
    沿 ``dim`` 把 ``x`` 拆分成给定大小的相邻几块。

    合并与分割 / Merging and splitting (lesson 28): ``torch.split`` with a list of sizes.

    第28课「合并与分割」：``torch.split`` 加一个大小列表。

    Args:
        x: any tensor, e.g. ``[c, s, k]``.
        sizes: a list of ints that add up to ``x.shape[dim]``. / 一个 int 列表，
            各项之和为 ``x.shape[dim]``。
        dim: the dim to cut; negative values count from the end (-1 is the last dim).
            沿哪一维切分；负数从末尾数起（-1 是最后一维）。

    Returns:
        a tuple of ``len(sizes)`` tensors (a list is accepted too): piece i has size
            ``sizes[i]`` along ``dim`` and the sizes of ``x`` elsewhere, in order.
        由 ``len(sizes)`` 个张量组成的 tuple（list 也可以）：第 i 块沿 ``dim`` 的大小为
            ``sizes[i]``，其他维的大小与 ``x`` 相同，按顺序排列。

    Example:
        >>> [p.shape[0] for p in split_by_sizes(torch.rand(6, 32, 8), [2, 3, 1], 0)]
        [2, 3, 1]
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def split_into(x: torch.Tensor, n: int, dim: int):
    """Cut ``x`` along ``dim`` into ``n`` pieces, exactly as ``torch.chunk(x, n, dim)`` does.
    沿 ``dim`` 把 ``x`` 分成 ``n`` 块，和 ``torch.chunk(x, n, dim)`` 的做法完全一样。

    合并与分割 / Merging and splitting (lesson 28): ``chunk`` takes the number of pieces
    (``split`` takes their size). Follow ``torch.chunk``: every piece has ``ceil(L / n)`` slices
    along ``dim`` (L = ``x.shape[dim]``) except the last, which may be smaller, so there may be
    fewer than ``n`` pieces: 5 rows into 4 chunks gives 3 pieces of 2, 2 and 1 rows; 6 rows into
    4 chunks gives 3 pieces of 2 rows.

    第28课「合并与分割」：``chunk`` 接收的是块数（``split`` 接收的是每块的大小）。按
    ``torch.chunk`` 的规则：除最后一块可能更小外，每块沿 ``dim`` 都有 ``ceil(L / n)`` 个切片
    （L = ``x.shape[dim]``），所以块数可能少于 ``n``：5 行分成 4 块得到 3 块，分别是 2、2、1
    行；6 行分成 4 块得到 3 块，每块 2 行。

    Args:
        x: any tensor.
        n: the number of chunks asked for (``n >= 1``). / 要求的块数（``n >= 1``）。
        dim: the dim to cut; negative values count from the end.
            沿哪一维切分；负数从末尾数起。

    Returns:
        a tuple of tensors (a list is accepted too), as ``torch.chunk`` gives them.
        由张量组成的 tuple（list 也可以），与 ``torch.chunk`` 给出的一样。

    Example:
        >>> [p.shape[0] for p in split_into(torch.rand(5, 3), 4, 0)]
        [2, 2, 1]
    """
    # YOUR CODE HERE
    raise NotImplementedError()
