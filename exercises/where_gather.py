"""高阶操作 where / gather / Advanced operations: where and gather (lesson 33).

第33课「高阶操作 where / gather」。

``torch.where(cond, a, b)`` picks, element by element, from ``a`` where ``cond`` is True and from
``b`` elsewhere. ``torch.gather(input, dim, index)`` looks values up along one dim:
``out[i][j][k] = input[index[i][j][k]][j][k]`` for ``dim=0`` (and likewise for the other dims);
``out`` has ``index``'s shape. The course uses gather to turn the indices that ``topk`` returns
into labels. Never change the inputs in place.

``torch.where(cond, a, b)`` 逐元素挑选：``cond`` 为 True 的位置取 ``a``，其余位置取 ``b``。
``torch.gather(input, dim, index)`` 沿某一维查找数值：``dim=0`` 时
``out[i][j][k] = input[index[i][j][k]][j][k]``（其他维同理）；``out`` 的形状与 ``index``
相同。课上用 gather 把 ``topk`` 返回的索引变成标签。不要原地改动输入。
"""

import torch


def relu_where(x: torch.Tensor) -> torch.Tensor:
    """ReLU written with ``torch.where``: ``x`` where ``x > 0``, else 0.
    用 ``torch.where`` 写的 ReLU：``x > 0`` 处取 ``x``，其余为 0。

    高阶操作 where / Advanced operations: where (lesson 33). Equal to ``torch.relu(x)`` for every
    value, ``-inf`` and ``+inf`` included (``relu(-inf) = 0``). Any dtype: the result keeps
    ``x``'s dtype (an int64 ``x`` gives int64) and device. Do not change ``x``.

    第33课「高阶操作 where / gather」：where。对每个值都与 ``torch.relu(x)`` 相等，包括
    ``-inf`` 和 ``+inf``（``relu(-inf) = 0``）。任意 dtype：结果保持 ``x`` 的 dtype（int64 的
    ``x`` 得到 int64）和设备。不要改动 ``x``。

    Args:
        x: any shape ``[...]``.

    Returns:
        ``[...]``, same shape, dtype and device as ``x``. / 形状、dtype 和设备都与
            ``x`` 相同。

    Example:
        >>> relu_where(torch.tensor([-2.0, 0.0, 3.0]))
        tensor([0., 0., 3.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def gather_by_hand(input: torch.Tensor, dim: int, index: torch.Tensor) -> torch.Tensor:
    """``torch.gather(input, dim, index)``, by hand.
    手写 ``torch.gather(input, dim, index)``。

    高阶操作 gather / Advanced operations: gather (lesson 33). By hand: ``torch.gather``,
    ``Tensor.gather`` and ``torch.take_along_dim`` are not allowed. Hint: advanced indexing
    with one index tensor per dim; along ``dim`` use ``index``, along every other dim ``d`` use
    ``torch.arange(index.shape[d])`` shaped to broadcast (or ``torch.meshgrid``). Must equal
    ``torch.gather`` for every ``dim``, negative ``dim`` too (counted from the end), and when
    ``index`` is smaller than ``input`` in the other dims (``out`` always has ``index``'s shape).

    第33课「高阶操作 where / gather」：gather。手写：不能用 ``torch.gather``、
    ``Tensor.gather`` 和 ``torch.take_along_dim``。提示：用高级索引，每一维一个索引张量；在
    ``dim`` 这一维用 ``index``，在其他每一维 ``d`` 上用变换成可广播形状的
    ``torch.arange(index.shape[d])``（或用 ``torch.meshgrid``）。对每个 ``dim`` 都必须与
    ``torch.gather`` 相等，负数的 ``dim``（从末尾数起）也一样，``index`` 在其他维上比
    ``input`` 小时也一样（``out`` 的形状总是与 ``index`` 相同）。

    Args:
        input: ``[s0, s1, ..., s(n-1)]``, n >= 1, any dtype.
        dim: the dim to look up along, ``-n <= dim < n``. / 沿哪一维查找，
            ``-n <= dim < n``。
        index: int64, n dims, with ``0 <= index < input.shape[dim]`` and
            ``index.shape[d] <= input.shape[d]`` for every ``d != dim``.
            int64，n 维，``0 <= index < input.shape[dim]``，且对每个 ``d != dim`` 都有
            ``index.shape[d] <= input.shape[d]``。

    Returns:
        ``index``'s shape, ``input``'s dtype and device:
            ``out[i0, ..., i(n-1)] = input[i0, ..., index[i0, ..., i(n-1)], ..., i(n-1)]``
            (``index`` replacing position ``dim``).
        形状与 ``index`` 相同，dtype 和设备与 ``input`` 相同：即上式，``index`` 代替
            ``dim`` 处的位置。

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
    每个索引对应的标签：``out[i, j] = labels[indices[i, j]]``。

    高阶操作 gather / Advanced operations: gather (lesson 33). The course's example: the top-3
    classes of 4 predictions, ``idx = prob.topk(3, dim=1)[1]`` (``[4, 3]``), turned into labels
    ``100 + class``. Either index ``labels`` with ``indices`` or gather along dim 1 from
    ``labels`` expanded to ``[b, n]``. Do not change the inputs.

    第33课「高阶操作 where / gather」：gather。课上的例子：4 个预测的前 3 个类别
    ``idx = prob.topk(3, dim=1)[1]``（``[4, 3]``），变成标签 ``100 + class``。可以直接用
    ``indices`` 索引 ``labels``，也可以把 ``labels`` expand 成 ``[b, n]`` 后沿第 1 维 gather。
    不要改动输入。

    Args:
        indices: int64 ``[b, k]``, values in ``[0, n)`` (repeats allowed). / 取值在
            ``[0, n)`` 内（允许重复）。
        labels: ``[n]``, any dtype.

    Returns:
        ``[b, k]``, ``labels``' dtype and device. / dtype 和设备与 ``labels`` 相同。

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
    每一行目标类别的分数：``out[i] = scores[i, targets[i]]``。

    高阶操作 gather / Advanced operations: gather (lesson 33). This is the pick inside
    cross-entropy. ``scores[:, targets]`` is NOT it: that takes every target column for every
    row (``[b, b]``). Use ``gather`` along dim 1 with ``targets`` as a ``[b, 1]`` index (then drop
    that dim), or index with the pair ``(torch.arange(b), targets)``. The result is ``[b]`` even
    when ``b == 1``. Do not change the inputs.

    第33课「高阶操作 where / gather」：gather。这正是交叉熵里面的那一步挑选。
    ``scores[:, targets]`` **不是**它：那会给每一行都取所有的目标列（``[b, b]``）。请用
    ``targets`` 作为 ``[b, 1]`` 的索引沿第 1 维 ``gather``（再去掉那一维），或者用
    ``(torch.arange(b), targets)`` 这一对索引。即使 ``b == 1``，结果也是 ``[b]``。不要改动输入。

    Args:
        scores: ``[b, n]``.
        targets: int64 ``[b]``, values in ``[0, n)``. / 取值在 ``[0, n)`` 内。

    Returns:
        ``[b]``, ``scores``' dtype and device. / dtype 和设备与 ``scores`` 相同。

    Example:
        >>> scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
        >>> pick_target_scores(scores, torch.tensor([1, 0]))
        tensor([0.7000, 0.5000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
