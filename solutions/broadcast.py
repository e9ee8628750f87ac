"""Broadcast 自动扩展 / Broadcasting (lessons 24–26).

Broadcasting lets two tensors of different shapes meet in one elementwise operation without
copying data. The rule, applied to the shapes aligned on the RIGHT (the last dims first):

1. if one shape has fewer dims, insert size-1 dims in front of it (``[3]`` → ``[1, 3]``);
2. then, dim by dim, two sizes match when they are equal or one of them is 1; a size-1 dim is
   expanded (without copying) to the other size. Any other pair is incompatible.

Example from the course: ``scores [4 classes, 32 students, 8 courses] + bonus [8]`` adds the
bonus of each course to every student of every class. Never change the inputs in place.
"""

import torch


def broadcast_shape(shape_a, shape_b) -> tuple:
    """The shape that broadcasting ``shape_a`` against ``shape_b`` gives, computed by hand.

    Broadcast 自动扩展 / Broadcasting (lesson 24). By hand: ``torch.broadcast_shapes`` (under
    any name or module, numpy's included) is not allowed; a loop over the dims is fine. Align
    the shapes on the right, pad the shorter one with 1s in front, then take, dim by dim, the
    size that is not 1. A size-0 dim meets only 0 or 1 and stays 0, as in PyTorch
    (``(0,)`` with ``(1,)`` gives ``(0,)``; ``(0,)`` with ``(3,)`` is incompatible).

    Args:
        shape_a, shape_b: tuples (or lists, or ``torch.Size``) of non-negative ints; either may
            be empty (the shape of a 0-dim tensor).

    Returns:
        a ``tuple`` of ints (not a list).

    Raises:
        ValueError: when two aligned sizes differ and neither is 1; the message names both
            shapes, e.g. ``"cannot broadcast (2, 3) with (4, 3)"``.

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

    Broadcast 自动扩展 / Broadcasting (lessons 24–25). By hand: ``torch.broadcast_to``,
    ``Tensor.broadcast_to``, ``torch.broadcast_tensors`` and ``Tensor.expand_as`` are not
    allowed. Do the two steps of the rule yourself: insert size-1 dims in FRONT of ``x`` (with
    ``unsqueeze(0)``, ``view`` or ``x[None]``) until it has ``len(shape)`` dims, then ``expand``
    its size-1 dims. The result must share memory with ``x`` (no ``repeat``, ``clone`` or
    ``contiguous``) and equal ``torch.broadcast_to(x, shape)``.

    Args:
        x: any tensor, e.g. ``[c]`` or ``[c, 1, 1]``; it may be non-contiguous.
        shape: a tuple of non-negative ints that ``x`` can be broadcast to (``len(shape) >=
            x.dim()``). For a shape it cannot be broadcast to, PyTorch's ``broadcast_to``
            raises RuntimeError; this case is not graded.

    Returns:
        a view of ``x`` of shape ``shape``, same dtype and device.

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

    Broadcast 自动扩展 / Broadcasting (lesson 24): the course's example of
    ``[4 classes, 32 students, 8 courses] + [8]``. Broadcasting lines ``bonus [courses]`` up with
    the LAST dim of ``scores``. Return a new tensor: ``scores`` must not change (no ``+=``,
    no ``add_``).

    Args:
        scores: ``[classes, students, courses]``.
        bonus: a Python number, a 0-dim tensor, or a ``[courses]`` tensor (same dtype and device
            as ``scores``).

    Returns:
        ``[classes, students, courses]``, the dtype that ``scores + bonus`` has in PyTorch
        (float32 scores stay float32).

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

    Broadcast 自动扩展 / Broadcasting (lessons 24–25), as in the course's image normalisation
    (``transforms.Normalize``). ``mean`` and ``std`` are ``[c]``; ``x`` is ``[b, c, h, w]``.
    Broadcasting aligns on the RIGHT, so a plain ``x - mean`` would line ``[c]`` up with ``w``,
    not with the channels: reshape ``mean`` and ``std`` to ``[c, 1, 1]`` (or ``[1, c, 1, 1]``)
    first. Do not change ``x``.

    Args:
        x: images ``[b, c, h, w]`` (possibly non-contiguous, e.g. channels-last memory).
        mean: ``[c]``.
        std: ``[c]``, all positive.

    Returns:
        ``[b, c, h, w]``: ``out[i, k] = (x[i, k] - mean[k]) / std[k]``, x's dtype and device.

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

    Broadcast 自动扩展 / Broadcasting (lessons 24–26). No Python loops (``for``, ``while``,
    comprehensions): let broadcasting pair the rows, e.g. ``a[:, None, :] - b[None, :, :]`` is
    ``[n, m, d]``; or expand ``|a_i - b_j|² = |a_i|² + |b_j|² − 2 a_i·b_j`` with a matmul.
    Squared distances: no square root.

    Args:
        a: ``[n, d]``.
        b: ``[m, d]``.

    Returns:
        ``[n, m]`` with ``out[i, j] = Σ_k (a[i, k] − b[j, k])²``; a's dtype and device.

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
