"""数学运算 / 属性统计 — Math operations and statistics (lessons 29–32).

Matrix products (``@``, ``matmul``) with broadcasting, clipping values and gradient norms
(``clamp``, ``clip_grad_norm_``), norms (``norm``), and statistics of a batch of scores
(``argmax``, ``topk``, ``kthvalue``). Never change an input unless the function says it works in
place.
"""

import torch


def linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """A fully connected layer: ``x @ w.T + b``.

    数学运算 / Math operations (lesson 29): matrix multiplication (``@``, ``torch.matmul``) and a
    bias added by broadcasting. The weight is stored as ``[out, in]``, as in ``nn.Linear``, so it
    must be transposed before the product.

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

    数学运算 / Math operations (lesson 29): ``torch.matmul`` multiplies the last two dims as
    matrices and broadcasts all the dims before them (the batch dims), so
    ``[2, 1, n, k] @ [3, k, m]`` gives ``[2, 3, n, m]`` and ``[b, n, k] @ [k, m]`` gives
    ``[b, n, m]``. Both inputs have at least 2 dims; the batch dims may differ in number and
    broadcast as in elementwise operations.

    Args:
        a: ``[..., n, k]``.
        b: ``[..., k, m]``.

    Returns:
        ``[..., n, m]`` with the broadcast batch dims; equal to ``torch.matmul(a, b)``.

    Example:
        >>> batched_matmul(torch.rand(2, 1, 3, 4), torch.rand(5, 4, 6)).shape
        torch.Size([2, 5, 3, 6])
    """
    ### BEGIN SOLUTION
    return a @ b
    ### END SOLUTION


def clamp_gradients(grad: torch.Tensor, max_value: float) -> torch.Tensor:
    """Clip every element of ``grad`` into ``[-max_value, max_value]`` (gradient clipping by value).

    数学运算 / Math operations (lesson 30): ``clamp(min, max)``. Values already inside the range,
    the bounds included, are kept as they are; negative gradients are clipped too. ``grad`` is
    left unchanged (``torch.nn.utils.clip_grad_value_`` works in place; this function does not).

    Args:
        grad: any shape, e.g. ``[out, in]``.
        max_value: a Python number ``>= 0``.

    Returns:
        a new tensor of ``grad``'s shape and dtype.

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

    数学运算 / 属性统计 — Math operations and statistics (lessons 30–31): the norm (``norm``) and
    gradient clipping. The total norm is the L2 norm of all the elements of all the tensors
    together, as if they were flattened and concatenated into one vector:
    ``total_norm = sqrt(sum over tensors of (g ** 2).sum())``. Every tensor is then multiplied IN
    PLACE (``g.mul_(coef)``) by the same ``coef = min(max_norm / (total_norm + 1e-6), 1.0)``: the
    ``1e-6`` is PyTorch's, and gradients whose total norm is already at most ``max_norm`` are
    (practically) left as they are, never scaled up. The list must still hold the same tensor
    objects afterwards: do not replace its items with new tensors.

    Args:
        grads: a list of tensors of any shapes (e.g. ``[out, in]`` and ``[out]``), on one device
            and of one floating dtype.
        max_norm: a Python number ``> 0``.

    Returns:
        the total norm BEFORE clipping, as a Python float (``clip_grad_norm_`` returns it as a
        0-dim tensor; here use ``.item()``).

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

    属性统计 / Statistics (lesson 31): ``norm(p, dim)``. The 1-norm of a row is the sum of the
    absolute values of its elements; the 2-norm is the square root of the sum of their squares.
    The norm is taken along dim 1 (along each row), so the result has one value per row.

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

    属性统计 / Statistics (lesson 31–32): ``argmax(dim=1)`` gives the predicted class of each row;
    compare it with the labels and divide the number of matches by the number of rows. Where a
    row has several equal largest logits, the first counts, as ``torch.argmax`` does.

    Args:
        logits: scores ``[N, C]`` (N samples, C classes).
        labels: int64 ``[N]``, values in ``0 .. C-1``.

    Returns:
        a Python float in ``[0, 1]`` (not a tensor, not the count).

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

    属性统计 / Statistics (lesson 32): ``topk(k, dim=1)`` gives, for each row, the indices of the
    k largest values (top-5 accuracy is the usual measure on ImageNet). With ``k = 1`` this is
    the accuracy; with ``k = C`` it is 1.0.

    Args:
        logits: scores ``[N, C]``.
        labels: int64 ``[N]``, values in ``0 .. C-1``.
        k: ``1 <= k <= C``.

    Returns:
        a Python float in ``[0, 1]``.

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

    属性统计 / Statistics (lesson 32): ``kthvalue``. ``k`` counts from 1 (``k = 1`` is the
    minimum, ``k = x.shape[dim]`` the maximum); ``dim`` may be negative. The dim ``dim`` is
    removed from the results (no keepdim).

    Args:
        x: any shape, e.g. ``[b, n]``.
        k: ``1 <= k <= x.shape[dim]``.
        dim: the dim to search along.

    Returns:
        a tuple ``(values, indices)``: ``values`` of ``x``'s dtype and ``indices`` int64 (the
        positions along ``dim``), both of ``x``'s shape without ``dim``; what torch.kthvalue
        returns counts as such a tuple.

    Example:
        >>> x = torch.tensor([[5.0, 1.0, 4.0], [0.0, 9.0, 2.0]])
        >>> kth_smallest(x, 2, dim=1)
        (tensor([4., 2.]), tensor([2, 2]))
    """
    ### BEGIN SOLUTION
    values, indices = x.kthvalue(k, dim)
    return values, indices
    ### END SOLUTION
