"""索引与切片 / Indexing and slicing (lessons 18–19).

Every function here takes a batch of images ``x`` of shape ``[b, c, h, w]``: b images, c channels,
h rows, w columns (MNIST would be ``[b, 1, 28, 28]``). Return new tensors or views of ``x``; never
change ``x`` itself.
"""

import torch


def first_image(x: torch.Tensor) -> torch.Tensor:
    """The first image of the batch.

    索引与切片 / Indexing and slicing (lesson 18): ``x[0]`` indexes dim 0.

    Args:
        x: images ``[b, c, h, w]``.

    Returns:
        ``[c, h, w]``: image 0.

    Example:
        >>> first_image(torch.rand(4, 3, 28, 28)).shape
        torch.Size([3, 28, 28])
    """
    ### BEGIN SOLUTION
    return x[0]
    ### END SOLUTION


def pixel(x: torch.Tensor, b: int, c: int, i: int, j: int) -> torch.Tensor:
    """One value: image ``b``, channel ``c``, row ``i``, column ``j``.

    索引与切片 / Indexing and slicing (lesson 18). Negative indices count from the end, as in
    Python.

    Returns:
        a 0-dim tensor (``shape == torch.Size([])``), not a Python number.

    Example:
        >>> x = torch.arange(24.).reshape(1, 2, 3, 4)
        >>> pixel(x, 0, 1, 2, 3)
        tensor(23.)
    """
    ### BEGIN SOLUTION
    return x[b, c, i, j]
    ### END SOLUTION


def first_n_images(x: torch.Tensor, n: int) -> torch.Tensor:
    """The first ``n`` images.

    索引与切片 / Indexing and slicing (lesson 18): slicing ``start:end`` excludes ``end``.

    Returns:
        ``[n, c, h, w]`` (fewer when the batch has fewer than ``n`` images, as slicing does).

    Example:
        >>> first_n_images(torch.rand(8, 1, 28, 28), 2).shape
        torch.Size([2, 1, 28, 28])
    """
    ### BEGIN SOLUTION
    return x[:n]
    ### END SOLUTION


def last_channels(x: torch.Tensor, k: int) -> torch.Tensor:
    """The last ``k`` channels of every image (``k >= 1``).

    索引与切片 / Indexing and slicing (lesson 18): negative slice bounds count from the end.

    Returns:
        ``[b, k, h, w]``.

    Example:
        >>> last_channels(torch.rand(2, 3, 5, 5), 2).shape   # channels 1 and 2
        torch.Size([2, 2, 5, 5])
    """
    ### BEGIN SOLUTION
    return x[:, -k:]
    ### END SOLUTION


def every_other_pixel(x: torch.Tensor) -> torch.Tensor:
    """Rows 0, 2, 4, … and columns 0, 2, 4, … of every image (downsampling by 2).

    索引与切片 / Indexing and slicing (lesson 18): the step in ``start:end:step``.

    Returns:
        ``[b, c, ceil(h/2), ceil(w/2)]``.

    Example:
        >>> every_other_pixel(torch.rand(2, 1, 5, 4)).shape
        torch.Size([2, 1, 3, 2])
    """
    ### BEGIN SOLUTION
    return x[:, :, ::2, ::2]
    ### END SOLUTION


def select_images(x: torch.Tensor, indices) -> torch.Tensor:
    """The images at ``indices`` (a list of ints), in that order; repeats allowed.

    索引与切片 / Indexing and slicing (lesson 19): ``index_select``.

    Returns:
        ``[len(indices), c, h, w]``.

    Example:
        >>> x = torch.rand(5, 1, 2, 2)
        >>> torch.equal(select_images(x, [3, 0])[0], x[3])
        True
    """
    ### BEGIN SOLUTION
    index = torch.as_tensor(indices, dtype=torch.long, device=x.device)
    return x.index_select(0, index)
    ### END SOLUTION


def select_channels(x: torch.Tensor, indices) -> torch.Tensor:
    """The channels at ``indices`` (a list of ints), in that order, of every image.

    索引与切片 / Indexing and slicing (lesson 19): ``index_select`` on dim 1, e.g. RGB → BGR with
    ``[2, 1, 0]``.

    Returns:
        ``[b, len(indices), h, w]``.

    Example:
        >>> select_channels(torch.rand(2, 3, 4, 4), [2, 1, 0]).shape
        torch.Size([2, 3, 4, 4])
    """
    ### BEGIN SOLUTION
    index = torch.as_tensor(indices, dtype=torch.long, device=x.device)
    return x.index_select(1, index)
    ### END SOLUTION


def last_column(x: torch.Tensor) -> torch.Tensor:
    """The last column of every row of every channel: ``x[..., -1]``.

    索引与切片 / Indexing and slicing (lesson 19): ``...`` stands for all the dims before.

    Returns:
        ``[b, c, h]``.

    Example:
        >>> last_column(torch.rand(2, 3, 4, 5)).shape
        torch.Size([2, 3, 4])
    """
    ### BEGIN SOLUTION
    return x[..., -1]
    ### END SOLUTION


def values_at_least(x: torch.Tensor, threshold: float) -> torch.Tensor:
    """Every element ``>= threshold``, as a 1-D tensor in row-major order.

    索引与切片 / Indexing and slicing (lesson 19): a mask (``x >= threshold``) and
    ``masked_select``. Values equal to the threshold are kept.

    Returns:
        1-D, as many elements as pass the test (possibly none).

    Example:
        >>> values_at_least(torch.tensor([[[[0.5, 2.0], [1.0, -1.0]]]]), 1.0)
        tensor([2., 1.])
    """
    ### BEGIN SOLUTION
    return x.masked_select(x >= threshold)
    ### END SOLUTION


def take_flat(x: torch.Tensor, flat_indices: torch.Tensor) -> torch.Tensor:
    """The elements at ``flat_indices`` into ``x`` flattened in row-major order (``torch.take``).

    索引与切片 / Indexing and slicing (lesson 19). Negative indices count from the end.

    Args:
        flat_indices: int64 tensor of any shape.

    Returns:
        a tensor of ``flat_indices``' shape.

    Example:
        >>> x = torch.arange(24.).reshape(1, 2, 3, 4)
        >>> take_flat(x, torch.tensor([0, 5, -1]))
        tensor([ 0.,  5., 23.])
    """
    ### BEGIN SOLUTION
    return x.reshape(-1)[flat_indices]
    ### END SOLUTION
