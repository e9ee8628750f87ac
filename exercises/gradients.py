"""梯度 / 激活函数与Loss的梯度 — Gradients of activations and losses (lessons 34–40).

The derivatives that backpropagation multiplies together, worked out BY HAND: sigmoid, tanh and
ReLU (激活函数及其梯度 / activation functions and their gradients), the mean squared error and
softmax (Loss及其梯度 / losses and their gradients). In every function except ``grad_of``,
autograd is not allowed: no ``.backward()``, no ``torch.autograd.grad`` or
``torch.autograd.functional``, no ``torch.func``; the grader records the torch functions a call
uses. Write the formula instead, with ordinary tensor operations (``torch.sigmoid``,
``torch.tanh``, ``exp``, comparisons, ...: those are allowed). ``grad_of`` is the other way
round: there you let autograd do the work.

Every function returns new tensors on the input's device with the input's floating dtype
(float32 in, float32 out; float64 in, float64 out) and never changes its inputs.
"""

import torch


def sigmoid_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of the sigmoid, elementwise: ``σ'(x) = σ(x) · (1 − σ(x))``.

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. ``σ(x) = 1 / (1 + e^−x)`` (``torch.sigmoid``); note that the formula is applied
    to ``σ(x)``, not to ``x``. Compute ``σ(x)`` with ``torch.sigmoid``, which is stable: for
    ``x = ±1000`` the derivative is 0, never ``nan``.

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]``, the same shape and dtype; equal to the gradient autograd gives for
        ``torch.sigmoid(x).sum()``.

    Example:
        >>> sigmoid_grad(torch.tensor([0.0, 2.0, -1000.0]))
        tensor([0.2500, 0.1050, 0.0000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of tanh, elementwise: ``tanh'(x) = 1 − tanh(x)²``.

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. The square is of ``tanh(x)`` (``torch.tanh``), not of ``x``.

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]``, the same shape and dtype; equal to the gradient autograd gives for
        ``torch.tanh(x).sum()``.

    Example:
        >>> tanh_grad(torch.tensor([0.0, 1.0, 1000.0]))
        tensor([1.0000, 0.4200, 0.0000])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def relu_grad(x: torch.Tensor) -> torch.Tensor:
    """The derivative of ReLU, elementwise: 1 where ``x > 0``, else 0.

    激活函数及其梯度 / Activation functions and their gradients (lessons 34–40). By hand: no
    autograd. ReLU has no derivative at exactly 0; PyTorch uses 0 there, and so do you (``0.0``
    and ``-0.0`` give 0).

    Args:
        x: any shape ``[...]``, floating.

    Returns:
        ``[...]`` of 0s and 1s in ``x``'s dtype (not bool, and float64 stays float64); equal to
        the gradient autograd gives for ``torch.relu(x).sum()``.

    Example:
        >>> relu_grad(torch.tensor([-1.5, 0.0, 2.0]))
        tensor([0., 0., 1.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def mse_loss_and_grad(pred: torch.Tensor, target: torch.Tensor):
    """The mean squared error and its gradient with respect to ``pred``.

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40). By hand: no autograd.
    ``loss = mean((pred − target)²)`` over ALL ``N = pred.numel()`` elements (what
    ``F.mse_loss(pred, target)`` computes, ``reduction="mean"``), so each element's partial
    derivative is ``∂loss/∂pred = 2 (pred − target) / N``: mind the 2 from the square, the
    ``1/N`` from the mean, and the sign.

    Args:
        pred: predictions ``[...]`` (e.g. ``[b]`` or ``[b, k]``), floating.
        target: targets of the same shape and dtype.

    Returns:
        ``(loss, grad)``: ``loss`` a 0-dim tensor (as ``F.mse_loss`` returns it), ``grad`` of
        ``pred``'s shape.

    Example:
        >>> loss, grad = mse_loss_and_grad(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 4.0]))
        >>> loss, grad          # ((1)² + (−2)²) / 2 ;  2 · [1, −2] / 2
        (tensor(2.5000), tensor([ 1., -2.]))
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def softmax_by_hand(a: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Softmax along ``dim``, by hand: ``p_i = e^{a_i} / Σ_j e^{a_j}``.

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40): softmax. By hand: no
    ``softmax`` or ``log_softmax`` (``torch.``, ``F.``, ``nn.Softmax``, the Tensor method or
    ``torch.special``), and no autograd. It must be STABLE: ``e^{1000}`` overflows to ``inf``
    (and ``inf / inf`` is ``nan``), so first subtract the largest logit along ``dim``
    (``a − a.max(dim, keepdim=True).values``); this changes nothing mathematically, since
    softmax is unchanged when the same number is added to every logit, and makes every
    exponent ``≤ 0``. (``torch.logsumexp`` is allowed and stable too.)

    Args:
        a: logits of any shape, e.g. ``[b, n]``, floating.
        dim: the dim that sums to 1; negative dims count from the end.

    Returns:
        ``a``'s shape and dtype; equal to ``torch.softmax(a, dim)``, also for logits of ±1000.

    Example:
        >>> softmax_by_hand(torch.tensor([[1000.0, 1000.0, -1000.0]]))
        tensor([[0.5000, 0.5000, 0.0000]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def softmax_jacobian(a: torch.Tensor) -> torch.Tensor:
    """The Jacobian of softmax at the logits ``a``: ``J[i, j] = ∂p_i/∂a_j = p_i (δ_ij − p_j)``.

    Loss及其梯度 / Loss functions and their gradients (lessons 34–40): the derivative of
    softmax. By hand: no autograd (no ``torch.autograd.functional.jacobian``, no ``torch.func``);
    computing ``p = softmax(a)`` with ``torch.softmax`` is allowed here. ``δ_ij`` is 1 when
    ``i == j`` and 0 otherwise, so the diagonal is ``p_i (1 − p_i)`` and the rest is
    ``−p_i p_j``: in matrix form ``diag(p) − p pᵀ``. Stable for logits of ±1000.

    Args:
        a: logits ``[n]``, floating.

    Returns:
        ``[n, n]`` in ``a``'s dtype; equal to
        ``torch.autograd.functional.jacobian(lambda a: torch.softmax(a, 0), a)``.

    Example:
        >>> softmax_jacobian(torch.tensor([0.0, 0.0]))
        tensor([[ 0.2500, -0.2500],
                [-0.2500,  0.2500]])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def grad_of(f, x: torch.Tensor) -> torch.Tensor:
    """The gradient of the scalar ``f(x)`` at ``x``, WITH autograd.

    梯度 / Gradients (lessons 34–40): ``torch.autograd.grad`` (or ``.backward()`` and ``.grad``).
    Leave the caller's ``x`` exactly as it was: its values, its ``requires_grad`` flag (``False``
    stays ``False``, ``True`` stays ``True``) and its ``.grad``. So do not call
    ``x.requires_grad_()`` on it; work on a new leaf, ``x.detach().requires_grad_()``
    (``x.clone()`` is not a leaf when ``x`` already requires grad, so its ``.grad`` stays
    ``None``).

    Args:
        f: a function of one tensor that returns a 0-dim tensor (e.g. ``lambda t: (t ** 3).sum()``).
        x: the point, any shape ``[...]``, floating.

    Returns:
        ``∂f/∂x`` at ``x``: ``[...]``, the same shape and dtype as ``x``.

    Example:
        >>> grad_of(lambda t: (t ** 3).sum(), torch.tensor([1.0, -2.0]))
        tensor([ 3., 12.])
    """
    # YOUR CODE HERE
    raise NotImplementedError()
