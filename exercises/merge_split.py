"""合并与分割 / Merging and splitting (lessons 27–28).

``torch.cat`` joins tensors along a dim that already exists (that dim grows); ``torch.stack``
puts them side by side along a new dim (all inputs the same shape). ``split`` cuts a tensor into
pieces of given sizes; ``chunk`` cuts it into a given number of pieces. Never change the inputs.

The running example is the course's score sheets: ``[classes, students, courses]``.
"""

import torch


def merge_classes(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The score sheets of two groups of classes, one after the other.

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along dim 0.

    Args:
        a: ``[c1, s, k]``: c1 classes, s students, k courses.
        b: ``[c2, s, k]``: c2 more classes (c2 may differ from c1).

    Returns:
        ``[c1+c2, s, k]``: ``a``'s classes first, then ``b``'s.

    Example:
        >>> merge_classes(torch.rand(4, 32, 8), torch.rand(5, 32, 8)).shape
        torch.Size([9, 32, 8])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def add_alpha(rgb: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """Add an alpha (transparency) channel after the RGB channels of a batch of images.

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along the channel dim (1).

    Args:
        rgb: ``[b, 3, h, w]``.
        alpha: ``[b, 1, h, w]``.

    Returns:
        ``[b, 4, h, w]``: channels R, G, B, then alpha.

    Example:
        >>> add_alpha(torch.rand(2, 3, 28, 28), torch.ones(2, 1, 28, 28)).shape
        torch.Size([2, 4, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def join_halves(top: torch.Tensor, bottom: torch.Tensor) -> torch.Tensor:
    """Put the rows of ``bottom`` under those of ``top`` (join two image parts vertically).

    合并与分割 / Merging and splitting (lesson 27): ``torch.cat`` along the height dim (2, i.e.
    -2).

    Args:
        top: ``[b, c, h1, w]``.
        bottom: ``[b, c, h2, w]`` (h2 may differ from h1).

    Returns:
        ``[b, c, h1+h2, w]``: ``top``'s rows first.

    Example:
        >>> join_halves(torch.rand(2, 3, 10, 28), torch.rand(2, 3, 18, 28)).shape
        torch.Size([2, 3, 28, 28])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def stack_classes(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Two classes' score sheets of the same shape, stacked along a new leading class dim.

    合并与分割 / Merging and splitting (lesson 27): ``torch.stack`` creates a new dim (where
    ``torch.cat`` would lengthen an existing one).

    Args:
        a: ``[s, k]``: s students, k courses (class A).
        b: ``[s, k]``: the same shape (class B).

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

    合并与分割 / Merging and splitting (lesson 28): ``torch.split`` with a list of sizes.

    Args:
        x: any tensor, e.g. ``[c, s, k]``.
        sizes: a list of ints that add up to ``x.shape[dim]``.
        dim: the dim to cut; negative values count from the end (-1 is the last dim).

    Returns:
        a tuple of ``len(sizes)`` tensors (a list is accepted too): piece i has size
        ``sizes[i]`` along ``dim`` and the sizes of ``x`` elsewhere, in order.

    Example:
        >>> [p.shape[0] for p in split_by_sizes(torch.rand(6, 32, 8), [2, 3, 1], 0)]
        [2, 3, 1]
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def split_into(x: torch.Tensor, n: int, dim: int):
    """Cut ``x`` along ``dim`` into ``n`` pieces, exactly as ``torch.chunk(x, n, dim)`` does.

    合并与分割 / Merging and splitting (lesson 28): ``chunk`` takes the number of pieces
    (``split`` takes their size). Follow ``torch.chunk``: every piece has ``ceil(L / n)`` slices
    along ``dim`` (L = ``x.shape[dim]``) except the last, which may be smaller, so there may be
    fewer than ``n`` pieces: 5 rows into 4 chunks gives 3 pieces of 2, 2 and 1 rows; 6 rows into
    4 chunks gives 3 pieces of 2 rows.

    Args:
        x: any tensor.
        n: the number of chunks asked for (``n >= 1``).
        dim: the dim to cut; negative values count from the end.

    Returns:
        a tuple of tensors (a list is accepted too), as ``torch.chunk`` gives them.

    Example:
        >>> [p.shape[0] for p in split_into(torch.rand(5, 3), 4, 0)]
        [2, 2, 1]
    """
    # YOUR CODE HERE
    raise NotImplementedError()
