"""梯度 / 激活函数与Loss的梯度 — Gradients of activations and losses (lessons 34–40).

第34–40课：激活函数与损失函数的梯度。

The derivatives that backpropagation multiplies together, worked out BY HAND: sigmoid, tanh and
ReLU (激活函数及其梯度 / activation functions and their gradients), the mean squared error and
softmax (Loss及其梯度 / losses and their gradients). In every function except ``grad_of``,
autograd is not allowed: no ``.backward()``, no ``torch.autograd.grad`` or
``torch.autograd.functional``, no ``torch.func``; the grader records the torch functions a call
uses. Write the formula instead, with ordinary tensor operations (``torch.sigmoid``,
``torch.tanh``, ``exp``, comparisons, ...: those are allowed). ``grad_of`` is the other way
round: there you let autograd do the work.

反向传播中相乘的那些导数，全部**手写**推导：sigmoid、tanh 和 ReLU（「激活函数及其梯度」），
均方误差和 softmax（「Loss及其梯度」）。除 ``grad_of`` 之外，所有函数都不允许用自动求导
（autograd）：不能用 ``.backward()``，不能用 ``torch.autograd.grad`` 或
``torch.autograd.functional``，也不能用 ``torch.func``；评分程序会记录一次调用用到的 torch
函数。请改用普通的张量运算写出公式（``torch.sigmoid``、``torch.tanh``、``exp``、比较运算等
都可以用）。``grad_of`` 正好相反：那里让自动求导来做。

Every function returns new tensors on the input's device with the input's floating dtype
(float32 in, float32 out; float64 in, float64 out) and never changes its inputs.

每个函数都返回新的张量，位于输入所在的设备上，浮点 dtype 与输入相同（输入 float32 则输出
float32；输入 float64 则输出 float64），并且从不改动输入。
"""

import torch


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of the sigmoid, elementwise: ``σ'(x) = σ(x) · (1 − σ(x))``.
    sigmoid 的导数，逐元素计算：``σ'(x) = σ(x) · (1 − σ(x))``。

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. ``σ(x) = 1 / (1 + e^−x)`` (``torch.sigmoid``); note that the formula is applied
    to ``σ(x)``, not to ``x``. Compute ``σ(x)`` with ``torch.sigmoid``, which is stable: for
    ``x = ±1000`` the derivative is 0, never ``nan``.

    第34–40课「激活函数及其梯度」。手写：不用自动求导。``σ(x) = 1 / (1 + e^−x)``
    （``torch.sigmoid``）；注意公式作用在 ``σ(x)`` 上，而不是 ``x`` 上。请用数值稳定的
    ``torch.sigmoid`` 计算 ``σ(x)``：``x = ±1000`` 时导数是 0，绝不会是 ``nan``。

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]``, the same shape and dtype; equal to the gradient autograd gives for
            ``torch.sigmoid(x).sum()``.
        形状和 dtype 与输入相同；等于自动求导对 ``torch.sigmoid(x).sum()`` 求出的梯度。

    Example:
        >>> sigmoid_grad(torch.tensor([0.0, 2.0, -1000.0]))
        tensor([0.2500, 0.1050, 0.0000])
    """
    ### BEGIN SOLUTION
    s = torch.sigmoid(x)
    return s * (1 - s)
    ### END SOLUTION


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of tanh, elementwise: ``tanh'(x) = 1 − tanh(x)²``.
    tanh 的导数，逐元素计算：``tanh'(x) = 1 − tanh(x)²``。

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. The square is of ``tanh(x)`` (``torch.tanh``), not of ``x``.

    第34–40课「激活函数及其梯度」。手写：不用自动求导。平方的是 ``tanh(x)``
    （``torch.tanh``），而不是 ``x``。

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]``, the same shape and dtype; equal to the gradient autograd gives for
            ``torch.tanh(x).sum()``.
        形状和 dtype 与输入相同；等于自动求导对 ``torch.tanh(x).sum()`` 求出的梯度。

    Example:
        >>> tanh_grad(torch.tensor([0.0, 1.0, 1000.0]))
        tensor([1.0000, 0.4200, 0.0000])
    """
    ### BEGIN SOLUTION
    t = torch.tanh(x)
    return 1 - t * t
    ### END SOLUTION


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of ReLU, elementwise: 1 where ``x > 0``, else 0.
    ReLU 的导数，逐元素计算：``x > 0`` 处为 1，其余为 0。

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. ReLU has no derivative at exactly 0; PyTorch uses 0 there, and so do you (``0.0``
    and ``-0.0`` give 0).

    第34–40课「激活函数及其梯度」。手写：不用自动求导。ReLU 在恰好为 0 处不可导；PyTorch
    在那里取 0，你也一样（``0.0`` 和 ``-0.0`` 都给 0）。

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]`` of 0s and 1s in ``x``'s dtype (not bool, and float64 stays float64); equal to
            the gradient autograd gives for ``torch.relu(x).sum()``.
        由 0 和 1 组成，dtype 与 ``x`` 相同（不是 bool，float64 仍是 float64）；等于自动求导对
            ``torch.relu(x).sum()`` 求出的梯度。

    Example:
        >>> relu_grad(torch.tensor([-1.5, 0.0, 2.0]))
        tensor([0., 0., 1.])
    """
    ### BEGIN SOLUTION
    return (x > 0).to(x.dtype)
    ### END SOLUTION


def mse_loss_and_grad(pred: torch.Tensor, target: torch.Tensor):
    """The mean squared error and its gradient with respect to ``pred``.
    均方误差及其对 ``pred`` 的梯度。

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40). By hand: no autograd.
    ``loss = mean((pred − target)²)`` over ALL ``N = pred.numel()`` elements (what
    ``F.mse_loss(pred, target)`` computes, ``reduction="mean"``), so each element's partial
    derivative is ``∂loss/∂pred = 2 (pred − target) / N``: mind the 2 from the square, the
    ``1/N`` from the mean, and the sign.

    第34–40课「Loss及其梯度」。手写：不用自动求导。``loss = mean((pred − target)²)``，均值对
    全部 ``N = pred.numel()`` 个元素取（即 ``F.mse_loss(pred, target)`` 在
    ``reduction="mean"`` 下算的），所以每个元素的偏导数是 ``∂loss/∂pred = 2 (pred − target) / N``：
    注意平方带来的 2、均值带来的 ``1/N``，以及符号。

    Args:
        pred: predictions ``[...]`` (e.g. ``[b]`` or ``[b, k]``), floating.
        target: targets of the same shape and dtype. / 目标值，形状和 dtype 与
            ``pred`` 相同。

    Returns:
        ``(loss, grad)``: ``loss`` a 0-dim tensor (as ``F.mse_loss`` returns it), ``grad`` of
            ``pred``'s shape.
        ``loss`` 是 0 维张量（与 ``F.mse_loss`` 的返回值一样），``grad`` 的形状与 ``pred``
            相同。

    Example:
        >>> loss, grad = mse_loss_and_grad(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 4.0]))
        >>> loss, grad          # ((1)² + (−2)²) / 2 ;  2 · [1, −2] / 2
        (tensor(2.5000), tensor([ 1., -2.]))
    """
    ### BEGIN SOLUTION
    diff = pred - target
    loss = (diff * diff).mean()
    grad = 2 * diff / diff.numel()
    return loss, grad
    ### END SOLUTION


def softmax_by_hand(a: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Softmax along ``dim``, by hand: ``p_i = e^{a_i} / Σ_j e^{a_j}``.
    沿 ``dim`` 手写 softmax：``p_i = e^{a_i} / Σ_j e^{a_j}``。

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40): softmax. By hand: no
    ``softmax`` or ``log_softmax`` (``torch.``, ``F.``, ``nn.Softmax``, the Tensor method or
    ``torch.special``), and no autograd. It must be STABLE: ``e^{1000}`` overflows to ``inf``
    (and ``inf / inf`` is ``nan``), so first subtract the largest logit along ``dim``
    (``a − a.max(dim, keepdim=True).values``); this changes nothing mathematically, since
    softmax is unchanged when the same number is added to every logit, and makes every
    exponent ``≤ 0``. (``torch.logsumexp`` is allowed and stable too.)

    第34–40课「Loss及其梯度」：softmax。手写：不能用 ``softmax`` 或 ``log_softmax``
    （``torch.``、``F.``、``nn.Softmax``、张量方法或 ``torch.special`` 里的都不行），也不能用
    自动求导。必须数值**稳定**：``e^{1000}`` 会溢出成 ``inf``（而 ``inf / inf`` 是 ``nan``），
    所以先沿 ``dim`` 减去最大的 logit（``a − a.max(dim, keepdim=True).values``）；这在数学上
    不改变结果，因为每个 logit 加上同一个数时 softmax 不变，而且这样每个指数都 ``≤ 0``。
    （``torch.logsumexp`` 也可以用，它同样稳定。）

    Args:
        a: logits of any shape, e.g. ``[b, n]``, floating. / 任意形状的 logits，
            浮点类型。
        dim: the dim that sums to 1; negative dims count from the end. / 和为 1
            的那一维；负数从末尾数起。

    Returns:
        ``a``'s shape and dtype; equal to ``torch.softmax(a, dim)``, also for logits of ±1000.
        形状和 dtype 与 ``a`` 相同；等于 ``torch.softmax(a, dim)``，logits 为 ±1000 时也是。

    Example:
        >>> softmax_by_hand(torch.tensor([[1000.0, 1000.0, -1000.0]]))
        tensor([[0.5000, 0.5000, 0.0000]])
    """
    ### BEGIN SOLUTION
    shifted = a - a.amax(dim=dim, keepdim=True)
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)
    ### END SOLUTION


def softmax_jacobian(a: torch.Tensor) -> torch.Tensor:
    """The Jacobian of softmax at the logits ``a``: ``J[i, j] = ∂p_i/∂a_j = p_i (δ_ij − p_j)``.
    softmax 在 logits ``a`` 处的雅可比矩阵：``J[i, j] = ∂p_i/∂a_j = p_i (δ_ij − p_j)``。

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40): the derivative of
    softmax. By hand: no autograd (no ``torch.autograd.functional.jacobian``, no ``torch.func``);
    computing ``p = softmax(a)`` with ``torch.softmax`` is allowed here. ``δ_ij`` is 1 when
    ``i == j`` and 0 otherwise, so the diagonal is ``p_i (1 − p_i)`` and the rest is
    ``−p_i p_j``: in matrix form ``diag(p) − p pᵀ``. Stable for logits of ±1000.

    第34–40课「Loss及其梯度」：softmax 的导数。手写：不用自动求导（不能用
    ``torch.autograd.functional.jacobian``，也不能用 ``torch.func``）；这里可以用
    ``torch.softmax`` 计算 ``p = softmax(a)``。``i == j`` 时 ``δ_ij`` 为 1，否则为 0，所以对角线
    是 ``p_i (1 − p_i)``，其余是 ``−p_i p_j``：写成矩阵就是 ``diag(p) − p pᵀ``。logits 为
    ±1000 时也要稳定。

    Args:
        a: logits ``[n]``, floating.

    Returns:
        ``[n, n]`` in ``a``'s dtype; equal to
            ``torch.autograd.functional.jacobian(lambda a: torch.softmax(a, 0), a)``.
        ``[n, n]``，dtype 与 ``a`` 相同；等于上面这个 ``jacobian`` 调用的结果。

    Example:
        >>> softmax_jacobian(torch.tensor([0.0, 0.0]))
        tensor([[ 0.2500, -0.2500],
                [-0.2500,  0.2500]])
    """
    ### BEGIN SOLUTION
    p = torch.softmax(a, dim=0)
    return torch.diag(p) - torch.outer(p, p)
    ### END SOLUTION


def grad_of(f, x: torch.Tensor) -> torch.Tensor:
    """The gradient of the scalar ``f(x)`` at ``x``, WITH autograd.
    标量 ``f(x)`` 在 ``x`` 处的梯度，**用**自动求导来求。

    梯度 / Gradients (lessons 34–40): ``torch.autograd.grad`` (or ``.backward()`` and ``.grad``).
    Leave the caller's ``x`` exactly as it was: its values, its ``requires_grad`` flag (``False``
    stays ``False``, ``True`` stays ``True``) and its ``.grad``. So do not call
    ``x.requires_grad_()`` on it; work on a new leaf, ``x.detach().requires_grad_()``
    (``x.clone()`` is not a leaf when ``x`` already requires grad, so its ``.grad`` stays
    ``None``).

    第34–40课「梯度」：``torch.autograd.grad``（或 ``.backward()`` 加 ``.grad``）。调用者的
    ``x`` 要原样保留：它的数值、它的 ``requires_grad`` 标志（``False`` 仍是 ``False``，``True``
    仍是 ``True``）以及它的 ``.grad``。所以不要对它调用 ``x.requires_grad_()``；请在新的叶子
    张量 ``x.detach().requires_grad_()`` 上求导（``x`` 已经 requires grad 时，``x.clone()``
    不是叶子，它的 ``.grad`` 会一直是 ``None``）。

    Args:
        f: a function of one tensor that returns a 0-dim tensor (e.g. ``lambda t: (t ** 3).sum()``).
            一个单张量参数的函数，返回 0 维张量。
        x: the point, any shape ``[...]``, floating. / 求梯度的点，任意形状，浮点类型。

    Returns:
        ``∂f/∂x`` at ``x``: ``[...]``, the same shape and dtype as ``x``. / ``x`` 处的
            ``∂f/∂x``，形状和 dtype 与 ``x`` 相同。

    Example:
        >>> grad_of(lambda t: (t ** 3).sum(), torch.tensor([1.0, -2.0]))
        tensor([ 3., 12.])
    """
    ### BEGIN SOLUTION
    leaf = x.detach().requires_grad_(True)
    with torch.enable_grad():
        (grad,) = torch.autograd.grad(f(leaf), leaf)
    return grad
    ### END SOLUTION
