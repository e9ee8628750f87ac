"""张量数据类型 / 创建Tensor — Tensor data types / Creating tensors (lessons 14–17).

What a tensor is made of (its type, its number of dims, its shape, its number of elements) and the
ways to make one: from random numbers, from class labels, from another tensor's rows, and from a
numpy array.
"""

import numpy as np
import torch


def describe(t: torch.Tensor) -> dict:
    """The basic facts of a tensor, as plain Python values.

    张量数据类型 / Tensor data types (lesson 14): ``t.type()`` names the tensor type
    (``'torch.FloatTensor'`` for float32, ``'torch.DoubleTensor'`` for float64,
    ``'torch.LongTensor'`` for int64, ``'torch.ByteTensor'`` for uint8, ...); ``t.dim()`` is the
    number of dims, ``t.shape`` (or ``t.size()``) the size of each, ``t.numel()`` the number of
    elements.

    Args:
        t: any tensor, e.g. ``[b, c, h, w]``; also a 0-dim tensor (a scalar such as
            ``torch.tensor(1.5)``: dim 0, shape ``()``, 1 element) or an empty one.

    Returns:
        ``{"type": str, "dim": int, "shape": tuple of ints, "numel": int}`` with exactly these
        four keys. The numbers are Python ints, not tensors.

    Example:
        >>> describe(torch.zeros(2, 3))
        {'type': 'torch.FloatTensor', 'dim': 2, 'shape': (2, 3), 'numel': 6}
    """
    ### BEGIN SOLUTION
    return {"type": t.type(), "dim": t.dim(), "shape": tuple(t.shape), "numel": t.numel()}
    ### END SOLUTION


def uniform(low: float, high: float, shape, generator: torch.Generator | None = None):
    """Random float32 numbers drawn uniformly from ``[low, high)``.

    创建Tensor / Creating tensors (lesson 16): ``torch.rand`` draws from ``[0, 1)``; scale and
    shift it (or use ``Tensor.uniform_``).

    Args:
        low, high: the bounds (``low < high``; Python numbers, possibly ints).
        shape: a tuple of ints, e.g. ``(b, c, h, w)``.
        generator: a ``torch.Generator`` to draw from; ``None`` uses the global random state.
            Pass it on to torch (``torch.rand(..., generator=generator)``), so that the same
            generator state gives the same numbers.

    Returns:
        float32 tensor of ``shape``; every value ``>= low`` and ``< high``.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> x = uniform(-1.0, 1.0, (2, 3), generator=g)
        >>> x.shape, x.dtype, bool(((x >= -1) & (x < 1)).all())
        (torch.Size([2, 3]), torch.float32, True)
    """
    ### BEGIN SOLUTION
    return low + (high - low) * torch.rand(shape, generator=generator, dtype=torch.float32)
    ### END SOLUTION


def one_hot(labels: torch.Tensor, depth: int) -> torch.Tensor:
    """One-hot encode class labels.

    创建Tensor / Creating tensors (lesson 16): start from ``torch.zeros`` and put a 1 in each row
    at the column of its label (``scatter_``, or indexing), or compare the labels with
    ``torch.arange(depth)``. Create new tensors on the labels' device
    (``device=labels.device``).

    Args:
        labels: int64 ``[N]``, values in ``0 .. depth-1``.
        depth: the number of classes (it may exceed the largest label + 1).

    Returns:
        float32 ``[N, depth]`` on ``labels``' device: row i is 1.0 at column ``labels[i]``,
        0.0 elsewhere. (``torch.nn.functional.one_hot`` gives int64: convert it.)

    Example:
        >>> one_hot(torch.tensor([2, 0]), 3)
        tensor([[0., 0., 1.],
                [1., 0., 0.]])
    """
    ### BEGIN SOLUTION
    out = torch.zeros(labels.shape[0], depth, dtype=torch.float32, device=labels.device)
    return out.scatter_(1, labels.unsqueeze(1), 1.0)
    ### END SOLUTION


def shuffle_together(a: torch.Tensor, b: torch.Tensor, generator: torch.Generator | None = None):
    """Shuffle the rows (dim 0) of ``a`` and ``b`` with one and the same random permutation.

    创建Tensor / Creating tensors (lesson 17): ``torch.randperm(n)`` is a random order of
    ``0 .. n-1``; indexing both tensors with the same permutation keeps each example with its
    label (as a data loader does when it shuffles).

    Args:
        a: ``[N, ...]``, e.g. images ``[N, c, h, w]``.
        b: ``[N, ...]``, e.g. labels ``[N]``; the same N as ``a``.
        generator: a ``torch.Generator`` to draw the permutation from (pass it on to
            ``torch.randperm``); ``None`` uses the global random state. It lives on the inputs'
            device (a CUDA generator for CUDA tensors), like the permutation: make it there
            with ``device=a.device``.

    Returns:
        ``(a2, b2)``: ``a2[i] == a[perm[i]]`` and ``b2[i] == b[perm[i]]`` for one permutation
        ``perm``; shapes and dtypes as the inputs. ``a`` and ``b`` themselves are not changed.

    Example:
        >>> a, b = torch.arange(6.).reshape(3, 2), torch.tensor([0, 1, 2])
        >>> a2, b2 = shuffle_together(a, b, torch.Generator().manual_seed(0))
        >>> torch.equal(a2[:, 0] / 2, b2.float())   # each row still has its own label
        True
    """
    ### BEGIN SOLUTION
    perm = torch.randperm(a.shape[0], generator=generator, device=a.device)
    return a[perm], b[perm]
    ### END SOLUTION


def from_numpy_float32(array: np.ndarray) -> torch.Tensor:
    """A numpy array of any float dtype (float16, float32, float64) as a float32 tensor.

    创建Tensor / Creating tensors (lesson 15): ``torch.from_numpy`` keeps numpy's dtype (numpy's
    default float64 becomes ``torch.float64``, a DoubleTensor); networks want float32.

    Args:
        array: a numpy array of any shape (also 0-dim or empty), dtype float16/float32/float64.

    Returns:
        float32 tensor of the same shape and values (rounded to float32), on the CPU.

    Example:
        >>> from_numpy_float32(np.array([[1.0, 2.5]])).dtype
        torch.float32
    """
    ### BEGIN SOLUTION
    return torch.from_numpy(array).to(torch.float32)
    ### END SOLUTION
