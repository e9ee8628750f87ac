"""感知器的梯度推导 / 链式法则 / 反向传播 — Perceptron gradients, the chain rule, backpropagation
(lessons 41–45).
第41–45课「感知器的梯度推导」「链式法则」「反向传播」。

Gradients by hand: no autograd in these functions (no ``.backward()``, no ``torch.autograd.grad``);
the grader records the calls your code makes. The two ``autograd.Function`` classes at the end
are where you teach autograd a backward of your own.

手动求梯度：这些函数里不用 autograd（不用 ``.backward()``，也不用 ``torch.autograd.grad``）；评分
程序会记录你的代码做了哪些调用。最后的两个 ``autograd.Function`` 类，是你教 autograd 使用你自己写的
backward 的地方。

Notation: ``sigmoid(z) = 1 / (1 + exp(-z))`` and ``sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))``.
"""

import torch


def perceptron_grad(x: torch.Tensor, w: torch.Tensor, t) -> torch.Tensor:
    """dE/dw for a single-output perceptron.
    单输出感知机的 dE/dw。

    感知器的梯度推导 / Perceptron gradient (lesson 41):
    ``O = sigmoid(x · w)``, ``E = ½ (O − t)²``, so by the chain rule
    ``dE/dw = (O − t) · O · (1 − O) · x``.

    第41课「感知器的梯度推导」：``O = sigmoid(x · w)``，``E = ½ (O − t)²``，由链式法则得
    ``dE/dw = (O − t) · O · (1 − O) · x``。

    Args:
        x: input ``[d]``.
        w: weights ``[d]``.
        t: the target, a number or a 0-dim tensor. / 目标值，一个数或 0 维张量。

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
    有 k 个输出的感知机的 dE/dw。

    多输出感知器的梯度 / Multi-output perceptron gradient (lesson 42):
    ``O = sigmoid(w @ x)`` (``[k]``), ``E = ½ Σ_k (O_k − t_k)²``, so
    ``dE/dw[k, j] = (O_k − t_k) · O_k · (1 − O_k) · x_j``.

    第42课「多输出感知器的梯度」：``O = sigmoid(w @ x)``（``[k]``），``E = ½ Σ_k (O_k − t_k)²``，
    所以 ``dE/dw[k, j] = (O_k − t_k) · O_k · (1 − O_k) · x_j``。

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
    两层网络的损失及其梯度，用反向传播求得。

    反向传播 / Backpropagation (lessons 43–45). With ``params`` = ``{"w1": [h, d], "b1": [h],
    "w2": [k, h], "b2": [k]}``:
    第43–45课「反向传播」。``params`` 的各项形状如上，计算如下：

        hid  = sigmoid(x @ w1.T + b1)        # [N, h]
        out  = hid @ w2.T + b2               # [N, k]
        loss = mean((out - y) ** 2)          # F.mse_loss: the mean over all N*k entries

    Work backwards: ``dloss/dout = 2 (out − y) / (N·k)``, then through the second layer, the
    sigmoid, and the first layer.

    从后往前算：``dloss/dout = 2 (out − y) / (N·k)``，然后依次经过第二层、sigmoid 和第一层。

    Args:
        x: inputs ``[N, d]``.
        y: targets ``[N, k]``.
        params: the dict above (leave its tensors unchanged). / 上面的 dict（不要修改其中的张量）。

    Returns:
        ``(loss, grads)``: ``loss`` a 0-dim tensor (or a Python float), ``grads`` a dict with
        the keys of ``params``, each gradient the shape of its parameter.
        ``(loss, grads)``：``loss`` 是 0 维张量（或 Python float），``grads`` 是键与 ``params``
        相同的 dict，每个梯度的形状与对应的参数相同。

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
    ``x @ w.T + b``，其 backward 由你手写。

    链式法则 / The chain rule, as autograd uses it (lesson 44). ``forward(ctx, x, w, b)`` with
    ``x [N, in]``, ``w [out, in]``, ``b [out]`` returns ``[N, out]`` and saves what backward
    needs (``ctx.save_for_backward``). ``backward(ctx, grad_out)`` gets ``dL/d(result)``
    ``[N, out]`` and returns ``(dL/dx, dL/dw, dL/db)``; for an input that does not need a
    gradient (``ctx.needs_input_grad[i]`` is False) return None in its place. Write backward
    with differentiable tensor operations (no in-place changes of saved tensors), so that it can
    itself be differentiated: the grader checks second derivatives too (``gradgradcheck``).

    第44课「链式法则」，按 autograd 使用它的方式：``forward(ctx, x, w, b)`` 接收 ``x [N, in]``、
    ``w [out, in]``、``b [out]``，返回 ``[N, out]``，并保存 backward 需要的张量
    （``ctx.save_for_backward``）。``backward(ctx, grad_out)`` 接收 ``dL/d(result)`` ``[N, out]``，
    返回 ``(dL/dx, dL/dw, dL/db)``；不需要梯度的输入（``ctx.needs_input_grad[i]`` 为 False）在其
    位置返回 None。backward 要用可求导的张量运算来写（不要原地修改保存的张量），这样它本身也能被
    求导：评分程序也会检查二阶导数（``gradgradcheck``）。

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
    逐元素计算 ``sigmoid(x)``，其 backward 由你手写。

    激活函数的梯度 / The gradient of an activation (lessons 36, 44). ``forward(ctx, x)`` returns
    ``sigmoid(x)`` (any shape); ``backward(ctx, grad_out)`` returns
    ``grad_out * s * (1 − s)`` where ``s`` is the forward's result (save it: reusing the output
    is cheaper than recomputing it).

    第36课「激活函数的梯度」与第44课「链式法则」：``forward(ctx, x)`` 返回 ``sigmoid(x)``
    （任意形状）；``backward(ctx, grad_out)`` 返回 ``grad_out * s * (1 − s)``，其中 ``s`` 是
    forward 的结果（把它保存下来：重用输出比重新计算更省）。

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
