"""数学运算 / 属性统计 — Math operations and statistics (lessons 29–32).
第29–32课「数学运算」「属性统计」。

Matrix products (``@``, ``matmul``) with broadcasting, clipping values and gradient norms
(``clamp``, ``clip_grad_norm_``), norms (``norm``), and statistics of a batch of scores
(``argmax``, ``topk``, ``kthvalue``). Never change an input unless the function says it works in
place.

矩阵乘法（``@``、``matmul``）及其广播，值与梯度范数的裁剪（``clamp``、``clip_grad_norm_``），
范数（``norm``），以及一批分数的统计（``argmax``、``topk``、``kthvalue``）。除非函数说明它是原地
操作，否则不要修改输入。
"""

import torch


def linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """A fully connected layer: ``x @ w.T + b``.
    全连接层：``x @ w.T + b``。

    数学运算 / Math operations (lesson 29): matrix multiplication (``@``, ``torch.matmul``) and a
    bias added by broadcasting. The weight is stored as ``[out, in]``, as in ``nn.Linear``, so it
    must be transposed before the product.

    第29课「数学运算」：矩阵乘法（``@``、``torch.matmul``），偏置通过广播加上。权重按
    ``[out, in]`` 存放（与 ``nn.Linear`` 相同），所以相乘之前要先转置。

    Args:
        x: inputs ``[N, in]``.
        w: weights ``[out, in]``.
        b: bias ``[out]``.

    Returns:
        ``[N, out]``, the same as ``torch.nn.functional.linear(x, w, b)``.

    Example:
        >>> x = torch.tensor([[1.0, 2.0]])
        >>> w = torch.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, -1.0]])
        >>> linear(x, w, torch.tensor([0.0, 0.5, 1.0]))
        tensor([[ 1.0000,  3.5000, -1.0000]])
    """
    ### BEGIN SOLUTION
    return x @ w.T + b
    ### END SOLUTION


def batched_matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Matrix products over a batch: ``[..., n, k] @ [..., k, m] -> [..., n, m]``.
    一批矩阵的乘积：``[..., n, k] @ [..., k, m] -> [..., n, m]``。

    数学运算 / Math operations (lesson 29): ``torch.matmul`` multiplies the last two dims as
    matrices and broadcasts all the dims before them (the batch dims), so
    ``[2, 1, n, k] @ [3, k, m]`` gives ``[2, 3, n, m]`` and ``[b, n, k] @ [k, m]`` gives
    ``[b, n, m]``. Both inputs have at least 2 dims; the batch dims may differ in number and
    broadcast as in elementwise operations.

    第29课「数学运算」：``torch.matmul`` 把最后两维当作矩阵相乘，并对它们之前的所有维度（批维度）
    做广播，所以 ``[2, 1, n, k] @ [3, k, m]`` 得到 ``[2, 3, n, m]``，``[b, n, k] @ [k, m]`` 得到
    ``[b, n, m]``。两个输入都至少有 2 维；批维度的个数可以不同，按逐元素运算的规则广播。

    Args:
        a: ``[..., n, k]``.
        b: ``[..., k, m]``.

    Returns:
        ``[..., n, m]`` with the broadcast batch dims; equal to ``torch.matmul(a, b)``.
            ``[..., n, m]``，批维度是广播后的；等于 ``torch.matmul(a, b)``。

    Example:
        >>> batched_matmul(torch.rand(2, 1, 3, 4), torch.rand(5, 4, 6)).shape
        torch.Size([2, 5, 3, 6])
    """
    ### BEGIN SOLUTION
    return a @ b
    ### END SOLUTION


def clamp_gradients(grad: torch.Tensor, max_value: float) -> torch.Tensor:
    """Clip every element of ``grad`` into ``[-max_value, max_value]`` (gradient clipping by value).
    把 ``grad`` 的每个元素裁剪到 ``[-max_value, max_value]`` 之内（按值裁剪梯度）。

    数学运算 / Math operations (lesson 30): ``clamp(min, max)``. Values already inside the range,
    the bounds included, are kept as they are; negative gradients are clipped too. ``grad`` is
    left unchanged (``torch.nn.utils.clip_grad_value_`` works in place; this function does not).

    第30课「数学运算」：``clamp(min, max)``。已在范围内的值（包括恰好等于边界的）保持不变；负梯度
    同样要裁剪。``grad`` 本身不变（``torch.nn.utils.clip_grad_value_`` 是原地操作，本函数不是）。

    Args:
        grad: any shape, e.g. ``[out, in]``.
        max_value: a Python number ``>= 0``.

    Returns:
        a new tensor of ``grad``'s shape and dtype. / 一个新张量，形状和 dtype 与 ``grad`` 相同。

    Example:
        >>> clamp_gradients(torch.tensor([-20.0, -3.0, 0.5, 10.0, 11.0]), 10.0)
        tensor([-10.0000,  -3.0000,   0.5000,  10.0000,  10.0000])
    """
    ### BEGIN SOLUTION
    return grad.clamp(-max_value, max_value)
    ### END SOLUTION


def clip_grad_norm(grads, max_norm: float) -> float:
    """Clip the total L2 norm of a list of gradients IN PLACE, exactly as
    ``torch.nn.utils.clip_grad_norm_`` does to the ``.grad`` of a list of parameters.
    原地裁剪一组梯度的总 L2 范数，与 ``torch.nn.utils.clip_grad_norm_`` 对一组参数的 ``.grad``
    所做的完全一样。

    数学运算 / 属性统计 — Math operations and statistics (lessons 30–31): the norm (``norm``) and
    gradient clipping. The total norm is the L2 norm of all the elements of all the tensors
    together, as if they were flattened and concatenated into one vector:
    ``total_norm = sqrt(sum over tensors of (g ** 2).sum())``. Every tensor is then multiplied IN
    PLACE (``g.mul_(coef)``) by the same ``coef = min(max_norm / (total_norm + 1e-6), 1.0)``: the
    ``1e-6`` is PyTorch's, and gradients whose total norm is already at most ``max_norm`` are
    (practically) left as they are, never scaled up. The list must still hold the same tensor
    objects afterwards: do not replace its items with new tensors.

    第30课「数学运算」与第31课「属性统计」：范数（``norm``）与梯度裁剪。总范数是所有张量的全部
    元素合在一起的 L2 范数，就像把它们展平后拼接成一个向量：
    ``total_norm = sqrt(sum over tensors of (g ** 2).sum())``。然后把每个张量原地
    （``g.mul_(coef)``）乘以同一个 ``coef = min(max_norm / (total_norm + 1e-6), 1.0)``：``1e-6``
    是 PyTorch 的取值；总范数已经不超过 ``max_norm`` 的梯度（几乎）保持不变，绝不会被放大。调用之后
    列表里必须还是原来那些张量对象：不要把其中的元素换成新张量。

    Args:
        grads: a list of tensors of any shapes (e.g. ``[out, in]`` and ``[out]``), on one device
            and of one floating dtype.
            一组任意形状的张量（如 ``[out, in]`` 和 ``[out]``），位于同一设备上，dtype 为同一种
            浮点类型。
        max_norm: a Python number ``> 0``.

    Returns:
        the total norm BEFORE clipping, as a Python float (``clip_grad_norm_`` returns it as a
        0-dim tensor; here use ``.item()``).
        裁剪之前的总范数，为 Python float（``clip_grad_norm_`` 返回的是 0 维张量；这里要用
        ``.item()``）。

    Example:
        >>> grads = [torch.tensor([3.0, 0.0]), torch.tensor([[4.0]])]   # total norm 5
        >>> clip_grad_norm(grads, 1.0)
        5.0
        >>> grads   # each scaled by 1 / (5 + 1e-6), in place
        [tensor([0.6000, 0.0000]), tensor([[0.8000]])]
    """
    ### BEGIN SOLUTION
    norms = torch.stack([torch.linalg.vector_norm(g) for g in grads])
    total_norm = torch.linalg.vector_norm(norms)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    for g in grads:
        g.mul_(coef)
    return total_norm.item()
    ### END SOLUTION


def row_norms(x: torch.Tensor, p: int) -> torch.Tensor:
    """The p-norm of every row of ``x``, for ``p`` = 1 or 2.
    ``x`` 每一行的 p-范数，``p`` 为 1 或 2。

    属性统计 / Statistics (lesson 31): ``norm(p, dim)``. The 1-norm of a row is the sum of the
    absolute values of its elements; the 2-norm is the square root of the sum of their squares.
    The norm is taken along dim 1 (along each row), so the result has one value per row.

    第31课「属性统计」：``norm(p, dim)``。一行的 1-范数是其元素绝对值之和；2-范数是元素平方和的
    平方根。范数沿第 1 维（沿每一行）计算，所以结果每行一个值。

    Args:
        x: ``[n, d]``.
        p: 1 or 2.

    Returns:
        ``[n]``; equal to ``torch.linalg.vector_norm(x, ord=p, dim=1)``.

    Example:
        >>> row_norms(torch.tensor([[3.0, -4.0], [1.0, 1.0]]), 1)
        tensor([7., 2.])
        >>> row_norms(torch.tensor([[3.0, -4.0], [1.0, 1.0]]), 2)
        tensor([5.0000, 1.4142])
    """
    ### BEGIN SOLUTION
    return torch.linalg.vector_norm(x, ord=p, dim=1)
    ### END SOLUTION


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The fraction of rows whose largest logit is at the column of the label.
    最大的 logit 恰好在标签那一列的行所占的比例。

    属性统计 / Statistics (lesson 31–32): ``argmax(dim=1)`` gives the predicted class of each row;
    compare it with the labels and divide the number of matches by the number of rows. Where a
    row has several equal largest logits, the first counts, as ``torch.argmax`` does.

    第31–32课「属性统计」：``argmax(dim=1)`` 给出每一行预测的类别；把它与标签比较，用相符的个数除以
    行数。若一行有多个相等的最大 logit，算第一个，与 ``torch.argmax`` 一致。

    Args:
        logits: scores ``[N, C]`` (N samples, C classes). / 分数 ``[N, C]``（N 个样本，C 个类别）。
        labels: int64 ``[N]``, values in ``0 .. C-1``.

    Returns:
        a Python float in ``[0, 1]`` (not a tensor, not the count).
            ``[0, 1]`` 之间的 Python float（不是张量，也不是个数）。

    Example:
        >>> logits = torch.tensor([[0.1, 2.0, 0.3], [1.0, 0.0, -1.0], [0.0, 0.2, 0.1]])
        >>> accuracy(logits, torch.tensor([1, 0, 2]))   # rows 0 and 1 right
        0.6666666666666666
    """
    ### BEGIN SOLUTION
    correct = logits.argmax(dim=1) == labels
    return correct.sum().item() / labels.shape[0]
    ### END SOLUTION


def topk_accuracy(logits: torch.Tensor, labels: torch.Tensor, k: int) -> float:
    """The fraction of rows whose label is among the columns of the ``k`` largest logits.
    标签在最大的 ``k`` 个 logits 所在列之中的行所占的比例。

    属性统计 / Statistics (lesson 32): ``topk(k, dim=1)`` gives, for each row, the indices of the
    k largest values (top-5 accuracy is the usual measure on ImageNet). With ``k = 1`` this is
    the accuracy; with ``k = C`` it is 1.0.

    第32课「属性统计」：``topk(k, dim=1)`` 给出每一行最大的 k 个值的索引（top-5 准确率是 ImageNet
    上常用的指标）。``k = 1`` 时就是准确率；``k = C`` 时为 1.0。

    Args:
        logits: scores ``[N, C]``.
        labels: int64 ``[N]``, values in ``0 .. C-1``.
        k: ``1 <= k <= C``.

    Returns:
        a Python float in ``[0, 1]``. / ``[0, 1]`` 之间的 Python float。

    Example:
        >>> logits = torch.tensor([[0.1, 2.0, 0.3], [1.0, 0.0, -1.0], [0.0, 0.2, 0.1]])
        >>> topk_accuracy(logits, torch.tensor([2, 2, 2]), 2)   # rows 0 and 2
        0.6666666666666666
    """
    ### BEGIN SOLUTION
    top = logits.topk(k, dim=1).indices
    hit = (top == labels.unsqueeze(1)).any(dim=1)
    return hit.sum().item() / labels.shape[0]
    ### END SOLUTION


def kth_smallest(x: torch.Tensor, k: int, dim: int):
    """The k-th smallest value along ``dim`` and where it is, as ``torch.kthvalue(x, k, dim)``.
    沿 ``dim`` 第 k 小的值及其位置，与 ``torch.kthvalue(x, k, dim)`` 相同。

    属性统计 / Statistics (lesson 32): ``kthvalue``. ``k`` counts from 1 (``k = 1`` is the
    minimum, ``k = x.shape[dim]`` the maximum); ``dim`` may be negative. The dim ``dim`` is
    removed from the results (no keepdim).

    第32课「属性统计」：``kthvalue``。``k`` 从 1 数起（``k = 1`` 是最小值，``k = x.shape[dim]``
    是最大值）；``dim`` 可以是负数。结果中去掉第 ``dim`` 维（不 keepdim）。

    Args:
        x: any shape, e.g. ``[b, n]``.
        k: ``1 <= k <= x.shape[dim]``.
        dim: the dim to search along. / 沿哪一维查找。

    Returns:
        a tuple ``(values, indices)``: ``values`` of ``x``'s dtype and ``indices`` int64 (the
        positions along ``dim``), both of ``x``'s shape without ``dim``; what torch.kthvalue
        returns counts as such a tuple.
        tuple ``(values, indices)``：``values`` 的 dtype 与 ``x`` 相同，``indices`` 为 int64（沿
        ``dim`` 的位置），两者的形状都是 ``x`` 的形状去掉 ``dim``；torch.kthvalue 的返回值也算这样的
        tuple。

    Example:
        >>> x = torch.tensor([[5.0, 1.0, 4.0], [0.0, 9.0, 2.0]])
        >>> kth_smallest(x, 2, dim=1)
        (tensor([4., 2.]), tensor([2, 2]))
    """
    ### BEGIN SOLUTION
    values, indices = x.kthvalue(k, dim)
    return values, indices
    ### END SOLUTION
