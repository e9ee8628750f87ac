"""高阶操作 where / gather / Advanced operations: where and gather (lesson 33).

``torch.where(cond, a, b)`` picks, element by element, from ``a`` where ``cond`` is True and from
``b`` elsewhere. ``torch.gather(input, dim, index)`` looks values up along one dim:
``out[i][j][k] = input[index[i][j][k]][j][k]`` for ``dim=0`` (and likewise for the other dims);
``out`` has ``index``'s shape. The course uses gather to turn the indices that ``topk`` returns
into labels. Never change the inputs in place.
"""

import torch


def relu_where(x: torch.Tensor) -> torch.Tensor:
    """ReLU written with ``torch.where``: ``x`` where ``x > 0``, else 0.

    高阶操作 where / Advanced operations: where (lesson 33). Equal to ``torch.relu(x)`` for every
    value, ``-inf`` and ``+inf`` included (``relu(-inf) = 0``). Any dtype: the result keeps
    ``x``'s dtype (an int64 ``x`` gives int64) and device. Do not change ``x``.

    Args:
        x: any shape ``[...]``.

    Returns:
        ``[...]``, same shape, dtype and device as ``x``.

    Example:
        >>> relu_where(torch.tensor([-2.0, 0.0, 3.0]))
        tensor([0., 0., 3.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gather_by_hand(input: torch.Tensor, dim: int, index: torch.Tensor) -> torch.Tensor:
    """``torch.gather(input, dim, index)``, by hand.

    高阶操作 gather / Advanced operations: gather (lesson 33). By hand: ``torch.gather``,
    ``Tensor.gather`` and ``torch.take_along_dim`` are not allowed. Hint: advanced indexing
    with one index tensor per dim; along ``dim`` use ``index``, along every other dim ``d`` use
    ``torch.arange(index.shape[d])`` shaped to broadcast (or ``torch.meshgrid``). Must equal
    ``torch.gather`` for every ``dim``, negative ``dim`` too (counted from the end), and when
    ``index`` is smaller than ``input`` in the other dims (``out`` always has ``index``'s shape).

    Args:
        input: ``[s0, s1, ..., s(n-1)]``, n >= 1, any dtype.
        dim: the dim to look up along, ``-n <= dim < n``.
        index: int64, n dims, with ``0 <= index < input.shape[dim]`` and
            ``index.shape[d] <= input.shape[d]`` for every ``d != dim``.

    Returns:
        ``index``'s shape, ``input``'s dtype and device:
        ``out[i0, ..., i(n-1)] = input[i0, ..., index[i0, ..., i(n-1)], ..., i(n-1)]``
        (``index`` replacing position ``dim``).

    Example:
        >>> t = torch.tensor([[1, 2], [3, 4]])
        >>> gather_by_hand(t, 1, torch.tensor([[0, 0], [1, 0]]))
        tensor([[1, 1],
                [4, 3]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def map_indices_to_labels(indices: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """The label of every index: ``out[i, j] = labels[indices[i, j]]``.

    高阶操作 gather / Advanced operations: gather (lesson 33). The course's example: the top-3
    classes of 4 predictions, ``idx = prob.topk(3, dim=1)[1]`` (``[4, 3]``), turned into labels
    ``100 + class``. Either index ``labels`` with ``indices`` or gather along dim 1 from
    ``labels`` expanded to ``[b, n]``. Do not change the inputs.

    Args:
        indices: int64 ``[b, k]``, values in ``[0, n)`` (repeats allowed).
        labels: ``[n]``, any dtype.

    Returns:
        ``[b, k]``, ``labels``' dtype and device.

    Example:
        >>> labels = torch.arange(10) + 100
        >>> map_indices_to_labels(torch.tensor([[9, 0, 4], [2, 2, 7]]), labels)
        tensor([[109, 100, 104],
                [102, 102, 107]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def pick_target_scores(scores: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The score of each row's target class: ``out[i] = scores[i, targets[i]]``.

    高阶操作 gather / Advanced operations: gather (lesson 33). This is the pick inside
    cross-entropy. ``scores[:, targets]`` is NOT it: that takes every target column for every
    row (``[b, b]``). Use ``gather`` along dim 1 with ``targets`` as a ``[b, 1]`` index (then drop
    that dim), or index with the pair ``(torch.arange(b), targets)``. The result is ``[b]`` even
    when ``b == 1``. Do not change the inputs.

    Args:
        scores: ``[b, n]``.
        targets: int64 ``[b]``, values in ``[0, n)``.

    Returns:
        ``[b]``, ``scores``' dtype and device.

    Example:
        >>> scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
        >>> pick_target_scores(scores, torch.tensor([1, 0]))
        tensor([0.7000, 0.5000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
