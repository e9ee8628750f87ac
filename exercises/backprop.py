"""感知器的梯度推导 / 链式法则 / 反向传播 — Perceptron gradients, the chain rule, backpropagation
(lessons 41–45).

Gradients by hand: no autograd in these functions (no ``.backward()``, no ``torch.autograd.grad``);
the grader records the calls your code makes. The two ``autograd.Function`` classes at the end
are where you teach autograd a backward of your own.

Notation: ``sigmoid(z) = 1 / (1 + exp(-z))`` and ``sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))``.
"""

import torch


def perceptron_grad(x: torch.Tensor, w: torch.Tensor, t) -> torch.Tensor:
    """dE/dw for a single-output perceptron.

    感知器的梯度推导 / Perceptron gradient (lesson 41):
    ``O = sigmoid(x · w)``, ``E = ½ (O − t)²``, so by the chain rule
    ``dE/dw = (O − t) · O · (1 − O) · x``.

    Args:
        x: input ``[d]``.
        w: weights ``[d]``.
        t: the target, a number or a 0-dim tensor.

    Returns:
        ``[d]``, x's dtype.

    Example:
        >>> perceptron_grad(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]), 1.0)
        tensor([-0.1250, -0.2500])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def multi_perceptron_grad(x: torch.Tensor, w: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """dE/dw for a perceptron with k outputs.

    多输出感知器的梯度 / Multi-output perceptron gradient (lesson 42):
    ``O = sigmoid(w @ x)`` (``[k]``), ``E = ½ Σ_k (O_k − t_k)²``, so
    ``dE/dw[k, j] = (O_k − t_k) · O_k · (1 − O_k) · x_j``.

    Args:
        x: input ``[d]``.
        w: weights ``[k, d]``.
        t: targets ``[k]``.

    Returns:
        ``[k, d]``, the shape of ``w``.

    Example:
        >>> multi_perceptron_grad(torch.ones(3), torch.zeros(2, 3), torch.tensor([1.0, 0.0])).shape
        torch.Size([2, 3])
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def mlp_loss_and_grads(x: torch.Tensor, y: torch.Tensor, params: dict):
    """The loss of a two-layer network and its gradients, by backpropagation.

    反向传播 / Backpropagation (lessons 43–45). With ``params`` = ``{"w1": [h, d], "b1": [h],
    "w2": [k, h], "b2": [k]}``:

        hid  = sigmoid(x @ w1.T + b1)        # [N, h]
        out  = hid @ w2.T + b2               # [N, k]
        loss = mean((out - y) ** 2)          # F.mse_loss: the mean over all N*k entries

    Work backwards: ``dloss/dout = 2 (out − y) / (N·k)``, then through the second layer, the
    sigmoid, and the first layer.

    Args:
        x: inputs ``[N, d]``.
        y: targets ``[N, k]``.
        params: the dict above (leave its tensors unchanged).

    Returns:
        ``(loss, grads)``: ``loss`` a 0-dim tensor (or a Python float), ``grads`` a dict with
        the keys of ``params``, each gradient the shape of its parameter.

    Example:
        >>> p = {"w1": torch.zeros(4, 3), "b1": torch.zeros(4), "w2": torch.zeros(2, 4), "b2": torch.zeros(2)}
        >>> loss, grads = mlp_loss_and_grads(torch.ones(5, 3), torch.ones(5, 2), p)
        >>> float(loss), grads["b2"]
        (1.0, tensor([-1., -1.]))
    """
    # YOUR CODE HERE
    raise NotImplementedError()


class LinearFunction(torch.autograd.Function):
    """``x @ w.T + b`` with a backward written by hand.

    链式法则 / The chain rule, as autograd uses it (lesson 44). ``forward(ctx, x, w, b)`` with
    ``x [N, in]``, ``w [out, in]``, ``b [out]`` returns ``[N, out]`` and saves what backward
    needs (``ctx.save_for_backward``). ``backward(ctx, grad_out)`` gets ``dL/d(result)``
    ``[N, out]`` and returns ``(dL/dx, dL/dw, dL/db)``; for an input that does not need a
    gradient (``ctx.needs_input_grad[i]`` is False) return None in its place. Write backward
    with differentiable tensor operations (no in-place changes of saved tensors), so that it can
    itself be differentiated: the grader checks second derivatives too (``gradgradcheck``).

    Example:
        >>> x, w, b = torch.randn(3, 4), torch.randn(2, 4, requires_grad=True), torch.randn(2)
        >>> LinearFunction.apply(x, w, b).sum().backward()
        >>> w.grad.shape
        torch.Size([2, 4])
    """

    @staticmethod
    def forward(ctx, x, w, b):
        # YOUR CODE HERE
        raise NotImplementedError()

    @staticmethod
    def backward(ctx, grad_out):
        # YOUR CODE HERE
        raise NotImplementedError()


class SigmoidFunction(torch.autograd.Function):
    """``sigmoid(x)`` elementwise, with a backward written by hand.

    激活函数的梯度 / The gradient of an activation (lessons 36, 44). ``forward(ctx, x)`` returns
    ``sigmoid(x)`` (any shape); ``backward(ctx, grad_out)`` returns
    ``grad_out * s * (1 − s)`` where ``s`` is the forward's result (save it: reusing the output
    is cheaper than recomputing it).

    Example:
        >>> x = torch.zeros(3, requires_grad=True)
        >>> SigmoidFunction.apply(x).sum().backward()
        >>> x.grad
        tensor([0.2500, 0.2500, 0.2500])
    """

    @staticmethod
    def forward(ctx, x):
        # YOUR CODE HERE
        raise NotImplementedError()

    @staticmethod
    def backward(ctx, grad_out):
        # YOUR CODE HERE
        raise NotImplementedError()
